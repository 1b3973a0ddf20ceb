"""The codebase's own rules: problem codes documented, README truthful.

ruff and mypy run before pytest, from .pre-commit-config.yaml and `python3 dev.py test`."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from helpers import REPO_ROOT, run_main
from mentorlog.problems import CODES

PACKAGE = REPO_ROOT / "tools" / "mentorlog"
# functions that make a Problem, and the position of their `code` argument
PROBLEM_MAKERS = {"error": 3, "warning": 3, "Problem": 4, "at": 2, "_report": 1, "_fail": 2,
                  "_problem": 4}
CODE_SHAPE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


# --- lint runs before pytest, out of it ------------------------------------------------------

def dev_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev", REPO_ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("failing", "expected"), [
    (None, ["ruff", "mypy", "python"]), ("ruff", ["ruff"]), ("mypy", ["ruff", "mypy"]),
    ("python", ["ruff", "mypy", "python"])])
def test_dev_test_lints_first_and_a_lint_failure_fails_it(failing: str | None,
                                                          expected: list[str]) -> None:
    """`python3 dev.py test` (= .ci/run): ruff, then mypy, then pytest; the first command that
    fails is the last run, and its exit code is the command's."""
    dev, ran = dev_module(), []

    def run(*cmd: str | Path, check: bool = True) -> int:
        ran.append(Path(cmd[0]).name)
        return 3 if ran[-1] == failing else 0

    dev.run, dev.ensure_chromium = run, lambda: None
    assert dev.test(["-q"], venv=Path("venv")) == (3 if failing else 0)
    assert ran == expected


# --- problem codes (their page: tests/test_docs.py) --------------------------------------

def emitted_codes() -> dict[str, str]:
    """Every code string literal the package passes to a problem-making function."""
    found: dict[str, str] = {}
    for file in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in PROBLEM_MAKERS:
                continue
            args = [*node.args[PROBLEM_MAKERS[name]:PROBLEM_MAKERS[name] + 1],
                    *(k.value for k in node.keywords if k.arg == "code")]
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found[arg.value] = f"{file.relative_to(REPO_ROOT)}:{node.lineno}"
    return found


def test_every_emitted_code_is_listed() -> None:
    emitted = emitted_codes()
    assert len(emitted) >= 35  # the scan works: it sees the loader, the rules, the policy
    unlisted = {code: where for code, where in emitted.items() if code not in CODES}
    assert unlisted == {}
    assert all(CODE_SHAPE.match(code) for code in emitted)


# --- the README tells the truth ------------------------------------------------------------

def readme_commands() -> list[list[str]]:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", text, flags=re.DOTALL)
    lines = [line.split("#")[0].split() for block in blocks for line in block.splitlines()]
    return [words for words in lines if words[:1] == ["mentorlog"]]


def help_text(*argv: str) -> str:
    result = run_main([*argv, "--help"])
    assert result.code == 0, result.err
    return result.out


def test_the_readme_shows_commands() -> None:
    assert len(readme_commands()) >= 4


@pytest.mark.parametrize("words", readme_commands(), ids=lambda w: " ".join(w[1:3]))
def test_readme_commands_and_options_exist(words: list[str]) -> None:
    command = next(w for w in words[1:] if not w.startswith("-"))
    assert re.search(rf"\b{re.escape(command)}\b", help_text()), command
    options = help_text() + help_text(command)
    after = words[words.index(command) + 1:]
    if after and not after[0].startswith("-") and run_main([command, after[0], "--help"]).code == 0:
        options += help_text(command, after[0])  # a sub-subcommand: `new session`
    for option in (w.split("=")[0] for w in words if w.startswith("--")):
        assert option in options, f"{option} (mentorlog {command})"
    if "--format" in words:
        value = words[words.index("--format") + 1]
        assert value in options


def test_readme_quickstart_commands_exist() -> None:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"python3 dev\.py (\w+)", text):
        assert f'"{target}"' in (REPO_ROOT / "dev.py").read_text(encoding="utf-8"), target


def test_readme_links_resolve() -> None:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for link in re.findall(r"\]\(([^)#:]+)\)", text):
        assert (REPO_ROOT / link).exists(), link


def test_code_listing_file_is_not_empty() -> None:
    assert Path(REPO_ROOT / "docs" / "problem-codes.md").stat().st_size > 1000
