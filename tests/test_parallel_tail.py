"""The tail of a large full run on both cores: every other rule in a forked child
(rules.run_rules with `parallel`), and the record cache written in another meanwhile
(load_program's `save_meanwhile`). The answer must be exactly the serial one, problem for
problem and in order, and the same cache."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import REPO_ROOT, TODAY, YOUTH, case_dirs, case_program, copy_demo
from mentorlog import cache, pipeline, program, rules
from mentorlog.cache import CACHE_DIR
from mentorlog.pipeline import validate_program
from mentorlog.program import Program, load_program
from mentorlog.repo import Repo
from mentorlog.rules import RuleContext, run_rules

CASES = [*case_dirs("invalid"), *case_dirs("valid")]


def context(root: Path) -> RuleContext:
    program = Program.open(Repo(root))
    loaded = load_program(program, cache=False)
    return RuleContext(loaded.index, program.settings, program.repo.records, TODAY)


def spy_on(module: object, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times `module` forked a child (background.meanwhile)."""
    started: list[int] = []
    meanwhile = module.meanwhile  # type: ignore[attr-defined]

    def spy(work: Callable[[], object]) -> Callable[[], object]:
        started.append(1)
        return meanwhile(work)

    monkeypatch.setattr(module, "meanwhile", spy)
    return started


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the rules forked a child."""
    return spy_on(rules, monkeypatch)


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
    monkeypatch.setattr(pipeline, "FORK_FROM", 1)
    assert validate_program(program, today=TODAY, cache=False).problems == serial
    assert forks == [1]
    validate_program(program, [root / "records"], today=TODAY, cache=False)
    assert forks == [1]  # validate PATH: the rules report on a few files, no fork


def packs(root: Path) -> dict[str, list[str]]:
    """Each file of the cache, a pack by its records' bodies (its heads hold stats, which
    another copy of the same files does not share)."""
    return {file.name: file.read_text(encoding="utf-8").split("\n")[3:]
            for file in (root / CACHE_DIR).rglob("*") if file.is_file()}


def test_the_cache_written_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)  # every stat trusted: a verdict is kept
    saves = spy_on(program, monkeypatch)
    serial = copy_demo(YOUTH, tmp_path / "serial")
    problems = validate_program(Program.open(Repo(serial)), today=TODAY).problems
    assert saves == []
    monkeypatch.setattr(program, "FORK_FROM", 1)
    forked = copy_demo(YOUTH, tmp_path / "forked")
    assert validate_program(Program.open(Repo(forked)), today=TODAY).problems == problems
    assert saves == [1]
    written = packs(forked)
    assert written == packs(serial) and "verdict.json" in written
    assert sum(len(bodies) for bodies in written.values()) > 100
    loads: list[int] = []  # a stored verdict answers the next run: nothing is loaded
    monkeypatch.setattr(pipeline, "load_program", lambda *args, **kwargs: loads.append(1))
    assert validate_program(Program.open(Repo(forked)), today=TODAY).problems == problems
    assert loads == []
