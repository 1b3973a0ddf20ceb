"""The stored verdict of a full run (verdicts.py): a run on nothing changed is answered without
loading a record, and every input of the verdict, changed in turn, makes its problem appear.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import TODAY, make_program
from mentorlog import cache, pipeline, verdicts, yamlload
from mentorlog.cache import CACHE_DIR
from mentorlog.codeowners import CODEOWNERS, PLACEHOLDER
from mentorlog.pipeline import validate_program
from mentorlog.problems import Problem
from mentorlog.program import Program
from mentorlog.repo import WORK_DIR, Repo
from mentorlog.schemas import bundled_schema_dir
from test_cache import ATTACHMENT, SESSION, session

REQUEST = "records/requests/r-2026-001.yaml"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many runs loaded the records (a stored verdict answers without); every stat is
    trusted, as for files written more than RACY_NS before the run."""
    monkeypatch.setattr(cache, "RACY_NS", -10**12)
    counted: list[int] = []
    load = pipeline.load_program

    def spy(*args: Any, **kwargs: Any) -> Any:
        counted.append(1)
        return load(*args, **kwargs)

    monkeypatch.setattr(pipeline, "load_program", spy)
    return counted


def run(root: Path, today: date = TODAY, cache_on: bool = True) -> list[tuple[str, str]]:
    result = validate_program(Program.open(Repo(root)), today=today, cache=cache_on)
    return [(p.path, p.code) for p in result.problems]


def stored(tmp_path: Path, loads: list[int], text: str | None = None,
           files: dict[str, str | bytes] | None = None) -> Path:
    """A clean program whose verdict is stored, and shown to answer the next run."""
    root = make_program(tmp_path / "p", "business", files={SESSION: text or session(),
                                                            **(files or {})})
    assert run(root) == []
    assert run(root) == [] and len(loads) == 1  # answered from the verdict
    return root


def _stricter(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a newer mentorlog's rules might say of the same records."""
    rules = pipeline.run_rules

    def stricter(ctx: Any, parallel: bool = False) -> list[Problem]:
        return [*rules(ctx, parallel), Problem(SESSION, 1, 1, "error", "schema", "stricter")]

    monkeypatch.setattr(pipeline, "run_rules", stricter)


# --- each input of the verdict ----------------------------------------------------------------

def test_new_bytes_with_the_same_size_and_mtime(tmp_path: Path, loads: list[int]) -> None:
    root = stored(tmp_path, loads)
    file = root / SESSION
    before = file.stat()
    file.write_text(session(hours="x"), encoding="utf-8")
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert file.stat().st_size == before.st_size
    assert run(root) == [(SESSION, "schema")]


def test_a_file_added(tmp_path: Path, loads: list[int]) -> None:
    root = stored(tmp_path, loads)
    (root / "records/sessions/2026/03/notes.txt").write_text("x", encoding="utf-8")
    assert run(root) == [("records/sessions/2026/03/notes.txt", "unknown-file")]


def test_a_hidden_file_added(tmp_path: Path, loads: list[int]) -> None:
    root = stored(tmp_path, loads)
    (root / "records/.gitattributes").write_text("* eol=crlf\n", encoding="utf-8")
    assert run(root) == [("records/.gitattributes", "hidden-file")]


def test_a_file_removed(tmp_path: Path, loads: list[int]) -> None:
    root = stored(tmp_path, loads)
    (root / REQUEST).unlink()
    assert (SESSION, "unknown-reference") in run(root)


def test_a_file_replaced_by_a_link_to_the_same_bytes(tmp_path: Path, loads: list[int]) -> None:
    root = stored(tmp_path, loads)
    shutil.move(root / SESSION, tmp_path / "outside.yaml")
    (root / SESSION).symlink_to(tmp_path / "outside.yaml")
    assert run(root) == [(SESSION, "symlink")]


def test_an_attachment_added(tmp_path: Path, loads: list[int]) -> None:
    root = stored(tmp_path, loads)
    (root / ATTACHMENT).parent.mkdir(parents=True, exist_ok=True)
    (root / ATTACHMENT).write_bytes(b"%PDF-1.4\n")
    assert run(root) == [(ATTACHMENT, "attachment-unreferenced")]


def test_the_day(tmp_path: Path, loads: list[int]) -> None:
    root = stored(tmp_path, loads)
    assert (SESSION, "future-session") in run(root, today=date(2026, 3, 1))


def test_codeowners(tmp_path: Path, loads: list[int]) -> None:
    root = stored(tmp_path, loads)
    (root / CODEOWNERS).parent.mkdir(exist_ok=True)
    (root / CODEOWNERS).write_text(f"* {PLACEHOLDER}\n", encoding="utf-8")
    assert run(root) == [(CODEOWNERS, "codeowners-placeholder")]


def test_settings(tmp_path: Path, loads: list[int]) -> None:
    settings = (Path(__file__).parent / "cases/base-business/mentorlog.yaml").read_text(
        encoding="utf-8")
    root = stored(tmp_path, loads, session().replace("English", "Amharic"), files={
        "mentorlog.yaml": settings.replace(
            "program:\n", "program:\n  languages: [English, Amharic]\n")})
    (root / "mentorlog.yaml").write_text(settings, encoding="utf-8")
    assert run(root) == [(SESSION, "schema")]


def test_a_schema(tmp_path: Path, loads: list[int]) -> None:
    root = make_program(tmp_path / "p", "business", files={SESSION: session()})
    shutil.copytree(bundled_schema_dir(), root / "schema")
    assert run(root) == [] and run(root) == [] and len(loads) == 1
    file = root / "schema" / "business" / "session.schema.json"
    schema = json.loads(file.read_text(encoding="utf-8"))
    schema["properties"]["hours"]["maximum"] = 0.5
    file.write_text(json.dumps(schema), encoding="utf-8")
    assert (SESSION, "schema") in run(root)


@pytest.mark.parametrize("change", ["version", "code", "parser"])
def test_mentorlog_itself(tmp_path: Path, loads: list[int], monkeypatch: pytest.MonkeyPatch,
                          change: str) -> None:
    root = stored(tmp_path, loads)
    _stricter(monkeypatch)
    assert run(root) == []  # the same mentorlog as far as the key knows: the verdict stands
    if change == "version":
        monkeypatch.setattr(cache, "__version__", "99.0.0")
    elif change == "code":
        monkeypatch.setattr(verdicts, "code_digest", lambda: "another")
    else:
        other = "python" if yamlload.DEFAULT_PARSER == "libyaml" else "libyaml"
        monkeypatch.setattr(yamlload, "DEFAULT_PARSER", other)
    assert run(root) == [(SESSION, "schema")]


def test_the_code_digest_follows_every_source_file(tmp_path: Path) -> None:
    package = tmp_path / "mentorlog"
    shutil.copytree(verdicts.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    first = verdicts.code_digest(package)
    assert verdicts.code_digest(package) == first
    rules = package / "rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert verdicts.code_digest(package) != first


# --- when no verdict is used --------------------------------------------------------------------

def test_files_written_just_now_store_no_verdict(tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "business", files={SESSION: session()})
    assert run(root) == []
    assert (root / CACHE_DIR).is_dir()
    assert not list((root / CACHE_DIR).rglob(verdicts.VERDICT_FILE))


@pytest.mark.parametrize("walk", ["before the reads", "in a child, early", "in a child, late"])
def test_a_change_during_a_cold_run_is_never_answered_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, walk: str) -> None:
    """A cold run walks records/ in a forked child while it reads them: a file changed in
    between, before or after the child saw it, is reported on the next run as a fresh run
    would (the verdict is not kept: the change is newer than the run's start)."""
    monkeypatch.setattr(cache, "RACY_NS", 0)  # files older than the run's start are stable
    if walk == "before the reads":
        monkeypatch.setattr(verdicts, "can_fork", lambda: False)
    elif walk == "in a child, late":  # the child sees the change
        tree = verdicts.tree_digest
        monkeypatch.setattr(verdicts, "tree_digest",
                            lambda top: (time.sleep(0.5), tree(top))[1])
    root = make_program(tmp_path / "p", "business", files={SESSION: session()})
    time.sleep(0.01)
    load = pipeline.load_program

    def then_change(*args: Any, **kwargs: Any) -> Any:
        found = load(*args, **kwargs)
        (root / SESSION).write_text(session(hours="x"), encoding="utf-8")
        return found

    monkeypatch.setattr(pipeline, "load_program", then_change)
    assert run(root) == []  # what it read
    monkeypatch.setattr(pipeline, "load_program", load)
    assert run(root) == run(root, cache_on=False) == [(SESSION, "schema")]
    assert run(root) == [(SESSION, "schema")]  # and once the change is older, as well


def test_the_gate_without_cache_neither_reads_nor_writes_it(
        tmp_path: Path, loads: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    root = stored(tmp_path, loads)
    [file] = (root / CACHE_DIR).rglob(verdicts.VERDICT_FILE)
    kept = file.read_bytes()
    _stricter(monkeypatch)
    assert run(root, cache_on=False) == [(SESSION, "schema")]
    assert run(root, cache_on=False) == [(SESSION, "schema")]
    assert len(loads) == 3 and file.read_bytes() == kept
    assert run(root) == []  # and the stored verdict, of the same inputs, still answers


def test_validate_path_is_never_answered_from_the_verdict(
        tmp_path: Path, loads: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    root = stored(tmp_path, loads)
    _stricter(monkeypatch)
    result = validate_program(Program.open(Repo(root)), [root / SESSION], TODAY)
    assert [p.message for p in result.problems] == ["stricter"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "another digest", "bad problem"])
def test_a_damaged_verdict_is_ignored(tmp_path: Path, loads: list[int], damage: str) -> None:
    root = make_program(tmp_path / "p", "business", files={SESSION: session(hours="x")})
    assert run(root) == [(SESSION, "schema")] and len(loads) == 1
    [file] = (root / CACHE_DIR).rglob(verdicts.VERDICT_FILE)
    magic, form, digest, checked, _ = json.loads(file.read_text(encoding="utf-8"))
    file.write_text({
        "garbage": "\x80 not json",
        "truncated": file.read_text(encoding="utf-8")[:40],
        "another digest": json.dumps([magic, form, "0" * 32, checked, []]),
        "bad problem": json.dumps([magic, form, digest, checked, [["x", 1, 1, "fatal"]]]),
    }[damage], encoding="utf-8")
    assert run(root) == [(SESSION, "schema")] and len(loads) == 2


def test_an_answered_run_still_hands_over_every_record(tmp_path: Path,
                                                       loads: list[int]) -> None:
    root = stored(tmp_path, loads)
    result = validate_program(Program.open(Repo(root)), today=TODAY)
    assert len(loads) == 1
    assert result.index.get("session", Path(SESSION).stem) is not None
    assert len(loads) == 2  # loaded when asked for


# --- CI keeps the cache ------------------------------------------------------------------------

@pytest.mark.parametrize(("workflow", "command"), [("github-pr.yml", "mentorlog check"),
                                                   ("github-main.yml", "mentorlog validate")])
def test_the_workflows_restore_the_cache_before_mentorlog_runs(workflow: str,
                                                               command: str) -> None:
    flow = yaml.safe_load((verdicts.PACKAGE / "templates" / workflow).read_text(encoding="utf-8"))
    [steps] = [job["steps"] for job in flow["jobs"].values()
               if any(str(step.get("run", "")).startswith(command) for step in job["steps"])]
    uses = [str(step.get("uses", "")).split("@")[0] for step in steps]
    runs = [str(step.get("run", "")) for step in steps]
    restore = uses.index("actions/cache")
    assert restore < next(i for i, run in enumerate(runs) if run.startswith(command))
    settings = steps[restore]["with"]
    assert settings["path"] == f"{WORK_DIR}/cache"
    for part in ("schema/**", "mentorlog.yaml", ".github/mentorlog-requirements.txt",
                 "requirements/lock.txt"):
        assert part in settings["key"] and part in settings["restore-keys"]
    assert settings["key"].endswith("-${{ github.sha }}")


# --- reading packs ------------------------------------------------------------------------------

@pytest.mark.parametrize("tail", [" []", "x", "\n"])
def test_a_pack_line_with_anything_after_its_value_is_not_an_entry(tmp_path: Path,
                                                                   tail: str) -> None:
    root = make_program(tmp_path / "p", "business", files={SESSION: session(hours="x")})
    assert run(root) == [(SESSION, "schema")]
    [pack] = (root / CACHE_DIR).rglob("records-sessions-2026-03.jsonl")
    lines = pack.read_text(encoding="utf-8").split("\n")
    head, body = json.loads(lines[2])[0], lines[3]
    assert cache.decode(head, body, str(root), yamlload.DEFAULT_PARSER).rel == head[0]
    with pytest.raises(ValueError):
        cache.decode(head, body + tail, str(root), yamlload.DEFAULT_PARSER)
    pack.write_text("\n".join([*lines[:2], lines[2] + tail, *lines[3:]]), encoding="utf-8")
    assert not cache.RecordCache(Program.open(Repo(root)))._read(pack)  # the heads line too
