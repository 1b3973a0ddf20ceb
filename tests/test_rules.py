"""rules.py rule by rule, on records written as YAML text in the test.

Each test hands one rule a few records (only the fields the rule reads: rules are defensive and
run over records whose schema was not checked) and compares the exact problems: path, line,
column, severity, code and message. The case folders (test_cases.py) run the same rules through
the whole pipeline on complete programs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentorlog import rules
from mentorlog.index import RecordIndex
from mentorlog.records import classify
from mentorlog.rules import Rule, RuleContext
from mentorlog.settings import Settings
from mentorlog.yamlload import load_bytes

TODAY = date(2026, 6, 30)
S1 = "records/sessions/2026/03/2026-03-10-s1.yaml"
S2 = "records/sessions/2026/03/2026-03-10-s2.yaml"
REQUEST = "records/requests/r-1.yaml"
PEOPLE = {
    "records/mentors/kim.yaml": "name: Kim\n",
    "records/mentors/lee.yaml": "name: Lee\n",
    "records/mentors/ana.yaml": "name: Ana\n",
    "records/clients/acme.yaml": "name: Acme\n",
}
OPEN_REQUEST = """\
client: acme
mentor: kim
co_mentors: [lee]
opened: 2026-03-01
"""


def judge(rule: Rule, files: dict[str, str], root: Path, profile: str = "business",
          today: date = TODAY, targets: frozenset[str] | None = None) -> list[str]:
    """`rule`'s problems over `files` ({path: YAML text}), each as `validate` prints it."""
    records = []
    for rel, content in {**PEOPLE, **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
        record, problems = classify(rel, profile)
        assert record is not None and problems == [], rel
        record.doc, problems = load_bytes(content.encode("utf-8"), rel)
        assert problems == [], rel
        records.append(record)
    ctx = RuleContext(RecordIndex.build(records), Settings(profile=profile), root / "records",
                      today, targets)
    return [f"{p.path}:{p.line}:{p.column}: {p.severity}[{p.code}]: {p.message}"
            for p in rule(ctx)]


def session(day: str = "2026-03-10", extra: str = "", start: str = "10:00") -> str:
    return f"request: r-1\ndate: {day}\nstart: {start}\nattendance: attended\n{extra}"


def test_every_rule_is_tested_here() -> None:
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert {rule.__name__ for rule in rules.RULES} <= tested


# --- identity and layout ---

def test_duplicate_ids(tmp_path: Path) -> None:
    """Two files of one kind with one id: reported on both (pre-commit may show either)."""
    assert judge(rules.duplicate_ids, {REQUEST: OPEN_REQUEST, S1: session()}, tmp_path) == []
    index_twice = {S1: session(), "records/sessions/2026/04/2026-03-10-s1.yaml": session()}
    found = judge(rules.duplicate_ids, {REQUEST: OPEN_REQUEST, **index_twice}, tmp_path)
    assert found == [
        f"{S1}:0:0: error[duplicate-id]: session id `2026-03-10-s1` is also used by "
        "records/sessions/2026/04/2026-03-10-s1.yaml",
        "records/sessions/2026/04/2026-03-10-s1.yaml:0:0: error[duplicate-id]: session id "
        f"`2026-03-10-s1` is also used by {S1}"]


def test_session_folders(tmp_path: Path) -> None:
    found = judge(rules.session_folders, {REQUEST: OPEN_REQUEST, S1: session("2026-04-02")},
                  tmp_path)
    assert found == [f"{S1}:2:7: error[session-folder]: dated `2026-04-02` but filed under "
                     "2026-03: move it to records/sessions/2026/04/"]
    assert judge(rules.session_folders, {S1: session("2026-03-31")}, tmp_path) == []


# --- references ---

def test_session_references(tmp_path: Path) -> None:
    text = session(extra="mentor: nobody\nco_mentors:\n  - mentor: lee\n  - mentor: ghost\n"
                         "notes:\n  - by: typed note\n    at: 2026-03-10T11:00\n")
    found = judge(rules.session_references, {REQUEST: OPEN_REQUEST, S1: text}, tmp_path)
    assert found == [
        f"{S1}:5:9: error[unknown-reference]: no mentor with that id (no file "
        "records/mentors/<id>.yaml)",
        f"{S1}:8:13: error[unknown-reference]: no mentor with that id (no file "
        "records/mentors/<id>.yaml)",
        f"{S1}:10:9: error[unknown-reference]: no mentor with that id (no file "
        "records/mentors/<id>.yaml)"]
    found = judge(rules.session_references, {S1: session()}, tmp_path)
    assert found == [f"{S1}:1:10: error[unknown-reference]: no request with that id (no file "
                     "records/requests/<id>.yaml)"]


def test_request_references(tmp_path: Path) -> None:
    text = "client: someone else\nmentor: kim\nco_mentors: [lee, ghost]\n"
    found = judge(rules.request_references, {REQUEST: text}, tmp_path)
    assert found == [
        f"{REQUEST}:1:9: error[unknown-reference]: no client with that id (no file "
        "records/clients/<id>.yaml)",
        f"{REQUEST}:3:19: error[unknown-reference]: no mentor with that id (no file "
        "records/mentors/<id>.yaml)"]


def test_client_sites(tmp_path: Path) -> None:
    youth = {"records/sites/oak.yaml": "name: Oak\n",
             "records/clients/sam.yaml": "name: Sam R\nsite: oak\n",
             "records/clients/ava.yaml": "name: Ava T\nsite: elm\n"}
    found = judge(rules.client_sites, youth, tmp_path, profile="youth")
    assert found == ["records/clients/ava.yaml:2:7: error[unknown-reference]: no site with that "
                     "id (no file records/sites/<id>.yaml)"]


# --- sessions against their request ---

def test_session_mentors(tmp_path: Path) -> None:
    text = session(extra="mentor: ana\nco_mentors:\n  - mentor: ana\n  - mentor: kim\n")
    found = judge(rules.session_mentors, {REQUEST: OPEN_REQUEST, S1: text}, tmp_path)
    assert found == [
        f"{S1}:5:9: error[session-mentor]: `ana` is not the mentor or a co-mentor of `r-1`",
        f"{S1}:7:13: error[session-mentor]: `ana` is this session's mentor, not a co-mentor",
        # kim leads the request; here ana leads the session, so kim may help as a co-mentor
    ]
    co = session(extra="co_mentors:\n  - mentor: lee\n")
    assert judge(rules.session_mentors, {REQUEST: OPEN_REQUEST, S1: co}, tmp_path) == []


def test_session_dates(tmp_path: Path) -> None:
    closed = OPEN_REQUEST + "status: completed\nclosed: 2026-03-20\n"
    found = judge(rules.session_dates, {REQUEST: closed, S1: session("2026-02-27"),
                                        S2: session("2026-03-21")}, tmp_path)
    assert found == [
        f"{S1}:2:7: error[session-before-opened]: dated before `r-1` was opened (2026-03-01)",
        f"{S2}:2:7: error[session-after-closed]: dated after `r-1` was closed (2026-03-20)"]


def test_request_dates(tmp_path: Path) -> None:
    text = OPEN_REQUEST + "status: withdrawn\nclosed: 2026-02-28\n"
    assert judge(rules.request_dates, {REQUEST: text}, tmp_path) == [
        f"{REQUEST}:6:9: error[closed-before-opened]: closed before it was opened (2026-03-01)"]
    same_day = OPEN_REQUEST + "status: withdrawn\nclosed: 2026-03-01\n"
    assert judge(rules.request_dates, {REQUEST: same_day}, tmp_path) == []


def test_duplicate_sessions(tmp_path: Path) -> None:
    found = judge(rules.duplicate_sessions, {REQUEST: OPEN_REQUEST, S1: session(),
                                             S2: session()}, tmp_path)
    assert found == [
        f"{S1}:3:8: error[duplicate-session]: `r-1` has another session on `2026-03-10` at "
        f"`10:00`: {S2}",
        f"{S2}:3:8: error[duplicate-session]: `r-1` has another session on `2026-03-10` at "
        f"`10:00`: {S1}"]
    later = {REQUEST: OPEN_REQUEST, S1: session(), S2: session(start="14:00")}
    assert judge(rules.duplicate_sessions, later, tmp_path) == []


def test_completed_requests(tmp_path: Path) -> None:
    done = OPEN_REQUEST + "status: completed\nclosed: 2026-03-20\n"
    no_show = session().replace("attended", "no_show")
    assert judge(rules.completed_requests, {REQUEST: done, S1: no_show}, tmp_path) == [
        f"{REQUEST}:5:9: error[completed-without-session]: completed, but no attended session "
        "is logged for it"]
    assert judge(rules.completed_requests, {REQUEST: done, S1: session()}, tmp_path) == []


def test_sessions_completing_open_requests(tmp_path: Path) -> None:
    text = session(extra="completes_request: true\n")
    assert judge(rules.sessions_completing_open_requests, {REQUEST: OPEN_REQUEST, S1: text},
                 tmp_path) == [
        f"{S1}:5:20: warning[completes-open-request]: completes r-1, but the request is still "
        "open: set its status to completed and its closed date"]


# --- one session on its own ---

def test_future_sessions(tmp_path: Path) -> None:
    tomorrow = "records/sessions/2026/07/2026-07-01-s3.yaml"
    found = judge(rules.future_sessions, {S1: session(), tomorrow: session("2026-07-01")},
                  tmp_path)
    assert found == [f"{tomorrow}:2:7: error[future-session]: dated in the future (today is "
                     "2026-06-30 in America/New_York)"]


def test_session_times(tmp_path: Path) -> None:
    found = judge(rules.session_times, {S1: session(extra="end: 09:45\n"),
                                        S2: session(extra="end: 10:00\n")}, tmp_path)
    assert found == [
        f"{S1}:5:6: error[end-before-start]: end `09:45` is not after start `10:00`",
        f"{S2}:5:6: error[end-before-start]: end `10:00` is not after start `10:00`"]


def test_duplicate_notes(tmp_path: Path) -> None:
    """`T16:25` and `T16:25-04:00` name one instant in New York in March (EDT from the 8th)."""
    notes = ("notes:\n  - by: kim\n    at: 2026-03-10T16:25\n    text: one\n"
             "  - by: kim\n    at: 2026-03-10T16:25-04:00\n    text: two\n"
             "  - by: lee\n    at: 2026-03-10T16:25\n    text: three\n")
    assert judge(rules.duplicate_notes, {S1: session(extra=notes)}, tmp_path) == [
        f"{S1}:10:9: error[duplicate-note]: another note has the same `by` and `at`: they name "
        "a note"]


def test_attachments(tmp_path: Path) -> None:
    (tmp_path / "records/attachments/r-1").mkdir(parents=True)
    (tmp_path / "records/attachments/r-1/plan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "records/attachments/r-1/tool.exe").write_bytes(b"MZ")
    listed = ("attachments:\n  - path: attachments/r-1/plan.pdf\n"
              "  - path: attachments/r-1/tool.exe\n  - path: attachments/r-1/gone.pdf\n"
              "  - path: attachments/r-2/plan.pdf\n")
    found = judge(rules.attachments, {REQUEST: OPEN_REQUEST, S1: session(extra=listed)},
                  tmp_path)
    assert found == [
        f"{S1}:7:11: error[attachment-type]: file type not allowed; allowed: csv, docx, jpeg, "
        "jpg, md, pdf, png, txt, xlsx",
        f"{S1}:8:11: error[attachment-missing]: no file at that path",
        f"{S1}:9:11: error[attachment-outside]: attachments of this session belong in "
        "records/attachments/r-1/"]


def test_unreferenced_attachments(tmp_path: Path) -> None:
    (tmp_path / "records/attachments/r-1").mkdir(parents=True)
    (tmp_path / "records/attachments/r-1/plan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "records/attachments/r-1/forgotten.pdf").write_bytes(b"%PDF-1.4")
    listed = "attachments:\n  - path: attachments/r-1/plan.pdf\n"
    found = judge(rules.unreferenced_attachments,
                  {REQUEST: OPEN_REQUEST, S1: session(extra=listed)}, tmp_path)
    assert found == [
        "records/attachments/r-1/forgotten.pdf:0:0: error[attachment-unreferenced]: no session "
        "lists this file under `attachments`: add it to the session it belongs to (path: "
        "attachments/<request>/<file>), or remove it"]


@pytest.mark.parametrize("targets", [frozenset({S2}), frozenset({S1, REQUEST})])
def test_rules_judge_the_files_asked_and_see_every_record(tmp_path: Path,
                                                         targets: frozenset[str]) -> None:
    """`validate PATH`: a pair of sessions is a duplicate whichever of them is asked about
    (the pipeline then keeps the problems of the files asked); a rule over one record judges
    only the records asked about."""
    found = judge(rules.duplicate_sessions, {REQUEST: OPEN_REQUEST, S1: session(),
                                             S2: session()}, tmp_path, targets=targets)
    assert len(found) == 2
    found = judge(rules.session_times, {S1: session(extra="end: 09:00\n")}, tmp_path,
                  targets=targets)
    assert found == [] if S1 not in targets else len(found) == 1  # S1 only when asked about
