"""records/ holds only records and attachments: hidden files and folders are problems.

A `records/sessions/.gitattributes` with `eol=crlf` passed both `validate` and `check` (hidden
names were skipped) and then broke other mentors' pull requests; nothing hidden is validated,
so nothing hidden may be there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gitprogram import GitProgram, codes
from helpers import make_program, run_main

pytestmark = pytest.mark.usefixtures("isolated_git")  # pinned, isolated git

HIDDEN = {
    "records/sessions/.gitattributes": "*.yaml text eol=crlf\n",
    "records/mentors/.kim-osei.yaml": "name: Hidden Copy\nemail: x@example.org\n",
    "records/.cache/sessions/2026-01-01-r-2026-001.yaml": "request: r-2026-001\n",
    "records/attachments/r-2026-001/.DS_Store": "\0\0\0\1Bud1",
}


def test_hidden_files_and_folders_are_reported(tmp_path: Path) -> None:
    root = make_program(tmp_path / "program", "business", files=dict(HIDDEN))
    result = run_main(["--repo", str(root), "validate"])
    assert result.code == 1
    found = [line for line in result.out.splitlines() if "[hidden-file]" in line]
    assert [line.split(":")[0] for line in found] == [
        "records/.cache", "records/attachments/r-2026-001/.DS_Store",
        "records/mentors/.kim-osei.yaml", "records/sessions/.gitattributes"]


def test_validate_path_on_a_hidden_file(tmp_path: Path) -> None:
    root = make_program(tmp_path / "program", "business", files=dict(HIDDEN))
    result = run_main(["--repo", str(root), "validate", str(root / "records" / "sessions")])
    assert "records/sessions/.gitattributes:0:0: error[hidden-file]" in result.out


def test_the_gitattributes_attack_is_refused_by_check(tmp_path: Path) -> None:
    repo = GitProgram.create(tmp_path / "program")
    repo.write("records/sessions/.gitattributes", HIDDEN["records/sessions/.gitattributes"])
    repo.commit("line endings")
    result = repo.check("--base", "main", "--author", "kim-gh")
    assert result.code == 1
    assert "records/sessions/.gitattributes:0:0: error[hidden-file]" in codes(result)


@pytest.mark.parametrize(("name", "content"), [(".env", ""), (".gitkeep", "eol=crlf\n")])
def test_any_dot_file_is_reported(tmp_path: Path, name: str, content: str) -> None:
    root = make_program(tmp_path / "program", "business", files={f"records/{name}": content})
    assert f"records/{name}:0:0: error[hidden-file]" in run_main(
        ["--repo", str(root), "validate"]).out


def test_an_empty_gitkeep_as_init_writes_it_is_no_problem(tmp_path: Path) -> None:
    root = make_program(tmp_path / "program", "business",
                        files={"records/sessions/.gitkeep": ""})
    assert run_main(["--repo", str(root), "validate"]).code == 0
