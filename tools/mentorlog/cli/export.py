"""mentorlog export: every record as SQLite tables or a JSON document; sessions as CSV, or as
SBA Form 641 counselor records (one row per mentor per session); with --client, everything
held about one client (an access request, access.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..access import export_client
from ..export import EXPORT_FORMATS, check_format, export
from ..output import summary
from ..pipeline import validate_program
from ..problems import MentorlogError, has_errors
from ..program import Program
from ..progress import Progress, reporter, wanted
from ..repo import find_repo
from .common import add_progress_option, add_repo_option


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("export", help="all records as SQLite, JSON or CSV",
                            description="Export every record: sqlite (a table per record type, "
                            "child tables for notes, co-mentors, attachments), json (the "
                            "records as written), csv (one row per session, client and mentors "
                            "named) or sba641 (business: SBA Form 641 counselor records, one "
                            "row per mentor per session, with the client's Part I details). "
                            "The records must validate first. Exports hold personal data "
                            "(json and sqlite: notes too). With --client ID --format json: "
                            "everything held about one client (an access request): the client, "
                            "their requests, every session with its notes, the attachments "
                            "listed (not copied), the mentors named (id and name).")
    parser.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.add_argument("--client", metavar="ID",
                        help="only what is held about this client (--format json)")
    add_progress_option(parser)
    add_repo_option(parser, default=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    check_format(program, args.format)
    if args.client is not None and args.format != "json":
        raise MentorlogError("--client: the access request's export is --format json")
    # the export goes to a file, whatever its format: progress on stderr never mixes with it
    with reporter("export", wanted(args.progress)) as progress:
        written = _export(program, args, progress)
    if written:
        print(args.output)
    return 0 if written else 1


def _export(program: Program, args: argparse.Namespace, progress: Progress | None) -> bool:
    """Validate, then write the export; False (and why, on stderr) when the records do not
    validate."""
    result = validate_program(program, progress=progress)
    if has_errors(result.problems):
        print(f"not exported: {summary(result.problems, result.checked)} "
              "(run `mentorlog validate`)", file=sys.stderr)
        return False
    if args.client is not None:
        export_client(program, result.index, args.client, args.output, args.force)
    else:
        export(program, result.index, args.format, args.output, args.force)
    return True
