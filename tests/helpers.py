"""Shared test helpers: building program repositories from case folders, running the CLI.

Case folders (tests/cases/valid/<name>/, tests/cases/invalid/<name>/) overlay a base program:
the file `base` names it (business or youth), `remove` lists base paths to delete, and every
other file (except `expected.txt`) is copied over a temporary copy of the base.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from mentorlog.cli import main
from mentorlog.pipeline import validate_program
from mentorlog.problems import Problem
from mentorlog.program import Program
from mentorlog.repo import Repo

REPO_ROOT = Path(__file__).resolve().parent.parent
CASES = REPO_ROOT / "tests" / "cases"
YOUTH = REPO_ROOT / "examples" / "youth"  # the youth demo program
VENV_BIN = REPO_ROOT / ".venv" / "bin"
# The cases' clock: fixed, so `future-session` never depends on the day the suite runs.
TODAY = date(2026, 6, 30)
CASE_CONTROL_FILES = {"base", "remove", "expected.txt"}
# A note's text as a mentor would write it: no message may ever repeat it.
SECRET = "SECRET-7f3a9c Sam said his uncle hurts him"
SECRET_MARK = "SECRET-7f3a9c"


def case_dirs(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir())


def make_program(dest: Path, base: str, overlay: Path | None = None,
                 files: dict[str, str | bytes] | None = None) -> Path:
    """A program in `dest`: the base, then the overlay folder, then `files` (rel -> content)."""
    shutil.copytree(CASES / f"base-{base}", dest)
    if overlay is not None:
        _apply_overlay(dest, overlay)
    for rel, content in (files or {}).items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
    return dest.resolve()


def _apply_overlay(dest: Path, overlay: Path) -> None:
    removed = overlay / "remove"
    if removed.exists():
        for rel in removed.read_text(encoding="utf-8").split():
            (dest / rel).unlink()
    for file in sorted(overlay.rglob("*")):
        rel = file.relative_to(overlay)
        if file.is_dir() or rel.as_posix() in CASE_CONTROL_FILES:
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, dest / rel)


def copy_demo(source: Path, dest: Path) -> Path:
    """A demo program's settings, records and schemas (no code, no docs) copied to `dest`."""
    dest.mkdir()
    for name in ("mentorlog.yaml", "mkdocs.yml"):
        if (source / name).exists():
            shutil.copy2(source / name, dest / name)
    for name in ("records", "schema"):
        if (source / name).is_dir():
            shutil.copytree(source / name, dest / name, symlinks=True)
    return dest


def raw_records(repo: Path, folder: str) -> list[dict[str, object]]:
    """The records of a folder read with plain PyYAML: an independent second reading."""
    files = sorted((repo / "records" / folder).rglob("*.yaml"))
    return [yaml.safe_load(f.read_text()) for f in files]


def case_program(case: Path, dest: Path) -> Path:
    base = (case / "base").read_text(encoding="utf-8").strip()
    return make_program(dest, base, overlay=case)


def validate_dir(root: Path, today: date = TODAY) -> list[Problem]:
    program = Program.open(Repo(root.resolve()))
    return validate_program(program, today=today).problems


def short(problem: Problem) -> str:
    """The form expected.txt uses: everything but the message."""
    return f"{problem.path}:{problem.line}:{problem.column}: {problem.severity}[{problem.code}]"


def problem_lines(problems: list[Problem]) -> list[str]:
    return sorted(short(p) for p in problems)


def expected_lines(case: Path) -> list[str]:
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return sorted(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


@contextlib.contextmanager
def working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_main(argv: list[str], cwd: Path | None = None) -> CliResult:
    """`mentorlog ARGV` in-process: exit code, stdout, stderr (argparse exits count too)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            working_directory(cwd or Path.cwd()):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return CliResult(code, out.getvalue(), err.getvalue())


def git_env(home: Path) -> dict[str, str]:
    """An environment for real git/pre-commit runs, isolated from the user's configuration."""
    return {
        **os.environ,
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Mentor", "GIT_AUTHOR_EMAIL": "mentor@example.org",
        "GIT_COMMITTER_NAME": "Test Mentor", "GIT_COMMITTER_EMAIL": "mentor@example.org",
        "PRE_COMMIT_HOME": str(home / "pre-commit-cache"),
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def tree_digest(root: Path) -> dict[str, str]:
    """Every file and link under `root`: relative path -> sha256 of its bytes (or link target).

    The record cache (.mentorlog/cache/, git-ignored) is left out: every command that reads
    records may fill it, and it is derived data, not a change to the program."""
    digests = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel == ".mentorlog" or rel.startswith(".mentorlog/cache"):
            continue
        if path.is_symlink():
            digests[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            digests[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            digests[rel] = "dir"
    return digests
