"""A small business program in a real, isolated git repository, for `mentorlog check` tests.

`main` holds the base records (committed with pinned author, committer and dates); tests then
branch, edit, commit or leave changes uncommitted, and run `mentorlog check` in-process.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from helpers import CliResult, run_main

BASE_DATE = "2026-03-01T12:00:00+00:00"
MENTOR = """name: {name}
email: {id}@example.org
github: {github}
role: {role}
active: {active}
"""
SESSION = """request: {request}
date: {date}
start: {start}
hours: 1.5
attendance: attended
mentoring_type: face_to_face
topics: [financing]
language: English
"""
NOTE = """notes:
  - by: kim-osei
    at: {date}T15:45
    text: |
      Walked through the loan application.{secret}
"""
SECRET = " SECRET-safeguarding-detail"
# records/attachments/ holds only files a session lists (attachment-unreferenced)
PLAN = "attachments:\n  - path: attachments/r-2026-001/plan.txt\n    title: Plan\n"
# Sessions of the base program (base_files), by their state at the tests' usual --now
NEW = "records/sessions/2026/02/2026-02-10-r-2026-001.yaml"  # not on the base; due: end of
# Monday 2026-03-02 (New York), so LATE is its first late minute
LOCKED = "records/sessions/2026/01/2026-01-20-r-2026-001.yaml"  # due: end of 2026-02-02
OPEN = "records/sessions/2026/03/2026-03-01-r-2026-001.yaml"  # due: end of 2026-04-06
LATE = "2026-03-03T00:00"


def session_text(request: str = "r-2026-001", date: str = "2026-03-01", start: str = "14:00",
                 extra: str = "") -> str:
    return SESSION.format(request=request, date=date, start=start) + extra


def note(date: str = "2026-03-01", secret: str = SECRET) -> str:
    return NOTE.format(date=date, secret=secret)


def base_files(settings: str = "") -> dict[str, str]:
    files = {
        "mentorlog.yaml": "program:\n  profile: business\n  timezone: America/New_York\n"
                          "deadline:\n  rule: first_monday_next_month\n  late: require_reason\n"
                          + settings,
        "records/clients/bright-bakery.yaml": "name: Bright Bakery\n",
        "records/requests/r-2026-001.yaml": "client: bright-bakery\nmentor: kim-osei\n"
                                            "co_mentors: [lee-park]\nopened: 2026-01-05\n",
        "records/requests/r-2026-002.yaml": "client: bright-bakery\nmentor: sam-cho\n"
                                            "opened: 2026-01-05\n",
        "records/sessions/2026/01/2026-01-20-r-2026-001.yaml": session_text(date="2026-01-20"),
        # the session that lists plan.txt (tests rewrite the other two)
        "records/sessions/2026/01/2026-01-12-plan.yaml": session_text(
            date="2026-01-12", start="10:00", extra=PLAN),
        "records/sessions/2026/03/2026-03-01-r-2026-001.yaml": session_text() + note(),
        "records/attachments/r-2026-001/plan.txt": "a plan\n",
    }
    for mentor, github, role, active in (("kim-osei", "kim-gh", "mentor", "true"),
                                         ("lee-park", "Lee-GH", "mentor", "true"),
                                         ("sam-cho", "sam-gh", "mentor", "true"),
                                         ("ana-diaz", "ana-gh", "coordinator", "true"),
                                         ("old-timer", "old-gh", "coordinator", "false")):
        files[f"records/mentors/{mentor}.yaml"] = MENTOR.format(
            name=mentor.replace("-", " ").title(), id=mentor, github=github, role=role,
            active=active)
    return files


def git_environment(home: Path) -> dict[str, str]:
    """Pinned identity and dates, no user or system git configuration."""
    return {
        "HOME": str(home), "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Mentor", "GIT_AUTHOR_EMAIL": "mentor@example.org",
        "GIT_COMMITTER_NAME": "Test Mentor", "GIT_COMMITTER_EMAIL": "mentor@example.org",
        "GIT_AUTHOR_DATE": BASE_DATE, "GIT_COMMITTER_DATE": BASE_DATE,
    }


class ProgramFiles:
    """A program's working tree: what a test writes, reads and removes in it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, rel: str, content: str) -> None:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()


class GitProgram(ProgramFiles):
    """The program in a real git repository: the base on main, the change on a branch."""

    @classmethod
    def create(cls, root: Path, settings: str = "", branch: str = "change") -> GitProgram:
        """The base program committed on main, then a branch `branch` checked out."""
        program = cls(root)
        root.mkdir(parents=True, exist_ok=True)
        program.git("-c", "init.defaultBranch=main", "init", "-q")
        for rel, content in base_files(settings).items():
            program.write(rel, content)
        program.commit("base records")
        program.git("checkout", "-q", "-b", branch)
        return program

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True,
                              env={**os.environ, **(env or {})}, check=True)
        return done.stdout

    def commit(self, message: str, when: str = BASE_DATE) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message,
                 env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})

    def add_to_base(self, files: dict[str, str], branch: str = "change") -> None:
        """Commit `files` on main (as merged earlier) and start `branch` afresh from there."""
        self.git("checkout", "-q", "main")
        for rel, content in files.items():
            self.write(rel, content)
        self.commit("base: more records")
        self.git("checkout", "-q", "-B", branch)

    def check(self, *args: str, now: str = "2026-03-20T12:00") -> CliResult:
        return run_main(["--repo", str(self.root), "check", "--now", now, *args])


def codes(result: CliResult) -> list[str]:
    """`path:line:col: severity[code]` of each problem line of text output."""
    return [line.split(": ", 2)[0] + ": " + line.split(": ", 2)[1]
            for line in result.out.splitlines() if "[" in line and "]: " in line]
