"""`mentorlog from-issue`: a "log a session" issue body becomes a session record.

GitHub renders a submitted issue form as Markdown: for each element, `### Label`, a blank
line, then the answer (`_No response_` when an optional one is empty; checkboxes as
`- [X] Label` / `- [ ] Label`; a dropdown's chosen option). The labels are read back through
`issueform.form_fields` of the same program, so form and reader share one source of truth.

The session is built, then checked exactly like `mentorlog new` checks one (newrecord: the
schema and the cross-record rules) and like `check` judges an added session (policy's
deadline), with the issue's author as its mentor. A mentor may edit the issue's Markdown by
hand, so every answer is read defensively: anything the form would not produce is a problem
pointing at the field's label, never an exception, and no message repeats what was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from .changeset import Side
from .gitdiff import Change
from .index import RecordIndex, request_mentors, text
from .issueform import NOTE_ID, YES, FormField, form_fields
from .newfields import parse_number
from .newrecord import NewRecord, check_data
from .policy import PolicyContext, late_sessions
from .problems import Problem, error
from .program import Loaded, Program, load_program
from .stepsummary import escape
from .yamlload import control_character

ISSUE = "issue body"  # the path of a problem in the body itself (its line: the body's)
NO_RESPONSE = "_No response_"
_CHECKBOX = re.compile(r"^- \[( |x|X)\] (.*)$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
WHOLE_FORM = "the form as a whole"


@dataclass(frozen=True)
class Finding:
    """A problem and the form field it is about (its label), or None for the whole form."""

    label: str | None
    problem: Problem


@dataclass
class FromIssue:
    new: NewRecord | None = None
    findings: list[Finding] = field(default_factory=list)


def _form_problem(f: FormField | None, line: int, message: str) -> Finding:
    return Finding(f.label if f else None, error(ISSUE, line, 1, "issue-form", message))


# --- reading the body ---

def read_answers(body: str, fields: list[FormField]) -> tuple[dict[str, tuple[int, str | None]],
                                                                list[Finding]]:
    """field id -> (line of its heading, its answer or None) from a rendered issue body.

    Only the form's own headings split the body, so a `### ...` typed inside an answer stays
    part of it; a heading of the form found twice (or not at all) is a problem, not a guess."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    by_heading = {f"### {f.label}": f for f in fields}
    starts = [(i, by_heading[line.rstrip()]) for i, line in enumerate(lines)
              if line.rstrip() in by_heading]
    findings = _heading_problems(fields, [f for _, f in starts])
    answers: dict[str, tuple[int, str | None]] = {}
    for n, (i, f) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        value = "\n".join(lines[i + 1:end]).strip("\n").strip()
        answers[f.id] = (i + 1, None if value in ("", NO_RESPONSE) else value)
    return answers, findings


def _heading_problems(fields: list[FormField], found: list[FormField]) -> list[Finding]:
    findings = []
    for f in fields:
        count = found.count(f)
        if count != 1:
            how = "is missing" if count == 0 else "appears more than once"
            findings.append(_form_problem(f, 0, f"the heading of this field {how}: edit the "
                                          "issue so each field of the form appears once"))
    return findings


def to_data(fields: list[FormField], answers: dict[str, tuple[int, str | None]]
            ) -> tuple[dict[str, Any], list[Finding]]:
    """The record's values from the answers, in the form's order; what cannot be read is a
    problem at its field."""
    data: dict[str, Any] = {}
    findings: list[Finding] = []
    for f in fields:
        line, raw = answers.get(f.id, (0, None))
        try:
            value = _value(f, raw)
        except ValueError as exc:
            findings.append(_form_problem(f, line, str(exc)))
            continue
        if value is None or value == []:
            if f.required:
                findings.append(_form_problem(f, line, "this field is required"))
            continue
        target = data.setdefault(f.path[0], {}) if len(f.path) > 1 else data
        target[f.path[-1]] = value
    return data, findings


def _value(f: FormField, raw: str | None) -> Any:
    """One answer as the record holds it; ValueError (a message that quotes nothing)."""
    if raw is not None and control_character(raw.replace("\n", " ")):
        raise ValueError("holds a control character, which a record cannot hold: remove it")
    if f.value_type == "list":
        return _checked_boxes(f, raw or "")
    if raw is None:
        return None
    if f.kind == "dropdown" and raw not in f.options:
        raise ValueError("is not one of the form's options: choose one of them")
    if f.value_type == "boolean":
        return raw == YES
    if f.value_type in ("number", "integer"):
        return _number(raw, f.value_type)
    if f.kind != "textarea" and "\n" in raw:
        raise ValueError("must be one line")
    return raw


def _checked_boxes(f: FormField, raw: str) -> list[str]:
    checked = []
    for line in filter(None, (part.strip() for part in raw.split("\n"))):
        box = _CHECKBOX.match(line)
        if box is None or box[2].strip() not in f.options:
            raise ValueError("has a line that is not one of the form's checkboxes: edit the "
                             "issue so only the form's options remain")
        if box[1] != " ":
            checked.append(box[2].strip())
    return checked


def _number(raw: str, value_type: str) -> int | float:
    try:
        number = parse_number(raw)
    except ValueError:
        raise ValueError("must be a number") from None
    if value_type == "integer" and not isinstance(number, int):
        raise ValueError("must be a whole number")
    return number


# --- the session ---

def find_mentor(index: RecordIndex, login: str) -> list[str]:
    """The ids of the active mentors whose `github` is `login` (GitHub logins ignore case)."""
    return sorted(mentor_id for mentor_id, record in index.by_kind["mentor"].items()
                  if (text(record.data, "github") or "").lower() == login.lower()
                  and record.data.get("active") is not False)


def session_from_issue(program: Program, body: str, author: str, now: datetime) -> FromIssue:
    """The session an issue body describes, checked; `new` is set only when there is no
    problem at all (a warning, such as a late entry under `deadline.late: warn`, allows it)."""
    fields = form_fields(program)
    loaded = load_program(program, schema_targets=set())
    mentors = find_mentor(loaded.index, author)
    if not mentors:
        return FromIssue(findings=[Finding(None, error(
            ISSUE, 0, 0, "unknown-author", "the issue's author is not the GitHub login of any "
            "active mentor: a coordinator adds it as `github:` to your mentor record"))])
    answers, findings = read_answers(body, fields)
    data, more = to_data(fields, answers)
    findings += more
    if not findings and not _DAY.match(str(data.get("date", ""))):
        findings.append(_form_problem(_field(fields, "date"), answers.get("date", (0,))[0],
                                      "must be a date written YYYY-MM-DD"))
    if findings:
        return FromIssue(findings=findings)
    session = _as_session(loaded.index, data, mentors, now.astimezone(program.settings.tz))
    return _checked(program, fields, loaded, session, now)


def _field(fields: list[FormField], field_id: str) -> FormField | None:
    return next((f for f in fields if f.id == field_id), None)


def _as_session(index: RecordIndex, data: dict[str, Any], mentors: list[str],
                now: datetime) -> dict[str, Any]:
    """The author becomes the session's mentor (named only when not the request's lead) and
    signs the note."""
    request = index.get("request", str(data.get("request", "")))
    on_request = request_mentors(request.data) if request else set()
    mentor = next((m for m in mentors if m in on_request), mentors[0])
    if request is None or text(request.data, "mentor") != mentor:
        data = _with_mentor(data, mentor)
    note = data.pop(NOTE_ID, None)
    if note is not None:
        data["notes"] = [{"by": mentor, "at": now.strftime("%Y-%m-%dT%H:%M"), "text": note}]
    return data


def _with_mentor(data: dict[str, Any], mentor: str) -> dict[str, Any]:
    """`mentor` right after `request`, where the schema (and a mentor writing by hand) has it."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        out[key] = value
        if key == "request":
            out["mentor"] = mentor
    return out


def _checked(program: Program, fields: list[FormField], loaded: Loaded, data: dict[str, Any],
             now: datetime) -> FromIssue:
    new = check_data(program, "session", data, loaded)
    problems = list(new.problems)
    if new.record.doc is not None:
        context = PolicyContext([Change(new.record.path, "added")], Side(),
                                Side({new.record.path: new.record.doc}), program.settings, now)
        problems += late_sessions(context)
    findings = [Finding(_label_of(fields, new, p), _in_form_words(fields, p))
                for p in sorted(set(problems))]
    blocking = new.problems or any(p.severity == "error" for p in problems)
    return FromIssue(None if blocking else new, findings)


def _in_form_words(fields: list[FormField], problem: Problem) -> Problem:
    """The message as the form's user reads it: a field the form asks for is named by its
    label (`late_reason:` is "Late reason" on the form; labels are the schema's titles)."""
    message = problem.message
    for f in fields:
        if len(f.path) == 1:
            for spelled in (f"`{f.path[0]}:`", f"`{f.path[0]}`"):
                message = message.replace(spelled, f'"{f.label}"')
    return replace(problem, message=message)


def _label_of(fields: list[FormField], new: NewRecord, problem: Problem) -> str | None:
    """The form field a problem in the built record points at (by its line and column)."""
    doc = new.record.doc
    where = (problem.line, problem.column)
    if doc is None or problem.line == 0 or doc.values.get(()) == where:
        return None  # the record as a whole (a field missing, a condition across fields)
    paths = [p for p, pos in [*doc.keys.items(), *doc.values.items()] if pos == where] or \
        [p for p, pos in doc.keys.items() if pos[0] == problem.line]
    by_path = {f.path: f.label for f in fields}
    by_path[("notes",)] = next(f.label for f in fields if f.id == NOTE_ID)
    for path in sorted(paths, key=len, reverse=True):
        for end in range(len(path), 0, -1):
            label = by_path.get(tuple(str(step) for step in path[:end]))
            if label is not None:
                return label
    return None


# --- output ---

def as_text(findings: list[Finding]) -> str:
    lines = [f"{f.label or WHOLE_FORM}: {f.problem.severity}[{f.problem.code}]: "
             f"{f.problem.message}" for f in findings]
    return "\n".join(lines) + "\n"


def as_markdown(findings: list[Finding]) -> str:
    """An issue comment: each problem under its field's label, every word escaped (labels and
    messages come from the schema and mentorlog, but a schema is a program's own file)."""
    lines = ["### This session could not be logged yet", "",
             "Edit this issue to fix the fields below; mentorlog checks it again when you save.",
             ""]
    for f in findings:
        mark = ":x:" if f.problem.severity == "error" else ":warning:"
        lines.append(f"- {mark} **{escape(f.label or WHOLE_FORM)}**: "
                     f"{escape(f.problem.message)} (`{f.problem.code}`)")
    return "\n".join(lines) + "\n"

