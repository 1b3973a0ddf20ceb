"""Fuzzing the CLI over hostile records: no traceback, no free text in messages, no record
touched (DESIGN sections 3, 6 and 8).

A seeded mutator (deterministic: the same cases on every run) garbles copies of the demo
programs: values swapped between fields, wrong types, `.nan`, huge numbers, deep nesting,
deleted lines, stray bytes, tabs, anchors and tags. Every free-text field carries MARK, which
no output of any format (nor the GitHub step summary) may repeat. Rounds are bounded so the
module stays within ~20 s on two cores; the regression tests below pin what it found.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import (
    CASES,
    REPO_ROOT,
    VENV_BIN,
    CliResult,
    copy_demo,
    make_program,
    run_main,
    tree_digest,
)
from mentorlog.schemas import bundled_schema_dir
from mentorlog.yamlload import load_file

pytestmark = pytest.mark.usefixtures("isolated_git")  # pinned, isolated git

SEED = 20261123
MARK = "FUZZMARK-d41c"
FREE_TEXT = frozenset({"text", "name", "questions", "late_reason", "other_topic", "location",
                       "business", "title", "reported_to", "industry"})
ODD_VALUES: list[Any] = [
    ".nan", ".inf", "-.inf", 10**30, -1, 0, 1e308, "1e400", True, None, [], {}, [[[]]],
    "2026-02-30", "2026-13-01", "9999-12-31", "0001-01-01", "25:99", "24:00", "r-2026-014",
    "kim-osei", "ida-cole", "other", "online", "no_show", "2026-03-10T15:45",
    "2026-03-10T15:45+25:00", "é漢字\u202e", "a" * 300, "../mentors/kim-osei", 0.1, 24.25,
    "attachments/r-2026-014/x.pdf", "/etc/passwd", "", "9" * 5000,
]
FIELDS = ("mentor", "end", "online_type", "other_topic", "late_reason", "safety_report",
          "co_mentors", "notes", "attachments", "closed", "status", "completes_request",
          "prep_hours", "site", "resource_needs", "request", "date")
ODD_LISTS: list[Any] = [
    [{"by": "kim-osei", "at": "2026-03-10T15:45", "text": MARK}],
    [{"mentor": "lee-park", "hours": ".nan"}], [{"path": "attachments/x/../../y", "title": MARK}],
    {"reported_to": MARK, "reported_at": 5}, [{"by": MARK, "at": MARK, "text": [MARK]}],
]
ODD_LINES = [b"&a x: *a", b"<<: {}", b"!!python/object/apply:os.system [x]", b"---",
             b"? [a]: b", b'x: "\\ud800"', b"k: 1\nk: 2", b"  - - -", b"\xef\xbb\xbf", b"x: 'a",
             b"\x00", b"\xff\xfe", b"late_reason: " + MARK.encode() + b" # c", b"\tx: 1",
             b"[" * 200, b"notes: |\n  " + MARK.encode()]
Mutator = Callable[[dict[str, Any], random.Random], None]


# --- the mutator ---

def nested(depth: int, rng: random.Random) -> Any:
    value: Any = MARK
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"k": value}
    return value


def plant(value: Any) -> None:
    """MARK into every free-text field, at any depth."""
    items = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else []
    for key, item in list(items):
        if key in FREE_TEXT and isinstance(item, str):
            value[key] = f"{MARK} {item}"
        elif key in FREE_TEXT and isinstance(item, list):
            value[key] = [f"{MARK} {x}" for x in item]
        else:
            plant(item)


def _replace(data: dict[str, Any], key: str, rng: random.Random) -> None:
    data[key] = rng.choice(ODD_VALUES)


def _swap(data: dict[str, Any], key: str, rng: random.Random) -> None:
    other = rng.choice(list(data))
    data[key], data[other] = data[other], data[key]


def _wrap(data: dict[str, Any], key: str, rng: random.Random) -> None:
    data[key] = [data[key]] if rng.random() < 0.5 else {"x": data[key]}


def _nest(data: dict[str, Any], key: str, rng: random.Random) -> None:
    data[key] = nested(rng.randint(1, 40), rng)


def _add(data: dict[str, Any], key: str, rng: random.Random) -> None:
    data[rng.choice(FIELDS)] = rng.choice(ODD_VALUES + ODD_LISTS)


def _inner(data: dict[str, Any], key: str, rng: random.Random) -> None:
    items = [i for i in data[key] if isinstance(i, dict) and i] \
        if isinstance(data[key], list) else []
    if items:
        item = rng.choice(items)
        item[rng.choice(list(item))] = rng.choice(ODD_VALUES)


def _delete(data: dict[str, Any], key: str, rng: random.Random) -> None:
    del data[key]


EDITS = (_replace, _swap, _wrap, _nest, _add, _inner, _delete)


def mutate_data(data: dict[str, Any], rng: random.Random) -> str:
    plant(data)
    for _ in range(rng.randint(1, 4)):
        if data:
            rng.choice(EDITS)(data, rng.choice(list(data)), rng)
    text = json.dumps(data, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 2]))
    for word in (".nan", ".inf", "1e400", "9" * 5000):  # as YAML scalars, not strings
        text = text.replace(f'"{word}"', word)
    return text  # JSON is YAML flow style


def mutate_bytes(raw: bytes, rng: random.Random) -> bytes:
    lines = raw.split(b"\n")
    for _ in range(rng.randint(1, 3)):
        i, op = rng.randrange(len(lines)), rng.randrange(5)
        if op == 0 and len(lines) > 1:
            del lines[i]
        elif op == 1:
            lines[i] = b"\t" + lines[i]
        elif op == 2 and lines[i]:
            lines[i] = lines[i][:-1] + bytes([rng.randrange(256)])
        elif op == 3:
            lines.insert(i, rng.choice(ODD_LINES))
        else:
            lines[i] = lines[i].replace(b": ", b":\t", 1) + b" # " + MARK.encode()
    return b"\n".join(lines)


def garble(file: Path, rng: random.Random) -> None:
    doc, _ = load_file(file, "x")
    if doc is not None and rng.random() < 0.7:
        file.write_text(mutate_data(json.loads(json.dumps(doc.data)), rng), encoding="utf-8")
    else:
        file.write_bytes(mutate_bytes(file.read_bytes(), rng))


def garble_some(repo: Path, rng: random.Random, most: int = 4) -> list[Path]:
    files = sorted((repo / "records").rglob("*.yaml"))
    chosen = rng.sample(files, rng.randint(1, most))
    for file in chosen:
        garble(file, rng)
    return chosen


# --- the promises ---

def assert_safe(result: CliResult, argv: list[str], extra: str = "") -> None:
    shown = result.out + result.err + extra
    assert result.code in (0, 1, 2), (argv, result)
    assert "Traceback" not in shown, (argv, shown[-2000:])
    assert MARK not in shown, (argv, shown[:2000])


def run_safe(argv: list[str], cwd: Path) -> CliResult:
    """Run in-process; records/ must not change by a byte, except that `new` may add the
    one file it prints (removed again here, so that rounds stay independent)."""
    before = tree_digest(cwd / "records")
    result = run_main(argv, cwd=cwd)
    assert_safe(result, argv)
    after = tree_digest(cwd / "records")
    if argv[0] == "new" and result.code == 0:
        written = result.out.strip().removeprefix("records/")
        assert after.pop(written) and written not in before, result
        (cwd / "records" / written).unlink()
    assert {k: v for k, v in after.items() if v != "dir"} == \
        {k: v for k, v in before.items() if v != "dir"}, argv
    return result


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("demos")
    return {name: copy_demo(source, root / name) for name, source in
            (("business", REPO_ROOT), ("youth", REPO_ROOT / "examples" / "youth"))}


def restored(files: list[Path], saved: dict[Path, bytes]) -> None:
    for file in files:
        file.write_bytes(saved[file])


@pytest.mark.parametrize("demo", ["business", "youth"])
def test_validate_survives_garbled_records(demo: str, demos: dict[str, Path]) -> None:
    repo, rng = demos[demo], random.Random(f"{SEED}-{demo}")
    codes = set()
    for _ in range(12):
        files = sorted((repo / "records").rglob("*.yaml"))
        saved = {f: f.read_bytes() for f in files}
        chosen = garble_some(repo, rng)
        fmt = rng.choice(["text", "json", "github"])
        codes.add(run_safe(["validate", "--format", fmt], repo).code)
        codes.add(run_safe(["validate", str(chosen[0]), "--format", fmt], repo).code)
        restored(chosen, saved)
    assert 1 in codes  # the garbling does reach the checks


def test_report_and_new_survive_garbled_records(demos: dict[str, Path]) -> None:
    repo, rng = demos["business"], random.Random(SEED)
    for _ in range(6):
        saved = {f: f.read_bytes() for f in sorted((repo / "records").rglob("*.yaml"))}
        chosen = garble_some(repo, rng)
        run_safe(["report", "monthly", "--month", rng.choice(["2026-03", "2026-11"]),
                  "--format", rng.choice(["text", "json", "csv"])], repo)
        run_safe(["new", "session", "--request", "r-2026-014", "--date", "2026-03-30",
                  "--start", "09:00", "--hours", "1"], repo)
        restored(chosen, saved)


def test_build_survives_garbled_records(demos: dict[str, Path], tmp_path: Path) -> None:
    """A few only: a build takes most of a second."""
    rng = random.Random(SEED)
    for round_, demo in enumerate(["business", "youth", "youth"]):
        repo = demos[demo]
        saved = {f: f.read_bytes() for f in sorted((repo / "records").rglob("*.yaml"))}
        chosen = garble_some(repo, rng)
        public = ["--public"] if round_ == 2 else []
        run_safe(["build", "--site-dir", str(tmp_path / f"site{round_}"), *public], repo)
        restored(chosen, saved)


def test_broken_settings_stop_with_a_message(demos: dict[str, Path]) -> None:
    repo, rng = demos["youth"], random.Random(SEED)
    settings = repo / "mentorlog.yaml"
    original = settings.read_bytes()
    try:
        for _ in range(12):
            settings.write_bytes(mutate_bytes(original, rng))
            run_safe(["validate"], repo)
            run_safe(["report", "monthly", "--month", "2026-03"], repo)
    finally:
        settings.write_bytes(original)


def test_check_survives_garbled_changes(tmp_path: Path) -> None:
    """Garbled base and garbled change, every format, with the GitHub step summary."""
    repo, rng = copy_demo(REPO_ROOT, tmp_path / "program"), random.Random(SEED)
    git = ["git", "-C", str(repo)]
    subprocess.run([*git, "init", "-qb", "main"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "demo"], check=True)
    summary = tmp_path / "summary.md"
    for _ in range(10):
        subprocess.run([*git, "checkout", "-qB", "base", "main"], check=True)
        garble_some(repo, rng, most=2)
        subprocess.run([*git, "commit", "-qam", "garbled base", "--allow-empty"], check=True)
        garble_some(repo, rng)
        argv = ["check", "--base", "base", "--now", "2026-11-23T10:00", "--author",
                rng.choice(["kim-gh", "nobody"]), "--format", rng.choice(["text", "json",
                                                                         "github"])]
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("GITHUB_STEP_SUMMARY", str(summary))
            result = run_safe(argv, repo)
        assert_safe(result, argv, summary.read_text("utf-8") if summary.exists() else "")
        subprocess.run([*git, "checkout", "-qf", "main"], check=True)


def test_cli_as_a_subprocess(demos: dict[str, Path], tmp_path: Path) -> None:
    """The installed command: what a user (and CI) sees on stdout and stderr."""
    repo, rng = demos["youth"], random.Random(SEED)
    saved = {f: f.read_bytes() for f in sorted((repo / "records").rglob("*.yaml"))}
    chosen = garble_some(repo, rng, most=6)
    before = tree_digest(repo / "records")
    for argv in (["validate", "--format", "github"], ["validate", str(chosen[0]), "nonexistent"],
                 ["validate", "/etc"], ["export", "--format", "csv", "-o",
                                        str(tmp_path / "out.csv")]):
        done = subprocess.run([str(VENV_BIN / "mentorlog"), *argv], cwd=repo, text=True,
                              capture_output=True, env={**os.environ, "PYTHONIOENCODING": ""})
        assert_safe(CliResult(done.returncode, done.stdout, done.stderr), argv)
    assert tree_digest(repo / "records") == before
    restored(chosen, saved)


# --- regressions the fuzzing found ---

def test_month_zero_is_a_usage_error(business_repo: Path) -> None:
    for month in ("0000-01", "\uff12\uff10\uff12\uff16-03"):
        result = run_main(["report", "monthly", "--month", month], cwd=business_repo)
        assert result.code == 2 and "YYYY-MM" in result.err


def test_new_takes_a_hundred_thousand_brackets_as_a_value_not_a_structure(
        business_repo: Path) -> None:
    """No flag of `new` parses JSON (or anything nested): a co-mentor of 100,000 `[` is an id
    that is no record id, reported without being repeated, and nothing is written."""
    before = tree_digest(business_repo)
    result = run_main(["new", "session", "--request", "r-2026-001", "--date", "2026-03-30",
                       "--start", "10:00", "--hours", "1", "--attendance", "attended",
                       "--mentoring-type", "telephone", "--topics", "tax", "--language",
                       "English", "--late-reason", "was ill", "--co-mentor", "[" * 100_000],
                      cwd=business_repo)
    assert result.code == 1 and "error[unknown-reference]" in result.out
    assert "[[" not in result.out + result.err and len(result.out + result.err) < 1_000
    assert tree_digest(business_repo) == before


def test_dates_at_the_end_of_the_calendar(business_repo: Path) -> None:
    result = run_main(["new", "session", "--request", "r-2026-001", "--date", "9999-12-31",
                       "--start", "10:00", "--hours", "1", "--attendance", "attended",
                       "--mentoring-type", "telephone", "--topics", "tax",
                       "--language", "English"], cwd=business_repo)
    assert result.code == 1 and "future-session" in result.out
    for now in ("9999-12-31T23:59", "0001-01-01T00:00+05:00"):
        result = run_main(["check", "--now", now], cwd=business_repo)
        assert result.code == 2 and "--now" in result.err


def test_a_fifo_among_the_records_is_a_problem_not_a_hang(business_repo: Path) -> None:
    os.mkfifo(business_repo / "records" / "clients" / "pipe.yaml")
    result = run_main(["validate"], cwd=business_repo)
    assert result.code == 1 and "pipe.yaml:0:0: error[file-unreadable]" in result.out


def test_validate_the_repository_root_checks_every_record(business_repo: Path) -> None:
    whole, root = (run_main(argv, cwd=business_repo) for argv in (["validate"],
                                                                 ["validate", "."]))
    assert root.code == whole.code == 0 and root.out == whole.out
    assert not root.out.startswith("0 files")


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    repo = make_program(tmp_path / "p", "business")
    (repo / "records" / "clients").joinpath(os.fsdecode(b"bad\xff.yaml")).write_text("name: x\n")
    for fmt in ("text", "json", "github"):
        done = subprocess.run([str(VENV_BIN / "mentorlog"), "validate", "--format", fmt],
                              cwd=repo, capture_output=True, text=True,
                              env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert "bad\\xff.yaml" in done.stdout.replace("\\\\", "\\")


def test_check_reads_no_request_named_by_a_non_id(tmp_path: Path) -> None:
    repo = git_program(tmp_path, {})
    session = repo / "records" / "sessions" / "2026" / "03" / "2026-03-02-long.yaml"
    session.write_text(f"request: {'a' * 300}\ndate: 2026-03-02\n", encoding="utf-8")
    result = run_main(["check", "--base", "main", "--now", "2026-03-03"], cwd=repo)
    assert result.code == 1 and "Traceback" not in result.err


def test_repo_option_names_a_program(business_repo: Path) -> None:
    for folder in (business_repo / "records", business_repo / "records" / "mentors"):
        result = run_main(["--repo", str(folder), "validate"])
        assert result.code == 2 and "not a mentorlog repository" in result.err


def test_a_schema_pattern_only_python_reads(business_repo: Path) -> None:
    """`\\Z` is a valid pattern for jsonschema (Python's re) but not for the Rust gate."""
    shutil.copytree(bundled_schema_dir(), business_repo / "schema")
    common = business_repo / "schema" / "common.schema.json"
    time_pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$"
    text = common.read_text(encoding="utf-8")
    assert time_pattern in text
    common.write_text(text.replace(time_pattern, time_pattern[:-1] + "\\\\Z"), encoding="utf-8")
    result = run_main(["validate"], cwd=business_repo)
    assert result.code == 0 and "all valid" in result.out, result


@pytest.mark.parametrize("char", ["\x85", "\x7f", "\u2028", "\x07"])
def test_new_refuses_control_characters(business_repo: Path, char: str) -> None:
    """A record holds no control character, not even as an escape (DESIGN section 3): `new`
    refuses such a value (exit 2, the character named) and writes nothing."""
    before = sorted((business_repo / "records").rglob("*"))
    result = run_main(["new", "mentor", "--id", "ana-x", "--name", f"Ana{char}Diaz", "--email",
                       "ana@example.org"], cwd=business_repo)
    assert result.code == 2 and f"U+{ord(char):04X}" in result.err, result
    assert "internal error" not in result.err and "Traceback" not in result.err
    assert sorted((business_repo / "records").rglob("*")) == before


def test_validate_a_path_that_does_not_exist(business_repo: Path) -> None:
    for path in ("records/sessions/2026/03/nonexistent.yaml", "records/typo",
                 "records/clients/bright-bakery.yaml/x"):
        result = run_main(["validate", path], cwd=business_repo)
        assert result.code == 2 and "no such file" in result.err, (path, result)


def git_program(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """The business base with `files`, committed on main."""
    repo = make_program(tmp_path / "p", "business", files=files)
    git = ["git", "-C", str(repo)]
    subprocess.run([*git, "init", "-qb", "main"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    return repo


def test_policy_messages_repeat_no_free_text(tmp_path: Path) -> None:
    """A note's `by`/`at` and a field name hold free text when typed in the wrong place."""
    rel = "records/sessions/2026/01/2026-01-20-r-2026-001.yaml"
    base = (CASES / "base-business" / rel).read_text(encoding="utf-8")
    garbled = base.replace("kim-osei", MARK).replace("2026-01-20T09:30", f"{MARK} at") \
        + f"{MARK} was scared: true\n"
    repo = git_program(tmp_path, {rel: garbled})
    (repo / rel).write_text(garbled.replace("voicemail", "message").replace("true", "false"),
                            encoding="utf-8")
    for fmt in ("text", "json", "github"):
        result = run_main(["check", "--base", "main", "--now", "2026-06-01", "--format", fmt],
                          cwd=repo)
        assert "note-changed" in result.out and "session-locked" in result.out
        assert_safe(result, ["check", fmt])


def test_rule_messages_repeat_no_free_text(tmp_path: Path) -> None:
    """Free text typed into id, date and time fields of two sessions of one 'request'."""
    session = (f"request: {MARK} said\ndate: {MARK} day\nstart: {MARK} time\nhours: 1\n"
               f"mentor: {MARK} name\nco_mentors:\n  - mentor: {MARK} name\n    hours: 1\n"
               f"attachments:\n  - path: attachments/x/y.pdf\n    title: t\n")
    repo = make_program(tmp_path / "p", "business", files={
        f"records/sessions/2026/03/2026-03-0{i}-x.yaml": session for i in (1, 2)})
    for fmt in ("text", "json", "github"):
        result = run_main(["validate", "--format", fmt], cwd=repo)
        assert result.code == 1
        assert_safe(result, ["validate", fmt])


def test_export_never_replaces_the_settings(business_repo: Path) -> None:
    settings = (business_repo / "mentorlog.yaml").read_bytes()
    result = run_main(["export", "--format", "csv", "-o", "mentorlog.yaml", "--force"],
                      cwd=business_repo)
    assert result.code == 2 and (business_repo / "mentorlog.yaml").read_bytes() == settings


def test_a_number_with_thousands_of_digits(business_repo: Path) -> None:
    rel = "records/sessions/2026/03/2026-03-10-r-2026-001.yaml"
    session = business_repo / rel
    text = session.read_text(encoding="utf-8").replace("hours: 1.5", "hours: " + "1" * 5000)
    session.write_text(text, encoding="utf-8")
    result = run_main(["validate", rel], cwd=business_repo)
    assert result.code == 1 and "error[number-out-of-range]" in result.out, result
    assert f"{rel}:5:8: error[number-out-of-range]" in result.out, result
    result = run_main(["new", "mentor", "--id", "big-number", "--name", "1" * 5000, "--email",
                       "big@example.org"], cwd=business_repo)
    assert result.code == 0, result


def test_check_a_changed_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode(b"records/clients/bad\xff.yaml")
    repo = git_program(tmp_path, {name: "name: x\n"})
    (repo / name).write_text("name: y\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
        result = run_main(["check", "--base", "main", "--now", "2026-03-20", "--author",
                           "kim-gh", "--format", "github"], cwd=repo)
    assert result.code == 1 and "bad\\xff.yaml" in result.out, result
