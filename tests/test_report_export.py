"""`mentorlog report monthly` and `mentorlog export`, checked against the records themselves."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from mentorlog.cli import main

ROOT = Path(__file__).resolve().parent.parent
YOUTH = ROOT / "examples" / "youth"


def raw_records(repo: Path, folder: str) -> list[dict[str, object]]:
    """The records of a folder read with plain PyYAML: an independent second reading."""
    files = sorted((repo / "records" / folder).rglob("*.yaml"))
    return [yaml.safe_load(f.read_text()) for f in files]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_monthly_report_counts_what_the_month_folder_holds(
        capsys: pytest.CaptureFixture[str]) -> None:
    sessions = raw_records(ROOT, "sessions/2026/03")
    report = run_json(capsys, "--repo", str(ROOT), "report", "monthly", "--month", "2026-03",
                      "--format", "json")
    assert report["sessions"] == len(sessions) > 5
    assert report["attended"] == sum(s["attendance"] == "attended" for s in sessions)
    assert report["late_entries"] == sum("late_reason" in s for s in sessions)
    hours = report["hours"]
    assert isinstance(hours, dict)
    assert hours["mentor"] == pytest.approx(sum(float(str(s["hours"])) for s in sessions))
    topics = report["topics"]
    assert isinstance(topics, dict)
    assert sum(topics.values()) == sum(len(s["topics"]) for s in sessions)  # type: ignore[arg-type]


def test_youth_report_has_safety_concerns_and_no_business_fields(
        capsys: pytest.CaptureFixture[str]) -> None:
    months = {}
    for session in raw_records(YOUTH, "sessions"):
        if session.get("safety_concern"):
            month = str(session["date"])[:7]
            months[month] = months.get(month, 0) + 1
    month, concerns = sorted(months.items())[0]
    report = run_json(capsys, "--repo", str(YOUTH), "report", "monthly", "--month", month,
                      "--format", "json")
    assert report["safety_concerns"] == concerns
    assert "topics" not in report and "interactions" in report


@pytest.mark.parametrize("fmt", ["text", "csv", "json"])
def test_report_names_nobody(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    assert main(["--repo", str(ROOT), "report", "monthly", "--month", "2026-03",
                 "--format", fmt]) == 0
    out = capsys.readouterr().out
    people = raw_records(ROOT, "clients") + raw_records(ROOT, "mentors")
    assert not [p["name"] for p in people if str(p["name"]) in out]
    other_topics = [s["other_topic"] for s in raw_records(ROOT, "sessions") if "other_topic" in s]
    assert not [t for t in other_topics if str(t) in out]


def test_report_month_must_be_a_month(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--repo", str(ROOT), "report", "monthly", "--month", "2026-13"]) == 2
    assert "YYYY-MM" in capsys.readouterr().err


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
