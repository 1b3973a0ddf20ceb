"""The v2 record fields (DESIGN v2 section 4): business outcomes take exactly the one value field
their kind needs, `matches.minimum_months` is read into Settings or stops every command, and no
message about these fields repeats what was typed.

The case folders (tests/cases/*/b-outcomes, b-client-part1, y-closure-reason, business-outcomes,
youth-closures) pin the positions; these tests cover what a folder cannot: every kind against
every value field, and a broken mentorlog.yaml (exit 2, not a problem list).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

import pytest

from helpers import SECRET, SECRET_MARK, make_program, problem_lines, run_main, validate_dir
from mentorlog.program import Program
from mentorlog.repo import Repo
from test_cases import BUSINESS_SESSION, SESSION

VALUE_FOR = {"business_started": "on", "jobs_created": "count", "jobs_retained": "count",
             "loan": "amount", "equity": "amount", "grant": "amount",
             "revenue_increase": "amount", "contract_won": "amount"}
A_VALUE = {"on": "2026-03-01", "count": "3", "amount": "25000"}
SESSION_HEAD = BUSINESS_SESSION.decode()  # a clean business session on r-2026-001


def _session_with(outcomes: list[tuple[str, ...]]) -> tuple[str, list[int]]:
    """A session whose outcomes are (kind, value field...) tuples, and the line each starts on."""
    text, starts = SESSION_HEAD + "outcomes:\n", []
    for kind, *fields in outcomes:
        starts.append(text.count("\n") + 1)
        text += f"  - kind: {kind}\n" + "".join(f"    {f}: {A_VALUE[f]}\n" for f in fields)
    return text, starts


def _refused(tmp_path: Path, outcomes: list[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The outcomes that have a problem on one of their lines."""
    text, starts = _session_with(outcomes)
    root = make_program(tmp_path / "p", "business", files={SESSION: text})
    lines = {p.line for p in validate_dir(root)}
    assert lines and min(lines) >= starts[0], "a problem outside the outcomes"
    return {outcomes[bisect_right(starts, line) - 1] for line in lines}


def test_an_outcome_without_its_value_field_is_refused(tmp_path: Path) -> None:
    # each kind with one value field: only its own is accepted
    outcomes = [(kind, field) for kind in VALUE_FOR for field in A_VALUE]
    assert _refused(tmp_path, outcomes) == {
        (kind, field) for kind, field in outcomes if VALUE_FOR[kind] != field}


def test_a_value_field_of_another_kind_is_refused(tmp_path: Path) -> None:
    # each kind with its own value field, plus (or not) another one: only alone is accepted
    outcomes = [(kind, VALUE_FOR[kind], *([] if field == VALUE_FOR[kind] else [field]))
                for kind in VALUE_FOR for field in A_VALUE]
    assert _refused(tmp_path, outcomes) == {o for o in outcomes if len(o) == 3}


def test_an_outcome_of_each_kind_with_its_value_is_valid(tmp_path: Path) -> None:
    text, _ = _session_with(list(VALUE_FOR.items()))
    root = make_program(tmp_path / "p", "business", files={SESSION: text})
    assert problem_lines(validate_dir(root)) == []


def test_an_outcome_with_two_value_fields_is_one_problem_at_the_extra_field(
        tmp_path: Path) -> None:
    session = SESSION_HEAD + "outcomes:\n  - kind: grant\n    amount: 500\n    on: 2026-03-01\n"
    root = make_program(tmp_path / "p", "business", files={SESSION: session})
    assert problem_lines(validate_dir(root)) == [f"{SESSION}:12:5: error[schema]"]


# --- matches.minimum_months ------------------------------------------------------------------

def _youth_with_minimum(tmp_path: Path, value: str) -> Path:
    root = make_program(tmp_path / "p", "youth")
    settings = root / "mentorlog.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"minimum_months: 12", f"minimum_months: {value}", text),
                        encoding="utf-8")
    return root


def _settings_of(root: Path) -> int:
    return Program.open(Repo(root)).settings.match_minimum_months


def test_minimum_months_is_read_from_mentorlog_yaml(tmp_path: Path) -> None:
    assert _settings_of(_youth_with_minimum(tmp_path, "9")) == 9


def test_a_whole_number_written_with_a_point_is_read_as_one(tmp_path: Path) -> None:
    """JSON Schema's integer accepts 12.0; the setting is still the whole number 12 (a figure
    such as `matches.minimum_months` must not print as 12.0)."""
    months = _settings_of(_youth_with_minimum(tmp_path, "12.0"))
    assert (months, type(months)) == (12, int)


def test_minimum_months_defaults_to_twelve(tmp_path: Path) -> None:
    # the business base program has no `matches` section at all
    assert _settings_of(make_program(tmp_path / "p", "business")) == 12


@pytest.mark.parametrize("value", ["0", "-1", "1.5", "twelve", "[12]", f'"{SECRET}"'])
def test_a_bad_minimum_months_stops_every_command(tmp_path: Path, value: str) -> None:
    root = _youth_with_minimum(tmp_path, value)
    result = run_main(["--repo", str(root), "validate"])
    assert result.code == 2
    assert "mentorlog.yaml" in result.err and "minimum_months" in result.err
    assert "all valid" not in result.out and SECRET_MARK not in result.err


@pytest.mark.parametrize("profile", ["business", "youth"])
def test_init_writes_the_default_minimum_months(profile: str, tmp_path: Path) -> None:
    assert run_main(["init", str(tmp_path / "new"), "--profile", profile]).code == 0
    text = (tmp_path / "new" / "mentorlog.yaml").read_text(encoding="utf-8")
    assert re.search(r"^  minimum_months: 12 +# ", text, re.MULTILINE)
    assert _settings_of(tmp_path / "new") == 12


# --- messages quote nothing typed ------------------------------------------------------------

TYPED = {
    SESSION: SESSION_HEAD + f"outcomes:\n  - kind: {SECRET}\n    amount: {SECRET}\n"
             f"  - kind: loan\n    count: {SECRET}\n  - kind: business_started\n"
             f"    on: {SECRET}\n",
    "records/clients/north-cycles.yaml": f"name: Noor North\nzip: {SECRET}\n"
                                         f"gender: {SECRET}\nrace: [{SECRET}]\n"
                                         f"ethnicity: {SECRET}\nveteran: {SECRET}\n"
                                         f"disability: {SECRET}\n",
}


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_messages_about_the_new_fields_quote_nothing_typed(fmt: str, tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "business", files=dict(TYPED))
    result = run_main(["--repo", str(root), "validate", "--format", fmt])
    assert result.code == 1
    assert len(problem_lines(validate_dir(root))) >= 10  # every bad value was found...
    assert SECRET_MARK not in result.out + result.err  # ...and none was repeated
    assert "uncle" not in result.out + result.err


def test_a_closure_reason_typed_as_words_is_not_repeated(tmp_path: Path) -> None:
    match = ("client: ava-t\nmentor: ben-ruiz\nopened: 2025-09-20\nstatus: withdrawn\n"
             f"closed: 2026-01-30\nclosure_reason: {SECRET}\n")
    root = make_program(tmp_path / "p", "youth",
                        files={"records/requests/m-ava-t-2025.yaml": match})
    result = run_main(["--repo", str(root), "validate"])
    assert result.code == 1 and "closure_reason" in result.out
    assert SECRET_MARK not in result.out + result.err
