"""The generated reference pages in docs/ are what mentorlog.refdocs makes from the code.

docs/problem-codes.md comes from problems.CODES (meaning and fix of every code), docs/cli.md
from the CLI's own `--help`. A page edited by hand, or a code or option changed without
regenerating, fails here with the command that regenerates.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from helpers import REPO_ROOT, run_main
from mentorlog import problems, refdocs
from mentorlog.problems import CODES, Code

DOCS = REPO_ROOT / "docs"
REGENERATE = f"out of date: run `.venv/bin/{refdocs.REGENERATE}` and commit the result"


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


# --- docs/problem-codes.md -----------------------------------------------------------------

def test_problem_codes_page_is_generated_from_codes() -> None:
    assert page("problem-codes.md") == refdocs.problem_codes_page(), (
        f"problem-codes.md {REGENERATE}")


def table_rows(text: str) -> dict[str, list[str]]:
    """code -> its cells (meaning, fix), read the way a Markdown table is: `\\|` is no border."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        found = re.match(r"^\| `([a-z-]+)` \|", line)
        if found:
            assert found[1] not in rows, f"{found[1]} is listed twice"
            rows[found[1]] = [c.strip() for c in re.split(r"(?<!\\)\|", line)[2:-1]]
    return rows


def test_every_code_is_listed_once_with_a_meaning_and_a_fix() -> None:
    rows = table_rows(page("problem-codes.md"))
    assert list(rows) == list(CODES)
    for code, cells in rows.items():
        assert len(cells) == 2 and all(cells), (code, cells)


def test_a_pipe_in_a_fix_does_not_split_its_cell() -> None:
    assert "text: |" in CODES["yaml-comment-cuts-text"].fix
    assert table_rows(refdocs.problem_codes_page())["yaml-comment-cuts-text"][1].endswith(
        "or write `text: \\|` and the text on the next lines.")


def test_a_changed_meaning_is_drift(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: the page follows CODES, so an edit there changes it."""
    changed = {**CODES, "encoding": Code("The bytes are not UTF-8 (changed).", "Re-save.")}
    monkeypatch.setattr(refdocs, "CODES", changed)
    assert refdocs.problem_codes_page() != page("problem-codes.md")
    assert "| `encoding` | The bytes are not UTF-8 (changed). | Re-save. |" in (
        refdocs.problem_codes_page())


def test_a_problem_needs_a_listed_code() -> None:
    assert problems.error("a.yaml", 1, 1, "encoding", "m").code == "encoding"
    with pytest.raises(ValueError, match="undocumented problem code"):
        problems.error("a.yaml", 1, 1, "no-such-code", "m")


# --- docs/cli.md ---------------------------------------------------------------------------

def test_cli_page_is_generated_from_help() -> None:
    assert page("cli.md") == refdocs.cli_page(), f"cli.md {REGENERATE}"


def cli_sections(text: str) -> dict[str, str]:
    """`## mentorlog ...` heading -> the help text in its code block."""
    return dict(re.findall(r"^## (mentorlog[a-z ]*)\n\n```\n(.*?)\n```$", text,
                           flags=re.MULTILINE | re.DOTALL))


def test_cli_page_has_every_command_and_sub_command() -> None:
    sections = cli_sections(page("cli.md"))
    for command in ("validate", "check", "new", "init", "build", "serve", "report", "export"):
        assert f"mentorlog {command}" in sections, command
    for nested in ("report monthly", "new session", "new mentor", "new request"):
        assert f"mentorlog {nested}" in sections, nested
    assert "--version" in sections["mentorlog"]


def test_cli_page_shows_what_help_prints(monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    """Each section is exactly the command's `--help` at the page's width, outside a program
    (inside one, `new KIND` offers that program's fields)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", refdocs.HELP_ENVIRONMENT["COLUMNS"])
    sections = cli_sections(page("cli.md"))
    assert len(sections) >= 15
    for heading, text in sections.items():
        result = run_main([*heading.split()[1:], "--help"])
        assert (result.code, result.out.rstrip()) == (0, text), heading


def test_the_generator_writes_both_pages(tmp_path: Path) -> None:
    assert refdocs.main([str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cli.md", "problem-codes.md"]
    for written in tmp_path.iterdir():
        assert written.read_text(encoding="utf-8") == page(written.name), written.name


def test_the_readme_links_the_references() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/cli.md)" in readme and "(docs/problem-codes.md)" in readme


# --- docs/architecture.md: the map must name every module, and only names that exist ---

PACKAGE = REPO_ROOT / "tools" / "mentorlog"


def test_the_architecture_map_names_every_module() -> None:
    text = page("architecture.md")
    modules = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
               if p.name != "__main__.py" and "pages" not in p.parts[:-1]]
    missing = [m for m in modules if f"`{m}`" not in text and not m.endswith("__init__.py")]
    assert missing == [], "docs/architecture.md has no paragraph for these modules"
    assert "`site/pages/`" in text


def test_every_name_the_architecture_map_gives_exists() -> None:
    """`module.name` in the map (a function, class or constant) is where the map says."""
    text = page("architecture.md")
    named = re.findall(r"`((?:site/)?[a-z_]+)\.([A-Za-z_]+)`", text)
    assert len(named) > 20
    for module, name in named:
        if name == "py" or not (PACKAGE / f"{module}.py").exists():
            continue  # a file name (checked above), or not a module (`mentorlog.yaml`)
        found = importlib.import_module("mentorlog." + module.replace("/", "."))
        assert hasattr(found, name), f"docs/architecture.md names {module}.{name}"
