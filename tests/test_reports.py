"""`mentorlog report monthly` (reports.py), checked against the records themselves."""

from __future__ import annotations

import json

import pytest

from helpers import REPO_ROOT as ROOT
from helpers import YOUTH, raw_records
from mentorlog.cli import main


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
