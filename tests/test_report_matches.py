"""Youth `report matches` and the matches figures of the period reports (stats.Matches), on
tests/cases/base-youth plus three matches, with lengths computed by hand. Today is 2026-06-30;
matches.minimum_months is 12; the fiscal year starts in October (the default).

| match          | opened     | closed     | reason               | months              |
| m-ava-t-2025   | 2025-09-20 | 2026-01-30 | mentee_moved         | 4                   |
| m-sam-r-2025   | 2025-09-15 | (open)     |                      | 9 (to today)        |
| m-zoe-k-2026   | 2026-03-04 | 2026-03-04 | family_request       | 0 (closed same day) |
| m-lia-p-2024   | 2024-09-10 | 2025-09-10 | completed_commitment | 12                  |
| m-jon-d-2024   | 2024-10-01 | 2025-09-30 | school_change        | 11 (a day short)    |
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from goldenfiles import matches_golden
from helpers import make_program, run_main
from mentorlog.periods import fiscal_year_report, matches_report
from mentorlog.program import Program
from mentorlog.repo import Repo
from mentorlog.reports import render
from mentorlog.view import load_data

TODAY = date(2026, 6, 30)


def match(mentee: str, opened: str, closed: str, status: str,
          reason: str) -> dict[str, str | bytes]:
    return {
        f"records/clients/{mentee}.yaml": f"name: {mentee[:-2].title()} {mentee[-1].upper()}.\n"
                                          "site: lincoln-elementary\ngrade: 5\n",
        f"records/requests/m-{mentee}-{opened[:4]}.yaml":
            f"client: {mentee}\nmentor: ben-ruiz\nopened: {opened}\nstatus: {status}\n"
            f"closed: {closed}\nclosure_reason: {reason}\n",
    }


FILES = {**match("zoe-k", "2026-03-04", "2026-03-04", "withdrawn", "family_request"),
         **match("lia-p", "2024-09-10", "2025-09-10", "completed", "completed_commitment"),
         **match("jon-d", "2024-10-01", "2025-09-30", "completed", "school_change")}


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Program:
    root = make_program(tmp_path_factory.mktemp("matches") / "p", "youth", files=FILES)
    return Program.open(Repo(root))


@pytest.fixture(scope="module")
def report(program: Program) -> dict[str, Any]:
    return matches_report(program, TODAY)


def test_every_match_up_to_today(report: dict[str, Any]) -> None:
    m = report["matches"]
    assert (m["minimum_months"], m["active"], m["closed"]) == (12, 1, 4)
    assert m["median_months"] == 9.0  # of 0, 4, 9, 11, 12
    assert m["length_months"] == {"under_3": 1, "3_to_6": 1, "6_to_12": 2, "12_plus": 1}
    assert {k: v for k, v in m["closures"].items() if v} == {
        "completed_commitment": 1, "family_request": 1, "mentee_moved": 1, "school_change": 1}
    assert len(m["closures"]) == 10  # every reason the schema allows, zeros too
    assert (m["reached_minimum"], m["share_reaching_minimum"]) == (1, 0.25)


def test_lengths_of_each_match(program: Program) -> None:
    requests = load_data(program, TODAY).requests
    assert {r.id: r.length_months(TODAY) for r in requests.values()} == {
        "m-ava-t-2025": 4, "m-sam-r-2025": 9, "m-zoe-k-2026": 0, "m-lia-p-2024": 12,
        "m-jon-d-2024": 11}
    # the open match keeps growing with today: a year after it opened it has reached 12
    assert requests["m-sam-r-2025"].length_months(date(2026, 9, 15)) == 12
    assert requests["m-sam-r-2025"].length_months(date(2026, 9, 14)) == 11


def test_a_fiscal_year_counts_the_matches_open_in_it(program: Program) -> None:
    # FY2026 = Oct 2025 - Sep 2026: lia-p and jon-d closed before it began
    year = fiscal_year_report(program, "2026", TODAY)
    m = year["matches"]
    assert (m["active"], m["closed"], m["median_months"]) == (1, 2, 4.0)
    assert m["length_months"] == {"under_3": 1, "3_to_6": 1, "6_to_12": 1, "12_plus": 0}
    assert (m["reached_minimum"], m["share_reaching_minimum"]) == (0, 0.0)
    assert year["requests"] == {"opened": 1, "completed": 1, "withdrawn": 1}
    # a year with no match has nothing to measure: null, not a made-up zero
    empty = fiscal_year_report(program, "2020", TODAY)["matches"]
    assert empty["median_months"] is None and empty["share_reaching_minimum"] is None


def test_a_period_ending_before_a_closure_sees_the_match_active(program: Program) -> None:
    # FY2025 ended 2025-09-30: lia-p had closed (12 months), jon-d closed that very day
    m = fiscal_year_report(program, "2025", TODAY)["matches"]
    assert (m["active"], m["closed"], m["reached_minimum"]) == (2, 2, 1)  # ava-t, sam-r open


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_golden_matches_report(report: dict[str, Any], fmt: str) -> None:
    out = render(report, fmt)
    assert matches_golden(f"youth-matches.{fmt}", out)
    assert "Zoe" not in out and "Ben Ruiz" not in out


def test_golden_youth_fiscal_year(program: Program) -> None:
    out = render(fiscal_year_report(program, "2026", TODAY), "json")
    assert matches_golden("youth-fiscal-year.json", out)


def test_the_cli_runs_it(program: Program) -> None:
    result = run_main(["--repo", str(program.repo.root), "report", "matches", "--format",
                       "csv"])
    assert result.code == 0
    assert "matches.closures.family_request,1\n" in result.out
