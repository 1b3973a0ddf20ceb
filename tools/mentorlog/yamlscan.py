"""The pure-Python YAML parser, scanning tabs and '?' as libyaml does.

PyYAML's Python scanner refuses tabs that libyaml accepts (`start:<TAB>10:00`, a tab inside
or after a plain value, before a comment) and ends a plain scalar at '?' in flow context
(`questions: [How much?]`). A record must load the same with either parser, so this scanner
follows libyaml 0.2.5 there (tests/test_parser_parity.py compares both on every case file).
In block scalars it also reads as libyaml does: a tab may follow the header's indicators, and a
tab where the indentation is still being read is refused (96NN, Y79Y/01 in yaml-test-suite).
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

    def scan_block_scalar_indicators(self, start_mark: Any) -> tuple[bool | None, int | None]:
        chomping: bool | None = None
        increment: int | None = None
        for _ in range(2):  # `+`/`-` and a digit, in either order
            ch = self.peek()
            if ch in "+-" and chomping is None:
                chomping = ch == "+"
            elif ch in "0123456789" and increment is None:
                if ch == "0":
                    raise ScannerError("while scanning a block scalar", start_mark,
                                       "expected indentation indicator in the range 1-9, "
                                       "but found 0", self.get_mark())
                increment = int(ch)
            else:
                break
            self.forward()
        if self.peek() not in _BLANKZ:  # libyaml: a tab may follow the indicators
            raise ScannerError("while scanning a block scalar", start_mark,
                               "expected chomping or indentation indicators, but found "
                               f"{self.peek()!r}", self.get_mark())
        return chomping, increment

    def scan_block_scalar_ignored_line(self, start_mark: Any) -> None:
        while self.peek() in " \t":  # libyaml: tabs too, before the header's comment
            self.forward()
        if self.peek() == "#":
            while self.peek() not in "\0" + _BREAKS:
                self.forward()
        if self.peek() not in "\0" + _BREAKS:
            raise ScannerError("while scanning a block scalar", start_mark,
                               f"expected a comment or a line break, but found {self.peek()!r}",
                               self.get_mark())
        self._line_break()

    def scan_block_scalar_indentation(self) -> tuple[list[str], int, Any]:
        found: tuple[list[str], int, Any] = super().scan_block_scalar_indentation()
        self._no_tab_in_indentation(0)
        return found

    def scan_block_scalar_breaks(self, indent: int) -> tuple[list[str], Any]:
        chunks: list[str] = []
        end_mark = self.get_mark()
        self._skip_indentation(indent)
        while self.peek() in _BREAKS:
            chunks.append(self._line_break())
            end_mark = self.get_mark()
            self._skip_indentation(indent)
        return chunks, end_mark

    def _skip_indentation(self, indent: int) -> None:
        while self.column < indent and self.peek() == " ":
            self.forward()
        self._no_tab_in_indentation(indent)

    def _no_tab_in_indentation(self, indent: int) -> None:
        # libyaml refuses a tab where a block scalar's indentation is still being read
        if self.peek() == "\t" and (not indent or self.column < indent):
            raise ScannerError("while scanning a block scalar", None,
                               "found a tab character where an indentation space is expected",
                               self.get_mark())

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
