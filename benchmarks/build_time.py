"""Measure the edition's HTML build time beside a plain Sphinx build of the same texts.

The plain build has none of the edition's own extensions (its configuration is
the edition's otherwise): passages are ordinary paragraphs, the notes are
ordinary MyST footnotes with the same words, and the articles are the same texts
without the span markup. A bare build (MyST and sphinxcontrib-bibtex only) shows
what the third-party extensions cost. All builds are fresh, serial HTML builds
of the same theme, run alternately so that the machine's state affects all alike.
Run with ``nox -s benchmark`` or ``python benchmarks/build_time.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

REPO = Path(__file__).resolve().parent.parent
EDITION = REPO / "edition"
sys.path.insert(0, str(REPO / "extensions"))

from apparatus.relations import DEFAULT_RELATIONS, parse_links  # noqa: E402 (found through the path above)

SPAN_RE = re.compile(r"\{on\}`(?P<text>.*?) <(?P<spec>[^`<>]*)>`", re.DOTALL)
PASSAGE_RE = re.compile(
    r":::\{passage\} (?P<id>\S+)\n(?P<options>(?::[^\n]*\n)*)(?P<body>.*?)\n:::\n", re.DOTALL
)
ARTICLE_RE = re.compile(r":::\{article\}\n(?::[^\n]*\n)*:::\n")
#: Blocks of the edition's own directives that hold no text of their own: settings, and lists they generate.
OWN_BLOCK_RE = re.compile(
    r"(?ms)^(?P<fence>:{3,}|`{3,})\{(?:fact|fact-reading|speech-quotations?|chronology|register"
    r"|edition-citation|witness-omissions|annotation-agreement|ledger-coverage)\}[^\n]*\n.*?^(?P=fence)\n"
)

#: The edition's own extensions, which the plain builds leave out of the edition's configuration.
OWN_EXTENSIONS = (
    "apparatus",
    "citable",
    "register",
    "accessible_html",
    "persistent_warnings",
    "annotations",
    "tei",
    "ledger",
)

#: The configuration of the bare build: MyST and sphinxcontrib-bibtex only, Sphinx's defaults otherwise.
BARE_CONF = """
extensions = ["myst_parser", "sphinxcontrib.bibtex"]
myst_enable_extensions = ["colon_fence", "attrs_block", "attrs_inline", "deflist"]
myst_heading_anchors = 2
exclude_patterns = ["witnesses/README.md"]
bibtex_bibfiles = ["../references.bib"]
html_theme = "furo"
project = "plain"
"""


SOURCE_RE = re.compile(r"(?m)^:source: (\S+)$")


def notes_by_passage(articles: Iterable[Path], cited: bool = False) -> dict[str, list[str]]:
    """The text of every note, by passage id, read from the span markup of *articles*.

    With *cited*, each note also cites its article through sphinxcontrib-bibtex and
    links to the article's page, as the edition's notes do.
    """
    notes: dict[str, list[str]] = {}
    for article in sorted(articles):
        source = article.read_text(encoding="utf-8")
        bibkey = SOURCE_RE.search(source)
        for match in SPAN_RE.finditer(source):
            # read as the edition reads it: lemmata ("words", *) name words of a passage, not passages
            for link in parse_links(match["spec"], DEFAULT_RELATIONS):
                note = f"{article.stem} {link.relation}: “{match['text']}”"
                if cited and bibkey:
                    note = f"{{cite:p}}`{bibkey[1]}` {note} ([in context](commentary/{article.name}))"
                notes.setdefault(link.passage_id, []).append(note)
    return notes


def plain_passages(source: str, notes: dict[str, list[str]], labels: Iterator[int]) -> str:
    """*source* with each passage an ordinary paragraph under a label, its notes MyST footnotes."""

    def plain_passage(match: re.Match[str]) -> str:
        numbered = [(next(labels), note) for note in notes.get(match["id"], [])]
        markers = "".join(f"[^n{label}]" for label, _ in numbered)
        definitions = "".join(f"\n\n[^n{label}]: {note}" for label, note in numbered)
        return f"({match['id']})=\n{match['body']}{markers}{definitions}\n"

    return PASSAGE_RE.sub(plain_passage, source)


def plain_article(source: str) -> str:
    """*source* without the article directive, its spans as plain text, its lacunae as ⟨…⟩."""
    text = ARTICLE_RE.sub("", source)
    text = SPAN_RE.sub(lambda m: m["text"], text)
    return re.sub(r"\{lacuna\}`[^`]*`", "⟨…⟩", text)


def plain_references(source: str) -> str:
    """*source* with each ``{passage}`` reference an ordinary MyST link to the passage's label.

    The ``{annotations-file}`` and ``{tei-file}`` links become code: a plain build writes neither file.
    """
    source = re.sub(r"\{(?:annotations|tei)-file\}(`[^`]*`)", r"\1", source)
    return re.sub(r"\{passage\}`([^`]*)`", r"[\1](#\1)", source)


#: A sphinx-design dropdown, whose body the bare build shows without it.
DROPDOWN_RE = re.compile(r"(?ms)^:::\{dropdown\}[^\n]*\n(?P<body>.*?)^:::\n")


def without_own_blocks(source: str) -> str:
    """*source* without the blocks of the edition's own directives that hold no text (``OWN_BLOCK_RE``)."""
    return OWN_BLOCK_RE.sub("", source)


def without_extensions(conf: str, names: Iterable[str]) -> str:
    """The configuration *conf* with the extensions *names* taken out of its ``extensions`` list."""
    for name in names:
        conf = conf.replace(f'    "{name}",\n', "")
    return conf


def plain_configuration(conf: str) -> str:
    """The edition's configuration *conf* without its own extensions (``OWN_EXTENSIONS``).

    Everything else stays: the third-party extensions the texts use (MyST,
    sphinx-design, sphinxcontrib-bibtex, and with a public address the sitemap
    and Open Graph tags), the MyST syntax, the theme and the stylesheet. The own
    extensions' settings stay too; without their extensions Sphinx leaves them unused.
    """
    return without_extensions(conf, OWN_EXTENSIONS)


def make_plain_project(target: Path, cited: bool = False, bare: bool = False) -> Path:
    """Write the same texts as a Sphinx project that uses none of the edition's own extensions.

    The project keeps the edition's configuration otherwise (see
    :func:`plain_configuration`); with *bare*, it has MyST and sphinxcontrib-bibtex
    only (``BARE_CONF``). With *cited*, the notes cite and link their articles (see
    :func:`notes_by_passage`). Returns the source folder.
    """
    source = target / "edition"
    shutil.copytree(EDITION, source, ignore=shutil.ignore_patterns("_build"))
    for name in ("pyproject.toml", "references.bib"):
        shutil.copy(REPO / name, target / name)
    # conf.py reads pyproject.toml through the schemas module, which is no Sphinx extension
    (target / "extensions").mkdir()
    shutil.copy(REPO / "extensions" / "schemas.py", target / "extensions" / "schemas.py")
    conf = source / "conf.py"
    configuration = BARE_CONF if bare else plain_configuration(conf.read_text(encoding="utf-8"))
    conf.write_text(configuration, encoding="utf-8")
    notes = notes_by_passage((EDITION / "commentary").glob("*.md"), cited=cited)
    speech = source / "speech.md"
    speech.write_text(plain_passages(speech.read_text(encoding="utf-8"), notes, count(1)), encoding="utf-8")
    for article in (source / "commentary").glob("*.md"):
        article.write_text(plain_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    for page in source.glob("**/*.md"):
        text = without_own_blocks(plain_references(page.read_text(encoding="utf-8")))
        if bare:  # no sphinx-design: the dropdown's content stands open
            text = DROPDOWN_RE.sub(r"\g<body>", text)
        page.write_text(text, encoding="utf-8")
    return source


def copy_sources(target: Path) -> None:
    """Copy what the edition builds from (texts, extensions, metadata, bibliography) into *target*."""
    for name in ("edition", "extensions"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    for name in ("pyproject.toml", "references.bib"):
        shutil.copy(REPO / name, target / name)


#: The edition's extensions other than the apparatus: their settings and the directives of their pages.
OTHER_EXTENSIONS = {
    "citable": ("citable_registry", {"how-to-cite.md": "```{edition-citation}\n```\n"}),
    "register": (
        "register_",
        {"register.md": "```{register}\n```\n", "chronology.md": "```{chronology}\n```\n"},
    ),
}


def make_project_without(target: Path, *names: str) -> Path:
    """A copy of the edition without the extensions *names* (keys of ``OTHER_EXTENSIONS``)."""
    copy_sources(target)
    conf = target / "edition" / "conf.py"
    text = conf.read_text(encoding="utf-8")
    for name in names:
        setting, pages = OTHER_EXTENSIONS[name]
        text = re.sub(rf"(?m)^{setting}.*\n", "", without_extensions(text, [name]))
        for page_name, directive in pages.items():
            page = target / "edition" / page_name
            if page.exists():
                page.write_text(page.read_text(encoding="utf-8").replace(directive, ""), encoding="utf-8")
    conf.write_text(text, encoding="utf-8")
    return target / "edition"


def build_environment(scratch: Path) -> dict[str, str]:
    """The environment of the timed builds: Python's bytecode cached under *scratch*.

    A Python that may not write bytecode (``PYTHONDONTWRITEBYTECODE``, as on the
    usual machine) compiles Sphinx and every extension again in each build, about
    two seconds that an ordinary installation spends once; that fixed cost would
    hide the extensions' own. The cache lives in the scratch folder, so nothing
    is written into the environment; a first, untimed build of each project fills it.
    """
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    return environment


def timed_run(command: list[str], environment: dict[str, str] | None = None) -> tuple[float, float]:
    """Run *command*; its wall-clock seconds and the processor seconds it used (user and system).

    Processor time is less disturbed than wall-clock time by other work on a shared machine.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=environment)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def html_build(source: Path, out: Path, fresh: bool = True, steps_off: str = "") -> list[str]:
    """The command of a serial HTML build of *source* into *out*: fresh (``-E``), or incremental.

    *steps_off*: the edition's steps to switch off (keys of ``without_steps.STEPS``, comma-separated).
    """
    runner = [str(REPO / "benchmarks" / "without_steps.py"), steps_off] if steps_off else ["-m", "sphinx"]
    return [
        sys.executable,
        *runner,
        "-q",
        *(["-E"] if fresh else []),
        "-b",
        "html",
        str(source),
        str(out),
    ]


def build_seconds(source: Path, out: Path, environment: dict[str, str] | None = None) -> tuple[float, float]:
    """Time one fresh serial HTML build: wall-clock and processor seconds."""
    shutil.rmtree(out, ignore_errors=True)
    return timed_run(html_build(source, out), environment)


def build_instructions(
    source: Path,
    out: Path,
    environment: dict[str, str] | None = None,
    fresh: bool = True,
    steps_off: str = "",
) -> int:
    """Count the instructions of one serial HTML build, run under valgrind's callgrind.

    A fresh build starts from an empty output folder; otherwise the build is
    incremental. A count is not disturbed by other work on the machine, as times
    are; the build runs about forty times slower than without valgrind.
    *steps_off*: as for :func:`html_build`.
    """
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    valgrind = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={os.devnull}"]
    command = valgrind + html_build(source, out, fresh, steps_off)
    result = subprocess.run(command, check=True, capture_output=True, text=True, env=environment)
    return int(re.findall(r"Collected\s*:\s*(\d+)", result.stderr)[-1])


def incremental_copy(scratch: Path, environment: dict[str, str] | None = None) -> tuple[Path, Path]:
    """A copy of the edition's sources under *scratch*, built once; its source and output folders."""
    copy_sources(scratch / "repo")
    source, out = scratch / "repo" / "edition", scratch / "out"
    timed_run(html_build(source, out), environment)  # fills the bytecode cache for the copy's extensions
    return source, out


def edit_article(source: Path) -> None:
    """Edit one article of the edition in *source*: add an empty line at its end."""
    article = source / "commentary" / "haynes-2006.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def incremental_seconds(
    scratch: Path, environment: dict[str, str] | None = None, edits: int = 3
) -> tuple[float, float]:
    """Time a full build of a copy of the edition, then the rebuilds after editing one article.

    The article is edited *edits* times, each time followed by a rebuild; the
    median rebuild is returned beside the full build's time.
    """
    source, out = incremental_copy(scratch, environment)
    full, _ = build_seconds(source, out, environment)
    rebuilds = []
    for _ in range(edits):
        edit_article(source)
        rebuilds.append(timed_run(html_build(source, out, fresh=False), environment)[0])
    return full, statistics.median(rebuilds)


def incremental_instructions(scratch: Path, environment: dict[str, str] | None = None) -> tuple[int, int]:
    """Count the instructions of a full build of a copy of the edition, then of the rebuild after an edit."""
    source, out = incremental_copy(scratch, environment)
    full = build_instructions(source, out, environment)
    edit_article(source)
    return full, build_instructions(source, out, environment, fresh=False)


def pdf_seconds(out: Path, environment: dict[str, str] | None = None) -> float | None:
    """Time a fresh PDF build of the edition (LaTeX, then xelatex through latexmk); ``None`` without TeX."""
    if shutil.which("latexmk") is None or shutil.which("xelatex") is None:
        return None
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(EDITION), str(out), "-q"]
    seconds, _ = timed_run(command, environment)
    return seconds


def section_markers(name: str, script: str) -> tuple[str, str]:
    """The comment lines around a section of docs/performance.md that the benchmark *script* writes."""
    return f"% {name} figures: begin (written by benchmarks/{script}, not by hand)", f"% {name} figures: end"


def write_section(page: Path, text: str, begin: str, end: str) -> None:
    """Put *text* between the lines *begin* and *end* of *page*, in place of what was there."""
    content = page.read_text(encoding="utf-8")
    pattern = re.compile(rf"(?ms)^{re.escape(begin)}\n.*?^{re.escape(end)}$")
    if len(pattern.findall(content)) != 1:
        raise SystemExit(f"{page}: no generated section (a line {begin!r}, then {end!r})")
    page.write_text(pattern.sub(lambda _: f"{begin}\n\n{text}\n\n{end}", content), encoding="utf-8")


def print_instructions(
    projects: dict[str, tuple[Path, Path]], scratch: Path, environment: dict[str, str] | None
) -> None:
    """Count the instructions of one build of each project, and of an incremental rebuild, and print them.

    *scratch* is a folder for the copy of the edition that the incremental rebuild edits.
    """
    if shutil.which("valgrind") is None:
        print("instructions: not counted (valgrind is not installed)")
        return
    counts = {name: build_instructions(source, out, environment) for name, (source, out) in projects.items()}
    print(f"{'build':<19} {'instructions':>14} {'ratio':>6} {'to cited':>8}")
    for name, instructions in counts.items():
        print(
            f"{name:<19} {instructions:>14,} {instructions / counts['plain Sphinx']:>6.2f} "
            f"{instructions / counts['plain, cited notes']:>8.2f}"
        )
    print("instructions: one build of each under valgrind --tool=callgrind (user-space instructions)")
    full, rebuild = incremental_instructions(scratch, environment)
    print(
        f"incremental: after editing one article, the rebuild runs {rebuild:,} instructions, "
        f"{rebuild / full:.2f} of a full build of the same copy ({full:,})"
    )


def main() -> None:
    """Run the builds alternately and print the medians and their ratios to the plain build."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds of each kind (default 5)")
    parser.add_argument(
        "--compile-each-build",
        action="store_true",
        help="no bytecode cache of its own: each build compiles its modules if the environment "
        "forbids writing bytecode (the method of the figures before 25 November 2026)",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count the instructions of one build of each kind under valgrind (callgrind), "
        "which the machine's load does not disturb; slow (about forty times a build)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        environment = None if args.compile_each_build else build_environment(scratch_dir)
        projects = {
            "edition (all)": (EDITION, scratch_dir / "out-edition"),
            "apparatus+citable": (
                make_project_without(scratch_dir / "no-register", "register"),
                scratch_dir / "out-no-register",
            ),
            "apparatus only": (
                make_project_without(scratch_dir / "apparatus-only", "citable", "register"),
                scratch_dir / "out-apparatus",
            ),
            "plain, cited notes": (
                make_plain_project(scratch_dir / "plain-cited", cited=True),
                scratch_dir / "out-plain-cited",
            ),
            "plain Sphinx": (make_plain_project(scratch_dir / "plain"), scratch_dir / "out-plain"),
            "bare Sphinx": (make_plain_project(scratch_dir / "bare", bare=True), scratch_dir / "out-bare"),
        }
        for source, out in projects.values():  # untimed: fills the bytecode cache
            build_seconds(source, out, environment)
        wall: dict[str, list[float]] = {name: [] for name in projects}
        cpu: dict[str, list[float]] = {name: [] for name in projects}
        for _ in range(args.runs):
            for name, (source, out) in projects.items():
                seconds, processor = build_seconds(source, out, environment)
                wall[name].append(seconds)
                cpu[name].append(processor)
        median = {name: statistics.median(values) for name, values in wall.items()}
        median_cpu = {name: statistics.median(values) for name, values in cpu.items()}
        print(
            f"{'build':<19} {'median s':>9} {'min s':>7} {'max s':>7} {'ratio':>6} "
            f"{'to cited':>8} {'CPU s':>7} {'CPU ratio':>9}"
        )
        for name, values in wall.items():
            print(
                f"{name:<19} {median[name]:>9.2f} {min(values):>7.2f} {max(values):>7.2f} "
                f"{median[name] / median['plain Sphinx']:>6.2f} "
                f"{median[name] / median['plain, cited notes']:>8.2f} {median_cpu[name]:>7.2f} "
                f"{median_cpu[name] / median_cpu['plain Sphinx']:>9.2f}"
            )
        print(
            "ratio: to the plain build; to cited: to the plain build whose notes cite and link "
            "their articles as the edition's do"
        )
        cache = "each build compiling as the environment allows" if environment is None else "bytecode cached"
        print(
            f"runs: {args.runs} of each, fresh serial HTML builds, run alternately after one untimed "
            f"build of each ({cache}); medians; CPU: user and system processor time"
        )
        if args.instructions:
            print_instructions(projects, scratch_dir / "counted", environment)
        full, incremental = incremental_seconds(scratch_dir / "incremental", environment)
        pdf = pdf_seconds(scratch_dir / "out-pdf", environment)
    print(
        f"incremental: after editing one article, the rebuild takes {incremental:.2f} s (median of 3) "
        f"(the full build of the same copy {full:.2f} s)"
    )
    print(f"PDF: a fresh build takes {pdf:.2f} s" if pdf is not None else "PDF: not timed (no TeX installed)")


if __name__ == "__main__":
    main()
