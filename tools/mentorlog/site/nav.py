"""Navigation: only index pages are in `nav`; per-person and per-period pages are reached
from the index tables and marked `not_in_nav` (with every client page in the navigation, the
issue measured 107 s and 1.1 GB for 2,000 pages, instead of 7-9 s)."""

from __future__ import annotations

from typing import Any

from .pages import Labels

NOT_IN_NAV = "/clients/\n/mentors/\n/months/\n/years/\n/attachments/\n"


def navigation(pages: set[str], labels: Labels, guides: list[str]) -> list[Any]:
    wanted = [("Dashboard", "index.md"),
              (f"Open {labels.requests}", "requests/open.md"),
              (f"Completed and withdrawn {labels.requests}", "requests/closed.md"),
              (labels.clients.capitalize(), "clients.md"), ("Mentors", "mentors.md"),
              ("Months", "months.md"), ("Fiscal years", "years.md"),
              ("Matches", "youth/matches.md"), ("Safety concerns", "youth/safety.md"),
              ("Resource needs", "youth/resources.md"),
              ("Field reference", "reference.md")]
    nav: list[Any] = [{title: path} for title, path in wanted if path in pages]
    if guides:
        nav.append({"Guides": guides})
    return nav
