"""Youth: the matches page (active matches, how long they ran, why they ended, the share of
closed matches that reached matches.minimum_months), the figures of `report matches`."""

from __future__ import annotations

from datetime import date

from ...stats import Matches, summarize_matches
from ..markdown import heading, inert, number, page, table, title
from . import Ctx, client_cell, mentor_cell, words
from .tables import counter_table

SOURCE = "youth/matches.md"


def pages(ctx: Ctx) -> dict[str, str]:
    if not ctx.data.youth:
        return {}
    matches = summarize_matches(ctx.data, date.min, ctx.data.today)
    blocks = [title("Matches"),
              inert(f"Every match up to {ctx.data.today}, measured in whole months to the day "
                    f"it closed (or today), against the commitment of "
                    f"{matches.minimum_months} months."),
              facts(ctx, matches), heading(2, "Length"),
              table(["Months", "Matches"], [[inert(words(k)), inert(ctx.count(v))]
                                            for k, v in matches.bands().items()],
                    numeric=(1,)),
              heading(2, "Closures by reason"),
              counter_table(ctx, "Reason", matches.closures, "Matches")]
    if not ctx.public:
        blocks += [heading(2, "Every match"), match_table(ctx)]
    return {SOURCE: page(*blocks)}


def facts(ctx: Ctx, m: Matches) -> str:
    share = m.share_reaching_minimum
    rows = [[inert(label), inert(ctx.count(value))] for label, value in (
        ("Active matches", m.active), ("Closed matches", m.closed),
        (f"Closed after {m.minimum_months} months or more", m.reached_minimum))]
    rows += [[inert("Median length (months)"), number(m.median_months)
              if m.median_months is not None else "-"],
             # a share of suppressed counts would tell them: the public site leaves it out
             [inert("Share of closed matches reaching the commitment"),
              "-" if share is None or ctx.public else inert(f"{share:.0%}")]]
    return table(["Figure", "Value"], rows, numeric=(1,), searchable=True)


def match_table(ctx: Ctx) -> str:
    """One row per match, newest first (coordinators' site)."""
    today, rows = ctx.data.today, []
    for r in sorted(ctx.data.requests.values(), key=lambda r: (r.opened or date.min, r.id),
                    reverse=True):
        months = r.length_months(today)
        rows.append([inert(r.id), client_cell(ctx, SOURCE, r.client),
                     mentor_cell(ctx, SOURCE, r.mentor), inert(r.opened or ""),
                     inert(r.closed or ""), inert("" if months is None else months),
                     inert(r.status), inert(words(r.closure_reason))])
    return table(["Match", "Mentee", "Mentor", "Opened", "Closed", "Months", "Status",
                  "Closure reason"], rows, numeric=(5,), searchable=True)
