"""Business outcomes and SBA Form 641 Part I details on the site: totals and counts on the
fiscal-year pages (the same figures as `report fiscal-year`, from stats.Summary), each
client's own outcomes and details on their page (coordinators' site only)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from ...periods import outcome_figures
from ...stats import Summary
from ...view import PART_I_FIELDS, Request
from ..markdown import heading, inert, number, table
from . import Ctx, client_cell, words
from .tables import counter_table

# outcome totals as the page names them: (report key, label, is a count of clients)
TOTALS = (("businesses_started", "Businesses started (clients)", True),
          ("clients_with_outcomes", "Clients with any outcome", True),
          ("jobs_created", "Jobs created", False), ("jobs_retained", "Jobs retained", False),
          ("loan", "Loans ($)", False), ("equity", "Equity ($)", False),
          ("grant", "Grants ($)", False), ("total", "Capital, total ($)", False),
          ("revenue_increase", "Revenue increase ($)", False),
          ("contract_won", "Contracts won ($)", False))


def year_blocks(ctx: Ctx, source: str, summary: Summary, first: date, last: date) -> list[str]:
    """A fiscal year's outcomes (totals, then each event on the coordinators' site) and the
    Part I counts of the clients served; nothing for a youth program."""
    if ctx.data.youth:
        return []
    blocks = [heading(2, "Outcomes"), outcome_totals(ctx, summary)]
    if not ctx.public:
        blocks.append(outcome_events(ctx, source, first, last))
    blocks.append(heading(2, "Clients served: SBA Form 641 Part I"))
    for key in PART_I_FIELDS:
        blocks.append(counter_table(ctx, words(key).capitalize(),
                                    summary.details.get(key, Counter()), "Clients"))
    return blocks


def outcome_totals(ctx: Ctx, summary: Summary) -> str:
    """Totals only: counts of clients are suppressed on the public site like any count; jobs
    and dollars are sums over every reported event, shown as they are (like hours)."""
    figures = outcome_figures(summary)
    flat = {**figures, **figures["capital"]}
    rows = [[inert(label), inert(ctx.count(flat[key])) if clients else number(flat[key])]
            for key, label, clients in TOTALS]
    return table(["Outcome", "Total"], rows, numeric=(1,), searchable=True)


def outcome_events(ctx: Ctx, source: str, first: date, last: date) -> str:
    """Every outcome reported in the period, by session date (coordinators' site)."""
    rows = [[inert(s.day), client_cell(ctx, source, s.client), inert(words(o.kind)),
             inert(o.on or "") if o.kind == "business_started" else number(o.value)]
            for s in ctx.data.sessions_between(first, last) for o in s.outcomes]
    return table(["Date", "Client", "Outcome", "Value"], rows, numeric=(3,))


def client_blocks(ctx: Ctx, client_id: str, requests: list[Request]) -> list[str]:
    """A business client's own outcomes and Part I details: only on their page."""
    if ctx.data.youth or ctx.public:
        return []
    events = [[inert(s.day), inert(words(o.kind)),
               inert(o.on or "") if o.kind == "business_started" else number(o.value)]
              for r in requests for s in r.sessions for o in s.outcomes]
    details = ctx.data.details.get(client_id, {})
    rows = [[inert(words(key).capitalize()),
             inert(", ".join(words(v) for v in details.get(key, ())) or "not recorded")]
            for key in PART_I_FIELDS]
    return [heading(2, f"Outcomes ({len(events)})"),
            table(["Reported", "Outcome", "Value"], sorted(events), numeric=(2,))
            if events else inert("None reported yet."),
            heading(2, "SBA Form 641 Part I"), table(["Detail", "As the client said"], rows)]
