"""Writing records as the readable YAML a mentor would write by hand.

Only the shapes records have: a mapping of scalars, lists of scalars (flow style) and lists
of mappings (block style). Every text is emitted plain only when it reads back as the same
text; multi-line text becomes a `|` block when that is exact, else a double-quoted string.
`dump_record` proves the round trip with the strict loader before anything is written.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .problems import MentorlogError
from .yamlload import control_character, load_bytes, resolve_plain

_PLAIN = re.compile(r"^[A-Za-z0-9(][\w .:/()@+'-]*(?<![ :])$")  # no ',': flow lists
_INDENT = "  "


def scalar(value: Any) -> str:
    """One scalar as YAML text that reads back as exactly `value`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and resolve_plain(text) == text and ": " not in text \
            and " #" not in text:
        return text
    # JSON strings are YAML double-quoted scalars (control characters are refused before)
    return json.dumps(text, ensure_ascii=False)


def _block_text(text: str, indent: str) -> str | None:
    """`|` block for multi-line text, when the block reads back exactly."""
    lines = text.split("\n")
    body, chomp = (lines[:-1], "") if text.endswith("\n") else (lines, "-")
    if text.endswith("\n\n") or not any(body) or body[0][:1] in (" ", "\t") \
            or any(line != line.rstrip() for line in body):
        return None
    return f"|{chomp}\n" + "\n".join(f"{indent}{line}" if line else "" for line in body)


def _value(value: Any, indent: str) -> str:
    if isinstance(value, str) and "\n" in value:
        return _block_text(value, indent + _INDENT) or scalar(value)
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return scalar(value)


def _mapping(data: dict[str, Any], indent: str) -> list[str]:
    lines = []
    for key, value in data.items():
        if isinstance(value, list) and any(isinstance(v, dict) for v in value):
            lines.append(f"{indent}{key}:")
            for item in value:
                item_lines = _mapping(item, indent + _INDENT * 2)
                lines.append(f"{indent}{_INDENT}- {item_lines[0].lstrip()}")
                lines += item_lines[1:]
        elif isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines += _mapping(value, indent + _INDENT)
        else:
            lines.append(f"{indent}{key}: {_value(value, indent)}")
    return lines


def dump_record(data: dict[str, Any], header: str = "") -> str:
    """The YAML text of a record; MentorlogError if it would not read back identically."""
    _no_control_characters(data)
    text = header + "\n".join(_mapping(data, "")) + "\n"
    doc, problems = load_bytes(text.encode("utf-8"), "(new record)")
    if doc is None or problems or doc.data != data:
        raise MentorlogError("internal error: the new record would not read back as written")
    return text


def _no_control_characters(value: Any) -> None:
    """A record holds no control character, not even escaped (the loader refuses one too): a
    value given with one is refused, not written."""
    if isinstance(value, dict):
        for key, item in value.items():
            _no_control_characters(key)
            _no_control_characters(item)
    elif isinstance(value, list):
        for item in value:
            _no_control_characters(item)
    elif isinstance(value, str) and (char := control_character(value)):
        raise MentorlogError(f"a value holds the control character U+{ord(char):04X}, which "
                             "a record cannot hold: remove it")
