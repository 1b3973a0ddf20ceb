"""The session summary cache: what the rules need of sessions a run does not report on.

`validate PATH...` (pre-commit) reports only on its PATHs, but the cross-record rules still
see every record. Of the other sessions, rules read only request, date, start and attendance
(duplicate sessions, completed requests) and the paths of their attachments (unreferenced
attachments; not their titles, which rules never read), so those are kept per
file in .mentorlog/cache/, keyed by the file's stat; a file whose stat changed is read again.
The file name carries the summary's version: an older cache, lacking a field, is never read. The
cache is JSON (never pickle: a checkout could carry a hostile file), git-ignored, rebuilt
whenever it is unreadable, and never used where whole records are needed (site, reports).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any, TypeGuard

from .fileio import write_atomically
from .index import mappings, text
from .repo import Repo
from .yamlload import load_file

SUMMARY_FIELDS = ("request", "date", "start", "attendance")
CACHE_FILE = Path(".mentorlog") / "cache" / "session-summaries-v2.json"


def stat_key(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]


class SummaryCache:
    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.file = repo.root / CACHE_FILE
        self.entries = self._read()
        self.seen: set[str] = set()
        self.changed = False

    def summary(self, rel: str) -> dict[str, Any] | None:
        """The summary fields of one session file; None when it cannot be loaded."""
        full = self.repo.root / rel
        self.seen.add(rel)
        try:
            key = stat_key(full)  # before reading: a later change shows as a stale key
        except OSError:
            return None
        hit = self.entries.get(rel)
        if _well_formed(hit) and hit[0] == key:
            return hit[1]  # type: ignore[no-any-return]
        doc, _ = load_file(full, rel)
        data = None if doc is None else summarize(doc.data)
        self.entries[rel] = [key, data]
        self.changed = True
        return data

    def save(self) -> None:
        """Write the cache back (atomically) if anything changed; forget vanished files."""
        # unseen: the run's own PATHs (read whole, kept for the next run) or vanished files
        stale = {rel for rel in self.entries.keys() - self.seen
                 if not (self.repo.root / rel).exists()}
        if not self.changed and not stale:
            return
        for rel in stale:
            del self.entries[rel]
        text = json.dumps(self.entries, separators=(",", ":"))
        # a read-only checkout: the cache is an optimisation, never a requirement
        with contextlib.suppress(OSError):
            write_atomically(self.file, lambda tmp: tmp.write_text(text, encoding="utf-8"),
                             replace=True)

    def _read(self) -> dict[str, list[Any]]:
        try:
            entries = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return entries if isinstance(entries, dict) else {}


def summarize(data: dict[str, Any]) -> dict[str, Any]:
    """The summary fields of a session, and of its attachments only their paths."""
    summary = {k: data[k] for k in SUMMARY_FIELDS if k in data}
    paths = [text(item, "path") for _, item in mappings(data, "attachments")]
    if paths:
        summary["attachments"] = [{"path": path} for path in paths if path]
    return summary


def _well_formed(entry: Any) -> TypeGuard[list[Any]]:
    """[stat key, summary or null]: the cache is a file on disk, and may be damaged."""
    return isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], list) \
        and (entry[1] is None or isinstance(entry[1], dict))
