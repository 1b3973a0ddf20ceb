"""The Markdown job summary for GitHub Actions ($GITHUB_STEP_SUMMARY).

GitHub shows at most 10 annotations of each severity per step; the summary lists every
problem, so nothing is hidden in a large change. Every cell is escaped: a file name is
whatever a mentor called the file, and must not be able to inject Markdown or HTML.
"""

from __future__ import annotations

import string
from pathlib import Path

from .output import shown, summary
from .problems import MentorlogError, Problem

ANNOTATION_LIMIT = 10
_PUNCTUATION = frozenset(string.punctuation)


def escape(value: str) -> str:
    """Backslash before every ASCII punctuation character (CommonMark: always literal)."""
    flat = " ".join(value.split())
    return "".join(f"\\{c}" if c in _PUNCTUATION else c for c in flat)


def markdown(problems: list[Problem], checked: int, title: str) -> str:
    lines = [f"## {escape(title)}", "", escape(summary(problems, checked)), ""]
    if not problems:
        return "\n".join(lines) + "\n"
    if len(problems) > ANNOTATION_LIMIT:
        lines += [f"GitHub annotates at most {ANNOTATION_LIMIT} problems of each kind per step; "
                  f"all {len(problems)} are listed here.", ""]
    lines += ["| | File | Line | Code | Problem |", "| --- | --- | --- | --- | --- |"]
    for p in problems:
        mark = ":x:" if p.severity == "error" else ":warning:"
        where = f"{p.line}:{p.column}" if p.line else "whole file"
        lines.append(f"| {mark} | {escape(shown(p.path))} | {where} | {escape(p.code)} | "
                     f"{escape(shown(p.message))} |")
    return "\n".join(lines) + "\n"


def append(path: Path, text: str) -> None:
    """Append to the summary file (other steps' summaries may already be in it)."""
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise MentorlogError(f"GITHUB_STEP_SUMMARY {path}: cannot write: {exc.strerror}") from None
