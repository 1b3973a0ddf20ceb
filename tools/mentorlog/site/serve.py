"""`mentorlog serve`: MkDocs' live-reloading server over the staging folder, plus a watcher
that regenerates the staging folder when a record, the settings or docs/ change. Only pages
whose text changed are rewritten, so MkDocs rebuilds (and the browser reloads) only then."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

from mkdocs.commands.serve import serve
from mkdocs.exceptions import Abort, MkDocsException

from ..problems import MentorlogError
from ..program import Program
from .build import staging_dir, write_effective_config
from .generate import Generated, build_date, generate
from .staging import stage

POLL_SECONDS = 1.0
Fingerprint = frozenset[tuple[str, int, int]]


def show_progress() -> None:
    """MkDocs says where it serves and when it rebuilds through logging: show its INFO lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def regenerate(program: Program, public: bool) -> Generated:
    generated = generate(program, public, build_date(program))
    stage(staging_dir(program), generated.files, generated.copies)
    return generated


def fingerprint(program: Program) -> Fingerprint:
    """(path, mtime, size) of every input of the pages: records, settings, docs/."""
    root = program.repo.root
    found: set[tuple[str, int, int]] = set()
    for top in (root / "records", root / "docs"):
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                found.add(_stat(Path(dirpath) / name))
    if program.repo.settings_file.exists():
        found.add(_stat(program.repo.settings_file))
    return frozenset(found)


def _stat(path: Path) -> tuple[str, int, int]:
    try:
        info = path.stat()
    except FileNotFoundError:  # removed while we looked: the next round sees it
        return str(path), 0, -1
    return str(path), info.st_mtime_ns, info.st_size


def watch(program: Program, public: bool, stop: threading.Event) -> None:
    seen = fingerprint(program)
    while not stop.wait(POLL_SECONDS):
        current = fingerprint(program)
        if current == seen:
            continue
        seen = current
        try:
            # settings may have changed: open the program again
            regenerate(Program.open(program.repo), public)
        except (MentorlogError, OSError) as exc:
            print(f"mentorlog serve: pages not updated: {exc}", file=sys.stderr)


def serve_site(program: Program, dev_addr: str, public: bool) -> None:
    show_progress()
    generated = regenerate(program, public)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(program, public, stop), daemon=True)
    watcher.start()
    try:
        # dirty: after the first build MkDocs rebuilds only pages newer than their HTML, which
        # are exactly the staging files regenerate() rewrote (Material keeps the search index)
        serve(config_file=str(write_effective_config(program, generated)), livereload=True,
              build_type="dirty", dev_addr=dev_addr)
    except (MkDocsException, Abort) as exc:
        raise MentorlogError(f"mkdocs serve failed: {exc}") from None
    finally:
        stop.set()
