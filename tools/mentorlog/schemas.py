"""The JSON Schemas: found, checked against the 2020-12 metaschema, and compiled once.

A program repository's own `schema/` wins; without one, the schemas bundled in the package
(the same files, copied into the wheel) are used. A schema that is not valid JSON, not a valid
JSON Schema, or has a `$ref` that does not resolve stops every command (MentorlogError, exit 2).
References resolve only among these files: nothing is ever fetched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin
from zoneinfo import available_timezones

import jsonschema_rs
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from .fileio import content_digest
from .problems import MentorlogError

if TYPE_CHECKING:  # jsonschema itself is imported where it is used: see CheckedValidator.full
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import ValidationError

BASE_URI = "https://mentorlog.invalid/schema/"
KINDS = {"business": ("mentor", "client", "request", "session"),
         "youth": ("mentor", "client", "site", "request", "session")}
# compiled once: the fast gate calls these from Rust for every date of every record
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_DATETIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$"
)


def bundled_schema_dir() -> Path:
    """The schemas shipped with the package (wheel), or schema/ beside the source (checkout)."""
    here = Path(__file__).resolve().parent
    packaged = here / "schemas"
    return packaged if packaged.is_dir() else here.parent.parent / "schema"


def schema_dir_for(repo_root: Path) -> Path:
    own = repo_root / "schema"
    return own if own.is_dir() else bundled_schema_dir()


# --- format checks: our own, so results never depend on optional packages (fail closed) ---

def is_real_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return True  # the pattern keyword reports the shape
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_local_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    found = _DATETIME.match(value)
    return found is not None and is_real_date(found.group(1))


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_timezone(value: object) -> bool:
    return not isinstance(value, str) or value in _timezones()


def is_email(value: object) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.fullmatch(value))


FORMAT_CHECKS = {"date": is_real_date, "local-date-time": is_local_datetime,
           "iana-timezone": is_timezone, "email": is_email}


def format_checker() -> FormatChecker:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in FORMAT_CHECKS.items():
        checker.checks(name)(check)
    return checker


# --- validators ---

@dataclass(frozen=True)
class CheckedValidator:
    """jsonschema, the reference and the source of every message, behind a fast gate.

    jsonschema-rs (a dependency) is compiled from the same inlined schema with the same format
    functions and answers "valid?" ~50x faster; only the records it rejects are walked by
    jsonschema for their errors. Its checks are a superset (it also knows standard formats),
    so the gate can only send more records to jsonschema, never hide an error; a test proves
    both agree on every test case. `fast` is None only for a schema jsonschema-rs cannot
    compile (see _fast_validator) or when a test asks for the reference alone.
    """

    schema: dict[str, Any]  # inlined
    fast: jsonschema_rs.Validator | None = None

    @classmethod
    def for_schema(cls, schema: dict[str, Any], accelerate: bool = True) -> CheckedValidator:
        return cls(schema, _fast_validator(schema) if accelerate else None)

    @cached_property
    def full(self) -> Draft202012Validator:
        """jsonschema's validator, made (and jsonschema imported) for the first record the gate
        rejects: importing it cost about 40 ms of every command, the pre-commit hook's too."""
        from jsonschema import Draft202012Validator

        return Draft202012Validator(self.schema, format_checker=format_checker())

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        if self.passes(instance):
            return iter(())
        return self.full.iter_errors(instance)

    def passes(self, instance: Any) -> bool:
        """Whether the fast gate says `instance` is valid (False: ask `iter_errors`)."""
        try:
            return self.fast is not None and self.fast.is_valid(instance)
        except (ValueError, TypeError, OverflowError):
            return False  # e.g. NaN, which JSON cannot carry: let jsonschema judge


def _fast_validator(schema: dict[str, Any]) -> jsonschema_rs.Validator | None:
    try:
        return jsonschema_rs.Draft202012Validator(schema, formats=FORMAT_CHECKS,
                                                  validate_formats=True)
    except ValueError:
        # a pattern Python's `re` (the reference) accepts but Rust's regex does not, e.g.
        # `\Z`: the schema is valid, so validate without the gate
        return None


# --- the schema set ---

@dataclass(frozen=True)
class SchemaSet:
    directory: Path
    registry: Registry[Any]
    display: dict[str, str]  # uri -> path shown to users
    _inlined: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)
    _compiled: dict[str, CheckedValidator] = field(default_factory=dict, compare=False)
    _field_names: list[frozenset[str]] = field(default_factory=list, compare=False)

    @classmethod
    def load(cls, directory: Path, display_root: Path | None = None) -> SchemaSet:
        resources: dict[str, Resource[Any]] = {}
        display: dict[str, str] = {}
        for file in sorted(directory.rglob("*.schema.json")):
            rel = file.relative_to(directory).as_posix()
            shown = _shown_path(file, display_root)
            contents = _read_schema(file, shown)
            uri = BASE_URI + rel
            resources[uri] = Resource.from_contents(
                {**contents, "$id": uri}, default_specification=DRAFT202012)
            display[uri] = shown
        registry: Registry[Any] = Registry().with_resources(resources.items())
        schema_set = cls(directory, registry, display)
        schema_set.check_all()
        return schema_set

    def uri_for(self, kind: str, profile: str = "") -> str:
        """The schema for `kind`: the profile's own file first, then the shared one."""
        candidates = [f"{kind}.schema.json"]
        if profile:
            candidates.insert(0, f"{profile}/{kind}.schema.json")
        for rel in candidates:
            if BASE_URI + rel in self.display:
                return BASE_URI + rel
        raise MentorlogError(
            f"{self.directory}: no schema for {kind} records ({profile}/{kind}.schema.json)")

    def with_keywords(self, uri: str, prop: str, keywords: dict[str, Any]) -> SchemaSet:
        """A copy in which property `prop` of the schema at `uri` also has `keywords`.

        This is how settings become part of the schema (the program's languages as an enum):
        jsonschema, the jsonschema-rs gate, `new`'s prompts and the site's field reference
        then all read the one effective schema, and a message names the field from it.
        The copy compiles afresh; nothing is cached across settings.
        """
        contents = self.schema(uri)
        properties = contents.get("properties", {})
        if not isinstance(properties.get(prop), dict):
            return self  # a program's own schema without the field: nothing to narrow
        patched = {**contents, "properties": {**properties, prop: {**properties[prop],
                                                                   **keywords}}}
        resource = Resource.from_contents(patched, default_specification=DRAFT202012)
        return SchemaSet(self.directory, self.registry.with_resource(uri, resource),
                         self.display)

    def field_names(self) -> frozenset[str]:
        """Every property name any schema of the set declares: the keys a message may name
        (problems.quote). Computed once per schema set."""
        if not self._field_names:
            self._field_names.append(frozenset().union(
                *(property_names(self.inlined(uri)) for uri in self.display)))
        return self._field_names[0]

    def schema(self, uri: str) -> Any:
        """The schema at `uri` as written (with its $refs)."""
        return self.registry.contents(uri)

    def inlined(self, uri: str) -> dict[str, Any]:
        """The schema at `uri` with every $ref replaced by its target: self-contained.

        Validating against it needs no reference lookups (the largest cost in profiles) and
        `subschemas_at` walks plain nested dicts.
        """
        if uri not in self._inlined:
            self._inlined[uri] = self._inline(self.schema(uri), uri, depth=0)
        return self._inlined[uri]

    def validator(self, uri: str) -> CheckedValidator:
        """The compiled validator for `uri`, built once per schema set."""
        if uri not in self._compiled:
            self._compiled[uri] = CheckedValidator.for_schema(self.inlined(uri))
        return self._compiled[uri]

    def check_all(self) -> None:
        """Inline every schema now, so a dangling or cyclic $ref stops the run (exit 2)."""
        for uri in self.display:
            self.inlined(uri)

    def _inline(self, node: Any, base: str, depth: int) -> Any:
        if isinstance(node, list):
            return [self._inline(item, base, depth) for item in node]
        if not isinstance(node, dict):
            return node
        out = {k: v if k in _DATA_KEYWORDS else self._inline(v, base, depth)
               for k, v in node.items() if k != "$ref"}
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return out
        target = self._inline(self._resolve(ref, base, depth), urljoin(base, ref).partition("#")[0]
                              or base, depth + 1)
        if isinstance(target, dict) and not (target.keys() & out.keys()) - _ANNOTATIONS:
            return {**target, **out}  # the $ref's siblings (title, description...) win
        return {**out, "allOf": [*out.get("allOf", []), target]}

    def _resolve(self, ref: str, base: str, depth: int) -> Any:
        shown = self.display.get(base, base)
        if depth > _MAX_REF_DEPTH:
            raise MentorlogError(f"{shown}: $ref {ref!r} is recursive; schemas here may not be")
        try:
            return self.registry.resolver(base_uri=base).lookup(ref).contents
        except Unresolvable:
            raise MentorlogError(
                f"{shown}: $ref {ref!r} does not resolve "
                "(references may point only at files in the same schema folder)") from None

    def subschemas_at(self, uri: str, path: tuple[str | int, ...]) -> list[dict[str, Any]]:
        """Every subschema that can apply at `path` (through allOf and if/then/else)."""
        current = list(_expand(self.inlined(uri)))
        for step in path:
            children = [_child_schema(schema, step) for schema in current]
            current = [s for child in children if isinstance(child, dict) for s in _expand(child)]
        return current

    def is_free_text(self, uri: str, path: tuple[str | int, ...]) -> bool:
        """A string the author writes freely: no enum, const, pattern or format constrains it."""
        schemas = self.subschemas_at(uri, path)
        constrained = {"enum", "const", "pattern", "format"}
        return any(s.get("type") == "string" for s in schemas) and not any(
            constrained & s.keys() for s in schemas)


_MAX_REF_DEPTH = 20
_DATA_KEYWORDS = frozenset({"examples", "enum", "const", "default"})  # values, not schemas
_ANNOTATIONS = frozenset({"title", "description", "examples", "default", "$comment",
                          "errorMessage"})


def enum_values(schema: Any) -> frozenset[str]:
    """Every string an `enum` of `schema` allows, at any depth: the words a public figure
    may show (the effective schema's language enum is the program's list, plus "other")."""
    if isinstance(schema, list):
        return frozenset().union(*(enum_values(item) for item in schema))
    if not isinstance(schema, dict):
        return frozenset()
    own = frozenset(v for v in schema.get("enum", []) if isinstance(v, str))
    return own.union(*(enum_values(v) for k, v in schema.items() if k not in _DATA_KEYWORDS))


def property_names(schema: Any) -> frozenset[str]:
    """Every name under a `properties` of `schema`, at any depth: the record's field names."""
    if isinstance(schema, list):
        return frozenset().union(*(property_names(item) for item in schema))
    if not isinstance(schema, dict):
        return frozenset()
    properties = schema.get("properties")
    own = frozenset(properties) if isinstance(properties, dict) else frozenset()
    return own.union(*(property_names(v) for k, v in schema.items() if k not in _DATA_KEYWORDS))


def _expand(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield schema
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key, []):
            if isinstance(sub, dict):
                yield from _expand(sub)
    for key in ("then", "else"):
        if isinstance(schema.get(key), dict):
            yield from _expand(schema[key])


def _child_schema(schema: dict[str, Any], step: str | int) -> Any:
    if isinstance(step, int):
        return schema.get("items")
    return schema.get("properties", {}).get(step)


def _shown_path(file: Path, display_root: Path | None) -> str:
    if display_root is not None and file.is_relative_to(display_root):
        return file.relative_to(display_root).as_posix()
    return str(file)


def _read_schema(file: Path, shown: str) -> dict[str, Any]:
    try:
        text = file.read_text(encoding="utf-8")
        contents = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise MentorlogError(f"{shown}: cannot read schema: {exc}") from None
    except json.JSONDecodeError as exc:
        raise MentorlogError(
            f"{shown}:{exc.lineno}:{exc.colno}: schema is not valid JSON: {exc.msg}") from None
    if not isinstance(contents, dict):
        raise MentorlogError(f"{shown}: a schema must be a JSON object")
    problem = _metaschema_problem(text)
    if problem:
        raise MentorlogError(f"{shown}: not a valid JSON Schema (2020-12) at {problem}")
    return contents


# The content_digest of each schema file mentorlog ships, which tests/test_schemas.py proves
# against the metaschema (and fails, printing the new set, when a file changes). Most programs
# use these texts (bundled, or copied by `init`), and proving them again cost 0.1 s of every
# command: a pre-commit run on one file takes about 1 s at 50,000 sessions.
PROVEN_TEXTS = frozenset({
    "430da2c0e34311f4f0a7600b1a88c8f6",  # business/client
    "80eba92535277f7f454e4021cb6a7742",  # business/request
    "6cf9eb8cda2a5522472e2f88f14d1371",  # business/session
    "23643189b5d5d03a2f55e00b28e7654f",  # common
    "e5d2fd75add04f7e311bb4cc19f4598f",  # mentor
    "362e1d2fe0aa91a2a6b381ba3124f637",  # mentorlog
    "7231a257b0ad56194fc37ea62827d2e9",  # youth/client
    "886e9fd467c8b7d7c0f71933c060f0fe",  # youth/request
    "f298dea241b62ffd1b1f5ed6d6717de3",  # youth/session
    "7531fa37391f6fdc58fa53f26fb1db41",  # youth/site
})


@cache
def _metaschema_problem(text: str) -> str | None:
    """Where and why one schema file's text is not valid against the 2020-12 metaschema, or
    None when it is.

    Valid or not is a property of the text alone: the texts mentorlog ships are proven by its
    tests (PROVEN_TEXTS), and a process that opens programs again (serve regenerating, `new`
    reading the bundled schemas too, a library user, the test suite) checks each other text
    once."""
    if content_digest(text.encode("utf-8")) in PROVEN_TEXTS:
        return None
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(json.loads(text))
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        return f"{where}: {exc.message}"
    return None
