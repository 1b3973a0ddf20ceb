"""Golden files: a report's exact output, kept under tests/golden/ and compared byte for byte.

`MENTORLOG_REGEN_GOLDEN=1 pytest tests/test_report_*.py` rewrites them after a deliberate
change; read the diff before committing it. Without the variable the test only compares.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("MENTORLOG_REGEN_GOLDEN") == "1"


def matches_golden(name: str, actual: str) -> bool:
    """Whether `actual` is the golden file `name` (rewritten first when regenerating)."""
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(actual, encoding="utf-8", newline="")
    return path.read_text(encoding="utf-8") == actual
