"""`export --format sba641`: the counselor record of SBA Form 641, one row per mentor per session.

The Form counts each counselor's time: the lead mentor's row carries the session's hours with
its prep and travel hours, each co-mentor's row their own hours (the records hold no prep or
travel hours of a co-mentor: those cells stay empty). Column names are the ones SCORE's
mentoring request uses for the Form's fields (docs/exports.md maps each to the Form and lists
the Form's fields the records do not hold). The client's Part I details come as written,
`undisclosed` included; a detail never asked is an empty cell.

Business programs only: a youth program has no counselor record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .index import RecordIndex, text, texts
from .problems import MentorlogError
from .program import Program
from .sessioncsv import Row, csv_bytes, rows

LEAD, CO_MENTOR = "mentor", "co-mentor"


@dataclass(frozen=True)
class Line:
    """One mentor's part of one session: who, in which role, and their hours."""

    row: Row
    mentor: str
    role: str  # LEAD | CO_MENTOR
    contact: float
    prep: float | None  # None: the records hold none for this mentor
    travel: float | None

    @property
    def total(self) -> float:
        return self.contact + (self.prep or 0.0) + (self.travel or 0.0)


def _part_one(field: str) -> Callable[[Line], Any]:
    """A Part I detail of the client, as written (a list, such as race, joined with `;`)."""
    if field == "race":
        return lambda line: ";".join(texts(line.row.client, field))
    return lambda line: text(line.row.client, field)


def _meeting(line: Line, field: str) -> str:
    """`YYYY-MM-DD HH:MM`, the Form's "Meeting Start/End Date & Time" (empty: not written)."""
    at = text(line.row.raw, field)
    return f"{line.row.session.day.isoformat()} {at}" if at else ""


COLUMNS: tuple[tuple[str, Callable[[Line], Any]], ...] = (
    ("Session ID", lambda line: line.row.session.id),
    ("Mentoring Request", lambda line: line.row.session.request),
    ("Mentoring Date", lambda line: line.row.session.day.isoformat()),
    ("Meeting Start", lambda line: _meeting(line, "start")),
    ("Meeting End", lambda line: _meeting(line, "end")),
    ("Mentor ID", lambda line: line.mentor),
    ("Mentor Name", lambda line: line.row.view.mentor_name(line.mentor)),
    ("Mentor Role", lambda line: line.role),
    ("Client ID", lambda line: line.row.session.client),
    ("Client Name", lambda line: line.row.view.client_name(line.row.session.client)),
    ("Business Name", lambda line: text(line.row.client, "business")),
    ("Mentoring Type", lambda line: line.row.session.kind),
    ("Online Type", lambda line: line.row.session.channel),
    ("Nature of Counseling Provided", lambda line: ";".join(texts(line.row.raw, "topics"))),
    ("Other Counseling Provided", lambda line: text(line.row.raw, "other_topic")),
    ("Other Mentoring Location", lambda line: text(line.row.raw, "location")),
    ("Language Used", lambda line: text(line.row.raw, "language")),
    ("Other Language Used", lambda line: text(line.row.raw, "other_language")),
    ("Attendance", lambda line: line.row.session.attendance),
    ("Contact Hours", lambda line: line.contact),
    ("Prep Hours", lambda line: line.prep),
    ("Travel Hours", lambda line: line.travel),
    ("Total Hours", lambda line: line.total),
    ("ZIP Code", _part_one("zip")),
    ("Gender", _part_one("gender")),
    ("Race", _part_one("race")),
    ("Ethnicity", _part_one("ethnicity")),
    ("Veteran Status", _part_one("veteran")),
    ("Disability", _part_one("disability")),
)


def lines(row: Row) -> list[Line]:
    """The lead mentor's line, then each co-mentor's in the order the session lists them."""
    hours = row.session.hours
    lead = Line(row, row.session.mentor, LEAD, hours["mentor"], hours["prep"], hours["travel"])
    return [lead, *(Line(row, mentor, CO_MENTOR, own, None, None)
                    for mentor, own in row.session.co_hours)]


def require_business(program: Program) -> None:
    if program.settings.profile != "business":
        raise MentorlogError(
            f"--format sba641: SBA Form 641 is a business program's counselor record; this "
            f"program's profile is {program.settings.profile} (use --format csv)")


def as_csv(program: Program, index: RecordIndex) -> bytes:
    require_business(program)
    body: Iterable[list[Any]] = ([cell(line) for _, cell in COLUMNS]
                                 for row in rows(program, index) for line in lines(row))
    return csv_bytes([name for name, _ in COLUMNS], body)
