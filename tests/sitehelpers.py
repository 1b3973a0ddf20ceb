"""Shared by the site tests: a program with hostile record text, built sites, HTML reading."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from helpers import REPO_ROOT, make_program
from mentorlog.program import Program
from mentorlog.repo import Repo
from mentorlog.site import Built, build_site

BUILD_DAY = date(2026, 3, 20)
# Every trick a note, a name or a question could try; all must show as plain text.
HOSTILE = ('<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) '
           '{: onclick="alert(1)" } --8<-- "/etc/passwd" {{ config }} {% raw %} | a | b | '
           "& # * _x_ `code` \U0001F600")
HOSTILE_NAME = ("Zed <b>Bold</b> </title><script>alert(3)</script> | Pipe {{ config }} *Star* "
                "#1 & Co \U0001F600")


def yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML strings

HOSTILE_MENTOR = "Zara <i>It</i> [m](javascript:alert(4)) {{ config }} & Co"


def hostile_files() -> dict[str, str | bytes]:
    h = yaml_text(HOSTILE)
    return {
        "records/clients/zed-hostile.yaml": f"name: {yaml_text(HOSTILE_NAME)}\nbusiness: {h}\n",
        "records/requests/r-2026-666.yaml":
            f"client: zed-hostile\nmentor: kim-osei\nco_mentors: [zara-hostile]\n"
            "opened: 2026-01-10\nstatus: open\n"
            f"questions:\n  - {h}\n",
        "records/sessions/2026/02/2026-02-03-r-2026-666.yaml": (
            "request: r-2026-666\ndate: 2026-02-03\nstart: 09:00\nhours: 1\n"
            "attendance: attended\nmentoring_type: telephone\ntopics: [other]\n"
            f"other_topic: {h}\nlanguage: English\nlate_reason: {h}\n"
            "attachments:\n  - path: attachments/r-2026-666/readme.md\n"
            f"    title: {h}\n"
            "co_mentors:\n  - mentor: zara-hostile\n    hours: 1\n"
            "notes:\n  - by: kim-osei\n    at: 2026-02-03T10:00\n"
            f"    text: {yaml_text(HOSTILE + chr(10) + chr(10) + 'second paragraph')}\n"
            f"  - by: zara-hostile\n    at: 2026-02-03T11:00\n    text: {h}\n"),
        "records/mentors/zara-hostile.yaml":
            f"name: {yaml_text(HOSTILE_MENTOR)}\nemail: zara@example.org\n",
        "records/attachments/r-2026-666/readme.md": "# heading <script>alert(2)</script>\n",
    }


def hostile_program(dest: Path, extra: dict[str, str | bytes] | None = None) -> Program:
    root = make_program(dest, "business", files={**hostile_files(), **(extra or {})})
    return Program.open(Repo(root))


def build(program: Program, site: Path, public: bool = False) -> Built:
    return build_site(program, site, public=public, strict=True, today=BUILD_DAY)


class Dom(HTMLParser):
    """What a browser would see: elements with their attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def dom(file: Path) -> Dom:
    parsed = Dom()
    parsed.feed(file.read_text(encoding="utf-8"))
    return parsed


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def standing_alone(value: str, view: str) -> bool:
    """`value` as a word of its own (the id `ana-g` is not inside `banana-grove`). The plain
    substring test first: the regex's lookbehind makes it scan all of `view` (a whole site:
    megabytes) for each value."""
    return value in view and re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", view) is not None


def hostile_demo(repo: Path) -> Path:
    """The demo program (records, settings, mkdocs.yml) in `repo`, with hostile_files over it:
    what the browser tests build and open."""
    shutil.copytree(REPO_ROOT / "records", repo / "records")
    for name in ("mentorlog.yaml", "mkdocs.yml"):
        shutil.copyfile(REPO_ROOT / name, repo / name)
    for rel, content in hostile_files().items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(str(content), encoding="utf-8")
    return repo
