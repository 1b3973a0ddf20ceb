"""What a change touches: the merge-base of --base against the working tree.

Only the touched paths are read from git (one `git diff`, one `git ls-files`, then the blobs at
the base through a single `git cat-file --batch`), never the history: `check` stays
interactive on a repository of any size. Renames are seen as a delete plus an add (`--no-renames`):
git's rename detection is a similarity guess, and the policy must not depend on a guess.
What a path holds is read from git's own entries (their modes), in the index and the working
tree: a file replaced by a submodule entry (gitlink) or a link is a deletion, even where the
working tree shows an empty folder or nothing (records/ holds only real files).
Paths are relative to the program root (which may be a folder inside a larger git repository).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from .problems import MentorlogError

Status = Literal["added", "modified", "deleted"]
Entry = Literal["file", "symlink", "gitlink", "none"]  # what the change leaves at a path
DEFAULT_BASES = ("origin/main", "main")
_ENTRIES: dict[str, Entry] = {"100644": "file", "100755": "file", "120000": "symlink",
                              "160000": "gitlink", "000000": "none"}
_WEIGHT = ("file", "none", "symlink", "gitlink")  # of two views of a path, the later one wins
UNSHALLOW_HINT = ("this is a shallow clone: fetch the full history first (`git fetch "
                  "--unshallow`, or `fetch-depth: 0` in actions/checkout); check never passes "
                  "without the base commit")


@dataclass(frozen=True)
class Change:
    path: str  # program-relative POSIX path
    status: Status  # what the policy judges: a file that became a link or gitlink is deleted
    entry: Entry = "file"  # what git holds at the path after the change


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
    untracked files included (those under records/ even when ignored: validate reads them).
    Each path is seen twice, base to index and base to working tree: a gitlink shows in the
    index as what it is, and in the working tree as a deletion or not at all."""
    found: dict[str, tuple[bool, Entry]] = {}  # path -> (on the base, entry after)
    for cached in ((), ("--cached",)):
        for path, existed, entry in _raw_diff(git, base, cached):
            prior = found.get(path)
            found[path] = (existed, entry if prior is None
                           else max(prior[1], entry, key=_WEIGHT.index))
    for args in (("--exclude-standard",), ("--", "records")):
        for path in _split(git.run("ls-files", "--others", "-z", *args)[1]):
            found.setdefault(path, (False, "file"))
    return [_change(path, existed, entry) for path, (existed, entry) in sorted(found.items())]


def _change(path: str, existed: bool, entry: Entry) -> Change:
    if entry != "file":  # nothing, a link or a gitlink: no record is left at the path
        return Change(path, "deleted" if existed else "added", entry)
    return Change(path, "modified" if existed else "added", entry)


def _raw_diff(git: Git, base: Base, cached: tuple[str, ...]) -> list[tuple[str, bool, Entry]]:
    """(path, on the base, entry after) from `git diff --raw`: modes, not only names."""
    code, out = git.run("-c", "core.quotepath=off", "diff", *cached, "--raw", "--no-renames",
                        "--no-ext-diff", "--relative", "-z", base.commit, "--")
    if code != 0:
        raise MentorlogError(f"`git diff {base.commit}` failed in {git.root}")
    fields = _split(out)
    found = []
    for header, path in zip(fields[::2], fields[1::2], strict=True):
        old_mode, new_mode = header.lstrip(":").split(" ")[:2]
        found.append((path, old_mode != "000000", _ENTRIES.get(new_mode, "file")))
    return found


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


class BaseTree(Protocol):
    """The base a change is measured against: `check`'s only view of history. The policies
    need three things of it, and nothing else: what changed since, the base's bytes of a few
    paths, and the files under a folder."""

    @property
    def ref(self) -> str: ...

    def changes(self) -> list[Change]: ...

    def read(self, paths: list[str]) -> dict[str, bytes]: ...

    def list(self, folder: str) -> list[str]: ...


@dataclass(frozen=True)
class GitBase:
    """A BaseTree from git: the merge-base of a ref and HEAD, against the working tree."""

    git: Git
    base: Base

    @property
    def ref(self) -> str:
        return self.base.ref

    def changes(self) -> list[Change]:
        return changes(self.git, self.base)

    def read(self, paths: list[str]) -> dict[str, bytes]:
        return read_at(self.git, self.base.commit, paths)

    def list(self, folder: str) -> list[str]:
        return list_at(self.git, self.base.commit, folder)


def open_base(root: Path, ref: str | None) -> GitBase:
    """The git repository at `root` and the base of `ref` (see resolve_base); exit 2 without."""
    git = open_git(root)
    return GitBase(git, resolve_base(git, ref))
