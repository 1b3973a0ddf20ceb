"""records/ holds records: every file under records/attachments/ is one a session lists, at
records/attachments/<request>/<file> (DESIGN section 5). An unlisted file of any type and size
used to pass `validate` and `check`; now it is `attachment-unreferenced`. Also: two notes
naming one instant (`T16:25`, `T16:25:00`) by the same writer are one note, `duplicate-note`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gitprogram import GitProgram, codes
from helpers import SECRET_MARK, make_program, problem_lines, run_main, validate_dir

pytestmark = pytest.mark.usefixtures("isolated_git")  # pinned, isolated git

FOLDER = "records/attachments/r-2026-001"
NEW_SESSION = "records/sessions/2026/03/2026-03-17-r-2026-001.yaml"
BASE_SESSION = "records/sessions/2026/03/2026-03-10-r-2026-001.yaml"


def session(extra: str = "") -> str:
    return ("request: r-2026-001\ndate: 2026-03-17\nstart: 10:00\nhours: 1\n"
            "attendance: attended\nmentoring_type: face_to_face\ntopics: [startup]\n"
            "language: English\n" + extra)


def listing(*names: str) -> str:
    return "attachments:\n" + "".join(
        f"  - path: attachments/r-2026-001/{name}\n    title: A file\n" for name in names)


def sparse(path: Path, size: int) -> None:
    with path.open("wb") as handle:
        handle.truncate(size)  # no megabytes written


# --- unlisted files ---

STRAYS = [f"{SECRET_MARK}-plan.pdf", "tool.exe", "big.pdf"]


def test_unlisted_attachments_of_any_type_and_size(tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "business", files={
        f"{FOLDER}/{STRAYS[0]}": b"%PDF-1.4\n", f"{FOLDER}/{STRAYS[1]}": b"MZ\0\0"})
    sparse(root / FOLDER / STRAYS[2], 50_000_000)  # over the 10 MB limit
    problems = validate_dir(root)
    assert problem_lines(problems) == sorted(
        f"{FOLDER}/{name}:0:0: error[attachment-unreferenced]" for name in STRAYS)
    # the path is the location; the message repeats no file name (it may be a sentence)
    assert all(SECRET_MARK not in p.message and "tool" not in p.message for p in problems)


@pytest.mark.parametrize("folder", ["records/attachments", FOLDER, "records"])
def test_validate_a_folder_judges_the_attachments_in_it(tmp_path: Path, folder: str) -> None:
    """`validate records/attachments` used to check 0 files and say all valid."""
    root = make_program(tmp_path / "p", "business", files={f"{FOLDER}/stray.pdf": b"%PDF"})
    result = run_main(["--repo", str(root), "validate", str(root / folder)])
    assert result.code == 1
    assert f"{FOLDER}/stray.pdf:0:0: error[attachment-unreferenced]" in result.out


def test_listed_attachments_are_clean(tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "business", files={
        f"{FOLDER}/plan.pdf": b"%PDF-1.4\n", f"{FOLDER}/notes.md": "# notes\n",
        NEW_SESSION: session(listing("plan.pdf", "notes.md"))})
    assert validate_dir(root) == []


def test_one_listing_is_enough_for_a_file_two_sessions_share(tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "business",
                        files={NEW_SESSION: session(listing("cash-flow.csv"))})
    assert validate_dir(root) == []
    (root / BASE_SESSION).unlink()  # the other listing remains
    assert validate_dir(root) == []
    (root / NEW_SESSION).unlink()
    assert problem_lines(validate_dir(root)) == [
        f"{FOLDER}/cash-flow.csv:0:0: error[attachment-unreferenced]"]


def test_a_listed_type_or_size_problem_is_reported_once_on_the_session(tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "business", files={
        f"{FOLDER}/tool.exe": b"MZ", NEW_SESSION: session(listing("tool.exe"))})
    assert problem_lines(validate_dir(root)) == [f"{NEW_SESSION}:10:11: error[attachment-type]"]


# --- entries at the wrong place, or no regular file ---

def test_a_file_directly_in_attachments(tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "business",
                        files={"records/attachments/plan.pdf": b"%PDF-1.4\n"})
    assert problem_lines(validate_dir(root)) == [
        "records/attachments/plan.pdf:0:0: error[unknown-file]"]


def test_a_pipe_in_a_request_folder(tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "business")
    os.mkfifo(root / FOLDER / "pipe.pdf")  # reading it would block
    assert problem_lines(validate_dir(root)) == [f"{FOLDER}/pipe.pdf:0:0: error[unknown-file]"]


def test_unlisted_links_to_a_file_and_a_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(b"%PDF-1.4\n")
    root = make_program(tmp_path / "p", "business")
    (root / FOLDER / "linked.pdf").symlink_to(outside / "secret.pdf")
    (root / "records/attachments/r-2025-010").symlink_to(outside, target_is_directory=True)
    assert problem_lines(validate_dir(root)) == [
        "records/attachments/r-2025-010:0:0: error[symlink]",
        f"{FOLDER}/linked.pdf:0:0: error[symlink]"]


def test_files_in_a_subfolder_of_the_request_folder_may_be_listed(tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "business", files={
        f"{FOLDER}/photos/front.jpg": b"\xff\xd8\xff", f"{FOLDER}/photos/back.jpg": b"\xff\xd8",
        NEW_SESSION: session(listing("photos/front.jpg"))})
    assert problem_lines(validate_dir(root)) == [
        f"{FOLDER}/photos/back.jpg:0:0: error[attachment-unreferenced]"]


# --- validate PATH (pre-commit): the listings come from the summary cache ---

# --- check: a pull request that adds an unlisted file is refused ---

def test_check_refuses_a_change_adding_an_unlisted_attachment(tmp_path: Path) -> None:
    repo = GitProgram.create(tmp_path / "program")
    added = "records/attachments/r-2026-001/minutes.pdf"
    repo.write(added, "%PDF-1.4\n")
    repo.commit("minutes of the meeting")
    result = repo.check("--base", "main", "--author", "kim-gh")
    assert result.code == 1
    assert codes(result) == [f"{added}:0:0: error[attachment-unreferenced]"]


def test_check_refuses_a_change_dropping_the_only_listing(tmp_path: Path) -> None:
    repo = GitProgram.create(tmp_path / "program")
    lister = "records/sessions/2026/01/2026-01-12-plan.yaml"
    repo.write(lister, repo.read(lister).split("attachments:")[0])
    repo.commit("no attachment")
    result = repo.check("--base", "main", "--author", "ana-gh")  # a coordinator may edit it
    assert codes(result) == [
        "records/attachments/r-2026-001/plan.txt:0:0: error[attachment-unreferenced]"]


# --- duplicate notes: the instant `at` names, not its spelling ---

def _notes(*ats: str, by: str = "kim-osei") -> str:
    return "notes:\n" + "".join(f"  - by: {by}\n    at: {at}\n    text: Seen.\n" for at in ats)


@pytest.mark.parametrize("second", ["2026-03-17T16:25:00", "2026-03-17T16:25-04:00",
                                    "2026-03-17T20:25:00Z"])
def test_a_respelt_instant_is_a_duplicate_note(tmp_path: Path, second: str) -> None:
    root = make_program(tmp_path / "p", "business",
                        files={NEW_SESSION: session(_notes("2026-03-17T16:25", second))})
    assert problem_lines(validate_dir(root)) == [f"{NEW_SESSION}:14:9: error[duplicate-note]"]


@pytest.mark.parametrize("second", ["2026-03-17T16:26", "2026-03-17T16:25-05:00"])
def test_another_instant_is_another_note(tmp_path: Path, second: str) -> None:
    root = make_program(tmp_path / "p", "business",
                        files={NEW_SESSION: session(_notes("2026-03-17T16:25", second))})
    assert validate_dir(root) == []
