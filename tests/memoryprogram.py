"""The policy tests' program without git: the base held in memory as {path: bytes}.

`MemoryProgram` has GitProgram's interface (write, read, remove, add_to_base, check), so a test
body and its assertions are the same whichever judges it. Its `check` runs the library's
`check_program` with a `FilesBase`: the package's second implementation of a base
(gitdiff.BaseTree), plain files in memory instead of a git commit. Everything after the base
is the package's own code: both sides built, the author found, the base settings loaded,
every policy run, the problems printed as `mentorlog check` prints them. Git's part (what
changed, blobs at a commit, modes, renames) keeps its real tests: test_gitdiff.py (one per kind
of git behaviour), test_gitlink.py, test_workflows.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gitprogram import ProgramFiles, base_files
from helpers import CliResult
from mentorlog.cli import make_parser
from mentorlog.deadlines import parse_now
from mentorlog.gitdiff import Change
from mentorlog.output import RENDERERS
from mentorlog.pipeline import check_program
from mentorlog.problems import MentorlogError, has_errors
from mentorlog.program import Program
from mentorlog.repo import Repo


def working_tree(root: Path) -> dict[str, bytes]:
    """What git sees: every file but the record cache, which ignores itself (cache.py)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith(".mentorlog/cache/")}


@dataclass(frozen=True)
class FilesBase:
    """A base (gitdiff.BaseTree) held as files in memory, measured against the working tree
    at `root`: a path changed when its bytes differ (a rename is a deletion and an addition,
    as gitdiff asks git for `--no-renames`)."""

    files: dict[str, bytes]
    root: Path
    ref: str = "main"

    def changes(self) -> list[Change]:
        now = working_tree(self.root)
        return [Change(path, "added" if path not in self.files
                       else "deleted" if path not in now else "modified")
                for path in sorted(self.files.keys() | now.keys())
                if self.files.get(path) != now.get(path)]

    def read(self, paths: list[str]) -> dict[str, bytes]:
        return {p: self.files[p] for p in paths if p in self.files}

    def list(self, folder: str) -> list[str]:
        return sorted(p for p in self.files if p.startswith(folder))


class MemoryProgram(ProgramFiles):
    """GitProgram's base records in `root`, the base commit in memory."""

    def __init__(self, root: Path, base: dict[str, bytes]) -> None:
        super().__init__(root)
        self.base = base

    @classmethod
    def create(cls, root: Path, settings: str = "") -> MemoryProgram:
        program = cls(root.resolve(), {})
        program.add_to_base(base_files(settings))
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
        """`mentorlog check ARGS --now NOW` against the base in memory: the command's own
        parser reads ARGS; the result is printed and exits as the command's are."""
        options = make_parser().parse_args(["check", *args, "--now", now])
        try:
            program = Program.open(Repo(self.root))
            result = check_program(program, options.base, options.author,
                                   parse_now(options.now, program.settings.tz),
                                   base=FilesBase(self.base, self.root, options.base or "main"))
        except MentorlogError as exc:
            return CliResult(2, "", f"mentorlog: {exc}\n")
        out = RENDERERS[options.format](result.problems, result.checked)
        return CliResult(1 if has_errors(result.problems) else 0, out, "")

