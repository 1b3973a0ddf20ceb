"""The editor settings `init` writes (and this repository has): VS Code and github.dev, the
web editor, check each record against its schema as it is typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import REPO_ROOT, run_main
from mentorlog.records import classify
from mentorlog.scaffold import YAML_EXTENSION, editor_files
from mentorlog.schemas import SchemaSet

# one record path of each kind, as `classify` files it
SAMPLES = {"mentor": "records/mentors/kim-osei.yaml", "client": "records/clients/sam-r.yaml",
           "site": "records/sites/lincoln-elementary.yaml",
           "request": "records/requests/r-2026-001.yaml",
           "session": "records/sessions/2026/03/2026-03-10-r-2026-001.yaml"}


@pytest.mark.parametrize("profile", ["business", "youth"])
def test_every_record_folder_maps_to_its_existing_schema(profile: str, tmp_path: Path) -> None:
    target = tmp_path / profile
    assert run_main(["init", str(target), "--profile", profile]).code == 0
    settings = json.loads((target / ".vscode/settings.json").read_text(encoding="utf-8"))
    extensions = json.loads((target / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert extensions == {"recommendations": [YAML_EXTENSION]}
    mapping = settings["yaml.schemas"]
    schemas = SchemaSet.load(target / "schema", display_root=target)  # what `check` uses
    kinds = {kind for kind, path in SAMPLES.items()
             if classify(path, profile)[0] is not None}
    for kind in kinds:
        schema = _match(mapping, SAMPLES[kind])
        assert (target / schema).is_file(), schema
        assert schemas.display[schemas.uri_for(kind, profile)] == \
            schema.removeprefix("./"), kind
    assert mapping["./schema/mentorlog.schema.json"] == ["mentorlog.yaml"]
    assert len(mapping) == len(kinds) + 1


def _match(mapping: dict[str, list[str]], path: str) -> str:
    """The one schema whose globs take `path` (`**` any folders, `*` one name)."""
    found = [schema for schema, globs in mapping.items()
             if any(_glob(glob, path) for glob in globs)]
    assert len(found) == 1, (path, found)
    return found[0]


def _glob(glob: str, path: str) -> bool:
    head, _, name = glob.rpartition("/")
    folder, _, file = path.rpartition("/")
    if head.endswith("/**"):
        return folder.startswith(head.removesuffix("/**")) and Path(file).match(name)
    return folder == head and Path(file).match(name)


def test_this_repository_has_the_files_init_writes() -> None:
    for rel, content in editor_files("business").items():
        assert (REPO_ROOT / rel).read_text(encoding="utf-8") == content, rel
