"""Youth programs: safety concerns (who reported, to whom, when) and resource needs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ...view import Session
from ..markdown import heading, inert, page, table, title
from . import Ctx, client_cell, mentor_cell, words
from .tables import counter_table


def pages(ctx: Ctx) -> dict[str, str]:
    if not ctx.data.youth:
        return {}
    out = {"youth/resources.md": resources(ctx)}
    if not ctx.public:
        out["youth/safety.md"] = safety(ctx)
    return out


def safety_table(ctx: Ctx, source: str, sessions: Iterable[Session]) -> str:
    rows = []
    for s in sessions:
        reported_to, reported_at = s.safety or ("", "")
        rows.append([inert(s.day), client_cell(ctx, source, s.client),
                     mentor_cell(ctx, source, s.mentor), inert(reported_to or "not reported"),
                     inert(reported_at)])
    return table(["Date", ctx.labels.client.capitalize(), "Reported by", "Reported to",
                  "Reported at"], rows)


def safety(ctx: Ctx) -> str:
    concerns = [s for s in reversed(ctx.data.sessions) if s.safety]
    return page(title("Safety concerns"),
                inert("Every session where a mentor logged a child-safety concern, newest "
                      "first, with who reported it, to whom and when."),
                safety_table(ctx, "youth/safety.md", concerns))


def resources(ctx: Ctx) -> str:
    source = "youth/resources.md"
    totals: Counter[str] = Counter(n for s in ctx.data.sessions for n in s.resource_needs)
    blocks = [title("Resource needs"), counter_table(ctx, "Need", totals)]
    if not ctx.public:
        rows = [[inert(s.day), client_cell(ctx, source, s.client),
                 mentor_cell(ctx, source, s.mentor),
                 inert(", ".join(words(n) for n in s.resource_needs))]
                for s in reversed(ctx.data.sessions) if s.resource_needs]
        blocks += [heading(2, "Sessions that noted a need"),
                   table(["Date", ctx.labels.client.capitalize(), "Mentor", "Needs"], rows)]
    return page(*blocks)
