#!/usr/bin/env python3
"""Synthetic, valid mentorlog program repositories, for benchmarks.

    python benchmarks/generate.py OUT_DIR --sessions N [--clients M]
                                  [--profile business|youth] [--seed S]

writes OUT_DIR/mentorlog.yaml and OUT_DIR/records/ (mentors, clients, sites for youth,
requests, sessions filed under sessions/YYYY/MM/, a few attachments) and no schema/ folder,
so the schemas bundled in the package apply. Every record is valid against the schemas and the
cross-record rules; all dates lie in the past (sessions fall in the 36 months before
2026-11-01). The same arguments always give the same bytes.

Other benchmarks import it: `generate_program(out, sessions, clients, profile, seed)`.
Records are written as text, not through a YAML emitter: it is several times faster, and the
output looks like what a mentor types (`date: 2026-03-10`, `text: |` blocks).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

WINDOW_START = date(2023, 11, 1)
WINDOW_DAYS = (date(2026, 11, 1) - WINDOW_START).days  # sessions: 2023-11-01 .. 2026-10-31
_EARLIEST = -60  # a request may open up to this many days before its first session's window
# ISO dates by day offset from WINDOW_START (offset - _EARLIEST indexes the tuple)
_ISO = tuple((WINDOW_START + timedelta(days)).isoformat()
             for days in range(_EARLIEST, WINDOW_DAYS + 30))
STARTS = tuple(range(8 * 60, 18 * 60 + 1, 30))  # 08:00 .. 18:00, half-hourly
PROFILES = ("business", "youth")

FIRST = ("Kim", "Lee", "Rosa", "Ida", "Sam", "Ana", "Omar", "Mei", "Tom", "Nia", "Raj", "Eva",
         "Luis", "Zoe", "Ben", "Aya", "Carl", "Dana", "Emil", "Fay", "Gus", "Hana", "Ivan", "Jo",
         "Kofi", "Lena", "Marco", "Nora", "Otto", "Pia", "Quinn", "Rui", "Sara", "Theo", "Uma",
         "Vic", "Wen", "Xavi", "Yara", "Zane", "José", "Zoë", "Amara", "Bilal", "Chloé", "Dev")
LAST = ("Osei", "Park", "Delgado", "Cole", "Reyes", "Nguyen", "Haddad", "Chen", "Brown", "Okafor",
        "Patel", "Novak", "Garcia", "Kim", "Lopez", "Tanaka", "Schmidt", "Whitfield", "Moreau",
        "Ali", "Santos", "Kowalski", "Silva", "Ibrahim", "Murphy", "Rossi", "Jensen", "Dubois",
        "Costa", "Yilmaz", "Müller", "Ortiz", "Singh", "Adeyemi", "Larsen", "Fischer", "Ruiz")
LANGUAGES = ("English",) * 17 + ("Spanish",) * 2 + ("Vietnamese", "Chinese", "French")


def day_iso(day: int) -> str:
    """The ISO date of a day offset from WINDOW_START."""
    return _ISO[day - _EARLIEST]


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def hours_text(hours: float) -> str:
    return f"{hours:g}"


# letters first, then nothing YAML reads specially (no ': ', ' #', leading indicators)
_PLAIN_SAFE = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-z0-9À-ÿ .,'()&/?+-]*[A-Za-z0-9À-ÿ.)?]$")


def scalar(value: str) -> str:
    """A YAML scalar for `value`: plain when that reads back as the same string."""
    if _PLAIN_SAFE.match(value):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


# --- the cast ---

@dataclass(frozen=True)
class Mentor:
    id: str
    name: str
    role: str
    languages: tuple[str, ...]
    active: bool


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    contact: str


@dataclass(frozen=True)
class Client:
    id: str
    name: str
    site: Site | None  # youth only


@dataclass
class Request:
    client: Client
    mentor: str
    co_mentors: list[str]
    id: str = ""
    opened: int = 0
    status: str = "open"
    closed: int | None = None
    slots: list[tuple[int, int]] = field(default_factory=list)  # (day, start minute)


@dataclass
class Cast:
    profile: str
    mentors: list[Mentor]
    coordinators: list[Mentor]
    sites: list[Site]
    clients: list[Client]


@dataclass(frozen=True)
class Summary:
    """What a generated program holds (file counts are what a benchmark reads)."""

    mentors: int
    clients: int
    sites: int
    requests: int
    sessions: int
    attachments: int

    @property
    def record_files(self) -> int:
        return self.mentors + self.clients + self.sites + self.requests + self.sessions


def unique_id(base: str, taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower().replace("ü", "u").replace("é", "e")
                  .replace("ë", "e")).strip("-")
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def make_mentors(rng: random.Random, count: int, role: str, taken: set[str]) -> list[Mentor]:
    mentors = []
    for _ in range(count):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        languages = ("English",) if rng.random() < 0.7 else ("English", rng.choice(LANGUAGES[17:]))
        mentors.append(Mentor(unique_id(name, taken), name, role, languages,
                              rng.random() < 0.92 or role == "coordinator"))
    return mentors


SCHOOLS = ("Lincoln", "Washington", "Riverside", "Oak Hill", "Maple", "Jefferson", "Cedar Park",
           "Franklin", "Hillcrest", "Lakeview", "Sunnyside", "Roosevelt", "Westwood", "Eastgate")


def make_sites(rng: random.Random, count: int) -> list[Site]:
    taken: set[str] = set()
    sites = []
    for i in range(count):
        kind = ("Elementary", "Middle School", "High School")[i % 3]
        name = f"{SCHOOLS[i % len(SCHOOLS)]} {kind}"
        if i >= len(SCHOOLS) * 3:
            name += f" {i // (len(SCHOOLS) * 3) + 1}"
        contact = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        sites.append(Site(unique_id(name, taken), name, contact))
    return sites


def make_clients(rng: random.Random, count: int, sites: list[Site]) -> list[Client]:
    taken: set[str] = set()
    clients = []
    width = max(4, len(str(count)))
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if sites:  # youth: first name and last initial (DESIGN section 4)
            name = f"{first} {last[0]}."
            clients.append(Client(unique_id(f"{first}-{last[0]}-{i:0{width}d}", taken), name,
                                  rng.choice(sites)))
        else:
            name = f"{first} {last}"
            clients.append(Client(unique_id(f"{name}-{i:0{width}d}", taken), name, None))
    return clients


def make_cast(rng: random.Random, profile: str, clients: int) -> Cast:
    taken: set[str] = set()
    if profile == "youth":  # most youth mentors have one or two mentees
        mentors = make_mentors(rng, max(3, clients * 2 // 3), "mentor", taken)
        sites = make_sites(rng, max(2, clients // 40))
    else:  # a SCORE chapter: a mentor follows a few dozen clients over three years
        mentors = make_mentors(rng, max(3, clients // 25), "mentor", taken)
        sites = []
    coordinators = make_mentors(rng, max(2, clients // 500), "coordinator", taken)
    return Cast(profile, mentors, coordinators, sites, make_clients(rng, clients, sites))


# --- requests and their sessions' schedule ---

def make_requests(rng: random.Random, cast: Cast) -> list[Request]:
    requests = []
    active = [m.id for m in cast.mentors if m.active] or [m.id for m in cast.mentors]
    for client in cast.clients:
        for _ in range(rng.choices((1, 2, 3), (75, 20, 5))[0]):
            lead = rng.choice(active)
            others = [m for m in rng.sample(active, min(3, len(active))) if m != lead]
            co_count = rng.choices((0, 1, 2), (90, 10, 0) if cast.sites else (60, 30, 10))[0]
            requests.append(Request(client, lead, others[:co_count]))
    return requests


def distribute(rng: random.Random, total: int, buckets: int) -> list[int]:
    """Sessions per request: at least one each while they last, the rest unevenly."""
    counts = [0] * buckets
    for i in rng.sample(range(buckets), min(buckets, total)):
        counts[i] = 1
    rest = total - min(buckets, total)
    if rest:
        weights = [rng.uniform(0.2, 3.0) for _ in range(buckets)]
        for i in rng.choices(range(buckets), weights=weights, k=rest):
            counts[i] += 1
    return counts


def schedule(rng: random.Random, count: int, youth: bool) -> list[tuple[int, int]]:
    """(day, start) of `count` sessions, roughly every `gap` days, at most one a day."""
    gap = rng.randint(6, 10) if youth else rng.randint(7, 28)
    span = min(WINDOW_DAYS, max(14, count * gap))
    first = rng.randrange(WINDOW_DAYS - span + 1)
    usual = rng.choice(STARTS)
    if count <= span:
        days = sorted(rng.sample(range(span), count))
        return [(first + d, usual if rng.random() < 0.7 else rng.choice(STARTS)) for d in days]
    slots = sorted(rng.sample(range(span * len(STARTS)), count))  # more than one a day
    return [(first + k // len(STARTS), STARTS[k % len(STARTS)]) for k in slots]


def settle(rng: random.Random, request: Request, count: int, youth: bool) -> None:
    """Dates and status of a request that will hold `count` sessions."""
    request.slots = schedule(rng, count, youth) if count else []
    if not request.slots:
        request.opened = rng.randrange(WINDOW_DAYS)
        return
    first, last = request.slots[0][0], request.slots[-1][0]
    request.opened = max(_EARLIEST, first - rng.randint(0, 21))
    finished = last < WINDOW_DAYS - 60
    request.status = rng.choices(("completed", "withdrawn", "open"),
                                 (75, 10, 15) if finished else (15, 0, 85))[0]
    if request.status != "open":
        request.closed = min(WINDOW_DAYS - 1, last + rng.randint(0, 14))


def name_requests(requests: list[Request], youth: bool) -> None:
    """r-YYYY-NNNN (business) or m-<client>-YYYY (youth), numbered in opening order."""
    taken: set[str] = set()
    per_year: dict[str, int] = {}
    width = max(4, len(str(len(requests))))
    for request in sorted(requests, key=lambda r: (r.opened, r.client.id)):
        year = day_iso(request.opened)[:4]
        if youth:
            request.id = unique_id(f"m-{request.client.id}-{year}", taken)
        else:
            per_year[year] = per_year.get(year, 0) + 1
            request.id = unique_id(f"r-{year}-{per_year[year]:0{width}d}", taken)


# --- free text ---

BUSINESS_SENTENCES = (
    "Walked through the loan application line by line and flagged the missing schedules.",
    "Reviewed the twelve-month cash-flow forecast; receivables are slower than assumed.",
    "Discussed pricing: current margins do not cover the delivery costs in winter.",
    "Client wants to hire a first employee and asked about payroll and workers' comp.",
    "Homework: finish the competitor table and bring three quotes from suppliers.",
    "We compared an LLC and an S corporation; the accountant will confirm the tax side.",
    "Went over the marketing plan, focusing on the two neighborhoods with foot traffic.",
    "The landlord offered a three-year lease; we listed the clauses to negotiate.",
    "Client is preparing for the SBA microloan interview next month.",
    "Talked through inventory turns and why the back room holds four months of stock.",
    "Set up a simple bookkeeping routine: receipts weekly, reconciliation monthly.",
    "Co-mentor shared a template for the break-even analysis; client will fill it in.",
    "Website sales grew after the product photos were redone; next step is email follow-up.",
    "Agreed on milestones: business plan draft by the end of the month, lender meeting after.",
    "Client asked how to register for government contracting; pointed to the SAM process.",
    "Reviewed the insurance quotes and what each policy leaves out.",
    "Discussed succession: the owner wants to sell within five years.",
    "Cybersecurity basics: separate accounts, backups, and a password manager for staff.",
    "We read the franchise disclosure document together and noted questions for the lawyer.",
    "Client feels more confident about the numbers; the bank asked for two more statements.",
    "Export paperwork is the bottleneck; we mapped who files what and when.",
    "Sales pipeline review: eleven leads, three likely to close this quarter.",
    "Talked about customer complaints and a simple refund policy to post at the counter.",
    "Cash is tight until the grant arrives; we planned which bills can wait two weeks.",
)
YOUTH_SENTENCES = (
    "We read two chapters together and he sounded out the long words on his own.",
    "She was quiet at first but opened up while we played a card game.",
    "Worked on multiplication tables with flash cards; nines are still hard.",
    "He was tired today and said he had stayed up late; we kept the session light.",
    "We talked about the science fair and drew a plan for the volcano model.",
    "She proudly showed me a spelling test with a much better score than last month.",
    "Group activity in the library: the mentees built a story with picture cards.",
    "He mentioned his winter coat no longer fits; passed this on as a resource need.",
    "We practised introducing ourselves for the class presentation next week.",
    "She asked about high school and what classes she might take.",
    "Played a math board game; he counted money carefully and kept score.",
    "Talked about friendships and what to do when someone is left out at recess.",
    "He said there is not always food at home on weekends; told the site contact.",
    "We wrote a short letter to his grandmother and he decorated the envelope.",
    "She set a goal to turn in every homework sheet this week.",
    "Virtual session: the connection dropped twice but we finished the reading log.",
    "He was excited about the soccer game on Saturday and drew the team's logo.",
    "We looked at a map and found where his family came from.",
)
NOT_ATTENDED = {
    "no_show": "The client did not come and did not answer two calls; we will reschedule.",
    "mentor_absent": "I was ill and could not attend; the coordinator was told in the morning.",
    "cancelled": "Cancelled the day before at the client's request; new date to be agreed.",
}


def paragraph(rng: random.Random, pool: tuple[str, ...], lead: str | None) -> list[str]:
    """200-800 characters of note text as lines of at most ~90 characters."""
    target = rng.randint(200, 800)
    sentences = [lead] if lead else []
    size = sum(len(s) + 1 for s in sentences)
    for sentence in rng.sample(pool, 12):  # no sentence twice; 12 fill 800 characters
        if size >= target or (size >= 200 and size + len(sentence) + 1 > target):
            break
        sentences.append(sentence)
        size += len(sentence) + 1
    lines: list[str] = []
    current = ""
    for sentence in sentences:
        if current and len(current) + len(sentence) > 90:
            lines.append(current)
            current = ""
        current = f"{current} {sentence}" if current else sentence
    return [*lines, current]


# --- rendering ---

def mentor_yaml(mentor: Mentor) -> str:
    login = mentor.id.replace("-", "")[:39]
    lines = [f"name: {scalar(mentor.name)}",
             f"email: {mentor.id.replace('-', '.')}@example.org",
             f"github: {login}"]
    if mentor.role == "coordinator":
        lines.append("role: coordinator")
    lines.append(f"languages: {flow(list(mentor.languages))}")
    if not mentor.active:
        lines.append("active: false")
    return "\n".join(lines) + "\n"


def site_yaml(site: Site) -> str:
    return (f"name: {scalar(site.name)}\ncontact:\n  name: {scalar(site.contact)}\n"
            f"  email: contact.{site.id}@example.org\n  phone: 555-01{len(site.id) % 100:02d}\n")


STAGES = ("pre_startup", "startup", "in_business")
INDUSTRIES = ("Food service", "Retail", "Construction", "Professional services", "Health care",
              "Manufacturing", "Software", "Landscaping", "Beauty and wellness", "Transportation")
BUSINESS_WORDS = ("Bakery", "Studio", "Consulting", "Landscaping", "Auto Repair", "Boutique",
                  "Catering", "Software", "Cleaning", "Print Shop")


def client_yaml(rng: random.Random, client: Client) -> str:
    if client.site is not None:
        grade = rng.choice(("PK", "K", *[str(g) for g in range(1, 13)]))
        return f"name: {scalar(client.name)}\nsite: {client.site.id}\ngrade: {grade}\n"
    last = client.name.split(" ")[-1]
    lines = [f"name: {scalar(client.name)}",
             f"business: {scalar(f'{last} {rng.choice(BUSINESS_WORDS)}')}",
             f"email: {client.id}@example.com",
             f"phone: +1 555-{rng.randrange(10000):04d}",
             f"stage: {rng.choice(STAGES)}",
             f"industry: {rng.choice(INDUSTRIES)}"]
    return "\n".join(lines) + "\n"


QUESTIONS = ("How do I price my products?", "Which loan fits a first location?",
             "How do I write a business plan a bank will read?", "Should I incorporate?",
             "How do I find my first customers?", "When can I afford to hire?",
             "How do I get paid faster by customers?", "Is buying this business a good deal?")


def request_yaml(rng: random.Random, request: Request, youth: bool) -> str:
    lines = [f"client: {request.client.id}", f"mentor: {request.mentor}"]
    if request.co_mentors:
        lines.append(f"co_mentors: {flow(request.co_mentors)}")
    lines.append(f"opened: {day_iso(request.opened)}")
    lines.append(f"status: {request.status}")
    if request.closed is not None:
        lines.append(f"closed: {day_iso(request.closed)}")
    if not youth:
        lines.append("questions:")
        lines += [f"  - {scalar(q)}" for q in rng.sample(QUESTIONS, rng.randint(1, 3))]
    return "\n".join(lines) + "\n"


@dataclass
class SessionPlan:
    """One session as decided, before it is written out."""

    request: Request
    day: int
    start: int
    attended: str
    hours: float
    mentor: str  # who held it (the lead unless a co-mentor did)
    last: bool  # the request's last session


def plan_session(rng: random.Random, request: Request, index: int, youth: bool) -> SessionPlan:
    day, start = request.slots[index]
    last = index == len(request.slots) - 1
    attendance = rng.choices(("attended", "no_show", "cancelled", "mentor_absent"),
                             (88, 6, 4, 2))[0]
    if last and request.status == "completed":
        attendance = "attended"  # a completed request has an attended session
    hours = 0.0
    if attendance == "attended":
        hours = rng.choice((0.5, 0.75, 1, 1, 1.5, 2) if youth else
                           (0.5, 0.75, 1, 1, 1.25, 1.5, 1.5, 2, 2.5, 3))
    mentor = request.mentor
    if request.co_mentors and rng.random() < 0.15:
        mentor = rng.choice(request.co_mentors)
    return SessionPlan(request, day, start, attendance, hours, mentor, last)


def session_head(rng: random.Random, plan: SessionPlan) -> list[str]:
    lines = [f"request: {plan.request.id}"]
    if plan.mentor != plan.request.mentor or rng.random() < 0.05:
        lines.append(f"mentor: {plan.mentor}")
    lines += [f"date: {day_iso(plan.day)}", f"start: {hhmm(plan.start)}"]
    if plan.hours and rng.random() < 0.8:
        lines.append(f"end: {hhmm(plan.start + round(plan.hours * 60))}")
    lines += [f"hours: {hours_text(plan.hours)}", f"attendance: {plan.attended}"]
    if rng.random() < 0.03:
        lines.append("late_reason: Was travelling without access to the portal.")
    return lines


TOPICS = ("business_plan", "startup", "buy_sell_business", "financing", "cash_flow",
          "accounting", "marketing_sales", "management", "human_resources", "legal", "tax",
          "technology", "ecommerce", "franchising", "government_contracting",
          "international_trade", "disaster_recovery", "customer_relations", "cybersecurity",
          "other")
OTHER_TOPICS = ("Applying for a microloan", "Choosing a point-of-sale system",
                "Lease negotiation", "Food truck permits")
LOCATIONS = ("Chapter office, Room 2", "Public library", "Client's shop", "Coffee shop downtown")


def business_fields(rng: random.Random, plan: SessionPlan) -> list[str]:
    kind = rng.choices(("face_to_face", "online", "telephone"), (35, 45, 20))[0]
    lines = [f"mentoring_type: {kind}"]
    if kind == "online":
        lines.append(f"online_type: {rng.choices(('video', 'email', 'chat'), (60, 25, 15))[0]}")
    elif kind == "face_to_face" and rng.random() < 0.7:
        lines.append(f"location: {scalar(rng.choice(LOCATIONS))}")
    topics = rng.sample(TOPICS, rng.choices((1, 2, 3), (50, 35, 15))[0])
    lines.append(f"topics: {flow(topics)}")
    if "other" in topics:
        lines.append(f"other_topic: {rng.choice(OTHER_TOPICS)}")
    lines.append(f"language: {rng.choice(LANGUAGES)}")
    if rng.random() < 0.4:
        lines.append(f"prep_hours: {hours_text(rng.choice((0.25, 0.5, 1)))}")
    if kind == "face_to_face" and rng.random() < 0.5:
        lines.append(f"travel_hours: {hours_text(rng.choice((0.25, 0.5, 0.75)))}")
    return lines + co_mentor_lines(rng, plan)


def co_mentor_lines(rng: random.Random, plan: SessionPlan) -> list[str]:
    others = [m for m in [plan.request.mentor, *plan.request.co_mentors] if m != plan.mentor]
    present = [m for m in others if plan.hours and rng.random() < 0.5]
    if not present:
        return []
    lines = ["co_mentors:"]
    for mentor in present:
        lines += [f"  - mentor: {mentor}", f"    hours: {hours_text(plan.hours)}"]
    return lines


RESOURCE_NEEDS = ("food", "shelter", "clothing", "transportation", "school_supplies", "health",
                  "other")


def youth_fields(rng: random.Random, plan: SessionPlan) -> list[str]:
    lines = [f"type: {'group_activity' if rng.random() < 0.1 else 'mentoring_hours'}",
             f"interaction: {'virtual' if rng.random() < 0.2 else 'in_person'}"]
    site = plan.request.client.site
    if plan.hours and site is not None and rng.random() < 0.01:
        reported = f"{day_iso(plan.day)}T{hhmm(plan.start + round(plan.hours * 60) + 30)}"
        lines += ["safety_concern: true", "safety_report:",
                  f"  reported_to: {scalar(site.contact + ' (site contact)')}",
                  f"  reported_at: {reported}"]
    else:
        lines.append("safety_concern: false")
    if plan.hours and rng.random() < 0.08:
        lines.append(f"resource_needs: {flow(rng.sample(RESOURCE_NEEDS, rng.randint(1, 2)))}")
    return lines


def note_lines(rng: random.Random, plan: SessionPlan, authors: list[str], youth: bool) -> list[str]:
    """1-3 notes: the session's mentor first, then follow-ups on later days."""
    count = rng.choices((1, 2, 3), (60, 30, 10))[0]
    if not youth and plan.attended == "attended" and rng.random() < 0.1:
        return []  # business notes are optional
    lines = ["notes:"]
    minute = plan.start + round(plan.hours * 60) + rng.randint(5, 90)
    day = plan.day
    for n in range(count):
        by = plan.mentor if n == 0 else rng.choice(authors)
        lead = NOT_ATTENDED.get(plan.attended) if n == 0 else None
        text = paragraph(rng, YOUTH_SENTENCES if youth else BUSINESS_SENTENCES, lead)
        lines += [f"  - by: {by}", f"    at: {day_iso(day)}T{hhmm(minute)}", "    text: |"]
        lines += [f"      {line}" for line in text]
        day, minute = day + rng.randint(1, 9), rng.randrange(8 * 60, 20 * 60)
    return lines


@dataclass
class Writer:
    """Writes record files under one records/ folder, creating folders once."""

    records: Path
    folders: set[Path] = field(default_factory=set)
    attachments: int = 0

    def write(self, rel: str, text: str | bytes) -> None:
        path = self.records / rel
        if path.parent not in self.folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(path.parent)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)


ATTACHMENT_FILES = (("cash-flow.csv", "Cash-flow worksheet", b"month,in,out\n2026-01,100,80\n"),
                    ("plan-notes.md", "Business plan notes", b"# Plan\n\n- market\n- costs\n"),
                    ("checklist.txt", "Loan checklist", b"tax returns\nbank statements\n"))


def attachment_lines(rng: random.Random, plan: SessionPlan, writer: Writer) -> list[str]:
    if plan.hours == 0 or rng.random() >= 0.02:
        return []
    name, title, content = rng.choice(ATTACHMENT_FILES)
    rel = f"attachments/{plan.request.id}/{day_iso(plan.day)}-{name}"
    if (writer.records / rel).exists():
        return []
    writer.write(rel, content)
    writer.attachments += 1
    return ["attachments:", f"  - path: {rel}", f"    title: {title}"]


def session_yaml(rng: random.Random, plan: SessionPlan, cast: Cast, writer: Writer) -> str:
    youth = cast.profile == "youth"
    lines = session_head(rng, plan)
    if youth:
        lines += youth_fields(rng, plan)
    else:
        lines += business_fields(rng, plan)
        if plan.last and plan.request.status == "completed":
            lines.append("completes_request: true")
        lines += attachment_lines(rng, plan, writer)
    authors = [plan.request.mentor, *plan.request.co_mentors, cast.coordinators[0].id]
    lines += note_lines(rng, plan, authors, youth)
    return "\n".join(lines) + "\n"


def session_files(rng: random.Random, cast: Cast, requests: list[Request],
                  writer: Writer) -> Iterator[tuple[str, str]]:
    youth = cast.profile == "youth"
    taken: set[str] = set()
    for request in requests:
        for index in range(len(request.slots)):
            plan = plan_session(rng, request, index, youth)
            iso = day_iso(plan.day)
            name = f"{iso}-{request.id}"
            if name in taken:  # a second session that day: the start time tells them apart
                name = f"{iso}-{hhmm(plan.start).replace(':', '')}-{request.id}"
            taken.add(name)
            yield (f"sessions/{iso[:4]}/{iso[5:7]}/{name}.yaml",
                   session_yaml(rng, plan, cast, writer))


SETTINGS = """\
# A synthetic program written by benchmarks/generate.py (seed {seed}). Everyone is invented.
program:
  name: Benchmark {profile} program
  profile: {profile}
  timezone: America/New_York
  fiscal_year_start: {fiscal}
deadline:
  rule: first_monday_next_month
  late: require_reason
site:
  notes: show
  attachments: link
"""


def generate_program(out: Path, sessions: int, clients: int | None = None,
                     profile: str = "business", seed: int = 1) -> Summary:
    """Write a valid program repository with `sessions` sessions into `out` (new or empty)."""
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
    if sessions < 0:
        raise ValueError("sessions must not be negative")
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; generate into a new folder")
    rng = random.Random(seed)
    cast = make_cast(rng, profile, max(1, sessions // 10 if clients is None else clients))
    requests = make_requests(rng, cast)
    if sessions > len(requests) * WINDOW_DAYS * len(STARTS):
        raise ValueError("too many sessions for so few clients")
    for request, count in zip(requests, distribute(rng, sessions, len(requests)), strict=True):
        settle(rng, request, count, profile == "youth")
    name_requests(requests, profile == "youth")
    return write_program(rng, out, cast, requests, seed)


def write_program(rng: random.Random, out: Path, cast: Cast, requests: list[Request],
                  seed: int) -> Summary:
    out.mkdir(parents=True, exist_ok=True)
    fiscal = 10 if cast.profile == "business" else 8
    (out / "mentorlog.yaml").write_text(
        SETTINGS.format(seed=seed, profile=cast.profile, fiscal=fiscal), encoding="utf-8")
    writer = Writer(out / "records")
    for mentor in [*cast.mentors, *cast.coordinators]:
        writer.write(f"mentors/{mentor.id}.yaml", mentor_yaml(mentor))
    for site in cast.sites:
        writer.write(f"sites/{site.id}.yaml", site_yaml(site))
    for client in cast.clients:
        writer.write(f"clients/{client.id}.yaml", client_yaml(rng, client))
    for request in requests:
        writer.write(f"requests/{request.id}.yaml",
                     request_yaml(rng, request, cast.profile == "youth"))
    written = 0
    for rel, text in session_files(rng, cast, requests, writer):
        writer.write(rel, text)
        written += 1
    return Summary(len(cast.mentors) + len(cast.coordinators), len(cast.clients),
                   len(cast.sites), len(requests), written, writer.attachments)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="new or empty folder")
    parser.add_argument("--sessions", type=int, required=True, help="number of sessions")
    parser.add_argument("--clients", type=int, default=None,
                        help="number of clients (default: sessions / 10)")
    parser.add_argument("--profile", choices=PROFILES, default="business")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        summary = generate_program(args.out, args.sessions, args.clients, args.profile, args.seed)
    except (ValueError, FileExistsError) as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    print(f"{args.out}: {summary.mentors} mentors, {summary.clients} clients, {summary.sites} "
          f"sites, {summary.requests} requests, {summary.sessions} sessions, "
          f"{summary.attachments} attachments in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
