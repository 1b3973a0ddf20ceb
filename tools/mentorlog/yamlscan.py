"""The pure-Python YAML parser, scanning tabs and '?' as libyaml does.

PyYAML's Python scanner refuses tabs that libyaml accepts (`start:<TAB>10:00`, a tab inside
or after a plain value, before a comment) and ends a plain scalar at '?' in flow context
(`questions: [How much?]`). A record must load the same with either parser, so this scanner
follows libyaml 0.2.5 there (tests/test_parser_parity.py compares both on every case file).
"""

from __future__ import annotations

from typing import Any

from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner, ScannerError
from yaml.tokens import ScalarToken

_BREAKS = "\r\n\x85\u2028\u2029"
_BLANKZ = "\0 \t" + _BREAKS


class LibyamlCompatibleScanner(Reader, Scanner):
    """Scanner overrides; the method bodies follow PyYAML's, changed only where noted."""

    def scan_to_next_token(self) -> None:
        found = False
        while not found:
            # libyaml: tabs separate tokens in flow context and where no simple key may start
            while self.peek() == " " or (self.peek() == "\t" and (
                    self.flow_level or not self.allow_simple_key)):
                self.forward()
            if self.peek() == "#":
                while self.peek() not in "\0" + _BREAKS:
                    self.forward()
            if self._line_break():
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                found = True

    def scan_plain(self) -> ScalarToken:
        chunks: list[str] = []
        start_mark = end_mark = self.get_mark()
        indent = self.indent + 1
        spaces: list[str] = []
        while self.peek() != "#":
            length = 0
            while not self._ends_plain(length, start_mark):
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces)
            chunks.append(self.prefix(length))
            self.forward(length)
            end_mark = self.get_mark()
            spaces = self._plain_spaces(indent, start_mark)
            if not spaces or self.peek() == "#" or (
                    not self.flow_level and self.column < indent):
                break
        return ScalarToken("".join(chunks), True, start_mark, end_mark)

    def _ends_plain(self, length: int, start_mark: Any) -> bool:
        ch = self.peek(length)
        if ch == ":":  # (peek past the end of the stream only after a ':', as PyYAML does)
            follows = self.peek(length + 1)
            if self.flow_level and follows in ",?[]{}":  # libyaml refuses `{key:}`
                raise ScannerError("while scanning a plain scalar", start_mark,
                                   "found unexpected ':'", self.get_mark())
            return follows in _BLANKZ
        # libyaml: '?' does not end a plain scalar in flow context (PyYAML's does)
        return ch in _BLANKZ or (bool(self.flow_level) and ch in ",[]{}")

    def _plain_spaces(self, indent: int, start_mark: Any) -> list[str]:
        length = 0
        while self.peek(length) in " \t":  # libyaml: tabs are blanks inside plain scalars
            length += 1
        whitespaces = self.prefix(length)
        self.forward(length)
        if self.peek() not in _BREAKS:
            return [whitespaces] if whitespaces else []
        line_break = self._line_break()
        self.allow_simple_key = True
        if self._document_marker():
            return []
        breaks: list[str] = []
        while self.peek() in " \t" + _BREAKS:
            if self.peek() == "\t" and self.column < indent:
                raise ScannerError("while scanning a plain scalar", start_mark,
                                   "found a tab character that violates indentation",
                                   self.get_mark())
            if self.peek() in " \t":
                self.forward()
                continue
            breaks.append(self._line_break())
            if self._document_marker():
                return []
        if line_break != "\n":
            return [line_break, *breaks]
        return breaks if breaks else [" "]

    def _line_break(self) -> str:
        found: str = self.scan_line_break()  # type: ignore[no-untyped-call]
        return found

    def _document_marker(self) -> bool:
        return self.prefix(3) in ("---", "...") and self.peek(3) in _BLANKZ


class PureParser(LibyamlCompatibleScanner, Parser):
    """An event parser in pure Python (no composer, no constructor: events only)."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
