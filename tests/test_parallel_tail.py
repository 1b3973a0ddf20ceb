"""The rules of a full run on both cores (rules.run_rules with `parallel`): every other rule in
a forked child. The answer must be exactly the serial one, problem for problem and in order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import REPO_ROOT, TODAY, YOUTH, case_dirs, case_program, copy_demo
from mentorlog import pipeline, rules
from mentorlog.pipeline import validate_program
from mentorlog.program import Program, load_program
from mentorlog.repo import Repo
from mentorlog.rules import RuleContext, run_rules

CASES = [*case_dirs("invalid"), *case_dirs("valid")]


def context(root: Path) -> RuleContext:
    program = Program.open(Repo(root))
    loaded = load_program(program, cache=False)
    return RuleContext(loaded.index, program.settings, program.repo.records, TODAY)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the rules forked a child."""
    started: list[int] = []
    meanwhile = rules.meanwhile

    def spy(work: Callable[[], object]) -> Callable[[], object]:
        started.append(1)
        return meanwhile(work)

    monkeypatch.setattr(rules, "meanwhile", spy)
    return started


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_same_problems_in_the_same_order(tmp_path: Path, case: Path,
                                             forks: list[int]) -> None:
    ctx = context(case_program(case, tmp_path / "p"))
    assert run_rules(ctx, parallel=True) == run_rules(ctx)
    assert forks == [1]


def test_the_cases_give_the_rules_something_to_find(tmp_path: Path) -> None:
    """Not a comparison of empty lists: the child's rules and this process's both report."""
    found = [run_rules(context(case_program(case, tmp_path / case.name)), parallel=True)
             for case in CASES]
    codes = {p.code for problems in found for p in problems}
    assert {"duplicate-session", "session-folder"} <= codes  # one rule of each half
    assert rules.RULES.index(rules.duplicate_sessions) % 2 == 0
    assert rules.RULES.index(rules.session_folders) % 2 == 1


@pytest.mark.parametrize("demo", [REPO_ROOT, YOUTH], ids=["business", "youth"])
def test_a_full_validate_from_the_threshold_on(tmp_path: Path, demo: Path, forks: list[int],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_demo(demo, tmp_path / "p")
    program = Program.open(Repo(root))
    serial = validate_program(program, today=TODAY, cache=False).problems
    assert forks == []  # a demo is far below the threshold
    monkeypatch.setattr(pipeline, "RULES_PARALLEL_FROM", 1)
    assert validate_program(program, today=TODAY, cache=False).problems == serial
    assert forks == [1]
    validate_program(program, [root / "records"], today=TODAY, cache=False)
    assert forks == [1]  # validate PATH: the rules report on a few files, no fork
