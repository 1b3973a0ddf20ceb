"""The two pipelines, side by side; each function names its stages in order.

`validate_program` (`mentorlog validate`, and where `export` starts): load every record and
check it against its schema -> the rules across records -> one Result.

`check_program` (`mentorlog check`, pull requests): read both sides of the change from git ->
validate the working tree (the after side) -> what git holds that the checkout may not show ->
the policies over the change -> one Result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from .changeset import read_change
from .codeowners import placeholder_problems
from .gitdiff import BaseTree, open_base
from .index import RecordIndex
from .policy import run_policies
from .problems import Problem
from .program import Program, load_program, resolve_targets
from .progress import Progress
from .records import entry_problems
from .repo import WORK_DIR
from .rules import RuleContext, run_rules


@dataclass(frozen=True)
class Result:
    problems: list[Problem]
    checked: int
    # every record as loaded, for callers that go on to use them
    index: RecordIndex


def validate_program(program: Program, paths: list[Path] | None = None,
                     today: date | None = None, cache: bool = True,
                     progress: Progress | None = None) -> Result:
    """Schema + cross-record rules. With `paths`, only problems in those files are reported,
    but the rules still see every record. `progress`: see progress.py."""
    targets = None if not paths else resolve_targets(program.repo, paths)
    loaded = load_program(program, targets, cache, progress)
    context = RuleContext(loaded.index, program.settings, program.repo.records,
                          today or program.today(),
                          None if targets is None else frozenset(targets))
    problems = loaded.problems + run_rules(context) + placeholder_problems(program.repo.root)
    if targets is not None:
        problems = [p for p in problems if p.path in targets]
    # attachments are judged too (records/ holds records), so they count as checked files
    checked = len(targets) if targets is not None else loaded.files + len(context.attachments)
    return Result(sorted(set(problems)), checked, loaded.index)


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
                  result.index)
