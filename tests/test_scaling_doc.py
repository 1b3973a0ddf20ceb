"""docs/scaling.md shows commands a reader will copy: each `mentorlog ...` it shows must be a
real command, every `--flag` one that command's `--help` lists, every `--format` value one it
accepts; the benchmark scripts it names must exist; README and the architecture map link it.
No figure is checked here: the figures are measurements (benchmarks/), not promises."""

from __future__ import annotations

import re
import shlex
from functools import cache
from pathlib import Path

import pytest

from helpers import REPO_ROOT, run_main

DOC = REPO_ROOT / "docs" / "scaling.md"
INLINE = re.compile(r"`(mentorlog [^`]+)`")
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def shown_commands(text: str) -> list[str]:
    """Every `mentorlog ...` command line: in code blocks (after an optional `$ `, up to a
    `#` comment) and in inline code."""
    found = [m for m in INLINE.findall(text) if "\n" not in m]
    for block in FENCE.findall(text):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ").split(" #", 1)[0].strip()
            if line.startswith("mentorlog "):
                found.append(line)
    return found


@cache
def help_text(words: tuple[str, ...]) -> str | None:
    """`mentorlog WORDS --help`, or None when WORDS is no command."""
    result = run_main([*words, "--help"])
    usage = "usage: mentorlog " + " ".join(words)
    return result.out if result.code == 0 and result.out.startswith(usage) else None


def command_help(tokens: list[str]) -> tuple[tuple[str, ...], str]:
    """The longest run of leading words that is a (sub-)command, and its help."""
    words = []
    for token in tokens:
        if token.startswith("-"):
            break
        words.append(token)
    for end in range(len(words), 0, -1):
        text = help_text(tuple(words[:end]))
        if text is not None:
            return tuple(words[:end]), text
    raise AssertionError(f"no such command: mentorlog {' '.join(tokens)}")


def unknown_options(command: str) -> list[str]:
    """The flags and --format values of `command` its own --help does not list."""
    tokens = shlex.split(command)[1:]
    _, text = command_help(tokens)
    missing = []
    for position, token in enumerate(tokens):
        if not token.startswith("--"):
            continue
        flag = token.split("=", 1)[0]
        if not re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text):
            missing.append(flag)
        if flag == "--format" and position + 1 < len(tokens) \
                and not re.search(rf"[{{,]{re.escape(tokens[position + 1])}[,}}]", text):
            missing.append(f"--format {tokens[position + 1]}")
    return missing


@pytest.fixture(autouse=True)
def outside_a_program(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # `new KIND --help` would otherwise read this repo's program


def test_the_doc_shows_commands() -> None:
    commands = shown_commands(DOC.read_text(encoding="utf-8"))
    assert len(commands) >= 8, commands
    assert {shlex.split(c)[1] for c in commands} >= {"export", "report", "validate", "build"}


def test_every_command_and_flag_the_doc_shows_exists() -> None:
    wrong = {c: unknown_options(c) for c in shown_commands(DOC.read_text(encoding="utf-8"))}
    assert {c: m for c, m in wrong.items() if m} == {}


def test_the_check_can_fail() -> None:
    """A made-up flag, a format export does not have, and a made-up command are caught."""
    assert unknown_options("mentorlog export --format sqlite --shard 2026") == ["--shard"]
    assert unknown_options("mentorlog export --format parquet -o x") == ["--format parquet"]
    with pytest.raises(AssertionError, match="no such command"):
        unknown_options("mentorlog rollup --chapters 3")


def test_the_benchmarks_it_names_exist() -> None:
    named = set(re.findall(r"benchmarks/([a-z_]+\.py)", DOC.read_text(encoding="utf-8")))
    assert {"bench_rollup.py", "bench_git.py", "bench_validate.py"} <= named
    assert [n for n in named if not (REPO_ROOT / "benchmarks" / n).is_file()] == []


def test_readme_and_architecture_link_it() -> None:
    assert "(docs/scaling.md)" in (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "(scaling.md)" in (REPO_ROOT / "docs" / "architecture.md").read_text(
        encoding="utf-8")
