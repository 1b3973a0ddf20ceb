"""`mentorlog report reminders`: who has sessions to log before the next deadline.

For the next logging deadline (`deadlines.next_deadline`), the mentors whose open requests
have no session logged in the month that deadline closes, by mentor id and GitHub login, with
request ids only: the list goes into a GitHub issue, so it never names a client. A request
opened after that month, a request that is not open, and a mentor who left the program
(`active: false`) are not reminded. The reminder workflow (templates/github-reminders.yml)
opens or updates one issue from this list a few days before each deadline.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .dates import month_range, parse_date
from .deadlines import next_deadline
from .index import RecordIndex, text
from .program import Program, load_program
from .reports import csv_text, render


def reminders(program: Program, now: datetime) -> dict[str, Any]:
    """The reminder list at `now`: the deadline, its month, the days left, and per mentor
    (id order) the open requests without a session in that month."""
    today = now.astimezone(program.settings.tz).date()
    found = next_deadline(today, program.settings.deadline_rule)
    report: dict[str, Any] = {"program": program.settings.name, "month": None,
                              "deadline": None, "days_left": None, "mentors": []}
    if found is None:  # deadline rule `none`: nothing is ever due
        return report
    month, due = found
    index = load_program(program, schema_targets=set()).index
    report.update(month=month, deadline=due.isoformat(), days_left=(due - today).days,
                  mentors=_mentors_to_remind(index, month))
    return report


def _mentors_to_remind(index: RecordIndex, month: str) -> list[dict[str, Any]]:
    waiting: dict[str, list[str]] = {}
    for request in sorted(index.all("request"), key=lambda r: r.id):
        if _needs_a_session(index, request.id, request.data, month):
            waiting.setdefault(text(request.data, "mentor") or "", []).append(request.id)
    listed = []
    for mentor_id, requests in sorted(waiting.items()):
        mentor = index.get("mentor", mentor_id)
        if mentor is None or mentor.data.get("active", True) is not False:
            github = text(mentor.data, "github") if mentor is not None else None
            listed.append({"mentor": mentor_id, "github": github, "requests": requests})
    return listed


def _needs_a_session(index: RecordIndex, request_id: str, data: dict[str, Any],
                     month: str) -> bool:
    """Open, opened by the end of `month`, and no session of it dated in `month`."""
    first, last = month_range(month)
    opened = parse_date(data.get("opened"))
    if data.get("status", "open") != "open" or not data.get("mentor") or \
            (opened is not None and opened > last):
        return False
    return not any(_in(parse_date(s.data.get("date")), first, last)
                   for s in index.sessions_by_request.get(request_id, []))


def _in(day: date | None, first: date, last: date) -> bool:
    return day is not None and first <= day <= last


def render_reminders(report: dict[str, Any], fmt: str) -> str:
    return render(report, fmt, text=_as_text, table=_as_csv)


def _as_text(report: dict[str, Any]) -> str:
    """Markdown-friendly text (the workflow posts it as the issue body): logins as @mentions."""
    if report["deadline"] is None:
        return "No logging deadline: this program's deadline rule is none.\n"
    lines = [f"Sessions held in {report['month']} must be logged by the end of "
             f"{report['deadline']} ({report['days_left']} days left)."]
    if not report["mentors"]:
        return lines[0] + "\nEvery open request has a session logged that month.\n"
    lines.append("Open requests with no session logged that month:\n")
    for entry in report["mentors"]:
        who = f"@{entry['github']} ({entry['mentor']})" if entry["github"] \
            else f"{entry['mentor']} (no GitHub login)"
        lines.append(f"- {who}: {', '.join(entry['requests'])}")
    return "\n".join(lines) + "\n"


def _as_csv(report: dict[str, Any]) -> str:
    """One row per request to log: mentor, github, request, month, deadline."""
    return csv_text(["mentor", "github", "request", "month", "deadline"],
                    ((entry["mentor"], entry["github"], request, report["month"],
                      report["deadline"])
                     for entry in report["mentors"] for request in entry["requests"]))
