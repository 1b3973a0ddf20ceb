"""The gate never trusts a record cache that came with the change.

The cache (cache.py) is this machine's memory of its own verdicts. A cache committed into the
repository (`git add -f`) came from somebody else: a forged entry could call a bad record
valid. `check` then reads every record itself. Built in a real git repository, forged the way an
attacker would: a valid session's entry, relabelled with the bad bytes' digest.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from gitprogram import NEW, GitProgram, codes, session_text
from helpers import run_main
from mentorlog.cache import CACHE_DIR, pack_name

pytestmark = pytest.mark.usefixtures("isolated_git")  # pinned, isolated git


def forge(program: GitProgram, rel: str, bad: str) -> None:
    """Cache `rel` while it is valid, then write `bad` and relabel the entry as its bytes."""
    assert run_main(["--repo", str(program.root), "validate"]).code == 0
    pack = next((program.root / CACHE_DIR).glob(f"*/{pack_name(rel)}"))
    lines = pack.read_text(encoding="utf-8").split("\n")
    digest = hashlib.blake2b(bad.encode("utf-8"), digest_size=16).hexdigest()
    heads = json.loads(lines[2])
    for head in heads:
        if head[0] == rel:
            head[2:4] = [False, digest]
    lines[2] = json.dumps(heads)
    pack.write_text("\n".join(lines), encoding="utf-8")
    program.write(rel, bad)


def test_a_committed_cache_is_not_trusted_by_check(tmp_path: Path) -> None:
    program = GitProgram.create(tmp_path / "program")
    good = session_text(date="2026-02-10", extra="late_reason: was ill\n")
    program.write(NEW, good)
    bad = good.replace("hours: 1.5", "hours: 1.3")
    forge(program, NEW, bad)
    # the forgery works on the machine that trusts its own cache (the premise of this test)
    assert "error[schema]" not in run_main(["--repo", str(program.root), "validate"]).out
    program.git("add", "-f", str(CACHE_DIR))
    program.commit("a session, and a cache that calls it valid")
    result = program.check("--author", "ana-gh")  # a coordinator: no who-may-change refusal
    assert f"{NEW}:4:8: error[schema]" in codes(result)
    assert result.code == 1
