"""`mentorlog init`: a new, empty program repository that validates clean."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from . import __version__
from .fileio import write_new
from .issueform import write_form
from .problems import MentorlogError
from .program import Program
from .records import KIND_FOLDERS, profile_folders
from .repo import RECORDS_DIR, Repo
from .schemas import KINDS, bundled_schema_dir

DEFAULT_TIMEZONE = {"business": "America/New_York", "youth": "America/Chicago"}
# The month a fiscal year starts, said in the profile's words (the SBA is a business word).
FISCAL_YEAR = {"business": ("10", "         # month a fiscal year starts (SBA: October)"),
               "youth": ("10", "         # month the program's year starts (10: October)")}
TEMPLATES = {
    "mentorlog.yaml": "mentorlog.yaml.tmpl",
    "mkdocs.yml": "mkdocs.yml.tmpl",
    ".pre-commit-config.yaml": "pre-commit-config.yaml.tmpl",
    ".gitignore": "gitignore.tmpl",
    ".github/mentorlog-requirements.txt": "mentorlog-requirements.txt.tmpl",  # the gate
    ".github/mentorlog-site-requirements.txt": "mentorlog-site-requirements.txt.tmpl",
}
# Copied as they are: GitHub's `${{ }}` expressions must not meet str.format.
GITHUB_FILES = {
    ".github/workflows/pr.yml": "github-pr.yml",
    ".github/workflows/main.yml": "github-main.yml",
    ".github/workflows/landed.yml": "github-landed.yml",
    ".github/workflows/log-session.yml": "github-log-session.yml",
    ".github/workflows/reminders.yml": "github-reminders.yml",
    ".github/pull_request_template.md": "pull_request_template.md",
    ".github/CODEOWNERS": "CODEOWNERS",
}
# Written as they are, and this repository (the demo program) has the same copies.
VERBATIM_FILES = {**GITHUB_FILES, ".gitattributes": "gitattributes"}


# VS Code (and github.dev, the web editor: press `.` on the repository) completes and checks
# records with the YAML extension from these, as the `# yaml-language-server` line does.
YAML_EXTENSION = "redhat.vscode-yaml"


def editor_files(profile: str) -> dict[str, str]:
    """`.vscode/settings.json` (each record folder's files -> its schema, and mentorlog.yaml
    -> the settings schema) and `.vscode/extensions.json` (recommends the YAML extension)."""
    schemas = {"./schema/mentorlog.schema.json": ["mentorlog.yaml"]}
    for kind in KINDS[profile]:
        folder = f"{RECORDS_DIR}/{KIND_FOLDERS[kind]}"
        own = bundled_schema_dir() / profile / f"{kind}.schema.json"
        schema = f"./schema/{profile}/{kind}.schema.json" if own.is_file() \
            else f"./schema/{kind}.schema.json"
        schemas[schema] = [f"{folder}/**/*.yaml" if kind == "session" else f"{folder}/*.yaml"]
    settings = {"yaml.schemas": schemas, "files.insertFinalNewline": True, "files.eol": "\n"}
    extensions = {"recommendations": [YAML_EXTENSION]}
    return {".vscode/settings.json": json.dumps(settings, indent=2) + "\n",
            ".vscode/extensions.json": json.dumps(extensions, indent=2) + "\n"}


def template(name: str) -> str:
    return files("mentorlog").joinpath("templates", name).read_text(encoding="utf-8")


def planned_files(profile: str, name: str) -> dict[str, str | bytes]:
    """Every file `init` writes: repo-relative path -> content."""
    values = {"name": name.replace('"', "'"), "profile": profile,
              "timezone": DEFAULT_TIMEZONE[profile], "version": __version__,
              "fiscal_year_start": FISCAL_YEAR[profile][0],
              "fiscal_year_note": FISCAL_YEAR[profile][1]}
    planned: dict[str, str | bytes] = {
        target: template(source).format(**values) for target, source in TEMPLATES.items()}
    planned.update({target: template(source) for target, source in VERBATIM_FILES.items()})
    planned.update(editor_files(profile))
    schema_root = bundled_schema_dir()
    for file in sorted(schema_root.rglob("*.schema.json")):
        rel = file.relative_to(schema_root)
        if rel.parts[0] in KINDS and rel.parts[0] != profile:
            continue  # only the program's own profile
        planned[f"schema/{rel.as_posix()}"] = file.read_bytes()
    for folder in profile_folders(profile):
        planned[f"records/{folder}/.gitkeep"] = ""
    return planned


def init_program(target: Path, profile: str, name: str | None = None) -> list[Path]:
    """Write a new program repository into `target` (absent or empty); returns the files."""
    if profile not in KINDS:
        raise MentorlogError(f"unknown profile {profile!r}: business or youth")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise MentorlogError(f"{target}: exists and is not empty; init writes only new folders")
    planned = planned_files(profile, name or f"New {profile} mentoring program")
    written: list[Path] = []
    try:
        for rel, content in planned.items():
            write_new(target / rel, content)
            written.append(target / rel)
        # the issue form is made from the schemas and settings just written
        written.append(write_form(Program.open(Repo(target.resolve())))[0])
    except OSError as exc:
        raise MentorlogError(f"{target}: cannot write: {exc.strerror}") from None
    return written
