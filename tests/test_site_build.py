"""The site does not depend on mentorlog's Python API: the configuration `mentorlog build`
writes (.mentorlog/mkdocs.yml) builds the same site with the plain `mkdocs` command, as any
engine reading mkdocs.yml (Zensical) would."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from mentorlog.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_plain_mkdocs_builds_the_same_site_from_the_written_config(tmp_path: Path) -> None:
    repo = tmp_path / "program"
    for name in ("records", "docs"):
        shutil.copytree(ROOT / name, repo / name)
    for name in ("mentorlog.yaml", "mkdocs.yml"):
        shutil.copy(ROOT / name, repo / name)
    assert main(["--repo", str(repo), "build", "--today", "2026-11-23"]) == 0
    config = repo / ".mentorlog" / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text())
    assert settings["INHERIT"] == "../mkdocs.yml" and settings["docs_dir"] == "pages"
    assert {"Clients": "clients.md"} in settings["nav"]
    plain = tmp_path / "plain"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                    "-d", str(plain)], check=True, cwd=tmp_path,
                   env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1795392000"})
    built = repo / "site"
    pages = sorted(p.relative_to(built) for p in built.rglob("*.html"))
    assert pages == sorted(p.relative_to(plain) for p in plain.rglob("*.html"))
    client = next(p for p in pages if p.parts[0] == "clients")
    for page in (Path("index.html"), Path("clients.html"), client):
        assert (built / page).read_bytes() == (plain / page).read_bytes(), page
