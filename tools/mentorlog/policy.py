"""Stage 4, policy: what a change may do.

The checks are plain functions `(PolicyContext) -> list[Problem]` over the two sides of a
change (changeset.py reads them): the records as they were at the base commit and as they are
in the working tree. They judge by what the base trusts: its deadline settings, and who the
`--author` login is there. Commit dates are never used: a session is judged as entered at
`now`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .dates import parse_date
from .deadlines import has_visible_words, passed_deadline
from .gitdiff import Change
from .index import mappings
from .problems import NOTHING, Matching, Problem, error, may_quote, quote, warning
from .records import ATTACHMENTS, attachment_request, folder_of, is_session
from .rules import NoteKey, note_key
from .schemas import is_local_datetime
from .settings import Settings
from .validate import field_label
from .yamlload import Document

if TYPE_CHECKING:  # changeset builds a PolicyContext: it imports this module at run time
    from .changeset import Author, Side

SESSIONS = folder_of("session")
MISSING = object()  # a field that is absent (not the same as `field: null`)
DATETIMES = Matching(is_local_datetime)  # a note's `at`: quotable, it holds no words


@dataclass
class PolicyContext:
    changes: list[Change]
    before: Side
    after: Side
    settings: Settings  # the base's: the change cannot move its own deadline
    now: datetime
    author: Author | None = None  # None: no --author, the who-may-change rules are skipped
    field_names: frozenset[str] = frozenset()  # the schemas' field names: a message may name them
    mentor_ids: frozenset[str] = frozenset()  # mentors on the base: a message may name them


Policy = Callable[[PolicyContext], list[Problem]]


def _problem(severity: str, path: str, doc: Document | None, key: tuple[str | int, ...],
             code: str, message: str) -> Problem:
    """At `key` in `doc` (a key's own position), or the file as a whole when there is no doc."""
    make = warning if severity == "warning" else error
    if doc is None:
        return make(path, 0, 0, code, message)
    where = doc.position(key, key=True)
    return make(path, where.line, where.column, code, message)


# --- deadline: sessions the change adds, as entered now ---

def moved_sessions(ctx: PolicyContext) -> set[str]:
    """Added sessions identical to a session the change deletes: moved, not newly entered."""
    deleted = [ctx.before.data(c.path) for c in ctx.changes
               if c.status == "deleted" and is_session(c.path)]
    return {c.path for c in ctx.changes if c.status == "added" and is_session(c.path)
            and ctx.after.data(c.path) is not None and ctx.after.data(c.path) in deleted}


def late_sessions(ctx: PolicyContext) -> list[Problem]:
    problems = []
    moved = moved_sessions(ctx)
    for change in ctx.changes:
        doc = ctx.after.docs.get(change.path)
        if change.status != "added" or not is_session(change.path) or doc is None \
                or change.path in moved:
            continue
        due = passed_deadline(parse_date(doc.data.get("date")), ctx.settings, ctx.now)
        if due is not None:
            problems += _late(ctx, change.path, doc, due)
    return problems


def _late(ctx: PolicyContext, path: str, doc: Document, due: str) -> list[Problem]:
    late = ctx.settings.late
    entered = f"entered after its deadline, the {due}"
    if late == "warn":
        return [_problem("warning", path, doc, ("date",), "late-entry", f"{entered}")]
    if late == "reject":
        return [_problem("error", path, doc, ("date",), "late-rejected",
                         f"{entered}: this program does not accept late sessions "
                         "(deadline.late: reject); ask a coordinator")]
    if has_visible_words(doc.data.get("late_reason")):
        return []
    # an invisible reason is pointed at where it stands
    key = ("late_reason",) if "late_reason" in doc.data else ("date",)
    return [_problem("error", path, doc, key, "late-without-reason",
                     f"{entered}: add `late_reason:` saying in words (letters or digits) why "
                     "it is entered late")]


# --- notes: append-only, in order, each signed by its writer ---

def _notes(data: dict[str, Any] | None, tz: ZoneInfo) -> dict[NoteKey, tuple[int, dict[str, Any]]]:
    """identity -> (position, note) for each note with both `by` and `at` (first one wins)."""
    found: dict[NoteKey, tuple[int, dict[str, Any]]] = {}
    for i, note in mappings(data or {}, "notes"):
        key = note_key(note, tz)
        if key:
            found.setdefault(key, (i, note))
    return found


def _modified_sessions(ctx: PolicyContext) -> Iterator[tuple[str, Document, dict[str, Any]]]:
    """(path, document after, data before) of each session the change modifies."""
    for change in ctx.changes:
        doc, before = ctx.after.docs.get(change.path), ctx.before.data(change.path)
        if change.status == "modified" and is_session(change.path) and doc and before is not None:
            yield change.path, doc, before


def changed_notes(ctx: PolicyContext) -> list[Problem]:
    problems = []
    tz = ctx.settings.tz
    for path, doc, before in _modified_sessions(ctx):
        after = _notes(doc.data, tz)
        for key, (_, old) in _notes(before, tz).items():
            if key in after and after[key][1] != old:
                i, new = after[key]
                field_ = next((k for k in ("text", "at", "by") if old.get(k) != new.get(k)), None)
                problems.append(_problem("error", path, doc, ("notes", i, field_ or "text"),
                                         "note-changed",
                                         f"{_note_name(ctx, old, i)} was changed: notes are "
                                         "append-only (remove it, or add a new note)"))
    return problems


def note_order(ctx: PolicyContext) -> list[Problem]:
    """Notes keep their order and new ones go at the end, on every session, for everyone."""
    problems = []
    tz = ctx.settings.tz
    for path, doc, before in _modified_sessions(ctx):
        old = _notes(before, tz)
        new_rank = 1 + max((i for i, _ in old.values()), default=-1)
        last = -1
        for i, note in mappings(doc.data, "notes"):
            key = note_key(note, tz)
            if key is None:
                continue  # the schema reports a note without `by` or `at`
            rank = old[key][0] if key in old else new_rank
            if rank < last:
                problems.append(_problem("error", path, doc, ("notes", i), "note-order",
                                         f"note {i + 1} is out of order: notes keep their order "
                                         "and new notes go at the end"))
                break  # one reorder shifts every note after it: say it once
            last = rank
    return problems


def _earlier_notes(ctx: PolicyContext, change: Change) -> set[NoteKey]:
    """Notes a session already had: on the base, or in a session the change deletes (a move
    carries its notes; deleting is a coordinator's act, reported on its own)."""
    tz = ctx.settings.tz
    if change.status == "modified":
        return set(_notes(ctx.before.data(change.path), tz))
    return {key for c in ctx.changes if c.status == "deleted" and is_session(c.path)
            for key in _notes(ctx.before.data(c.path), tz)}


def new_note_authors(ctx: PolicyContext) -> list[Problem]:
    """A new note is signed by who writes it: its `by` is the author's own mentor id (a
    coordinator's too: a coordinator transcribing a paper note signs it themselves)."""
    author = ctx.author
    if author is None or not author.known:
        return []  # without --author nobody is known; an unknown login is refused anyway
    problems = []
    for change in ctx.changes:
        doc = ctx.after.docs.get(change.path)
        if not is_session(change.path) or doc is None:
            continue
        earlier = _earlier_notes(ctx, change)
        for i, note in mappings(doc.data, "notes"):
            key = note_key(note, ctx.settings.tz)
            if key and key not in earlier and key[0] not in author.mentor_ids:
                problems.append(_problem("error", change.path, doc, ("notes", i, "by"),
                                         "note-not-yours",
                                         f"note {i + 1} is new and its `by` is not your mentor "
                                         f"id ({', '.join(sorted(author.mentor_ids))}): a note "
                                         "is signed by who writes it"))
    return problems


def removed_notes(ctx: PolicyContext) -> list[Problem]:
    """A note may be removed only by its writer or a coordinator."""
    author = ctx.author
    if author is None or author.coordinator or not author.known:
        return []
    problems = []
    tz = ctx.settings.tz
    for path, doc, before in _modified_sessions(ctx):
        after = _notes(doc.data, tz)
        for key, (i, old) in _notes(before, tz).items():
            if key not in after and key[0] not in author.mentor_ids:
                problems.append(_problem("error", path, doc, ("notes",), "note-removed",
                                         f"{_note_name(ctx, old, i)} was removed: only its writer "
                                         "or a coordinator may remove a note"))
    return problems


def _note_name(ctx: PolicyContext, note: dict[str, Any], position: int) -> str:
    """By whom and when, if `by` is a mentor on the base and `at` a date-time (problems.quote
    decides): text typed in the wrong place is never repeated (it may be a safeguarding
    detail)."""
    by, at = note.get("by"), note.get("at")
    if may_quote(by, ctx.mentor_ids) and may_quote(at, DATETIMES):
        return f"the note by {by} at {at}"
    return f"note {position + 1}"


# --- lock, deletion: a coordinator's acts ---

def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Fields that differ, beyond notes added at the end: a removed, altered or moved note
    counts as `notes`."""
    fields = [k for k in before.keys() | after.keys()
              if k != "notes" and before.get(k, MISSING) != after.get(k, MISSING)]
    old, new = before.get("notes"), after.get("notes")
    if isinstance(old, list) and old and (not isinstance(new, list) or new[:len(old)] != old):
        fields.append("notes")
    return sorted(fields)


def _first_present(doc: Document, fields: list[str]) -> tuple[str | int, ...]:
    """Where to point for changed fields: the first still in the file (else the file)."""
    return next(((f,) for f in fields if f in doc.data), ())


def _field_list(ctx: PolicyContext, fields: list[str]) -> str:
    """Changed fields by name, only those the schemas know (a typed key is never repeated)."""
    return ", ".join(field_label((f,), ctx.field_names) for f in fields)


def _locked_since(ctx: PolicyContext, *sides: dict[str, Any] | None) -> str | None:
    """The passed deadline that locks a session (either side's date counts), if any."""
    passed = (passed_deadline(parse_date((data or {}).get("date")), ctx.settings, ctx.now)
              for data in sides)
    return next((due for due in passed if due is not None), None)


def _coordinator_act_severity(ctx: PolicyContext) -> str | None:
    """error for a known mentor, warning without --author (local use), None: nothing to say."""
    if ctx.author is None:
        return "warning"
    return "error" if ctx.author.known and not ctx.author.coordinator else None


def locked_sessions(ctx: PolicyContext) -> list[Problem]:
    severity = _coordinator_act_severity(ctx)
    if severity is None:
        return []
    problems = []
    for change in ctx.changes:
        before, doc = ctx.before.data(change.path), ctx.after.docs.get(change.path)
        if change.status != "modified" or not is_session(change.path) or before is None:
            continue
        locked = _locked_since(ctx, before, doc.data if doc else None)
        fields = changed_fields(before, doc.data) if doc else ["the whole file"]
        if locked and fields:
            key = _first_present(doc, fields) if doc else ()
            problems.append(_problem(severity, change.path, doc, key, "session-locked",
                                     f"locked since its deadline, the {locked}, passed: only a "
                                     "coordinator may change it (changed: "
                                     f"{_field_list(ctx, fields)});"
                                     " a mentor may only add notes"))
    return problems


def deleted_sessions(ctx: PolicyContext) -> list[Problem]:
    severity = _coordinator_act_severity(ctx)
    if severity is None:
        return []
    return [_problem(severity, c.path, None, (), "session-deleted",
                     "deleting or renaming a session is a coordinator's act")
            for c in ctx.changes if c.status == "deleted" and is_session(c.path)]


# --- who may change what (only with --author) ---

def who_may_change(ctx: PolicyContext) -> list[Problem]:
    author = ctx.author
    if author is None or author.coordinator:
        return []
    if not author.known:
        return [error(c.path, 0, 0, "unknown-author",
                      f"`{author.login}` is no active mentor on the base branch (no "
                      f"records/mentors/ file with github: {author.login}), so it may change "
                      "nothing") for c in ctx.changes]
    problems: list[Problem] = []
    for change in ctx.changes:
        if is_session(change.path):
            problems += _mentor_session(ctx, author, change)
        elif change.path.startswith(ATTACHMENTS):
            problems += _mentor_attachment(ctx, author, change)
        elif not change.path.startswith(SESSIONS):
            problems.append(error(change.path, 0, 0, "coordinator-only",
                                  f"only a coordinator may {_verb(change)} this file; mentors "
                                  "change sessions and attachments only"))
    return problems


def _verb(change: Change) -> str:
    return {"added": "add", "deleted": "delete"}.get(change.status, "change")


def _mentor_session(ctx: PolicyContext, author: Author, change: Change) -> list[Problem]:
    if change.status == "deleted":
        return []  # deleted_sessions says it
    return _on_session(ctx, author, change) or _lead_fields(ctx, author, change)


def _on_session(ctx: PolicyContext, author: Author, change: Change) -> list[Problem]:
    """A mentor adds or changes only sessions they are on (as mentor or co-mentor): both on the
    base and after the change, so a change cannot hand a session to its author."""
    sides = [ctx.after] if change.status == "added" else [ctx.before, ctx.after]
    doc = ctx.after.docs.get(change.path)
    for side in sides:
        if side.data(change.path) is not None \
                and not author.mentor_ids & side.session_mentors(change.path):
            state = "" if side is ctx.after else " on the base branch"
            return [_problem("error", change.path, doc, ("mentor",), "not-your-session",
                             f"`{author.login}` is not this session's mentor or a co-mentor"
                             f"{state}, so may not {_verb(change)} it")]
    return []


def _lead_fields(ctx: PolicyContext, author: Author, change: Change) -> list[Problem]:
    """The lead mentor owns a session: only its `mentor` as on the base (its own, else its
    request's) changes its fields; a co-mentor may only add notes (the note rules judge
    those). A co-mentor may still log a new session naming the lead (`_on_session`)."""
    before, doc = ctx.before.data(change.path), ctx.after.docs.get(change.path)
    if change.status != "modified" or before is None or doc is None \
            or ctx.before.lead(change.path) in author.mentor_ids:
        return []
    fields = [f for f in changed_fields(before, doc.data) if f != "notes"]
    if not fields:
        return []
    return [_problem("error", change.path, doc, _first_present(doc, fields), "not-session-lead",
                     "only the session's mentor (on the base branch) or a coordinator may "
                     f"change its fields (changed: {_field_list(ctx, fields)})"
                     "; a co-mentor may add their own notes")]


def _mentor_attachment(ctx: PolicyContext, author: Author, change: Change) -> list[Problem]:
    if change.status != "added":
        return [error(change.path, 0, 0, "coordinator-only",
                      f"only a coordinator may {_verb(change)} an attachment already on the base "
                      "branch (attachments are evidence: add a new file instead)")]
    request_id = attachment_request(change.path)
    if author.mentor_ids & ctx.before.request_mentors(request_id):
        return []
    # the folder name is typed: quoted only when it is a request on the base
    known = {request_id} if ctx.before.request(request_id) is not None else NOTHING
    return [error(change.path, 0, 0, "not-your-request",
                  f"`{author.login}` is not the mentor or a co-mentor of request "
                  f"{quote(request_id, known, '(not on the base branch)')} on the base branch, "
                  "so may not add its attachments")]


POLICIES: tuple[Policy, ...] = (
    late_sessions, changed_notes, note_order, new_note_authors, removed_notes, locked_sessions,
    deleted_sessions, who_may_change,
)


def run_policies(ctx: PolicyContext) -> list[Problem]:
    return [problem for policy in POLICIES for problem in policy(ctx)]
