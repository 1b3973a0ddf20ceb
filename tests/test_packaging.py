"""The wheel carries the schemas (one source of truth: schema/) and works without schema/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import REPO_ROOT, run_main

SCHEMAS = sorted(p.relative_to(REPO_ROOT / "schema").as_posix()
                 for p in (REPO_ROOT / "schema").rglob("*.schema.json"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(out), str(REPO_ROOT)],
                   check=True, capture_output=True, text=True)
    (built,) = out.glob("mentorlog-*.whl")
    return built


@pytest.fixture(scope="module")
def unpacked(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def test_wheel_carries_the_schemas_unchanged(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        bundled = sorted(n.removeprefix("mentorlog/schemas/") for n in names
                         if n.startswith("mentorlog/schemas/") and n.endswith(".schema.json"))
        assert bundled == SCHEMAS
        for rel in SCHEMAS:
            assert archive.read(f"mentorlog/schemas/{rel}") == (REPO_ROOT / "schema" / rel
                                                                ).read_bytes(), rel
        assert any(n.startswith("mentorlog/templates/") for n in names)
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "mentorlog = mentorlog.cli:main" in archive.read(entry_points).decode()


def _run_unpacked(unpacked: Path, repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = ("import sys, mentorlog, mentorlog.schemas as s; "
            f"assert mentorlog.__file__.startswith({str(unpacked)!r}), mentorlog.__file__; "
            "print(s.bundled_schema_dir(), file=sys.stderr); "
            "from mentorlog.cli import main; sys.exit(main(sys.argv[1:]))")
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    return subprocess.run([sys.executable, "-c", code, "--repo", str(repo), *args], env=env,
                          capture_output=True, text=True, check=False, cwd=unpacked)


@pytest.mark.parametrize("profile", ["business", "youth"])
def test_wheel_validates_a_repository_without_schema(profile: str, unpacked: Path,
                                                     tmp_path: Path) -> None:
    repo = tmp_path / "program"
    assert run_main(["init", str(repo), "--profile", profile]).code == 0
    shutil.rmtree(repo / "schema")
    clean = _run_unpacked(unpacked, repo, "validate")
    assert (clean.returncode, clean.stdout) == (0, "0 files checked: all valid\n"), clean.stderr
    assert clean.stderr.strip() == str(unpacked / "mentorlog" / "schemas")
    (repo / "records/mentors/kim.yaml").write_text("name: Kim\nemial: x\n")
    bad = _run_unpacked(unpacked, repo, "validate")
    assert bad.returncode == 1
    assert "records/mentors/kim.yaml:1:1: error[schema-required]" in bad.stdout
