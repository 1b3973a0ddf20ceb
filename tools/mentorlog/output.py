"""Reporters: one result, three outputs (text for people and editors, JSON, GitHub)."""

from __future__ import annotations

import json
from collections.abc import Callable

from .problems import Problem

OUTPUT_FORMATS = ("text", "json", "github")


def shown(text: str) -> str:
    """A path (or a message naming one) as writable text: a file name that is not UTF-8
    reaches us with surrogate escapes (os.walk, git -z), which no UTF-8 stream can write;
    its bytes are shown as \\xNN. (JSON and GitHub output escape the rest themselves.)"""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def one_line(text: str) -> str:
    """`shown`, with newlines and other control characters escaped: in text output one
    problem stays one line, whatever a file is called."""
    printable = shown(text)
    if printable.isprintable():
        return printable
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in printable)


def as_text(problems: list[Problem], checked: int) -> str:
    """`path:line:col: severity[code]: message` lines (editors jump to them), then a count."""
    lines = [f"{one_line(p.path)}:{p.line}:{p.column}: {p.severity}[{p.code}]: "
             f"{one_line(p.message)}"
             for p in problems]
    lines.append(summary(problems, checked))
    return "\n".join(lines) + "\n"


def summary(problems: list[Problem], checked: int) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    files = f"{checked} file{'s' if checked != 1 else ''} checked"
    if not problems:
        return f"{files}: all valid"
    counts = [f"{errors} error{'s' if errors != 1 else ''}"]
    if warnings:
        counts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{files}: {', '.join(counts)}"


def as_json(problems: list[Problem], checked: int) -> str:
    payload = {
        "problems": [
            {"path": shown(p.path), "line": p.line, "column": p.column, "severity": p.severity,
             "code": p.code, "message": shown(p.message)}
            for p in problems
        ],
        "checked": checked,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: list[Problem], checked: int) -> str:
    """GitHub workflow commands: one annotation per problem, then the count as a notice."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(shown(p.path))}"]
        if p.line:
            props += [f"line={p.line}", f"col={p.column}"]
        props.append(f"title={_escape_property(f'mentorlog {p.code}')}")
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(shown(p.message))}")
    lines.append(f"::notice title=mentorlog::{_escape_data(summary(problems, checked))}")
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[list[Problem], int], str]] = {
    "text": as_text, "json": as_json, "github": as_github,
}
