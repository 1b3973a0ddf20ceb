"""mentorlog build: the coordinators' site (or, with --public, the aggregate-only one)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..program import Program
from ..repo import find_repo
from ..sitebuild import build_site
from .common import add_repo_option


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("build", help="build the MkDocs site from the records",
                            description="Generate the site's pages from the records and build "
                            "them with MkDocs (Material).")
    parser.add_argument("--site-dir", type=Path, metavar="DIR",
                        help="where the HTML goes (default: site/)")
    parser.add_argument("--public", action="store_true",
                        help="aggregate-only site: no names, no notes (safe to publish)")
    add_repo_option(parser, default=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    site = build_site(program, args.site_dir, args.public)
    print(f"site built: {site / 'index.html'}")
    return 0
