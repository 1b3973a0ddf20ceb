"""One page per month and per fiscal year, and their index pages."""

from __future__ import annotations

from datetime import date

from ...dates import add_months, fiscal_range, fiscal_year, month_range
from ...stats import Summary, hours_by_month, summarize
from ...view import HOUR_KINDS
from ..charts import bar_chart, hbar_chart
from ..markdown import heading, inert, link, number, page, table, title
from . import Ctx, href, impact, month_page, words
from .tables import counter_table, late_table, month_sessions_table


def pages(ctx: Ctx) -> dict[str, str]:
    months = all_months(ctx)
    years = sorted({fiscal_year(month_range(m)[0], ctx.data.settings.fiscal_year_start)
                    for m in months})
    out = {"months.md": months_index(ctx, months), "years.md": years_index(ctx, years)}
    for month in months:
        out[month_page(month)] = month_page_text(ctx, month)
    for year in years:
        out[year_page(year)] = year_page_text(ctx, year)
    return out


def all_months(ctx: Ctx) -> list[str]:
    """Every month from the first session to this month (or the last session)."""
    days = [s.day for s in ctx.data.sessions]
    if not days:
        return []
    first, last = min(days).replace(day=1), max([*days, ctx.data.today]).replace(day=1)
    months, current = [], first
    while current <= last:
        months.append(current.strftime("%Y-%m"))
        current = add_months(current, 1)
    return months


def with_page(ctx: Ctx, months: list[str]) -> list[str]:
    """The months of `months` that have a page: a fiscal year's table links only those (its
    months after this one, or before the first session, have none)."""
    existing = set(all_months(ctx))
    return [m for m in months if m in existing]


def year_page(year: int) -> str:
    return f"years/fy{year}.md"


def facts_table(ctx: Ctx, summary: Summary) -> str:
    lab = ctx.labels
    counts = [("Sessions", summary.sessions), ("Attended", summary.attended),
              (f"{lab.clients.capitalize()} served", len(summary.clients)),
              ("No-shows", summary.no_shows), ("Late entries", summary.late),
              (f"New {lab.requests}", summary.opened),
              (f"Completed {lab.requests}", summary.completed),
              (f"Withdrawn {lab.requests}", summary.withdrawn)]
    # hours are sums, not counts of people or sessions: shown as they are
    hours = [[inert(f"{words(kind).capitalize()} hours"), number(summary.hours[kind])]
             for kind in HOUR_KINDS if kind in summary.hours or kind == "mentor"]
    safety = [("Safety concerns", summary.safety_concerns)] if ctx.data.youth else []

    def cells(figures: list[tuple[str, int]]) -> list[list[str]]:
        return [[inert(k), inert(ctx.count(v))] for k, v in figures]

    return table(["Figure", "Count"], cells(counts) + hours + cells(safety), numeric=(1,),
                 searchable=True)


def breakdowns(ctx: Ctx, summary: Summary) -> list[str]:
    kind_label = "Session type" if ctx.data.youth else "Mentoring type"
    channel_label = "Interaction" if ctx.data.youth else "Online type"
    blocks = [heading(2, "Hours by kind"), hbar_chart("Hours by kind", [
        (words(k), summary.hours[k]) for k in HOUR_KINDS])]
    parts = [("Topics", summary.topics), (kind_label, summary.kinds),
             (channel_label, summary.channels), ("Languages", summary.languages),
             ("Resource needs", summary.resource_needs)]
    for label, counts in parts:
        if counts:
            top = ctx.ranked(ctx.counts(counts))[:15]
            blocks += [heading(2, label),
                       hbar_chart(label, [(words(k), v) for k, v in top], ctx.hide_below),
                       counter_table(ctx, label, counts)]
    return blocks


def month_page_text(ctx: Ctx, month: str) -> str:
    """The month's figures, then (coordinators' site only: it names people) every session of
    the month in date order, the list a coordinator checks before closing the month, and its
    late entries."""
    first, last = month_range(month)
    summary = summarize(ctx.data, first, last)
    source = month_page(month)
    figures = [title(f"Month {month}"), facts_table(ctx, summary)]
    if ctx.public:
        return page(*figures, *breakdowns(ctx, summary))
    sessions = sorted(ctx.data.sessions_between(first, last),
                      key=lambda s: (s.day, s.start, s.id))
    return page(*figures, heading(2, f"Sessions ({len(sessions)})"),
                month_sessions_table(ctx, source, sessions), *breakdowns(ctx, summary),
                heading(2, "Late entries"), late_table(ctx, source, sessions))


def year_page_text(ctx: Ctx, year: int) -> str:
    start = ctx.data.settings.fiscal_year_start
    first, last = fiscal_range(year, start)
    summary = summarize(ctx.data, first, last)
    months = [add_months(first, i).strftime("%Y-%m") for i in range(12)]
    source = year_page(year)
    blocks = [title(f"Fiscal year {year}"),
              inert(f"{first.isoformat()} to {last.isoformat()}"), facts_table(ctx, summary),
              heading(2, "Hours per month"),
              bar_chart("Hours per month", [(m[2:], v) for m, v in hours_by_month(ctx.data,
                                                                                 months)]),
              months_table(ctx, source, with_page(ctx, months)), *breakdowns(ctx, summary),
              *impact.year_blocks(ctx, source, summary, first, last)]
    if not ctx.public:
        sessions = ctx.data.sessions_between(first, last)
        blocks += [heading(2, "Late entries"), late_table(ctx, source, sessions)]
    return page(*blocks)


def months_table(ctx: Ctx, source: str, months: list[str]) -> str:
    rows = []
    for month in months:
        summary = summarize(ctx.data, *month_range(month))
        rows.append([link(month, href(source, month_page(month))),
                     *(inert(ctx.count(n)) for n in (summary.sessions, len(summary.clients))),
                     number(sum(summary.hours.values())),
                     *(inert(ctx.count(n)) for n in (summary.no_shows, summary.late))])
    lab = ctx.labels
    return table(["Month", "Sessions", f"{lab.clients.capitalize()} served", "Hours",
                  "No-shows", "Late"], rows, numeric=(1, 2, 3, 4, 5), searchable=True)


def months_index(ctx: Ctx, months: list[str]) -> str:
    return page(title("Months"), months_table(ctx, "months.md", list(reversed(months))))


def years_index(ctx: Ctx, years: list[int]) -> str:
    rows = []
    for year in reversed(years):
        first, last = fiscal_range(year, ctx.data.settings.fiscal_year_start)
        summary = summarize(ctx.data, first, last)
        rows.append([link(f"FY{year}", href("years.md", year_page(year))),
                     inert(f"{first} to {last}"), inert(ctx.count(summary.sessions)),
                     inert(ctx.count(len(summary.clients))),
                     number(sum(summary.hours.values()))])
    return page(title("Fiscal years"), table(
        ["Fiscal year", "Period", "Sessions", f"{ctx.labels.clients.capitalize()} served",
         "Hours"], rows, numeric=(2, 3, 4), searchable=True))


def current_year(ctx: Ctx, day: date) -> int:
    return fiscal_year(day, ctx.data.settings.fiscal_year_start)
