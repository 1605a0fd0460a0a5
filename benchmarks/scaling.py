"""Measure how the build time and memory of a synthetic edition grow with its passages and links.

For each size, a synthetic edition (``tests/synthetic.py``) with that many passages,
4 to 50 articles and about 2.25 links per passage is generated and built fresh in
HTML, each build in its own process, whose peak memory is read from the
operating system. Beside it, a plain Sphinx project of the same texts without
the extension is built the same way (passages as paragraphs, notes as ordinary
MyST footnotes, as ``build_time.py`` does for the edition), so that the
extension's own cost (the difference) can be told from Sphinx's. The PDF
(``sphinx-build -M latexpdf``: LaTeX, then xelatex through latexmk) is timed
too, for each size that built in time. A build that runs longer than
``--timeout`` seconds is stopped and shown as such. Run with ``nox -s scaling``
or ``python benchmarks/scaling.py``.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import math
import os
import platform
import re
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

from build_time import (  # noqa: E402 (a script beside this one, on the path when run as a script)
    build_environment,
    notes_by_passage,
    plain_article,
    plain_passages,
    plain_references,
    section_markers,
    write_section,
)
from synthetic import Edition, generate  # noqa: E402 (needs the path above)

#: A stand-off link as ``tests/synthetic.py`` writes it.
STANDOFF_RE = re.compile(
    r":::\{commentary-link\} (?P<article>\S+)\n:quote: (?P<quote>[^\n]*)\n:links: (?P<spec>[^\n]*)\n:::\n"
)

#: A fitted exponent up to this counts as linear growth (noise and fixed costs blur it).
LINEAR = 1.15
#: The target for the largest edition, in seconds (issue 17: 5,000 passages in under a minute).
TARGET_SECONDS = 60.0
#: The page the figures are written into, and the comment lines around them there.
PERFORMANCE = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
BEGIN, END = section_markers("scaling", "scaling.py")


@dataclass
class Run:
    """One build: its wall-clock time, peak memory, and whether it finished in time and cleanly."""

    seconds: float
    peak_mb: float
    status: str  #: ``ok``, ``timeout``, or ``failed (exit N)``.
    warnings: int = 0
    cpu: float = 0.0  #: Processor seconds, user and system (less disturbed by other load than wall time).


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
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss / 1024, state, text.count("WARNING:"), cpu)


def make_plain_synthetic(source: Path, target: Path) -> None:
    """Write the texts of the synthetic edition in *source* as a plain Sphinx project in *target*.

    The conf.py loads sphinxcontrib-bibtex (for the bibliography page) instead of
    the apparatus; passages become labelled paragraphs, each followed by its notes
    (span and stand-off quotations) as MyST footnotes; spans become plain text,
    ``{passage}`` references ordinary links, and the stand-off page keeps its heading.
    """
    shutil.copytree(source, target)
    conf = target / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace('"apparatus"', '"sphinxcontrib.bibtex"'), encoding="utf-8"
    )
    articles = sorted(target.glob("article-*.md"))
    notes = notes_by_passage(articles)
    links = target / "links.md"
    for match in STANDOFF_RE.finditer(links.read_text(encoding="utf-8")):
        for group in match["spec"].split(";"):
            relation, _, ids = group.partition(":")
            for passage_id in ids.split(","):
                note = f"{match['article']} {relation.strip()}: “{match['quote']}”"
                notes.setdefault(passage_id.strip(), []).append(note)
    links.write_text(STANDOFF_RE.sub("", links.read_text(encoding="utf-8")), encoding="utf-8")
    labels = itertools.count(1)
    for page in sorted(target.glob("speech-*.md")):
        page.write_text(plain_passages(page.read_text(encoding="utf-8"), notes, labels), encoding="utf-8")
    for article in articles:
        text = plain_references(plain_article(article.read_text(encoding="utf-8")))
        article.write_text(text, encoding="utf-8")


def sphinx(*args: str) -> list[str]:
    """The command line of a sphinx-build with this Python."""
    return [sys.executable, "-m", "sphinx", *args]


def exponent(xs: list[float], ys: list[float]) -> float:
    """The slope of log y against log x, fitted by least squares."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


@dataclass
class Size:
    """The measurements of one size: the edition's HTML build, the plain project's, the edition's PDF."""

    edition: Edition
    html: Run
    plain: Run
    pdf: Run | None

    @property
    def done(self) -> bool:
        """Both HTML builds finished cleanly."""
        return self.html.status == "ok" and self.plain.status == "ok"

    @property
    def own(self) -> float:
        """The extension's own cost: the edition's build time less the plain project's."""
        return self.html.seconds - self.plain.seconds

    @property
    def own_cpu(self) -> float:
        """The extension's own cost in processor time."""
        return self.html.cpu - self.plain.cpu


def median_run(runs: list[Run]) -> Run:
    """The run of median time (the slower of the middle two for an even number), or the first failure."""
    failed = [run for run in runs if run.status != "ok"]
    if failed:
        return failed[0]
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def growth_exponents(sizes: list[Size], fixed: Size) -> dict[str, list[float]]:
    """Exponents of growth with the links, between consecutive sizes and fitted over all of them.

    Each cost is the processor time, taken above its fixed cost (that of a
    2-passage edition): the edition's build, the plain project's, and the
    extension's own (their difference).
    """
    costs = {
        "edition": lambda size: size.html.cpu - fixed.html.cpu,
        "plain Sphinx": lambda size: size.plain.cpu - fixed.plain.cpu,
        "extension's own": lambda size: size.own_cpu - fixed.own_cpu,
    }
    result: dict[str, list[float]] = {}
    for name, cost in costs.items():
        links = [size.edition.links for size in sizes]
        values = [max(cost(size), 0.05) for size in sizes]
        pairs = [
            exponent([a, b], [x, y]) for (a, x), (b, y) in itertools.pairwise(zip(links, values, strict=True))
        ]
        result[name] = [*pairs, exponent(links, values)]
    return result


def main() -> None:
    """Generate, build and measure each size, then print the table and a judgement of growth."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000], help="passages")
    parser.add_argument("--jobs", default="1", help="sphinx-build -j for the HTML builds (default 1)")
    parser.add_argument("--runs", type=int, default=1, help="HTML builds of each kind and size (median)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a build is stopped")
    parser.add_argument("--no-pdf", action="store_true", help="do not time the PDF builds")
    parser.add_argument("--no-write", action="store_true", help="print the figures only")
    args = parser.parse_args()
    pdf_tools = all(shutil.which(tool) for tool in ("latexmk", "xelatex", "make"))
    if not pdf_tools and not args.no_pdf:
        print("latexmk, xelatex or make missing: no PDF timings", file=sys.stderr)
    scratch_folder = tempfile.TemporaryDirectory(prefix="scaling-")
    scratch = Path(scratch_folder.name)
    env = {**build_environment(scratch), "SOURCE_DATE_EPOCH": "1700000000"}

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
        run = run_build(command, args.timeout, env)
        shutil.rmtree(out, ignore_errors=True)
        return run

    def measure(passages: int, articles: int | None = None) -> tuple[Edition, Run, Run]:
        """Generate an edition and its plain twin; build both alternately; the median of each."""
        edition = generate(scratch / f"edition-{passages}", passages, articles)
        make_plain_synthetic(edition.path, scratch / f"plain-{passages}")
        html: list[Run] = []
        plain: list[Run] = []
        for _ in range(args.runs):
            html.append(html_build(edition.path, scratch / f"out-{passages}"))
            plain.append(html_build(scratch / f"plain-{passages}", scratch / f"out-plain-{passages}"))
        shutil.rmtree(scratch / f"plain-{passages}")
        return edition, median_run(html), median_run(plain)

    sizes: list[Size] = []
    with scratch_folder:
        # the fixed cost of any build (start-up, theme, bibliography), to tell apart from growth;
        # measuring it first also fills the bytecode cache of both kinds of build
        measure(2, 1)
        fixed = Size(*measure(2, 1), None)
        shutil.rmtree(fixed.edition.path)
        for passages in sorted(args.sizes):
            edition, html, plain = measure(passages)
            pdf = None
            if pdf_tools and not args.no_pdf and html.status == "ok":
                out = scratch / f"out-{passages}"
                pdf = run_build(
                    sphinx("-M", "latexpdf", str(edition.path), str(out / "pdf"), "-q", "-E"),
                    args.timeout,
                    env,
                )
                shutil.rmtree(out, ignore_errors=True)
            sizes.append(Size(edition, html, plain, pdf))
            shutil.rmtree(edition.path)
            status = html.status + (f", {html.warnings} warnings" if html.warnings else "")
            print(
                f"built {passages} passages: {html.seconds:.1f} s ({status}), plain {plain.seconds:.1f} s",
                file=sys.stderr,
                flush=True,
            )

    printed: list[str] = []

    def say(line: str) -> None:
        print(line)
        printed.append(line)

    def seconds(run: Run | None) -> str:
        if run is None:
            return "-"
        return f"{run.seconds:.1f}" if run.status == "ok" else f">{run.seconds:.0f}"

    say(
        f"{'passages':>8} {'articles':>8} {'links':>6} {'edition s':>9} {'plain s':>8} {'own s':>6} "
        f"{'ratio':>6} {'CPU s':>6} {'plain CPU':>9} {'own CPU':>7} {'own CPU/1k links':>16} "
        f"{'peak MB':>8} {'plain MB':>8} {'PDF s':>7}  status"
    )
    for size in sizes:
        edition, html, plain, pdf = size.edition, size.html, size.plain, size.pdf
        own = f"{size.own:.1f}" if size.done else "-"
        ratio = f"{html.seconds / plain.seconds:.2f}" if size.done else "-"
        own_cpu = f"{size.own_cpu:.1f}" if size.done else "-"
        per_links = f"{size.own_cpu / edition.links * 1000:.2f}" if size.done else "-"
        say(
            f"{edition.passages:>8} {edition.articles:>8} {edition.links:>6} {seconds(html):>9} "
            f"{seconds(plain):>8} {own:>6} {ratio:>6} {html.cpu:>6.1f} {plain.cpu:>9.1f} {own_cpu:>7} "
            f"{per_links:>16} {html.peak_mb:>8.0f} {plain.peak_mb:>8.0f} {seconds(pdf):>7}  {html.status}"
            + (f"; plain {plain.status}" if plain.status != "ok" else "")
            + (f"; PDF {pdf.status}" if pdf and pdf.status != "ok" else "")
        )
    say(
        f"fixed cost (a 2-passage edition): {fixed.html.seconds:.1f} s ({fixed.html.cpu:.1f} s CPU), "
        f"{fixed.html.peak_mb:.0f} MB; plain {fixed.plain.seconds:.1f} s ({fixed.plain.cpu:.1f} s CPU), "
        f"{fixed.plain.peak_mb:.0f} MB"
    )

    # growth of each cost above its fixed cost, between consecutive sizes that built
    done = [size for size in sizes if size.done]
    judged = 0.0
    if len(done) > 1:
        exponents = growth_exponents(done, fixed)
        steps = [f"{a.edition.passages}->{b.edition.passages}" for a, b in itertools.pairwise(done)]
        say("growth with the links (exponent k of links^k; processor time above the fixed cost):")
        say(f"  {'cost':<16}" + "".join(f"{step:>12}" for step in steps) + f"{'fitted':>12}")
        for name, values in exponents.items():
            say(f"  {name:<16}" + "".join(f"{value:>12.2f}" for value in values))
        judged = exponents["extension's own"][-2]
    stopped = [size.edition.passages for size in sizes if size.html.status == "timeout"]
    if stopped:
        say(
            f"growth: WORSE than linear: the {', '.join(map(str, stopped))}-passage edition did not "
            f"build within {args.timeout:.0f} s"
        )
    elif len(done) > 1:
        verdict = "linear or better" if judged <= LINEAR else "WORSE than linear"
        say(
            f"growth of the extension's own cost: {verdict} "
            f"(exponent {judged:.2f} between the two largest sizes)"
        )
    largest = sizes[-1]
    met = largest.html.status == "ok" and largest.html.seconds < TARGET_SECONDS
    say(
        f"target: {largest.edition.passages} passages in under {TARGET_SECONDS:.0f} s: "
        + ("met" if met else "NOT met")
    )
    say(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"HTML builds with -j {args.jobs}, fresh (-E), median of {args.runs} run(s) of each, "
        "bytecode cached"
    )
    if not args.no_write:
        today = datetime.datetime.now(tz=datetime.UTC).date().isoformat()
        command = " ".join(["python benchmarks/scaling.py", *sys.argv[1:]]).strip()
        text = f"Figures of {today}, `{command}`:\n\n```text\n" + "\n".join(printed) + "\n```"
        write_section(PERFORMANCE, text, BEGIN, END)
        print(f"written into {PERFORMANCE.relative_to(REPO)}")


if __name__ == "__main__":
    main()
