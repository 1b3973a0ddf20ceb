"""The "log a session" workflow: valid, least privilege, and its steps run for real.

bash, git, jq and mentorlog are real; `gh` is a stand-in that records its arguments. The issue
body is rendered from the generated form exactly as GitHub renders it (issuebodies.render).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gitprogram import GitProgram
from helpers import REPO_ROOT, VENV_BIN
from issuebodies import render
from mentorlog.scaffold import template
from mentorlog.yamlload import load_bytes

pytestmark = pytest.mark.usefixtures("isolated_git")  # pinned, isolated git
TEMPLATE = "github-log-session.yml"
EXPECTED_PERMISSIONS = {"contents": "write", "pull-requests": "write", "issues": "write",
                        "statuses": "write"}


def flow() -> dict[str, Any]:
    doc, problems = load_bytes(template(TEMPLATE).encode(), TEMPLATE)
    assert doc is not None and not problems
    return doc.data


def step(name_part: str) -> dict[str, Any]:
    return next(s for s in flow()["jobs"]["log"]["steps"] if name_part in s.get("name", ""))


def test_the_workflow_matches_githubs_schema() -> None:
    files = [REPO_ROOT / "tools/mentorlog/templates" / TEMPLATE,
             REPO_ROOT / ".github/workflows/log-session.yml"]
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", *map(str, files)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert files[0].read_text() == files[1].read_text()  # the demo program runs the template


def test_it_runs_on_the_forms_label_with_least_privilege() -> None:
    workflow = flow()
    assert workflow["on"] == {"issues": {"types": ["opened", "edited"]}}
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["log"]
    assert job["permissions"] == EXPECTED_PERMISSIONS
    assert job["if"] == ("contains(github.event.issue.labels.*.name, 'log-session') "
                         "&& github.event.sender.login == github.event.issue.user.login")
    checkout = job["steps"][0]
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}
    # the token reaches only the steps that talk to GitHub, never the one reading the body
    assert "GH_TOKEN" not in step("Read the issue").get("env", {})


def test_no_script_interpolates_event_data() -> None:
    """The body reaches mentorlog as a file jq writes from the event payload; no `${{ }}`
    stands inside a script, and the body is never an expression at all."""
    for s in flow()["jobs"]["log"]["steps"]:
        assert "${{" not in str(s.get("run", "")), s["name"]
        assert "${{" not in str(s.get("if", "")), s["name"]
    assert "issue.body" not in re.sub(r"jq -j '\.issue\.body // \"\"'", "", template(TEMPLATE))
    assert step("Read the issue")["run"].startswith(
        "jq -j '.issue.body // \"\"' \"$GITHUB_EVENT_PATH\" > \"$RUNNER_TEMP/issue.md\"\n")


def test_it_installs_mentorlog_like_the_gate() -> None:
    """The same hash-locked install as pr.yml, from the default branch it checked out."""
    pr = load_bytes(template("github-pr.yml").encode(), "pr")[0]
    assert pr is not None
    (pr_install,) = [s["run"] for s in pr.data["jobs"]["check"]["steps"]
                     if "pip install" in str(s.get("run", ""))]
    assert step("Install")["run"] == pr_install.split('cd "$RUNNER_TEMP/base"\n')[1]


# --- the steps, run for real ---

def stand_in_gh(bin_dir: Path, log: Path) -> None:
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> {log}\n')
    gh.chmod(0o755)


def run(name_part: str, cwd: Path, tmp_path: Path, env: dict[str, str]
        ) -> subprocess.CompletedProcess[str]:
    """A step's script as GitHub runs it (bash -e), the `gh` stand-in first on PATH."""
    stand_in_gh(tmp_path / "bin", tmp_path / "gh.log")
    path = os.pathsep.join([str(tmp_path / "bin"), str(VENV_BIN), os.environ["PATH"]])
    runner = tmp_path / "runner"
    runner.mkdir(exist_ok=True)
    github = {"RUNNER_TEMP": str(runner), "GITHUB_OUTPUT": str(tmp_path / "output"),
              "GITHUB_EVENT_PATH": str(tmp_path / "event.json"), "GH_TOKEN": "t",
              "GH_REPO": "acme/program", "NUMBER": "7", "AUTHOR": "kim-gh"}
    return subprocess.run(["bash", "-e", "-c", step(name_part)["run"]], cwd=cwd, check=False,
                          text=True, capture_output=True,
                          env={**os.environ, "PATH": path, **github, **env})


@pytest.fixture
def clone(tmp_path: Path) -> GitProgram:
    """The workflow's checkout: the default branch of a program whose origin is a real repo."""
    origin = GitProgram.create(tmp_path / "origin")
    subprocess.run(["git", "clone", "-q", str(origin.root), str(tmp_path / "clone")], check=True)
    program = GitProgram(tmp_path / "clone")
    program.git("checkout", "-q", "main")
    return program


def event(tmp_path: Path, body: str) -> None:
    (tmp_path / "event.json").write_text(json.dumps({"issue": {"number": 7, "body": body}}))


def today_session(program: GitProgram) -> dict[str, Any]:
    """A session of today (the steps run `from-issue` and `check` with the real clock)."""
    today = datetime.now(ZoneInfo("America/New_York")).date().isoformat()
    return {"request": "r-2026-001", "date": today, "start": "00:00", "hours": "1",
            "attendance": "attended", "mentoring_type": "telephone", "topics": ["financing"],
            "language": "English", "note": "Went through the loan file."}


def outputs(tmp_path: Path) -> dict[str, str]:
    lines = (tmp_path / "output").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_a_good_issue_becomes_a_branch_a_pull_request_and_a_status(
        clone: GitProgram, tmp_path: Path) -> None:
    event(tmp_path, render(clone.root, today_session(clone)))
    done = run("Read the issue", clone.root, tmp_path, {})
    assert done.returncode == 0, done.stdout + done.stderr
    found = outputs(tmp_path)
    assert found["logged"] == "true"
    record = found["path"]
    assert re.fullmatch(r"records/sessions/\d{4}/\d{2}/\d{4}-\d{2}-\d{2}-r-2026-001\.yaml", record)
    assert "  - by: kim-osei\n" in clone.read(record)

    done = run("Commit the session", clone.root, tmp_path, {"RECORD": record})
    assert done.returncode == 0, done.stdout + done.stderr
    origin = GitProgram(tmp_path / "origin")
    assert origin.git("show", f"log-session/issue-7:{record}") == clone.read(record)
    calls = (tmp_path / "gh.log").read_text().splitlines()
    assert calls[0] == ("pr list --head log-session/issue-7 --state open --json number "
                        "--jq .[0].number // empty")
    assert calls[1].startswith("pr create --head log-session/issue-7 --title Log a session "
                               "(issue #7) --body The session @kim-gh logged in #7: ")
    assert calls[1].endswith("Closes #7.")
    assert calls[3] == "issue comment 7 --body The session is in a pull request: "

    done = run("mentorlog check on the branch", clone.root, tmp_path, {
        "DEFAULT_BRANCH": "main", "RUN_URL": "https://github.com/acme/program/actions/runs/9"})
    assert done.returncode == 0, done.stdout + done.stderr
    sha = clone.git("rev-parse", "HEAD").strip()
    assert (tmp_path / "gh.log").read_text().splitlines()[-1] == (
        f"api repos/acme/program/statuses/{sha} -f state=success -f context=mentorlog check "
        "-f description=all checks passed -f target_url=https://github.com/acme/program/"
        "actions/runs/9")


def test_a_failing_check_sets_a_failure_status(clone: GitProgram, tmp_path: Path) -> None:
    clone.git("checkout", "-q", "-b", "log-session/issue-7")
    clone.write("records/clients/new-client.yaml", "name: New Client\n")  # coordinator-only
    clone.commit("a mentor may not add a client")
    done = run("mentorlog check on the branch", clone.root, tmp_path, {
        "DEFAULT_BRANCH": "main", "RUN_URL": "https://example.org/run"})
    assert done.returncode == 1
    assert "title=mentorlog coordinator-only::" in done.stdout
    assert " -f state=failure -f context=mentorlog check " in (tmp_path / "gh.log").read_text()


def test_a_broken_issue_gets_a_comment_and_nothing_else(clone: GitProgram,
                                                        tmp_path: Path) -> None:
    body = render(clone.root, {**today_session(clone), "hours": "lots", "attendance": None})
    event(tmp_path, body)
    done = run("Read the issue", clone.root, tmp_path, {})
    assert done.returncode == 0, done.stdout + done.stderr
    assert outputs(tmp_path) == {"logged": "false"}
    comment = (tmp_path / "runner/from-issue.out").read_text()
    assert "- :x: **Hours**: is not one of the form\\'s options" in comment
    assert "- :x: **Attendance**: this field is required" in comment
    assert clone.git("status", "--porcelain") == ""  # nothing written
    done = run("Comment the problems", clone.root, tmp_path, {})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "gh.log").read_text() == \
        f"issue comment 7 --body-file {tmp_path}/runner/from-issue.out\n"


def test_someone_who_is_no_mentor_is_told_so(clone: GitProgram, tmp_path: Path) -> None:
    event(tmp_path, render(clone.root, today_session(clone)))
    done = run("Read the issue", clone.root, tmp_path, {"AUTHOR": "stranger"})
    assert done.returncode == 0, done.stderr
    assert outputs(tmp_path) == {"logged": "false"}
    assert "(`unknown-author`)" in (tmp_path / "runner/from-issue.out").read_text()


def test_a_usage_error_fails_the_step_without_a_comment(tmp_path: Path) -> None:
    """Exit 2 (here: no program at all) is not a mentor's mistake: the job fails."""
    (tmp_path / "empty").mkdir()
    event(tmp_path, "### Request\n\nr-2026-001")
    done = run("Read the issue", tmp_path / "empty", tmp_path, {})
    assert done.returncode == 2
    assert not (tmp_path / "output").exists()
