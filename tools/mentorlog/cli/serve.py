"""mentorlog serve: preview the site; pages regenerate when a record changes, live reload.
With --site-dir: serve a site folder already built (a downloaded artifact), as it is."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..problems import MentorlogError
from ..program import Program
from ..repo import find_repo
from .common import add_repo_option, require_site_generator


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("serve", help="preview the site with live reload",
                            description="Build the site's pages and serve them on this "
                            "machine; a changed record regenerates its pages and reloads the "
                            "browser. With --site-dir, serve a site folder already built "
                            "(a downloaded artifact) as it is. Stop with Ctrl-C.")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                        help="where to serve (default: 127.0.0.1:8000, this machine only)")
    parser.add_argument("--public", action="store_true",
                        help="preview the aggregate-only site")
    parser.add_argument("--site-dir", type=Path, metavar="DIR",
                        help="serve this already built site folder (e.g. the unzipped "
                        "coordinators-site artifact) as it is: no records, no rebuild; search "
                        "works there, unlike in a site opened as files")
    add_repo_option(parser, default=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.site_dir is not None:
        return serve_built(args)
    require_site_generator("serve")
    from ..site.serve import serve_site  # MkDocs: loaded only when serving

    serve_site(Program.open(find_repo(args.repo)), args.dev_addr, args.public)
    return 0


def serve_built(args: argparse.Namespace) -> int:
    """A built folder needs neither the records nor MkDocs: standard library only."""
    from ..localsite import serve_folder

    if args.public:
        raise MentorlogError("--public with --site-dir: a built folder is served as it was "
                             "built; build it with `mentorlog build --public` instead")
    serve_folder(args.site_dir, args.dev_addr)
    return 0
