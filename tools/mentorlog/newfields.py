"""The fields `mentorlog new` offers, read from a record schema: flags, prompts, answers.

One source of truth: every top-level property of the kind's schema is a value to give. A
structured value never asks for JSON: an object's parts have flags of their own
(`contact.name` is `--contact-name`, `safety_report.reported_to` is `--safety-reported-to`)
and a list of objects is a repeated flag whose parts are joined by ':' (`--co-mentor
lee-park:1.5`). Which fields are required follows the schema's conditions too (`if`/`then`
in `allOf`), so an online session asks for its online type and a telephone one never does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .problems import MentorlogError
from .schemas import format_checker
from .validate import value_messages


@dataclass(frozen=True)
class FieldSpec:
    name: str
    schema: dict[str, Any]
    required: bool

    @property
    def title(self) -> str:
        return str(self.schema.get("title", self.name))

    @property
    def kind(self) -> str:
        """'object' (parts), 'records' (a list of objects), 'list' (of scalars) or the scalar
        type name ('string' when the schema names none, as an enum of mixed values)."""
        declared = self.schema.get("type")
        if declared == "array":
            return "records" if self.schema.get("items", {}).get("type") == "object" else "list"
        if declared == "object":
            return "object"
        return declared if isinstance(declared, str) else "string"

    @property
    def parts(self) -> list[FieldSpec]:
        """An object's properties (or a list's items' properties), in schema order."""
        holder = self.schema.get("items", {}) if self.kind == "records" else self.schema
        return specs_of(holder)

    @property
    def choices(self) -> list[Any]:
        found = self.schema.get("enum") or self.schema.get("items", {}).get("enum") or []
        return list(found)

    def convert(self, raw: str) -> Any:
        """A command-line or prompt answer as the value the schema expects."""
        raw = raw.strip()
        if self.kind == "list":
            return [part.strip() for part in raw.split(",") if part.strip()]
        for choice in self.choices:  # `--grade 4` is the grade 4, whatever its JSON type
            if str(choice) == raw:
                return choice
        try:
            return _CONVERTERS.get(self.kind, str)(raw)
        except ValueError:
            raise MentorlogError(f"{self.flag}: cannot read {self.kind} value"
                                 f"{example_hint(self)}") from None

    @property
    def flag(self) -> str:
        return f"--{self.name.replace('_', '-')}"


def parse_number(raw: str) -> int | float:
    """A typed number: a whole one as an int (`1.0` is written `1`); ValueError if none."""
    number = float(raw)
    return int(number) if number.is_integer() else number


def _boolean(raw: str) -> bool:
    if raw.lower() in ("true", "yes", "y"):
        return True
    if raw.lower() in ("false", "no", "n"):
        return False
    raise ValueError(raw)


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "number": parse_number, "integer": int, "boolean": _boolean}


def specs_of(schema: dict[str, Any]) -> list[FieldSpec]:
    """The top-level fields of an (inlined) object schema, in schema order."""
    required = set(schema.get("required", []))
    return [FieldSpec(name, sub, name in required)
            for name, sub in schema.get("properties", {}).items() if isinstance(sub, dict)]


def example_hint(spec: FieldSpec) -> str:
    """` (e.g. ...)` from the schema's first example, as it is typed; empty without one or
    for a yes/no question. Error messages and prompts both show it."""
    examples = spec.schema.get("examples")
    if not examples or spec.kind in ("boolean", "object", "records"):
        return ""
    first = examples[0]
    return f" (e.g. {', '.join(map(str, first)) if isinstance(first, list) else first})"


def prompt_text(spec: FieldSpec, default: Any = None, title: str | None = None) -> str:
    """What a terminal shows: the title, the choices or an example, the default Enter keeps."""
    if spec.kind == "boolean":
        hint = " [yes/no]"
    elif spec.choices:
        hint = f" [{', '.join(map(str, spec.choices))}]"
    else:
        hint = example_hint(spec)
    if default is not None:
        shown = ", ".join(map(str, default)) if isinstance(default, list) else str(default)
        hint += f" (Enter keeps: {shown})"
    return f"{title or spec.title}{hint}: "


@dataclass(frozen=True)
class Option:
    """One command-line flag of `new KIND`: `key` is a field, `field.part` or a list field."""
    flag: str
    key: str
    schema: dict[str, Any]
    repeat: bool = False
    metavar: str = "VALUE"


def options_of(specs: list[FieldSpec]) -> list[Option]:
    """The flags for these fields (notes excepted: `--note` writes the first one)."""
    options: list[Option] = []
    taken = {spec.flag for spec in specs}
    for spec in specs:
        if spec.name == "notes":
            continue
        if spec.kind == "object":
            options += [Option(_part_flag(spec, part, taken), f"{spec.name}.{part.name}",
                               part.schema) for part in spec.parts]
        elif spec.kind == "records":
            options.append(Option(_singular_flag(spec), spec.name, spec.schema, repeat=True,
                                  metavar=_joined_metavar(spec, taken)))
        else:
            options.append(Option(spec.flag, spec.name, spec.schema))
    return options


def _part_flag(spec: FieldSpec, part: FieldSpec, taken: set[str]) -> str:
    """`--contact-name`: the field's first word and the part; the full field name where the
    short flag would be a field of its own."""
    short = f"--{spec.name.split('_')[0]}-{part.name.replace('_', '-')}"
    return short if short not in taken else f"{spec.flag}-{part.name.replace('_', '-')}"


def _joined_metavar(spec: FieldSpec, taken: set[str]) -> str:
    """`MENTOR[:HOURS]`: a part the record also has may be left off (see part_values)."""
    first, *rest = [part.name for part in spec.parts]
    return first.upper() + "".join(f"[:{name.upper()}]" if f"--{name}" in taken
                                   else f":{name.upper()}" for name in rest)


def _singular_flag(spec: FieldSpec) -> str:
    return spec.flag.removesuffix("s")


def part_values(spec: FieldSpec, raw: str, record: dict[str, Any]) -> dict[str, Any]:
    """One `--co-mentor lee-park:1.5` as {mentor: lee-park, hours: 1.5}; a part left off takes
    the record's field of the same name (a co-mentor's hours default to the session's)."""
    parts = spec.parts
    given = raw.split(":", len(parts) - 1)
    item: dict[str, Any] = {}
    for part, text in zip(parts, given + [""] * (len(parts) - len(given)), strict=True):
        if text.strip():
            try:
                item[part.name] = part.convert(text)
            except MentorlogError:
                raise MentorlogError(f"{_singular_flag(spec)}: the {part.name} part is no "
                                     f"{part.kind}{example_hint(part)}") from None
        elif part.required and part.name in record:
            item[part.name] = record[part.name]
    return item


def answer_problems(spec: FieldSpec, value: Any) -> list[str]:
    """What is wrong with one answer on its own (format, range, choices): asked again."""
    return value_messages(spec.title, spec.schema, value)


def required_now(schema: dict[str, Any], data: dict[str, Any]) -> list[str]:
    """The fields required for `data`: the schema's `required` and those its conditions
    (`allOf` if/then/else) add for these values, in property order."""
    names = set(schema.get("required", []))
    for branch in _branches(schema, data):
        names.update(branch.get("required", []))
    return [name for name in schema.get("properties", {}) if name in names]


def forbidden_now(schema: dict[str, Any], data: dict[str, Any]) -> set[str]:
    """The fields a condition rules out for `data` (`online_type` of a telephone session)."""
    return {name for branch in _branches(schema, data)
            for name, sub in branch.get("properties", {}).items()
            if isinstance(sub, dict) and sub.get("not") == {}}


def _branches(schema: dict[str, Any], data: dict[str, Any]) -> list[dict[str, Any]]:
    from jsonschema import Draft202012Validator  # here: see schemas.CheckedValidator.full

    taken = []
    for part in schema.get("allOf", []):
        if isinstance(part, dict) and isinstance(part.get("if"), dict):
            holds = Draft202012Validator(part["if"], format_checker=format_checker()) \
                .is_valid(data)
            taken.append(part.get("then" if holds else "else") or {})
    return taken
