"""Access requests: `export --client ID --format json -o FILE` writes everything held about one
client, on both demos, and is refused (exit 2, nothing written) where it must be."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import REPO_ROOT, SECRET_MARK, YOUTH, copy_demo, make_program, run_main
from mentorlog.access import client_document
from mentorlog.pipeline import validate_program
from mentorlog.program import Program
from mentorlog.repo import Repo

BUSINESS = REPO_ROOT


def _export(root: Path, client: str, target: Path, *extra: str) -> dict[str, object]:
    result = run_main(["--repo", str(root), "export", "--client", client, "--format", "json",
                       "-o", str(target), *extra])
    assert (result.code, result.err) == (0, ""), result.err
    document: dict[str, object] = json.loads(target.read_text(encoding="utf-8"))
    return document


def _mentions(text: str, ids: set[str]) -> bool:
    """Whether `text` holds one of `ids` as a whole id (not inside a longer id)."""
    return any(re.search(rf"(?<![a-z0-9-]){re.escape(i)}(?![a-z0-9-])", text) for i in ids)


def _paths(document: dict[str, object]) -> set[str]:
    return {item["path"] for key in ("requests", "sessions", "attachments")
            for item in document[key]} | {document["client"]["path"]}  # type: ignore[index]


# --- complete on both demos ---------------------------------------------------------------

@pytest.mark.parametrize("demo", [BUSINESS, YOUTH], ids=["business", "youth"])
def test_every_record_mentioning_a_client_is_in_their_export(demo: Path) -> None:
    """For every client of the demo: each record file naming the client or one of their
    requests is in the export, and each file in those requests' attachment folders; and
    nothing else is."""
    program = Program.open(Repo(demo))
    index = validate_program(program).index
    files = {p.relative_to(demo).as_posix(): p.read_text(encoding="utf-8")
             for p in (demo / "records").rglob("*.yaml")}
    for client in index.all("client"):
        document = client_document(program, index, client.id)
        ids = {client.id} | {r["id"] for r in document["requests"]}
        mentioning = {path for path, text in files.items() if _mentions(text, ids)}
        mentioning.add(client.path)
        in_folders = {p.relative_to(demo).as_posix() for r in ids
                      for p in (demo / "records" / "attachments" / r).glob("*")}
        assert _paths(document) == mentioning | in_folders, client.id


def test_a_youth_export_holds_the_safety_concern_and_its_notes(tmp_path: Path) -> None:
    document = _export(YOUTH, "mia-s", tmp_path / "mia.json")
    sessions = {s["id"]: s for s in document["sessions"]}  # type: ignore[union-attr]
    concern = sessions["2026-04-09-mia-s"]
    assert concern["safety_concern"] is True
    assert concern["safety_report"] == {"reported_to": "Luis Ferreira (site contact)",
                                        "reported_at": "2026-04-09T17:05"}
    assert [n["by"] for n in concern["notes"]] == ["june-okafor", "renee-alvarez"]
    assert "took her phone" in concern["notes"][0]["text"]
    assert document["client"] == {"id": "mia-s", "path": "records/clients/mia-s.yaml",
                                  "name": "Mia S.", "site": "carver-middle", "grade": 7}
    assert [r["id"] for r in document["requests"]] == ["m-mia-s-2025"]  # type: ignore[union-attr]
    dates = [s["date"] for s in document["sessions"]]  # type: ignore[union-attr]
    assert dates == sorted(dates) and len(dates) == len(
        list((YOUTH / "records" / "sessions").rglob("*-mia-s.yaml")))


def test_mentors_are_named_by_id_and_name_only(tmp_path: Path) -> None:
    document = _export(YOUTH, "mia-s", tmp_path / "mia.json")
    assert document["mentors"] == [{"id": "june-okafor", "name": "June Okafor"},
                                   {"id": "renee-alvarez", "name": "Renée Alvarez"}]


def test_attachments_are_listed_with_title_and_size_not_copied(tmp_path: Path) -> None:
    document = _export(BUSINESS, "samuel-adeyemi", tmp_path / "s.json")
    folder = BUSINESS / "records" / "attachments" / "r-2025-047"
    assert document["attachments"] == [
        {"path": "records/attachments/r-2025-047/capability-statement-draft.pdf",
         "title": "Capability statement draft", "sessions": ["2026-02-12-r-2025-047"],
         "size": (folder / "capability-statement-draft.pdf").stat().st_size},
        {"path": "records/attachments/r-2025-047/naics-shortlist.txt",
         "title": "NAICS code shortlist", "sessions": ["2026-02-12-r-2025-047"],
         "size": (folder / "naics-shortlist.txt").stat().st_size}]
    assert (tmp_path / "s.json").stat().st_size < 100_000  # the bytes are not in it
    assert "%PDF" not in (tmp_path / "s.json").read_text(encoding="utf-8")


def test_a_file_in_the_request_folder_no_session_lists_is_listed_too(tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "business")
    program = Program.open(Repo(root))
    listed = client_document(program, validate_program(program).index, "bright-bakery")
    assert listed["attachments"] == [
        {"path": "records/attachments/r-2026-001/cash-flow.csv", "title": "12-month cash flow",
         "sessions": ["2026-03-10-r-2026-001"], "size": 30}]
    (root / "records/attachments/r-2026-001/unlisted.txt").write_text("kept\n")
    again = client_document(program, validate_program(program).index, "bright-bakery")
    unlisted = [a for a in again["attachments"] if a["path"].endswith("unlisted.txt")]
    assert unlisted == [{"path": "records/attachments/r-2026-001/unlisted.txt", "title": None,
                         "sessions": [], "size": 5}]


# --- refusals -----------------------------------------------------------------------------

def _run(root: Path, *args: str) -> tuple[int, str]:
    result = run_main(["--repo", str(root), "export", *args])
    return result.code, result.out + result.err


def test_an_unknown_client_is_refused_without_repeating_the_id(tmp_path: Path) -> None:
    code, said = _run(YOUTH, "--client", SECRET_MARK.lower(), "--format", "json",
                      "-o", str(tmp_path / "x.json"))
    assert code == 2 and SECRET_MARK.lower() not in said and "--client" in said
    assert not (tmp_path / "x.json").exists()


def test_an_export_into_records_is_refused(tmp_path: Path) -> None:
    root = copy_demo(YOUTH, tmp_path / "youth")
    target = root / "records" / "mia.json"
    code, said = _run(root, "--client", "mia-s", "--format", "json", "-o", str(target))
    assert code == 2 and "write the export elsewhere" in said and not target.exists()


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "mia.json"
    target.write_text("before\n")
    code, said = _run(YOUTH, "--client", "mia-s", "--format", "json", "-o", str(target))
    assert code == 2 and "already exists" in said and target.read_text() == "before\n"
    assert _export(YOUTH, "mia-s", target, "--force")["client"]["id"] == "mia-s"  # type: ignore[index]


@pytest.mark.parametrize("fmt", ["csv", "sqlite"])
def test_only_json_answers_an_access_request(fmt: str, tmp_path: Path) -> None:
    code, said = _run(BUSINESS, "--client", "samuel-adeyemi", "--format", fmt,
                      "-o", str(tmp_path / "x"))
    assert code == 2 and "--format json" in said and not (tmp_path / "x").exists()


def test_records_that_do_not_validate_are_not_exported(tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "youth",
                        files={"records/clients/sam-r.yaml": "name: Sam R.\ngrade: seven\n"})
    code, said = _run(root, "--client", "sam-r", "--format", "json", "-o",
                      str(tmp_path / "x.json"))
    assert code == 1 and "not exported" in said and not (tmp_path / "x.json").exists()
