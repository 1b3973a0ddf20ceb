"""Problems are data: every check returns a list of Problem, never raises for bad input.

`CODES` is the one list of problem codes, with each code's meaning and fix; docs/problem-codes.md
is generated from it (`python -m mentorlog.refdocs`) and a test fails when the two drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: where (repo-relative POSIX path, 1-based line and column) and what.

    line/column 0 mean "the file as a whole" (e.g. a missing file or one too big to read).
    Messages never quote free text from a record: notes may hold safeguarding details.
    """

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"undocumented problem code {self.code!r}")


class MentorlogError(Exception):
    """A usage or environment error (exit 2): bad settings, bad schema, bad arguments.

    The one user-facing error type; the CLI prints it in one place and never a traceback.
    """


def error(path: str, line: int, column: int, code: str, message: str) -> Problem:
    return Problem(path, line, column, "error", code, message)


def warning(path: str, line: int, column: int, code: str, message: str) -> Problem:
    return Problem(path, line, column, "warning", code, message)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


# --- what a message may quote (see docs/architecture.md) ---

HIDDEN = "(not shown)"
NOTHING: frozenset[str] = frozenset()  # where no value is known to be safe
# even an allowed value is shown only when it is one short token: a field name, an id, a date
_TOKEN = re.compile(r"^[A-Za-z0-9_.:+-]{1,80}$")


class Matching:
    """An allowed set given by a test, for values that cannot hold words (a real date)."""

    def __init__(self, test: Callable[[str], bool]) -> None:
        self.test = test

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and self.test(value)


def may_quote(value: object, allowed: Container[str]) -> bool:
    """The one decision whether a value from a record may appear in a message (and so in a
    CI log): only when it is in `allowed` (schema field names, problem codes, ids of records
    that exist, real dates and times) and is one short token. Everything else a mentor typed
    (an unknown key, an id that matches no record, a file name) may be a safeguarding detail:
    the line and column point to it instead."""
    return isinstance(value, str) and _TOKEN.match(value) is not None and value in allowed


def quote(value: object, allowed: Container[str], hidden: str = HIDDEN) -> str:
    """`value` in backticks when `may_quote` allows it, else the neutral `hidden`."""
    return f"`{value}`" if may_quote(value, allowed) else hidden


@dataclass(frozen=True)
class Code:
    """What a problem code means and how a user fixes it (Markdown: docs/problem-codes.md is
    generated from these, by `python -m mentorlog.refdocs`)."""

    meaning: str
    fix: str  # an example of the fix, concrete enough to copy


# code -> its meaning and fix. Stable: tools and people match on the codes.
CODES: dict[str, Code] = {
    # reading a file
    "file-too-large": Code(
        "The file is over the size limit (1 MiB) and was not parsed.",
        "Split the file, or move a long text into an attachment: a record stays well under 1 MiB."),
    "symlink": Code(
        "A symbolic link under `records/` (a record or a folder): it could point outside the "
        "repository.",
        'Replace the link by the file or folder itself (`cp --remove-destination "$(readlink F)" '
        "F`)."),
    "gitlink": Code(
        "A submodule entry (gitlink) under `records/`: it hides or replaces a file (`check` "
        "reads it from git, where a checkout shows an empty folder or nothing).",
        "Remove the entry and commit the file instead: `git rm --cached records/.../x.yaml`, "
        "then `git add` the real file."),
    "hidden-file": Code(
        "A dot-file or dot-folder under `records/` (a `.gitattributes` there would change how "
        "git checks out other mentors' records; nothing hidden is validated).",
        "Remove it: `git rm records/sessions/.gitattributes`; settings for the repository belong "
        "at its root."),
    "file-unreadable": Code(
        "The file could not be read (permissions, a directory, a broken link).",
        "Make the file readable (`chmod 644 FILE`), or replace a broken link by the file itself."),
    "encoding": Code(
        "The bytes are not UTF-8.",
        "Save the file as UTF-8 (in VS Code: *Save with Encoding → UTF-8*)."),
    "control-character": Code(
        "A control character other than tab and newline (this includes CR).",
        "Save with LF line endings (`git config core.autocrlf input`) and delete the invisible "
        "character."),
    "number-out-of-range": Code(
        "An integer outside ±(2^53 - 1), the integers JSON holds exactly.",
        'Write the number as a quoted text if it is an id (`"12345678901234567890"`), or correct '
        "it: `hours: 2`."),
    "yaml-syntax": Code(
        "The text is not valid YAML.",
        "Fix the YAML at the line shown, e.g. close `[`: `topics: [financing, tax]`."),
    "yaml-alias": Code(
        "An anchor (&) or alias (*): records must spell every value out.",
        "Write the value out: `github: kim-osei` instead of `github: *who`."),
    "yaml-tag": Code(
        "An explicit tag (!, !!): no tag may construct anything.",
        "Remove the tag: `hours: 1.5`, not `hours: !!float 1.5`."),
    "yaml-merge-key": Code(
        "A merge key (<<).",
        "Write every key out instead of `<<: *defaults`."),
    "yaml-duplicate-key": Code(
        "The same key twice in one mapping.",
        "Keep one `name:` line; merge the two values."),
    "yaml-key-type": Code(
        "A key that is not a plain string (a number, a boolean, a list...).",
        "Use a field name the schema knows (`grade: 4`, not `4: grade`), or quote the key: "
        '`"2026": x`.'),
    "yaml-multiple-documents": Code(
        "More than one YAML document in the file.",
        "Delete the second `---` and move that record into its own file."),
    "yaml-not-mapping": Code(
        "The top level of the file is not a mapping (key: value pairs).",
        "Start the file with `key: value` lines: `name: Kim Osei`, not `- Kim Osei`."),
    "yaml-too-deep": Code(
        "Nesting deeper than 32 levels.",
        "Flatten the value: records never nest deeper than a list of mappings."),
    "yaml-comment-cuts-text": Code(
        "Unquoted free text followed by ' #': YAML cuts the text there.",
        'Quote the text, `text: "Homework #1 done"`, or write `text: |` and the text on the next '
        "lines."),
    # one record against its schema
    "schema": Code(
        "The record does not match its JSON Schema (type, enum, format, pattern...).",
        "Give the field a value of the expected kind, e.g. `hours: 1.25` (quarter hours), `date: "
        "2026-03-10`."),
    "schema-required": Code(
        "A required field is missing.",
        "Add the missing field, e.g. `language: English`."),
    "schema-unknown-field": Code(
        "A field the schema does not know (often a typo).",
        "Fix the typo (`langauge:` → `language:`) or remove the field."),
    # where files live (the records/ layout)
    "unknown-file": Code(
        "A file under records/ that is no record type of this program.",
        "Move the file to where its type lives: `records/sessions/2026/03/<id>.yaml`, ending in "
        "`.yaml`."),
    "bad-id": Code(
        "The file name is not a valid id (a-z, 0-9, '-', 2 to 64 characters).",
        "Rename the file to an id: `git mv records/mentors/Kim_Osei.yaml "
        "records/mentors/kim-osei.yaml`."),
    "duplicate-id": Code(
        "Two records of the same type share an id.",
        "Rename one of the two files so that every id of a record type is unique."),
    "session-folder": Code(
        "A session's YYYY/MM folder does not match its date.",
        "`git mv` the session into the `sessions/YYYY/MM/` folder of its `date`."),
    # rules across records
    "unknown-reference": Code(
        "A reference to a record that does not exist.",
        "Use an existing id (`mentor: kim-osei`) or add the record it names "
        "(`records/mentors/kim-osei.yaml`)."),
    "session-mentor": Code(
        "A session's mentor or co-mentor is not on its request.",
        "Use the request's mentor or a co-mentor, or add the person to the request's "
        "`co_mentors`."),
    "session-before-opened": Code(
        "A session dated before its request was opened.",
        "Correct the session's `date`, or the request's `opened` date."),
    "session-after-closed": Code(
        "A session dated after its request was closed.",
        "Correct the session's `date`, or log it on a new request; a coordinator may reopen the "
        "request."),
    "closed-before-opened": Code(
        "A request closed before it was opened.",
        "Correct `closed` (or `opened`) so that `closed` is on or after `opened`."),
    "duplicate-session": Code(
        "Two sessions of one request share date and start.",
        "Delete the copy, or correct the `date`/`start` of one of the two sessions."),
    "completed-without-session": Code(
        "A completed request has no attended session.",
        "Log the attended session that completed it, or set `status: open` and remove `closed`."),
    "future-session": Code(
        "A session dated after today (program timezone).",
        "Correct the `date`: sessions are logged after they happened."),
    "end-before-start": Code(
        "A session's end is not after its start.",
        "Correct `end` (or `start`): `start: 14:00`, `end: 15:30`."),
    "duplicate-note": Code(
        "Two notes of one session share author and time.",
        "Give the newer note its own time: `at: 2026-03-10T15:46`."),
    "attachment-missing": Code(
        "An attachment's file does not exist.",
        "Add the file at `records/attachments/<request>/...`, or correct `path`."),
    "attachment-outside": Code(
        "An attachment path outside records/attachments/<request>/.",
        "Move the file into `records/attachments/<request>/` and use `path: "
        "attachments/<request>/<file>`."),
    "attachment-symlink": Code(
        "An attachment is a symbolic link.",
        "Replace the link by a copy of the file itself."),
    "attachment-type": Code(
        "An attachment's file type is not allowed.",
        "Convert the file to an allowed type (pdf, docx, xlsx, csv, png, jpg, txt, md)."),
    "attachment-size": Code(
        "An attachment is over the size limit.",
        "Shrink the file (e.g. export a smaller PDF), or raise `attachments: max_mb` in "
        "mentorlog.yaml."),
    "attachment-unreferenced": Code(
        "A file under records/attachments/ that no session lists.",
        "List it under the session's `attachments` (`path: attachments/<request>/<file>`), or "
        "remove the file."),
    "completes-open-request": Code(
        "A session completes its request, but the request is still open.",
        "Set the request's `status: completed` and `closed:` date (or drop `completes_request`)."),
    # git-aware policy over a change (`mentorlog check`)
    "late-without-reason": Code(
        "A session added after its deadline has no late_reason.",
        "Add `late_reason: ...` saying why the session was logged after its deadline."),
    "late-rejected": Code(
        "A session added after its deadline (deadline.late: reject).",
        "Ask a coordinator: this program refuses late entries (`deadline.late: reject`)."),
    "late-entry": Code(
        "A session added after its deadline (deadline.late: warn).",
        "Nothing to fix: a warning that the session was logged late (`deadline.late: warn`)."),
    "note-changed": Code(
        "A note already on the base branch was changed (notes are append-only).",
        "Restore the note exactly as it was and add a new note with the correction."),
    "note-order": Code(
        "Notes were reordered, or a new note was put before an older one.",
        "Put the notes back in their order on the base branch and add new notes at the end."),
    "note-not-yours": Code(
        "A new note's `by` is not the --author's own mentor id.",
        "Sign the notes you add with your own mentor id; the writer adds their own note."),
    "note-removed": Code(
        "A note was removed by someone other than its writer or a coordinator.",
        "Restore the note; only its writer or a coordinator may remove it."),
    "not-session-lead": Code(
        "A co-mentor changed a session's fields (its mentor's or a coordinator's).",
        "Restore the fields; ask the session's mentor or a coordinator, or add a note."),
    "session-locked": Code(
        "A session past its deadline changed other than by added notes.",
        "Only add notes to a session past its deadline; ask a coordinator for any other change."),
    "session-deleted": Code(
        "A session was deleted or renamed (a coordinator's act).",
        "Restore the session; deleting or renaming one is a coordinator's act."),
    "not-your-session": Code(
        "The --author is not the session's mentor or a co-mentor.",
        "Change only sessions where you are the mentor or a co-mentor; ask the mentor or a "
        "coordinator."),
    "not-your-request": Code(
        "The --author added an attachment to a request they are not on.",
        "Attach files only to requests you are on; ask a coordinator."),
    "coordinator-only": Code(
        "A file only a coordinator may change (everything but sessions).",
        "Ask a coordinator to make this change (mentors, clients, sites, requests, schema, "
        "settings)."),
    "unknown-author": Code(
        "The --author is no active mentor on the base branch.",
        "Add your GitHub login as `github:` to your active mentor record (a coordinator does "
        "this)."),
    # a session logged through the "log a session" issue form (`mentorlog from-issue`)
    "issue-form": Code(
        "An answer in a \"log a session\" issue that the form would not give: a required field "
        "left empty, a value that is not one of the field's options, a field's heading missing "
        "or repeated.",
        "Edit the issue: answer the field named in the comment, choosing one of the form's "
        "options; keep each `### Label` heading exactly once."),
    # the program's GitHub set-up
    "codeowners-placeholder": Code(
        "`.github/CODEOWNERS` still names the placeholder team `mentorlog init` wrote, so "
        "nothing is code-owned (a warning).",
        "Replace `@your-org/mentorlog-coordinators` with your coordinators' team (`@org/team`) "
        "or logins (`@kim-gh @ana-gh`)."),
}
