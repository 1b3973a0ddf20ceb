"""`export --format csv`: one row a session, for a coordinator's spreadsheet.

A session row names what a coordinator would otherwise look up by hand: the request's client
(id, name, business or site) and the session's mentors (the effective one, and co-mentors).
Columns are fixed per profile, in the order documented in docs/exports.md; every number
column always holds a number, so a spreadsheet can sum it.

Free text is kept only where it completes a field the Form asks for (`other_topic`,
`other_language`, `location`) or names a person or business. Notes, a late entry's reason,
a request's questions and attachment titles stay out: they are narrative about a person,
often many lines, and belong on the client's page (or in the JSON and SQLite exports), not in
a file that travels by e-mail. A late entry is shown as `late_entry` true/false.

The file is UTF-8 with a byte order mark (spreadsheets then show accents right), and every
cell goes through `reports.csv_cell`, so record text never runs as a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .index import RecordIndex, text, texts
from .program import Program
from .reports import csv_text
from .view import Data, Session, read

BOM = "\ufeff"  # what tells a spreadsheet that the file is UTF-8


@dataclass(frozen=True)
class Row:
    """One session with what a row needs beside it: the whole view, its client's record."""

    session: Session
    view: Data
    client: dict[str, Any]  # the client record's data ({} if the request names none)

    @property
    def raw(self) -> dict[str, Any]:
        """The session as written (the enum values, without the view's `other: ...`)."""
        return self.session.record.data


Column = tuple[str, Callable[[Row], Any]]

_HEAD: tuple[Column, ...] = (
    ("date", lambda r: r.session.day.isoformat()),
    ("start", lambda r: r.session.start),
    ("end", lambda r: text(r.raw, "end")),
    ("id", lambda r: r.session.id),
    ("path", lambda r: r.session.record.path),
    ("request", lambda r: r.session.request),
    ("client", lambda r: r.session.client),
    ("client_name", lambda r: r.view.client_name(r.session.client)),
)
_MENTOR: tuple[Column, ...] = (
    ("mentor", lambda r: r.session.mentor),
    ("mentor_name", lambda r: r.view.mentor_name(r.session.mentor)),
)
_LATE: Column = ("late_entry", lambda r: bool(r.session.late_reason))

COLUMNS: dict[str, tuple[Column, ...]] = {
    "business": (
        *_HEAD,
        ("business", lambda r: text(r.client, "business")),
        *_MENTOR,
        ("co_mentors", lambda r: ";".join(r.session.co_mentors)),
        ("hours", lambda r: r.session.hours["mentor"]),
        ("co_mentor_hours", lambda r: r.session.hours["co-mentor"]),
        ("prep_hours", lambda r: r.session.hours["prep"]),
        ("travel_hours", lambda r: r.session.hours["travel"]),
        ("attendance", lambda r: r.session.attendance),
        ("mentoring_type", lambda r: r.session.kind),
        ("online_type", lambda r: r.session.channel),
        ("location", lambda r: text(r.raw, "location")),
        ("topics", lambda r: ";".join(texts(r.raw, "topics"))),
        ("other_topic", lambda r: text(r.raw, "other_topic")),
        ("language", lambda r: text(r.raw, "language")),
        ("other_language", lambda r: text(r.raw, "other_language")),
        ("completes_request", lambda r: r.raw.get("completes_request") is True),
        _LATE,
    ),
    "youth": (
        *_HEAD,
        ("site", lambda r: text(r.client, "site")),
        ("site_name", lambda r: _site_name(r)),
        *_MENTOR,
        ("hours", lambda r: r.session.hours["mentor"]),
        ("attendance", lambda r: r.session.attendance),
        ("type", lambda r: r.session.kind),
        ("interaction", lambda r: r.session.channel),
        ("safety_concern", lambda r: r.session.safety is not None),
        ("resource_needs", lambda r: ";".join(r.session.resource_needs)),
        _LATE,
    ),
}


def _site_name(row: Row) -> str | None:
    site = row.view.sites.get(text(row.client, "site") or "")
    return site.name if site else None


def rows(program: Program, index: RecordIndex) -> Iterable[Row]:
    """Every session in date order (date, start, id), as the site lists them."""
    view = read(index, program.settings, program.today())
    for session in view.sessions:
        client = index.get("client", session.client)
        yield Row(session, view, client.data if client else {})


def as_csv(program: Program, index: RecordIndex) -> bytes:
    columns = COLUMNS[program.settings.profile]
    return csv_bytes([name for name, _ in columns],
                     ([cell(row) for _, cell in columns] for row in rows(program, index)))


def csv_bytes(header: Sequence[str], body: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file for spreadsheets: UTF-8 with a BOM, every cell defused (`csv_cell`)."""
    return (BOM + csv_text(header, body)).encode("utf-8")
