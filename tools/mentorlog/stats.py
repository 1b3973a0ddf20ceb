"""The totals behind the site and the reports: sessions counted and hours summed over a
period, the outcomes clients reported, their Part I details counted, and youth matches, from
the typed view of the records (view.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from .view import PART_I_FIELDS, Data, Request, Session

NOT_RECORDED = "not_recorded"  # a Part I field or closure reason the record leaves out
# how long matches ran, in whole months: (key, from, up to but excluding; None = no limit)
LENGTH_BANDS = (("under_3", 0, 3), ("3_to_6", 3, 6), ("6_to_12", 6, 12), ("12_plus", 12, None))
# the words figures add to the schemas' enum values (a public page may show them)
FIGURE_WORDS = frozenset({NOT_RECORDED, *(key for key, _, _ in LENGTH_BANDS)})


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
    new_clients: int = 0  # clients whose first attended session is in the period
    attendance: Counter[str] = field(default_factory=Counter)
    # outcomes: events and totals (jobs or dollars) by kind; business_started counts clients
    outcome_events: Counter[str] = field(default_factory=Counter)
    outcome_totals: Counter[str] = field(default_factory=Counter)
    started: set[str] = field(default_factory=set)
    outcome_clients: set[str] = field(default_factory=set)
    # Part I over the clients served: field -> value -> clients (race: once per race listed)
    details: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, s: Session) -> None:
        self.sessions += 1
        self.attendance.update([s.attendance] if s.attendance else [])
        self.add_outcomes(s)
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

    def add_outcomes(self, s: Session) -> None:
        """Every outcome entry is one event: two reports of jobs both count, while a client
        who reported business_started twice is one business started."""
        for outcome in s.outcomes:
            self.outcome_events[outcome.kind] += 1
            self.outcome_totals[outcome.kind] += outcome.value
            self.outcome_clients.add(s.client)
            if outcome.kind == "business_started":
                self.started.add(s.client)


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
    for session in data.sessions_between(first, last):
        summary.add(session)
    summary.new_clients = sum(first <= day <= last for day in data.first_sessions.values())
    summary.details = count_details(data, summary.clients)
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


def count_details(data: Data, clients: Iterable[str]) -> dict[str, Counter[str]]:
    """Part I counts over `clients` (business): each field's values, "undisclosed" as the
    client said, NOT_RECORDED where the record is silent; a client counts once per race."""
    if not data.details:
        return {}
    counts: dict[str, Counter[str]] = {key: Counter() for key in PART_I_FIELDS}
    for client in clients:
        details = data.details.get(client, {})
        for key in PART_I_FIELDS:
            counts[key].update(set(details.get(key, ())) or {NOT_RECORDED})
    return counts


@dataclass
class Matches:
    """Youth matches over a period: those active at some time in it, measured to the day they
    closed or the period's end (today at the latest)."""

    minimum_months: int
    active: int = 0  # still open at the period's end
    lengths: list[int] = field(default_factory=list)  # whole months, every match counted
    closures: Counter[str] = field(default_factory=Counter)  # closed in the period, by reason
    reached_minimum: int = 0  # of those closed, how many ran minimum_months or more

    @property
    def closed(self) -> int:
        return sum(self.closures.values())

    @property
    def median_months(self) -> float | None:
        return float(median(self.lengths)) if self.lengths else None

    @property
    def share_reaching_minimum(self) -> float | None:
        return round(self.reached_minimum / self.closed, 3) if self.closed else None

    def bands(self) -> dict[str, int]:
        return {key: sum(low <= n and (high is None or n < high) for n in self.lengths)
                for key, low, high in LENGTH_BANDS}


def summarize_matches(data: Data, first: date, last: date) -> Matches:
    end = min(last, data.today)
    matches = Matches(data.settings.match_minimum_months)
    for request in data.requests.values():
        if not _active_between(request, first, end):
            continue
        months = request.length_months(end)
        matches.lengths.append(months or 0)
        if request.closed is not None and request.closed <= end and not request.is_open:
            matches.closures[request.closure_reason or NOT_RECORDED] += 1
            matches.reached_minimum += (months or 0) >= matches.minimum_months
        else:
            matches.active += 1
    return matches


def _active_between(request: Request, first: date, end: date) -> bool:
    """Open at some time from `first` to `end`: opened by the end, not closed before first."""
    return request.opened is not None and request.opened <= end and (
        request.closed is None or request.is_open or request.closed >= first)
