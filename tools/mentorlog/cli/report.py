"""mentorlog report monthly|reminders: the month's figures for a funder (aggregates only);
who has sessions to log before the next deadline (request ids, never client names)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..deadlines import parse_now
from ..program import Program
from ..reminders import REMINDER_FORMATS, reminders, render_reminders
from ..repo import find_repo
from ..reports import REPORT_FORMATS, default_month, monthly_report, render
from .common import add_repo_option


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("report", help="the monthly summary (counts and hours, no names)",
                            description="Figures for one month: sessions, attendance, clients "
                            "served, hours by kind, topics or interactions, requests opened "
                            "and closed, late entries. No names and no notes.")
    kinds = parser.add_subparsers(dest="report", metavar="REPORT", required=True)
    monthly = kinds.add_parser("monthly", help="one month's figures")
    monthly.add_argument("--month", metavar="YYYY-MM",
                         help="the month (default: the last complete month)")
    monthly.add_argument("--format", choices=REPORT_FORMATS, default="text")
    add_repo_option(monthly, default=argparse.SUPPRESS)
    monthly.set_defaults(run=run)
    remind = kinds.add_parser(
        "reminders", help="who has sessions to log before the next deadline",
        description="For the next logging deadline: the mentors (id and GitHub login) whose "
        "open requests have no session logged in the month it closes, with request ids only "
        "(never client names). The reminder workflow posts the text as an issue.")
    remind.add_argument("--now", metavar="ISO-8601",
                        help="the clock (default: now; no UTC offset: the program's timezone)")
    remind.add_argument("--format", choices=REMINDER_FORMATS, default="text")
    add_repo_option(remind, default=argparse.SUPPRESS)
    remind.set_defaults(run=run_reminders)


def run(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    month = args.month or default_month(program.today())
    sys.stdout.write(render(monthly_report(program, month), args.format))
    return 0


def run_reminders(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    now = parse_now(args.now, program.settings.tz)
    sys.stdout.write(render_reminders(reminders(program, now), args.format))
    return 0
