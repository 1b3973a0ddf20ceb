"""`mentorlog new`: writes one valid record, pre-filled, never over a file, never a bad one."""

from __future__ import annotations

import hashlib
import os
import select
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from mentorlog.cli import main
from mentorlog.yamlload import load_bytes
from mentorlog.yamlwrite import dump_record

ROOT = Path(__file__).resolve().parent.parent

TRICKY_TEXTS = [
    "plain words", "10:30", "2026-03-10", "true", "no", "null", "~", "", " leading space",
    "trailing space ", "a: b", "Homework #1 priority", "#hash first", "- dash", "[flow]",
    "{flow}", "!tag", "&anchor", "*alias", "%directive", "@at", "`tick", "'single'",
    '"double"', "tab\there", "emoji 🙂 and ünïcode", "line one\nline two\n", "no final newline\nx",
    "two blank\n\nlines\n", "ends with blank lines\n\n", "  indented\nfirst line\n",
    "trailing space \non a line\n", "\nstarts with newline", "0o17", "0x1F", ".5", "1e3",
    "<script>alert(1)</script>", "a, b", "C:\\path", "ends with colon:", "key: value # c",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_written_yaml_reads_back_exactly(text: str) -> None:
    data = {"name": text, "notes": [{"by": "kim-osei", "at": "2026-03-10T15:45", "text": text}],
            "topics": [text, "tax"], "hours": 1.5, "flag": False, "empty": None}
    written = dump_record(data)
    doc, problems = load_bytes(written.encode(), "x.yaml")
    assert problems == [] and doc is not None
    assert doc.data == data


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    repo = tmp_path / "demo"
    shutil.copytree(ROOT / "records", repo / "records", symlinks=True)
    for name in ("mentorlog.yaml", "schema"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name)
        else:
            shutil.copy(source, repo / name)
    return repo


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(folder.rglob("*")):
        digest.update(file.relative_to(folder).as_posix().encode())
        if file.is_file():
            digest.update(file.read_bytes())
    return digest.hexdigest()


def some_open_request(repo: Path, opened_by: str = "9999-12-31") -> str:
    for file in sorted((repo / "records" / "requests").glob("*.yaml")):
        data = yaml.safe_load(file.read_text())
        if data.get("status", "open") == "open" and str(data["opened"]) <= opened_by:
            return file.stem
    raise AssertionError("the demo has an open request")


def test_new_session_is_prefilled_valid_and_validates(demo: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    request = some_open_request(demo)
    code = main(["--repo", str(demo), "new", "session", "--request", request,
                 "--date", "2026-11-20", "--start", "07:15", "--hours", "1.25",
                 "--attendance", "attended", "--topics", "marketing_sales,tax",
                 "--mentoring-type", "telephone", "--language", "English",
                 "--note", "Reviewed pricing #2.\nHomework: update the price list."])
    assert code == 0
    rel = capsys.readouterr().out.strip()
    assert rel == f"records/sessions/2026/11/2026-11-20-{request}.yaml"
    written = (demo / rel).read_text()
    assert written.startswith("# yaml-language-server: $schema=../../../../schema/business/")
    assert "language: English" in written and "mentoring_type: telephone" in written
    assert main(["--repo", str(demo), "validate"]) == 0


def test_new_record_with_problems_writes_nothing(demo: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = tree_digest(demo / "records")
    code = main(["--repo", str(demo), "new", "session", "--request", "no-such-request",
                 "--date", "2026-11-20", "--start", "09:00", "--hours", "0.3",
                 "--attendance", "attended", "--mentoring-type", "telephone",
                 "--topics", "tax", "--language", "English"])
    out = capsys.readouterr().out
    assert code == 1
    assert "error[unknown-reference]" in out and "multiple of 0.25" in out
    assert tree_digest(demo / "records") == before


def test_new_never_overwrites(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = sorted((demo / "records" / "clients").glob("*.yaml"))[0]
    before = existing.read_bytes()
    code = main(["--repo", str(demo), "new", "client", "--id", existing.stem,
                 "--name", "Someone Else"])
    assert code in (1, 2)
    assert existing.read_bytes() == before
    assert capsys.readouterr().out.count(existing.stem) >= 1


def test_new_ids_do_not_collide(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(2):
        assert main(["--repo", str(demo), "new", "mentor", "--name", "Ana Ruiz",
                     "--email", "ana.ruiz@example.org"]) == 0
    paths = capsys.readouterr().out.split()
    assert paths == ["records/mentors/ana-ruiz.yaml", "records/mentors/ana-ruiz-2.yaml"]


def test_bad_value_is_a_usage_error(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--repo", str(demo), "new", "session", "--request", "x", "--hours", "lots"])
    assert code == 2
    assert "--hours" in capsys.readouterr().err


def test_a_late_session_needs_its_reason_up_front(demo: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    day = "2026-09-10"  # a month whose deadline (5 October) has passed
    request = some_open_request(demo, opened_by=day)
    args = ["--repo", str(demo), "new", "session", "--request", request, "--date", day,
            "--start", "06:05", "--hours", "1", "--attendance", "attended",
            "--topics", "tax", "--mentoring-type", "telephone", "--language", "English"]
    assert main(args) == 2
    assert "--late-reason" in capsys.readouterr().err
    assert main([*args, "--late-reason", "Paper notes typed up after a trip"]) == 0
    written = demo / capsys.readouterr().out.strip()
    assert "late_reason: Paper notes typed up after a trip" in written.read_text()


def test_in_a_terminal_new_asks_for_what_is_missing(tmp_path: Path) -> None:
    """A mentor at a terminal: prompts for each missing required field and the first note."""
    repo = tmp_path / "youth"
    shutil.copytree(ROOT / "examples" / "youth", repo, ignore=shutil.ignore_patterns(".mentorlog",
                                                                                     "site"))
    match = some_open_request(repo, opened_by="2026-11-01")
    answers = {"Date": "2026-11-20", "Start": "11:30", "Hours": ".75", "Attendance": "attended",
               "Safety concern": "no", "Note": "We read a chapter together & played cards."}
    transcript, code = run_in_terminal(
        [str(ROOT / ".venv" / "bin" / "mentorlog"), "new", "session", "--request", match],
        repo, answers)
    assert code == 0, transcript
    written = repo / transcript.strip().splitlines()[-1].strip()
    text = written.read_text()
    assert "hours: 0.75" in text and "safety_concern: false" in text
    assert "We read a chapter together & played cards." in text
    assert "interaction:" in text  # offered from the match's latest session, Enter kept it
    assert "Interaction [in_person, virtual] (Enter keeps: in_person)" in transcript


def run_in_terminal(argv: list[str], cwd: Path, answers: dict[str, str]) -> tuple[str, int]:
    """Run `argv` on a pseudo-terminal, answering each prompt by the start of its title."""
    controller, terminal = os.openpty()
    process = subprocess.Popen(argv, stdin=terminal, stdout=terminal, stderr=terminal, cwd=cwd)
    os.close(terminal)
    transcript, pending = "", ""
    while process.poll() is None or select.select([controller], [], [], 0.1)[0]:
        if not select.select([controller], [], [], 0.2)[0]:
            continue
        try:
            chunk = os.read(controller, 4096).decode()
        except OSError:  # the terminal closed: the process has ended
            break
        transcript, pending = transcript + chunk, pending + chunk
        if pending.rstrip().endswith(":"):
            prompt = pending.strip().splitlines()[-1]
            answer = next((a for title, a in answers.items() if prompt.startswith(title)), "")
            os.write(controller, (answer + "\n").encode())
            pending = ""
    os.close(controller)
    return transcript, process.wait(timeout=30)
