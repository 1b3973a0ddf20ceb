"""A pack is written from the lines its entries were made or read with (no second encoding),
and those lines still say what each entry holds: a head is the JSON of the entry's own path,
stat, trust and hash, also after a touch changed only the stat."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mentorlog import cache
from mentorlog.cache import Entry
from test_cache import SESSION, packs, problems, program_with


def heads(root: Path) -> dict[str, str]:
    """rel -> its head line, over every pack (line 0 names the pack, then head and body)."""
    found = {}
    for pack in packs(root):
        lines = pack.read_text(encoding="utf-8").split("\n")
        for head in lines[1::2]:
            found[json.loads(head)[0]] = head
    return found


def test_the_heads_written_are_the_entries_own(tmp_path: Path) -> None:
    root = program_with(tmp_path)
    assert problems(root) == []
    written = heads(root)
    assert SESSION in written and len(written) > 3
    for head in written.values():
        rel, stat, trusted, digest = json.loads(head)
        assert head == Entry(rel, stat, trusted, digest, [], None, None).head()


def test_a_touch_writes_the_new_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)  # every stat trusted: a touch only rehashes
    root = program_with(tmp_path)
    assert problems(root) == []
    _, _, _, digest = json.loads(heads(root)[SESSION])
    file = root / SESSION
    os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns + 10**9))
    assert problems(root) == []
    st = file.stat()
    assert json.loads(heads(root)[SESSION]) == [
        SESSION, [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino], True, digest]
