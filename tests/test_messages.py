"""Messages name fields a mentor mistyped, but never words a mentor wrote."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gitprogram import GitProgram, session_text
from helpers import run_main
from mentorlog.cli import main

pytestmark = pytest.mark.usefixtures("isolated_git")  # pinned, isolated git

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def session(tmp_path: Path) -> Path:
    repo = tmp_path / "program"
    shutil.copytree(ROOT / "records", repo / "records")
    shutil.copy(ROOT / "mentorlog.yaml", repo / "mentorlog.yaml")
    return sorted((repo / "records" / "sessions").rglob("*.yaml"))[0]


def messages(session: Path, capsys: pytest.CaptureFixture[str]) -> str:
    repo = session.parents[4]
    assert main(["--repo", str(repo), "validate", str(session)]) == 1
    return capsys.readouterr().out


def test_a_typo_is_not_repeated_but_the_field_it_means_is_named(
        session: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session.write_text(session.read_text().replace("language:", "langauge:"))
    out = messages(session, capsys)
    assert "unknown field (not shown); did you mean `language`?" in out
    assert "langauge" not in out


def test_a_key_that_is_no_field_is_not_repeated(session: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    session.write_text(session.read_text() + "Sam-said-his-dad-hit-him: true\n")
    out = messages(session, capsys)
    assert "unknown field (not shown)" in out
    assert "dad" not in out


def test_an_attachment_path_that_reads_like_a_sentence_is_not_repeated(
        session: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = next(line.split()[1] for line in session.read_text().splitlines()
                   if line.startswith("request:"))
    session.write_text(session.read_text() + f"attachments:\n  - path: attachments/{request}/"
                       "notes about the family.pdf\n    title: x\n")
    out = messages(session, capsys)
    assert "error[attachment-missing]" in out and "family" not in out


def test_a_file_name_with_a_newline_stays_on_one_line(
        session: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = session.parents[4]
    (repo / "records" / "mentors" / "two\nlines.yaml").write_text("name: X\nemail: x@a.org\n")
    assert main(["--repo", str(repo), "validate"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines[:-1] if not line.startswith("records/")] == []
    assert any("two\\nlines.yaml" in line for line in lines)


# --- a hostile pull request: every typed value carries a marker no output may repeat ---

MARK = "qqmark"
LOADER = "records/sessions/2026/03/2026-03-02-r-2026-001.yaml"
SCHEMA = "records/sessions/2026/03/2026-03-03-r-2026-001.yaml"
RULES = "records/sessions/2026/03/2026-03-04-r-2026-001.yaml"
DATED = "records/sessions/2026/03/2026-03-05-r-2026-001.yaml"
LOCKED = "records/sessions/2026/01/2026-01-20-r-2026-001.yaml"


def hostile_change(repo: GitProgram) -> None:
    """Markers in keys (unknown, duplicate, wrong type), ids of no record, an attachment's
    file name, and the id/date/time fields; a locked session changed by an unknown key."""
    repo.write(LOADER, session_text(date="2026-03-02") + f"{MARK}-dup: 1\n{MARK}-dup: 2\n"
               "404404404: a key that reads as a number\n")
    schema = session_text(date="2026-03-03").replace("start: 14:00", f"start: {MARK}-start")
    repo.write(SCHEMA, schema + f"{MARK}-unknown-key: x\nlangauge-{MARK}: y\n"
               f"end: {MARK}-end\nattachments:\n  - path: attachments/r-2026-001/{MARK}.pdf\n"
               "    title: plan\n")
    rules = session_text(date="2026-03-04").replace("r-2026-001\n", f"{MARK}-request\n", 1)
    repo.write(RULES, rules + f"mentor: {MARK}-mentor\nco_mentors:\n  - mentor: {MARK}-co\n"
               f"    hours: 1\nattachments:\n  - path: attachments/{MARK}/x.pdf\n"
               f"    title: plan\nnotes:\n  - by: {MARK}-by\n    at: 2026-03-04T15:00\n"
               "    text: hello\n")
    repo.write(DATED, session_text(date=f"{MARK}-date"))
    repo.write(LOCKED, repo.read(LOCKED) + f"{MARK}-locked: changed\n")
    repo.commit("hostile change")


def test_a_hostile_change_is_refused_without_repeating_what_it_typed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitProgram.create(tmp_path / "program")
    hostile_change(repo)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    github = repo.check("--base", "main", "--author", "kim-gh", "--format", "github")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    as_json = repo.check("--base", "main", "--author", "kim-gh", "--format", "json")
    text = run_main(["--repo", str(repo.root), "validate", "--format", "text"])
    assert github.code == as_json.code == text.code == 1
    found = {p["code"] for p in json.loads(as_json.out)["problems"]}
    # every marker was reached: each of these problems is about one of them
    assert {"yaml-duplicate-key", "yaml-key-type", "schema-unknown-field", "schema",
            "unknown-reference", "attachment-missing", "session-locked"} <= found
    outputs = [github.out, github.err, as_json.out, as_json.err, text.out, text.err,
               summary.read_text(encoding="utf-8")]
    assert [MARK in out for out in outputs] == [False] * len(outputs)
    assert "404404404" not in "".join(outputs)


def test_a_changed_note_is_named_by_its_writer_only_when_the_writer_exists(
        tmp_path: Path) -> None:
    """`by` is quoted only when it is a mentor on the base, not when it merely looks like an
    id; `at` only when it is a date-time."""
    repo = GitProgram.create(tmp_path / "program", branch="base-extra")
    path = "records/sessions/2026/03/2026-03-06-r-2026-001.yaml"
    notes = (f"notes:\n  - by: {MARK}-ghost\n    at: 2026-03-06T10:00\n    text: one\n"
             "  - by: kim-osei\n    at: 2026-03-06T11:00\n    text: two\n")
    repo.write(path, session_text(date="2026-03-06") + notes)
    repo.commit("notes on the base")
    repo.git("checkout", "-q", "-b", "change")
    repo.write(path, repo.read(path).replace("text: one", "text: one!").replace("two", "2"))
    result = repo.check("--base", "base-extra", "--format", "json")
    messages = [p["message"] for p in json.loads(result.out)["problems"]
                if p["code"] == "note-changed"]
    assert messages == ["note 1 was changed: notes are append-only (remove it, or add a new note)",
                        "the note by kim-osei at 2026-03-06T11:00 was changed: notes are "
                        "append-only (remove it, or add a new note)"]
    assert MARK not in result.out
