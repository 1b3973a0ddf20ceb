"""The last full run's verdict, kept so that running again on nothing changed is near-instant.

A full `validate` (and the validation inside `check`) ends by storing its problems and the
number of files checked in `.mentorlog/cache/<key>/verdict.json`, under one hash of every
input of that verdict (`RunInputs.digest`):
- the record cache's key (`cache.cache_key`: mentorlog's version, the effective schemas,
  `mentorlog.yaml`, the parser path);
- the source of the mentorlog package itself (an edited rule must not find an old verdict,
  which the version number alone would not tell while developing);
- the day `today` (the deadline and future-session rules depend on it);
- `.github/CODEOWNERS` (the placeholder warning reads it);
- every entry under `records/`, records, attachments, hidden files, links and folders alike,
  with its `lstat` (type, size, mtime, ctime, inode): a file written, touched, replaced,
  added, removed or renamed changes the hash (the ctime changes even when a tool restores the
  mtime).
The next full run walks `records/` once (one `os.scandir` per folder, no file opened), and
when the hash is the same returns the stored problems without loading a record.

As the record cache, a verdict is stored only when every entry is older than `RACY_NS` at the
walk (a write in the same clock tick as the walk could not be told from no change), never
when the run was told not to use the cache (the gate, when the change carries a cache), and
never for `validate PATH...` (a partial run). A verdict file that is not exactly what this
module writes is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache, yamlload
from .background import can_fork, meanwhile
from .cache import CACHE_DIR, Seen, own_folder, problem_from_row, problem_row
from .codeowners import CODEOWNERS
from .fileio import content_digest, write_atomically
from .problems import Problem

if TYPE_CHECKING:
    from .program import Program

PACKAGE = Path(__file__).parent
VERDICT_FILE = "verdict.json"
MAGIC = "mentorlog-verdict"
FORMAT = 1


@dataclass(frozen=True)
class Verdict:
    problems: list[Problem]
    checked: int


def tree_digest(top: str) -> tuple[str, int, Seen]:
    """A hash of every entry under `top` (itself included) with its lstat, the newest mtime
    or ctime seen, and the lstats (the run uses them instead of a stat of its own per file).
    Links are listed, never followed. Hashed entry by entry and kept as small tuples: at
    50,000 sessions a list of lines and `os.stat_result`s cost 70 MiB more at the peak."""
    seen: Seen = {}
    digest = hashlib.blake2b(digest_size=16)
    folders, newest = [top], 0
    with contextlib.suppress(OSError):
        st = os.lstat(top)
        seen[top] = (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as found:
                entries = list(found)
        except OSError:
            digest.update(f"{folder}\0unreadable\n".encode("utf-8", "surrogateescape"))
            continue
        for entry in entries:
            st = entry.stat(follow_symlinks=False)
            seen[entry.path] = (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns,
                                st.st_ino)
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
    for path, (mode, size, mtime, ctime, ino) in seen.items():
        newest = max(newest, mtime, ctime)
        digest.update(f"{path}\0{mode}\0{size}\0{mtime}\0{ctime}\0{ino}\n".encode(
            "utf-8", "surrogateescape"))
    return digest.hexdigest(), newest, seen


def _tree_only(top: str) -> tuple[str, int]:
    """tree_digest without the lstats (what a forked child sends back)."""
    digest, newest, _ = tree_digest(top)
    return digest, newest


def _file_bytes(path: Path) -> bytes:
    """The file's bytes, or a marker when it is missing or unreadable (links not followed)."""
    try:
        return b"link" if path.is_symlink() else path.read_bytes()
    except OSError:
        return b"none"


def code_digest(package: Path = PACKAGE) -> str:
    """A hash of the mentorlog package's own source files (a few milliseconds)."""
    digest = hashlib.blake2b(digest_size=16)
    for source in sorted(package.rglob("*.py")):
        digest.update(str(source.relative_to(package)).encode() + b"\0")
        digest.update(_file_bytes(source))
    return digest.hexdigest()


class RunInputs:
    """Everything a full run's verdict depends on. The walk of records/ is taken before any
    record is read when a stored verdict may answer; with none stored (a cold run) it goes on
    in a forked child while the records are read (`background.meanwhile`), and `stable` keeps
    that exact: a file changed during the run is newer than the run's start."""

    def __init__(self, program: Program, today: date, enabled: bool = True) -> None:
        root = program.repo.root
        self.folder = root / CACHE_DIR / cache.cache_key(program, yamlload.DEFAULT_PARSER)
        self.usable = enabled and own_folder(root)
        self.started = time.time_ns()  # before the walk and the reads: a write after it shows
        self.seen: Seen = {}  # the walk's lstats, when it was taken before the reads
        self._parts = [self.folder.name, code_digest(), today.isoformat(),
                       content_digest(_file_bytes(root / CODEOWNERS))]  # and the tree's hash
        records = str(program.repo.records)
        self.stored = self.usable and (self.folder / VERDICT_FILE).is_file()
        if self.stored or not (self.usable and can_fork()):
            tree, newest, self.seen = tree_digest(records) if self.usable else ("", 0, {})
            self._tree: Callable[[], tuple[str, int]] = lambda: (tree, newest)
        else:
            self._tree = meanwhile(partial(_tree_only, records))

    @cached_property
    def _walked(self) -> tuple[str, int]:
        return self._tree()

    @property
    def stable(self) -> bool:
        """Whether no entry under records/ changed within RACY_NS of the run's start or after."""
        return self._walked[1] < self.started - cache.RACY_NS

    @property
    def digest(self) -> str:
        parts = [*self._parts, self._walked[0]]
        return content_digest("\n".join(parts).encode())

    def recall(self) -> Verdict | None:
        """The stored verdict of exactly these inputs, or None."""
        if not self.stored:
            return None
        try:
            text = (self.folder / VERDICT_FILE).read_text(encoding="utf-8")
            magic, form, digest, checked, rows = json.loads(text)
            if [magic, form, digest] != [MAGIC, FORMAT, self.digest] or type(checked) is not int:
                return None
            return Verdict([problem_from_row(row) for row in rows], checked)
        except (OSError, ValueError, TypeError, RecursionError):
            return None

    def keep(self, verdict: Verdict) -> None:
        """Store the verdict of these inputs, when they could be told apart from a change."""
        if not (self.usable and self.stable and self.folder.is_dir()):
            return  # no folder: the record cache was not written (and its .gitignore with it)
        text = json.dumps([MAGIC, FORMAT, self.digest, verdict.checked,
                           [problem_row(p) for p in verdict.problems]])
        with contextlib.suppress(OSError):  # a read-only checkout: the cache is optional
            write_atomically(self.folder / VERDICT_FILE,
                             lambda tmp: tmp.write_text(text, encoding="utf-8"), replace=True)
