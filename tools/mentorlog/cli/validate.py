"""mentorlog validate [PATH...]: schema and cross-record rules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..output import OUTPUT_FORMATS, RENDERERS
from ..pipeline import validate_program
from ..problems import has_errors
from ..program import Program
from ..progress import reporter, wanted
from ..repo import find_repo
from .common import add_progress_option, add_repo_option


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "validate", help="check records against the schemas and the cross-record rules",
        description="Check records against the JSON Schemas and the cross-record rules. "
        "Without PATH, the whole repository; with PATHs, only their problems are shown, "
        "but the rules still see every record. Exit 0 clean, 1 problems, 2 usage error.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="record files or folders to report on")
    parser.add_argument("--format", choices=OUTPUT_FORMATS, default="text", help="output format")
    add_progress_option(parser)
    add_repo_option(parser, default=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    with reporter("validate", wanted(args.progress, args.format)) as progress:
        result = validate_program(program, args.paths or None, progress=progress)
    sys.stdout.write(RENDERERS[args.format](result.problems, result.checked))
    return 1 if has_errors(result.problems) else 0
