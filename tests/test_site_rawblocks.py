"""site/rawblocks.py takes the generated pages' raw HTML past Markdown. It must change nothing:
`mentorlog build` (with the plugin) and a plain `mkdocs build` of the same staging folder
(without it, as any other engine would build it) leave the same files, byte for byte."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from helpers import VENV_BIN, YOUTH, copy_demo, tree_digest
from mentorlog.program import Program
from mentorlog.repo import Repo
from mentorlog.site import build_site
from mentorlog.site.build import MARKER, SCRIPT_INDEX
from mentorlog.site.generate import source_date_epoch
from sitehelpers import hostile_demo

DAY = date(2026, 3, 20)
# shaped like the plugin's placeholders: record text must stay text
FORGED = "ml0123456789abcdefx3"
GUIDE = ('# Guide\n\n<div class="note" markdown="1">\n**kept as Markdown**\n</div>\n\n'
         f'<table><tr><td>{FORGED}</td></tr></table>\n\nText *here*.\n')


def business(tmp_path: Path) -> Path:
    root = hostile_demo(tmp_path / "repo")
    session = next((root / "records" / "sessions").rglob("*.yaml"))
    session.write_text(session.read_text(encoding="utf-8")
                       + f"notes:\n  - by: x\n    at: 2026-01-01T10:00\n    text: {FORGED}\n",
                       encoding="utf-8")
    (root / "records" / "clients" / "forged.yaml").write_text(f"name: {FORGED}\n",
                                                              encoding="utf-8")
    return root


def youth(tmp_path: Path) -> Path:
    return copy_demo(YOUTH, tmp_path / "repo")


@pytest.mark.parametrize("program", [business, youth])
def test_the_plugin_changes_no_byte_of_the_site(program, tmp_path: Path) -> None:
    root = program(tmp_path)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "guide.md").write_text(GUIDE, encoding="utf-8")
    built = build_site(Program.open(Repo(root)), tmp_path / "with", today=DAY)
    assert built.rendered > 20
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(DAY)}
    subprocess.run([VENV_BIN / "mkdocs", "build", "--quiet", "--config-file",
                    root / ".mentorlog" / "mkdocs.yml", "--site-dir", tmp_path / "without"],
                   env=env, check=True)
    with_plugin = tree_digest(tmp_path / "with")
    for extra in (MARKER, SCRIPT_INDEX):  # written by mentorlog after MkDocs
        del with_plugin[extra]
    assert with_plugin == tree_digest(tmp_path / "without")
    assert FORGED in (tmp_path / "with" / "guide" / "guide.html").read_text(encoding="utf-8")
