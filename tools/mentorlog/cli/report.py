"""mentorlog report monthly: the month's figures for a funder (aggregates only)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..periods import fiscal_year_report, matches_report, quarter_report
from ..program import Program
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
    add_period_parsers(kinds)


def run(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    month = args.month or default_month(program.today())
    sys.stdout.write(render(monthly_report(program, month), args.format))
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
