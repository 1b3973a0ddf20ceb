"""`mentorlog export --format sba641` (sba641.py): SBA Form 641 counselor records."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from exportprogram import assert_golden, write_program
from helpers import REPO_ROOT as ROOT
from helpers import YOUTH, raw_records, run_main, tree_digest
from mentorlog.sba641 import COLUMNS

BOM = b"\xef\xbb\xbf"
HEADER = ("Session ID,Mentoring Request,Mentoring Date,Meeting Start,Meeting End,Mentor ID,"
          "Mentor Name,Mentor Role,Client ID,Client Name,Business Name,Mentoring Type,"
          "Online Type,Nature of Counseling Provided,Other Counseling Provided,"
          "Other Mentoring Location,Language Used,Other Language Used,Attendance,Contact Hours,"
          "Prep Hours,Travel Hours,Total Hours,ZIP Code,Gender,Race,Ethnicity,Veteran Status,"
          "Disability")
S1 = ("s1,r-1,2026-03-10,2026-03-10 14:00,2026-03-10 15:30,{mentor},{role},zoe,Zoë Ångström,"
      "Café Crème,face_to_face,,financing;other,Microloan application,'+Back room,English,,"
      "attended,{hours},01103,female,black;white,undisclosed,not_veteran,undisclosed")
# Worked out by hand from exportprogram.FILES: s1's lead has 1.5 + 0.5 prep + 0.25 travel =
# 2.25; each co-mentor only their own hours (no prep or travel recorded for them); the no-show
# s2 has 0 hours and a client without Part I details (empty cells); s3 is led by ana-diaz.
EXPECTED = [
    HEADER,
    S1.format(mentor="kim-osei,Kim Osei", role="mentor", hours="1.5,0.5,0.25,2.25"),
    S1.format(mentor="lee-park,Lee Park", role="co-mentor", hours="1.5,,,1.5"),
    S1.format(mentor="ana-diaz,Ana Díaz", role="co-mentor", hours="1,,,1"),
    "s2,r-2,2026-03-12,2026-03-12 09:00,,lee-park,Lee Park,mentor,formula,'@Ivy Stone,"
    "'=SUM(A1:A9) Supplies,telephone,,business_plan,,,other,Amharic,no_show,0,0,0,0,,,,,,",
    "s3,r-1,2026-03-20,2026-03-20 10:00,2026-03-20 11:00,ana-diaz,Ana Díaz,mentor,zoe,"
    "Zoë Ångström,Café Crème,online,video,marketing_sales,,,Spanish,,attended,1,0,0,1,01103,"
    "female,black;white,undisclosed,not_veteran,undisclosed",
]


def export(repo: Path, target: Path, *more: str) -> bytes:
    result = run_main(["--repo", str(repo), "export", "--format", "sba641", "-o", str(target),
                       *more])
    assert (result.code, result.err) == (0, "")
    return target.read_bytes()


def rows(exported: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    root = tmp_path_factory.mktemp("export-sba641")
    return export(write_program(root / "repo"), root / "sba641.csv")


def test_rows_are_the_hand_computed_ones(exported: bytes) -> None:
    assert exported.startswith(BOM)
    assert exported.removeprefix(BOM).decode("utf-8").splitlines() == EXPECTED
    assert b"Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m" in exported  # UTF-8, read as bytes


def test_hours_add_up_as_the_form_counts_them(exported: bytes) -> None:
    table = rows(exported)
    assert sum(float(r["Contact Hours"]) for r in table) == 1.5 + 1.5 + 1 + 0 + 1
    assert sum(float(r["Total Hours"]) for r in table) == 2.25 + 1.5 + 1 + 0 + 1
    co = [r for r in table if r["Mentor Role"] == "co-mentor"]
    assert [(r["Prep Hours"], r["Travel Hours"]) for r in co] == [("", ""), ("", "")]


def test_part_one_details_as_written(exported: bytes) -> None:
    part_one = ["ZIP Code", "Gender", "Race", "Ethnicity", "Veteran Status", "Disability"]
    by_session = {r["Session ID"]: [r[c] for c in part_one] for r in rows(exported)}
    assert by_session["s1"] == ["01103", "female", "black;white", "undisclosed", "not_veteran",
                                "undisclosed"]
    assert by_session["s2"] == ["", "", "", "", "", ""]  # never asked: left empty


def test_the_demo_rows_agree_with_the_records(tmp_path: Path) -> None:
    """Read independently (PyYAML): a lead row per session with its hours, a co-mentor row
    per co-mentor with theirs."""
    table = rows(export(ROOT, tmp_path / "sba641.csv"))
    sessions = raw_records(ROOT, "sessions")
    leads = [r for r in table if r["Mentor Role"] == "mentor"]
    co = [r for r in table if r["Mentor Role"] == "co-mentor"]
    assert len(leads) == len(sessions)
    assert sum(float(r["Contact Hours"]) for r in leads) == \
        pytest.approx(sum(float(s["hours"]) for s in sessions))  # type: ignore[arg-type]
    co_hours = [float(c["hours"]) for s in sessions for c in s.get("co_mentors") or []]
    assert len(co) == len(co_hours)
    assert sum(float(r["Contact Hours"]) for r in co) == pytest.approx(sum(co_hours))


def test_every_column_is_documented() -> None:
    guide = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    for name, _ in COLUMNS:
        assert f"| {name} |" in guide, f"{name} not in docs/exports.md"


def test_youth_programs_have_no_counselor_record(tmp_path: Path) -> None:
    target = tmp_path / "youth.csv"
    result = run_main(["--repo", str(YOUTH), "export", "--format", "sba641", "-o", str(target)])
    assert result.code == 2
    assert "sba641" in result.err and "youth" in result.err and "--format csv" in result.err
    assert not target.exists()


def test_never_under_records_never_over_a_file_without_force(tmp_path: Path) -> None:
    before = tree_digest(ROOT / "records")
    inside = ROOT / "records" / "sba641.csv"
    refused = run_main(["--repo", str(ROOT), "export", "--format", "sba641", "-o", str(inside)])
    assert refused.code == 2 and "records" in refused.err
    assert tree_digest(ROOT / "records") == before
    target = tmp_path / "sba641.csv"
    target.write_text("keep me")
    kept = run_main(["--repo", str(ROOT), "export", "--format", "sba641", "-o", str(target)])
    assert kept.code == 2 and "--force" in kept.err
    assert target.read_text() == "keep me"
    assert export(ROOT, target, "--force").startswith(BOM + b"Session ID,")


def test_business_demo_golden(tmp_path: Path) -> None:
    assert_golden("sba641.csv", export(ROOT, tmp_path / "sba641.csv"))
