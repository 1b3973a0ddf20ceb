"""The record cache (cache.py): a stale or damaged cache never hides a problem, a warm run
reports exactly what a cold one does, and a parallel cold run exactly what a serial one does.

Each key part is changed in turn (the file's bytes with size and mtime kept, a schema,
mentorlog.yaml, mentorlog's version, the parser path) and the problem it brings must appear.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import (
    REPO_ROOT,
    SECRET_MARK,
    TODAY,
    case_dirs,
    case_program,
    copy_demo,
    make_program,
    run_main,
    validate_dir,
)
from mentorlog import cache, yamlload
from mentorlog.cache import CACHE_DIR, RecordCache
from mentorlog.pipeline import validate_program
from mentorlog.problems import Problem
from mentorlog.program import Program, load_program
from mentorlog.repo import Repo
from mentorlog.schemas import bundled_schema_dir

SESSION = "records/sessions/2026/03/2026-03-17-r-2026-001.yaml"
OTHER = "records/sessions/2026/03/2026-03-10-r-2026-001.yaml"
ATTACHMENT = "records/attachments/r-2026-001/plan.pdf"


def session(extra: str = "", hours: str = "1") -> str:
    return (f"request: r-2026-001\ndate: 2026-03-17\nstart: 10:00\nhours: {hours}\n"
            "attendance: attended\nmentoring_type: face_to_face\ntopics: [startup]\n"
            "language: English\n" + extra)


def program_with(tmp_path: Path, text: str | None = None) -> Path:
    return make_program(tmp_path / "p", "business", files={SESSION: text or session()})


def problems(root: Path, *paths: str) -> list[Problem]:
    program = Program.open(Repo(root))
    return validate_program(program, [root / p for p in paths] or None, TODAY).problems


def packs(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).rglob("*.jsonl"))


def cached_paths(root: Path) -> set[str]:
    found = RecordCache(Program.open(Repo(root)))
    return {rel for pack in packs(root) for rel in found._read(pack)}


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The record files made afresh (read, loaded, judged): cache misses."""
    paths: list[str] = []
    make = cache.make_entry

    def spy(program: Program, parser: str, job: cache.Job) -> cache.Made:
        result = make(program, parser, job)
        if result[0] == "new":
            paths.append(job[0])
        return result

    monkeypatch.setattr(cache, "make_entry", spy)
    return paths


# --- each key part ---------------------------------------------------------------------------

@pytest.mark.parametrize("trust_stat", [False, True])
def test_new_bytes_with_the_same_size_and_mtime_are_read(tmp_path: Path, trust_stat: bool,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    if trust_stat:  # the entry says its stat may be trusted: only the ctime differs then
        monkeypatch.setattr(cache, "RACY_NS", -10**12)
    root = program_with(tmp_path)
    assert problems(root) == []
    file = root / SESSION
    before = file.stat()
    file.write_text(session(hours="x"), encoding="utf-8")  # same length: "1" -> "x"
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = file.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == \
        (before.st_size, before.st_mtime_ns, before.st_ino)
    assert [(p.path, p.line, p.code) for p in problems(root)] == [(SESSION, 4, "schema")]


def test_a_trusted_stat_skips_the_read_and_a_touch_only_rehashes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: list[str]) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)
    root = program_with(tmp_path)
    assert problems(root) == []
    made.clear()
    assert problems(root) == [] and made == []
    os.utime(root / SESSION)  # new mtime, same bytes: hashed again, not loaded again
    assert problems(root) == [] and made == []
    (root / SESSION).write_text(session(hours="2"), encoding="utf-8")
    assert problems(root) == [] and made == [SESSION]


def test_a_changed_schema_applies_at_once(tmp_path: Path) -> None:
    root = program_with(tmp_path)
    shutil.copytree(bundled_schema_dir(), root / "schema")  # the program's own schemas
    assert problems(root) == []
    file = root / "schema" / "business" / "session.schema.json"
    schema = json.loads(file.read_text(encoding="utf-8"))
    schema["properties"]["hours"]["maximum"] = 0.5
    file.write_text(json.dumps(schema), encoding="utf-8")
    found = problems(root)
    assert (SESSION, 4, "schema") in [(p.path, p.line, p.code) for p in found]


def test_changed_settings_apply_at_once(tmp_path: Path) -> None:
    root = program_with(tmp_path, session().replace("English", "Amharic"))
    settings = root / "mentorlog.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("program:\n", "program:\n  languages: [English, Amharic]\n"),
                        encoding="utf-8")
    assert problems(root) == []
    settings.write_text(text, encoding="utf-8")
    assert [(p.path, p.line, p.code) for p in problems(root)] == [(SESSION, 8, "schema")]


def _judge_harder(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a newer mentorlog (or another parser) might say of the same bytes."""
    judge = cache.schema_problems

    def stricter(rel: str, *args: Any) -> list[Problem]:
        return [*judge(rel, *args), Problem(rel, 1, 1, "error", "schema", "stricter")]

    monkeypatch.setattr(cache, "schema_problems", stricter)


def test_another_version_judges_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = program_with(tmp_path)
    assert problems(root, SESSION) == []
    _judge_harder(monkeypatch)
    assert problems(root, SESSION) == []  # same key: the cached verdict stands
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    assert [p.message for p in problems(root, SESSION)] == ["stricter"]


def test_another_parser_reads_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     made: list[str]) -> None:
    if len(yamlload._PARSERS) < 2:
        pytest.fail("libyaml is part of the locked environment")
    root = program_with(tmp_path)
    assert problems(root, SESSION) == []
    _judge_harder(monkeypatch)
    made.clear()
    other = "python" if yamlload.DEFAULT_PARSER == "libyaml" else "libyaml"
    monkeypatch.setattr(yamlload, "DEFAULT_PARSER", other)
    assert [p.message for p in problems(root, SESSION)] == ["stricter"]
    assert len(made) == len(load_program(Program.open(Repo(root))).records)


# --- a damaged cache -------------------------------------------------------------------------

def _damage(root: Path, how: str) -> None:
    for pack in packs(root):
        text = pack.read_text(encoding="utf-8")
        lines = text.split("\n")
        pack.write_bytes({
            "truncated": text[: len(text) // 2].encode(),
            "garbage": b"\x80\x04\x95 not json at all",
            "pickle": b"\x80\x04\x95\x15\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x94\x8c\x06system",
            "deep": ("\n".join([lines[0], lines[1], "[" * 100_000, *lines[3:]])).encode(),
            "deep body": ("\n".join([*lines[:3], *("[" * 100_000 for _ in lines[3:])])).encode(),
            "wrong shapes": ("\n".join([lines[0], lines[1], '[[5, [], "x", 1]]', "{}"])).encode(),
            # a verdict of "no problems" for bytes that are not the file's
            "lying": ("\n".join([lines[0], lines[1], json.dumps([
                [head[0], [0, 0, 0, 0], True, "0" * 32, head[4]]
                for head in json.loads(lines[2])]), *lines[3:]])).encode(),
            "unknown code": text.replace('"schema"', '"no-such-code"').encode(),
        }[how])


@pytest.mark.parametrize("how", ["truncated", "garbage", "pickle", "deep", "deep body",
                                 "wrong shapes",
                                 "lying", "unknown code"])
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path, how: str) -> None:
    root = program_with(tmp_path, session(hours="x"))
    cold = problems(root)
    assert [p.code for p in cold] == ["schema"]
    _damage(root, how)
    assert problems(root) == cold
    assert problems(root) == cold  # and the rebuilt packs read back whole
    assert cached_paths(root) == {r.path for r in load_program(Program.open(Repo(root))).records}


def test_positions_of_a_cached_record_come_from_its_file(tmp_path: Path,
                                                         made: list[str]) -> None:
    root = program_with(tmp_path, session(hours="x"))
    assert problems(root, "records/mentors/kim-osei.yaml") == []  # cached, not judged
    made.clear()
    assert [(p.line, p.column) for p in problems(root, SESSION)] == [(4, 8)]
    assert made == []  # judged from the cached data; only the position read the file


def test_two_runs_racing_leave_a_valid_cache(tmp_path: Path) -> None:
    root = program_with(tmp_path, session(hours="x"))
    mentorlog = Path(sys.executable).with_name("mentorlog")
    for _ in range(3):
        runs = [subprocess.Popen([str(mentorlog), "--repo", str(root), "validate"],
                                 stdout=subprocess.PIPE, text=True) for _ in range(2)]
        outs = {run.communicate()[0] for run in runs}
        assert len(outs) == 1
    records = {r.path for r in load_program(Program.open(Repo(root))).records}
    assert cached_paths(root) == records
    assert not list((root / CACHE_DIR).rglob("*.tmp"))


# --- where it lives and what it holds ----------------------------------------------------------

def test_the_cache_lives_outside_records_and_is_git_ignored(tmp_path: Path) -> None:
    root = program_with(tmp_path)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    assert problems(root) == []
    after = sorted(p.relative_to(root) for p in root.rglob("*"))
    new = [p for p in after if p not in before]
    assert new and all((*p.parts, "cache")[:2] == (".mentorlog", "cache") for p in new)
    for gitignore in (REPO_ROOT / ".gitignore",
                      REPO_ROOT / "tools/mentorlog/templates/gitignore.tmpl"):
        assert "/.mentorlog/" in gitignore.read_text(encoding="utf-8").split()
    # and without that line: the cache ignores itself
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    shown = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked=all"],
                           capture_output=True, text=True, check=True).stdout
    assert shown and ".mentorlog" not in shown


@pytest.mark.parametrize("link", [".mentorlog", ".mentorlog/cache"])
def test_a_linked_cache_folder_is_neither_read_nor_written(tmp_path: Path, link: str) -> None:
    """A pull request could add `.mentorlog` as a link into records/ or out of the repo."""
    root = program_with(tmp_path, session(hours="x"))
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "keep").mkdir(parents=True)
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(elsewhere, target_is_directory=True)
    cold = problems(root)
    assert [p.code for p in cold] == ["schema"] and problems(root) == cold
    assert [p.name for p in elsewhere.iterdir()] == ["keep"]


def test_caches_of_other_keys_are_removed(tmp_path: Path) -> None:
    root = program_with(tmp_path)
    old = [root / CACHE_DIR / "0123456789abcdef01234567" / "records-clients.jsonl",
           root / CACHE_DIR / "session-summaries-v2.json"]
    for file in old:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("{}", encoding="utf-8")
    assert problems(root) == []
    assert sorted(p.name for p in (root / CACHE_DIR).iterdir()) == \
        [".gitignore", RecordCache(Program.open(Repo(root))).key]


def test_validate_path_sees_every_record_through_the_cache(tmp_path: Path,
                                                           made: list[str]) -> None:
    """pre-commit: the rules see every record, read once and then from the cache."""
    root = make_program(tmp_path / "p", "business", files={
        ATTACHMENT: b"%PDF-1.4\n",
        SESSION: session("attachments:\n  - path: attachments/r-2026-001/plan.pdf\n"
                         f"    title: {SECRET_MARK}\n")})
    assert problems(root, "records/mentors/kim-osei.yaml") == []
    assert SESSION in made
    made.clear()
    assert problems(root, ATTACHMENT) == [] and made == []  # its listing came from the cache
    (root / SESSION).write_text(session(), encoding="utf-8")
    assert [p.code for p in problems(root, ATTACHMENT)] == ["attachment-unreferenced"]
    assert made == [SESSION]
    (root / OTHER).unlink()
    problems(root, ATTACHMENT)
    assert OTHER not in cached_paths(root) and SESSION in cached_paths(root)


def test_every_loading_command_fills_the_cache(tmp_path: Path) -> None:
    root = program_with(tmp_path)
    result = run_main(["--repo", str(root), "report", "monthly", "--month", "2026-03"])
    assert result.code == 0, result
    assert cached_paths(root) == {r.path for r in load_program(Program.open(Repo(root))).records}


# --- warm = cold, parallel = serial ------------------------------------------------------------

def _programs(tmp_path: Path) -> list[Path]:
    demo = copy_demo(REPO_ROOT, tmp_path / "demo")
    return [demo.resolve(), *(case_program(case, tmp_path / case.name)
                              for case in case_dirs("invalid"))]


def _cold(root: Path) -> Path:
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    return root


def _reports(root: Path) -> tuple[list[Problem], list[Problem], str]:
    """The loader's problems in the order it found them, the sorted result, the CLI's text."""
    return (load_program(Program.open(Repo(root))).problems, validate_dir(root),
            run_main(["--repo", str(root), "validate"]).out)


def test_a_warm_run_reports_exactly_what_a_cold_run_does(tmp_path: Path) -> None:
    for root in _programs(tmp_path):
        cold_raw = load_program(Program.open(Repo(_cold(root)))).problems
        cold_result = validate_dir(_cold(root))
        cold_text = run_main(["--repo", str(_cold(root)), "validate"]).out
        assert packs(root)
        assert _reports(root) == (cold_raw, cold_result, cold_text), root.name


def test_a_parallel_run_reports_exactly_what_a_serial_run_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    roots = _programs(tmp_path)
    monkeypatch.setattr(cache, "PARALLEL_FROM", 10**9)
    serial = [_reports(_cold(root)) for root in roots]
    monkeypatch.setattr(cache, "PARALLEL_FROM", 1)
    monkeypatch.setattr(cache.os, "cpu_count", lambda: 2)
    pools: list[int] = []
    pool = cache.ProcessPoolExecutor

    def counted(*args: Any, **kwargs: Any) -> Any:
        pools.append(1)
        return pool(*args, **kwargs)

    monkeypatch.setattr(cache, "ProcessPoolExecutor", counted)
    parallel = [_reports(_cold(root)) for root in roots]
    assert len(pools) >= len(roots)  # every cold load went through the pool
    assert parallel == serial
    assert sum(len(raw) for raw, _, _ in serial) > 100  # many kinds of problems compared
