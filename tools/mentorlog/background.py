"""Work in a forked child while this process goes on (`meanwhile`), and when forking is safe
(`can_fork`): the record cache's pool, the site generator's people pages, the verdict's walk
of records/ on a cold run."""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

T = TypeVar("T")

# from this many records, the tail of a full run (its rules, the record cache's write) goes on
# both cores: a fork and the pages its child touches cost about 40 ms at 50,000 sessions, the
# rules about 20 us a record and the cache's write 5
FORK_FROM = 5000


def can_fork() -> bool:
    """Whether work may go to forked processes: the platform forks, and no other thread runs
    (`mentorlog serve` regenerates from a watcher thread beside MkDocs' server: a child forked
    then could inherit a lock another thread held, and wait for it forever)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def meanwhile(work: Callable[[], T]) -> Callable[[], T]:
    """Start `work` in a forked child (it starts with all the parent holds: only the result
    is pickled); the function returned waits for the result. If the child fails in any way,
    the work is done again here, where an error is raised and reported as usual."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_send, args=(work, sender), daemon=True)
    child.start()
    sender.close()

    def result() -> T:
        try:
            outcome: tuple[bool, T | None] = receiver.recv()
        except EOFError:  # the child died (killed, out of memory)
            outcome = (False, None)
        finally:
            receiver.close()
            child.join()
        done, value = outcome
        return value if done else work()  # type: ignore[return-value]

    return result


def _send(work: Callable[[], object], sender: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        outcome: tuple[bool, object] = (True, work())
    except Exception:  # not swallowed: the parent does the work again, and reports it
        outcome = (False, None)
    sender.send(outcome)
    sender.close()
