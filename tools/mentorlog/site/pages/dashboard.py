"""The dashboard: this month, the next deadline, what needs a coordinator's attention."""

from __future__ import annotations

from datetime import timedelta

from ...dates import fiscal_range, month_range, months_back
from ...deadlines import next_deadline
from ...retention import due_clients
from ...stats import hours_by_month, summarize
from ..charts import bar_chart
from ..markdown import heading, inert, link, page
from . import Ctx, href
from .periods import current_year, facts_table, year_page
from .tables import late_table, requests_table
from .youth import safety_table

SOURCE = "index.md"
SAFETY_DAYS = 60


def pages(ctx: Ctx) -> dict[str, str]:
    return {SOURCE: dashboard(ctx)}


def dashboard(ctx: Ctx) -> str:
    data, lab = ctx.data, ctx.labels
    month = data.today.strftime("%Y-%m")
    first, last = month_range(month)
    open_requests = [r for r in data.requests.values() if r.is_open]
    stale = [r for r in open_requests if r.is_stale(data.today)]
    # an H1, no front-matter title: Material titles the home page `site_name` alone only when
    # it has none (a title would read "<title> - <site_name>", the name twice)
    blocks = [heading(1, data.settings.name if not ctx.public else "Program summary"),
              inert(f"As of {data.today.isoformat()}."), deadline_text(ctx),
              heading(2, f"This month so far ({month})"),
              facts_table(ctx, summarize(data, first, min(last, data.today))),
              heading(2, "Hours per month, last 12 months"),
              bar_chart("Hours per month", [(m[2:], v) for m, v in
                                            hours_by_month(data, months_back(data.today, 12))]),
              heading(2, f"Open {lab.requests}"),
              inert(f"{ctx.count(len(open_requests))} open, {ctx.count(len(stale))} stale "
                    "(open, no session in 30 days).")]
    if not ctx.public:
        blocks += [link(f"All open {lab.requests}", href(SOURCE, "requests/open.md")),
                   heading(2, f"Stale {lab.requests}"), requests_table(ctx, SOURCE, stale)]
        blocks += late_entries(ctx)
        blocks += retention_due(ctx)
    if data.youth:
        blocks += safety_followups(ctx)
    return page(*blocks)


def deadline_text(ctx: Ctx) -> str:
    found = next_deadline(ctx.data.today, ctx.data.settings.deadline_rule)
    if found is None:
        return inert("This program has no logging deadline.")
    month, deadline = found
    days = (deadline - ctx.data.today).days
    return inert(f"Next logging deadline: sessions of {month} by {deadline:%A %Y-%m-%d}, "
                 f"{days} day{'s' if days != 1 else ''} left.")


def late_entries(ctx: Ctx) -> list[str]:
    year = current_year(ctx, ctx.data.today)
    first, last = fiscal_range(year, ctx.data.settings.fiscal_year_start)
    sessions = ctx.data.sessions_between(first, last)
    return [heading(2, f"Late entries, fiscal year {year}"),
            link(f"FY{year} summary", href(SOURCE, year_page(year))),
            late_table(ctx, SOURCE, sessions)]


def retention_due(ctx: Ctx) -> list[str]:
    """Coordinators' site only: how many clients the retention period says to erase (the
    names stay off the dashboard; the command lists the ids). Nothing without the setting."""
    years = ctx.data.settings.retention_years
    if years is None:
        return []
    due = len(due_clients(ctx.data))
    return [heading(2, "Retention"),
            inert(f"{due} {ctx.labels.client if due == 1 else ctx.labels.clients} due for "
                  f"erasure (every {ctx.labels.request} closed more than {years} "
                  f"year{'s' if years != 1 else ''} ago):")
            + " <code>mentorlog report retention</code> lists them."]


def safety_followups(ctx: Ctx) -> list[str]:
    since = ctx.data.today - timedelta(days=SAFETY_DAYS)
    concerns = [s for s in ctx.data.sessions if s.safety and s.day >= since]
    blocks = [heading(2, f"Safety concerns, last {SAFETY_DAYS} days"),
              inert(f"{ctx.count(len(concerns))} session(s) with a safety concern.")]
    if not ctx.public:
        blocks += [link("All safety concerns", href(SOURCE, "youth/safety.md")),
                   safety_table(ctx, SOURCE, concerns)]
    return blocks
