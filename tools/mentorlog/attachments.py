"""Which files a session may attach: the allowed types and the size limit.

`validate` (rules.py) reports a file that breaks them; the site (site/attachments.py) copies
only files that keep them. Both ask this module, so a file is never valid yet missing from the
site, or copied into the site yet invalid.
"""

from __future__ import annotations

from pathlib import Path

ATTACHMENT_TYPES = frozenset({".pdf", ".docx", ".xlsx", ".csv", ".png", ".jpg", ".jpeg",
                              ".txt", ".md"})

# attachments.max_mb counts decimal megabytes (10 MB = 10,000,000 bytes), not MiB: it is the
# unit validate's message prints ("10.2 MB; the limit is 10 MB") and the one people meet in
# storage sizes and on macOS/GNOME file managers, so the number a mentor sees matches the rule
MEGABYTE = 1_000_000


def allowed_types() -> str:
    """The allowed types for a message: `csv, docx, ...`."""
    return ", ".join(sorted(t.lstrip(".") for t in ATTACHMENT_TYPES))


def type_allowed(file: Path) -> bool:
    return file.suffix.lower() in ATTACHMENT_TYPES


def size_allowed(size: int, max_mb: float) -> bool:
    """`size` bytes is within attachments.max_mb."""
    return size <= max_mb * MEGABYTE


def megabytes(size: int) -> float:
    return size / MEGABYTE


def allowed(file: Path, max_mb: float) -> bool:
    """`file` (an existing regular file) has an allowed type and size."""
    return type_allowed(file) and size_allowed(file.stat().st_size, max_mb)
