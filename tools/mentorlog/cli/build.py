"""mentorlog build: the coordinators' site (or, with --public, the aggregate-only one)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from ..program import Program
from ..progress import reporter, wanted
from ..repo import find_repo
from .common import add_progress_option, add_repo_option, require_site_generator


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("build", help="build the MkDocs site from the records",
                            description="Generate the site's pages from the records into "
                            ".mentorlog/pages/ and build them with MkDocs (Material).")
    parser.add_argument("--site-dir", type=Path, metavar="DIR",
                        help="where the HTML goes (default: site/)")
    parser.add_argument("--public", action="store_true",
                        help="aggregate-only site: no names, no notes, no ids (safe to publish)")
    parser.add_argument("--strict", action="store_true",
                        help="fail on any MkDocs warning (broken links, unknown pages)")
    add_today_option(parser)
    add_progress_option(parser)
    add_repo_option(parser, default=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def add_today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="the date the site is built as of (default: $MENTORLOG_TODAY, "
                        "else today in the program's timezone); pins 'this month' and ages")


def run(args: argparse.Namespace) -> int:
    require_site_generator("build")
    from ..site import build_site  # MkDocs and its theme: loaded only when building

    program = Program.open(find_repo(args.repo))
    with reporter("build", wanted(args.progress)) as progress:
        built = build_site(program, args.site_dir, args.public, args.strict, args.today,
                           progress)
    staged = built.staged
    print(f"{built.pages} pages; staging: {staged.written} written, {staged.unchanged} "
          f"unchanged, {staged.deleted} removed")
    how = "incremental: only changed pages" if built.incremental else "full build"
    print(f"MkDocs rendered {built.rendered} pages ({how})")
    print(f"site built: {built.site / 'index.html'}")
    return 0
