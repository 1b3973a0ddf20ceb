"""Fixtures shared by the test modules: small program repositories built from the base cases
and git isolated from the user's configuration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cdp import Browser
from gitprogram import git_environment
from helpers import SECRET, make_program


@pytest.fixture(scope="module")
def isolated_git(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every git in the module (ours and mentorlog's) runs with a pinned identity and dates and
    no user or system configuration. Modules that run git ask for it with
    `pytestmark = pytest.mark.usefixtures("isolated_git")`."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        for key, value in git_environment(home).items():
            patch.setenv(key, value)
        yield


BAD_SESSION = "records/sessions/2026/03/2026-03-17-bad.yaml"
# A session with problems of several kinds: schema, a cross-record rule, a warning.
BAD_SESSION_TEXT = """\
request: r-2026-001
date: 2026-03-17
start: 10:00
hours: 1.3
attendance: attended
mentoring_type: telephone
topics: [startup]
language: English
completes_request: true
notes:
  - by: nobody-here
    at: 2026-03-17T11:00
    text: A note.
"""


@pytest.fixture
def business_repo(tmp_path: Path) -> Path:
    return make_program(tmp_path / "business", "business")


@pytest.fixture
def youth_repo(tmp_path: Path) -> Path:
    return make_program(tmp_path / "youth", "youth")


@pytest.fixture
def bad_repo(tmp_path: Path) -> Path:
    return make_program(tmp_path / "bad", "business", files={BAD_SESSION: BAD_SESSION_TEXT})


# Notes (free text that may hold safeguarding details) written where they do not belong.
SECRET_FILES = {
    "records/sessions/2026/03/2026-03-17-s1.yaml": f"""\
request: r-2026-001
date: 2026-03-17
start: 10:00
hours: 1
attendance: attended
mentoring_type: telephone
topics: [startup]
language: English
notes: "{SECRET}"
""",
    "records/sessions/2026/03/2026-03-18-s2.yaml": f"""\
request: {SECRET}
mentor: {SECRET}
date: {SECRET}
start: {SECRET}
end: {SECRET}
hours: {SECRET}
attendance: {SECRET}
mentoring_type: {SECRET}
online_type: {SECRET}
topics: [{SECRET}]
language: English
co_mentors:
  - mentor: {SECRET}
    hours: {SECRET}
  - {SECRET}
attachments:
  - path: attachments/r-2026-001/{SECRET}.pdf
    title: x
  - path: {SECRET}
    title: x
notes:
  - by: {SECRET}
    at: {SECRET}
    text: 5
  - {SECRET}
  - by: {SECRET}
    at: {SECRET}
    text: [{SECRET}]
  - by: kim-osei
    at: 2026-03-18T10:00
    text: ok
    {SECRET}: true
    {SECRET}: true
""",
    "records/sessions/2026/03/2026-03-19-s3.yaml": f"""\
request: r-2026-001
date: 2026-03-19
start: 10:00
hours: 1
attendance: attended
mentoring_type: telephone
topics: [startup]
language: English
{SECRET}: yes
late_reason: {SECRET} # {SECRET}
""",
    "records/sessions/2026/03/2026-03-20-s4.yaml": f"""\
request: r-2026-001
date: 2026-03-20
start: 10:00
hours: 1
attendance: attended
mentoring_type: telephone
topics: [startup]
language: English
notes:
  - by: {SECRET}
    at: {SECRET}
    text: one
  - by: {SECRET}
    at: {SECRET}
    text: two
""",
    "records/requests/r-2026-077.yaml": f"""\
client: {SECRET}
mentor: {SECRET}
co_mentors: [{SECRET}]
opened: {SECRET}
status: {SECRET}
closed: {SECRET}
questions: {SECRET}
""",
    "records/mentors/ida-secret.yaml": f"name: [{SECRET}]\nemail: {SECRET}\nrole: {SECRET}\n",
    "records/clients/c-secret.yaml": f"name: ok\nstage: {SECRET}\nphone: {SECRET}\n",
}


@pytest.fixture
def secret_repo(tmp_path: Path) -> Path:
    return make_program(tmp_path / "secret", "business", files=dict(SECRET_FILES))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium, one per test module (the browser tests of the site)."""
    chrome = Browser()
    chrome.call("Page.enable")
    yield chrome
    chrome.close()
