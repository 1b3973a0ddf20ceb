"""site/generate.py: a big program's people pages are made in a forked child meanwhile; the
pages are the same, in the same order, as when one process makes them all."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from helpers import REPO_ROOT, YOUTH, copy_demo
from mentorlog.background import can_fork
from mentorlog.program import Program
from mentorlog.repo import Repo
from mentorlog.site.generate import family_pages
from mentorlog.site.pages import Ctx
from mentorlog.view import load_data


def test_pages_made_with_a_child_process_equal_those_made_in_one(tmp_path: Path) -> None:
    for source in (REPO_ROOT, YOUTH):
        program = Program.open(Repo(copy_demo(source, tmp_path / source.name)))
        ctx = Ctx(load_data(program, date(2026, 3, 20)), public=False)
        alone = family_pages(ctx, program.schemas, child_from=10**9)
        shared = family_pages(ctx, program.schemas, child_from=0)
        assert list(shared.items()) == list(alone.items())
        assert any(path.startswith("clients/") for path in shared)


def test_work_is_not_forked_while_another_thread_runs() -> None:
    """`serve` regenerates from a watcher thread: a child forked then could inherit a lock
    that thread holds. Alone (as every test worker here runs), forking is allowed."""
    assert can_fork()
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait)
    watcher.start()
    try:
        assert not can_fork()
    finally:
        stop.set()
        watcher.join()
    assert can_fork()
