"""Stage 2, validate: one record against its JSON Schema.

jsonschema's own messages quote the instance (a note's text, if a mentor typed it in the wrong
place), so every message here is written from the schema and the path alone: the value a mentor
wrote is never repeated. A key is shown only when it is a field name of the program's schemas
(problems.quote decides).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Container, Iterable
from typing import TYPE_CHECKING, Any

from .problems import NOTHING, Problem, error, may_quote, quote
from .schemas import SchemaSet, format_checker
from .yamlload import Document, Path_

if TYPE_CHECKING:  # imported where used: see schemas.CheckedValidator.full
    from jsonschema import ValidationError

_TYPE_NAMES = {
    "string": "text", "number": "a number", "integer": "a whole number",
    "boolean": "true or false", "array": "a list", "object": "a mapping (key: value lines)",
    "null": "empty",
}


def schema_problems(rel: str, doc: Document, schemas: SchemaSet, uri: str) -> list[Problem]:
    """Problems of one loaded record against the schema at `uri`, in file order."""
    validator = schemas.validator(uri)
    if not (doc.non_finite or doc.commented) and validator.passes(doc.data):
        return []  # most records: answered by the fast gate alone (60,000 a cold run)
    fields = schemas.field_names()
    problems = _non_finite_numbers(rel, doc, fields)
    if problems:  # JSON Schema has no NaN or infinity, and jsonschema crashes on them
        return problems
    problems = [p for err in validator.iter_errors(doc.data)
                for p in _to_problems(rel, doc, err, fields)]
    problems += _comment_problems(rel, doc, schemas, uri)
    return sorted(set(problems), key=lambda p: (p.line, p.column, p.code, p.message))


def value_messages(label: str, schema: dict[str, Any], value: Any) -> list[str]:
    """Messages for one value against its own inlined schema (`new` asks again for an answer
    that has one), written like the record's: from the schema, never from the value."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema, format_checker=format_checker())
    return list(dict.fromkeys(  # a format and its pattern may both say the same
        _message(err, label, err.schema.get("errorMessage") if isinstance(err.schema, dict)
                 else None) for err in validator.iter_errors(value)))


def _non_finite_numbers(rel: str, doc: Document, fields: Container[str]) -> list[Problem]:
    return [error(rel, at.line, at.column, "schema",
                  f"`{field_label(path, fields)}` must be a finite number")
            for path in doc.non_finite if (at := doc.position(path))]


def field_label(path: Iterable[str | int], fields: Container[str] = NOTHING) -> str:
    """`notes[2].text`: list positions from 1, and a key only when it is in `fields` (the
    schemas' field names: see SchemaSet.field_names); every other key reads `(field)`."""
    label = ""
    for step in path:
        if isinstance(step, int):
            label += f"[{step + 1}]"  # people count items from 1
        else:
            shown = step if may_quote(step, fields) else "(field)"
            label += f".{shown}" if label else shown
    return label or "the record"


def _to_problems(rel: str, doc: Document, err: ValidationError,
                 fields: Container[str]) -> list[Problem]:
    path: Path_ = tuple(err.absolute_path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    custom = schema.get("errorMessage")
    if err.validator == "required":
        return _missing(rel, doc, err, path, custom, fields)
    if err.validator in ("additionalProperties", "unevaluatedProperties"):
        return _unknown_fields(rel, doc, err, path)
    at = doc.position(path, key=err.validator in ("not", "false"))
    message = _message(err, field_label(path, fields), custom)
    return [error(rel, at.line, at.column, "schema", message)]


def _missing(rel: str, doc: Document, err: ValidationError, path: Path_,
             custom: str | None, fields: Container[str]) -> list[Problem]:
    at = doc.position(path)
    required = err.validator_value if isinstance(err.validator_value, list) else []
    missing = [k for k in required if isinstance(err.instance, dict) and k not in err.instance]
    where = "" if not path else f" in {field_label(path, fields)}"
    return [error(rel, at.line, at.column, "schema-required",
                  custom if custom and not custom.startswith("must")
                  else f"missing required field `{name}`{where}") for name in missing]


def _unknown_fields(rel: str, doc: Document, err: ValidationError, path: Path_) -> list[Problem]:
    known = list(err.schema.get("properties", {})) if isinstance(err.schema, dict) else []
    instance = err.instance if isinstance(err.instance, dict) else {}
    problems = []
    for key in instance:
        if key in known:
            continue
        at = doc.position((*path, key), key=True)
        # the key itself is never shown: it may be words a mentor wrote (`Sam-was-hurt: 1`);
        # the closest field name (from the schema) is
        hint = difflib.get_close_matches(key, known, n=1)
        shown = quote(key, NOTHING)
        message = (f"unknown field {shown}; did you mean `{hint[0]}`?" if hint
                   else f"unknown field {shown}; known fields: {', '.join(known)}")
        problems.append(error(rel, at.line, at.column, "schema-unknown-field", message))
    return problems


def _message(err: ValidationError, label: str, custom: str | None) -> str:
    field = f"`{label}`"
    if custom:
        return f"{field} {custom}" if custom.startswith("must") else custom
    value: Any = err.validator_value
    simple: dict[str, Callable[[], str]] = {
        "enum": lambda: "must be one of: " + ", ".join(str(v) for v in value),
        "const": lambda: f"must be {value}",
        "type": lambda: "must be " + " or ".join(_TYPE_NAMES.get(t, t) for t in _as_list(value))
        + f", not {_kind_of(err.instance)}",
        "minimum": lambda: f"must be at least {value}",
        "maximum": lambda: f"must be at most {value}",
        "exclusiveMinimum": lambda: f"must be more than {value}",
        "exclusiveMaximum": lambda: f"must be less than {value}",
        "multipleOf": lambda: f"must be a multiple of {value}",
        "minItems": lambda: f"must have at least {value} item{'s' if value != 1 else ''}",
        "maxItems": lambda: f"must have at most {value} items",
        "uniqueItems": lambda: "must not list the same item twice",
        "minLength": lambda: "must not be empty" if value == 1 else f"needs {value}+ characters",
        "maxLength": lambda: f"must be at most {value} characters",
        "format": lambda: f"must be a valid {value}",
        "pattern": lambda: "does not have the expected form" + _example(err.schema),
        "not": lambda: "is not allowed here",
        "false": lambda: "is not allowed here",
    }
    describe = simple.get(str(err.validator))
    return f"{field} {describe() if describe else 'does not match the schema'}"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _kind_of(instance: Any) -> str:
    for python_type, name in ((bool, "true/false"), (int, "a number"), (float, "a number"),
                              (str, "text"), (list, "a list"), (dict, "a mapping")):
        if isinstance(instance, python_type):
            return name
    return "empty" if instance is None else type(instance).__name__


def _example(schema: Any) -> str:
    examples = schema.get("examples") if isinstance(schema, dict) else None
    return f" (e.g. {examples[0]})" if examples else ""


def _comment_problems(rel: str, doc: Document, schemas: SchemaSet, uri: str) -> list[Problem]:
    problems, fields = [], schemas.field_names()
    for path in doc.commented:
        if schemas.is_free_text(uri, path):
            at = doc.position(path)
            problems.append(error(
                rel, at.line, at.column, "yaml-comment-cuts-text",
                f"`{field_label(path, fields)}`: YAML cuts unquoted text at ' #' (the rest is a "
                "comment);"
                " put the text in quotes or write `key: |` and the text on the next lines"))
    return problems
