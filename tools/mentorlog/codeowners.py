"""`.github/CODEOWNERS` while it still names the placeholder team `mentorlog init` wrote.

Coordinators must own everything outside records/sessions/ and records/attachments/: what CI
runs is pinned by people the program trusts. GitHub ignores an owner that does not exist, so
with the placeholder nothing is code-owned and a pull request could edit the workflows that
judge it.
`validate` warns (a warning: a program is usable before its GitHub set-up is done).
"""

from __future__ import annotations

from pathlib import Path

from .problems import Problem, warning

CODEOWNERS = ".github/CODEOWNERS"
PLACEHOLDER = "@your-org/mentorlog-coordinators"
MAX_BYTES = 3 * 1024 * 1024  # GitHub ignores a larger CODEOWNERS file
MESSAGE = ("still names the placeholder team that `mentorlog init` wrote, so nothing is "
           "code-owned: replace it with your coordinators' team (@org/team) or logins (@login)")


def placeholder_problems(root: Path) -> list[Problem]:
    """One warning per line that names the placeholder as an owner (comments aside)."""
    path = root / CODEOWNERS
    # a link is not followed: the file is read from the repository or not at all
    if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_BYTES:
        return []
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [warning(CODEOWNERS, number, column, "codeowners-placeholder", MESSAGE)
            for number, line in enumerate(text.splitlines(), start=1)
            if (column := _owner_column(line))]


def _owner_column(line: str) -> int:
    """1-based column of the placeholder among the line's owners, 0 when it is not one."""
    pattern, *owners = line.split("#", 1)[0].split() or [""]
    after_pattern = line.find(pattern) + len(pattern)
    for owner in owners:
        if owner.lower() == PLACEHOLDER:  # GitHub matches team names case-insensitively
            return line.index(owner, after_pattern) + 1
    return 0
