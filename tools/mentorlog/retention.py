"""`mentorlog report retention`: the clients whose records the program may no longer keep.

With `retention.years_after_closed: N` in mentorlog.yaml, a client is due when every request of
theirs is closed (completed or withdrawn) and the last of their `closed` dates is more than N
years before today: due from the day after that date's N-th anniversary (the anniversary of
Feb 29 is Feb 28 in a year without one). A client with an open request is still being served,
so never due. A client with no request has no date to count from: never due, but listed apart
(`without_requests`) for a coordinator to review by hand. A closed request without a `closed`
date (`validate` reports it) keeps its client off the list: a missing date never makes anyone
due. Without the setting nothing is due (records are kept forever).

Ids only, never names: the list is a coordinator's work list and may be pasted into an issue.
The site's dashboard counts the same list (`due_clients`), so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .program import Program
from .reports import csv_text, render
from .view import Data, Request, load_data


@dataclass(frozen=True)
class Due:
    client: str
    since: date  # the first day the client is due


def anniversary(day: date, years: int) -> date:
    """`day`, `years` later; Feb 29 falls on Feb 28 in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # Feb 29 -> a common year
        return day.replace(year=day.year + years, day=28)


def due_since(requests: Iterable[Request], years: int) -> date | None:
    """The first day a client with these requests is due: the day after the N-th anniversary
    of the last closing. None while a request is open or has no closing date, or without any
    request."""
    closings = []
    for request in requests:
        if request.is_open or request.closed is None:
            return None
        closings.append(request.closed)
    return anniversary(max(closings), years) + timedelta(days=1) if closings else None


def _requests_by_client(data: Data) -> dict[str, list[Request]]:
    found: dict[str, list[Request]] = {}
    for request in data.requests.values():
        found.setdefault(request.client, []).append(request)
    return found


def due_clients(data: Data) -> list[Due]:
    """The clients due on `data.today`, in id order; none without a retention setting."""
    years = data.settings.retention_years
    if years is None:
        return []
    by_client = _requests_by_client(data)
    listed = []
    for client in sorted(data.clients):
        since = due_since(by_client.get(client, ()), years)
        if since is not None and since <= data.today:
            listed.append(Due(client, since))
    return listed


def without_requests(data: Data) -> list[str]:
    """Clients no request names: the retention clock cannot start for them."""
    named = _requests_by_client(data)
    return sorted(client for client in data.clients if client not in named)


def retention_report(program: Program, today: date | None = None) -> dict[str, Any]:
    today = today or program.today()
    data = load_data(program, today)
    return {"program": program.settings.name, "as_of": today.isoformat(),
            "years_after_closed": program.settings.retention_years,
            "due": [{"client": d.client, "due_since": d.since.isoformat()}
                    for d in due_clients(data)],
            "without_requests": without_requests(data)}


def render_retention(report: dict[str, Any], fmt: str) -> str:
    return render(report, fmt, text=_as_text, table=_as_csv)


def _as_text(report: dict[str, Any]) -> str:
    years = report["years_after_closed"]
    if years is None:
        lines = ["No retention period: retention.years_after_closed is not set in "
                 "mentorlog.yaml, so records are kept forever."]
    else:
        lines = [f"Clients due on {report['as_of']} (their last request closed more than "
                 f"{years} year{'s' if years != 1 else ''} before): {len(report['due'])}"]
        lines += [f"- {d['client']} (due since {d['due_since']})" for d in report["due"]]
    if report["without_requests"]:
        lines.append("Clients without any request (no date to count from; review by hand): "
                     f"{len(report['without_requests'])}")
        lines += [f"- {client}" for client in report["without_requests"]]
    return "\n".join(lines) + "\n"


def _as_csv(report: dict[str, Any]) -> str:
    """One row per client listed: client, status (due | without_requests), due_since."""
    due = [(d["client"], "due", d["due_since"]) for d in report["due"]]
    return csv_text(["client", "status", "due_since"],
                    due + [(c, "without_requests", "") for c in report["without_requests"]])
