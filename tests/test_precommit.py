"""pre-commit, for real: a repository made by `mentorlog init`, its own PRE_COMMIT_HOME, offline."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pre_commit.clientlib import load_config, load_manifest

from helpers import REPO_ROOT, VENV_BIN, git_env, run_main

RECORDS = {
    "records/mentors/kim-osei.yaml": "name: Kim Osei\nemail: kim.osei@example.org\n",
    "records/clients/bright-bakery.yaml": "name: Bea Bright\n",
    "records/requests/r-2026-001.yaml": "client: bright-bakery\nmentor: kim-osei\n"
                                        "opened: 2026-01-05\n",
}
GOOD = """\
request: r-2026-001
date: 2026-03-10
start: 14:00
hours: 1.5
attendance: attended
mentoring_type: telephone
topics: [financing]
language: English
"""
SESSION = "records/sessions/2026/03/2026-03-10-r-2026-001.yaml"


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A git repository made by `mentorlog init`, with pre-commit installed."""
    home = tmp_path_factory.mktemp("home")
    repo = home / "program"
    assert run_main(["init", str(repo), "--profile", "business"]).code == 0
    env = git_env(home)
    git(repo, env, "init", "-q", "-b", "main")
    run(repo, env, str(VENV_BIN / "pre-commit"), "install")
    return repo, env


def run(repo: Path, env: dict[str, str], *cmd: str,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, check=check)


def git(repo: Path, env: dict[str, str], *args: str,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    return run(repo, env, "git", *args, check=check)


def commit(repo: Path, env: dict[str, str], files: dict[str, str],
           message: str) -> subprocess.CompletedProcess[str]:
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    git(repo, env, "add", "-A")
    return git(repo, env, "commit", "-q", "-m", message, check=False)


def test_good_records_commit_and_a_bad_one_is_blocked(program: tuple[Path, dict[str, str]]
                                                      ) -> None:
    repo, env = program
    first = commit(repo, env, {**RECORDS, SESSION: GOOD}, "a first session")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "mentorlog validate" in first.stdout + first.stderr
    head = git(repo, env, "rev-parse", "HEAD").stdout

    bad = commit(repo, env, {SESSION: GOOD.replace("hours: 1.5", "hours: 1.3")}, "bad hours")
    assert bad.returncode != 0
    output = bad.stdout + bad.stderr
    assert f"{SESSION}:4:8: error[schema]" in output
    assert git(repo, env, "rev-parse", "HEAD").stdout == head  # nothing was committed

    fixed = commit(repo, env, {SESSION: GOOD.replace("hours: 1.5", "hours: 1.25")}, "fixed")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert git(repo, env, "rev-parse", "HEAD").stdout != head
    assert git(repo, env, "status", "--porcelain").stdout == ""


def test_a_broken_setting_blocks_the_commit(program: tuple[Path, dict[str, str]]) -> None:
    repo, env = program
    before = (repo / "mentorlog.yaml").read_text()
    blocked = commit(repo, env, {"mentorlog.yaml": before + "colour: blue\n"}, "typo")
    assert blocked.returncode != 0 and "mentorlog.yaml" in blocked.stdout + blocked.stderr
    (repo / "mentorlog.yaml").write_text(before)
    git(repo, env, "add", "-A")


def test_the_hook_manifest_loads_in_pre_commit() -> None:
    hooks = load_manifest(str(REPO_ROOT / ".pre-commit-hooks.yaml"))
    assert [h["id"] for h in hooks] == ["mentorlog-validate"]
    pattern = re.compile(hooks[0]["files"])
    for path in (SESSION, "schema/business/session.schema.json", "mentorlog.yaml"):
        assert pattern.search(path), path
    for path in ("README.md", "tools/mentorlog/cli/__init__.py", "docs/records.md"):
        assert not pattern.search(path), path


@pytest.mark.parametrize("config", [REPO_ROOT / ".pre-commit-config.yaml",
                                    REPO_ROOT / "tools/mentorlog/templates/"
                                                "pre-commit-config.yaml.tmpl"])
def test_configs_load_and_nothing_rewrites_records(config: Path) -> None:
    loaded = load_config(str(config))
    for repo in loaded["repos"]:
        for hook in repo["hooks"]:
            if hook["id"] == "mentorlog-validate":
                assert repo["repo"] == "local" and hook["entry"] == "mentorlog validate"
                continue
            # any other hook (a whitespace fixer...) must keep out of records/
            assert "records" in hook.get("exclude", ""), hook["id"]
