"""The staging folder (.mentorlog/pages): the generator owns it, writes only what changed.

Unchanged files keep their bytes and times, so `mentorlog serve` (which watches this folder)
rebuilds only when a record really changed something; files no longer generated are removed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..fileio import update_file


@dataclass(frozen=True)
class Staged:
    written: int
    unchanged: int
    deleted: int
    changed: frozenset[str] = frozenset()  # staging paths written or removed by this build


def stage(folder: Path, files: dict[str, bytes], copies: dict[str, Path]) -> Staged:
    """Make `folder` hold exactly `files` (path -> content) and `copies` (path -> source)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {rel for rel, content in files.items() if update_file(folder / rel, content)}
    written |= {rel for rel, source in copies.items()
                if update_file(folder / rel, source.read_bytes())}
    deleted = _remove_others(folder, set(files) | set(copies))
    return Staged(len(written), len(files) + len(copies) - len(written), len(deleted),
                  frozenset(written | deleted))


def _remove_others(folder: Path, keep: set[str]) -> set[str]:
    deleted = set()
    for dirpath, dirnames, filenames in os.walk(folder, topdown=False):
        here = Path(dirpath)
        for name in filenames:
            rel = (here / name).relative_to(folder).as_posix()
            if rel not in keep:
                (here / name).unlink()
                deleted.add(rel)
        for name in dirnames:
            if not any((here / name).iterdir()):
                (here / name).rmdir()
    return deleted
