"""`mentorlog export` (export.py), checked against the records themselves."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from helpers import REPO_ROOT as ROOT
from helpers import YOUTH, raw_records
from mentorlog.cli import main


def test_sqlite_export_holds_every_record(tmp_path: Path) -> None:
    target = tmp_path / "program.sqlite"
    assert main(["--repo", str(ROOT), "export", "--format", "sqlite", "-o", str(target)]) == 0
    sessions = raw_records(ROOT, "sessions")
    with sqlite3.connect(target) as db:
        def count(table: str) -> int:
            return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        assert count("sessions") == len(sessions)
        assert count("clients") == len(raw_records(ROOT, "clients"))
        assert count("session_notes") == sum(len(s.get("notes") or []) for s in sessions)
        assert count("session_co_mentors") == sum(len(s.get("co_mentors") or [])
                                                  for s in sessions)
        unmentored = db.execute("SELECT count(*) FROM sessions WHERE effective_mentor IS NULL")
        assert unmentored.fetchone()[0] == 0
    db.close()


def test_json_export_is_the_records_as_written(tmp_path: Path) -> None:
    target = tmp_path / "youth.json"
    assert main(["--repo", str(YOUTH), "export", "--format", "json", "-o", str(target)]) == 0
    document = json.loads(target.read_text())
    sites = {s["id"]: {k: v for k, v in s.items() if k not in ("id", "path")}
             for s in document["sites"]}
    for file in sorted((YOUTH / "records" / "sites").glob("*.yaml")):
        assert sites[file.stem] == yaml.safe_load(file.read_text())


def test_csv_export_defuses_spreadsheet_formulas(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "records", repo / "records")
    shutil.copy(ROOT / "mentorlog.yaml", repo / "mentorlog.yaml")
    session = sorted((repo / "records" / "sessions").rglob("*.yaml"))[0]
    text = session.read_text()
    text = "\n".join(line for line in text.splitlines() if not line.startswith("language:"))
    # other_language is free text: a mentor may type a formula into it
    session.write_text(
        text + '\nlanguage: other\nother_language: "=HYPERLINK(\\"http://x.invalid\\")"\n')
    target = tmp_path / "sessions.csv"
    assert main(["--repo", str(repo), "export", "--format", "csv", "-o", str(target)]) == 0
    rows = list(csv.DictReader(target.open()))
    assert len(rows) == len(raw_records(repo, "sessions"))
    languages = {row["id"]: row["other_language"] for row in rows}
    assert languages[session.stem] == "'=HYPERLINK(\"http://x.invalid\")"


def test_export_never_overwrites_nor_writes_into_records(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    target.write_text("keep me")
    assert main(["--repo", str(ROOT), "export", "--format", "json", "-o", str(target)]) == 2
    assert target.read_text() == "keep me"
    assert main(["--repo", str(ROOT), "export", "--format", "json", "-o", str(target),
                 "--force"]) == 0
    assert json.loads(target.read_text())["program"]["profile"] == "business"
    inside = ROOT / "records" / "export.json"
    assert main(["--repo", str(ROOT), "export", "--format", "json", "-o", str(inside)]) == 2
    assert not inside.exists()
    assert "records" in capsys.readouterr().err


def test_export_refuses_records_with_errors(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "records", repo / "records")
    shutil.copy(ROOT / "mentorlog.yaml", repo / "mentorlog.yaml")
    session = sorted((repo / "records" / "sessions").rglob("*.yaml"))[0]
    session.write_text(session.read_text().replace("attendance:", "attendence:"))
    target = tmp_path / "out.sqlite"
    assert main(["--repo", str(repo), "export", "--format", "sqlite", "-o", str(target)]) == 1
    assert not target.exists()
    assert "not exported" in capsys.readouterr().err
