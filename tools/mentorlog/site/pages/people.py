"""One page per client (mentee) with the whole history, one per mentor, and their lists."""

from __future__ import annotations

from datetime import timedelta

from ...dates import fiscal_range, month_range
from ...stats import sessions_between
from ...view import Person, Request, Session
from ..attachments import staged_name
from ..markdown import heading, inert, link, note, number, page, table, title
from . import Ctx, client_cell, client_page, href, impact, mentor_cell, mentor_page, words
from .periods import current_year
from .tables import late_table, requests_table, sessions_table

RECENT_DAYS = 90


def pages(ctx: Ctx) -> dict[str, str]:
    if ctx.public:
        return {}
    by_client: dict[str, list[Request]] = {}
    for request in ctx.data.requests.values():
        by_client.setdefault(request.client, []).append(request)
    by_mentor: dict[str, list[Session]] = {}
    for session in ctx.data.sessions:
        for mentor_id in {session.mentor, *session.co_mentors}:
            by_mentor.setdefault(mentor_id, []).append(session)
    out = {"clients.md": clients_index(ctx, by_client),
           "mentors.md": mentors_index(ctx, by_mentor)}
    for client in ctx.data.clients.values():
        out[client_page(client.id)] = client_text(ctx, client, by_client.get(client.id, []))
    for mentor in ctx.data.mentors.values():
        out[mentor_page(mentor.id)] = mentor_text(ctx, mentor, by_mentor.get(mentor.id, []))
    return out


def facts(person: Person) -> str:
    """A person's profile, label: value, as a small table without a sortable header."""
    rows = "".join(f"<tr><th>{inert(k)}</th><td>{inert(words(v))}</td></tr>"
                   for k, v in person.facts)
    return f'<table class="ml-facts" data-search-exclude><tbody>{rows}</tbody></table>' \
        if rows else ""


# --- clients ---

def clients_index(ctx: Ctx, by_client: dict[str, list[Request]]) -> str:
    lab = ctx.labels
    rows = []
    for client in sorted(ctx.data.clients.values(), key=lambda c: (c.name.casefold(), c.id)):
        requests = by_client.get(client.id, [])
        sessions = [s for r in requests for s in r.sessions]
        rows.append([link(client.name, href("clients.md", client_page(client.id))),
                     str(len(requests)), str(sum(r.is_open for r in requests)),
                     str(len(sessions)), number(sum(s.hours["mentor"] for s in sessions)),
                     inert(max((s.day for s in sessions), default=""))])
    return page(title(lab.clients.capitalize()), table(
        ["Name", lab.requests.capitalize(), "Open", "Sessions", "Hours", "Last session"],
        rows, numeric=(1, 2, 3, 4), searchable=True))


def client_text(ctx: Ctx, client: Person, requests: list[Request]) -> str:
    source = client_page(client.id)
    requests = sorted(requests, key=lambda r: (r.opened is None, r.opened, r.id))
    sessions = sorted((s for r in requests for s in r.sessions),
                      key=lambda s: (s.day, s.start, s.id))
    blocks = [title(client.name), facts(client),
              heading(2, ctx.labels.requests.capitalize())]
    blocks += [request_block(ctx, source, r) for r in requests] or [inert("None yet.")]
    blocks += impact.client_blocks(ctx, client.id, requests)
    blocks += [heading(2, f"Sessions ({len(sessions)})")]
    blocks += [session_block(ctx, source, s) for s in sessions]
    return page(*blocks)


def request_block(ctx: Ctx, source: str, r: Request) -> str:
    mentors = ", ".join([mentor_cell(ctx, source, r.mentor),
                         *(mentor_cell(ctx, source, m) for m in r.co_mentors)])
    closed = f", closed {inert(r.closed)}" if r.closed else ""
    lines = [f'<section class="ml-request" data-search-exclude><h3>{inert(r.id)}: '
             f"{inert(r.status)}</h3><p>Opened {inert(r.opened or '?')}{closed}. "
             f"Mentors: {mentors}. Sessions: {len(r.sessions)}, hours: {number(r.hours)}.</p>"]
    if r.questions:
        items = "".join(f'<li class="ml-text">{inert(q, multiline=True)}</li>'
                        for q in r.questions)
        lines.append(f"<p>Questions:</p><ul>{items}</ul>")
    return "".join(lines) + "</section>"


def session_block(ctx: Ctx, source: str, s: Session) -> str:
    """One session: a heading, its facts as one line (a big site has 20,000 of these, and
    every tag is parsed three times by the build), its notes and attachments."""
    hours = ", ".join(f"{words(k)} {number(v)}" for k, v in s.hours.items() if v) or "0"
    facts = [("Mentor", mentor_cell(ctx, source, s.mentor)),
             ("Co-mentors", ", ".join(mentor_cell(ctx, source, m) for m in s.co_mentors)),
             ("Type", inert(" / ".join(words(v) for v in (s.kind, s.channel) if v))),
             ("Hours", inert(hours)), ("Attendance", inert(words(s.attendance))),
             ("Topics", inert(", ".join(words(t) for t in s.topics))),
             ("Language", inert(s.language)),
             ("Late entry", inert(s.late_reason if ctx.notes_shown else "yes")
              if s.late_reason else "")]
    if s.safety:
        facts.append(("Safety concern", inert(f"reported to {s.safety[0]} at {s.safety[1]}")))
    if s.resource_needs:
        facts.append(("Resource needs", inert(", ".join(words(n) for n in s.resource_needs))))
    line = " &middot; ".join(f"{k}: {v}" for k, v in facts if v)
    parts = [f'<section class="ml-session" data-search-exclude><h3>{inert(s.day)} '
             f'{inert(s.start)} &middot; {inert(s.request)}</h3><p class="ml-facts">{line}</p>']
    if ctx.notes_shown:
        parts += [note(ctx.data.mentor_name(n.by), n.at.replace("T", " "), n.text)
                  for n in s.notes]
    parts += attachment_links(ctx, source, s)
    return "".join(parts) + "</section>"


def attachment_links(ctx: Ctx, source: str, s: Session) -> list[str]:
    if not ctx.attachments_shown or not s.attachments:
        return []
    items = []
    for path, name in s.attachments:
        if path in ctx.attachments:
            items.append(f"<li>{link(name, href(source, staged_name(path)))}</li>")
        else:
            items.append(f"<li>{inert(name)} (file not available)</li>")
    return ['<p>Attachments:</p><ul class="ml-attachments">' + "".join(items) + "</ul>"]


# --- mentors ---

def mentors_index(ctx: Ctx, by_mentor: dict[str, list[Session]]) -> str:
    rows = []
    for mentor in sorted(ctx.data.mentors.values(), key=lambda m: (m.name.casefold(), m.id)):
        sessions = by_mentor.get(mentor.id, [])
        rows.append([link(mentor.name, href("mentors.md", mentor_page(mentor.id))),
                     str(len(open_requests(ctx, mentor.id))), str(len(sessions)),
                     number(sum(s.hours["mentor"] for s in sessions)),
                     str(sum(bool(s.late_reason) for s in sessions))])
    return page(title("Mentors"), table(
        ["Name", f"Open {ctx.labels.requests}", "Sessions", "Hours", "Late entries"], rows,
        numeric=(1, 2, 3, 4), searchable=True))


def open_requests(ctx: Ctx, mentor_id: str) -> list[Request]:
    return ctx.data.open_requests_by_mentor.get(mentor_id, [])


def mentor_text(ctx: Ctx, mentor: Person, sessions: list[Session]) -> str:
    """Hours, open requests, late entries, everyone they mentored, their recent sessions."""
    source, today = mentor_page(mentor.id), ctx.data.today
    year = current_year(ctx, today)
    periods = [(f"This month ({today:%Y-%m})", month_range(today.strftime("%Y-%m"))),
               (f"Fiscal year {year}", fiscal_range(year, ctx.data.settings.fiscal_year_start))]
    rows = [[inert(label), str(len(period)),
             number(sum(own_hours(s, mentor.id) for s in period))]
            for label, (first, last) in periods
            for period in [sessions_between(sessions, first, last)]]
    recent = sessions_between(sessions, today - timedelta(days=RECENT_DAYS), today)
    return page(title(mentor.name), facts(mentor),
                heading(2, "Hours"), table(["Period", "Sessions", "Hours"], rows,
                                           numeric=(1, 2)),
                heading(2, f"Open {ctx.labels.requests}"),
                requests_table(ctx, source, open_requests(ctx, mentor.id)),
                heading(2, "Late entries"), late_table(ctx, source, sessions),
                heading(2, f"{ctx.labels.clients.capitalize()} ({len(sessions)} sessions)"),
                clients_of(ctx, source, mentor.id, sessions),
                heading(2, f"Sessions, last {RECENT_DAYS} days"),
                sessions_table(ctx, source, reversed(recent)))


def clients_of(ctx: Ctx, source: str, mentor_id: str, sessions: list[Session]) -> str:
    """One row per client the mentor has met: sessions, own hours, first and last date."""
    grouped: dict[str, list[Session]] = {}
    for s in sessions:
        grouped.setdefault(s.client, []).append(s)
    rows = [[client_cell(ctx, source, client), str(len(group)),
             number(sum(own_hours(s, mentor_id) for s in group)), inert(group[0].day),
             inert(group[-1].day)] for client, group in grouped.items()]
    return table([ctx.labels.client.capitalize(), "Sessions", "Hours", "First", "Last"],
                 sorted(rows, key=lambda r: r[4], reverse=True), numeric=(1, 2))


def own_hours(s: Session, mentor_id: str) -> float:
    """A mentor's own hours in a session: as its mentor (+ prep, travel) or as a co-mentor."""
    if s.mentor == mentor_id:
        return s.hours["mentor"] + s.hours["prep"] + s.hours["travel"]
    return sum(hours for co, hours in s.co_hours if co == mentor_id)
