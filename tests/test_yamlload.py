"""The strict YAML loader (DESIGN section 3), run with both parsers, and their parity."""

from __future__ import annotations

import math
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers import git_env, make_program, run_main
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


# --- YAML 1.2 conformance attacks (issue 7, part 2; DESIGN section 3) -----------------------

def only_codes(text: str | bytes, parser: str) -> list[tuple[int, int, str]]:
    """The problems' positions and codes; the loader gives no data when there are any."""
    doc, problems = load(text, parser)
    assert doc is None and problems
    return [(p.line, p.column, p.code) for p in problems]


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085"])
def test_a_pasted_line_separator_cannot_inject_a_key(char: str, parser: str) -> None:
    assert only_codes(f"text: x{char}y: z\n", parser) == [(1, 8, "control-character")]


@pytest.mark.parametrize("escape", ["\\x07", "\\e", "\\0", "\\u0085", "\\u2028", "\\r", "\\x7f",
                                    "\\N", "\\L", "\\P", "\\b"])
def test_a_control_character_written_as_an_escape_is_refused(escape: str, parser: str) -> None:
    problems = only_codes(f'request: r-1\ntext: "bell {escape} rang"\n', parser)
    assert problems == [(2, 7, "control-character")]  # the scalar's mark


def test_tab_and_newline_escapes_are_fine(parser: str) -> None:
    doc, problems = load('text: "a\\tb\\nc"\n', parser)
    assert problems == [] and doc is not None and doc.data == {"text": "a\tb\nc"}


@pytest.mark.parametrize(("text", "at"), [('text: "Homework"#1 priority\n', (1, 17)),
                                         ("text: 'Homework'#1 priority\n", (1, 17)),
                                         ("topics: [a, b]#1 priority\n", (1, 15)),
                                         ("topics: {a: b}#c\n", (1, 15))])
def test_a_comment_glued_to_quoted_text_is_refused_not_cut(text: str, at: tuple[int, int],
                                                           parser: str) -> None:
    assert only_codes(text, parser) == [(*at, "yaml-syntax")]  # suite SU5Z


@pytest.mark.parametrize("text", ["topics: [?other]\n", "topics: {?other: x}\n",
                                  "topics: [a, ?[b]]\n"])
def test_a_question_mark_before_a_flow_value_is_refused_not_read_as_a_key(
        text: str, parser: str) -> None:
    # YAML 1.2 reads `[?other]` as ["?other"], libyaml as [{other: null}] (suite 652Z)
    assert [code for _, _, code in only_codes(text, parser)] == ["yaml-syntax"]


def test_a_question_mark_inside_flow_text_is_fine(parser: str) -> None:
    doc, problems = load("topics: [How much?, '?x', ? y]\n", parser)
    assert problems == [] and doc is not None
    assert doc.data == {"topics": ["How much?", "?x", {"y": None}]}


@pytest.mark.parametrize(("text", "at"), [("flow: [a,\nb,\nc]\n", (2, 1)),  # suite 9C9N
                                         ("a:\n  flow: [a,\n  b]\n", (3, 3)),
                                         ("a:\n  - {a: b,\n  c: d}\n", (3, 3)),
                                         ("flow: [a,\n]\n", (2, 1))])
def test_unindented_flow_continuation_lines_are_refused(text: str, at: tuple[int, int],
                                                        parser: str) -> None:
    assert only_codes(text, parser) == [(*at, "yaml-syntax")]


def test_indented_flow_continuation_lines_are_fine(parser: str) -> None:
    doc, problems = load("flow: [a,\n b, # why\n# a comment line\n c\n ]\n"
                         "a:\n  - {a: b,\n   c: d}\n", parser)
    assert problems == [] and doc is not None
    assert doc.data == {"flow": ["a", "b", "c"], "a": [{"a": "b", "c": "d"}]}


@pytest.mark.parametrize(("text", "at"), [('quoted: "a\nb\nc"\n', (2, 1)),  # suite QB6E
                                         ('foo: "bar\n\tbaz"\n', (2, 1)),  # suite DK95/01
                                         ("a:\n  b: 'x\n  y'\n", (3, 3))])
def test_multiline_quoted_text_with_bad_indentation_is_refused(
        text: str, at: tuple[int, int], parser: str) -> None:
    assert only_codes(text, parser) == [(*at, "yaml-syntax")]


def test_multiline_quoted_text_indented_is_folded(parser: str) -> None:
    doc, problems = load('foo: "bar\n  \tbaz"\nb:\n  c: "x\n\n   y"\n', parser)
    assert problems == [] and doc is not None
    assert doc.data == {"foo": "bar baz", "b": {"c": "x\ny"}}


def test_over_indented_blank_lines_before_folded_text_are_refused(parser: str) -> None:
    # suite S98Z: libyaml takes the widest blank line as the indentation and drops the rest
    assert only_codes("empty block scalar: >\n \n  \n   \n # comment\n", parser) == [
        (5, 2, "yaml-syntax")]
    doc, problems = load("a: >\n   \nb: 1\n", parser)  # the next key ends an empty scalar
    assert problems == [] and doc is not None and doc.data == {"a": "", "b": 1}


@pytest.mark.parametrize(("text", "at"), [("block: ># comment\n  scalar\n", (1, 9)),
                                         ("b: >#\n", (1, 5)), ("c: |-#\n  x\n", (1, 6))])
def test_a_comment_glued_to_a_block_scalar_header_is_refused(
        text: str, at: tuple[int, int], parser: str) -> None:
    assert only_codes(text, parser) == [(*at, "yaml-syntax")]  # suite X4QW


def test_keep_chomping_at_the_end_of_the_file_keeps_its_line_break(parser: str) -> None:
    for text, expected in (("foo: |\n  x\n   ", "x\n \n"),  # suite L24T/01
                           ("foo: |+\n  x\n", "x\n"), ("foo: |+\n  x\n\n", "x\n\n")):
        doc, problems = load(text, parser)
        assert problems == [] and doc is not None and doc.data == {"foo": expected}


def test_a_byte_order_mark_inside_the_text_cannot_pass_the_duplicate_key_check(
        parser: str) -> None:
    assert only_codes("a: 1\n\ufeffa: 2\n", parser) == [(2, 1, "control-character")]
    doc, problems = load(b"\xef\xbb\xbfa: 1\n", parser)  # at the start it is fine
    assert problems == [] and doc is not None and doc.data == {"a": 1}


@pytest.mark.parametrize(("text", "expected"), [("a: |\t# c\n  x\n", {"a": "x\n"}),
                                                ("a: >\t\n  x\n", {"a": "x\n"}),
                                                ("a: | \t# c\n  x\n", {"a": "x\n"}),
                                                ("a: |2\n  \tx\n", {"a": "\tx\n"})])
def test_the_paths_agree_on_tabs_after_a_block_scalar_header(
        text: str, expected: dict[str, str], parser: str) -> None:
    doc, problems = load(text, parser)
    assert problems == [] and doc is not None and doc.data == expected


@pytest.mark.parametrize("text", ["foo: |-\n \tbar\n", "foo: |\n \t\nbar: 1\n", "a:\n\tb: c\n",
                                  "a:\n  b: 1\n\t\n", "foo:\n \tbar\n"])
def test_tabs_as_indentation_are_refused_by_both_paths(text: str, parser: str) -> None:
    assert [code for _, _, code in only_codes(text, parser)] == ["yaml-syntax"]


@pytest.mark.parametrize("number", ["9" * 400, str(2**53), str(-(2**53)), "0x20000000000000",
                                    "1" * 5000])
def test_a_400_digit_integer_is_out_of_range_not_a_crash(number: str, parser: str) -> None:
    assert only_codes(f"request: r-1\nhours: {number}\n", parser) == [
        (2, 8, "number-out-of-range")]


def test_integers_up_to_2_to_the_53_are_fine(parser: str) -> None:
    doc, problems = load(f"a: {2**53 - 1}\nb: -{2**53 - 1}\nc: '{2**60}'\n", parser)
    assert problems == [] and doc is not None
    assert doc.data == {"a": 2**53 - 1, "b": -(2**53 - 1), "c": str(2**60)}


CRLF_TEXT = ("request: r-1 # c\ntext: |\n  one\n\n  two\nfolded: >-\n  a\n  b\n"
             "quoted: \"x\n  y\"\nlist: [a,\n  b]\nnotes:\n  - by: kim\n    at: 10:30\n")


def test_crlf_reads_as_lf_with_the_same_data_and_positions(parser: str) -> None:
    lf, lf_problems = load(CRLF_TEXT, parser)
    crlf, crlf_problems = load(CRLF_TEXT.replace("\n", "\r\n"), parser)
    assert lf_problems == crlf_problems == [] and lf is not None and crlf is not None
    assert crlf.data == lf.data and "\r" not in repr(crlf.data)
    assert (crlf.values, crlf.keys, crlf.commented) == (lf.values, lf.keys, lf.commented)


def test_a_lone_cr_is_refused_with_the_line_ending_hint(parser: str) -> None:
    doc, problems = load("a: b\r\nc: d\re: f\r\n", parser)
    assert doc is None and [(p.line, p.column, p.code) for p in problems] == [
        (2, 5, "control-character")]
    assert "Windows line ending" in problems[0].message


def test_a_400_digit_integer_in_hours_is_a_problem_through_validate(tmp_path: Path) -> None:
    root = make_program(tmp_path / "program", "business")
    rel = "records/sessions/2026/03/2026-03-10-r-2026-001.yaml"
    session = root / rel
    text = session.read_text(encoding="utf-8")
    assert "hours: 1.5\n" in text
    session.write_text(text.replace("hours: 1.5\n", "hours: " + "9" * 400 + "\n"),
                       encoding="utf-8")
    result = run_main(["--repo", str(root), "validate", "--format", "json"])
    assert result.code == 1 and "Traceback" not in result.err, result
    assert ('"code": "number-out-of-range"' in result.out
            or '"code":"number-out-of-range"' in result.out), result


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=git_env(cwd.parent / "home"), check=True,
                   capture_output=True)


def test_a_clone_with_autocrlf_validates_and_reads_the_same_data(tmp_path: Path) -> None:
    # issue 7 part 4: Git for Windows (core.autocrlf=true) checks every file out with CRLF
    source = make_program(tmp_path / "source", "business")
    (tmp_path / "home").mkdir()
    git(source, "-c", "init.defaultBranch=main", "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "program")
    git(tmp_path, "clone", "-q", "-c", "core.autocrlf=true", str(source), "clone")
    clone = tmp_path / "clone"
    files = sorted(p.relative_to(clone) for p in clone.rglob("*.yaml") if ".git" not in p.parts)
    assert (clone / "mentorlog.yaml").read_bytes().count(b"\r\n") > 3
    assert run_main(["--repo", str(clone), "validate"]).code == 0
    block_scalars = 0
    for rel in files:
        lf, _ = load_file(source / rel, rel.as_posix())
        crlf, problems = load_file(clone / rel, rel.as_posix())
        assert problems == [] and lf is not None and crlf is not None
        assert (crlf.data, crlf.values, crlf.keys) == (lf.data, lf.values, lf.keys), rel
        assert "\\r" not in repr(crlf.data)
        block_scalars += b": |" in (clone / rel).read_bytes()
    assert block_scalars > 0  # the data includes block scalars
