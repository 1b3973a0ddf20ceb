"""Requests (matches): the open ones and the completed or withdrawn ones."""

from __future__ import annotations

from ..markdown import inert, page, title
from . import Ctx
from .tables import requests_table


def pages(ctx: Ctx) -> dict[str, str]:
    if ctx.public:
        return {}
    lab = ctx.labels
    requests = sorted(ctx.data.requests.values(), key=lambda r: (r.opened is None, r.opened,
                                                                   r.id))
    open_ = [r for r in requests if r.is_open]
    closed = [r for r in requests if not r.is_open]
    return {
        "requests/open.md": page(
            title(f"Open {lab.requests}"),
            inert(f"{len(open_)} open. Stale: open with no session in 30 days."),
            requests_table(ctx, "requests/open.md", open_)),
        "requests/closed.md": page(
            title(f"Completed and withdrawn {lab.requests}"),
            inert(f"{len(closed)} closed."),
            requests_table(ctx, "requests/closed.md", closed)),
    }
