"""mentorlog forget client|mentor ID: erase a person (a coordinator's act)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..forget import ForgetRefused, Forgotten, forget_client, forget_mentor
from ..program import Program
from ..repo import find_repo
from .common import add_repo_option

FORGETTERS = {"client": forget_client, "mentor": forget_mentor}


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "forget", help="erase a client or a mentor (coordinators)",
        description="Erase a person from the records (a coordinator's act). `forget client "
        "ID` deletes the client and everything only theirs: their requests, those requests' "
        "sessions and attachment folders. `forget mentor ID` keeps the mentor's sessions (they "
        "belong to clients) and blanks the person in place: a placeholder name and email, no "
        "GitHub login, `active: false`, the id kept so references still resolve; besides "
        "`new`, it is the one command that changes records/. Both write, under "
        ".mentorlog/forget/, what `git filter-repo` needs to purge the person from history "
        "(docs/privacy.md). The records must validate first and still validate after. Exit "
        "0 done, 1 refused (a reference would break, or the records do not validate: nothing "
        "changed), 2 usage error (no such id: nothing changed).")
    parser.add_argument("kind", choices=tuple(FORGETTERS), help="what the id names")
    parser.add_argument("id", help="the record's id (its file name without .yaml)")
    add_repo_option(parser, default=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    try:
        done = FORGETTERS[args.kind](program, args.id)
    except ForgetRefused as exc:
        print(f"mentorlog: not forgotten: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(report(done))
    return 0


def report(done: Forgotten) -> str:
    """What changed, and the next steps (commit, then purge history)."""
    if not (done.removed or done.edited):
        return f"{done.kind} {done.id} is forgotten already; nothing changed\n"
    lines = [f"forgot {done.kind} {done.id}:"]
    lines += [f"  removed {path}" for path in done.removed]
    lines += [f"  blanked {path}" for path in done.edited]
    lines.append("for `git filter-repo` (see docs/privacy.md, purging history):")
    lines += [f"  {path}" for path in done.purge_files]
    if done.mentions:
        lines.append("these records still hold their name (forget changes no other record; "
                     "edit them, or add them to the purge, as your program decides):")
        lines += [f"  {path}" for path in done.mentions]
    lines.append("next: commit this change, then purge history and force-push")
    return "\n".join(lines) + "\n"
