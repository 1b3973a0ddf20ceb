"""Partial runs (partial.py): `validate PATH` answers from the cache's heads what a full load
answers, after any change to any other file, and reads only the records its rules look at.

The reference is always a full run: the problems a full `validate` reports for that path, or a
`validate PATH` with the cache off (which loads every record).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import TODAY, YOUTH, case_dirs, case_program, copy_demo, make_program
from mentorlog import cache, partial, pipeline
from mentorlog.cache import CACHE_DIR
from mentorlog.pipeline import validate_program
from mentorlog.problems import Problem
from mentorlog.program import Program
from mentorlog.records import ATTACHMENTS
from mentorlog.repo import Repo
from mentorlog.rules import RuleContext, run_rules
from test_cache import SESSION, made, session  # noqa: F401 (made: a fixture)

REQUEST = "records/requests/r-2026-001.yaml"
SIBLING = "records/sessions/2026/03/2026-03-10-r-2026-001.yaml"
ATTACHMENT = "records/attachments/r-2026-001/plan.pdf"


@pytest.fixture(autouse=True)
def trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every stat trusted, as for files written more than RACY_NS before the run: records
    are then taken from their heads (files just written would all be read)."""
    monkeypatch.setattr(cache, "RACY_NS", -10**12)


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each partial run was answered by partial.py (True) or by a full load."""
    runs: list[bool] = []
    load = partial.load_partial

    def spy(program: Program, targets: set[str]) -> partial.PartialLoad | None:
        found = load(program, targets)
        runs.append(found is not None)
        return found

    monkeypatch.setattr(pipeline, "load_partial", spy)
    return runs


def of(root: Path, rel: str, cache: bool = True) -> list[Problem]:
    """`validate PATH` of one path; cache=False: the full load, for reference."""
    program = Program.open(Repo(root))
    return validate_program(program, [root / rel], TODAY, cache=cache).problems


def every_path(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "records").rglob("*")
                  if p.is_file() or p.is_symlink())


@pytest.mark.parametrize("case", [*case_dirs("invalid"), *case_dirs("valid")],
                         ids=lambda case: case.name)
def test_each_path_gets_what_the_full_run_reports_for_it(tmp_path: Path, case: Path,
                                                         answered: list[bool]) -> None:
    root = case_program(case, tmp_path / "p")
    program = Program.open(Repo(root))
    full = validate_program(program, today=TODAY).problems  # and the cache is warm
    for rel in every_path(root):
        assert validate_program(program, [root / rel], TODAY).problems == \
            [p for p in full if p.path == rel], rel
    assert answered and all(answered)


CHANGES: dict[str, dict[str, str | bytes | None]] = {
    # another file changed, added or removed after the cache was made
    "request closed before the session": {REQUEST: "client: bright-bakery\nmentor: kim-osei\n"
                                          "co_mentors: [lee-park]\nopened: 2026-01-05\n"
                                          "status: completed\nclosed: 2026-02-01\n"},
    "request removed": {REQUEST: None},
    "request unreadable": {REQUEST: "client: [\n"},
    "request a link": {REQUEST: "link:r-2025-010.yaml"},
    "sibling in the same slot": {SIBLING: session()},
    "same id in another month": {"records/sessions/2026/04/2026-03-17-r-2026-001.yaml":
                                 session()},
    "mentor removed": {"records/mentors/kim-osei.yaml": None},
    "attachment no longer listed": {SESSION: session()},
}


def apply(root: Path, change: dict[str, str | bytes | None]) -> None:
    for rel, content in change.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        if isinstance(content, str) and content.startswith("link:"):
            path.symlink_to(content.removeprefix("link:"))
        elif content is not None:
            path.write_bytes(content.encode() if isinstance(content, str) else content)


@pytest.mark.parametrize("name", CHANGES)
def test_a_change_to_another_file_is_seen(tmp_path: Path, name: str,
                                          answered: list[bool]) -> None:
    listed = "attachments:\n  - path: attachments/r-2026-001/plan.pdf\n"
    root = make_program(tmp_path / "p", "business", files={
        SESSION: session(listed + "mentor: kim-osei\n"), ATTACHMENT: b"%PDF-1.4\n"})
    targets = [SESSION, ATTACHMENT, REQUEST, SIBLING]
    validate_program(Program.open(Repo(root)), today=TODAY)  # the cache
    before = {rel: of(root, rel) for rel in targets}
    apply(root, CHANGES[name])
    targets = [rel for rel in targets if (root / rel).exists()]
    after = {rel: of(root, rel) for rel in targets}
    assert after == {rel: of(root, rel, cache=False) for rel in targets}
    assert after != {rel: before[rel] for rel in targets}  # each change shows on one of them
    assert all(answered)


def test_new_bytes_under_the_same_size_and_mtime_are_seen(tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "business", files={SESSION: session()})
    assert of(root, SESSION) == []
    request = root / REQUEST
    st = request.stat()
    text = request.read_text(encoding="utf-8")
    request.write_text(text.replace("opened: 2026-01", "opened: 2026-04"), encoding="utf-8")
    os.utime(request, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert [p.code for p in of(root, SESSION)] == ["session-before-opened"]


def test_only_the_records_a_rule_looks_at_are_read(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_demo(YOUTH, tmp_path / "youth")
    program = Program.open(Repo(root))
    validate_program(program, today=TODAY)
    sessions = sorted((root / "records/sessions").rglob("*.yaml"))
    rel = sessions[len(sessions) // 2].relative_to(root).as_posix()
    opened: list[str] = []
    heads = cache.RecordCache.heads
    monkeypatch.setattr(cache.RecordCache, "heads",
                        lambda self, name: (opened.append(name), heads(self, name))[1])
    loaded = partial.load_partial(program, {rel})
    assert loaded is not None
    assert opened == [cache.pack_name(rel)]  # every other folder: its summary alone
    run_rules(RuleContext(loaded.index, program.settings, program.repo.records, TODAY,
                          frozenset({rel})))
    target = loaded.index.record(rel)
    request = str(target.data["request"])
    neighbours = {f"records/requests/{request}.yaml",
                  *(s.path for s in loaded.index.sessions_of(request))}
    read = loaded.index.read_on_demand()
    assert read and set(read) <= neighbours - {rel}
    assert len(read) < len(every_path(root)) // 10


FORGERIES: dict[str, Any] = {
    "request a list": lambda head: head[4].__setitem__(1, ["x"]),
    "loaded a string": lambda head: head[4].__setitem__(0, "yes"),
    "attachments a mapping": lambda head: head[4].__setitem__(2, {"a": 1}),
    "facts missing": lambda head: head.__setitem__(4, None),
    "facts short": lambda head: head[4].pop(),
    "stat of strings": lambda head: head.__setitem__(1, ["1", "2", "3", "4"]),
    "short row": lambda head: head.pop(),
    "not a list": lambda head: head.clear(),
}


def forge_packs(root: Path, line: int, forge: Any) -> None:
    """Rewrite line `line` of every pack (1: the summary, 2: the heads) as `forge` makes it."""
    for pack in (root / CACHE_DIR).rglob("*.jsonl"):
        lines = pack.read_text(encoding="utf-8").split("\n")
        lines[line] = json.dumps(forge(json.loads(lines[line])))
        pack.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("forgery", FORGERIES)
def test_heads_of_the_wrong_shape_are_read_again(tmp_path: Path, forgery: str,
                                                 answered: list[bool]) -> None:
    root = make_program(tmp_path / "p", "business", files={SESSION: session("end: 09:00\n")})
    assert of(root, SESSION)
    forge_packs(root, 1, lambda summary: [])  # no summary: the heads answer

    def forged(heads: list[Any]) -> list[Any]:
        for head in heads:
            FORGERIES[forgery](head)
        return heads

    forge_packs(root, 2, forged)
    for rel in (SESSION, SIBLING, REQUEST):
        assert of(root, rel) == of(root, rel, cache=False)


SUMMARY_FORGERIES: dict[str, Any] = {
    "names not a list": lambda summary: summary.__setitem__(0, "x"),
    "stats a number": lambda summary: summary.__setitem__(1, 5),
    "trusted a string": lambda summary: summary.__setitem__(2, "yes"),
    "requests a short list": lambda summary: summary[4].pop(),
    "a request a list": lambda summary: summary.__setitem__(4, [["x"]] * len(summary[4])),
    "attachments a list": lambda summary: summary.__setitem__(5, []),
    "attachments of numbers": lambda summary: summary.__setitem__(5, {"0": [1]}),
    "short": lambda summary: summary.pop(),
    "not a list": lambda summary: summary.clear(),
}


@pytest.mark.parametrize("forgery", SUMMARY_FORGERIES)
def test_summaries_of_the_wrong_shape_are_passed_over(tmp_path: Path, forgery: str,
                                                      answered: list[bool]) -> None:
    root = make_program(tmp_path / "p", "business", files={SESSION: session("end: 09:00\n")})
    validate_program(Program.open(Repo(root)), today=TODAY)

    def forged(summary: list[Any]) -> list[Any]:
        if summary[0]:  # a folder with records
            SUMMARY_FORGERIES[forgery](summary)
        return summary

    forge_packs(root, 1, forged)
    for rel in (SESSION, SIBLING, REQUEST, "records/mentors/kim-osei.yaml"):
        assert of(root, rel) == of(root, rel, cache=False)
    assert all(answered)


def test_without_a_cache_every_record_is_read_once(tmp_path: Path,
                                                  made: list[str]) -> None:  # noqa: F811
    root = make_program(tmp_path / "p", "business", files={SESSION: session("end: 09:00\n")})
    assert [p.code for p in of(root, SESSION)] == ["end-before-start"]  # a full load
    assert set(made) == {rel for rel in every_path(root) if not rel.startswith(ATTACHMENTS)}
    made.clear()
    assert [p.code for p in of(root, SESSION)] == ["end-before-start"]
    assert made == []


def test_many_changed_files_go_to_the_full_load(tmp_path: Path, answered: list[bool],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_program(tmp_path / "p", "business", files={SESSION: session()})
    of(root, SESSION)
    monkeypatch.setattr(partial, "PARALLEL_FROM", 1)
    for rel in (REQUEST, SIBLING):
        (root / rel).write_text((root / rel).read_text() + "\n", encoding="utf-8")
    assert of(root, SESSION) == of(root, SESSION, cache=False)
    assert answered == [False, False]  # no cache yet; then more changed than PARALLEL_FROM


def test_a_partial_run_keeps_every_pack_and_drops_only_gone_files(tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "business", files={SESSION: session()})
    validate_program(Program.open(Repo(root)), today=TODAY)
    packs = sorted(p.name for p in (root / CACHE_DIR).rglob("*.jsonl"))
    (root / SIBLING).unlink()
    (root / SESSION).write_text(session("end: 11:00\n"), encoding="utf-8")
    assert of(root, SESSION) == []
    assert sorted(p.name for p in (root / CACHE_DIR).rglob("*.jsonl")) == packs
    [month] = (root / CACHE_DIR).rglob("records-sessions-2026-03.jsonl")
    held = [head[0] for head in json.loads(month.read_text().split("\n")[2])]
    assert SESSION in held and SIBLING not in held
    shutil.rmtree(root / "records/sessions/2026/03")
    assert of(root, REQUEST) == of(root, REQUEST, cache=False)
