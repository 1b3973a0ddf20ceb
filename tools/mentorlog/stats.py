"""The numbers behind the site: records read into plain values, then counted and summed.

Reading is defensive (the build also runs over records that are not valid yet): a value of
the wrong type reads as absent, and a session without a real date is left out of every figure.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .deadlines import deadline_day, has_visible_words
from .index import RecordIndex, mappings, text, texts
from .records import Record
from .rules import parse_date
from .settings import Settings

STALE_DAYS = 30
HOUR_KINDS = ("mentor", "co-mentor", "prep", "travel")


@dataclass(frozen=True)
class Note:
    by: str
    at: str
    text: str


@dataclass(frozen=True)
class Session:
    id: str
    request: str
    client: str
    mentor: str
    day: date
    start: str
    hours: dict[str, float]
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

    @property
    def youth(self) -> bool:
        return self.settings.profile == "youth"

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
    return Data(settings, today, people["client"], people["mentor"], people["site"],
                requests, sessions)


def _request(record: Record) -> Request:
    data = record.data
    status = text(data, "status") or "open"
    return Request(record.id, text(data, "client") or "", text(data, "mentor") or "",
                   tuple(texts(data, "co_mentors")), parse_date(data.get("opened")), status,
                   parse_date(data.get("closed")), tuple(texts(data, "questions")))


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
        {"mentor": number(data, "hours"), "co-mentor": sum(h for _, h in co),
         "prep": number(data, "prep_hours"), "travel": number(data, "travel_hours")},
        text(data, "attendance") or "", text(data, "mentoring_type") or text(data, "type") or "",
        text(data, "online_type") or text(data, "interaction") or "", _topics(data),
        _language(data), settings.language_group(text(data, "language") or ""),
        tuple(m for m, _ in co if m), tuple(co),
        _late_reason(data),
        tuple(Note(text(n, "by") or "", text(n, "at") or "", text(n, "text") or "")
              for _, n in mappings(data, "notes")),
        tuple((text(a, "path") or "", text(a, "title") or text(a, "path") or "")
              for _, a in mappings(data, "attachments")),
        _safety(data), tuple(texts(data, "resource_needs")), record)


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
    language, other = text(data, "language") or "", text(data, "other_language")
    return f"other: {other}" if language == "other" and other else language


def _topics(data: dict[str, Any]) -> tuple[str, ...]:
    topics = texts(data, "topics")
    other = text(data, "other_topic")
    return tuple(f"other: {other}" if t == "other" and other else t for t in topics)


# --- periods and deadlines ---

def month_range(month: str) -> tuple[date, date]:
    """First and last day of YYYY-MM."""
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def fiscal_year(day: date, start_month: int) -> int:
    """The fiscal year `day` falls in, named by the calendar year it ends in (FY2026 = Oct
    2025 - Sep 2026 when it starts in October)."""
    return day.year + 1 if start_month > 1 and day.month >= start_month else day.year


def fiscal_range(year: int, start_month: int) -> tuple[date, date]:
    first = date(year - 1 if start_month > 1 else year, start_month, 1)
    return first, add_months(first, 12) - timedelta(days=1)


def next_deadline(today: date, rule: str) -> tuple[str, date] | None:
    """(month it closes, deadline) of the first logging deadline on or after today."""
    for months_back in (1, 0):
        first = add_months(today.replace(day=1), -months_back)
        deadline = deadline_day(first, rule)
        if deadline is not None and deadline >= today:
            return first.strftime("%Y-%m"), deadline
    return None


def months_back(today: date, count: int) -> list[str]:
    first = today.replace(day=1)
    return [add_months(first, -i).strftime("%Y-%m") for i in range(count - 1, -1, -1)]


# --- summaries ---

@dataclass
class Summary:
    sessions: int = 0
    attended: int = 0
    no_shows: int = 0
    late: int = 0
    clients: set[str] = field(default_factory=set)
    hours: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    topics: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    resource_needs: Counter[str] = field(default_factory=Counter)
    safety_concerns: int = 0
    opened: int = 0
    completed: int = 0
    withdrawn: int = 0

    def add(self, s: Session) -> None:
        self.sessions += 1
        self.attended += s.attendance == "attended"
        self.no_shows += s.attendance == "no_show"
        self.late += bool(s.late_reason)
        self.safety_concerns += s.safety is not None
        if s.attendance == "attended":
            self.clients.add(s.client)
        for kind, value in s.hours.items():
            if value:
                self.hours[kind] += value
        self.topics.update(s.topics)
        self.kinds.update([s.kind] if s.kind else [])
        self.channels.update([s.channel] if s.channel else [])
        self.languages.update([s.language_group] if s.language else [])
        self.resource_needs.update(s.resource_needs)


def only_words(counts: Counter[str], words: frozenset[str]) -> Counter[str]:
    """`counts` with every key that is not one of `words` (the schema's enum values) merged
    into "other": other_topic, other_language and whatever an invalid record holds are free
    text, and a published figure never carries what someone typed."""
    merged: Counter[str] = Counter()
    for key, value in counts.items():
        merged[key if key in words else "other"] += value
    return merged


def summarize(data: Data, first: date, last: date) -> Summary:
    summary = Summary()
    for session in sessions_between(data.sessions, first, last):
        summary.add(session)
    for request in data.requests.values():
        summary.opened += bool(request.opened and first <= request.opened <= last)
        if request.closed and first <= request.closed <= last:
            summary.completed += request.status == "completed"
            summary.withdrawn += request.status == "withdrawn"
    return summary


def sessions_between(sessions: Iterable[Session], first: date, last: date) -> list[Session]:
    return [s for s in sessions if first <= s.day <= last]


def hours_by_month(data: Data, months: list[str]) -> list[tuple[str, float]]:
    totals: dict[str, float] = defaultdict(float)
    wanted = set(months)
    for session in data.sessions:
        if session.month in wanted:
            totals[session.month] += session.total_hours
    return [(month, totals[month]) for month in months]
