"""`mentorlog report reminders` and the reminder workflow, on hand-computed records.

With the clock at 2026-04-02 09:00 (New York) the next deadline is the end of Monday
2026-04-06 (first Monday of the next month), which closes March 2026: four days left.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO_ROOT, VENV_BIN, make_program, run_main
from mentorlog.deadlines import parse_now
from mentorlog.program import open_program
from mentorlog.reminders import reminders
from mentorlog.scaffold import template
from mentorlog.yamlload import load_bytes

NOW = "2026-04-02T09:00"


def request(mentor: str, opened: str, status: str = "open", client: str = "north-cycles") -> str:
    closed = "" if status == "open" else "closed: 2026-03-20\n"
    return f"client: {client}\nmentor: {mentor}\nopened: {opened}\nstatus: {status}\n{closed}"


FILES = {
    "records/mentors/old-hand.yaml": "name: Old Hand\nemail: old@example.org\n"
                                     "github: oldhand\nactive: false\n",
    # the base's r-2026-001 (kim-osei) has a session on 2026-03-10: nothing to remind
    "records/requests/r-2026-002.yaml": request("ana-diaz", "2026-02-01"),  # no session at all
    "records/requests/r-2026-003.yaml": request("lee-park", "2026-03-15"),  # lee: no github
    "records/requests/r-2026-004.yaml": request("ana-diaz", "2026-02-01", "withdrawn"),
    "records/requests/r-2026-005.yaml": request("old-hand", "2026-01-05"),  # left the program
    "records/requests/r-2026-006.yaml": request("ana-diaz", "2026-04-01"),  # opened after March
    "records/requests/r-2026-007.yaml": request("ana-diaz", "2026-01-10", client="bright-bakery"),
    "records/sessions/2026/02/2026-02-10-r-2026-007.yaml": (  # February's, not March's
        "request: r-2026-007\ndate: 2026-02-10\nstart: 10:00\nhours: 1\n"
        "attendance: attended\nmentoring_type: telephone\ntopics: [tax]\nlanguage: English\n"),
}
EXPECTED = [{"mentor": "ana-diaz", "github": "ana-diaz", "requests": ["r-2026-002", "r-2026-007"]},
            {"mentor": "lee-park", "github": None, "requests": ["r-2026-003"]}]


@pytest.fixture
def program_repo(tmp_path: Path) -> Path:
    return make_program(tmp_path / "program", "business", files=FILES)


def test_the_records_are_valid(program_repo: Path) -> None:
    assert run_main(["validate"], cwd=program_repo).code == 0


def test_who_is_reminded(program_repo: Path) -> None:
    program = open_program(program_repo)
    report = reminders(program, parse_now(NOW, program.settings.tz))
    assert report == {"program": "Test Business Chapter", "month": "2026-03",
                      "deadline": "2026-04-06", "days_left": 4, "mentors": EXPECTED}


def test_json_text_and_csv(program_repo: Path) -> None:
    args = ["report", "reminders", "--now", NOW, "--format"]
    as_json = run_main([*args, "json"], cwd=program_repo)
    assert as_json.code == 0 and json.loads(as_json.out)["mentors"] == EXPECTED
    text = run_main([*args, "text"], cwd=program_repo).out
    assert text == ("Sessions held in 2026-03 must be logged by the end of 2026-04-06 "
                    "(4 days left).\nOpen requests with no session logged that month:\n\n"
                    "- @ana-diaz (ana-diaz): r-2026-002, r-2026-007\n"
                    "- lee-park (no GitHub login): r-2026-003\n")
    rows = list(csv.reader(io.StringIO(run_main([*args, "csv"], cwd=program_repo).out)))
    assert rows == [["mentor", "github", "request", "month", "deadline"],
                    ["ana-diaz", "ana-diaz", "r-2026-002", "2026-03", "2026-04-06"],
                    ["ana-diaz", "ana-diaz", "r-2026-007", "2026-03", "2026-04-06"],
                    ["lee-park", "", "r-2026-003", "2026-03", "2026-04-06"]]


def test_no_client_is_ever_named(program_repo: Path) -> None:
    for fmt in ("text", "json", "csv"):
        out = run_main(["report", "reminders", "--now", NOW, "--format", fmt],
                       cwd=program_repo).out
        for client in ("north-cycles", "bright-bakery", "North Cycles", "Bright Bakery"):
            assert client not in out, (fmt, client)
        assert "oldhand" not in out and "r-2026-004" not in out and "r-2026-006" not in out


def test_after_the_deadline_the_next_month_is_due(program_repo: Path) -> None:
    report = json.loads(run_main(["report", "reminders", "--now", "2026-04-07T00:30",
                                  "--format", "json"], cwd=program_repo).out)
    assert (report["month"], report["deadline"], report["days_left"]) == ("2026-04",
                                                                         "2026-05-04", 27)
    # April: only r-2026-001 and r-2026-006 are new to check, and nobody logged April
    assert [m["mentor"] for m in report["mentors"]] == ["ana-diaz", "kim-osei", "lee-park"]
    assert report["mentors"][0]["requests"] == ["r-2026-002", "r-2026-006", "r-2026-007"]


def test_no_deadline_rule_reminds_nobody(program_repo: Path) -> None:
    settings = program_repo / "mentorlog.yaml"
    settings.write_text(settings.read_text().replace("first_monday_next_month", "none"))
    result = run_main(["report", "reminders", "--now", NOW, "--format", "json"],
                      cwd=program_repo)
    assert json.loads(result.out)["mentors"] == [] and result.code == 0
    assert "deadline rule is none" in run_main(["report", "reminders"], cwd=program_repo).out


def test_a_bad_clock_is_a_usage_error(program_repo: Path) -> None:
    result = run_main(["report", "reminders", "--now", "soon"], cwd=program_repo)
    assert result.code == 2 and "--now" in result.err


# --- the workflow ---

def workflow() -> dict[str, Any]:
    doc, problems = load_bytes(template("github-reminders.yml").encode(), "reminders.yml")
    assert doc is not None and not problems
    data: dict[str, Any] = doc.data
    return data


def test_the_workflow_matches_githubs_schema_and_this_repository_runs_it() -> None:
    copy = REPO_ROOT / ".github/workflows/reminders.yml"
    assert copy.read_text(encoding="utf-8") == template("github-reminders.yml")
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", str(copy)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_is_scheduled_with_least_privilege() -> None:
    flow = workflow()
    assert set(flow["on"]) == {"schedule", "workflow_dispatch"}
    assert flow["permissions"] == {"contents": "read"}
    assert flow["jobs"]["remind"]["permissions"] == {"contents": "read", "issues": "write"}
    steps = flow["jobs"]["remind"]["steps"]
    assert all("${{" not in str(step.get("run", "")) for step in steps)
    with_token = [step["name"] for step in steps if "GH_TOKEN" in step.get("env", {})]
    assert with_token == ["Open or update the reminder issue"]  # not the one running mentorlog


def test_the_workflow_keeps_one_issue_found_by_its_label() -> None:
    script = workflow()["jobs"]["remind"]["steps"][-1]["run"]
    assert 'gh issue list --state open --label "$LABEL" --limit 1' in script
    assert 'gh issue comment "$number"' in script and "gh issue create" in script
    assert script.count("gh issue create") == 1


@pytest.mark.parametrize(("now", "remind"), [(NOW, "true"), ("2026-03-20T09:00", "false")])
def test_the_list_step_decides_when_to_remind(program_repo: Path, tmp_path: Path, now: str,
                                              remind: str) -> None:
    """The step's own script, run by bash, with `mentorlog` at a fixed clock."""
    step = next(s for s in workflow()["jobs"]["remind"]["steps"] if s.get("id") == "list")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "mentorlog"
    shim.write_text(f'#!/bin/sh\nexec "{VENV_BIN / "mentorlog"}" "$@" --now {now}\n')
    shim.chmod(0o755)
    (bin_dir / "python").symlink_to(sys.executable)
    output = tmp_path / "output"
    env = {**os.environ, **step["env"], "RUNNER_TEMP": str(tmp_path),
           "GITHUB_OUTPUT": str(output), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=program_repo, env=env, check=True)
    assert output.read_text() == f"remind={remind}\n"
    assert "@ana-diaz" in (tmp_path / "reminders.md").read_text()
