"""Measure how the build time and memory of a synthetic edition grow with its passages and links.

For each size, a synthetic edition (``tests/synthetic.py``) with that many passages,
4 to 50 articles and about 2.25 links per passage is generated and built fresh in
HTML, each build in its own process, whose peak memory is read from the
operating system. The PDF (``sphinx-build -M latexpdf``: LaTeX, then xelatex
through latexmk) is timed too, for each size that built in time. A build that
runs longer than ``--timeout`` seconds is stopped and shown as such. Run with
``nox -s scaling`` or ``python benchmarks/scaling.py``.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import platform
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from subprocess import DEVNULL, Popen

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from synthetic import Edition, generate  # noqa: E402 (needs the path above)

#: A fitted exponent up to this counts as linear growth (noise and fixed costs blur it).
LINEAR = 1.15
#: The target for the largest edition, in seconds.
TARGET_SECONDS = 120.0


@dataclass
class Run:
    """One build: its wall-clock time, peak memory, and whether it finished in time and cleanly."""

    seconds: float
    peak_mb: float
    status: str  #: ``ok``, ``timeout``, or ``failed (exit N)``.
    warnings: int = 0


def run_build(command: list[str], timeout: float, env: dict[str, str] | None = None) -> Run:
    """Run *command* in its own process group; time it and read its peak memory (``wait4``)."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = Popen(command, stdout=DEVNULL, stderr=log, env=env, start_new_session=True)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(process.pid, signal.SIGKILL)  # the build and the workers it forked
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = -signal.SIGKILL
                return Run(time.perf_counter() - start, usage.ru_maxrss / 1024, "timeout")
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    if code:
        print(text[-2000:], file=sys.stderr)
    # ru_maxrss is in kilobytes on Linux; wait4 gives it for this build alone
    state = "ok" if code == 0 else f"failed (exit {code})"
    return Run(seconds, usage.ru_maxrss / 1024, state, text.count("WARNING:"))


def sphinx(*args: str) -> list[str]:
    """The command line of a sphinx-build with this Python."""
    return [sys.executable, "-m", "sphinx", *args]


def exponent(xs: list[float], ys: list[float]) -> float:
    """The slope of log y against log x, fitted by least squares."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


def main() -> None:
    """Generate, build and measure each size, then print the table and a judgement of growth."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000], help="passages")
    parser.add_argument("--jobs", default="1", help="sphinx-build -j for the HTML builds (default 1)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a build is stopped")
    parser.add_argument("--no-pdf", action="store_true", help="do not time the PDF builds")
    args = parser.parse_args()
    pdf_tools = all(shutil.which(tool) for tool in ("latexmk", "xelatex", "make"))
    if not pdf_tools and not args.no_pdf:
        print("latexmk, xelatex or make missing: no PDF timings", file=sys.stderr)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}

    def html_build(source: Path, out: Path) -> Run:
        command = sphinx(
            "-q",
            "-E",
            "-j",
            args.jobs,
            "-b",
            "html",
            "-d",
            str(out / "doctrees"),
            str(source),
            str(out / "html"),
        )
        return run_build(command, args.timeout, env)

    rows: list[tuple[Edition, Run, Run | None]] = []
    with tempfile.TemporaryDirectory(prefix="scaling-") as scratch:
        # the fixed cost of any build (start-up, theme, bibliography), to tell apart from growth
        baseline_edition = generate(Path(scratch) / "baseline", 2, 1)
        baseline = html_build(baseline_edition.path, Path(scratch) / "out-baseline")
        for size in sorted(args.sizes):
            source = Path(scratch) / f"edition-{size}"
            edition = generate(source, size)
            out = Path(scratch) / f"out-{size}"
            html = html_build(source, out)
            pdf = None
            if pdf_tools and not args.no_pdf and html.status == "ok":
                pdf = run_build(
                    sphinx("-M", "latexpdf", str(source), str(out / "pdf"), "-q", "-E"), args.timeout, env
                )
            rows.append((edition, html, pdf))
            shutil.rmtree(source)
            shutil.rmtree(out, ignore_errors=True)
            status = html.status + (f", {html.warnings} warnings" if html.warnings else "")
            print(f"built {size} passages: {html.seconds:.1f} s ({status})", file=sys.stderr, flush=True)

    def seconds(run: Run | None) -> str:
        if run is None:
            return "-"
        return f"{run.seconds:.1f}" if run.status == "ok" else f">{run.seconds:.0f}"

    print(
        f"{'passages':>8} {'articles':>8} {'links':>6} {'seconds':>8} {'peak MB':>8} "
        f"{'s/1k links':>10} {'PDF s':>7}  status"
    )
    for edition, html, pdf in rows:
        per_links = ("" if html.status == "ok" else ">") + f"{html.seconds / edition.links * 1000:.2f}"
        print(
            f"{edition.passages:>8} {edition.articles:>8} {edition.links:>6} {seconds(html):>8} "
            f"{html.peak_mb:>8.0f} {per_links:>10} {seconds(pdf):>7}  "
            f"{html.status}" + (f"; PDF {pdf.status}" if pdf and pdf.status != "ok" else "")
        )
    print(f"fixed cost (a 2-passage edition): {baseline.seconds:.1f} s, {baseline.peak_mb:.0f} MB")

    # growth of the time above the fixed cost, between consecutive sizes that built
    done = [(edition, html) for edition, html, _ in rows if html.status == "ok"]
    exponents = []
    for (small, fast), (large, slow) in itertools.pairwise(done):
        extra_small = max(fast.seconds - baseline.seconds, 0.05)
        extra_large = max(slow.seconds - baseline.seconds, 0.05)
        k = exponent([small.links, large.links], [extra_small, extra_large])
        exponents.append(k)
        print(f"growth {small.passages} -> {large.passages} passages: time above fixed cost ~ links^{k:.2f}")
    stopped = [edition.passages for edition, html, _ in rows if html.status == "timeout"]
    if stopped:
        print(
            f"growth: WORSE than linear: the {', '.join(map(str, stopped))}-passage edition did not "
            f"build within {args.timeout:.0f} s"
        )
    elif exponents:
        verdict = "linear or better" if exponents[-1] <= LINEAR else "WORSE than linear"
        print(f"growth: {verdict} (exponent {exponents[-1]:.2f} between the two largest sizes)")
    largest, largest_html, _ = rows[-1]
    met = largest_html.status == "ok" and largest_html.seconds < TARGET_SECONDS
    print(
        f"target: {largest.passages} passages in under {TARGET_SECONDS:.0f} s: "
        + ("met" if met else "NOT met")
    )
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"HTML builds with -j {args.jobs}, fresh (-E)"
    )


if __name__ == "__main__":
    main()
