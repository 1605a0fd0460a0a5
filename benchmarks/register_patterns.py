"""Time the register's pattern search on a runaway pattern: Python's re against the bounded search.

Each pattern is searched over one paragraph of the speech (witness B) in a process
of its own, with Python's ``re`` (stopped after ``--limit`` seconds) and with the
register's own path (``regex`` with its timeout, and the probe that refuses a slow
pattern when the register file is read). Figures in docs/performance.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = [r"(\w+\s?)+Q", "(a|aa)+b"]
#: A paragraph of the speech, and a run of a's, as a page might hold.
TEXT = (
    "Comrades! In the report of the Central Committee of the Party at the Twentieth Congress, "
    "in a number of speeches by delegates to the Congress, as also formerly during the plenary "
    "CC/CPSU sessions, quite a lot has been said about the cult of the individual and about its "
    "harmful consequences. " + "a" * 40
)

RE_SEARCH = "import re, sys; list(re.finditer(sys.argv[1], sys.argv[2]))"
BOUNDED = (
    "import sys; sys.path.insert(0, sys.argv[3]); from register.data import MATCH_TIMEOUT, compile_pattern\n"
    "compiled, subtype, _ = compile_pattern(sys.argv[1])\n"
    "if compiled is not None:\n"
    "    try:\n"
    "        found = list(compiled.finditer(sys.argv[2], timeout=MATCH_TIMEOUT))\n"
    "        subtype = f'{len(found)} found'\n"
    "    except TimeoutError:\n"
    "        subtype = 'search stopped'\n"
    "print(subtype)"
)


def timed(code: str, pattern: str, limit: float) -> str:
    """Wall time of *code* run on *pattern*, or how long it ran before it was stopped."""
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-c", code, pattern, TEXT, str(ROOT / "extensions")],
            capture_output=True,
            text=True,
            timeout=limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"stopped after {limit:.0f} s"
    outcome = result.stdout.strip() or "done"
    return f"{time.monotonic() - started:.2f} s ({outcome})"


def main() -> None:
    """Print one line per pattern and engine."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=float, default=20.0, help="seconds before re is stopped")
    limit = parser.parse_args().limit
    for pattern in PATTERNS:
        print(f"{pattern!r:16} re: {timed(RE_SEARCH, pattern, limit)}")
        print(f"{pattern!r:16} register: {timed(BOUNDED, pattern, limit)}")


if __name__ == "__main__":
    main()
