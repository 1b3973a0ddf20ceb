"""Stage 1, load: the strict YAML reader (the dialect is in docs/records.md).

Records are read from parser *events*, never composed or constructed by PyYAML, so:
- no alias is ever expanded and no tag ever constructs anything (both are problems);
- nesting is tracked on an explicit stack and capped at MAX_DEPTH, so a 30,000-deep
  `[[[...]]]` neither recurses in Python nor reaches a recursive composer in libyaml;
- plain scalars resolve by YAML 1.2's core schema (`2026-03-10`, `10:30`, `no` stay strings).

libyaml's event parser (CParser) is used when present; the pure-Python parser gives identical
results (tests run both). Every hazard becomes a Problem with a line and a column.
"""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .problems import NOTHING, Problem, error, quote
from .yamlscan import PureParser

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_SAFE_INTEGER = 2**53 - 1  # JSON's exact integers

Path_ = tuple[str | int, ...]

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT_TEXT_LIMIT = 4000
# the core schema's numbers in one pattern, tried in the schema's order (int before float):
# one match instead of six for the dates and times most records hold (2,000,000 scalars at
# 50,000 sessions); the group that matched names the kind
_NUMBER = re.compile(r"^(?:(?P<int10>[-+]?[0-9]+)|0o(?P<int8>[0-7]+)|0x(?P<int16>[0-9a-fA-F]+)"
                     r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
                     r"|(?P<inf>[-+]?\.(?:inf|Inf|INF))|(?P<nan>\.(?:nan|NaN|NAN)))$")
# the first characters a null, bool, int or float of the core schema can start with
_MAY_BE_SPECIAL = frozenset("~nNtTfF0123456789+-.")
# C0 (but tab, LF), DEL, C1 (U+0085 too), U+2028/U+2029 (YAML 1.1 line breaks), and a
# byte-order mark past the start (libyaml and PyYAML read it differently)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_HINTS = {"\r": " (a Windows line ending: save with LF line endings)",
          "\ufeff": " (a byte-order mark is allowed only at the start of the file)"}
# a block scalar's header: indicator, then chomping and indentation indicators
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*")

_PARSERS: dict[str, type[Any]] = {"python": PureParser}  # libyaml's rules, in Python
if getattr(yaml, "__with_libyaml__", False):
    _PARSERS["libyaml"] = yaml.CBaseLoader
DEFAULT_PARSER = "libyaml" if "libyaml" in _PARSERS else "python"


class Position(NamedTuple):
    line: int
    column: int


@dataclass
class Document:
    """A loaded record: plain data plus where each value (and each mapping key) stands."""

    data: dict[str, Any]
    # (line, column) tuples: a NamedTuple per node costs measurably at 10k records
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # plain string scalars with a ` #` comment after them on the same line
    commented: list[Path_] = field(default_factory=list)
    # .nan / .inf values: JSON Schema has no such numbers (the schema stage reports them)
    non_finite: list[Path_] = field(default_factory=list)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Where `path` stands; falls back to the nearest ancestor that exists."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) or self.values.get(path[:end])
            if found:
                return Position(*found)
        return Position(1, 1)


class PlacedOnDemand(Document):
    """A Document loaded without its positions: they are found by parsing it again (`placed`)
    when first asked for, i.e. when a problem is to be reported in it. Most records have none,
    and for them keeping every value's place costs more than parsing the few others twice."""

    def __init__(self, data: dict[str, Any], commented: list[Path_],
                 non_finite: list[Path_]) -> None:
        self.data, self.commented, self.non_finite = data, commented, non_finite

    def __getattr__(self, name: str) -> Any:
        if name not in ("values", "keys"):
            raise AttributeError(name)
        doc = self.placed()
        self.values, self.keys = (doc.values, doc.keys) if doc is not None else ({}, {})
        return self.__dict__[name]

    def placed(self) -> Document | None:
        """The same record loaded again, with its positions."""
        raise NotImplementedError


class _TextPlacedOnDemand(PlacedOnDemand):
    """What load_bytes returns without positions: it keeps the text to parse again."""

    def __init__(self, doc: Document, text: str, rel_path: str, parser: str) -> None:
        super().__init__(doc.data, doc.commented, doc.non_finite)
        self._source = (text, rel_path, parser)

    def placed(self) -> Document | None:
        return _build(*self._source, positions=True)[0]


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar under the YAML 1.2 core schema."""
    first = text[:1]
    if first and first not in _MAY_BE_SPECIAL:
        return text  # most scalars: words, names, ids
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    number = _NUMBER.match(text)
    kind = number.lastgroup if number else None
    if kind == "int10":
        # past ~4300 digits int() refuses (a guard against quadratic parsing): such a number
        # reads as a float, i.e. infinite, and is reported like any non-finite number
        return int(text) if len(text) <= _INT_TEXT_LIMIT else float(text)
    if kind == "int8" or kind == "int16":
        return int(text[2:], 8 if kind == "int8" else 16)
    if kind == "float":
        return float(text)
    if kind == "inf":
        return float("-inf") if text.startswith("-") else float("inf")
    if kind == "nan":
        return float("nan")
    return text


def load_file(fs_path: Path, rel_path: str, parser: str = DEFAULT_PARSER) -> tuple[
    Document | None, list[Problem]
]:
    """Read and load one record file; never raises for anything in the file."""
    raw, problems = read_record(fs_path, rel_path)
    if raw is None:
        return None, problems
    return load_bytes(raw, rel_path, parser)


def read_record(fs_path: str | Path, rel_path: str, known: os.stat_result | None = None) -> tuple[
    bytes | None, list[Problem]
]:
    """A record file's bytes, or why they cannot be read (the cache hashes these bytes).
    `known`: the file's stat when the caller has just taken it (the record cache), so that a
    file read afresh is stat-ed once."""
    try:
        st = known or os.stat(fs_path)
        if not stat.S_ISREG(st.st_mode):  # a FIFO would block the read forever
            return None, [error(rel_path, 0, 0, "file-unreadable",
                                "cannot read: not a regular file")]
        size = st.st_size
        if size > MAX_BYTES:
            return None, [error(rel_path, 0, 0, "file-too-large",
                                f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")]
        return _read_all(fs_path, size), []
    except OSError as exc:
        return None, [error(rel_path, 0, 0, "file-unreadable", f"cannot read: {exc.strerror}")]


# binary on Windows; never blocks if a FIFO took the file's place after its stat
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) \
    | getattr(os, "O_CLOEXEC", 0)


def _read_all(fs_path: str | Path, size: int) -> bytes:
    """Every byte of a file `size` bytes long when stat-ed, in one read if it still is. A
    third of Path.read_bytes' time (no file object, no second stat): 60,000 files a run."""
    fd = os.open(fs_path, _READ_FLAGS)
    try:
        raw = os.read(fd, size + 1)  # one more: a file that grew since is seen to
        if len(raw) != size:  # grew, shrank, or a short read (a network file system)
            chunks = [raw]
            while chunk := os.read(fd, 1 << 16):
                chunks.append(chunk)
            raw = b"".join(chunks)
        return raw
    finally:
        os.close(fd)


def load_bytes(raw: bytes, rel_path: str, parser: str = DEFAULT_PARSER, *,
               positions: bool = True) -> tuple[Document | None, list[Problem]]:
    """The record in `raw`, or the problems that keep it from loading. `positions=False`: where
    each value stands is worked out only when asked for (PlacedOnDemand), about 5% of the
    load (a cache miss, whose document is only encoded and judged)."""
    if len(raw) > MAX_BYTES:
        return None, [error(rel_path, 0, 0, "file-too-large",
                            f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")]
    text, problem = _decode(raw, rel_path)
    if problem:
        return None, [problem]
    if "\r" in text:
        # CRLF reads as LF (Git for Windows checks files out so); lines and columns of every
        # other character stay where they were; a lone CR is still refused below
        text = text.replace("\r\n", "\n")
    if text and not text.endswith("\n"):
        # a last line without its line break: both parsers drop a block scalar's last line
        # break then (L24T/01); a break at the end changes nothing else
        text += "\n"
    problem = _find_control_character(text, rel_path)
    if problem:
        return None, [problem]
    doc, problems = _build(text, rel_path, parser, positions)
    if positions:
        return doc, problems
    if problems:  # their messages may name a line (a duplicate key's first): build them placed
        return _build(text, rel_path, parser, positions=True)
    return (None if doc is None else _TextPlacedOnDemand(doc, text, rel_path, parser)), problems


def _build(text: str, rel_path: str, parser: str, positions: bool) -> tuple[
    Document | None, list[Problem]
]:
    builder = _Builder(text, rel_path, parser, positions)
    loaded = builder.build()
    if builder.hit_parser_depth_limit:
        # libyaml >= 0.2.6 stops at its own depth limit (1000) while scanning ahead, before our
        # limit is reached event by event: read again with the Python parser, which reports
        # `yaml-too-deep` at level MAX_DEPTH + 1 whichever libyaml is bundled
        return _Builder(text, rel_path, "python", positions).build()
    return loaded


def _decode(raw: bytes, rel_path: str) -> tuple[str, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        line, column = _line_col(good, len(good))
        return "", error(rel_path, line, column, "encoding",
                         f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8")


def _find_control_character(text: str, rel_path: str) -> Problem | None:
    found = _CONTROL.search(text)
    if not found:
        return None
    line, column = _line_col(text, found.start())
    return _control_problem(rel_path, line, column, found.group())


def control_character(text: str) -> str | None:
    """The first character of `text` a record may not hold, raw or escaped."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def _control_problem(rel_path: str, line: int, column: int, char: str) -> Problem:
    return error(rel_path, line, column, "control-character",
                 f"control character U+{ord(char):04X} is not allowed{_HINTS.get(char, '')}")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _Stop(Exception):
    """Internal: the event stream cannot be read further (never leaves this module)."""


_DISCARDED = "\x00"  # a key no record can hold (control characters are refused)


@dataclass(slots=True)
class _Frame:
    container: Any  # dict[str, Any] | list[Any]
    path: Path_
    key: str | None = None  # mapping frames: the key awaiting its value
    key_seen: bool = False
    flow: bool = False
    # block: the column it stands at; flow: the fewest spaces its continuation lines need
    indent: int = 0
    start: int = 0  # where it starts in the text


class _Builder:
    """Builds plain data from parser events on an explicit stack.

    This loop runs for every node of every record, so it dispatches on the event's exact
    type and keeps per-node work to a dictionary store or two.
    """

    def __init__(self, text: str, rel_path: str, parser: str, positions: bool = True) -> None:
        self.text = text
        self.positions = positions  # kept in doc.values and doc.keys
        self.rel_path = rel_path
        self.loader_class = _PARSERS[parser]
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.root_mark: Any = None
        self.documents = 0
        self.hit_parser_depth_limit = False
        self.doc = Document(data={})
        self._lines: list[str] | None = None
        self.has_hash = "#" in text  # no '#' in the file: no comment can follow a value
        self._handlers = {
            yaml.ScalarEvent: self._scalar,
            yaml.MappingStartEvent: self._start_collection,
            yaml.SequenceStartEvent: self._start_collection,
            yaml.MappingEndEvent: self._end_collection,
            yaml.SequenceEndEvent: self._end_collection,
            yaml.AliasEvent: self._alias,
            yaml.DocumentStartEvent: self._document,
        }

    def build(self) -> tuple[Document | None, list[Problem]]:
        handlers = self._handlers
        try:
            for event in self._events():
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(event)
        except _Stop:
            return None, self.problems
        if not isinstance(self.root, dict):
            mark = self.root_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            self.problems.append(error(self.rel_path, line, col, "yaml-not-mapping",
                                       "the top level must be a mapping of `key: value` lines"))
            return None, self.problems
        self.doc.data = self.root
        return (None if self.problems else self.doc), self.problems

    def _events(self) -> Iterator[Any]:
        loader = self.loader_class(self.text)
        try:
            while loader.check_event():
                yield loader.get_event()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            self.hit_parser_depth_limit = "nesting depth" in str(exc.problem)
            # the parser's own words name tokens, not the file's text
            self._fail(line, col, "yaml-syntax", f"invalid YAML: {exc.problem or exc.context}")
        except yaml.YAMLError as exc:
            self._fail(1, 1, "yaml-syntax", f"invalid YAML: {type(exc).__name__}")
        finally:
            loader.dispose()

    def _fail(self, line: int, col: int, code: str, message: str) -> None:
        self.problems.append(error(self.rel_path, line, col, code, message))
        raise _Stop

    def _report(self, mark: Any, code: str, message: str) -> None:
        self.problems.append(error(self.rel_path, mark.line + 1, mark.column + 1, code, message))

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            self._report(event.start_mark, "yaml-multiple-documents",
                         "only one YAML document per file (remove the second `---`)")
            raise _Stop

    def _alias(self, event: Any) -> None:
        self._report(event.start_mark, "yaml-alias",
                     "aliases (*name) are not allowed: write the value out")
        self._add(None, event, plain_text=None)

    def _check_node(self, event: Any) -> None:
        if event.anchor is not None:
            self._report(event.start_mark, "yaml-alias",
                         "anchors (&name) are not allowed: write each value out")
        if event.tag is not None:
            self._report(event.start_mark, "yaml-tag",
                         "explicit tags (!, !!) are not allowed: remove the tag")

    def _scalar(self, event: Any) -> None:
        if event.anchor is not None or event.tag is not None:
            self._check_node(event)
        style = event.style  # None (pure Python) or "" (libyaml) for a plain scalar
        if self.stack and self.stack[-1].flow and (style or event.value):
            self._no_question_mark_before(event)
        if style:
            self._check_styled(event, style)
        value = resolve_plain(event.value) if not style and event.tag is None else event.value
        path = self._add(value, event, plain_text=None if style else event.value)
        if type(value) is int:
            if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
                self._out_of_range(event)
        elif type(value) is float and not math.isfinite(value):
            if _INT10.match(event.value):  # an integer too long for int(): see resolve_plain
                self._out_of_range(event)
            else:
                self.doc.non_finite.append(path)

    def _out_of_range(self, event: Any) -> None:
        # JSON (and the schema stage) cannot hold such an integer exactly
        self._report(event.start_mark, "number-out-of-range",
                     "an integer must lie within ±(2^53 - 1) = ±9007199254740991")

    def _start_collection(self, event: Any) -> None:
        if event.anchor is not None or event.tag is not None:
            self._check_node(event)
        if len(self.stack) >= MAX_DEPTH:
            m = event.start_mark
            self._fail(m.line + 1, m.column + 1, "yaml-too-deep",
                       f"nesting deeper than {MAX_DEPTH} levels")
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.flow:
            self._no_question_mark_before(event)
        container: Any = {} if type(event) is yaml.MappingStartEvent else []
        path = self._add(container, event, plain_text=None)
        frame = _Frame(container, path, flow=bool(event.flow_style), start=event.start_mark.index)
        if not frame.flow:
            frame.indent = event.start_mark.column
        elif parent is not None:
            # YAML 1.2: flow content inside a block node at column n is indented past n
            frame.indent = parent.indent if parent.flow else parent.indent + 1
        self.stack.append(frame)

    def _end_collection(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.flow:
            end = event.end_mark.index
            self._no_comment_at(end)
            outermost = not (self.stack and self.stack[-1].flow)
            if outermost and self.text.find("\n", frame.start, end) >= 0:
                self._check_continuation(frame.start, end, frame.indent, comments=True)

    # --- YAML 1.2 rules libyaml does not enforce (checked on the text around event marks) ---

    def _syntax(self, index: int, message: str) -> None:
        line, col = _line_col(self.text, index)
        self._fail(line, col, "yaml-syntax", f"invalid YAML: {message}")

    def _no_comment_at(self, index: int) -> None:
        # `"x"#c`, `[a]#c`: libyaml drops the rest of the line as a comment, YAML 1.2 refuses
        if self.text.startswith("#", index):
            self._syntax(index, "a comment needs a space before `#`")

    def _no_question_mark_before(self, event: Any) -> None:
        # YAML 1.2 reads `[?x]` as the text "?x"; libyaml as a key `x`: refused, not guessed
        index = event.start_mark.index
        if index and self.text[index - 1] == "?":
            self._syntax(index - 1, "`?` directly before a value in a flow collection "
                         "(quote the text, or write `? ` with a space for a key)")

    def _check_styled(self, event: Any, style: str) -> None:
        if style in "'\"":
            end = event.end_mark
            self._no_comment_at(end.index)
            if end.line > event.start_mark.line and not (self.stack and self.stack[-1].flow):
                need = self.stack[-1].indent + 1 if self.stack else 0
                self._check_continuation(event.start_mark.index, end.index, need, comments=False)
            char = control_character(event.value) if style == '"' else None
            if char:  # written as an escape: the raw text was checked before parsing
                m = event.start_mark
                self.problems.append(_control_problem(self.rel_path, m.line + 1, m.column + 1,
                                                      char))
        else:
            self._check_block_header(event)

    def _check_continuation(self, start: int, end: int, need: int, *, comments: bool) -> None:
        """Every further line of a multi-line flow collection or quoted scalar in block
        context is indented by at least `need` spaces (libyaml accepts column 0)."""
        if need <= 0:
            return
        offset = self.text.index("\n", start) + 1
        while offset < end:
            stop = self.text.find("\n", offset, end)
            line = self.text[offset:stop if stop >= 0 else end]
            content = line.lstrip(" ")
            if len(line) - len(content) < need and content.strip(" \t") \
                    and not (comments and content.startswith("#")):
                self._syntax(offset + len(line) - len(content),
                             f"a continuation line must be indented by {need} spaces or more")
            offset = stop + 1 if stop >= 0 else end

    def _check_block_header(self, event: Any) -> None:
        header = _BLOCK_HEADER.match(self.text, event.start_mark.index)
        if header is None:
            return
        self._no_comment_at(header.end())
        if not any(c.isdigit() for c in header.group()):
            self._check_leading_blank_lines(header.end())

    def _check_leading_blank_lines(self, offset: int) -> None:
        """YAML 1.2: blank lines before a block scalar's first line may not hold more spaces
        than that line's indentation (libyaml takes the widest one as the indentation)."""
        text, widest = self.text, 0
        offset = text.find("\n", offset) + 1
        while 0 < offset < len(text):
            stop = text.find("\n", offset)
            line = text[offset:stop if stop >= 0 else len(text)]
            content = line.lstrip(" ")
            spaces = len(line) - len(content)
            if content:
                parent = self.stack[-1].indent if self.stack else -1
                if parent < spaces < widest:
                    self._syntax(offset + spaces, "a blank line before a block scalar's "
                                 "first line holds more spaces than that line")
                return
            widest = max(widest, spaces)
            offset = stop + 1 if stop >= 0 else len(text)

    def _add(self, value: Any, event: Any, plain_text: str | None) -> Path_:
        """Attach a node to its parent; returns its path."""
        mark = event.start_mark
        if not self.stack:
            self.root, self.root_mark = value, mark
            if self.positions:
                self.doc.values[()] = (mark.line + 1, mark.column + 1)
            return ()
        frame = self.stack[-1]
        container = frame.container
        if type(container) is list:
            path = (*frame.path, len(container))
            container.append(value)
        elif not frame.key_seen:
            self._key(frame, value, event, plain_text)
            return frame.path
        else:
            # a value whose key was refused is built but kept nowhere
            key = frame.key
            if key is None:
                key = _DISCARDED
            else:
                container[key] = value
            path = (*frame.path, key)
            frame.key, frame.key_seen = None, False
        if self.positions:
            self.doc.values[path] = (mark.line + 1, mark.column + 1)
        if plain_text is not None and self.has_hash and type(value) is str \
                and self._comment_follows(event):
            self.doc.commented.append(path)
        return path

    def _key(self, frame: _Frame, value: Any, event: Any, plain_text: str | None) -> None:
        frame.key_seen = True
        mark = event.start_mark
        if type(value) is not str:
            if isinstance(value, dict | list):
                self._fail(mark.line + 1, mark.column + 1, "yaml-key-type",
                           "a key must be a plain string, not a list or mapping")
            # the key itself is never repeated (problems.may_quote): only what it reads as
            kinds = {bool: "true or false", int: "a number", float: "a number"}
            kind = "empty" if value is None else kinds.get(type(value), "no text")
            self._report(mark, "yaml-key-type", f"this key reads as {kind}: quote it")
        elif value == "<<" and plain_text is not None:
            self._report(mark, "yaml-merge-key", "merge keys (<<) are not allowed")
        elif value in frame.container:
            # the loader knows no schema, so no key is known to be a field name: none is
            # quoted (it may be words a mentor wrote); the first one's line finds both
            first = self.doc.keys.get((*frame.path, value))
            where = f" on line {first[0]}" if first else ""
            self._report(mark, "yaml-duplicate-key", f"duplicate key {quote(value, NOTHING)}: "
                         f"the same key as{where} in this mapping")
        else:
            frame.key = value
            if self.positions:
                self.doc.keys[(*frame.path, value)] = (mark.line + 1, mark.column + 1)

    def _comment_follows(self, event: Any) -> bool:
        end = event.end_mark
        if self._lines is None:
            self._lines = self.text.split("\n")
        if end.line >= len(self._lines):
            return False
        rest = self._lines[end.line][end.column:]
        return "#" in rest and rest.lstrip(" \t").startswith("#")
