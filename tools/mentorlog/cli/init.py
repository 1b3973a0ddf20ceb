"""mentorlog init DIR --profile business|youth: a new, empty program repository."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..scaffold import init_program


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "init", help="create a new, empty program repository",
        description="Create a new program repository in DIR (absent or empty): settings, "
        "schemas, an empty records/ tree, mkdocs.yml, a pre-commit configuration, "
        ".gitattributes (LF line breaks), the GitHub workflows, CODEOWNERS, pull request "
        "template and the issue form mentors log sessions with, and .vscode/ settings that "
        "let VS Code and github.dev check records as they are typed.")
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.add_argument("--profile", choices=("business", "youth"), required=True,
                        help="business (SCORE-style) or youth (school mentoring)")
    parser.add_argument("--name", help="the program's name (shown on the site)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    written = init_program(args.directory, args.profile, args.name)
    print(f"created a {args.profile} program in {args.directory} ({len(written)} files)")
    print(f"next: cd {args.directory} && git init && pre-commit install && mentorlog validate")
    print("before the first pull request: name your coordinators in .github/CODEOWNERS and "
          "write the hash-locked .github/mentorlog-requirements.txt and "
          ".github/mentorlog-site-requirements.txt (see the comments in each)")
    return 0
