"""mentorlog serve: preview the site; pages regenerate when a record changes, live reload."""

from __future__ import annotations

import argparse
from typing import Any

from ..program import Program
from ..repo import find_repo
from .common import add_repo_option, require_site_generator


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("serve", help="preview the site with live reload",
                            description="Build the site's pages and serve them on this "
                            "machine; a changed record regenerates its pages and reloads the "
                            "browser. Stop with Ctrl-C.")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                        help="where to serve (default: 127.0.0.1:8000, this machine only)")
    parser.add_argument("--public", action="store_true",
                        help="preview the aggregate-only site")
    add_repo_option(parser, default=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    require_site_generator("serve")
    from ..site.serve import serve_site  # MkDocs: loaded only when serving

    serve_site(Program.open(find_repo(args.repo)), args.dev_addr, args.public)
    return 0
