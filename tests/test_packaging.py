"""The wheel carries the schemas (one source of truth: schema/) and works without schema/."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

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
    owners = repo / ".github" / "CODEOWNERS"  # named, so the placeholder warning is gone
    owners.write_text(owners.read_text().replace("@your-org/mentorlog-coordinators", "@kim"))
    clean = _run_unpacked(unpacked, repo, "validate")
    assert (clean.returncode, clean.stdout) == (0, "0 files checked: all valid\n"), clean.stderr
    assert clean.stderr.strip() == str(unpacked / "mentorlog" / "schemas")
    (repo / "records/mentors/kim.yaml").write_text("name: Kim\nemial: x\n")
    bad = _run_unpacked(unpacked, repo, "validate")
    assert bad.returncode == 1
    assert "records/mentors/kim.yaml:1:1: error[schema-required]" in bad.stdout


def _requirement_names(specs: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-")
            for spec in specs}


def test_the_lock_pins_every_dependency_within_its_range() -> None:
    """CI installs requirements/lock.txt: every dependency (and dev tool) pinned, inside the
    ranges pyproject.toml gives users, so `dev.py lock` and the ranges cannot drift apart."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = project["project"]["optional-dependencies"]
    specs = [*project["project"]["dependencies"], *extras["site"], *extras["dev"],
             *project["build-system"]["requires"]]
    # the dev extra names mentorlog's own extras (mentorlog[site]), which the lock cannot pin
    specs = [spec for spec in specs if Requirement(spec).name != project["project"]["name"]]
    pins = {}
    for line in (REPO_ROOT / "requirements" / "lock.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    assert _requirement_names(specs) <= set(pins)
    for spec in specs:
        requirement = Requirement(spec)
        name = requirement.name.lower().replace("_", "-")
        assert requirement.specifier.contains(pins[name], prereleases=True), (spec, pins[name])


def test_the_installed_versions_are_the_locked_ones() -> None:
    """The suite runs on what the lock says (dev.py installs with it as constraints); under
    `dev.py newest` (.venv-newest) on versions at least as new as the lock."""
    newest = Path(sys.prefix).name == ".venv-newest"
    for line in (REPO_ROOT / "requirements" / "lock.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, locked = line.split("==")
            installed = importlib.metadata.version(name)
            if newest:
                assert Version(installed) >= Version(locked), name
            else:
                assert installed == locked, name
