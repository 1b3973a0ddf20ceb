"""`mentorlog new`: a new record, checked like any other before a byte is written.

The fields come from the program's own schema (one source of truth): each top-level property
is a value to give (`newfields` reads them); required ones without a value are asked for in a
terminal and are a usage error without one. Only the request decides who (a session's mentor
is the request's); how the request's latest session was held is offered as a default a mentor
confirms at the prompt, never copied silently.
The record is written only when it has no problem at all, never over an existing file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from .dates import parse_date
from .deadlines import has_visible_words, passed_deadline
from .fileio import write_new
from .index import RecordIndex, text
from .newfields import (
    FieldSpec,
    answer_problems,
    forbidden_now,
    options_of,
    part_values,
    prompt_text,
    required_now,
    specs_of,
)
from .problems import MentorlogError, Problem
from .program import Loaded, Program, load_program
from .records import ID_PATTERN, Record, record_path
from .rules import RuleContext, run_rules
from .validate import schema_problems
from .yamlload import load_bytes
from .yamlwrite import dump_record

# How a session is usually held: the request's latest session offers these as defaults a
# mentor confirms in a terminal; never copied without one (only the request decides who).
SESSION_HABITS = ("mentoring_type", "online_type", "location", "language", "topics", "type",
                  "interaction")
HELD_HOW = ("mentoring_type", "online_type", "type", "interaction")  # decide where, too
TRIES = 3  # a bad answer is asked again, this many times in all


def field_specs(program: Program, kind: str) -> list[FieldSpec]:
    return specs_of(program.schemas.inlined(program.schema_uri(kind)))


Ask = Callable[[str], str]  # shows a prompt, returns the answer typed (input())


@dataclass(frozen=True)
class NewRecord:
    record: Record
    text: str
    problems: list[Problem]


def plan_record(program: Program, kind: str, given: dict[str, Any], ask: Ask | None,
                now: datetime | None = None) -> NewRecord:
    """Build (and check) the record `kind` from given values (option key -> text, a list of
    texts for a repeated flag), asking in a terminal for what is missing."""
    loaded = load_program(program, schema_targets=set())
    index = loaded.index
    now = now or datetime.now(program.settings.tz)
    schema = program.schemas.inlined(program.schema_uri(kind))
    specs = specs_of(schema)
    _refuse_unknown(kind, specs, given)
    habits = partial(_habits, kind, index)  # asked once the request is known (maybe asked)
    data = _Form(specs, schema, ask, habits).fill(given)
    if kind == "session":
        _ask_late_reason(program, specs, data, now, ask)
        note = given.get("note") or _ask_note(ask, "notes" in required_now(schema, data))
        if note:
            data["notes"] = [{"by": index.mentor_of(data) or "",
                              "at": now.strftime("%Y-%m-%dT%H:%M"), "text": note}]
    _refuse_missing(specs, schema, data)
    record_id = given.get("id") or _new_id(kind, data, index)
    return _checked(program, kind, record_id, data, loaded.records)


def _refuse_unknown(kind: str, specs: list[FieldSpec], given: dict[str, Any]) -> None:
    unknown = set(given) - {o.key for o in options_of(specs)} - {"note", "id"}
    if unknown:
        raise MentorlogError(f"no field {', '.join(sorted(unknown))} in {kind} records")


def _refuse_missing(specs: list[FieldSpec], schema: dict[str, Any],
                    data: dict[str, Any]) -> None:
    """A required field nobody gave is a usage error naming its flags, not a guess."""
    flags = {o.key: o.flag for o in options_of(specs)} | {"notes": "--note"}
    required = set(required_now(schema, data))
    missing = []
    for spec in specs:
        if spec.kind == "object" and (spec.name in required or spec.name in data):
            given = data.get(spec.name, {})
            missing += [flags[f"{spec.name}.{part.name}"] for part in spec.parts
                        if part.required and part.name not in given]
        elif spec.name in required and spec.name not in data and spec.name in flags:
            missing.append(flags[spec.name])
    if missing:
        raise MentorlogError(f"missing: {', '.join(missing)}; give them as options, or "
                             "answer their prompts in a terminal")


NOTE_TITLE = {True: "Note (what happened)", False: "Note (what happened; Enter to skip)"}
NOTE_SPEC = FieldSpec("note", {"type": "string"}, False)


def _ask_note(ask: Ask | None, required: bool) -> str | None:
    """In a terminal, the first note too: youth sessions need one, business ones want one."""
    if ask is None:
        return None
    return ask(prompt_text(NOTE_SPEC, title=NOTE_TITLE[required])).strip() or None


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
    answer = ask(prompt_text(spec)) if ask is not None else None
    if not has_visible_words(answer):  # the same test as `check`: spaces or U+200B say nothing
        raise MentorlogError(f"this session is entered after its deadline "
                             f"({due}): give --late-reason in words (letters or digits)")
    data["late_reason"] = spec.convert(answer or "")


def _habits(kind: str, index: RecordIndex, data: dict[str, Any]) -> dict[str, Any]:
    """How the request's latest session was held: defaults to confirm, never to copy."""
    if kind != "session" or not isinstance(data.get("request"), str):
        return {}
    earlier = sorted(index.sessions_by_request.get(data["request"], []),
                     key=lambda r: (text(r.data, "date") or "", r.path))
    latest = earlier[-1].data if earlier else {}
    return {k: latest[k] for k in SESSION_HABITS if k in latest}


class _Form:
    """The values of one new record: the flags given, then (in a terminal) the answers to
    what the schema requires for them, each checked on its own and asked again when wrong."""

    def __init__(self, specs: list[FieldSpec], schema: dict[str, Any], ask: Ask | None,
                 habits: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self.specs = {spec.name: spec for spec in specs}
        self.schema, self.ask, self.habits_of = schema, ask, habits
        self.data: dict[str, Any] = {}

    def fill(self, given: dict[str, Any]) -> dict[str, Any]:
        for spec in self.specs.values():  # lists of objects last: their parts default to
            if spec.kind != "records":    # the record's (a co-mentor's hours)
                self._take(spec, given)
        for spec in self.specs.values():
            raws = given.get(spec.name) or []
            if spec.kind == "records" and raws:
                self.data[spec.name] = [part_values(spec, raw, self.data) for raw in
                                        ([raws] if isinstance(raws, str) else raws)]
        if self.ask is not None:
            self._ask_required()
            self._offer_same_as_last_time()
        return self.data

    def _take(self, spec: FieldSpec, given: dict[str, Any]) -> None:
        """A flag's value; an empty flag (`--online-type ""`) is a flag not given."""
        if spec.kind == "object":
            parts = {part.name: part.convert(given[f"{spec.name}.{part.name}"])
                     for part in spec.parts
                     if str(given.get(f"{spec.name}.{part.name}") or "").strip()}
            if parts:
                self.data[spec.name] = parts
        elif str(given.get(spec.name) or "").strip():
            self.data[spec.name] = spec.convert(given[spec.name])

    def _ask_required(self) -> None:
        asked: set[str] = set()
        while True:  # after each answer: an answer may require more (online -> online type)
            wanted = [name for name in required_now(self.schema, self.data)
                      if name not in self.data and name not in asked and name in self.specs
                      and name != "notes"]
            if not wanted:
                return
            asked.add(wanted[0])
            self._ask_field(self.specs[wanted[0]])

    def _offer_same_as_last_time(self) -> None:
        """Optional habits (where it took place) only when held as last time."""
        habits = self.habits_of(self.data)
        same = all(self.data.get(name) == habits.get(name) for name in HELD_HOW)
        ruled_out = forbidden_now(self.schema, self.data)
        for name in habits:
            if same and name not in self.data and name not in ruled_out:
                self._ask_field(self.specs[name])

    def _ask_field(self, spec: FieldSpec) -> None:
        if spec.kind == "object":
            parts = {part.name: value for part in spec.parts  # "Site contact: Email"
                     if (value := self._answer(part, None, f"{spec.title}: {part.title}"))
                     is not None}
            if parts:
                self.data[spec.name] = parts
        elif spec.kind != "records":
            value = self._answer(spec, self.habits_of(self.data).get(spec.name))
            if value is not None:
                self.data[spec.name] = value

    def _answer(self, spec: FieldSpec, default: Any, title: str | None = None) -> Any:
        """One checked answer (Enter: the default, or nothing); a wrong one is asked again,
        with what is wrong, up to TRIES times."""
        assert self.ask is not None
        prompt = plain = prompt_text(spec, default, title)
        for _ in range(TRIES):
            raw = self.ask(prompt).strip()
            if not raw:
                return default
            try:
                value = spec.convert(raw)
            except MentorlogError as exc:
                prompt = f"{exc}\n{plain}"
                continue
            wrong = answer_problems(spec, value)
            if not wrong:
                return value
            prompt = "\n".join([*wrong, plain])
        raise MentorlogError(f"{spec.title}: no valid answer after {TRIES} tries")


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
