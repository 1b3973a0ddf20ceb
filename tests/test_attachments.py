"""Which attachments are allowed (mentorlog.attachments): `validate` and the site judge a file
alike. They once counted a megabyte differently (10^6 bytes in the rule, 2^20 in the site), so
a file of 10.2 MB failed validation yet was copied into the site."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from helpers import make_program, validate_dir
from mentorlog.attachments import MEGABYTE, allowed, size_allowed, type_allowed
from mentorlog.program import Program, load_program
from mentorlog.repo import Repo
from mentorlog.site.attachments import collect
from mentorlog.view import read

SESSION = "records/sessions/2026/03/2026-03-17-r-2026-001.yaml"
LISTED = "attachments/r-2026-001/{name}"


def _program(tmp_path: Path, name: str, size: int) -> Path:
    root = make_program(tmp_path / "p", "business", files={SESSION: (
        "request: r-2026-001\ndate: 2026-03-17\nstart: 10:00\nhours: 1\n"
        "attendance: attended\nmentoring_type: face_to_face\ntopics: [startup]\n"
        f"language: English\nattachments:\n  - path: {LISTED.format(name=name)}\n"
        "    title: A file\n")})
    with (root / "records" / LISTED.format(name=name)).open("wb") as handle:
        handle.truncate(size)  # sparse: no megabytes written
    return root


def _rule_accepts(root: Path) -> bool:
    codes = {p.code for p in validate_dir(root) if p.path == SESSION}
    assert codes <= {"attachment-size", "attachment-type"}, codes
    return not codes


def _site_copies(root: Path, name: str) -> bool:
    program = Program.open(Repo(root))
    data = read(load_program(program, set()).index, program.settings, date(2026, 3, 20))
    return LISTED.format(name=name) in collect(data, root / "records")


@pytest.mark.parametrize(("name", "size", "ok"), [
    ("plan.pdf", 10_000_000, True),  # exactly 10 MB: the limit itself is allowed
    ("plan.pdf", 10_000_001, False),
    ("plan.pdf", 10_200_000, False),  # over 10 MB, under 10 MiB: the sizes that disagreed
    ("plan.pdf", 10_485_760, False),  # 10 MiB
    ("tool.exe", 10, False),
    ("NOTES.MD", 10, True),  # the type is the suffix, in any case
])
def test_the_rule_and_the_site_judge_a_file_alike(tmp_path: Path, name: str, size: int,
                                                  ok: bool) -> None:
    root = _program(tmp_path, name, size)
    assert _rule_accepts(root) is ok
    assert _site_copies(root, name) is ok


def test_a_megabyte_is_a_million_bytes() -> None:
    assert MEGABYTE == 1_000_000
    assert size_allowed(2_500_000, 2.5) and not size_allowed(2_500_001, 2.5)


def test_allowed_asks_type_and_size(tmp_path: Path) -> None:
    small, large, other = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.exe"
    small.write_bytes(b"x" * 1000)
    large.write_bytes(b"x" * 1001)
    other.write_bytes(b"x")
    assert allowed(small, 0.001) and not allowed(large, 0.001) and not allowed(other, 1)
    assert type_allowed(Path("scan.JPEG")) and not type_allowed(Path("archive.pdf.zip"))
