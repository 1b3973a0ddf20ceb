"""yamlload.read_record with the stat its caller already took (the record cache's misses):
the bytes are the file's whatever happened since that stat, a file is stat-ed once, and what
cannot be read is still a problem, never a traceback or a read that blocks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import make_program
from mentorlog import cache
from mentorlog.program import Program
from mentorlog.repo import Repo
from mentorlog.yamlload import DEFAULT_PARSER, MAX_BYTES, read_record

REL = "records/mentors/kim.yaml"


def written(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "kim.yaml"
    path.write_bytes(content)
    return path


def test_the_bytes_as_they_are_with_crlf_and_bom(tmp_path: Path) -> None:
    content = b"\xef\xbb\xbfname: Kim\r\nemail: kim@example.org\r\n"
    path = written(tmp_path, content)
    assert read_record(path, REL) == (content, [])
    assert read_record(path, REL, os.stat(path)) == (content, [])


def test_a_file_that_grew_after_its_stat_is_read_to_its_end(tmp_path: Path) -> None:
    path = written(tmp_path, b"name: Kim\n")
    known = os.stat(path)
    grown = b"name: Kim\n" + b"# more\n" * 20_000  # beyond one read of 64 KiB
    path.write_bytes(grown)
    assert read_record(path, REL, known) == (grown, [])


def test_a_file_that_shrank_after_its_stat_is_read_as_it_is(tmp_path: Path) -> None:
    path = written(tmp_path, b"name: Kim\nemail: kim@example.org\n")
    known = os.stat(path)
    path.write_bytes(b"name: Kim\n")
    assert read_record(path, REL, known) == (b"name: Kim\n", [])


def test_short_reads_are_read_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A network file system may return fewer bytes than asked before the end."""
    content = b"name: Kim\nemail: kim@example.org\n"
    path = written(tmp_path, content)
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, min(n, 7)))
    assert read_record(path, REL) == (content, [])


def test_a_file_gone_after_its_stat_is_unreadable(tmp_path: Path) -> None:
    path = written(tmp_path, b"name: Kim\n")
    known = os.stat(path)
    path.unlink()
    raw, problems = read_record(path, REL, known)
    assert raw is None and [(p.path, p.line, p.column, p.code, p.message)
                            for p in problems] == [
        (REL, 0, 0, "file-unreadable", "cannot read: No such file or directory")]


def test_the_known_stat_decides_size_and_kind(tmp_path: Path) -> None:
    """The limit and the regular-file test apply to the stat given, so a file is never
    opened on the strength of a second look."""
    path = written(tmp_path, b"name: Kim\n")
    big = os.stat_result((0o100644, 0, 0, 1, 0, 0, MAX_BYTES + 1, 0, 0, 0))
    assert [p.code for p in read_record(path, REL, big)[1]] == ["file-too-large"]
    os.mkfifo(tmp_path / "pipe.yaml")
    fifo = os.stat(tmp_path / "pipe.yaml")
    raw, problems = read_record(path, REL, fifo)
    assert raw is None and [p.message for p in problems] == ["cannot read: not a regular file"]


def test_a_cache_miss_stats_its_file_once(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_program(tmp_path / "p", "business", files={REL: "name: Kim\n"})
    program = Program.open(Repo(root))
    stats: list[str] = []
    real_stat = os.stat

    def counting(path: object, *args: object, **kwargs: object) -> os.stat_result:
        stats.append(str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", counting)
    made = cache.make_entry(program, DEFAULT_PARSER, (REL, None, ""))
    assert made[0] == "new" and stats == [str(root / REL)]
