"""Writing files safely: atomically, and never over an existing file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .problems import MentorlogError


def write_new(path: Path, content: str | bytes) -> None:
    """Write `path` atomically; MentorlogError if it exists (nothing is ever overwritten).

    The bytes go to a temporary file beside the target, then os.link publishes it: link fails
    if the name is taken, so a racing writer can never be clobbered either.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".mentorlog-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)
    except FileExistsError:
        raise MentorlogError(f"{path}: already exists; not overwritten") from None
    finally:
        os.unlink(tmp)
