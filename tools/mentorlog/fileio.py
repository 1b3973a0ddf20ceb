"""Writing files safely: whole or not at all, and never over an existing file unless asked."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .problems import MentorlogError


def write_atomically(path: Path, fill: Callable[[Path], object], *,
                     replace: bool = False) -> None:
    """`fill` writes a temporary file beside `path`, which is then published whole.

    Without `replace`, os.link publishes it: link fails if the name is taken, so nothing is
    ever overwritten, not even by a racing writer (MentorlogError). With `replace`, os.replace
    swaps it in. The temporary file never outlives the call.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=".mentorlog-", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        fill(tmp)
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
    except FileExistsError:
        raise MentorlogError(f"{path}: already exists; not overwritten") from None
    finally:
        tmp.unlink(missing_ok=True)


def update_file(path: Path, content: bytes) -> bool:
    """Write `content` unless `path` already holds it (its bytes and times kept, so a watcher
    or MkDocs' dirty build sees no change), whole or not at all; True when written."""
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except FileNotFoundError:
        pass
    write_atomically(path, lambda temporary: temporary.write_bytes(content), replace=True)
    return True


def write_new(path: Path, content: str | bytes, *, replace: bool = False) -> None:
    """Write `path` atomically and durably; MentorlogError if it exists, unless `replace`
    (`forget mentor` edits a record in place: a reader sees the old file or the new one)."""
    data = content.encode("utf-8") if isinstance(content, str) else content

    def fill(tmp: Path) -> None:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    write_atomically(path, fill, replace=replace)


def content_digest(content: bytes) -> str:
    """The hash mentorlog keys content by (a record's bytes, a settings or site file)."""
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def file_digest(path: Path) -> str:
    """content_digest of the file's bytes; "" when there is none (no mentorlog.yaml: the
    defaults)."""
    try:
        return content_digest(path.read_bytes())
    except OSError:
        return ""
