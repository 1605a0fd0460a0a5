"""The editor's loop: a full build, one-word edits and the live preview, beside the plain and cited twins.

An editor saves a page and looks at it; what counts is how long that takes, and
whether the edition's own extensions make it take much longer than plain Sphinx
would with the same texts. For the edition and its two twins of
``build_time.py`` (the plain twin: the same texts as ordinary paragraphs and
footnotes; the cited twin: its notes also cite and link their articles, as the
edition's do), the script times, alternately and repeatedly:

- a fresh serial HTML build (``sphinx-build -E``);
- the incremental rebuild after one word of a passage is changed;
- the incremental rebuild after one word of an article is changed;
- under sphinx-autobuild (as ``nox -s serve`` runs it), the time from saving an
  article with one word changed to the live-reload message the browser gets;

and, where valgrind is installed, counts the instructions of the first three
once each (a count is not disturbed by other work on the machine, as times are),
then those of the fresh build and the article edit with each of the edition's
build-wide steps switched off in turn (``without_steps.py``), which shows what
each step costs, and the start-up of the edition and the plain twin (the build
itself switched off), which shows what importing and setting up the extensions
costs; what neither accounts for is the rest of the edition's excess.
It prints medians and minimums, and writes the same figures into the generated
section of docs/performance.md, so that the page holds only figures the script
printed. Run it with ``nox -s editor_loop`` (``-- --runs 3 --no-instructions``
for a quick look); ``BENCHMARK_RUNS`` sets the default number of repetitions.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_time  # the twins, the timed runs and the callgrind counts
from without_steps import START_UP, STEPS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from websockets.sync.client import ClientConnection

REPO = build_time.REPO
PERFORMANCE = REPO / "docs" / "performance.md"
#: The lines that enclose the generated section of docs/performance.md (MyST comments).
BEGIN, END = build_time.section_markers("editor-loop", "editor_loop.py")
#: The environment variable that sets the default number of repetitions.
RUNS_VARIABLE = "BENCHMARK_RUNS"
#: Below this many repetitions the page calls the figures a smoke run, not figures to go by.
FULL_RUNS = 5
#: How long sphinx-autobuild may take for its first build, and for a rebuild, in seconds.
AUTOBUILD_TIMEOUT = 300.0

#: The kinds of measurement, in the order of the tables.
KINDS = {
    "full": "fresh build",
    "passage": "one word of a passage changed, rebuild",
    "article": "one word of an article changed, rebuild",
    "autobuild": "sphinx-autobuild: article saved → live reload sent",
}
PROJECTS = ("edition", "plain twin", "cited twin")


@dataclass(frozen=True)
class Edit:
    """A one-word edit of one page that the script makes and unmakes in turn.

    The word stands once in the page of each project (the twins keep the
    passages' and articles' words), so that each edit changes the same word.
    """

    page: str
    word: str
    other: str

    def toggle(self, source: Path) -> None:
        """Change the word in *source*'s copy of the page to the other, or back."""
        path = source / self.page
        text = path.read_text(encoding="utf-8")
        for old, new in ((self.word, self.other), (self.other, self.word)):
            changed, found = re.subn(rf"\b{old}\b", new, text)
            if found == 1:
                path.write_text(changed, encoding="utf-8")
                return
        raise SystemExit(f"{path}: neither {self.word!r} nor {self.other!r} stands there once")


#: A word of the passage on Lenin's methods, which no article quotes, and a word of Haynes's article
#: outside any span, fact reading or name that the extensions look for.
PASSAGE_EDIT = Edit("speech.md", "vigorously", "strenuously")
ARTICLE_EDIT = Edit("commentary/haynes-2006.md", "plummeted", "plunged")


@dataclass
class Project:
    """One project the script builds: its source folder and its output folders."""

    source: Path
    out: Path
    serve_out: Path
    wall: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    instructions: dict[str, int] = field(default_factory=dict)
    #: Per step switched off (``without_steps.STEPS``): the counts of the fresh build and the article edit.
    without: dict[str, dict[str, int]] = field(default_factory=dict)
    #: The counts of the start-up alone (``without_steps.START_UP``), fresh and before the article edit.
    start_up: dict[str, int] = field(default_factory=dict)

    def record(self, kind: str, wall: float, cpu: float | None = None) -> None:
        """Keep one timing of *kind*."""
        self.wall.setdefault(kind, []).append(wall)
        if cpu is not None:
            self.cpu.setdefault(kind, []).append(cpu)


def make_projects(scratch: Path) -> dict[str, Project]:
    """The edition (a copy, for the edits) and its plain and cited twins, under *scratch*."""
    build_time.copy_sources(scratch / "edition")
    sources = {
        "edition": scratch / "edition" / "edition",
        "plain twin": build_time.make_plain_project(scratch / "plain"),
        "cited twin": build_time.make_plain_project(scratch / "cited", cited=True),
    }
    return {
        name: Project(source, scratch / f"out-{index}", scratch / f"serve-{index}")
        for index, (name, source) in enumerate(sources.items())
    }


def incremental(project: Project, edit: Edit, environment: dict[str, str]) -> tuple[float, float]:
    """Make *edit* in *project* and time the incremental rebuild: wall-clock and processor seconds."""
    edit.toggle(project.source)
    return build_time.timed_run(build_time.html_build(project.source, project.out, fresh=False), environment)


def time_builds(projects: dict[str, Project], runs: int, environment: dict[str, str]) -> None:
    """A fresh build, then the passage edit's and the article edit's rebuilds, of each project in turn."""
    for project in projects.values():  # untimed: fills the bytecode cache
        build_time.build_seconds(project.source, project.out, environment)
    for _ in range(runs):
        for project in projects.values():
            project.record("full", *build_time.build_seconds(project.source, project.out, environment))
            project.record("passage", *incremental(project, PASSAGE_EDIT, environment))
            project.record("article", *incremental(project, ARTICLE_EDIT, environment))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def autobuild_available() -> bool:
    """Whether sphinx-autobuild and a websocket client are installed (the serve group)."""
    try:
        import sphinx_autobuild  # noqa: F401
        import websockets.sync.client  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class Server:
    """A sphinx-autobuild process serving one project, and a live-reload connection to it."""

    process: subprocess.Popen[bytes]
    connection: ClientConnection

    def reload_seconds(self, project: Project, edit: Edit) -> float:
        """Make *edit* and time it until the server sends the live-reload message."""
        start = time.perf_counter()
        edit.toggle(project.source)
        message = self.connection.recv(timeout=AUTOBUILD_TIMEOUT)
        seconds = time.perf_counter() - start
        if message != "refresh":
            raise RuntimeError(f"sphinx-autobuild sent {message!r}")
        return seconds


def start_server(project: Project, log: Path, environment: dict[str, str], stack: ExitStack) -> Server:
    """Start sphinx-autobuild on *project* and connect to its live reload once its first build is done.

    The connection is closed, and the server stopped, when *stack* closes.
    """
    from websockets.sync.client import connect

    port = free_port()
    command = [sys.executable, "-m", "sphinx_autobuild", "--host", "127.0.0.1", "--port", str(port)]
    command += [str(project.source), str(project.serve_out)]
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=environment)
    stack.callback(stop, process)
    deadline = time.monotonic() + AUTOBUILD_TIMEOUT
    while True:  # the server listens once its first build is done
        try:
            connection = connect(f"ws://127.0.0.1:{port}/websocket-reload", open_timeout=5)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"sphinx-autobuild did not start: see {log}") from None
            time.sleep(0.2)
        else:
            return Server(process, stack.enter_context(connection))


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a sphinx-autobuild process (and so the build it may be running)."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def time_autobuild(
    projects: dict[str, Project], runs: int, scratch: Path, environment: dict[str, str]
) -> None:
    """Time an article edit to the live reload under sphinx-autobuild, for each project in turn."""
    with ExitStack() as stack:
        servers = {
            name: start_server(project, scratch / f"autobuild-{index}.log", environment, stack)
            for index, (name, project) in enumerate(projects.items())
        }
        for _ in range(runs):
            for name, project in projects.items():
                project.record("autobuild", servers[name].reload_seconds(project, ARTICLE_EDIT))
                time.sleep(0.5)  # let the watcher settle before the next project's edit


def count_instructions(projects: dict[str, Project], environment: dict[str, str]) -> None:
    """Count the instructions of a fresh build and of each edit's rebuild, once for each project."""
    for project in projects.values():
        count = build_time.build_instructions
        project.instructions["full"] = count(project.source, project.out, environment)
        PASSAGE_EDIT.toggle(project.source)
        project.instructions["passage"] = count(project.source, project.out, environment, fresh=False)
        ARTICLE_EDIT.toggle(project.source)
        project.instructions["article"] = count(project.source, project.out, environment, fresh=False)


def count_steps(project: Project, environment: dict[str, str]) -> None:
    """Count a fresh build and the article edit's rebuild of *project* with each of its steps switched off.

    The difference from the counts of :func:`count_instructions` is what the
    step costs: the profile of what the edition adds to plain Sphinx.
    """
    for step in STEPS:
        counts = project.without.setdefault(step, {})
        count = build_time.build_instructions
        counts["full"] = count(project.source, project.out, environment, steps_off=step)
        ARTICLE_EDIT.toggle(project.source)
        counts["article"] = count(project.source, project.out, environment, fresh=False, steps_off=step)


def count_start_up(projects: dict[str, Project], environment: dict[str, str]) -> None:
    """Count the start-up alone of the edition and the plain twin, fresh and with an environment to load.

    The edition's count less the twin's is what its extensions cost before a
    document is read: their modules and libraries imported, their setup, their
    domains' data loaded with the environment.
    """
    for name in ("edition", "plain twin"):
        project, count = projects[name], build_time.build_instructions
        project.start_up["full"] = count(project.source, project.out, environment, steps_off=START_UP)
        project.start_up["article"] = count(
            project.source, project.out, environment, fresh=False, steps_off=START_UP
        )


def version_of(command: list[str]) -> str:
    """The first line a tool prints about its version, or an empty string."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return (result.stdout or result.stderr).strip().splitlines()[0] if result.returncode == 0 else ""


def machine() -> str:
    """The machine and the versions the figures were measured with."""
    import sphinx

    valgrind = version_of(["valgrind", "--version"])
    return (
        f"{os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Sphinx {sphinx.__version__}"
        + (f", {valgrind}" if valgrind else "")
    )


def ratio(value: float | None, base: float | None) -> str:
    """*value* over *base* with two decimals, or a dash where either is missing."""
    return f"{value / base:.2f}" if value is not None and base else "–"


def seconds(values: list[float] | None) -> str:
    """The median and the minimum of *values* as ``median (min)``, or a dash."""
    return f"{statistics.median(values):.2f} ({min(values):.2f})" if values else "–"


def median(values: list[float] | None) -> float | None:
    """The median of *values*, or ``None`` where there are none."""
    return statistics.median(values) if values else None


def time_rows(projects: dict[str, Project]) -> Iterator[list[str]]:
    """The rows of the table of times: kind, each project's median (min), the edition's ratios."""
    edition, plain, cited = (projects[name] for name in PROJECTS)
    for kind, label in KINDS.items():
        if kind not in edition.wall:
            continue
        cells = [seconds(projects[name].wall.get(kind)) for name in PROJECTS]
        mine = median(edition.wall.get(kind))
        yield [
            label,
            *cells,
            ratio(mine, median(plain.wall.get(kind))),
            ratio(mine, median(cited.wall.get(kind))),
            ratio(median(edition.cpu.get(kind)), median(plain.cpu.get(kind))),
        ]


def instruction_rows(projects: dict[str, Project]) -> Iterator[list[str]]:
    """The rows of the table of instructions (billions) and the edition's ratios."""
    edition, plain, cited = (projects[name] for name in PROJECTS)
    for kind, label in KINDS.items():
        if kind not in edition.instructions:
            continue
        counts = [projects[name].instructions.get(kind) for name in PROJECTS]
        mine = edition.instructions[kind]
        yield [
            label,
            *(f"{count / 1e9:.2f}" if count else "–" for count in counts),
            ratio(mine, plain.instructions.get(kind)),
            ratio(mine, cited.instructions.get(kind)),
        ]


#: The row of the start-up in the table of steps, and that of what the steps and the start-up leave.
START_UP_ROW = "start-up: the extensions imported and set up, their data loaded (less the plain twin's)"
REST_ROW = "the rest: reading, resolving and writing the pages, the apparatus's analyses"


def step_rows(projects: dict[str, Project]) -> Iterator[list[str]]:
    """What each step costs (billions of instructions), and its share of the edition's excess over plain.

    Where the start-up was counted, two more rows follow: the edition's start-up
    less the plain twin's, and the remainder of the excess that no row above
    accounts for.
    """
    edition, plain = projects["edition"], projects["plain twin"]
    kinds = ("full", "article")
    excess = {kind: edition.instructions[kind] - plain.instructions[kind] for kind in kinds}
    costs = {
        STEPS[step][0]: {kind: edition.instructions[kind] - counts[kind] for kind in kinds}
        for step, counts in edition.without.items()
    }
    if edition.start_up and plain.start_up:
        costs[START_UP_ROW] = {kind: edition.start_up[kind] - plain.start_up[kind] for kind in kinds}
        costs[REST_ROW] = {kind: excess[kind] - sum(cost[kind] for cost in costs.values()) for kind in kinds}
    for label, cost in costs.items():
        cells = []
        for kind in kinds:
            share = f"{cost[kind] / excess[kind]:.0%}" if excess[kind] > 0 else "–"
            cells += [f"{cost[kind] / 1e9:.2f}", share]
        yield [label, *cells]


@dataclass(frozen=True)
class Target:
    """One of issue 17's targets: the edition's figure against a bound."""

    text: str
    value: Callable[[dict[str, Project]], float | None]
    bound: float

    def verdict(self, projects: dict[str, Project]) -> str:
        """The figure, the bound, and whether the target is met."""
        value = self.value(projects)
        if value is None:
            return f"{self.text}: not measured in this run"
        met = "met" if value <= self.bound else "not met"
        return f"{self.text}: {value:.2f} (target ≤ {self.bound:g}): {met}"


def edit_ratio(kind: str) -> Callable[[dict[str, Project]], float | None]:
    """The edition's *kind* over the plain twin's: in instructions where counted, else in wall medians."""

    def value(projects: dict[str, Project]) -> float | None:
        edition, plain = projects["edition"], projects["plain twin"]
        if kind in edition.instructions and plain.instructions.get(kind):
            return edition.instructions[kind] / plain.instructions[kind]
        mine, base = median(edition.wall.get(kind)), median(plain.wall.get(kind))
        return mine / base if mine is not None and base else None

    return value


def full_ratio(twin: str) -> Callable[[dict[str, Project]], float | None]:
    """The edition's fresh build over *twin*'s, in instructions (``None`` where not counted)."""

    def value(projects: dict[str, Project]) -> float | None:
        mine, base = projects["edition"].instructions.get("full"), projects[twin].instructions.get("full")
        return mine / base if mine and base else None

    return value


TARGETS = (
    Target("fresh build, instructions, to the cited twin", full_ratio("cited twin"), 1.25),
    Target("fresh build, instructions, to the plain twin", full_ratio("plain twin"), 1.4),
    Target("article edit's rebuild, to the plain twin's", edit_ratio("article"), 1.3),
    Target("passage edit's rebuild, to the plain twin's", edit_ratio("passage"), 1.3),
    Target(
        "sphinx-autobuild, article saved → reload sent, median seconds",
        lambda projects: median(projects["edition"].wall.get("autobuild")),
        2.0,
    ),
)


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table."""
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def report(projects: dict[str, Project], runs: int, command: str, load: str) -> str:
    """The figures as Markdown: what was run where, the times, the instructions, the targets."""
    today = datetime.datetime.now(tz=datetime.UTC).date().isoformat()
    repetitions = f"{runs} repetition{'s' if runs != 1 else ''}"
    smoke = f" **A smoke run of {repetitions}: not figures to go by.**" if runs < FULL_RUNS else ""
    parts = [
        f"Figures of {today}, `{command}`, on {machine()}; load average at the start {load}.{smoke}",
        f"Seconds: median (minimum) of {repetitions}, run alternately, "
        "each build in a process of its own with a bytecode cache; "
        "ratios: the edition's median to the twin's (CPU: of processor seconds, user and system).",
        table(
            ["what", "edition s", "plain twin s", "cited twin s", "to plain", "to cited", "CPU to plain"],
            list(time_rows(projects)),
        ),
    ]
    counted = list(instruction_rows(projects))
    if counted:
        parts += [
            "Instructions (billions; one build of each under `valgrind --tool=callgrind`):",
            table(["what", "edition", "plain twin", "cited twin", "to plain", "to cited"], counted),
        ]
    else:
        parts.append("Instructions: not counted in this run.")
    steps = list(step_rows(projects)) if projects["edition"].without else []
    if steps:
        parts += [
            "What the edition's build-wide steps cost (billions of instructions: the edition's count less "
            "that of the same build with the step switched off by `benchmarks/without_steps.py`), and "
            "each one's share of the edition's excess over the plain twin; then the edition's start-up "
            "(the build itself switched off) less the plain twin's, and the excess that none of these "
            "accounts for. Costs within a few hundredths of zero, negative ones included, are below what "
            "this method resolves (they stay so with the garbage collector off; a build with a step "
            "switched off also imports that step's module before Sphinx starts):",
            table(["step", "fresh build", "share", "article edit", "share"], steps),
        ]
    parts.append("Issue 17's targets:\n\n" + "\n".join(f"- {target.verdict(projects)}" for target in TARGETS))
    return "\n\n".join(parts)


def write_section(page: Path, text: str) -> None:
    """Put *text* between the markers of the editor's-loop section of *page*, in place of what was there."""
    build_time.write_section(page, text, BEGIN, END)


def default_runs() -> int:
    """The repetitions asked for by ``BENCHMARK_RUNS``, else eleven."""
    return int(os.environ.get(RUNS_VARIABLE, "11"))


def main() -> None:
    """Measure, print the figures, and write them into docs/performance.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=default_runs(), help=f"repetitions ({RUNS_VARIABLE}, else 11)"
    )
    parser.add_argument(
        "--no-instructions", action="store_true", help="leave out the callgrind counts (slow)"
    )
    parser.add_argument(
        "--no-steps", action="store_true", help="leave out the counts with each step switched off (slow)"
    )
    parser.add_argument("--no-autobuild", action="store_true", help="leave out sphinx-autobuild")
    parser.add_argument("--no-write", action="store_true", help="print the figures only")
    args = parser.parse_args()
    command = " ".join(["python benchmarks/editor_loop.py", *sys.argv[1:]]).strip()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        environment = build_time.build_environment(scratch)
        projects = make_projects(scratch)
        time_builds(projects, args.runs, environment)
        if args.no_autobuild:
            pass
        elif autobuild_available():
            time_autobuild(projects, args.runs, scratch, environment)
        else:
            print("sphinx-autobuild: not measured (install the serve group)")
        if not args.no_instructions and shutil.which("valgrind"):
            count_instructions(projects, environment)
            if not args.no_steps:
                count_steps(projects["edition"], environment)
                count_start_up(projects, environment)
        figures = report(projects, args.runs, command, load)
    print(figures)
    if not args.no_write:
        write_section(PERFORMANCE, figures)
        print(f"written into {PERFORMANCE.relative_to(REPO)}")


if __name__ == "__main__":
    main()
