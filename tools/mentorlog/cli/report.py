"""mentorlog report monthly: the month's figures for a funder (aggregates only)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

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


def run(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    month = args.month or default_month(program.today())
    sys.stdout.write(render(monthly_report(program, month), args.format))
    return 0
