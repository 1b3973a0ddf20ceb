"""Problems are data: every check returns a list of Problem, never raises for bad input.

`CODES` is the one list of problem codes; docs/problem-codes.md is checked against it by a test.
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


# --- what a message may quote (never what a user typed: see docs/architecture.md) ---

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


# code -> what it means. Stable: tools and people match on these.
CODES: dict[str, str] = {
    # reading a file
    "file-too-large": "The file is over the size limit (1 MiB) and was not parsed.",
    "symlink": "A symbolic link under records/ (it could point outside the repository).",
    "gitlink": "A submodule entry (gitlink) under records/: it hides or replaces a file.",
    "hidden-file": "A dot-file or dot-folder under records/ (e.g. .gitattributes).",
    "file-unreadable": "The file could not be read (permissions, a directory, a broken link).",
    "encoding": "The bytes are not UTF-8.",
    "control-character": "A control character other than tab and newline (this includes CR).",
    "number-out-of-range": "An integer outside ±(2^53 - 1), the integers JSON holds exactly.",
    "yaml-syntax": "The text is not valid YAML.",
    "yaml-alias": "An anchor (&) or alias (*): records must spell every value out.",
    "yaml-tag": "An explicit tag (!, !!): no tag may construct anything.",
    "yaml-merge-key": "A merge key (<<).",
    "yaml-duplicate-key": "The same key twice in one mapping.",
    "yaml-key-type": "A key that is not a plain string (a number, a boolean, a list...).",
    "yaml-multiple-documents": "More than one YAML document in the file.",
    "yaml-not-mapping": "The top level of the file is not a mapping (key: value pairs).",
    "yaml-too-deep": "Nesting deeper than 32 levels.",
    "yaml-comment-cuts-text": "Unquoted free text followed by ' #': YAML cuts the text there.",
    # one record against its schema
    "schema": "The record does not match its JSON Schema (type, enum, format, pattern...).",
    "schema-required": "A required field is missing.",
    "schema-unknown-field": "A field the schema does not know (often a typo).",
    # where files live
    "unknown-file": "A file under records/ that is no record type of this program.",
    "bad-id": "The file name is not a valid id (a-z, 0-9, '-', 2 to 64 characters).",
    "duplicate-id": "Two records of the same type share an id.",
    "session-folder": "A session's YYYY/MM folder does not match its date.",
    # rules across records
    "unknown-reference": "A reference to a record that does not exist.",
    "session-mentor": "A session's mentor or co-mentor is not on its request.",
    "session-before-opened": "A session dated before its request was opened.",
    "session-after-closed": "A session dated after its request was closed.",
    "closed-before-opened": "A request closed before it was opened.",
    "duplicate-session": "Two sessions of one request share date and start.",
    "completed-without-session": "A completed request has no attended session.",
    "future-session": "A session dated after today (program timezone).",
    "end-before-start": "A session's end is not after its start.",
    "duplicate-note": "Two notes of one session share author and time.",
    "attachment-missing": "An attachment's file does not exist.",
    "attachment-outside": "An attachment path outside records/attachments/<request>/.",
    "attachment-symlink": "An attachment is a symbolic link.",
    "attachment-type": "An attachment's file type is not allowed.",
    "attachment-size": "An attachment is over the size limit.",
    "attachment-unreferenced": "A file under records/attachments/ that no session lists.",
    "completes-open-request": "A session completes its request, but the request is still open.",
    # git-aware policy over a change (`mentorlog check`)
    "late-without-reason": "A session added after its deadline has no late_reason.",
    "late-rejected": "A session added after its deadline (deadline.late: reject).",
    "late-entry": "A session added after its deadline (deadline.late: warn).",
    "note-changed": "A note already on the base branch was changed (notes are append-only).",
    "note-order": "Notes were reordered, or a new note was put before an older one.",
    "note-not-yours": "A new note's `by` is not the --author's own mentor id.",
    "note-removed": "A note was removed by someone other than its writer or a coordinator.",
    "not-session-lead": "A co-mentor changed a session's fields (its mentor's or a coordinator's).",
    "session-locked": "A session past its deadline changed other than by added notes.",
    "session-deleted": "A session was deleted or renamed (a coordinator's act).",
    "not-your-session": "The --author is not the session's mentor or a co-mentor.",
    "not-your-request": "The --author added an attachment to a request they are not on.",
    "coordinator-only": "A file only a coordinator may change (everything but sessions).",
    "unknown-author": "The --author is no active mentor on the base branch.",
    # the program's GitHub set-up (what CI runs is pinned)
    "codeowners-placeholder": "CODEOWNERS still names the placeholder team (nothing is owned).",
}
