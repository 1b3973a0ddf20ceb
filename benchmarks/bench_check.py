#!/usr/bin/env python3
"""How long `mentorlog check` takes on a small change to a large repository.

    python benchmarks/bench_check.py                    # 50,000 sessions
    python benchmarks/bench_check.py --sessions 10000 --repeat 5

The synthetic program (generate.py, cached in benchmarks/out/ by bench_validate.py) is copied
into a temporary folder and committed on `main` in one git commit. A branch then changes 3
files, as a mentor's pull request would: one new session (committed) and a note added to two of
their existing sessions (left uncommitted, so the working-tree path is measured too). Timed:

- the whole command, `mentorlog check --base main --author LOGIN --now ...`, as a subprocess,
  best of --repeat (wall clock and peak RSS);
- in-process, its two parts: the git part (diff against the merge-base, untracked files, the
  base blobs of the touched records, the base's mentors and settings) plus the policy, and the
  validation part (validate's full load of every record, schemas and cross-record rules).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from bench_validate import best_of, measure, program_for
from mentorlog.changeset import read_change
from mentorlog.gitdiff import open_base
from mentorlog.pipeline import validate_program
from mentorlog.policy import run_policies
from mentorlog.program import Program
from mentorlog.repo import Repo

T = TypeVar("T")
NOW = "2026-11-02T12:00"
NEW_START = "07:15"  # generated sessions start on the half hour from 08:00: never a duplicate
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
           "GIT_AUTHOR_DATE": "2026-11-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-11-01T12:00:00Z"}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT_ENV},
                          capture_output=True, text=True, check=True)
    return done.stdout


def field(text: str, key: str) -> str:
    return next(line.split(":", 1)[1].strip() for line in text.splitlines()
                if line.startswith(f"{key}:"))


def make_repo(source: Path, dest: Path) -> float:
    """Copy the program and commit it on main in one commit; seconds taken."""
    started = time.perf_counter()
    shutil.copytree(source, dest)
    git(dest, "-c", "init.defaultBranch=main", "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "50,000 sessions")
    return time.perf_counter() - started


def change_three_files(root: Path) -> str:
    """A mentor's change: a new session, and a note on two of their sessions. Their login."""
    sessions = sorted((root / "records/sessions").rglob("*.yaml"))
    first = sessions[len(sessions) // 2]
    request = field(first.read_text(encoding="utf-8"), "request")
    mine = [s for s in sessions if s.name.endswith(f"-{request}.yaml")][:2]
    mentor = field((root / f"records/requests/{request}.yaml").read_text(encoding="utf-8"),
                   "mentor")
    login = field((root / f"records/mentors/{mentor}.yaml").read_text(encoding="utf-8"),
                  "github")
    git(root, "checkout", "-q", "-b", "change")
    text = first.read_text(encoding="utf-8").split("notes:")[0]
    start = field(text, "start")
    new = first.with_name(first.name.replace(".yaml", "-b.yaml"))
    new.write_text(text.replace(f"start: {start}", f"start: {NEW_START}", 1)
                   + "late_reason: paper form found in the office\n", encoding="utf-8")
    git(root, "add", str(new))
    git(root, "commit", "-q", "-m", "a late session")
    for session in mine:
        body = session.read_text(encoding="utf-8")
        if "notes:" not in body:
            body += "notes:\n"
        session.write_text(body + f"  - by: {mentor}\n    at: 2026-11-01T09:00\n"
                           "    text: Follow-up call.\n", encoding="utf-8")
    return login


def timed(action: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def one_round(program: Program, login: str, now: datetime) -> tuple[float, float, float, int]:
    """Seconds of the git part, the policy and the validation; problems found. Everything
    loaded here is dropped on return, so rounds never run beside each other's records."""
    git_s, ctx = timed(lambda: read_change(program, open_base(program.repo.root, "main"), login,
                                           now))
    policy_s, found = timed(lambda: run_policies(ctx))
    validate_s, result = timed(lambda: validate_program(program, today=now.date()))
    return git_s, policy_s, validate_s, len(found) + len(result.problems)


def split(root: Path, login: str, repeat: int) -> tuple[float, float, float, float, int]:
    """Best-of seconds of opening the program, the git part, the policy, the validation;
    problems found."""
    open_s, program = timed(lambda: Program.open(Repo(root)))
    now = datetime.fromisoformat(NOW).replace(tzinfo=program.settings.tz).astimezone(UTC)
    rounds = [one_round(program, login, now) for _ in range(repeat)]
    best = [min(r[i] for r in rounds) for i in range(3)]
    return open_s, best[0], best[1], best[2], rounds[-1][3]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    source = program_for(args.sessions, "business", 1)
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        root = Path(tmp) / "program"
        setup = make_repo(source, root)
        login = change_three_files(root)
        changed = git(root, "diff", "--name-status", "main").strip().splitlines()
        cmd = [sys.executable, "-m", "mentorlog", "--repo", str(root), "check", "--base", "main",
               "--author", login, "--now", NOW]
        whole = best_of([measure(cmd, {**os.environ, **GIT_ENV}) for _ in range(args.repeat)])
        open_s, git_s, policy_s, validate_s, problems = split(root, login, args.repeat)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, git {git(Path.cwd(), '--version').split()[-1]}")
    print(f"repository: {args.sessions:,} sessions, one commit (copy + git add + commit: "
          f"{setup:.1f}s); change: {len(changed)} files ({', '.join(changed)})")
    print(f"mentorlog check, whole command (best of {args.repeat}): {whole.seconds:.2f}s, "
          f"peak RSS {whole.max_rss_mib:.0f} MiB, exit {whole.returncode}")
    print(f"  open the program (settings, schemas):                        {open_s:.3f}s")
    print(f"  git part (diff, untracked, base blobs, base mentors+settings): {git_s:.3f}s")
    print(f"  policy over the change:                                      {policy_s:.4f}s")
    print(f"  validation (full load, schemas, cross-record rules):         {validate_s:.2f}s")
    print(f"  problems found: {problems}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
