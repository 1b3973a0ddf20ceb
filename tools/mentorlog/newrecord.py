"""`mentorlog new`: a new record, checked like any other before a byte is written.

The fields come from the program's own schema (one source of truth): each top-level property
is a value to give; required ones without a value are asked for. Sessions are pre-filled from
their request (mentor) and from the request's latest session (how it is usually held).
The record is written only when it has no problem at all, never over an existing file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .dates import parse_date
from .deadlines import has_visible_words, passed_deadline
from .fileio import write_new
from .index import RecordIndex, text
from .problems import MentorlogError, Problem
from .program import Loaded, Program, load_program
from .records import ID_PATTERN, Record, record_path
from .rules import RuleContext, run_rules
from .validate import schema_problems
from .yamlload import load_bytes
from .yamlwrite import dump_record

# how a session is usually held: copied from the request's latest session as a default
SESSION_HABITS = ("mentoring_type", "online_type", "language", "type", "interaction", "location")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    schema: dict[str, Any]
    required: bool

    @property
    def kind(self) -> str:
        """scalar type name, 'list' (of scalars) or 'json' (objects, lists of objects)."""
        declared = self.schema.get("type")
        if declared == "array":
            items = self.schema.get("items", {})
            return "json" if items.get("type") == "object" else "list"
        if declared == "object":
            return "json"
        return declared if isinstance(declared, str) else "string"

    def convert(self, raw: str) -> Any:
        """A command-line or prompt answer as the value the schema expects."""
        try:
            return _CONVERTERS.get(self.kind, str)(raw.strip())
        except (ValueError, RecursionError):  # json.loads recurses: '[[[[...' runs out of stack
            raise MentorlogError(f"--{self.name.replace('_', '-')}: cannot read {self.kind} "
                                 f"value{example_hint(self)}") from None


def _number(raw: str) -> int | float:
    number = float(raw)
    return int(number) if number.is_integer() else number


def _boolean(raw: str) -> bool:
    if raw.lower() in ("true", "yes", "y"):
        return True
    if raw.lower() in ("false", "no", "n"):
        return False
    raise ValueError(raw)


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "number": _number, "integer": int, "boolean": _boolean, "json": json.loads,
    "list": lambda raw: [part.strip() for part in raw.split(",") if part.strip()],
}


def example_hint(spec: FieldSpec) -> str:
    """` (e.g. ...)` from the schema's first example, as it is typed (JSON for objects and
    lists of objects); empty without one. Error messages and prompts both show it."""
    examples = spec.schema.get("examples")
    return f" (e.g. {json.dumps(examples[0]) if spec.kind == 'json' else examples[0]})" \
        if examples else ""


def field_specs(program: Program, kind: str) -> list[FieldSpec]:
    schema = program.schemas.inlined(program.schema_uri(kind))
    required = set(schema.get("required", []))
    return [FieldSpec(name, sub, name in required)
            for name, sub in schema.get("properties", {}).items() if isinstance(sub, dict)]


Ask = Callable[[FieldSpec, Any], str | None]


@dataclass(frozen=True)
class NewRecord:
    record: Record
    text: str
    problems: list[Problem]


def plan_record(program: Program, kind: str, given: dict[str, str], ask: Ask | None,
                now: datetime | None = None) -> NewRecord:
    """Build (and check) the record `kind` from given values, asking for missing ones."""
    loaded = load_program(program, schema_targets=set())
    index = loaded.index
    now = now or datetime.now(program.settings.tz)
    specs = field_specs(program, kind)
    unknown = set(given) - {s.name for s in specs} - {"note", "id"}
    if unknown:
        raise MentorlogError(f"no field {', '.join(sorted(unknown))} in {kind} records")
    data = _collect(specs, given, _defaults(kind, given, index), ask)
    if kind == "session":
        _ask_late_reason(program, specs, data, now, ask)
        note = given.get("note") or _ask_note(ask)
        if note:
            data["notes"] = [{"by": index.mentor_of(data) or "",
                              "at": now.strftime("%Y-%m-%dT%H:%M"), "text": note}]
    record_id = given.get("id") or _new_id(kind, data, index)
    return _checked(program, kind, record_id, data, loaded.records)


NOTE_SPEC = FieldSpec("note", {"type": "string", "title": "Note (what happened; Enter to skip)",
                                "examples": ["Reviewed the cash-flow worksheet."]}, False)


def _ask_note(ask: Ask | None) -> str | None:
    """In a terminal, the first note too: youth sessions need one, business ones want one."""
    return ask(NOTE_SPEC, None) if ask is not None else None


def _ask_late_reason(program: Program, specs: list[FieldSpec], data: dict[str, Any],
                     now: datetime, ask: Ask | None) -> None:
    """A late session needs its reason now, not a failed pull request later."""
    settings = program.settings
    if has_visible_words(data.get("late_reason")) or settings.late != "require_reason":
        return
    due = passed_deadline(parse_date(data.get("date")), settings, now)
    if due is None:
        return
    spec = next(s for s in specs if s.name == "late_reason")
    answer = ask(spec, None) if ask is not None else None
    if not has_visible_words(answer):  # the same test as `check`: spaces or U+200B say nothing
        raise MentorlogError(f"this session is entered after its deadline "
                             f"({due}): give --late-reason in words (letters or digits)")
    data["late_reason"] = spec.convert(answer)


def _defaults(kind: str, given: dict[str, str], index: RecordIndex) -> dict[str, Any]:
    if kind != "session" or "request" not in given:
        return {}
    earlier = sorted(index.sessions_by_request.get(given["request"], []),
                     key=lambda r: (text(r.data, "date") or "", r.path))
    latest = earlier[-1].data if earlier else {}
    return {k: latest[k] for k in SESSION_HABITS if k in latest}


def _collect(specs: list[FieldSpec], given: dict[str, str], defaults: dict[str, Any],
             ask: Ask | None) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for spec in specs:
        if spec.name in given:
            data[spec.name] = spec.convert(given[spec.name])
        elif spec.name in defaults:
            data[spec.name] = defaults[spec.name]
        elif spec.required and ask is not None and spec.name != "notes":
            answer = ask(spec, None)
            if answer:
                data[spec.name] = spec.convert(answer)
    return data


def _slug(value: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")[:56] or "record"


def _new_id(kind: str, data: dict[str, Any], index: RecordIndex) -> str:
    if kind == "session":
        base = f"{data.get('date', 'session')}-{data.get('request', '')}"
    elif kind == "request":
        base = f"{data.get('client', 'request')}-{str(data.get('opened', ''))[:4]}"
    else:
        base = str(data.get("name", kind))
    base = _slug(base)
    taken = index.by_kind[kind]
    candidates = [base] + [f"{base}-{n}" for n in range(2, 1000)]
    return next(c for c in candidates if c not in taken)


def _checked(program: Program, kind: str, record_id: str, data: dict[str, Any],
             others: list[Record]) -> NewRecord:
    if not ID_PATTERN.match(record_id):
        raise MentorlogError(f"id {record_id!r}: a-z, 0-9 and '-', 2 to 64 characters")
    rel = record_path(kind, record_id, str(data.get("date", "")))
    text_ = dump_record(data, header=_schema_line(program, kind, rel))
    record = Record(rel, kind, record_id)
    record.doc, problems = load_bytes(text_.encode("utf-8"), rel)
    if record.doc is not None:
        problems += schema_problems(rel, record.doc, program.schemas, program.schema_uri(kind))
        context = RuleContext(RecordIndex.build([*others, record]), program.settings,
                              program.repo.records, program.today(), frozenset({rel}))
        problems += [p for p in run_rules(context) if p.path == rel]
    return NewRecord(record, text_, sorted(set(problems)))


def _schema_line(program: Program, kind: str, rel: str) -> str:
    """The editor hint: yaml-language-server validates and explains fields as you type."""
    schema_file = Path(program.schemas.display[program.schema_uri(kind)])
    if not schema_file.is_absolute():  # the repo's own schema/: relative, works in any clone
        depth = rel.count("/")
        target = "../" * depth + schema_file.as_posix()
    else:
        target = schema_file.as_uri()
    return f"# yaml-language-server: $schema={target}\n"


def write_record(program: Program, new: NewRecord) -> Path:
    if new.problems:
        raise MentorlogError("the new record has problems; nothing was written")
    path = program.repo.root / new.record.path
    write_new(path, new.text)
    return path


def check_data(program: Program, kind: str, data: dict[str, Any], loaded: Loaded) -> NewRecord:
    """A record from values already read (an issue form's answers, see fromissue): its id
    made and the record checked exactly as `plan_record` does, among `loaded`'s records."""
    return _checked(program, kind, _new_id(kind, data, loaded.index), data, loaded.records)
