"""Links under records/ are problems: a link could make CI read (and the site publish) a file
from outside the repository, so neither a linked record nor a linked folder is followed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mentorlog.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_linked_records_and_folders_are_reported_not_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "program"
    shutil.copytree(ROOT / "records", repo / "records")
    shutil.copy(ROOT / "mentorlog.yaml", repo / "mentorlog.yaml")
    outside = tmp_path / "outside"
    (outside / "2027" / "01").mkdir(parents=True)
    secret = outside / "mentor.yaml"
    secret.write_text("name: OUTSIDE-SECRET\nemail: x@example.org\n")
    (repo / "records" / "mentors" / "linked.yaml").symlink_to(secret)
    (repo / "records" / "sessions" / "2027").symlink_to(outside / "2027")
    assert main(["--repo", str(repo), "validate", "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert '"code": "symlink"' in out
    assert "records/mentors/linked.yaml" in out and "records/sessions/2027" in out
    assert "OUTSIDE-SECRET" not in out
    assert main(["--repo", str(repo), "build", "--site-dir", str(tmp_path / "site")]) == 0
    built = "".join(p.read_text(errors="replace") for p in (tmp_path / "site").rglob("*.html"))
    assert "OUTSIDE-SECRET" not in built
