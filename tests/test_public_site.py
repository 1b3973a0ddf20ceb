"""The public site (`build --public`) publishes enum words, the program's languages and counts:
never a word a person typed, a name, an email or a record id, and no count below
`public.min_count` (DESIGN v2 sections 4 and 7; issue #7 section 3, "public leak").

Both demos are built with hostile additions: every free-text field of every record type holds
a unique marker (a test proves no free-text field of the schemas is left out), and one record
per profile puts markers where an enum goes (an invalid record still reaches the build).
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO_ROOT, make_program, run_main
from mentorlog.index import text
from mentorlog.program import Program, load_program
from mentorlog.repo import Repo
from mentorlog.schemas import KINDS
from mentorlog.settings import Settings
from mentorlog.site.charts import hbar_chart
from mentorlog.site.generate import generate
from mentorlog.site.markdown import inert
from sitehelpers import BUILD_DAY, build, dom, standing_alone

TAIL = " <b>&\"'</b> \u00e9"  # escaping rewrites these: every escaped form is looked for
MONTH = "2026-02"  # the month the hostile sessions are in


def core(kind: str, path: tuple[str | int, ...]) -> str:
    """The letters-only heart of a marker: no escaping of any kind changes it."""
    return "Qz" + kind + "".join(str(p) for p in path if isinstance(p, str)).replace("_", "") \
        + "Xv"


def marker(kind: str, *path: str | int) -> str:
    return core(kind, path) + TAIL


def y(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


# The free-text fields each profile's hostile records fill (kind -> schema paths; 0 = an item).
FILLED: dict[str, dict[str, set[tuple[str | int, ...]]]] = {
    "business": {
        "mentor": {("name",), ("languages", 0)},
        "client": {("name",), ("business",), ("industry",)},
        "request": {("questions", 0)},
        "session": {("notes", 0, "text"), ("late_reason",), ("location",), ("other_topic",),
                    ("other_language",), ("attachments", 0, "title")},
    },
    "youth": {
        "mentor": {("name",), ("languages", 0)},
        "client": set(), "request": set(),
        "site": {("name",), ("contact", "name")},
        "session": {("notes", 0, "text"), ("late_reason",), ("safety_report", "reported_to")},
    },
}
# where an enum goes: an invalid record, which the build still reads
ENUM_ATTACK = {"business": ("mentoring_type", "online_type", "topics", "language"),
               "youth": ("type", "interaction", "resource_needs")}


def mentor_file(profile: str) -> str:
    return (f"name: {y(marker('mentor', 'name'))}\nemail: {core('mentor', ('email',))}"
            f"@example.org\ngithub: {core('mentor', ('github',))}\n"
            f"languages: [{y(marker('mentor', 'languages', 0))}]\n")


def business_files() -> dict[str, str]:
    s = "session"
    head = "request: r-2026-901\nmentor: qz-mentor\nstart: 09:00\nhours: 1\nattendance: attended\n"
    note = (f"notes:\n  - by: qz-mentor\n    at: {MONTH}-10T10:00\n"
            f"    text: {y(marker(s, 'notes', 0, 'text'))}\n")
    return {
        "records/mentors/qz-mentor.yaml": mentor_file("business"),
        "records/clients/qz-client.yaml":
            f"name: {y(marker('client', 'name'))}\nbusiness: {y(marker('client', 'business'))}\n"
            f"industry: {y(marker('client', 'industry'))}\nemail: {core('client', ('email',))}"
            "@example.org\nphone: \"+1 555-0199\"\nstage: startup\n",
        "records/requests/r-2026-901.yaml":
            "client: qz-client\nmentor: qz-mentor\nopened: 2026-01-05\nstatus: open\n"
            f"questions:\n  - {y(marker('request', 'questions', 0))}\n",
        f"records/sessions/2026/02/{MONTH}-10-r-2026-901.yaml":
            f"{head}date: {MONTH}-10\nmentoring_type: face_to_face\n"
            f"location: {y(marker(s, 'location'))}\ntopics: [other]\n"
            f"other_topic: {y(marker(s, 'other_topic'))}\nlanguage: other\n"
            f"other_language: {y(marker(s, 'other_language'))}\n"
            f"late_reason: {y(marker(s, 'late_reason'))}\n"
            "attachments:\n  - path: attachments/r-2026-901/plan.txt\n"
            f"    title: {y(marker(s, 'attachments', 0, 'title'))}\n{note}",
        f"records/sessions/2026/02/{MONTH}-11-r-2026-901.yaml":
            f"{head}date: {MONTH}-11\nmentoring_type: telephone\ntopics: [tax]\n"
            f"language: other\nother_language: {y(marker(s, 'other_language', 'second'))}\n",
        f"records/sessions/2026/02/{MONTH}-12-r-2026-901.yaml":
            f"{head}date: {MONTH}-12\nmentoring_type: telephone\ntopics: [tax]\n"
            "language: Tagalog\n",
        f"records/sessions/2026/02/{MONTH}-13-r-2026-901.yaml":
            f"{head}date: {MONTH}-13\nmentoring_type: {y(marker(s, 'mentoring_type'))}\n"
            f"online_type: {y(marker(s, 'online_type'))}\n"
            f"topics: [{y(marker(s, 'topics'))}]\nlanguage: {y(marker(s, 'language'))}\n",
    }


def youth_files() -> dict[str, str]:
    s = "session"
    head = (f"request: m-qz-2026\nmentor: qz-mentor\nstart: 11:30\nhours: 0.5\n"
            f"attendance: attended\nnotes:\n  - by: qz-mentor\n    at: {MONTH}-10T12:00\n"
            f"    text: {y(marker(s, 'notes', 0, 'text'))}\n")
    return {
        "records/mentors/qz-mentor.yaml": mentor_file("youth"),
        "records/sites/qz-site.yaml":
            f"name: {y(marker('site', 'name'))}\ncontact:\n"
            f"  name: {y(marker('site', 'contact', 'name'))}\n"
            f"  email: {core('site', ('contact', 'email'))}@example.org\n"
            "  phone: \"(312) 555-0199\"\n",
        "records/clients/qz-mentee.yaml":
            f"name: {core('client', ('name',))} K.\nsite: qz-site\ngrade: 4\n",
        "records/requests/m-qz-2026.yaml":
            "client: qz-mentee\nmentor: qz-mentor\nopened: 2026-01-05\n",
        f"records/sessions/2026/02/{MONTH}-10-qz.yaml":
            f"{head}date: {MONTH}-10\ntype: mentoring_hours\ninteraction: in_person\n"
            "safety_concern: true\nsafety_report:\n"
            f"  reported_to: {y(marker(s, 'safety_report', 'reported_to'))}\n"
            f"  reported_at: {MONTH}-10T13:00\nresource_needs: [food]\n"
            f"late_reason: {y(marker(s, 'late_reason'))}\n",
        f"records/sessions/2026/02/{MONTH}-11-qz.yaml":
            f"{head}date: {MONTH}-11\ntype: {y(marker(s, 'type'))}\n"
            f"interaction: {y(marker(s, 'interaction'))}\nsafety_concern: false\n"
            f"resource_needs: [{y(marker(s, 'resource_needs'))}]\n",
    }


def all_markers(profile: str) -> list[str]:
    files = business_files() if profile == "business" else youth_files()
    return sorted(set(re.findall(r"Qz[A-Za-z0-9]+Xv", "".join(files.values()))))


def copy_demo(profile: str, dest: Path) -> Path:
    demo = REPO_ROOT if profile == "business" else REPO_ROOT / "examples" / "youth"
    shutil.copytree(demo, dest, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", ".mentorlog", "tests", "benchmarks", "tools", "examples",
        "*_cache"))
    for rel, content in (business_files() if profile == "business" else youth_files()).items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(content, encoding="utf-8")
    return dest


def built_public(profile: str, base: Path) -> tuple[str, Program, Path]:
    program = Program.open(Repo(copy_demo(profile, base / "repo")))
    return profile, program, build(program, base / "site", public=True).site


@pytest.fixture(scope="module")
def business_public(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Program, Path]:
    return built_public("business", tmp_path_factory.mktemp("public-business"))


@pytest.fixture(scope="module")
def youth_public(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Program, Path]:
    return built_public("youth", tmp_path_factory.mktemp("public-youth"))


@pytest.fixture(params=["business", "youth"])
def public_site(request: pytest.FixtureRequest) -> tuple[str, Program, Path]:
    site: tuple[str, Program, Path] = request.getfixturevalue(f"{request.param}_public")
    return site


# --- what a built site holds, read as bytes -------------------------------------------------

def site_files(site: Path) -> Iterator[tuple[Path, bytes]]:
    for file in sorted(site.rglob("*")):
        if file.is_file():
            data = file.read_bytes()
            yield file, gzip.decompress(data) if file.suffix == ".gz" else data


def views(data: bytes) -> list[str]:
    """The file's text, HTML-unescaped, and (for JSON) its strings decoded."""
    raw = data.decode("utf-8", errors="replace")
    found = [raw, html.unescape(raw)]
    try:
        decoded = json.dumps(json.loads(raw), ensure_ascii=False)
    except ValueError:
        return found
    return [*found, decoded, html.unescape(decoded)]


def escaped_forms(value: str) -> set[str]:
    return {value, html.escape(value), html.escape(value, quote=False), inert(value),
            json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1],
            json.dumps(html.escape(value))[1:-1]}


def free_text_paths(program: Program, kind: str) -> set[tuple[str | int, ...]]:
    """Every schema path of `kind` at which a string is free text (nested up to 3 deep)."""
    uri = program.schema_uri(kind)
    found: set[tuple[str | int, ...]] = set()

    def walk(path: tuple[str | int, ...]) -> None:
        children: dict[str | int, Any] = {}
        for sub in program.schemas.subschemas_at(uri, path):
            children.update(sub.get("properties", {}))
            if isinstance(sub.get("items"), dict):
                children[0] = sub["items"]
        for step in children:
            here = (*path, step)
            if program.schemas.is_free_text(uri, here):
                found.add(here)
            elif len(here) < 4:
                walk(here)

    walk(())
    return found


def person_strings(program: Program) -> set[str]:
    """Every record id, and every name, email, phone, login and business of a person."""
    found: set[str] = set()
    for record in load_program(program, schema_targets=set()).records:
        found.add(record.id)
        if record.kind == "session":
            continue
        contact = record.data.get("contact")
        for data in (record.data, contact if isinstance(contact, dict) else {}):
            found |= {v for key in ("name", "email", "phone", "github", "business")
                      if (v := text(data, key))}
    return found


# --- the public site ------------------------------------------------------------------------

def test_every_free_text_field_is_attacked(public_site: tuple[str, Program, Path]) -> None:
    profile, program, _ = public_site
    for kind in KINDS[profile]:
        assert free_text_paths(program, kind) <= FILLED[profile][kind], kind
    for kind, paths in FILLED[profile].items():
        for path in paths:
            assert core(kind, path) in all_markers(profile), (kind, path)
    for field in ENUM_ATTACK[profile]:
        assert core("session", (field,)) in all_markers(profile)


def test_no_public_file_holds_a_typed_word(public_site: tuple[str, Program, Path]) -> None:
    profile, _, site = public_site
    forms = {form for m in all_markers(profile) for form in escaped_forms(m + TAIL)}
    forms |= {m.lower() for m in all_markers(profile)}  # a search index may lower-case
    leaks = []
    files = 0
    for file, data in site_files(site):
        files += 1
        haystack = "\n".join(views(data))
        haystack += haystack.lower()
        leaks += [(file.relative_to(site).as_posix(), form) for form in sorted(forms)
                  if form in haystack]
    assert leaks == []
    names = {f.relative_to(site).as_posix() for f, _ in site_files(site)}
    assert {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz",
            f"months/{MONTH}.html", "index.html"} <= names
    assert files > 10


def test_no_public_file_names_a_person_or_a_record(
        public_site: tuple[str, Program, Path]) -> None:
    _, program, site = public_site
    strings = person_strings(program)
    assert {"qz-mentor", "r-2026-901", "m-qz-2026"} & strings  # the hostile records are in
    leaks = sorted({(file.relative_to(site).as_posix(), s)
                    for file, data in site_files(site) for view in views(data)
                    for s in strings if standing_alone(s, view)})
    assert leaks == []


def cell_rows(page: Path, heading: str) -> dict[str, str]:
    """The rows (first cell -> second cell) of the table that follows `heading`."""
    section = page.read_text(encoding="utf-8").split(f">{heading}</h2>", 1)[1]
    table = section.split("</table>", 1)[0]
    rows = re.findall(r"<tr><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", table)
    return {html.unescape(k): html.unescape(v) for k, v in rows}


def chart_bars(page: Path, heading: str) -> dict[str, tuple[str, str]]:
    """label -> (the text shown, the bar's width) in the chart under `heading`."""
    section = page.read_text(encoding="utf-8").split(f">{heading}</h2>", 1)[1]
    svg = section.split("</svg>", 1)[0]
    bars = re.findall(r"<g><title>(.*?): (.*?)</title>.*?<rect [^>]*width=\"([\d.]+)\"", svg)
    return {html.unescape(label): (html.unescape(shown), width) for label, shown, width in bars}


def test_counts_below_min_count_show_as_less_than(
        business_public: tuple[str, Program, Path]) -> None:
    _, program, site = business_public
    page = site / "months" / f"{MONTH}.html"
    languages = cell_rows(page, "Languages")
    # other: 3 sessions (two other_language, one language no list holds); Tagalog: 1
    assert languages["other"] == "<5" and languages["Tagalog"] == "<5"
    assert set(languages) <= {*program.settings.languages, "other"}
    bars = chart_bars(page, "Languages")
    assert bars["other"][0] == bars["Tagalog"][0] == "<5"
    assert bars["other"][1] == bars["Tagalog"][1]  # 3 and 1 drawn alike
    shown = " ".join(dom(page).text)
    assert "Tagalog: 1" not in shown and "other: 3" not in shown


def test_charts_hide_a_small_count_in_text_and_size() -> None:
    one = hbar_chart("Languages", [("Tagalog", 1), ("English", 20)], hide_below=5)
    four = hbar_chart("Languages", [("Tagalog", 4), ("English", 20)], hide_below=5)
    assert one == four and "&#60;5" in one
    assert hbar_chart("Languages", [("Tagalog", 1), ("English", 20)]) != one  # coordinators


def test_the_configured_min_count_is_the_one_shown(
        business_public: tuple[str, Program, Path]) -> None:
    assert [Settings(public_min_count=3).small_count(n) for n in (0, 1, 2, 3, 40)] == \
        ["0", "<3", "<3", "3", "40"]
    _, program, _ = business_public
    strict = replace(program, settings=replace(program.settings, public_min_count=10))
    page = generate(strict, True, BUILD_DAY).files[f"months/{MONTH}.md"].decode()
    assert "&#60;10" in page and "&#60;5" not in page


def test_the_coordinators_site_shows_other_language_on_the_client_page(
        business_public: tuple[str, Program, Path]) -> None:
    _, program, _ = business_public
    pages = generate(program, False, BUILD_DAY).files
    assert inert(f"other: {marker('session', 'other_language')}") \
        in pages["clients/qz-client.md"].decode()
    month = pages[f"months/{MONTH}.md"].decode()  # figures count it as "other" there too
    assert core("session", ("other_language",)) not in month


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_the_monthly_report_counts_languages_never_typed_words(
        business_public: tuple[str, Program, Path], fmt: str) -> None:
    _, program, _ = business_public
    result = run_main(["--repo", str(program.repo.root), "report", "monthly", "--month", MONTH,
                       "--format", fmt])
    assert result.code == 0, result.err
    assert [m for m in all_markers("business") if m in result.out] == []
    if fmt == "json":
        report = json.loads(result.out)
        assert report["languages"]["other"] == 3 and report["languages"]["Tagalog"] == 1
        assert set(report["languages"]) <= {*program.settings.languages, "other"}


# --- a session's language is one of the program's: validate says so, naming the field -------

SESSION = "records/sessions/2026/03/2026-03-17-r-2026-001.yaml"


def session_text(language_lines: str) -> str:
    return ("request: r-2026-001\ndate: 2026-03-17\nstart: 10:00\nhours: 1\n"
            "attendance: attended\nmentoring_type: face_to_face\ntopics: [startup]\n"
            + language_lines)


def test_validate_refuses_a_language_outside_the_list(tmp_path: Path) -> None:
    typed = "English; " + marker("session", "language")
    root = make_program(tmp_path / "p", "business",
                        files={SESSION: session_text(f"language: {y(typed)}\n")})
    result = run_main(["--repo", str(root), "validate"])
    assert result.code == 1
    assert (f"{SESSION}:8:11: error[schema]: `language` must be one of the program's "
            "languages (program.languages in mentorlog.yaml): English, Spanish,") in result.out
    assert core("session", ("language",)) not in result.out + result.err
    found = json.loads(run_main(["--repo", str(root), "validate", "--format", "json"]).out)
    assert [(p["path"], p["line"], p["column"]) for p in found["problems"]] == [(SESSION, 8, 11)]


@pytest.mark.parametrize(("lines", "expected"), [
    ("language: other\n", "language 'other' needs other_language saying which"),
    ("language: English\nother_language: Amharic\n",
     "other_language is only for sessions with language 'other'"),
    ("language: other\nother_language: Amharic\n", None),
])
def test_other_language_goes_with_language_other(tmp_path: Path, lines: str,
                                                 expected: str | None) -> None:
    root = make_program(tmp_path / "p", "business", files={SESSION: session_text(lines)})
    result = run_main(["--repo", str(root), "validate", SESSION], cwd=root)
    assert result.code == (1 if expected else 0), result.out
    assert expected is None or expected in result.out
    assert "Amharic" not in result.out


def with_languages(root: Path, languages: str) -> None:
    settings = root / "mentorlog.yaml"
    text_ = (REPO_ROOT / "tests/cases/base-business/mentorlog.yaml").read_text()
    settings.write_text(text_.replace("program:\n", f"program:\n  languages: {languages}\n"))


def test_a_changed_language_list_applies_at_once(tmp_path: Path) -> None:
    """No verdict outlives the settings it was made under: the summary cache keeps fields,
    never verdicts, and the schema is narrowed afresh on every run."""
    root = make_program(tmp_path / "p", "business",
                        files={SESSION: session_text("language: Amharic\n")})
    with_languages(root, "[English, Amharic]")
    assert run_main(["--repo", str(root), "validate", SESSION], cwd=root).code == 0
    assert (root / ".mentorlog" / "cache").is_dir()  # validate PATH kept its summaries
    with_languages(root, "[English]")
    refused = run_main(["--repo", str(root), "validate", SESSION], cwd=root)
    assert refused.code == 1 and f"{SESSION}:8:11: error[schema]: `language`" in refused.out
    assert run_main(["--repo", str(root), "validate"]).code == 1


@pytest.mark.parametrize("languages", ["[]", "[English, other]", "[English, English]",
                                       '[" English"]', "English"])
def test_a_bad_language_list_stops_every_command(tmp_path: Path, languages: str) -> None:
    root = make_program(tmp_path / "p", "business")
    with_languages(root, languages)
    result = run_main(["--repo", str(root), "validate"])
    assert result.code == 2 and "mentorlog.yaml" in result.err


@pytest.mark.parametrize("min_count", ["0", "-1", "2.5", "many"])
def test_a_bad_min_count_stops_every_command(tmp_path: Path, min_count: str) -> None:
    root = make_program(tmp_path / "p", "business")
    settings = root / "mentorlog.yaml"
    settings.write_text(settings.read_text() + f"public:\n  min_count: {min_count}\n")
    result = run_main(["--repo", str(root), "validate"])
    assert result.code == 2 and "mentorlog.yaml" in result.err
