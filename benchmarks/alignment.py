"""Time the alignment of a quotation with a long, repetitive passage, and how it grows.

An editor who pastes a passage that repeats itself (a refrain, a list, a
mistake of copying) should not stall the build: the alignment once grew with
the cube of the passage's length on such text (4,000 words took minutes). For
each size, a passage repeating one sentence of the speech that many words long
is aligned with two quotations from its middle, each with one word changed: a
short one (twelve words) and a long one (half the passage). Each alignment runs
in a process of its own, stopped after ``--timeout`` seconds, so that a slow
version can be measured too (``--extensions`` names the extensions folder of
another checkout). The script prints the median seconds of ``--runs`` alignments and the exponents of growth
between consecutive sizes and fitted over all. Run with ``nox -s alignment``
or ``python benchmarks/alignment.py``.
"""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SENTENCE = (
    "Stalin showed in a whole series of cases his intolerance, his brutality, and his abuse of power, "
    "and the party and the people saw it and the people and the party said nothing."
)
CASES = ("short", "long")


def passage(size: int) -> str:
    """*size* words of the sentence, repeated."""
    words = SENTENCE.split()
    return " ".join((words * (size // len(words) + 1))[:size])


def quotation(case: str, size: int) -> str:
    """A quotation from the middle of the passage of *size* words, its middle word changed."""
    words = passage(size).split()
    length = 12 if case == "short" else size // 2
    start = (size - length) // 2
    quoted = words[start : start + length]
    quoted[length // 2] = "nation"
    return " ".join(quoted)


def align_once(case: str, size: int) -> float:
    """Seconds to classify the quotation of *case* against the passage of *size* words."""
    from apparatus.quotations import VARIANT, classify

    text, quote = passage(size), quotation(case, size)
    began = time.perf_counter()
    kind, alignment = classify(quote, {"p": text})
    seconds = time.perf_counter() - began
    if kind != VARIANT or alignment is None:
        raise AssertionError(f"the quotation came out {kind}, not {VARIANT}")
    return seconds


def timed(case: str, size: int, extensions: Path, timeout: float, runs: int) -> float | None:
    """The median seconds of *runs* alignments, each in a fresh process (no warm caches).

    None if one ran past *timeout*: a version that slow is not run again.
    """
    command = [sys.executable, __file__, "--one", case, str(size), "--extensions", str(extensions)]
    seconds = []
    for _ in range(runs):
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
        except subprocess.TimeoutExpired:
            return None
        seconds.append(float(done.stdout.strip()))
    return statistics.median(seconds)


def exponent(xs: list[float], ys: list[float]) -> float:
    """The least-squares slope of log y against log x."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((x - mx) * (y - my) for x, y in zip(lx, ly, strict=True)) / sum((x - mx) ** 2 for x in lx)


def main() -> None:
    """Measure every case at every size and print the table and the exponents."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000])
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds before one alignment is stopped"
    )
    parser.add_argument("--runs", type=int, default=3, help="alignments of each kind, the median shown")
    parser.add_argument(
        "--extensions", type=Path, default=REPO / "extensions", help="the extensions folder to time"
    )
    parser.add_argument("--one", nargs=2, metavar=("CASE", "SIZE"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    sys.path.insert(0, str(options.extensions.resolve()))
    if options.one:
        print(align_once(options.one[0], int(options.one[1])))
        return
    sizes = sorted(options.sizes)
    print(f"{'words':>8} " + " ".join(f"{case + ' s':>10}" for case in CASES))
    results = {
        case: [timed(case, size, options.extensions, options.timeout, options.runs) for size in sizes]
        for case in CASES
    }
    for index, size in enumerate(sizes):
        cells = [results[case][index] for case in CASES]
        print(
            f"{size:>8,} "
            + " ".join(
                f"{c:>10.3f}" if c is not None else f"{'> ' + str(options.timeout):>10}" for c in cells
            )
        )
    for case in CASES:
        done = [(size, s) for size, s in zip(sizes, results[case], strict=True) if s is not None]
        steps = [
            f"{a:,} → {b:,}: {math.log(sb / sa) / math.log(b / a):.2f}"
            for (a, sa), (b, sb) in itertools.pairwise(done)
        ]
        fitted = (
            f"fitted {exponent(*map(list, zip(*done, strict=True))):.2f}"
            if len(done) > 1
            else "too few sizes finished"
        )
        print(f"growth exponent, {case} quotation: " + "; ".join([*steps, fitted]))


if __name__ == "__main__":
    main()
