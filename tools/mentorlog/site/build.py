"""Stage 5, render: records -> Markdown pages in the staging folder -> MkDocs builds the site.

MkDocs (Material) builds with .mentorlog/mkdocs.yml, which the generator writes: it INHERITs
the repository's mkdocs.yml and adds only what the generator owns: docs_dir (the staging
folder), nav, not_in_nav and plain .html URLs (the generated pages link to each other from
raw HTML tables, which MkDocs does not rewrite). Being a file, not Python API overrides, any
engine that reads mkdocs.yml (Zensical, `mkdocs build -f .mentorlog/mkdocs.yml`) builds the
same site from the staging folder.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

from ..fileio import content_digest, update_file
from ..problems import MentorlogError
from ..program import Program
from ..progress import Progress
from ..repo import WORK_DIR
from ..scaffold import template
from . import incremental
from .buildprogress import watch_pages
from .generate import GUIDE_DIR, Generated, build_date, generate, source_date_epoch
from .nav import NOT_IN_NAV
from .offline import external_resources
from .rawblocks import RawBlocks
from .staging import Staged, stage

STAGING = Path(WORK_DIR) / "pages"
# read by assets/mentorlog/filesearch.js; not search_index.js, which Material on file:// loads
# expecting its offline plugin's `__index` (and then a search worker, which files cannot start)
SCRIPT_INDEX = "search/mentorlog_index.js"
MARKER = ".mentorlog-site"  # MkDocs keeps dot files when it empties the site folder
FILE_TIME_SLACK = 2.0  # seconds: file systems that keep whole (or even two) seconds


@dataclass(frozen=True)
class Built:
    site: Path
    staged: Staged
    pages: int
    rendered: int  # pages MkDocs rendered: all of them, unless the build was incremental
    incremental: bool


def check_site_dir(program: Program, site_dir: Path) -> Path:
    """Refuse a site dir that overlaps records/, the repository root or .git (exit 2), or
    that holds files but is no site: MkDocs empties its site folder before every build."""
    site = site_dir.resolve()
    clash = _overlap(program, site)
    if clash is not None:
        raise MentorlogError(f"--site-dir {site_dir}: overlaps {clash}; "
                             "nothing was touched, choose another folder")
    if site.is_dir() and any(site.iterdir()) and not any(
            (site / name).exists() for name in (MARKER, "sitemap.xml", "404.html")):
        raise MentorlogError(f"--site-dir {site_dir}: holds files and is not a site; a build "
                             "would delete them. Nothing was touched: choose an empty folder")
    return site


def _overlap(program: Program, folder: Path) -> Path | None:
    """The protected path `folder` overlaps: the root (or a parent), records/, .git, ..."""
    root = program.repo.root.resolve()
    if root.is_relative_to(folder):
        return root
    protected = (root / "records", root / ".git", root / "docs", root / "schema",
                 root / WORK_DIR)
    return next((p for p in protected if folder.is_relative_to(p) or p.is_relative_to(folder)),
                None)


def staging_dir(program: Program) -> Path:
    """.mentorlog/pages, refused (exit 2) when a link makes it point into the records."""
    staging = program.repo.root.resolve() / STAGING
    real = staging.resolve()
    if real != staging and _overlap(program, real) is not None:
        raise MentorlogError(f"{STAGING} points to {real}: the generator would write there; "
                             "remove the link")
    return staging


def build_site(program: Program, site_dir: Path | None = None, public: bool = False,
               strict: bool = False, today: date | None = None,
               progress: Progress | None = None) -> Built:
    site = check_site_dir(program, site_dir or program.repo.root / "site")
    staging = staging_dir(program)
    day = build_date(program, today)
    generated = generate(program, public, day, progress)
    staged = stage(staging, generated.files, generated.copies)
    effective = write_effective_config(program, generated)
    config = watch_pages(mkdocs_config(effective, site, strict), progress)
    epoch = source_date_epoch(day)
    key = site_key(program, config, effective, generated, public, epoch)
    state_file = incremental.state_path(program.repo.root.resolve(), site)
    previous = None if strict else incremental.previous_build(state_file, site, key)
    state_file.unlink(missing_ok=True)  # a build that stops half-way: the next one is full
    started = time.time() - FILE_TIME_SLACK
    recorder = render(config, previous, staged.changed, epoch)
    finish_site(site, since=started if previous is not None else None)
    incremental.save_state(state_file, site, key, recorder)
    return Built(site, staged, generated.pages, len(recorder.rendered), previous is not None)


def render(config: MkDocsConfig, previous: incremental.Previous | None,
           changed: frozenset[str], epoch: str) -> incremental.Recorder:
    """MkDocs over the staging folder: every page, or, after `previous`, the changed ones."""
    site = Path(config.site_dir)
    if previous is not None:
        incremental.invalidate(site, previous, changed)
    recorder = incremental.Recorder()
    config.plugins["mentorlog-recorder"] = recorder
    config.plugins["mentorlog-rawblocks"] = RawBlocks(skip_prefix=f"{GUIDE_DIR}/")
    with pinned_clock(epoch):
        run_mkdocs(config, dirty=previous is not None)
    if previous is not None:
        incremental.complete(site, previous, recorder)
    return recorder


def finish_site(site: Path, since: float | None = None) -> None:
    """The script copy of the search index, the marker, and the offline check (of the files
    written `since`, when given)."""
    write_script_index(site)
    (site / MARKER).write_text("built by mentorlog build; what it no longer builds is removed\n",
                               encoding="utf-8")
    fetched = external_resources(site, since)
    if fetched:
        raise MentorlogError("the site would fetch from the internet (it must work offline):\n  "
                             + "\n  ".join(fetched[:20]))


def site_key(program: Program, config: MkDocsConfig, effective: Path, generated: Generated,
             public: bool, epoch: str) -> str:
    """What every page's HTML depends on besides its own source (incremental.build_key): the
    configuration (the generated navigation in it), the guides (the navigation shows their
    titles), the build date, the kind of site and where it goes."""
    guides = {path: content_digest(content) for path, content in generated.files.items()
              if path.startswith(f"{GUIDE_DIR}/") and path.endswith(".md")}
    parts = {"config": config_file(program).read_text(encoding="utf-8"),
             "effective": effective.read_text(encoding="utf-8"),
             "guides": guides, "public": public, "epoch": epoch, "site": str(config.site_dir)}
    return incremental.build_key(parts, list(config.theme.dirs))


def write_script_index(site: Path) -> None:
    """The search index once more, as a script (`SCRIPT_INDEX`): a site opened as files (a
    downloaded artifact) may load a script but neither fetch the JSON nor start Material's
    search worker, so assets/mentorlog/filesearch.js searches this copy there."""
    index = site / "search" / "search_index.json"
    if index.is_file():  # JSON is JavaScript: the text goes in as it is
        (site / SCRIPT_INDEX).write_text(
            f"window.__mentorlogSearchIndex = {index.read_text(encoding='utf-8')};\n",
            encoding="utf-8")


def config_file(program: Program) -> Path:
    """The repository's mkdocs.yml; without one, the `mentorlog init` template."""
    own = program.repo.root / "mkdocs.yml"
    if own.is_file():
        return own
    fallback = staging_dir(program).parent / "mkdocs-default.yml"
    update_file(fallback, template("mkdocs.yml.tmpl").format(
        name=program.settings.name.replace('"', "'")).encode("utf-8"))
    return fallback


def overrides(program: Program, generated: Generated) -> dict[str, Any]:
    """What the generator owns in the MkDocs configuration."""
    return {"docs_dir": STAGING.name, "use_directory_urls": False, "not_in_nav": NOT_IN_NAV,
            "nav": generated.nav}


def write_effective_config(program: Program, generated: Generated) -> Path:
    """.mentorlog/mkdocs.yml: the repository's configuration plus the generated navigation
    (rewritten only when it changed, like every staging file)."""
    folder = staging_dir(program).parent
    base = os.path.relpath(config_file(program), folder)
    text = ("# Written by `mentorlog build`: the repository's mkdocs.yml (INHERIT) plus the\n"
            "# generated pages' navigation. Edit ../mkdocs.yml, never this file.\n"
            + yaml.dump({"INHERIT": base, **overrides(program, generated)}, Dumper=_Dumper,
                        sort_keys=False, allow_unicode=True, width=100))
    path = folder / "mkdocs.yml"
    update_file(path, text.encode("utf-8"))
    return path


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (not_in_nav's patterns) as readable `|` blocks."""


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


def mkdocs_config(config_path: Path, site: Path, strict: bool) -> MkDocsConfig:
    try:
        return load_config(config_file=str(config_path), site_dir=str(site), strict=strict)
    except (MkDocsException, Abort) as exc:
        raise MentorlogError(f"mkdocs.yml: {exc}") from None


def run_mkdocs(config: MkDocsConfig, dirty: bool = False) -> None:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.getLogger("mkdocs.commands.build").addFilter(incremental.QUIET_DIRTY)
    try:
        build(config, dirty=dirty)
    except (MkDocsException, Abort) as exc:
        raise MentorlogError(f"mkdocs build failed: {exc}") from None


@contextmanager
def pinned_clock(epoch: str) -> Iterator[None]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
