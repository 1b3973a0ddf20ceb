"""`mentorlog check --format github|json`: annotations, the step summary, JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gitprogram import SECRET, GitProgram, note, session_text
from mentorlog.problems import error
from mentorlog.stepsummary import escape, markdown

pytestmark = pytest.mark.usefixtures("isolated_git")  # pinned, isolated git

LATE = "2026-04-01T12:00"


@pytest.fixture(scope="module")
def many_late(tmp_path_factory: pytest.TempPathFactory) -> GitProgram:
    """A change adding 12 late sessions (more than GitHub annotates) and changing a note."""
    repo = GitProgram.create(tmp_path_factory.mktemp("gh") / "program")
    for day in range(1, 13):
        held = f"2026-02-{day:02d}"
        repo.write(f"records/sessions/2026/02/{held}-r-2026-001.yaml", session_text(date=held))
    open_session = "records/sessions/2026/03/2026-03-01-r-2026-001.yaml"
    repo.write(open_session, session_text() + note(secret=SECRET + "!"))
    repo.commit("twelve late sessions")
    return repo


def test_github_annotations_and_step_summary(many_late: GitProgram, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = many_late.check("--author", "kim-gh", "--format", "github", now=LATE)
    assert result.code == 1
    annotations = [line for line in result.out.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 13
    assert annotations[0].startswith(
        "::error file=records/sessions/2026/02/2026-02-01-r-2026-001.yaml,line=2,col=1,"
        "title=mentorlog late-without-reason::entered after its deadline")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## mentorlog check\n")  # appended, not overwritten
    assert text.count("| :x: |") == 13 and "all 13 are listed here" in text
    assert "SECRET" not in result.out + text


def test_no_summary_without_the_variable(many_late: GitProgram,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert many_late.check("--format", "github", now=LATE).code == 1


def test_summary_only_for_github_format(many_late: GitProgram, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    many_late.check(now=LATE)
    assert not summary.exists()


def test_unwritable_summary_is_a_usage_error(many_late: GitProgram, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "no" / "such" / "file"))
    result = many_late.check("--format", "github", now=LATE)
    assert result.code == 2 and "GITHUB_STEP_SUMMARY" in result.err


def test_clean_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitProgram.create(tmp_path / "p")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = repo.check("--format", "github")
    assert result.code == 0 and "::notice title=mentorlog::" in result.out
    assert "all valid" in summary.read_text(encoding="utf-8")


def test_json(many_late: GitProgram) -> None:
    result = many_late.check("--format", "json", now=LATE)
    payload = json.loads(result.out)
    assert payload["checked"] == 24  # 11 base records, 1 attachment, 12 sessions
    first = payload["problems"][0]
    assert first == {"path": "records/sessions/2026/02/2026-02-01-r-2026-001.yaml", "line": 2,
                     "column": 1, "severity": "error", "code": "late-without-reason",
                     "message": first["message"]}
    assert "note-changed" in {p["code"] for p in payload["problems"]}


def test_summary_escapes_file_names() -> None:
    """A file name is whatever a mentor typed: it cannot break the table or inject HTML."""
    hostile = "records/x|<img src=x onerror=alert(1)>*[link](http://e)\n.yaml"
    text = markdown([error(hostile, 0, 0, "unknown-file", "not a record")], 1, "check")
    row = text.splitlines()[-1]
    assert row.count(" | ") == 4 and "\\<img" in row
    assert not re.search(r"(?<!\\)[<>|*\[]", row.replace(" | ", "").strip("| "))
    assert escape("a|b") == "a\\|b"
