"""A pack is written from the lines its entries were made with (no second encoding), and those
lines still say what each entry holds: a head is the JSON of the entry's own path, stat, trust,
hash and facts, also after a touch changed only the stat."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from mentorlog import cache
from mentorlog.cache import Entry
from mentorlog.index import facts_of
from mentorlog.records import is_session
from mentorlog.yamlload import load_file
from test_cache import SESSION, packs, problems, program_with


def heads(root: Path) -> dict[str, list[Any]]:
    """rel -> its head, over every pack (line 0 names the pack, line 2 holds the heads)."""
    return {head[0]: head for pack in packs(root)
            for head in json.loads(pack.read_text(encoding="utf-8").split("\n")[2])}


def test_the_heads_written_are_the_entries_own(tmp_path: Path) -> None:
    root = program_with(tmp_path)
    assert problems(root) == []
    written = heads(root)
    assert SESSION in written and len(written) > 3
    for rel, head in written.items():
        doc, _ = load_file(root / rel, rel)
        loaded, request, attachments = facts_of(is_session(rel), doc.data if doc else None)
        assert head[4] == [loaded, request, list(attachments)]
        st = (root / rel).stat()
        assert head[1] == [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        assert json.dumps(head, separators=(",", ":")) == \
            Entry(rel, head[1], head[2], head[3], [], None, doc).head()
    assert written[SESSION][4] == [True, "r-2026-001", []]


def test_a_touch_writes_the_new_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)  # every stat trusted: a touch only rehashes
    root = program_with(tmp_path)
    assert problems(root) == []
    _, _, _, digest, facts = heads(root)[SESSION]
    file = root / SESSION
    os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns + 10**9))
    assert problems(root) == []
    st = file.stat()
    assert heads(root)[SESSION] == [
        SESSION, [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino], True, digest, facts]
