"""Tables shared by several page families: requests, sessions, late entries, counters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ...view import Request, Session
from ..markdown import inert, number, table
from . import Ctx, client_cell, href, mentor_cell, month_page, words


def requests_table(ctx: Ctx, source: str, requests: Iterable[Request]) -> str:
    today, lab = ctx.data.today, ctx.labels
    headers = [lab.request.capitalize(), lab.client.capitalize(), "Mentor", "Status", "Opened",
               "Age (days)", "Sessions", "Hours", "Last session", "Stale"]
    rows = []
    for r in requests:
        last = r.last_session
        rows.append([inert(r.id), client_cell(ctx, source, r.client),
                     mentor_cell(ctx, source, r.mentor), inert(r.status),
                     inert(r.opened or ""), inert(r.age(today) if r.opened else ""),
                     str(len(r.sessions)), number(r.hours), inert(last or ""),
                     "stale" if r.is_stale(today) else ""])
    return table(headers, rows, numeric=(5, 6, 7))


def sessions_table(ctx: Ctx, source: str, sessions: Iterable[Session],
                   client: bool = True, mentor: bool = True) -> str:
    headers = ["Date", "Start"] + ([ctx.labels.client.capitalize()] if client else []) \
        + (["Mentor"] if mentor else []) + ["Type", "Hours", "Attendance", "Late"]
    rows = []
    for s in sessions:
        row = [inert(s.day), inert(s.start)]
        row += [client_cell(ctx, source, s.client)] if client else []
        row += [mentor_cell(ctx, source, s.mentor)] if mentor else []
        row += [inert(words(s.kind)), number(s.hours["mentor"]), inert(words(s.attendance)),
                "late" if s.late_reason else ""]
        rows.append(row)
    return table(headers, rows, numeric=(len(headers) - 3,))


def month_sessions_table(ctx: Ctx, source: str, sessions: Iterable[Session]) -> str:
    """A month's sessions as a coordinator checks them, in the order given. Fewer columns
    than `sessions_table` (no start, no type), so the row fits the page without scrolling
    sideways; the request says which of a client's requests a session counts for."""
    lab = ctx.labels
    headers = ["Date", lab.client.capitalize(), "Mentor", lab.request.capitalize(), "Hours",
               "Attendance", "Late"]
    rows = [[inert(s.day), client_cell(ctx, source, s.client),
             mentor_cell(ctx, source, s.mentor), inert(s.request), number(s.hours["mentor"]),
             inert(words(s.attendance)), "late" if s.late_reason else ""] for s in sessions]
    return table(headers, rows, numeric=(4,))


def late_table(ctx: Ctx, source: str, sessions: Iterable[Session]) -> str:
    """Sessions entered after their deadline (those with a late reason)."""
    headers = ["Date", ctx.labels.client.capitalize(), "Mentor", "Month page"]
    headers += ["Reason"] if ctx.notes_shown else []
    rows = []
    for s in sessions:
        if not s.late_reason:
            continue
        month = f'<a href="{inert(href(source, month_page(s.month)))}">{inert(s.month)}</a>'
        row = [inert(s.day), client_cell(ctx, source, s.client),
               mentor_cell(ctx, source, s.mentor), month]
        rows.append(row + ([inert(s.late_reason)] if ctx.notes_shown else []))
    return table(headers, rows)


def counter_table(ctx: Ctx, label: str, counts: Counter[str], value: str = "Sessions") -> str:
    """A breakdown, largest first; on the public site only enum words, small counts hidden."""
    rows = [[inert(words(k)), inert(ctx.count(v))] for k, v in ctx.ranked(ctx.counts(counts))]
    return table([label, value], rows, numeric=(1,), searchable=True)
