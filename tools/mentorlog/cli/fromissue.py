"""mentorlog from-issue: a "log a session" issue body becomes a session record."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..deadlines import parse_now
from ..fromissue import as_markdown, as_text, session_from_issue
from ..newrecord import write_record
from ..problems import MentorlogError
from ..program import Program
from ..repo import find_repo
from .common import add_repo_option

FORMATS = {"text": as_text, "markdown": as_markdown}


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "from-issue", help="write the session a \"log a session\" issue describes",
        description="Read the body of an issue opened with the \"log a session\" form (as "
        "GitHub renders it), build the session with the issue's author as its mentor, check "
        "it like `new` (schema, rules, deadline) and write it at its path, never over a file; "
        "print the path. Exit 1 with the problems (text, or Markdown for an issue comment), "
        "nothing written.")
    parser.add_argument("body", metavar="FILE", help="the issue body (- for standard input)")
    parser.add_argument("--author", metavar="LOGIN", required=True,
                        help="the issue author's GitHub login (a mentor record's `github`)")
    parser.add_argument("--now", metavar="ISO-8601",
                        help="the clock the deadline is judged by (default: the current time)")
    parser.add_argument("--format", choices=tuple(FORMATS), default="text",
                        help="how problems are printed (markdown: for an issue comment)")
    add_repo_option(parser, default=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    now = parse_now(args.now, program.settings.tz)
    result = session_from_issue(program, _read_body(args.body), args.author, now)
    if result.new is None:
        sys.stdout.write(FORMATS[args.format](result.findings))
        return 1
    if result.findings:  # warnings only (a late entry where the program allows it)
        sys.stderr.write(as_text(result.findings))
    path = write_record(program, result.new)
    print(Path(program.repo.relative(path)).as_posix())
    return 0


def _read_body(name: str) -> str:
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        return raw.decode("utf-8")
    except OSError as exc:
        raise MentorlogError(f"{name}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise MentorlogError(f"{name}: not UTF-8 text") from None
