"""The two pipelines, side by side; each function names its stages in order.

`validate_program` (`mentorlog validate`, and where `export` starts): load every record and
check it against its schema -> the rules across records -> one Result.

`check_program` (`mentorlog check`, pull requests): read both sides of the change from git ->
validate the working tree (the after side) -> what git holds that the checkout may not show ->
the policies over the change -> one Result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path

from .background import FORK_FROM, can_fork
from .changeset import read_change
from .codeowners import placeholder_problems
from .gitdiff import BaseTree, open_base
from .index import RecordIndex
from .partial import load_partial
from .policy import run_policies
from .problems import Problem
from .program import Program, load_program, resolve_targets
from .progress import Progress
from .records import entry_problems
from .repo import WORK_DIR
from .rules import RuleContext, run_rules
from .verdicts import RunInputs, Verdict


@dataclass(frozen=True)
class Result:
    problems: list[Problem]
    checked: int
    # every record as loaded, for callers that go on to use them: a run answered from the
    # stored verdict (verdicts.py) loads them only if one does (export, forget)
    records: RecordIndex | Callable[[], RecordIndex]

    @cached_property
    def index(self) -> RecordIndex:
        return self.records if isinstance(self.records, RecordIndex) else self.records()


def validate_program(program: Program, paths: list[Path] | None = None,
                     today: date | None = None, cache: bool = True,
                     progress: Progress | None = None) -> Result:
    """Schema + cross-record rules. With `paths`, only problems in those files are reported,
    but the rules still see every record. `progress`: see progress.py."""
    targets = None if not paths else resolve_targets(program.repo, paths)
    today = today or program.today()
    inputs = RunInputs(program, today, enabled=cache and targets is None)
    if (verdict := inputs.recall()) is not None:  # nothing that decides it has changed
        return Result(verdict.problems, verdict.checked,
                      lambda: load_program(program, targets, cache).index)
    if targets is not None and cache and (partial := load_partial(program, targets)):
        # a few files asked about: the rules look up the others in the cache (partial.py)
        context = RuleContext(partial.index, program.settings, program.repo.records, today,
                              frozenset(targets))
        return Result(_of_targets(partial.problems + run_rules(context), targets),
                      len(targets), lambda: load_program(program, targets, cache).index)
    # a large full run writes the record cache and runs half the rules in forked children
    loaded = load_program(program, targets, cache, seen=inputs.seen, progress=progress,
                          save_meanwhile=targets is None)
    context = RuleContext(loaded.index, program.settings, program.repo.records, today,
                          None if targets is None else frozenset(targets))
    parallel = targets is None and len(loaded.records) >= FORK_FROM and can_fork()
    problems = loaded.problems + run_rules(context, parallel) + \
        placeholder_problems(program.repo.root)
    loaded.saved()
    if targets is not None:
        return Result(_of_targets(problems, targets), len(targets), loaded.index)
    # attachments are judged too (records/ holds records), so they count as checked files
    verdict = Verdict(sorted(set(problems)), loaded.files + len(context.attachments))
    inputs.keep(verdict)  # after the cache's write: the verdict lives in its folder
    return Result(verdict.problems, verdict.checked, loaded.index)


def _of_targets(problems: list[Problem], targets: set[str]) -> list[Problem]:
    """The problems of the files asked about (`validate PATH...`), sorted."""
    return sorted({p for p in problems if p.path in targets})


def check_program(program: Program, base_ref: str | None = None, login: str | None = None,
                  now: datetime | None = None, base: BaseTree | None = None,
                  progress: Progress | None = None) -> Result:
    """Everything `validate` reports, plus the policy over the change from `base` (default:
    git, the merge-base of `base_ref` and HEAD). The base is read first: a missing base
    commit stops the run before the long part."""
    now = now or datetime.now(UTC)
    base = base or open_base(program.repo.root, base_ref)
    change = read_change(program, base, login, now)
    # a cache that git holds came with the change (or the base), not from this machine: the
    # gate reads every record itself rather than trust a verdict it did not make
    carried = bool(base.list(f"{WORK_DIR}/")) or any(
        c.path.startswith(f"{WORK_DIR}/") for c in change.changes)
    result = validate_program(program, today=now.astimezone(program.settings.tz).date(),
                              cache=not carried, progress=progress)
    tree = entry_problems(program.repo.root, change.changes)
    return Result(sorted(set(result.problems + tree + run_policies(change))), result.checked,
                  result.records)
