"""libyaml and the pure-Python parser give identical data, positions and problems."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import CASES, REPO_ROOT
from mentorlog.problems import Problem
from mentorlog.yamlload import MAX_BYTES, load_bytes

REL = "records/mentors/x.yaml"


def hazards() -> dict[str, bytes]:
    """Inputs that are not case files: every hazard, and shapes the parsers reach differently."""
    texts = {
        "bom": b"\xef\xbb\xbfname: x\n", "crlf": b"name: x\r\n", "nul": b"name: x\x00\n",
        "c1": b"name: x\xc2\x85y\n", "bad-utf8": b"name: \xff\n", "lone-cr": b"a: b\rc: d\n",
        "too-large": b"#" * (MAX_BYTES + 1),
        "deep-flow": b"a: " + b"[" * 30_000 + b"]" * 30_000 + b"\n",
        "deep-flow-unclosed": b"[" * 30_000,
        "deep-mapping": b"a: " + b"{a: " * 30_000 + b"1" + b"}" * 30_000,
        "deep-block": b"a:\n" + b"- " * 30_000 + b"x\n",
        "tab-indent": b"a:\n\tb: c\n", "unclosed-quote": b'a: "x\n', "unclosed-flow": b"a: [1,\n",
        "bad-indent": b"a: 1\n  b: 2\n", "document-end": b"a: 1\n...\n",
        "two-docs": b"a: 1\n---\nb: 2\n",
        "directive": b"%YAML 1.2\n---\na: 1\n", "flow-top": b"{a: 1, b: [2, 3]}\n",
        "empty": b"", "comment-only": b"# x\n", "scalar-top": b"just text\n", "list-top": b"- a\n",
        "complex-key": b"? [a, b]\n: c\n", "null-key": b"~: x\n", "alias-key": b"a: &k x\n*k : y\n",
        "escaped-control": b'a: "\\x01\\r"\n', "multiline-plain": b"a: one\n  two # c\n",
        "keep-chomp": b"a: |+\n  x\n\n", "anchor-scalar": b"a: &x 1\n", "tags": b"a: !!str 1\n",
        "duplicate": b"a: 1\na: 2\n", "merge": b"<<: {a: 1}\n", "bad-escape": b'a: "\\q"\n',
        "colon-in-flow": b"a: {b: c: d}\n", "stray-bracket": b"a: ]\n", "reserved": b"a: @x\n",
        "tab-before-comment": b"a: ok\t# c\n", "question-in-flow": b"a: [How much?]\n",
        "question-mid-flow": b"a: {q: why? not}\n",
        # YAML 1.2 rules libyaml does not enforce (issue 7): both paths refuse alike
        "line-separator": "text: x\u2028y: z\n".encode(), "mid-bom": "a: 1\n\ufeffa: 2\n".encode(),
        "escaped-bell": b'a: "bell \\x07"\n', "glued-comment": b'a: "x"#c\n',
        "question-flow-key": b"a: [?other]\n", "unindented-flow": b"a: [b,\nc]\n",
        "unindented-quoted": b'a: "b\nc"\n', "block-header-comment": b"a: >#\n",
        "over-indented-blank": b"a: >\n   \n b\n", "tab-block-header": b"a: |\t# c\n  x\n",
        "tab-in-block-indent": b"a: |-\n \tb\n", "big-int": b"a: 9007199254740992\n",
        "no-final-break": b"a: |\n  x\n   ",
    }
    return texts


def case_files() -> dict[str, bytes]:
    return {p.relative_to(CASES).as_posix(): p.read_bytes()
            for p in sorted(CASES.rglob("*")) if p.is_file() and p.suffix in (".yaml", ".yml")}


def comparable(problems: list[Problem], other: list[Problem]) -> tuple[list[Any], list[Any]]:
    """yaml-syntax messages are each parser's own words: when they differ, compare code and
    line only."""
    def key(p: Problem, q: Problem | None) -> Any:
        if p.code == "yaml-syntax" and (q is None or q.message != p.message):
            return (p.path, p.code, p.line)
        return p
    return ([key(p, q) for p, q in zip(problems, other, strict=False)] + problems[len(other):],
            [key(q, p) for q, p in zip(other, problems, strict=False)] + other[len(problems):])


def snapshot(raw: bytes, parser: str) -> tuple[Any, ...]:
    doc, problems = load_bytes(raw, REL, parser)
    if doc is None:
        return (None, problems)
    return (repr(doc.data), doc.values, doc.keys, doc.commented, problems)


def assert_same(raw: bytes) -> None:
    fast, pure = snapshot(raw, "libyaml"), snapshot(raw, "python")
    assert fast[:-1] == pure[:-1]
    left, right = comparable(fast[-1], pure[-1])
    assert left == right


@pytest.mark.parametrize("name", sorted(hazards()))
def test_parsers_agree_on_hazards(name: str) -> None:
    assert_same(hazards()[name])


def test_parsers_agree_on_every_case_file() -> None:
    files = case_files()
    assert len(files) > 100
    for name, raw in files.items():
        try:
            assert_same(raw)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from None


def test_parsers_agree_on_the_shipped_yaml() -> None:
    root = REPO_ROOT
    shipped = [root / "mentorlog.yaml", *sorted((root / "records").rglob("*.yaml")),
               *sorted((root / "examples").rglob("*.yaml"))]
    for file in shipped:
        assert_same(file.read_bytes())
