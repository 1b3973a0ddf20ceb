"""Progress on long work: whether to show it, and the callback that shows it.

The library only reports: a function that does long work takes an optional `progress`
callable, `progress(step, done, total)`, and calls it as it goes (`counted` wraps a loop);
None, the default, costs nothing. The command line decides whether anyone is watching
(`reporter`): progress goes to stderr, and only when stderr is a terminal, the output is text
for people (not `--format json` or `github`), neither a CI system nor pre-commit runs the
command (both keep the output for later, where bars are noise) and `--no-progress` was not
given. Then each step is a tqdm bar, shown only once the command has
run for `delay` seconds (`DELAY_ENV`, default `DEFAULT_DELAY`), so a quick run prints nothing,
and the command's elapsed time is printed when it ends. stdout is never touched: what a
command prints there is the same with and without progress.

tqdm is imported only when a bar is shown: the pre-commit hook and CI never load it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

if TYPE_CHECKING:
    from tqdm import tqdm

# (step, done, total): `done` of `total` items of `step` are finished
Progress = Callable[[str, int, int], None]
T = TypeVar("T")

# the steps the library reports, as the bars name them
CACHE_STEP = "records looked up"  # in the record cache (cache.RecordCache.resolve)
READ_STEP = "files read"  # parsed and checked afresh: the cache had no entry for their bytes
CONVERT_STEP = "pages converted"  # Markdown -> HTML (MkDocs)
RENDER_STEP = "pages rendered"  # through the theme's templates, written (MkDocs)

DELAY_ENV = "MENTORLOG_PROGRESS_DELAY"
DEFAULT_DELAY = 1.0  # seconds: a run shorter than this shows no progress at all
# set by CI systems (GitHub Actions, GitLab, Travis, CircleCI, Buildkite, Azure Pipelines,
# Jenkins), whose logs are files where bars become thousands of lines, and by pre-commit for
# its hooks, whose output it collects (on a pty, for colour) and shows only when a hook fails
CAPTURING_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "TF_BUILD",
                       "JENKINS_URL", "PRE_COMMIT")


def counted(items: Iterable[T], step: str, total: int,
            progress: Progress | None) -> Iterator[T]:
    """`items` as they are, each one taken reported to `progress` as done in `step`."""
    if progress is None or total == 0:
        return iter(items)
    return _counting(items, step, total, progress)


# reports a step: plenty for any display, and a bar's update costs ~4 us (0.25 s a step
# at 50,000 sessions if every file were reported)
REPORTS = 1000


def _counting(items: Iterable[T], step: str, total: int, progress: Progress) -> Iterator[T]:
    every = max(1, total // REPORTS)
    progress(step, 0, total)
    for done, item in enumerate(items, 1):
        if done % every == 0 or done == total:  # before the yield: the last item is often not
            progress(step, done, total)  # followed by another `next`, the only way back here
        yield item


def captured(env: Mapping[str, str]) -> bool:
    """Whether a CI system or pre-commit runs the command (`CI=false` or `0` says not)."""
    return any(env.get(name, "").strip().lower() not in ("", "0", "false")
               for name in CAPTURING_VARIABLES)


def wanted(asked: bool, output_format: str = "text", stream: TextIO | None = None,
           env: Mapping[str, str] | None = None) -> bool:
    """Whether to show progress: asked for (no `--no-progress`), text output, a terminal
    that can redraw a line, and neither CI nor pre-commit."""
    stream = sys.stderr if stream is None else stream
    env = os.environ if env is None else env
    return (asked and output_format == "text" and stream.isatty()
            and env.get("TERM") != "dumb" and not captured(env))


def delay(env: Mapping[str, str] | None = None) -> float:
    """Seconds a command runs before its progress appears (`DELAY_ENV`; a value that is no
    number, or negative, reads as the default)."""
    text = (os.environ if env is None else env).get(DELAY_ENV, "")
    try:
        seconds = float(text)
    except ValueError:
        return DEFAULT_DELAY
    return seconds if 0 <= seconds < float("inf") else DEFAULT_DELAY


class Bars:
    """The callback the command line hands out: one bar a step on `stream`, the previous
    step's bar finished when the next begins."""

    def __init__(self, stream: TextIO, wait: float) -> None:
        self.stream = stream
        self.wait = wait
        self.start = time.monotonic()
        self.bars: dict[str, tqdm[Any]] = {}

    def __call__(self, step: str, done: int, total: int) -> None:
        bar = self.bars.get(step)
        if bar is None or done < bar.n:  # a new step, or the same step once more
            bar = self.bars[step] = self._open(step, total)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    def _open(self, step: str, total: int) -> tqdm[Any]:
        from tqdm import tqdm  # only when someone watches: CI and pre-commit never load it

        self.close()  # a new step: the last one is over
        tqdm.monitor_interval = 0  # no monitor thread: the record cache forks workers
        # the delay counts from the command's start, not the step's: two steps of 0.9 s each
        # are a run of 1.8 s, which the user sees
        wait = max(0.0, self.start + self.wait - time.monotonic())
        return tqdm(total=total, desc=step, file=self.stream, delay=wait, leave=True,
                    dynamic_ncols=True, mininterval=0.2,
                    bar_format="{desc}: {n_fmt}/{total_fmt} |{bar}| {percentage:3.0f}% "
                    "[{elapsed}<{remaining}]")

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()  # a second close does nothing

    def finish(self, command: str) -> None:
        """Close every bar; the elapsed time when the run was long enough to show progress."""
        self.close()
        elapsed = time.monotonic() - self.start
        if elapsed >= self.wait:
            print(f"mentorlog {command}: done in {elapsed:.1f} s", file=self.stream, flush=True)


@contextmanager
def reporter(command: str, show: bool, stream: TextIO | None = None) -> Iterator[Progress | None]:
    """The `progress` to hand to the library for one command: None unless `show` (see
    `wanted`); bars on stderr otherwise, all finished when the block ends, before the command
    prints its result, so bars and output never share a line."""
    if not show:
        yield None
        return
    bars = Bars(sys.stderr if stream is None else stream, delay())
    try:
        yield bars
    except BaseException:
        bars.close()  # the error's message starts on a line of its own
        raise
    bars.finish(command)
