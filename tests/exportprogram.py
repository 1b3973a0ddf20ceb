"""A small business program written as YAML text, for the export tests' hand-computed rows.

Three sessions, in date order:
- s1, 2026-03-10, request r-1 (Zoë, Part I given, some `undisclosed`): kim-osei leads with
  1.5 h + 0.5 prep + 0.25 travel; two co-mentors, lee-park 1.5 h and ana-diaz 1 h.
- s2, 2026-03-12, request r-2 (a name and business that start like formulas, no Part I): a
  no-show, 0 hours, the mentor taken from the request (lee-park), language `other`.
- s3, 2026-03-20, request r-1, led by the co-mentor ana-diaz, online, logged late.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden" / "export"
# Set to write the golden files from the current output (then review the diff and commit).
REGENERATE = "MENTORLOG_REGENERATE_GOLDEN"

FILES = {
    "mentorlog.yaml": """\
program:
  name: Export Test Chapter
  profile: business
  timezone: America/New_York
""",
    "records/mentors/kim-osei.yaml": "name: Kim Osei\nemail: kim@example.org\n",
    "records/mentors/lee-park.yaml": "name: Lee Park\nemail: lee@example.org\n",
    "records/mentors/ana-diaz.yaml": "name: Ana Díaz\nemail: ana@example.org\n",
    "records/clients/zoe.yaml": """\
name: Zoë Ångström
business: Café Crème
stage: startup
zip: "01103"
gender: female
race: [black, white]
ethnicity: undisclosed
veteran: not_veteran
disability: undisclosed
""",
    "records/clients/formula.yaml": """\
name: "@Ivy Stone"
business: "=SUM(A1:A9) Supplies"
""",
    "records/requests/r-1.yaml": """\
client: zoe
mentor: kim-osei
co_mentors: [lee-park, ana-diaz]
opened: 2026-03-01
status: completed
closed: 2026-03-20
""",
    "records/requests/r-2.yaml": """\
client: formula
mentor: lee-park
opened: 2026-03-01
""",
    "records/sessions/2026/03/s1.yaml": """\
request: r-1
date: 2026-03-10
start: "14:00"
end: "15:30"
hours: 1.5
attendance: attended
mentoring_type: face_to_face
location: +Back room
topics: [financing, other]
other_topic: Microloan application
language: English
prep_hours: 0.5
travel_hours: 0.25
co_mentors:
  - mentor: lee-park
    hours: 1.5
  - mentor: ana-diaz
    hours: 1
notes:
  - by: kim-osei
    at: 2026-03-10T15:45
    text: A note that no CSV carries.
""",
    "records/sessions/2026/03/s2.yaml": """\
request: r-2
date: 2026-03-12
start: "09:00"
hours: 0
attendance: no_show
mentoring_type: telephone
topics: [business_plan]
language: other
other_language: Amharic
notes:
  - by: lee-park
    at: 2026-03-12T09:30
    text: Did not answer.
""",
    "records/sessions/2026/03/s3.yaml": """\
request: r-1
mentor: ana-diaz
date: 2026-03-20
start: "10:00"
end: "11:00"
hours: 1
attendance: attended
mentoring_type: online
online_type: video
topics: [marketing_sales]
language: Spanish
completes_request: true
late_reason: I was away all month.
""",
}


def write_program(root: Path) -> Path:
    for rel, content in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    return root.resolve()


def assert_golden(name: str, actual: bytes) -> None:
    """`actual` is byte for byte the golden file `name` (regenerated when REGENERATE is set)."""
    path = GOLDEN / name
    if os.environ.get(REGENERATE):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
    assert path.read_bytes() == actual, \
        f"{name} differs from its golden file: set {REGENERATE}=1, review the diff, commit"
