"""mentorlog report monthly|fiscal-year|quarter|matches|reminders|retention: the figures a
funder asks for (aggregates only, docs/reports.md), who has sessions to log before the next
deadline (request ids, never client names), and which clients the retention period says to
erase (client ids only)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from ..deadlines import parse_now
from ..periods import fiscal_year_report, matches_report, quarter_report
from ..program import Program
from ..reminders import reminders, render_reminders
from ..repo import find_repo
from ..reports import REPORT_FORMATS, default_month, monthly_report, render
from ..retention import render_retention, retention_report
from .common import add_repo_option


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("report", help="figures for a month, quarter, fiscal year or the "
                            "matches (counts and hours, no names); reminders",
                            description="Figures for a period: sessions, attendance, clients "
                            "served, hours by kind, topics or interactions, requests opened "
                            "and closed, late entries, outcomes and client details as counts "
                            "(docs/reports.md). No names and no notes. `reminders`: who has "
                            "sessions to log before the next deadline. `retention`: the "
                            "clients whose records are due for erasure.")
    kinds = parser.add_subparsers(dest="report", metavar="REPORT", required=True)
    monthly = kinds.add_parser("monthly", help="one month's figures")
    monthly.add_argument("--month", metavar="YYYY-MM",
                         help="the month (default: the last complete month)")
    monthly.add_argument("--format", choices=REPORT_FORMATS, default="text")
    add_repo_option(monthly, default=argparse.SUPPRESS)
    monthly.set_defaults(run=run)
    add_period_parsers(kinds)
    remind = kinds.add_parser(
        "reminders", help="who has sessions to log before the next deadline",
        description="For the next logging deadline: the mentors (id and GitHub login) whose "
        "open requests have no session logged in the month it closes, with request ids only "
        "(never client names). The reminder workflow posts the text as an issue.")
    remind.add_argument("--now", metavar="ISO-8601",
                        help="the clock (default: now; no UTC offset: the program's timezone)")
    remind.add_argument("--format", choices=REPORT_FORMATS, default="text")
    add_repo_option(remind, default=argparse.SUPPRESS)
    remind.set_defaults(run=run_reminders)
    add_retention_parser(kinds)


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


def add_retention_parser(kinds: Any) -> None:
    retention = kinds.add_parser(
        "retention", help="the clients due for erasure under retention.years_after_closed",
        description="The clients (ids only) whose requests are all closed, the last more than "
        "retention.years_after_closed years ago, with the day each became due; clients "
        "without any request are listed apart. Without the setting nothing is due "
        "(docs/privacy.md).")
    retention.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                           help="the day of the review (default: today in the program's "
                           "timezone)")
    retention.add_argument("--format", choices=REPORT_FORMATS, default="text")
    add_repo_option(retention, default=argparse.SUPPRESS)
    retention.set_defaults(run=run_retention)


def run_retention(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    sys.stdout.write(render_retention(retention_report(program, args.today), args.format))
    return 0


def add_period_parsers(kinds: Any) -> None:
    """report fiscal-year, quarter and matches: the figures funders ask for (docs/reports.md)."""
    year = kinds.add_parser("fiscal-year", help="one fiscal year's figures and outcomes",
                            description="Fiscal year YYYY is the one that ends in YYYY: with "
                            "fiscal_year_start 10, FY2027 runs Oct 2026 - Sep 2027.")
    year.add_argument("--year", metavar="YYYY", help="the fiscal year (default: the current one)")
    quarter = kinds.add_parser("quarter", help="one fiscal quarter's figures",
                               description="Fiscal quarters: Q1 is the fiscal year's first "
                               "three months.")
    quarter.add_argument("--quarter", metavar="YYYY-QN",
                         help="the quarter (default: the last complete one)")
    matches = kinds.add_parser("matches", help="youth: matches, how long they ran, why they "
                               "ended", description="Every youth match up to today: active, "
                               "length, closures by reason, share reaching minimum_months.")
    for parser, run_report in ((year, run_fiscal_year), (quarter, run_quarter),
                               (matches, run_matches)):
        parser.add_argument("--format", choices=REPORT_FORMATS, default="text")
        add_repo_option(parser, default=argparse.SUPPRESS)
        parser.set_defaults(run=run_report)


def run_fiscal_year(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    sys.stdout.write(render(fiscal_year_report(program, args.year), args.format))
    return 0


def run_quarter(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    sys.stdout.write(render(quarter_report(program, args.quarter), args.format))
    return 0


def run_matches(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    sys.stdout.write(render(matches_report(program), args.format))
    return 0
