"""Issue bodies exactly as GitHub renders a submitted "log a session" form.

For every element of the form (markdown elements show nothing): a `### Label` heading, a
blank line, then the answer: the text typed, the dropdown option chosen, `- [X] Label` /
`- [ ] Label` for each checkbox, or `_No response_`; sections are separated by a blank line.
The form is the one `issueform` generates for the same program.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mentorlog.issueform import form
from mentorlog.program import open_program


def render(repo: Path, answers: dict[str, Any]) -> str:
    """The issue body GitHub writes when the form is submitted with `answers` (by element id)."""
    sections = []
    for element in form(open_program(repo))["body"]:
        if element["type"] == "markdown":
            continue
        value = answers.get(element["id"])
        if element["type"] == "checkboxes":
            shown = "\n".join(f"- [{'X' if o['label'] in (value or []) else ' '}] {o['label']}"
                              for o in element["attributes"]["options"])
        else:
            shown = value if value else "_No response_"
        sections.append(f"### {element['attributes']['label']}\n\n{shown}")
    return "\n\n".join(sections)
