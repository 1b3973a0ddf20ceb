"""`mentorlog export --format csv` (sessioncsv.py): one row a session, for a coordinator."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from exportprogram import assert_golden, write_program
from helpers import REPO_ROOT as ROOT
from helpers import YOUTH, raw_records, run_main
from mentorlog.sessioncsv import COLUMNS

BOM = b"\xef\xbb\xbf"

# Worked out by hand from exportprogram.FILES. s1: co_mentor_hours = lee-park 1.5 + ana-diaz 1;
# s2: a no-show (0 hours), its mentor the request's, cells starting with @ = + defused with ';
# s3: led by the co-mentor ana-diaz, completes the request, has a late reason.
EXPECTED = """\
date,start,end,id,path,request,client,client_name,business,mentor,mentor_name,co_mentors,\
hours,co_mentor_hours,prep_hours,travel_hours,attendance,mentoring_type,online_type,location,\
topics,other_topic,language,other_language,completes_request,late_entry
2026-03-10,14:00,15:30,s1,records/sessions/2026/03/s1.yaml,r-1,zoe,Zoë Ångström,Café Crème,\
kim-osei,Kim Osei,lee-park;ana-diaz,1.5,2.5,0.5,0.25,attended,face_to_face,,'+Back room,\
financing;other,Microloan application,English,,false,false
2026-03-12,09:00,,s2,records/sessions/2026/03/s2.yaml,r-2,formula,'@Ivy Stone,\
'=SUM(A1:A9) Supplies,lee-park,Lee Park,,0,0,0,0,no_show,telephone,,,business_plan,,other,\
Amharic,false,false
2026-03-20,10:00,11:00,s3,records/sessions/2026/03/s3.yaml,r-1,zoe,Zoë Ångström,Café Crème,\
ana-diaz,Ana Díaz,,1,0,0,0,attended,online,video,,marketing_sales,,Spanish,,true,true
"""


def export(repo: Path, target: Path) -> bytes:
    result = run_main(["--repo", str(repo), "export", "--format", "csv", "-o", str(target)])
    assert (result.code, result.err) == (0, "")
    return target.read_bytes()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    root = tmp_path_factory.mktemp("export-csv")
    return export(write_program(root / "repo"), root / "sessions.csv")


def test_rows_are_the_hand_computed_ones(exported: bytes) -> None:
    assert exported.removeprefix(BOM).decode("utf-8") == EXPECTED


def test_utf8_with_a_bom_so_spreadsheets_show_accents(exported: bytes) -> None:
    assert exported.startswith(BOM)
    assert exported.count(BOM) == 1
    assert b"Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m" in exported  # "Zoë Ångström" in UTF-8
    assert b"Caf\xc3\xa9 Cr\xc3\xa8me" in exported


def test_formula_cells_are_defused(exported: bytes) -> None:
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(exported.decode("utf-8-sig")))}
    assert rows["s2"]["client_name"] == "'@Ivy Stone"
    assert rows["s2"]["business"] == "'=SUM(A1:A9) Supplies"
    assert rows["s1"]["location"] == "'+Back room"
    assert rows["s2"]["hours"] == "0"  # a number is no formula: left as it is


def test_notes_and_late_reasons_stay_out(exported: bytes) -> None:
    assert b"no CSV carries" not in exported
    assert b"away all month" not in exported


def test_every_column_is_documented() -> None:
    guide = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    for profile, columns in COLUMNS.items():
        for name, _ in columns:
            assert f"| `{name}` |" in guide, f"{profile} column {name} not in docs/exports.md"


def test_youth_rows_name_the_mentee_and_site(tmp_path: Path) -> None:
    exported = export(YOUTH, tmp_path / "youth.csv")
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert list(rows[0]) == [name for name, _ in COLUMNS["youth"]]
    assert len(rows) == len(raw_records(YOUTH, "sessions"))
    sites = {f.stem for f in (YOUTH / "records" / "sites").glob("*.yaml")}
    assert all(row["site"] in sites and row["site_name"] for row in rows)
    assert all(row["client_name"] and row["mentor_name"] for row in rows)


def test_business_demo_golden(tmp_path: Path) -> None:
    assert_golden("sessions.csv", export(ROOT, tmp_path / "sessions.csv"))


def test_a_months_rows_add_up_to_its_monthly_report(tmp_path: Path) -> None:
    table = csv.DictReader(io.StringIO(export(ROOT, tmp_path / "s.csv").decode("utf-8-sig")))
    march = [row for row in table if row["date"].startswith("2026-03")]
    report = run_main(["--repo", str(ROOT), "report", "monthly", "--month", "2026-03",
                       "--format", "json"])
    figures = json.loads(report.out)
    assert figures["sessions"] == len(march) > 5
    assert figures["late_entries"] == sum(row["late_entry"] == "true" for row in march)
    assert figures["no_shows"] == sum(row["attendance"] == "no_show" for row in march)
    assert figures["clients_served"] == len({row["client"] for row in march
                                             if row["attendance"] == "attended"})
    columns = {"mentor": "hours", "co-mentor": "co_mentor_hours", "prep": "prep_hours",
               "travel": "travel_hours"}
    for kind, column in columns.items():
        assert figures["hours"][kind] == pytest.approx(sum(float(row[column]) for row in march))
