"""The policy tests' program without git: the base commit held in memory as {path: bytes}.

`MemoryProgram` has GitProgram's interface (write, read, remove, add_to_base, check), so a test
body and its assertions are the same whichever judges it. `mentorlog check` runs in-process as
it always does; only gitdiff's three git-facing steps are replaced (fixture `memory_git` in
conftest.py): opening the repository, resolving the base, and listing the changed paths, which
is computed as git would: every path whose bytes differ between the base and the working tree,
a rename being a deletion and an addition (gitdiff asks for `--no-renames`). The package's own
code still reads the base (`read_at`, `list_at`: the in-memory git below answers
`cat-file --batch` and `ls-tree` in git's formats), builds both sides, finds the author, loads
the base settings and runs every policy. Real git keeps its own tests: test_gitdiff.py (one
per kind of git behaviour), test_gitlink.py, test_workflows.py.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from gitprogram import ProgramFiles, base_files
from helpers import CliResult, run_main
from mentorlog import gitdiff
from mentorlog.gitdiff import Base, Change, Git
from mentorlog.problems import MentorlogError

BASE_COMMIT = "b" * 40  # the one commit the in-memory git holds


class MemoryGit(Git):
    """A git whose only commit is `files`; answers just what read_at and list_at ask."""

    def __init__(self, root: Path, files: dict[str, bytes]) -> None:
        super().__init__(root)
        self.files = files

    def run(self, *args: str, stdin: bytes | None = None) -> tuple[int, bytes]:
        if args[:2] == ("cat-file", "--batch") and stdin is not None:
            return 0, b"".join(map(self._blob, stdin.decode("utf-8").splitlines()))
        if args[:4] == ("ls-tree", "-r", "-z", "--name-only") and args[4:6] == (BASE_COMMIT,
                                                                                  "--"):
            folder = args[6]
            return 0, b"".join(p.encode() + b"\0" for p in sorted(self.files)
                               if p.startswith(folder))
        raise AssertionError(f"the in-memory git cannot answer `git {' '.join(args)}`")

    def _blob(self, request: str) -> bytes:
        """One `cat-file --batch` answer: `<sha> blob <size>`, the bytes, a newline."""
        commit, _, path = request.partition(":./")
        content = self.files.get(path) if commit == BASE_COMMIT else None
        if content is None:
            return f"{request} missing\n".encode()
        sha = hashlib.sha1(content).hexdigest()
        return f"{sha} blob {len(content)}\n".encode() + content + b"\n"


def working_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def changes(git: Git, base: Base) -> list[Change]:
    """What gitdiff.changes finds between the base and a working tree of plain files."""
    assert isinstance(git, MemoryGit)
    now = working_tree(git.root)
    return [Change(path, "added" if path not in git.files
                   else "deleted" if path not in now else "modified")
            for path in sorted(git.files.keys() | now.keys())
            if git.files.get(path) != now.get(path)]


class MemoryProgram(ProgramFiles):
    """GitProgram's base records in `root`, the base commit in memory."""

    def __init__(self, root: Path, base: dict[str, bytes]) -> None:
        super().__init__(root)
        self.base = base

    @classmethod
    def create(cls, root: Path, settings: str = "") -> MemoryProgram:
        program = cls(root.resolve(), {})
        program.add_to_base(base_files(settings))
        OPENED[program.root] = program
        return program

    def move(self, rel: str, to: str) -> None:
        """`git mv`: the working tree's file under a new name."""
        (self.root / to).parent.mkdir(parents=True, exist_ok=True)
        (self.root / rel).rename(self.root / to)

    def add_to_base(self, files: dict[str, str]) -> None:
        """`files` on the base (as merged earlier), and the working tree as the base."""
        for rel, content in files.items():
            self.write(rel, content)
        self.base = working_tree(self.root)

    def branch_from_base(self) -> None:
        """`git checkout -B branch main`: the working tree as the base again."""
        for rel in working_tree(self.root).keys() - self.base.keys():
            (self.root / rel).unlink()
        for rel, content in self.base.items():
            (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
            (self.root / rel).write_bytes(content)

    def check(self, *args: str, now: str = "2026-03-20T12:00") -> CliResult:
        return run_main(["--repo", str(self.root), "check", "--now", now, *args])


OPENED: dict[Path, MemoryProgram] = {}  # root -> its program, while a test runs


def _open_git(root: Path) -> Git:
    program = OPENED.get(root.resolve())
    if program is None:
        raise MentorlogError(f"{root} is not a MemoryProgram")
    return MemoryGit(program.root, program.base)


def _resolve_base(git: Git, ref: str | None) -> Base:
    return Base(ref or "main", BASE_COMMIT)


@contextlib.contextmanager
def answering_git() -> Iterator[None]:
    """gitdiff's git-facing steps answered from the MemoryPrograms created meanwhile."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gitdiff, "open_git", _open_git)
        patch.setattr(gitdiff, "resolve_base", _resolve_base)
        patch.setattr(gitdiff, "changes", changes)
        yield
    OPENED.clear()
