"""The strict YAML loader (DESIGN section 3), run with both parsers, and their parity."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from mentorlog.problems import Problem
from mentorlog.yamlload import _PARSERS, DEFAULT_PARSER, MAX_BYTES, Document, load_bytes, load_file

PARSERS = ["libyaml", "python"]
REL = "records/mentors/x.yaml"


def test_both_parsers_are_available() -> None:
    # libyaml is the default where present; the parity proof is void without both
    assert set(PARSERS) <= set(_PARSERS)
    assert DEFAULT_PARSER == "libyaml"


@pytest.fixture(params=PARSERS)
def parser(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


def load(text: str | bytes, parser: str) -> tuple[Document | None, list[Problem]]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return load_bytes(raw, REL, parser)


def codes(text: str | bytes, parser: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.code) for p in load(text, parser)[1]]


def value_of(scalar: str, parser: str) -> Any:
    doc, problems = load(f"v: {scalar}\n", parser)
    assert problems == [] and doc is not None
    return doc.data["v"]


# --- scalars: YAML 1.2 core schema ---------------------------------------------------------

SCALARS: list[tuple[str, Any]] = [
    ("no", "no"), ("No", "No"), ("yes", "yes"), ("on", "on"), ("off", "off"), ("y", "y"),
    ("n", "n"), ("true", True), ("True", True), ("TRUE", True), ("false", False),
    ("FALSE", False), ("fAlse", "fAlse"), ("null", None), ("Null", None), ("NULL", None),
    ("~", None), ("", None), ("nULL", "nULL"), ("~x", "~x"),
    ("2026-03-10", "2026-03-10"), ("2026-03-10T15:45", "2026-03-10T15:45"),
    ("10:30", "10:30"), ("1:30:00", "1:30:00"), ("190:20:30", "190:20:30"),
    (".5", 0.5), ("1.", 1.0), ("1.5", 1.5), ("-0.25", -0.25), ("1e3", 1000.0),
    ("+12", 12), ("-3", -3), ("017", 17), ("0o17", 15), ("0o8", "0o8"), ("0x1F", 31),
    ("0b101", "0b101"), ("1_000", "1_000"), ("1,000", "1,000"), (".inf", math.inf),
    ("-.Inf", -math.inf), ("'true'", "true"), ('"5"', "5"), ("'no'", "no"),
    ("English", "English"), ("=", "="), ("<<", "<<"),
]


@pytest.mark.parametrize(("scalar", "expected"), SCALARS, ids=[s or "empty" for s, _ in SCALARS])
def test_scalars_resolve_as_yaml_1_2_core(scalar: str, expected: Any, parser: str) -> None:
    value = value_of(scalar, parser)
    assert value == expected and type(value) is type(expected)


def test_nan(parser: str) -> None:
    assert math.isnan(value_of(".nan", parser))


def test_keys_that_look_like_other_types_but_are_strings(parser: str) -> None:
    doc, problems = load("no: 1\n2026-03-10: 2\n'1': 3\n10:30: 4\n", parser)
    assert problems == [] and doc is not None
    assert doc.data == {"no": 1, "2026-03-10": 2, "1": 3, "10:30": 4}


def test_block_scalars_keep_their_text(parser: str) -> None:
    doc, _ = load("a: |\n  one # two\n  three\nb: >\n  four\n  five\n", parser)
    assert doc is not None and doc.data == {"a": "one # two\nthree\n", "b": "four five\n"}


# --- positions -----------------------------------------------------------------------------

def test_positions_of_values_and_keys(parser: str) -> None:
    text = "request: r-1\nnotes:\n  - by: kim\n    text: hello\n"
    doc, _ = load(text, parser)
    assert doc is not None
    assert doc.position(("request",)) == doc.position(("request",), key=False)
    assert (doc.position(("request",)).line, doc.position(("request",)).column) == (1, 10)
    assert (doc.position(("notes", 0, "text"), key=True).line,
            doc.position(("notes", 0, "text"), key=True).column) == (4, 5)
    assert (doc.position(("notes", 0, "text")).line,
            doc.position(("notes", 0, "text")).column) == (4, 11)
    # a missing path falls back to the nearest ancestor: here the note's mapping
    missing = doc.position(("notes", 0, "at"))
    assert (missing.line, missing.column) == (3, 5)


# --- hazards -------------------------------------------------------------------------------

def test_aliases_are_never_expanded(parser: str) -> None:
    # "billion laughs": expanded, this would be 10**9 strings
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    doc, problems = load("\n".join(lines) + "\n", parser)
    assert doc is None
    assert {p.code for p in problems} == {"yaml-alias"}
    assert len(problems) == 10 + 9 * 10  # nine more anchors, ninety aliases


def test_no_tag_constructs_anything(parser: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (f'a: !!python/object/apply:os.system ["touch {marker}"]\n'
            f"b: !!python/object/new:os.system [touch {marker}]\n"
            f"c: !!python/name:os.system\n"
            "d: !!binary aGVsbG8=\n"
            "e: ! 5\n"
            "f: !local x\n")
    doc, problems = load(text, parser)
    assert doc is None and not marker.exists()
    assert [(p.line, p.code) for p in problems] == [(n, "yaml-tag") for n in range(1, 7)]


def test_tag_directive_and_tagged_root(parser: str) -> None:
    text = "%TAG !e! tag:example.org,2026:\n--- !e!record\nname: !e!text x\n"
    assert codes(text, parser) == [(2, 5, "yaml-tag"), (3, 7, "yaml-tag")]


def test_merge_keys_and_explicit_keys(parser: str) -> None:
    assert codes("base: {a: 1}\n<<: {b: 2}\n", parser) == [(2, 1, "yaml-merge-key")]
    doc, problems = load("'<<': quoted is a plain key\n? explicit\n: fine\n", parser)
    assert problems == [] and doc is not None
    assert doc.data == {"<<": "quoted is a plain key", "explicit": "fine"}


def test_alias_as_key(parser: str) -> None:
    found = codes("a: &k name\n*k : x\n", parser)
    assert found[:2] == [(1, 4, "yaml-alias"), (2, 1, "yaml-alias")]


@pytest.mark.parametrize("depth", [30_000])
def test_deep_flow_nesting_neither_crashes_nor_recurses(depth: int, parser: str) -> None:
    for text in ("[" * depth + "]" * depth, "a: " + "[" * depth + "]" * depth,
                 "a: " + "{a: " * depth + "1" + "}" * depth, "a: " + "[" * depth):
        doc, problems = load(text + "\n", parser)
        assert doc is None
        assert [p.code for p in problems] == ["yaml-too-deep"]


def test_deep_block_nesting_neither_crashes_nor_recurses(parser: str) -> None:
    for text in ("a:\n" + "- " * 30_000 + "x\n",
                 "".join(" " * i + f"k{i}:\n" for i in range(1_000)) + " " * 1_000 + "v: 1\n"):
        doc, problems = load(text, parser)
        assert doc is None
        assert [p.code for p in problems] == ["yaml-too-deep"]


def test_exactly_32_levels_is_fine(parser: str) -> None:
    doc, problems = load("a: " + "[" * 31 + "]" * 31 + "\n", parser)
    assert problems == [] and doc is not None
    assert codes("a: " + "[" * 32 + "]" * 32 + "\n", parser) == [(1, 35, "yaml-too-deep")]


def test_size_limit_is_checked_before_reading(tmp_path: Path, parser: str) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(64 * MAX_BYTES)  # sparse
    doc, problems = load_file(big, REL, parser)
    assert doc is None and [(p.line, p.column, p.code) for p in problems] == [
        (0, 0, "file-too-large")]


def test_a_missing_file_is_a_problem(tmp_path: Path, parser: str) -> None:
    doc, problems = load_file(tmp_path / "nope.yaml", REL, parser)
    assert doc is None and [p.code for p in problems] == ["file-unreadable"]


def test_comment_after_plain_text_is_remembered(parser: str) -> None:
    doc, _ = load("a: plain # c\nb: 'q' # c\nc: |\n  x # y\nd: [p, q] # c\ne: 1 # c\n", parser)
    assert doc is not None and doc.commented == [("a",)]
