"""The figures a program sends its funders over a period: `report monthly` (reports.py),
`report fiscal-year`, `report quarter`, and youth `report matches` (docs/reports.md lists
every key). Aggregates only, no names and no notes, from the same totals (stats.py) as the
site's month and fiscal-year pages, so a report and the site can never disagree.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from .dates import fiscal_quarter_range, fiscal_range, fiscal_year
from .problems import MentorlogError
from .program import Program
from .schemas import enum_values
from .stats import Matches, Summary, only_words, summarize, summarize_matches
from .view import (
    CAPITAL_KINDS,
    OUTCOME_AMOUNTS,
    OUTCOME_COUNTS,
    PART_I_FIELDS,
    REPORTED_HOUR_KINDS,
    Data,
    load_data,
)

OUTCOME_KINDS = ("business_started", *OUTCOME_COUNTS, *OUTCOME_AMOUNTS)
# the parts of a report whose keys are values (schema enum words, or "other"): the
# documentation writes them `topics.*`
BREAKDOWNS = ("mentoring_types", "online_types", "types", "interactions", "topics",
              "languages", "resource_needs", "attendance", "outcomes.events",
              *(f"client_details.{key}" for key in PART_I_FIELDS), "matches.closures")


def period_figures(program: Program, data: Data, first: date, last: date) -> dict[str, Any]:
    """Every figure of a period from `first` to `last` (both included)."""
    s = summarize(data, first, last)
    report = activity_figures(program, s)
    if program.settings.profile == "youth":
        report["matches"] = match_figures(program, summarize_matches(data, first, last))
    else:
        report["outcomes"] = outcome_figures(s)
        report["client_details"] = detail_figures(program, s)
    return report


def activity_figures(program: Program, s: Summary) -> dict[str, Any]:
    """Sessions, clients, hours, requests and the sessions' breakdowns."""
    youth = program.settings.profile == "youth"
    # keys are the schema's enum values (the program's languages among them), or "other":
    # a report never carries what someone typed (other_topic, other_language, bad values)
    words = enum_values(program.schemas.inlined(program.schema_uri("session")))

    def counts(counter: Counter[str]) -> dict[str, int]:
        return dict(sorted(only_words(counter, words).items()))

    report: dict[str, Any] = {
        "sessions": s.sessions, "attended": s.attended, "no_shows": s.no_shows,
        "late_entries": s.late, "clients_served": len(s.clients),
        "hours": {kind: s.hours.get(kind, 0.0)
                  for kind in REPORTED_HOUR_KINDS[program.settings.profile]},
        "requests": {"opened": s.opened, "completed": s.completed, "withdrawn": s.withdrawn},
        "types" if youth else "mentoring_types": counts(s.kinds),
        "interactions" if youth else "online_types": counts(s.channels),
    }
    if youth:
        report.update(safety_concerns=s.safety_concerns, resource_needs=counts(s.resource_needs))
    else:
        report.update(topics=counts(s.topics), languages=counts(s.languages))
    report.update(new_clients=s.new_clients, attendance=counts(s.attendance))
    return report


def outcome_figures(s: Summary) -> dict[str, Any]:
    """Businesses started counts clients; jobs and dollars are summed over every event."""
    totals = s.outcome_totals
    return {
        "businesses_started": len(s.started),
        **{kind: totals[kind] for kind in OUTCOME_COUNTS},
        "capital": {**{kind: totals[kind] for kind in CAPITAL_KINDS},
                    "total": sum(totals[kind] for kind in CAPITAL_KINDS)},
        **{kind: totals[kind] for kind in OUTCOME_AMOUNTS if kind not in CAPITAL_KINDS},
        "clients_with_outcomes": len(s.outcome_clients),
        "events": {kind: s.outcome_events[kind] for kind in OUTCOME_KINDS},
    }


def detail_figures(program: Program, s: Summary) -> dict[str, dict[str, int]]:
    """Part I counts with every value the schema allows (zeros included), so the keys stay
    the same from one period to the next; anything else a record holds counts as "other"."""
    uri = program.schema_uri("client")
    figures = {}
    for key in PART_I_FIELDS:
        allowed = enum_values(program.schemas.subschemas_at(uri, (key,))) | {"not_recorded"}
        found = only_words(s.details.get(key, Counter()), allowed)
        figures[key] = {value: found[value] for value in sorted(allowed | found.keys())}
    return figures


def match_figures(program: Program, m: Matches) -> dict[str, Any]:
    reasons = enum_values(program.schemas.subschemas_at(program.schema_uri("request"),
                                                        ("closure_reason",)))
    return {
        "minimum_months": m.minimum_months, "active": m.active, "closed": m.closed,
        "median_months": m.median_months, "length_months": m.bands(),
        "closures": {reason: m.closures[reason] for reason in sorted(reasons | m.closures.keys())},
        "reached_minimum": m.reached_minimum, "share_reaching_minimum": m.share_reaching_minimum,
    }


def _header(program: Program, today: date, **period: Any) -> dict[str, Any]:
    return {"program": program.settings.name, "profile": program.settings.profile,
            **period, "as_of": today.isoformat()}


def default_year(program: Program, today: date) -> int:
    """The fiscal year today falls in."""
    return fiscal_year(today, program.settings.fiscal_year_start)


def fiscal_year_report(program: Program, year: str | None = None,
                       today: date | None = None) -> dict[str, Any]:
    """Fiscal year YYYY is the one that ends in YYYY (FY2027 = Oct 2026 - Sep 2027)."""
    today = today or program.today()
    if year is not None and (not re.fullmatch(r"[0-9]{4}", year) or year == "0000"):
        raise MentorlogError("--year: write the fiscal year as YYYY, the year it ends in")
    number = int(year) if year else default_year(program, today)
    first, last = fiscal_range(number, program.settings.fiscal_year_start)
    return {**_header(program, today, fiscal_year=number, first_day=first.isoformat(),
                      last_day=last.isoformat()),
            **period_figures(program, load_data(program, today), first, last)}


def default_quarter(program: Program, today: date) -> str:
    """The last complete fiscal quarter before today's."""
    start = program.settings.fiscal_year_start
    year = fiscal_year(today, start)
    current = (today.month - start) % 12 // 3 + 1
    return f"{year}-Q{current - 1}" if current > 1 else f"{year - 1}-Q4"


def quarter_report(program: Program, quarter: str | None = None,
                   today: date | None = None) -> dict[str, Any]:
    """Fiscal quarters: Q1 is the fiscal year's first three months."""
    today = today or program.today()
    quarter = quarter or default_quarter(program, today)
    if not re.fullmatch(r"[0-9]{4}-Q[1-4]", quarter) or quarter.startswith("0000"):
        raise MentorlogError("--quarter: write it as YYYY-QN (fiscal year, quarter 1 to 4)")
    year, number = int(quarter[:4]), int(quarter[-1])
    first, last = fiscal_quarter_range(year, number, program.settings.fiscal_year_start)
    return {**_header(program, today, quarter=quarter, fiscal_year=year,
                      first_day=first.isoformat(), last_day=last.isoformat()),
            **period_figures(program, load_data(program, today), first, last)}


def matches_report(program: Program, today: date | None = None) -> dict[str, Any]:
    """Every youth match up to today: active, how long they ran, why they ended."""
    if program.settings.profile != "youth":
        raise MentorlogError("report matches is for youth programs (profile: youth); this "
                             "program's profile is business")
    today = today or program.today()
    data = load_data(program, today)
    return {**_header(program, today),
            "matches": match_figures(program, summarize_matches(data, date.min, today))}
