"""Options and checks shared by several subcommands."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from ..problems import MentorlogError

# The [site] extra: MkDocs and its Material theme. Only `build` and `serve` use them (and
# import them lazily), so checking records never needs a site generator installed.
SITE_MODULES = ("mkdocs", "material")
INSTALL_SITE = "pip install 'mentorlog[site]'"


def add_repo_option(parser: argparse.ArgumentParser, default: object) -> None:
    """--repo is global, and accepted after the command too (`mentorlog validate --repo X`
    reads as naturally as `mentorlog --repo X validate`)."""
    parser.add_argument("--repo", metavar="DIR", type=Path, default=default,
                        help="the program repository (default: the one around the current folder)")


def add_progress_option(parser: argparse.ArgumentParser) -> None:
    """--no-progress, for the commands that can take long (progress.py decides the rest)."""
    parser.add_argument("--no-progress", dest="progress", action="store_false",
                        help="never show progress (otherwise shown on stderr once the command "
                        "has run for a second, and only on a terminal, with text output, "
                        "outside CI and pre-commit)")


def require_site_generator(command: str) -> None:
    """Stop `command` with one line saying what to install (exit 2) when the [site] extra is
    missing, instead of a traceback from deep inside the build."""
    for name in SITE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            raise MentorlogError(f"{command} needs the site generator (MkDocs and its Material "
                                 f"theme), which is not installed: {INSTALL_SITE}") from None
