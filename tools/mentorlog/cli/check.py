"""mentorlog check: validate, plus the git-aware policy over a change (policy.py)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..deadlines import parse_now
from ..gitdiff import DEFAULT_BASES
from ..output import OUTPUT_FORMATS, RENDERERS
from ..pipeline import check_program
from ..problems import has_errors
from ..program import Program
from ..progress import reporter, wanted
from ..repo import find_repo
from ..stepsummary import append, markdown
from .common import add_progress_option, add_repo_option


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "check", help="validate, plus the deadline and change policy against a base branch",
        description="Everything `validate` reports, plus the policy over the change between "
        "the merge-base of --base and the working tree (committed or not): deadlines of added "
        "sessions, append-only notes, locked sessions and, with --author, who may change what."
        " Exit 0 clean, 1 problems, 2 usage error (also: no base commit in a shallow clone).")
    parser.add_argument("--base", metavar="REF",
                        help="the branch the change goes into (default: "
                        f"{' if it exists, else '.join(DEFAULT_BASES)})")
    parser.add_argument("--author", metavar="LOGIN",
                        help="GitHub login of who made the change (without it, the "
                        "who-may-change rules are skipped)")
    parser.add_argument("--now", metavar="ISO-8601",
                        help="the clock deadlines are judged by (default: the current time; "
                        "without a UTC offset, in the program's timezone)")
    parser.add_argument("--format", choices=OUTPUT_FORMATS, default="text", help="output format")
    add_progress_option(parser)
    add_repo_option(parser, default=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    now = parse_now(args.now, program.settings.tz)
    with reporter("check", wanted(args.progress, args.format)) as progress:
        result = check_program(program, args.base, args.author, now, progress=progress)
    sys.stdout.write(RENDERERS[args.format](result.problems, result.checked))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_file:
        append(Path(summary_file), markdown(result.problems, result.checked, "mentorlog check"))
    return 1 if has_errors(result.problems) else 0
