"""Stage 3, rules: checks across records (see docs/architecture.md): references between
records, dates against their request, one session's times, notes and attachments.

Each rule is a plain function `(context) -> list[Problem]`; RULES is the fixed, ordered tuple
of them. They see every loaded record, whatever PATHs were asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .attachments import allowed_types, megabytes, size_allowed, type_allowed
from .background import meanwhile
from .dates import parse_date
from .deadlines import instant
from .index import Lookup, mappings, request_mentors, session_lead, text, texts
from .problems import Matching, Problem, error, may_quote, quote, warning
from .records import (
    ATTACHMENTS,
    SYMLINK_MESSAGE,
    Record,
    attachment_entries,
    entry_kind,
    folder_of,
    is_hidden,
)
from .settings import Settings

_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


@dataclass(frozen=True)
class RuleContext:
    index: Lookup  # index.RecordIndex, or partial.SparseIndex in a partial run
    settings: Settings
    records_dir: Path
    today: date
    # the files problems are wanted for (validate PATH...); None: every file
    targets: frozenset[str] | None = None
    # the records of each kind to report on (`loaded`), listed once: a dozen rules walk them
    _reported: dict[str, list[Record]] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def attachments(self) -> tuple[tuple[str, str], ...]:
        """(path, entry kind) of everything under records/attachments/, walked once."""
        return tuple(attachment_entries(self.records_dir.parent))


Rule = Callable[[RuleContext], list[Problem]]


def at(record: Record, path: tuple[str | int, ...], code: str, message: str,
       severity: str = "error") -> Problem:
    """A problem at the value `path` in `record` (or the nearest enclosing mapping)."""
    assert record.doc is not None
    where = record.doc.position(path)
    make = warning if severity == "warning" else error
    return make(record.path, where.line, where.column, code, message)


# values a message may quote (problems.quote): they cannot hold words
DATES = Matching(lambda value: parse_date(value) is not None)
TIMES = Matching(lambda value: _TIME.match(value) is not None)


def ids(ctx: RuleContext, kind: str) -> Container[str]:
    """The ids of the records of `kind` that exist: the only ids a message may quote."""
    return ctx.index.ids(kind)


def loaded(ctx: RuleContext, kind: str) -> list[Record]:
    """The records of `kind` to report on. Rules look up every other record in the index, so
    skipping records nobody asked about changes no answer (pre-commit on a large repo)."""
    found = ctx._reported.get(kind)
    if found is None:
        records = ctx.index.all(kind) if ctx.targets is None else \
            ctx.index.at_paths(kind, ctx.targets)
        found = ctx._reported[kind] = [r for r in records if r.doc is not None]
    return found


# --- identity and layout ---

def duplicate_ids(ctx: RuleContext) -> list[Problem]:
    # on both files: `validate PATH` (pre-commit) may be shown either one
    return [error(this.path, 0, 0, "duplicate-id",
                  f"{this.kind} id {quote(this.id, ids(ctx, this.kind))} is also used by "
                  f"{other.path}")
            for first, second in ctx.index.duplicates
            for this, other in ((first, second), (second, first))]


def session_folders(ctx: RuleContext) -> list[Problem]:
    problems = []
    for session in loaded(ctx, "session"):
        day = text(session.data, "date")
        if parse_date(day) and day and day[:7] != session.folder_month:
            problems.append(at(session, ("date",), "session-folder",
                               f"dated {quote(day, DATES)} but filed under "
                               f"{session.folder_month}: move it to "
                               f"{folder_of('session')}{day[:4]}/{day[5:7]}/"))
    return problems


# --- references ---

def _reference(ctx: RuleContext, record: Record, path: tuple[str | int, ...], kind: str,
               target: str | None) -> list[Problem]:
    if not target or ctx.index.get(kind, target):
        return []
    # never quoted: an id that matches no record may be a note typed in the wrong place
    return [at(record, path, "unknown-reference",
               f"no {kind} with that id (no file {folder_of(kind)}<id>.yaml)")]


def session_references(ctx: RuleContext) -> list[Problem]:
    problems = []
    for s in loaded(ctx, "session"):
        data = s.data  # once: a property, read four times for each of 50,000 sessions
        problems += _reference(ctx, s, ("request",), "request", text(data, "request"))
        problems += _reference(ctx, s, ("mentor",), "mentor", text(data, "mentor"))
        for i, co in mappings(data, "co_mentors"):
            problems += _reference(ctx, s, ("co_mentors", i, "mentor"), "mentor",
                                   text(co, "mentor"))
        for i, note in mappings(data, "notes"):
            problems += _reference(ctx, s, ("notes", i, "by"), "mentor", text(note, "by"))
    return problems


def request_references(ctx: RuleContext) -> list[Problem]:
    problems = []
    for r in loaded(ctx, "request"):
        problems += _reference(ctx, r, ("client",), "client", text(r.data, "client"))
        problems += _reference(ctx, r, ("mentor",), "mentor", text(r.data, "mentor"))
        for i, co in enumerate(texts(r.data, "co_mentors")):
            problems += _reference(ctx, r, ("co_mentors", i), "mentor", co)
    return problems


def client_sites(ctx: RuleContext) -> list[Problem]:
    if ctx.settings.profile != "youth":
        return []
    return [p for c in loaded(ctx, "client")
            for p in _reference(ctx, c, ("site",), "site", text(c.data, "site"))]


# --- sessions against their request ---

def _request_of(ctx: RuleContext, session: Record) -> Record | None:
    request = ctx.index.get("request", text(session.data, "request") or "")
    return request if request is not None and request.doc is not None else None


def session_mentors(ctx: RuleContext) -> list[Problem]:
    problems = []
    on_request: dict[str, set[str]] = {}  # request id -> its mentors, made once a request
    for s in loaded(ctx, "session"):
        if not (text(s.data, "mentor") or s.data.get("co_mentors")):
            continue  # names no mentor of its own: nothing to judge (most sessions)
        request = _request_of(ctx, s)
        if request is None:
            continue
        allowed = on_request.get(request.id)
        if allowed is None:
            allowed = on_request[request.id] = request_mentors(request.data)
        problems += _session_mentor_problems(ctx, s, request, allowed)
    return problems


def _session_mentor_problems(ctx: RuleContext, s: Record, request: Record,
                             allowed: set[str]) -> list[Problem]:
    """session-mentor on one session whose request is loaded; messages made only when due."""
    mentors, problems = ids(ctx, "mentor"), []
    mentor = text(s.data, "mentor")
    if mentor and allowed and mentor not in allowed and mentor in mentors:
        problems.append(at(s, ("mentor",), "session-mentor",
                           f"{quote(mentor, mentors)} is not the mentor or a co-mentor of "
                           f"{quote(request.id, ids(ctx, 'request'))}"))
    lead = session_lead(s.data, request.data)
    for i, co in mappings(s.data, "co_mentors"):
        name = text(co, "mentor")
        if name and name == lead:
            problems.append(at(s, ("co_mentors", i, "mentor"), "session-mentor",
                               f"{quote(name, mentors, 'this mentor')} is this session's "
                               "mentor, not a co-mentor"))
        elif name and allowed and name not in allowed and name in mentors:
            problems.append(at(s, ("co_mentors", i, "mentor"), "session-mentor",
                               f"{quote(name, mentors)} is not on "
                               f"{quote(request.id, ids(ctx, 'request'))}: add them to its "
                               "co_mentors"))
    return problems


def session_dates(ctx: RuleContext) -> list[Problem]:
    problems = []
    spans: dict[str, tuple[date | None, date | None]] = {}  # request id -> (opened, closed)
    for s in loaded(ctx, "session"):
        day = parse_date(s.data.get("date"))
        request = _request_of(ctx, s) if day is not None else None
        if request is None or day is None:
            continue
        span = spans.get(request.id)
        if span is None:
            span = spans[request.id] = (parse_date(request.data.get("opened")),
                                        parse_date(request.data.get("closed")))
        opened, closed = span
        if opened and day < opened:
            problems.append(at(s, ("date",), "session-before-opened",
                               f"dated before {_its_request(ctx, request)} was opened "
                               f"({opened})"))
        if closed and day > closed:
            problems.append(at(s, ("date",), "session-after-closed",
                               f"dated after {_its_request(ctx, request)} was closed "
                               f"({closed})"))
    return problems


def _its_request(ctx: RuleContext, request: Record) -> str:
    return quote(request.id, ids(ctx, "request"), "its request")


def request_dates(ctx: RuleContext) -> list[Problem]:
    problems = []
    for r in loaded(ctx, "request"):
        opened, closed = parse_date(r.data.get("opened")), parse_date(r.data.get("closed"))
        if opened and closed and closed < opened:
            problems.append(at(r, ("closed",), "closed-before-opened",
                               f"closed before it was opened ({opened})"))
    return problems


def duplicate_sessions(ctx: RuleContext) -> list[Problem]:
    problems = []
    for request_id, sessions in _requests_to_check(ctx):
        by_slot: dict[tuple[str, str], list[Record]] = {}
        shown = quote(request_id, ids(ctx, "request"), "the same request")
        for s in sessions:
            data = s.data
            by_slot.setdefault((text(data, "date") or "", text(data, "start") or ""),
                               []).append(s)
        for (day, start), same in by_slot.items():
            # quoted below: real values only (checked only for a shared slot: 50,000 sessions)
            if len(same) < 2 or day not in DATES or start not in TIMES:
                continue
            for s in same:  # on every one of them: `validate PATH` may be shown any
                others = ", ".join(o.path for o in same if o is not s)
                problems.append(at(s, ("start",), "duplicate-session",
                                   f"{shown} has another session on {quote(day, DATES)} at "
                                   f"{quote(start, TIMES)}: {others}"))
    return problems


def _requests_to_check(ctx: RuleContext) -> Iterable[tuple[str, list[Record]]]:
    """Every request with its sessions; with PATHs, those of the sessions asked about (a
    duplicate slot is on every session in it, so no other request can put one on them)."""
    if ctx.targets is None:
        return ctx.index.requests_with_sessions()
    named = {text(s.data, "request") for s in loaded(ctx, "session")}
    return [(r, ctx.index.sessions_of(r)) for r in sorted(filter(None, named))]


def completed_requests(ctx: RuleContext) -> list[Problem]:
    problems = []
    for r in loaded(ctx, "request"):
        if r.data.get("status") != "completed":
            continue
        sessions = ctx.index.sessions_of(r.id)
        if not any(s.data.get("attendance") == "attended" for s in sessions):
            problems.append(at(r, ("status",), "completed-without-session",
                               "completed, but no attended session is logged for it"))
    return problems


def sessions_completing_open_requests(ctx: RuleContext) -> list[Problem]:
    problems = []
    for s in loaded(ctx, "session"):
        if s.data.get("completes_request") is not True:
            continue  # the request looked up only for the sessions that complete one
        request = _request_of(ctx, s)
        if request is not None and request.data.get("status", "open") == "open":
            problems.append(at(s, ("completes_request",), "completes-open-request",
                               f"completes {request.id}, but the request is still open: set its "
                               "status to completed and its closed date", severity="warning"))
    return problems


# --- one session on its own ---

def future_sessions(ctx: RuleContext) -> list[Problem]:
    return [at(s, ("date",), "future-session",
               f"dated in the future (today is {ctx.today} in {ctx.settings.timezone})")
            for s in loaded(ctx, "session")
            if (day := parse_date(s.data.get("date"))) and day > ctx.today]


def session_times(ctx: RuleContext) -> list[Problem]:
    problems = []
    for s in loaded(ctx, "session"):
        start, end = text(s.data, "start"), text(s.data, "end")
        # the comparison first: the pattern match only for the few out of order
        if start and end and end <= start and start in TIMES and end in TIMES:
            problems.append(at(s, ("end",), "end-before-start",
                               f"end {quote(end, TIMES)} is not after start "
                               f"{quote(start, TIMES)}"))
    return problems


NoteKey = tuple[str, str]  # (by, the UTC instant `at` names, or `at` as written if no date-time)


def note_key(note: dict[str, Any], tz: ZoneInfo) -> NoteKey | None:
    """A note's identity: `T16:25`, `T16:25:00` and `T16:25-04:00` (in New York) are one note,
    so re-spelling `at` is an edit, not a new note. None without both `by` and `at`."""
    by, at_text = text(note, "by"), text(note, "at")
    if not by or not at_text:
        return None
    moment = instant(at_text, tz)
    return by, moment.isoformat() if moment else at_text


def duplicate_notes(ctx: RuleContext) -> list[Problem]:
    return [at(s, ("notes", i, "at"), "duplicate-note",
               "another note has the same `by` and `at`: they name a note")
            for s in loaded(ctx, "session")
            for i in _repeated_notes(s.data, ctx.settings.tz)]


def _repeated_notes(data: dict[str, Any], tz: ZoneInfo) -> list[int]:
    """The positions of the notes whose key an earlier note has. A key starts with its `by`,
    so only the notes of a writer who signs two or more are keyed (the time-zone parse is
    most of this rule's cost, and most sessions have one note a writer)."""
    value = data.get("notes")
    if not isinstance(value, list) or len(value) < 2:
        return []
    notes = mappings(data, "notes")
    writers = [text(note, "by") for _, note in notes]
    if len(set(writers)) == len(writers):
        return []  # every note by another writer (or the only one)
    shared = {by for by in writers if by and writers.count(by) > 1}
    repeated, seen = [], set()
    for i, note in (pair for pair, by in zip(notes, writers, strict=True) if by in shared):
        key = note_key(note, tz)
        if key in seen:
            repeated.append(i)
        if key is not None:
            seen.add(key)
    return repeated


def attachments(ctx: RuleContext) -> list[Problem]:
    problems = []
    for s in loaded(ctx, "session"):
        if not s.data.get("attachments"):
            continue  # lists none (most sessions)
        request = text(s.data, "request") or ""
        for i, item in mappings(s.data, "attachments"):
            rel = text(item, "path")
            if rel:
                problems += _attachment(ctx, s, ("attachments", i, "path"), rel, request)
    return problems


def _attachment(ctx: RuleContext, s: Record, path: tuple[str | int, ...], rel: str,
                request: str) -> list[Problem]:
    parts = rel.split("/")
    if ".." in parts or "." in parts or not rel.startswith(f"attachments/{request}/"):
        folder = request if may_quote(request, ids(ctx, "request")) else "<request>"
        return [at(s, path, "attachment-outside",
                   f"attachments of this session belong in records/attachments/{folder}/")]
    file = ctx.records_dir
    for part in parts:  # no link anywhere on the way: it could point outside records/
        file = file / part
        if file.is_symlink():
            return [at(s, path, "attachment-symlink",
                       "is (or goes through) a symbolic link; attach the file itself")]
    if not file.is_file():  # the path is never quoted: a file name may be a sentence
        return [at(s, path, "attachment-missing", "no file at that path")]
    if not type_allowed(file):
        return [at(s, path, "attachment-type",
                   f"file type not allowed; allowed: {allowed_types()}")]
    size, limit = file.stat().st_size, ctx.settings.attachment_max_mb
    if not size_allowed(size, limit):
        return [at(s, path, "attachment-size",
                   f"{megabytes(size):.1f} MB; the limit is {limit:g} MB")]
    return []


# --- records/attachments/ holds only files that sessions list ---



def unreferenced_attachments(ctx: RuleContext) -> list[Problem]:
    """Every entry under records/attachments/ is a file at <request>/<file> that a session
    lists. With PATHs (pre-commit), only the attachment files among them are judged: a file
    nobody asked about is judged by a full `validate` and by `check` in CI."""
    candidates = _attachment_candidates(ctx)
    listed = ctx.index.listed_attachments() if candidates else set()
    return [problem for rel, kind in candidates for problem in _attachment_entry(rel, kind, listed)]


def _attachment_candidates(ctx: RuleContext) -> list[tuple[str, str]]:
    if ctx.targets is None:
        return list(ctx.attachments)
    root = ctx.records_dir.parent
    return [(rel, entry_kind(root / rel)) for rel in sorted(ctx.targets)
            if rel.startswith(ATTACHMENTS) and not is_hidden(rel)]


def _attachment_entry(rel: str, kind: str, listed: set[str]) -> list[Problem]:
    if kind == "link":  # listed (or listed through): attachment-symlink is on the session
        if rel in listed or any(path.startswith(f"{rel}/") for path in listed):
            return []
        return [error(rel, 0, 0, "symlink", SYMLINK_MESSAGE)]
    if kind in ("folder", "missing"):
        return []
    if "/" not in rel.removeprefix(ATTACHMENTS):
        return [error(rel, 0, 0, "unknown-file", "records/attachments/ holds one folder per "
                      "request: move the file to records/attachments/<request>/")]
    if kind != "file":
        return [error(rel, 0, 0, "unknown-file", "not a regular file: records/attachments/ "
                      "holds only files that sessions list")]
    if rel not in listed:
        return [error(rel, 0, 0, "attachment-unreferenced",
                      "no session lists this file under `attachments`: add it to the session "
                      "it belongs to (path: attachments/<request>/<file>), or remove it")]
    return []


RULES: tuple[Rule, ...] = (
    duplicate_ids, session_folders, session_references, request_references, client_sites,
    session_mentors, session_dates, request_dates, duplicate_sessions, completed_requests,
    sessions_completing_open_requests, future_sessions, session_times, duplicate_notes,
    attachments, unreferenced_attachments,
)


def run_rules(ctx: RuleContext, parallel: bool = False) -> list[Problem]:
    """Every rule's problems, in RULES order. `parallel`: every other rule runs in a forked
    child meanwhile (a full run of a large program: about 1.1 s of rules at 50,000 sessions,
    on one core while the other had nothing to do). The rules are plain functions of `ctx`,
    so the child finds what this process would."""
    if not parallel:
        return [problem for rule in RULES for problem in rule(ctx)]
    theirs = meanwhile(partial(_each, ctx, RULES[::2]))
    mine = _each(ctx, RULES[1::2])
    found: list[list[Problem]] = [[] for _ in RULES]
    found[::2], found[1::2] = theirs(), mine
    return [problem for problems in found for problem in problems]


def _each(ctx: RuleContext, rules: Iterable[Rule]) -> list[list[Problem]]:
    return [rule(ctx) for rule in rules]

