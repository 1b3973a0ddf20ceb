"""No command changes a byte under records/ (DESIGN section 8: nothing is lost).

Runs on copies of the demo programs (records/ and examples/youth/), so that other work in
this checkout can never race the hashes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import CASES, REPO_ROOT, copy_demo, run_main, tree_digest

DEMOS = {"business": REPO_ROOT, "youth": REPO_ROOT / "examples" / "youth"}


def commands(repo: Path, tmp_path: Path) -> list[list[str]]:
    sessions = sorted((repo / "records" / "sessions").rglob("*.yaml"))
    return [
        ["validate"],
        ["validate", "--format", "json"],
        ["validate", "--format", "github"],
        ["validate", str(sessions[0]), str(sessions[-1]), "records/requests"],
        ["validate", "records"],
        ["build", "--site-dir", str(tmp_path / "site")],
        ["init", str(tmp_path / "elsewhere"), "--profile", "youth"],
        ["init", str(repo / "records"), "--profile", "business"],  # refused: not empty
        ["report", "monthly", "--month", "2026-03", "--format", "csv"],
        ["export", "--format", "sqlite", "-o", str(tmp_path / "export.sqlite")],
        ["export", "--format", "json", "-o", str(repo / "records" / "x.json")],  # refused
        ["new", "session", "--request", "no-such-request"],  # refused: problems or usage
    ]


@pytest.mark.parametrize("demo", sorted(DEMOS))
def test_no_command_changes_records(demo: str, tmp_path: Path) -> None:
    repo = copy_demo(DEMOS[demo], tmp_path / "program")
    before = tree_digest(repo / "records")
    assert len(before) > 50
    codes = [run_main(argv, cwd=repo).code for argv in commands(repo, tmp_path)]
    assert codes[:8] == [0, 0, 0, 0, 0, 0, 0, 2]
    assert codes[8:11] == [0, 0, 2] and codes[11] in (1, 2)
    assert tree_digest(repo / "records") == before
    assert (tmp_path / "site" / "index.html").is_file()


def test_problems_change_nothing_either(tmp_path: Path) -> None:
    """A program full of broken records: validate reports and leaves every byte alone."""
    repo = tmp_path / "broken"
    shutil.copytree(CASES / "base-business", repo)
    for case in sorted((CASES / "invalid").glob("b-*")):
        shutil.copytree(case / "records", repo / "records", dirs_exist_ok=True)
    before = tree_digest(repo / "records")
    for fmt in ("text", "json", "github"):
        assert run_main(["validate", "--format", fmt], cwd=repo).code == 1
    assert run_main(["validate", "records/sessions"], cwd=repo).code == 1
    assert tree_digest(repo / "records") == before
