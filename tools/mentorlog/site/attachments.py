"""Attachment files copied into the site so its links work (site.attachments: link).

Only files that a session lists, that sit inside records/attachments/<request>/, are no
symlink and have an allowed type and size (the rule `validate` applies: attachments.py) are
copied. A `.md` attachment is staged as `.md.txt`: in the staging folder it would otherwise be
rendered as a page, Markdown straight from a record.
"""

from __future__ import annotations

from pathlib import Path

from ..attachments import allowed
from ..view import Data


def staged_name(record_path: str) -> str:
    """The staging path of an attachment (path relative to records/)."""
    return record_path + ".txt" if record_path.lower().endswith(".md") else record_path


def collect(data: Data, records_dir: Path) -> dict[str, Path]:
    """record path -> file, for every attachment that may be copied into the site."""
    found: dict[str, Path] = {}
    base = records_dir.resolve()
    for session in data.sessions:
        for path, _ in session.attachments:
            file = records_dir / path
            if path in found or not _allowed(file, base, session.request, data):
                continue
            found[path] = file
    return found


def _allowed(file: Path, base: Path, request: str, data: Data) -> bool:
    folder = base / "attachments" / request
    return (not file.is_symlink() and file.resolve().is_relative_to(folder) and file.is_file()
            and allowed(file, data.settings.attachment_max_mb))
