"""load_bytes without positions (a cache miss: the record cache's workers load so): the same
data, marks and problems as a load with positions, and the same positions once asked for."""

from __future__ import annotations

import pytest

from helpers import CASES, REPO_ROOT
from mentorlog.yamlload import PlacedOnDemand, load_bytes
from test_yaml_suite import corpus

REL = "records/sessions/2026/03/x.yaml"
PARSERS = ["libyaml", "python"]


def texts() -> dict[str, bytes]:
    """Every case of the official yaml-test-suite, and every record file of the test cases and
    the demo programs."""
    found = {f"suite-{key}": case["yaml"].encode("utf-8") for key, case in corpus().items()}
    for top in (CASES, REPO_ROOT / "records", REPO_ROOT / "examples"):
        for file in sorted(top.rglob("*.yaml")):
            found[str(file.relative_to(REPO_ROOT))] = file.read_bytes()
    return found


TEXTS = texts()


def test_the_corpus_is_large_and_varied() -> None:
    loads = [load_bytes(raw, REL) for raw in TEXTS.values()]
    assert len(TEXTS) > 900
    assert sum(doc is None for doc, _ in loads) > 100  # refused files: problems with places
    assert sum(bool(doc and doc.commented) for doc, _ in loads) > 5


@pytest.mark.parametrize("parser", PARSERS)
def test_the_same_load_without_positions(parser: str) -> None:
    for name, raw in TEXTS.items():
        placed, problems = load_bytes(raw, REL, parser)
        later, later_problems = load_bytes(raw, REL, parser, positions=False)
        assert later_problems == problems, name
        if placed is None:
            assert later is None, name
            continue
        assert isinstance(later, PlacedOnDemand), name
        assert (later.data, later.commented, later.non_finite) == \
            (placed.data, placed.commented, placed.non_finite), name
        assert "values" not in vars(later), name  # not worked out until asked for
        assert (later.values, later.keys) == (placed.values, placed.keys), name


def test_a_problem_names_the_line_of_the_first_key() -> None:
    """A duplicate key's message names the first one's line: such a file is loaded placed."""
    raw = b"request: r-2026-001\nmentor: ann\nrequest: r-2026-002\n"
    _, problems = load_bytes(raw, REL, positions=False)
    assert [(p.line, p.column, p.code) for p in problems] == [(3, 1, "yaml-duplicate-key")]
    assert "on line 1" in problems[0].message


def test_positions_asked_for_point_into_the_record() -> None:
    raw = b"request: r-2026-001\nnotes:\n  - by: ann\n    at: 2026-03-01T10:00\n"
    doc, _ = load_bytes(raw, REL, positions=False)
    assert doc is not None
    assert doc.position(("notes", 0, "at")) == (4, 9)
    assert doc.position(("notes", 0, "by"), key=True) == (3, 5)
