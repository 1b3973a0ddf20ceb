"""Messages name fields a mentor mistyped, but never words a mentor wrote."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mentorlog.cli import main

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


def test_a_typo_is_named_with_a_suggestion(session: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    session.write_text(session.read_text().replace("language:", "langauge:"))
    assert "unknown field `langauge` (did you mean `language`?)" in messages(session, capsys)


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
