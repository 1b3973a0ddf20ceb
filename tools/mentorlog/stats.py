"""The totals behind the site and the monthly report: sessions counted and hours summed
over a period, from the typed view of the records (view.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .view import Data, Session


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
