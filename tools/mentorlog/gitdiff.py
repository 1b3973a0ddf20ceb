"""What a change touches: the merge-base of --base against the working tree (DESIGN section 5).

Only the touched paths are read from git (one `git diff`, one `git ls-files`, then the blobs at
the base through a single `git cat-file --batch`), never the history: `check` stays
interactive on a repository of any size. Renames are seen as a delete plus an add (`--no-renames`):
git's rename detection is a similarity guess, and the policy must not depend on a guess.
Paths are relative to the program root (which may be a folder inside a larger git repository).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .problems import MentorlogError

Status = Literal["added", "modified", "deleted"]
DEFAULT_BASES = ("origin/main", "main")
_STATUS: dict[str, Status] = {"A": "added", "D": "deleted"}
UNSHALLOW_HINT = ("this is a shallow clone: fetch the full history first (`git fetch "
                  "--unshallow`, or `fetch-depth: 0` in actions/checkout); check never passes "
                  "without the base commit")


@dataclass(frozen=True)
class Change:
    path: str  # program-relative POSIX path
    status: Status


@dataclass(frozen=True)
class Base:
    ref: str  # as given (or chosen): origin/main
    commit: str  # the merge-base of ref and HEAD: what the change is measured against


class Git:
    """git in one folder (the program root), run without a shell."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def run(self, *args: str, stdin: bytes | None = None) -> tuple[int, bytes]:
        try:
            done = subprocess.run(["git", *args], cwd=self.root, input=stdin,
                                  capture_output=True, check=False)
        except FileNotFoundError:
            raise MentorlogError("check needs git, and git is not installed") from None
        return done.returncode, done.stdout

    def out(self, *args: str) -> str:
        code, out = self.run(*args)
        if code != 0:
            raise MentorlogError(f"`git {' '.join(args)}` failed in {self.root}")
        return out.decode("utf-8", "surrogateescape").strip()

    def commit_of(self, ref: str) -> str | None:
        code, out = self.run("rev-parse", "--verify", "--quiet", "--end-of-options",
                             f"{ref}^{{commit}}")
        return out.decode().strip() if code == 0 else None

    def is_shallow(self) -> bool:
        return self.out("rev-parse", "--is-shallow-repository") == "true"


def open_git(root: Path) -> Git:
    git = Git(root)
    code, out = git.run("rev-parse", "--is-inside-work-tree")
    if code != 0 or out.strip() != b"true":
        raise MentorlogError(f"{root} is not in a git working tree: check compares the working "
                             "tree with a base branch (use `mentorlog validate` outside git)")
    if git.commit_of("HEAD") is None:
        raise MentorlogError("the repository has no commit yet: nothing to compare with a base")
    return git


def resolve_base(git: Git, ref: str | None) -> Base:
    """The merge-base of `ref` (default: origin/main, else main) and HEAD; exit 2 without it."""
    candidates = (ref,) if ref else DEFAULT_BASES
    for name in candidates:
        if git.commit_of(name) is not None:
            return Base(name, _merge_base(git, name))
    shallow = f"; {UNSHALLOW_HINT}" if git.is_shallow() else ""
    wanted = f"--base {ref}" if ref else "neither origin/main nor main exists (use --base REF)"
    raise MentorlogError(f"no base commit: {wanted}{' does not exist' if ref else ''}{shallow}")


def _merge_base(git: Git, ref: str) -> str:
    code, out = git.run("merge-base", "--end-of-options", ref, "HEAD")
    if code == 0:
        return out.decode().strip()
    if git.is_shallow():
        raise MentorlogError(f"the history shared by {ref} and HEAD is missing; {UNSHALLOW_HINT}")
    raise MentorlogError(f"{ref} and HEAD share no history: nothing to measure the change from")


def changes(git: Git, base: Base) -> list[Change]:
    """Files that differ between the base commit and the working tree, committed or not,
    untracked files included (those under records/ even when ignored: validate reads them)."""
    code, out = git.run("-c", "core.quotepath=off", "diff", "--no-renames", "--no-ext-diff",
                        "--relative", "--name-status", "-z", base.commit, "--")
    if code != 0:
        raise MentorlogError(f"`git diff {base.commit}` failed in {git.root}")
    found = dict(_parse_name_status(out))
    for args in (("--exclude-standard",), ("--", "records")):
        for path in _split(git.run("ls-files", "--others", "-z", *args)[1]):
            found.setdefault(path, "added")
    return [Change(path, status) for path, status in sorted(found.items())]


def _parse_name_status(out: bytes) -> list[tuple[str, Status]]:
    fields = _split(out)
    pairs: list[tuple[str, Status]] = []
    for letter, path in zip(fields[::2], fields[1::2], strict=True):
        pairs.append((path, _STATUS.get(letter, "modified")))  # M, T (type), U (unmerged)
    return pairs


def _split(out: bytes) -> list[str]:
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


def read_at(git: Git, commit: str, paths: list[str]) -> dict[str, bytes]:
    """The bytes of `paths` at `commit` (absent paths are left out), in one git process."""
    # one request a line: a name with a newline cannot be asked for (nor be a record id)
    paths = [p for p in paths if "\n" not in p]
    if not paths:
        return {}
    # surrogateescape: the file name's own bytes back, when they are not UTF-8 (see _split)
    request = b"".join(f"{commit}:./{p}\n".encode("utf-8", "surrogateescape") for p in paths)
    code, out = git.run("cat-file", "--batch", stdin=request)
    if code != 0:
        raise MentorlogError(f"`git cat-file --batch` failed in {git.root}")
    blobs: dict[str, bytes] = {}
    offset = 0
    for path in paths:
        end = out.index(b"\n", offset)
        header = out[offset:end].split(b" ")
        offset = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            blobs[path] = out[offset:offset + size]
            offset += size + 1  # the content is followed by a newline
        elif len(header) == 3:
            offset += int(header[2]) + 1  # a tree or other object: not a file
    return blobs


def list_at(git: Git, commit: str, folder: str) -> list[str]:
    """Paths of the files under `folder` at `commit` (one tree, not the history)."""
    code, out = git.run("ls-tree", "-r", "-z", "--name-only", commit, "--", folder)
    if code != 0:
        raise MentorlogError(f"`git ls-tree {commit}` failed in {git.root}")
    return _split(out)
