"""Incremental site builds (site/incremental.py): after a change MkDocs renders only the pages
whose source changed, and the site it leaves is the one a full build makes, byte for byte:
the same files (none left over from a removed record), the same pages, the same search index."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from helpers import REPO_ROOT, copy_demo, run_main, tree_digest
from mentorlog.problems import MentorlogError
from mentorlog.program import Program
from mentorlog.repo import Repo
from mentorlog.site import Built, build_site
from mentorlog.site.incremental import SEARCH_INDEX, STATE_DIR

DAY = date(2026, 3, 20)
SESSION = "records/sessions/2025/10/2025-10-02-r-2025-031.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_demo(REPO_ROOT, tmp_path / "repo")


def build(root: Path, site: Path, **options: object) -> Built:
    return build_site(Program.open(Repo(root)), site, today=options.pop("today", DAY),
                      **options)  # type: ignore[arg-type]


def full_twin(root: Path, site: Path, public: bool = False) -> dict[str, str]:
    """What a full build of the same records leaves (a new folder has no previous build)."""
    twin = Path(tempfile.mkdtemp(prefix="full-", dir=site.parent))
    built = build(root, twin, public=public)
    assert not built.incremental
    return tree_digest(twin)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def site_text(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html")))


def test_a_changed_note_renders_its_pages_only_and_leaves_the_full_builds_site(root: Path,
                                                                              tmp_path: Path
                                                                              ) -> None:
    site = tmp_path / "site"
    first = build(root, site)
    assert not first.incremental and first.rendered >= first.pages
    edit(root, SESSION, "Intake.", "Assignment9f2c.")
    second = build(root, site)
    assert second.incremental
    assert 0 < second.rendered <= first.rendered // 4
    assert "Assignment9f2c" in site_text(site)
    assert tree_digest(site) == full_twin(root, site)
    before = tree_digest(site)
    again = run_main(["--repo", str(root), "build", "--today", DAY.isoformat(),
                      "--site-dir", str(site)])
    assert again.code == 0, again.err
    assert "MkDocs rendered 0 pages (incremental: only changed pages)" in again.out
    assert tree_digest(site) == before


def test_changed_pages_are_rendered_whatever_the_file_times_say(root: Path,
                                                                tmp_path: Path) -> None:
    """MkDocs' dirty mode compares file times; a clock set wrong, or a file system that keeps
    whole seconds, can make a changed page look older than its HTML."""
    site = tmp_path / "site"
    build(root, site)
    later = time.time() + 86_400
    for output in site.rglob("*"):
        os.utime(output, (later, later))
    edit(root, SESSION, "Intake.", "Assignment9f2c.")
    assert build(root, site).incremental
    assert "Assignment9f2c" in site_text(site)
    assert tree_digest(site) == full_twin(root, site)


def test_the_public_site_builds_incrementally_too(root: Path, tmp_path: Path) -> None:
    site = tmp_path / "public"
    build(root, site, public=True)
    edit(root, SESSION, "end: 11:15\nhours: 1.5", "end: 12:15\nhours: 2.5")
    again = build(root, site, public=True)
    assert again.incremental and again.rendered > 0
    assert tree_digest(site) == full_twin(root, site, public=True)


def test_a_new_record_adds_its_page_and_a_removed_one_leaves_nothing_behind(root: Path,
                                                                           tmp_path: Path
                                                                           ) -> None:
    site = tmp_path / "site"
    build(root, site)
    client = root / "records" / "clients" / "zeno-quill.yaml"
    client.write_text("name: Zeno Quill-4e1b\nbusiness: Quill Works\n", encoding="utf-8")
    added = build(root, site)
    assert added.incremental and (site / "clients" / "zeno-quill.html").is_file()
    assert tree_digest(site) == full_twin(root, site)
    client.unlink()
    attachment = next((root / "records" / "attachments").rglob("*.pdf"))
    shown = {p.name for p in site.rglob("*")}
    assert attachment.name in shown  # the demo links attachments: the site holds a copy
    attachment.unlink()
    removed = build(root, site)
    assert removed.incremental
    assert not (site / "clients" / "zeno-quill.html").exists()
    assert "Zeno Quill-4e1b" not in (site / SEARCH_INDEX).read_text(encoding="utf-8")
    assert attachment.name not in {p.name for p in site.rglob("*")}
    assert tree_digest(site) == full_twin(root, site)


def test_what_every_page_shows_makes_the_build_full(root: Path, tmp_path: Path) -> None:
    """The navigation, the configuration, a guide's title (the navigation shows it), the
    build date, the kind of site: each is on every page, so each change renders them all."""
    (root / "docs").mkdir()
    (root / "docs" / "guide.md").write_text("# How we log\n\nText.\n", encoding="utf-8")
    site = tmp_path / "site"
    build(root, site)
    changes: list[Callable[[], dict[str, object] | None]] = [
        lambda: edit(root, "mkdocs.yml", "Chapter (demo)", "Chapter"),
        lambda: edit(root, "docs/guide.md", "# How we log", "# How we log sessions"),
        lambda: {"today": date(2026, 3, 21)},
        lambda: {"public": True},
        lambda: {"strict": True},
    ]
    for change in changes:
        built = build(root, site, **(change() or {}))
        assert not built.incremental and built.rendered >= built.pages
    after_strict = build(root, site)  # a --strict build is a full one: a good base
    assert after_strict.incremental and after_strict.rendered == 0


def test_a_site_folder_changed_since_the_last_build_gets_a_full_build(root: Path,
                                                                     tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(root, site)
    (site / SEARCH_INDEX).write_text('{"config": {}, "docs": []}', encoding="utf-8")
    assert not build(root, site).incremental
    for state in (root / STATE_DIR).iterdir():
        state.write_text("{not json", encoding="utf-8")
    assert not build(root, site).incremental
    assert build(root, site).incremental
    page = site / "clients" / "aisha-rahman.html"
    page.unlink()
    again = build(root, site)
    assert again.incremental and again.rendered == 1 and page.is_file()
    assert tree_digest(site) == full_twin(root, site)


def test_a_build_that_failed_leaves_the_next_one_full(root: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(root, site)
    (root / "docs").mkdir()
    fetching = root / "docs" / "tracker.md"
    fetching.write_text('# T\n\n<script src="https://cdn.example.com/t.js"></script>\n',
                        encoding="utf-8")
    with pytest.raises(MentorlogError, match="fetch from the internet"):
        build(root, site)
    fetching.unlink()
    after = build(root, site)
    assert not after.incremental
    assert "cdn.example.com" not in site_text(site)
    assert tree_digest(site) == full_twin(root, site)
