"""mentorlog forms: write the "log a session" issue form again from the schema and settings."""

from __future__ import annotations

import argparse
from typing import Any

from ..issueform import write_form
from ..program import Program
from ..repo import find_repo


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "forms", help="write the GitHub issue form again from the schema and settings",
        description="Write .github/ISSUE_TEMPLATE/log-a-session.yml (the form mentors log a "
        "session with, from a browser) from the program's session schema and mentorlog.yaml "
        "(its languages, say). Run it after changing either; `init` writes the first one.")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    path, written = write_form(program)
    print(f"{program.repo.relative(path)}: {'written' if written else 'unchanged'}")
    return 0
