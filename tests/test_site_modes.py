"""The site's modes and safety: --public, site.notes: hide, refused site dirs, repeatable
builds, a staging folder that rewrites only what changed, the offline check, youth labels."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import REPO_ROOT, make_program, run_main, tree_digest
from mentorlog.index import text
from mentorlog.program import Program, load_program
from mentorlog.repo import Repo
from sitehelpers import BUILD_DAY, build, hostile_program, standing_alone

DAY = BUILD_DAY.isoformat()


def people_strings(program: Program) -> set[str]:
    """Every name and id of a client, mentor, site or request in the program."""
    found: set[str] = set()
    for record in load_program(program, schema_targets=set()).records:
        if record.kind in ("client", "mentor", "site", "request"):
            found.add(record.id)
            found |= {v for v in [text(record.data, "name"), text(record.data, "email")] if v}
    return found


def all_text(site: Path) -> str:
    return "\n".join(f.read_text(encoding="utf-8", errors="replace")
                     for f in sorted(site.rglob("*")) if f.is_file() and f.suffix != ".gz")


@pytest.mark.parametrize("demo", [REPO_ROOT, REPO_ROOT / "examples" / "youth"],
                         ids=["business", "youth"])
def test_public_site_names_nobody(demo: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(demo, repo, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", ".mentorlog", "tests", "benchmarks", "tools", "examples",
        "*_cache"))
    program = Program.open(Repo(repo))
    build(program, tmp_path / "public", public=True)
    everything = all_text(tmp_path / "public")
    leaked = sorted(s for s in people_strings(program) if standing_alone(s, everything))
    assert leaked == []
    assert (tmp_path / "public" / "search" / "search_index.json").is_file()
    assert not (tmp_path / "public" / "clients").exists()


def test_hidden_notes_stay_off_the_site(tmp_path: Path) -> None:
    settings = (REPO_ROOT / "tests/cases/base-business/mentorlog.yaml").read_text()
    program = hostile_program(tmp_path / "repo", {
        "mentorlog.yaml": settings.replace("notes: show", "notes: hide")})
    build(program, tmp_path / "site")
    everything = all_text(tmp_path / "site")
    assert "microloan application" not in everything
    assert "second paragraph" not in everything
    assert "Bea Bright" in everything


@pytest.mark.parametrize("where", ["records", ".", ".git", "records/sessions", ".."])
def test_overlapping_site_dir_is_refused_untouched(tmp_path: Path, where: str) -> None:
    root = make_program(tmp_path / "repo", "business")
    (root / ".git").mkdir()
    before = tree_digest(tmp_path)
    result = run_main(["--repo", str(root), "build", "--site-dir", str(root / where)])
    assert result.code == 2 and "overlaps" in result.err
    assert tree_digest(tmp_path) == before  # not even the staging folder


def test_a_folder_with_other_files_is_refused_untouched(tmp_path: Path) -> None:
    root = make_program(tmp_path / "repo", "business")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "taxes.pdf").write_bytes(b"%PDF")
    before = tree_digest(tmp_path)
    result = run_main(["--repo", str(root), "build", "--site-dir", str(tmp_path / "mine")])
    assert result.code == 2 and "not a site" in result.err
    assert tree_digest(tmp_path) == before


def test_a_linked_staging_folder_is_refused(tmp_path: Path) -> None:
    root = make_program(tmp_path / "repo", "business")
    (root / ".mentorlog").mkdir()
    (root / ".mentorlog" / "pages").symlink_to(root / "records")
    before = tree_digest(root / "records")
    result = run_main(["--repo", str(root), "build", "--site-dir", str(tmp_path / "site")])
    assert result.code == 2 and "remove the link" in result.err
    assert tree_digest(root / "records") == before


def test_a_site_folder_is_rebuilt_in_place(tmp_path: Path) -> None:
    root = make_program(tmp_path / "repo", "business")
    for _ in range(2):
        result = run_main(["--repo", str(root), "build", "--site-dir", str(tmp_path / "out"),
                           "--today", DAY])
        assert result.code == 0, result.err


def test_two_builds_are_identical_and_rebuild_rewrites_little(tmp_path: Path) -> None:
    program = hostile_program(tmp_path / "repo")
    first = build(program, tmp_path / "one")
    second = build(program, tmp_path / "two")
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")
    assert second.staged.written == 0 and second.staged.deleted == 0
    session = program.repo.records / "sessions/2026/03/2026-03-10-r-2026-001.yaml"
    session.write_text(session.read_text() + "  - by: lee-park\n    at: 2026-03-11T09:00\n"
                       "    text: A new note.\n")
    third = build(program, tmp_path / "three")
    assert third.staged.written == 1  # the client's page: notes are shown nowhere else
    assert first.pages == third.pages
    (program.repo.records / "clients/north-cycles.yaml").unlink()
    fourth = build(program, tmp_path / "four")
    assert fourth.staged.deleted == 1 and not (tmp_path / "four/clients/north-cycles.html").exists()


@pytest.mark.parametrize(("change", "fetched"), [
    (("font: false", "font:\n    text: Roboto"), "fonts.googleapis.com"),
    (("site_dir: site", "site_dir: site\nrepo_url: https://github.com/example/chapter"),
     "github.com/example/chapter"),
])
def test_a_site_that_would_fetch_from_the_internet_fails(tmp_path: Path,
                                                         change: tuple[str, str],
                                                         fetched: str) -> None:
    root = make_program(tmp_path / "repo", "business")
    config = (REPO_ROOT / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(config.replace(*change))
    result = run_main(["--repo", str(root), "build", "--today", DAY,
                       "--site-dir", str(tmp_path / "site")])
    assert result.code == 2 and fetched in result.err


def test_youth_site_uses_youth_words(tmp_path: Path) -> None:
    root = make_program(tmp_path / "repo", "youth")
    result = run_main(["--repo", str(root), "build", "--today", DAY,
                       "--site-dir", str(tmp_path / "site")])
    assert result.code == 0, result.err
    site = tmp_path / "site"
    assert (site / "youth/safety.html").is_file() and (site / "youth/resources.html").is_file()
    dashboard = (site / "index.html").read_text(encoding="utf-8")
    assert "Open matches" in dashboard and "Mentees served" in dashboard
    assert "clothing" in (site / "youth/resources.html").read_text(encoding="utf-8")


def test_public_site_drops_free_text(tmp_path: Path) -> None:
    program = hostile_program(tmp_path / "repo")
    build(program, tmp_path / "public", public=True)
    everything = all_text(tmp_path / "public")
    assert "passwd" not in everything  # other_topic, notes, late reason
    assert "alert(1)" not in everything and "alert&#40;1" not in everything
    assert "Zed" not in everything and "zed-hostile" not in everything


def test_a_new_empty_program_builds(tmp_path: Path) -> None:
    assert run_main(["init", str(tmp_path / "new"), "--profile", "youth"]).code == 0
    result = run_main(["--repo", str(tmp_path / "new"), "build", "--strict", "--today", DAY])
    assert result.code == 0, result.err
    assert (tmp_path / "new" / "site" / "index.html").is_file()
