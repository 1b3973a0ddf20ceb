"""The typed view of the records: each record read into plain values (Session, Request...).

Reading is defensive (the site is also built over records that are not valid yet): a value of
the wrong type reads as absent, and a session without a real date is left out of every figure.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from .dates import months_between, parse_date
from .deadlines import has_visible_words
from .index import RecordIndex, mappings, text, texts
from .program import Program, load_program
from .progress import Progress
from .records import Record
from .settings import Settings

STALE_DAYS = 30
# the kinds of hours a session holds (the keys of Session.hours), in the order shown
HOUR_KINDS = ("mentor", "co-mentor", "prep", "travel")
# the kinds a profile's monthly report lists: a youth program reports mentor hours only
REPORTED_HOUR_KINDS = {"business": HOUR_KINDS, "youth": HOUR_KINDS[:1]}
# a business session's outcomes (DESIGN section 4) by what their value is
OUTCOME_COUNTS = ("jobs_created", "jobs_retained")  # `count`: whole jobs
OUTCOME_AMOUNTS = ("loan", "equity", "grant", "revenue_increase", "contract_won")  # `amount`: $
CAPITAL_KINDS = ("loan", "equity", "grant")
# a business client's SBA Form 641 Part I details; race is a list, the others one value
PART_I_FIELDS = ("gender", "race", "ethnicity", "veteran", "disability")


@dataclass(frozen=True)
class Note:
    by: str
    at: str
    text: str


@dataclass(frozen=True)
class Outcome:
    """One event a client reported at a session: `value` is its count (jobs) or amount (US
    dollars), 1 for business_started, whose `on` is the day the business started."""

    kind: str
    value: int
    on: date | None = None


@dataclass(frozen=True)
class Session:
    id: str
    request: str
    client: str
    mentor: str
    day: date
    start: str
    hours: dict[str, float]  # HOUR_KINDS -> hours
    attendance: str
    kind: str  # mentoring_type (business) or type (youth)
    channel: str  # online_type (business) or interaction (youth)
    topics: tuple[str, ...]
    language: str  # as the coordinators' site shows it: `other: <other_language>` for other
    language_group: str  # as every figure counts it: a program language or "other"
    co_mentors: tuple[str, ...]
    co_hours: tuple[tuple[str, float], ...]  # (co-mentor, their hours)
    late_reason: str  # "" unless it holds visible words (the reason `check` accepts)
    notes: tuple[Note, ...]
    attachments: tuple[tuple[str, str], ...]  # (path under records/, title)
    safety: tuple[str, str] | None  # (reported to, reported at) when a concern was logged
    resource_needs: tuple[str, ...]
    outcomes: tuple[Outcome, ...]
    record: Record = field(compare=False, repr=False)

    @property
    def month(self) -> str:
        return self.day.strftime("%Y-%m")

    @property
    def total_hours(self) -> float:
        return sum(self.hours.values())


@dataclass
class Request:
    id: str
    client: str
    mentor: str
    co_mentors: tuple[str, ...]
    opened: date | None
    status: str
    closed: date | None
    questions: tuple[str, ...]
    closure_reason: str = ""  # youth: why a match that is not open ended
    sessions: list[Session] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def last_session(self) -> date | None:
        return max((s.day for s in self.sessions), default=None)

    @property
    def hours(self) -> float:
        return sum(s.hours["mentor"] for s in self.sessions)

    def age(self, today: date) -> int | None:
        end = today if self.is_open or self.closed is None else self.closed
        return (end - self.opened).days if self.opened else None

    def length_months(self, until: date) -> int | None:
        """Whole months the request (a youth match) ran: to its closing date, or to `until`
        (today, or a period's end) while it was still open then."""
        if self.opened is None:
            return None
        end = self.closed if self.closed is not None and self.closed <= until else until
        return months_between(self.opened, end)

    def is_stale(self, today: date) -> bool:
        last = self.last_session or self.opened
        return self.is_open and last is not None and (today - last).days > STALE_DAYS


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    facts: tuple[tuple[str, str], ...]  # (label, value) shown on the person's page


@dataclass
class Data:
    settings: Settings
    today: date
    clients: dict[str, Person]
    mentors: dict[str, Person]
    sites: dict[str, Person]
    requests: dict[str, Request]
    sessions: list[Session]  # in date order
    # business: each client's Part I details, field -> values ("undisclosed" is a value;
    # a field the record leaves out is absent)
    details: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def youth(self) -> bool:
        return self.settings.profile == "youth"

    def sessions_between(self, first: date, last: date) -> list[Session]:
        """The sessions dated `first` to `last`, both included: a slice of the date-ordered
        list (pages ask this for every month and year; a scan each time was quadratic)."""
        return self.sessions[bisect_left(self._days, first):bisect_right(self._days, last)]

    @cached_property
    def _days(self) -> list[date]:
        return [session.day for session in self.sessions]

    @cached_property
    def first_sessions(self) -> dict[str, date]:
        """Each client's first attended session: the period it falls in has them as new."""
        found: dict[str, date] = {}
        for session in self.sessions:  # in date order: the first one seen is the first
            if session.attendance == "attended":
                found.setdefault(session.client, session.day)
        return found

    @cached_property
    def open_requests_by_mentor(self) -> dict[str, list[Request]]:
        """Each mentor's open requests (as lead or co-mentor), in request order."""
        found: dict[str, list[Request]] = {}
        for request in self.requests.values():
            if request.is_open:
                for mentor_id in {request.mentor, *request.co_mentors}:
                    found.setdefault(mentor_id, []).append(request)
        return found

    def client_name(self, client_id: str) -> str:
        person = self.clients.get(client_id)
        return person.name if person else client_id

    def mentor_name(self, mentor_id: str) -> str:
        person = self.mentors.get(mentor_id)
        return person.name if person else mentor_id


def number(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return 0.0


def _person(record: Record, fields: tuple[tuple[str, str], ...]) -> Person:
    data = record.data
    name = text(data, "name") or record.id
    facts = []
    for key, label in fields:
        value = data.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if isinstance(value, dict):
            value = ", ".join(str(v) for v in value.values() if isinstance(v, str))
        if value not in (None, ""):
            facts.append((label, str(value)))
    return Person(record.id, name, tuple(facts))


CLIENT_FIELDS = {
    "business": (("business", "Business"), ("email", "Email"), ("phone", "Phone"),
                 ("stage", "Stage"), ("industry", "Industry")),
    "youth": (("site", "Site"), ("grade", "Grade")),
}
MENTOR_FIELDS = (("email", "Email"), ("role", "Role"), ("languages", "Languages"),
                 ("active", "Active"))


def read(index: RecordIndex, settings: Settings, today: date) -> Data:
    """Every record the site shows, as plain values."""
    people = {kind: {r.id: _person(r, fields) for r in index.all(kind)}
              for kind, fields in (("client", CLIENT_FIELDS[settings.profile]),
                                   ("mentor", MENTOR_FIELDS), ("site", (("contact", "Contact"),)))}
    requests = {r.id: _request(r) for r in sorted(index.all("request"), key=lambda r: r.id)}
    sessions = sorted((s for r in index.all("session")
                       if (s := _session(r, index, settings)) is not None),
                      key=lambda s: (s.day, s.start, s.id))
    for session in sessions:
        if session.request in requests:
            requests[session.request].sessions.append(session)
    details = {r.id: _details(r.data) for r in index.all("client")} \
        if settings.profile == "business" else {}
    return Data(settings, today, people["client"], people["mentor"], people["site"],
                requests, sessions, details)


def _details(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """A client's Part I details; a value of the wrong type reads as not recorded."""
    found = {key: tuple(texts(data, key)) if key == "race" else (text(data, key) or "",)
             for key in PART_I_FIELDS}
    return {key: values for key, values in found.items() if any(values)}


def _request(record: Record) -> Request:
    data = record.data
    status = text(data, "status") or "open"
    return Request(record.id, text(data, "client") or "", text(data, "mentor") or "",
                   tuple(texts(data, "co_mentors")), parse_date(data.get("opened")), status,
                   parse_date(data.get("closed")), tuple(texts(data, "questions")),
                   text(data, "closure_reason") or "")


def _session(record: Record, index: RecordIndex, settings: Settings) -> Session | None:
    data = record.data
    day = parse_date(data.get("date"))
    if day is None:
        return None
    request = index.get("request", text(data, "request") or "")
    co = [(text(c, "mentor") or "", number(c, "hours")) for _, c in mappings(data, "co_mentors")]
    return Session(
        record.id, text(data, "request") or "",
        text(request.data, "client") or "" if request else "",
        index.session_mentor(record) or "", day, text(data, "start") or "",
        dict(zip(HOUR_KINDS, (number(data, "hours"), sum(h for _, h in co),
                              number(data, "prep_hours"), number(data, "travel_hours")),
                 strict=True)),
        text(data, "attendance") or "", text(data, "mentoring_type") or text(data, "type") or "",
        text(data, "online_type") or text(data, "interaction") or "", _topics(data),
        _language(data), settings.language_group(text(data, "language") or ""),
        tuple(m for m, _ in co if m), tuple(co),
        _late_reason(data),
        tuple(Note(text(n, "by") or "", text(n, "at") or "", text(n, "text") or "")
              for _, n in mappings(data, "notes")),
        tuple((text(a, "path") or "", text(a, "title") or text(a, "path") or "")
              for _, a in mappings(data, "attachments")),
        _safety(data), tuple(texts(data, "resource_needs")), _outcomes(data), record)


def _outcomes(data: dict[str, Any]) -> tuple[Outcome, ...]:
    """Each outcome entry is one event; one without a usable value counts as none."""
    found = []
    for _, entry in mappings(data, "outcomes"):
        kind = text(entry, "kind") or ""
        key = "count" if kind in OUTCOME_COUNTS else "amount" if kind in OUTCOME_AMOUNTS \
            else "on" if kind == "business_started" else ""
        value = entry.get(key)
        if key == "on" and (day := parse_date(value)) is not None:
            found.append(Outcome(kind, 1, day))
        elif key not in ("", "on") and isinstance(value, int) and not isinstance(value, bool) \
                and value > 0:
            found.append(Outcome(kind, value))
    return tuple(found)


def _late_reason(data: dict[str, Any]) -> str:
    """A reason of spaces or invisible characters is no reason: such a session is no late
    entry with a reason on the site, as it is none for `check`."""
    reason = text(data, "late_reason") or ""
    return reason if has_visible_words(reason) else ""


def _safety(data: dict[str, Any]) -> tuple[str, str] | None:
    if data.get("safety_concern") is not True:
        return None
    report = data.get("safety_report")
    report = report if isinstance(report, dict) else {}
    return text(report, "reported_to") or "", text(report, "reported_at") or ""


def _language(data: dict[str, Any]) -> str:
    return _with_other(text(data, "language") or "", text(data, "other_language"))


def _topics(data: dict[str, Any]) -> tuple[str, ...]:
    other = text(data, "other_topic")
    return tuple(_with_other(t, other) for t in texts(data, "topics"))


def _with_other(value: str, other: str | None) -> str:
    """The enum value "other" with what was typed beside it, `other: <text>`, as the
    coordinators' site shows it; a published figure merges it back into "other"
    (stats.only_words: it is no enum value)."""
    return f"other: {other}" if value == "other" and other else value


def load_data(program: Program, today: date, progress: Progress | None = None) -> Data:
    """Every record of `program` loaded and read into the typed view: what the site, the
    reports and the retention review count (no schema verdicts: they report none)."""
    return read(load_program(program, schema_targets=set(), progress=progress).index,
                program.settings, today)
