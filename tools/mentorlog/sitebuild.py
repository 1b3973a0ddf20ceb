"""Stage 5, render: records -> Markdown pages in a staging folder -> MkDocs builds the site.

(First cut: a dashboard page with the program's counts. The full site is issue #3.)
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .problems import MentorlogError
from .program import Program, load_program
from .scaffold import template

STAGING = Path(".mentorlog") / "pages"


def check_site_dir(program: Program, site_dir: Path) -> Path:
    """Refuse a site dir that overlaps records/, the repository root or .git (exit 2)."""
    site, root = site_dir.resolve(), program.repo.root
    clashes = [root] if root.is_relative_to(site) else []  # the root itself or a parent of it
    clashes += [g for g in (program.repo.records, root / ".git")
                if site.is_relative_to(g) or g.is_relative_to(site)]
    if clashes:
        raise MentorlogError(f"--site-dir {site_dir}: overlaps {clashes[0]}; "
                             "nothing was touched, choose another folder")
    return site


def build_site(program: Program, site_dir: Path | None = None, public: bool = False) -> Path:
    site = check_site_dir(program, site_dir or program.repo.root / "site")
    staging = program.repo.root / STAGING
    staging.mkdir(parents=True, exist_ok=True)
    loaded = load_program(program, schema_targets=set())
    index = loaded.index
    counts = {kind: len(index.all(kind)) for kind in ("mentor", "client", "request", "session")}
    lines = [f"# {'Public summary' if public else 'Dashboard'}", "",
             "| Records | Count |", "| --- | ---: |"]
    lines += [f"| {kind}s | {count} |" for kind, count in counts.items()]
    (staging / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _run_mkdocs(program, site)
    return site


def _run_mkdocs(program: Program, site: Path) -> None:
    config_file = program.repo.root / "mkdocs.yml"
    if not config_file.exists():
        config_file = program.repo.root / STAGING.parent / "mkdocs.yml"
        config_file.write_text(template("mkdocs.yml.tmpl").format(name=program.settings.name)
                               .replace("docs_dir: .mentorlog/pages", "docs_dir: pages"))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site))
        build(config)
    except MkDocsException as exc:
        raise MentorlogError(f"mkdocs build failed: {exc}") from None
