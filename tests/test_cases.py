"""The record format, case by case: tests/cases/valid/* validate clean, tests/cases/invalid/*
report exactly the problems in their expected.txt (path:line:col: severity[code]).

Hazards that cannot be committed as text (bad bytes, huge or very deep files, links) are
built here, over a copy of a base program, and checked the same way.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import (
    case_dirs,
    case_program,
    expected_lines,
    make_program,
    problem_lines,
    validate_dir,
)
from mentorlog.yamlload import MAX_BYTES

SESSION = "records/sessions/2026/03/2026-03-17-r-2026-001.yaml"
BUSINESS_SESSION = b"""\
request: r-2026-001
date: 2026-03-17
start: 10:00
hours: 1
attendance: attended
mentoring_type: face_to_face
topics: [startup]
language: English
"""
NOTE = b"notes:\n  - by: kim-osei\n    at: 2026-03-17T11:00\n    text: "


@pytest.mark.parametrize("case", case_dirs("valid"), ids=lambda p: p.name)
def test_valid_case(case: Path, tmp_path: Path) -> None:
    assert problem_lines(validate_dir(case_program(case, tmp_path / "program"))) == []


@pytest.mark.parametrize("case", case_dirs("invalid"), ids=lambda p: p.name)
def test_invalid_case(case: Path, tmp_path: Path) -> None:
    found = problem_lines(validate_dir(case_program(case, tmp_path / "program")))
    assert found == expected_lines(case)


@pytest.mark.parametrize("base", ["business", "youth"])
def test_base_programs_are_clean(base: str, tmp_path: Path) -> None:
    assert validate_dir(make_program(tmp_path / "program", base)) == []


def test_every_invalid_case_expects_something() -> None:
    for case in case_dirs("invalid"):
        assert expected_lines(case), f"{case.name}: empty expected.txt"


# --- hazards written from code -------------------------------------------------------------

def _session_problems(tmp_path: Path, content: bytes) -> list[str]:
    root = make_program(tmp_path / "program", "business", files={SESSION: content})
    return problem_lines(validate_dir(root))


def _at(line: int, column: int, code: str) -> list[str]:
    return [f"{SESSION}:{line}:{column}: error[{code}]"]


def test_invalid_utf8_is_reported_where_it_stands(tmp_path: Path) -> None:
    content = BUSINESS_SESSION + NOTE + b"caf\xe9 talk\n"
    assert _session_problems(tmp_path, content) == _at(12, 14, "encoding")


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85",
                                  "\x9f"])
def test_control_characters_are_refused(char: str, tmp_path: Path) -> None:
    content = BUSINESS_SESSION + NOTE + f"one{char}two\n".encode()
    assert _session_problems(tmp_path, content) == _at(12, 14, "control-character")


def test_windows_line_endings_are_read_as_line_breaks(tmp_path: Path) -> None:
    # DESIGN v2 section 3: CRLF is a line break (Git for Windows checks files out so)
    content = (BUSINESS_SESSION + NOTE + b"first\n").replace(b"\n", b"\r\n")
    assert _session_problems(tmp_path, content) == []


def test_a_lone_carriage_return_is_refused(tmp_path: Path) -> None:
    content = BUSINESS_SESSION + NOTE + b"first\rsecond\n"
    assert _session_problems(tmp_path, content) == _at(12, 16, "control-character")


def test_tabs_and_a_byte_order_mark_are_fine(tmp_path: Path) -> None:
    content = b"\xef\xbb\xbf" + BUSINESS_SESSION + NOTE + b"|\n      Tab\there.\n"
    assert _session_problems(tmp_path, content) == []


def test_a_file_over_one_mebibyte_is_not_parsed(tmp_path: Path) -> None:
    filler = b"# " + b"x" * 78 + b"\n"
    content = BUSINESS_SESSION + filler * (MAX_BYTES // len(filler) + 1)
    assert len(content) > MAX_BYTES
    assert _session_problems(tmp_path, content) == [f"{SESSION}:0:0: error[file-too-large]"]


def test_a_file_of_exactly_one_mebibyte_is_parsed(tmp_path: Path) -> None:
    content = BUSINESS_SESSION + b"#" * (MAX_BYTES - len(BUSINESS_SESSION) - 1) + b"\n"
    assert len(content) == MAX_BYTES
    assert _session_problems(tmp_path, content) == []


def test_thirty_thousand_deep_flow_nesting(tmp_path: Path) -> None:
    content = BUSINESS_SESSION + b"location: " + b"[" * 30_000 + b"]" * 30_000 + b"\n"
    assert _session_problems(tmp_path, content) == _at(9, 42, "yaml-too-deep")


def test_thirty_thousand_deep_block_nesting(tmp_path: Path) -> None:
    # "- " per level: a block sequence inside a block sequence, 30,000 deep, on one line
    content = BUSINESS_SESSION + b"location:\n" + b"- " * 30_000 + b"x\n"
    assert _session_problems(tmp_path, content) == _at(10, 63, "yaml-too-deep")


def test_an_unreadable_record_is_a_problem(tmp_path: Path) -> None:
    root = make_program(tmp_path / "program", "business")
    os.mkfifo(root / "records/mentors/pipe.yaml")  # no regular file: reading would block
    (root / "records/mentors/gone.yaml").symlink_to(root / "nowhere.yaml")
    assert problem_lines(validate_dir(root)) == [
        "records/mentors/gone.yaml:0:0: error[symlink]",
        "records/mentors/pipe.yaml:0:0: error[file-unreadable]"]


# --- attachments that cannot be committed as plain files ----------------------------------

ATTACHED = BUSINESS_SESSION + b"""\
attachments:
  - path: attachments/r-2026-001/big.pdf
    title: The file
"""
ATTACHMENT = "records/attachments/r-2026-001/big.pdf"


def _attachment_problems(tmp_path: Path, size: int) -> list[str]:
    root = make_program(tmp_path / "program", "business", files={SESSION: ATTACHED})
    with (root / ATTACHMENT).open("wb") as handle:
        handle.truncate(size)  # sparse: no 10 MB written
    return problem_lines(validate_dir(root))


def test_an_attachment_at_the_size_limit_is_fine(tmp_path: Path) -> None:
    assert _attachment_problems(tmp_path, 10_000_000) == []


def test_an_attachment_over_the_size_limit(tmp_path: Path) -> None:
    assert _attachment_problems(tmp_path, 10_000_001) == _at(10, 11, "attachment-size")


def test_an_attachment_that_is_a_symlink(tmp_path: Path) -> None:
    root = make_program(tmp_path / "program", "business", files={SESSION: ATTACHED})
    (root / ATTACHMENT).symlink_to(root / "mentorlog.yaml")
    assert problem_lines(validate_dir(root)) == _at(10, 11, "attachment-symlink")


def test_an_attachment_inside_a_linked_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "big.pdf").write_bytes(b"%PDF-1.4\n")
    root = make_program(tmp_path / "program", "business", files={SESSION: ATTACHED})
    os.rename(root / "records/attachments/r-2026-001", tmp_path / "moved")
    (root / "records/attachments/r-2026-001").symlink_to(outside, target_is_directory=True)
    # the base session's attachment lives in the same (now linked) folder
    base_session = "records/sessions/2026/03/2026-03-10-r-2026-001.yaml"
    assert problem_lines(validate_dir(root)) == sorted(
        [f"{base_session}:17:11: error[attachment-symlink]",
         *_at(10, 11, "attachment-symlink")])
