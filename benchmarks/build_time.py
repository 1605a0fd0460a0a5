"""Measure the edition's HTML build time beside a plain Sphinx build of the same texts.

The plain build has no apparatus extension: passages are ordinary paragraphs,
the notes are ordinary MyST footnotes with the same words, and the articles are
the same texts without the span markup. Both builds are fresh, serial HTML
builds of the same theme, run alternately so that the machine's state affects
both alike. Run with ``nox -s benchmark`` or ``python benchmarks/build_time.py``.
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
SPAN_RE = re.compile(r"\{on\}`(?P<text>.*?) <(?P<spec>[^`<>]*)>`", re.DOTALL)
PASSAGE_RE = re.compile(
    r":::\{passage\} (?P<id>\S+)\n(?P<options>(?::[^\n]*\n)*)(?P<body>.*?)\n:::\n", re.DOTALL
)
ARTICLE_RE = re.compile(r":::\{article\}\n(?::[^\n]*\n)*:::\n")

PLAIN_CONF = """
extensions = ["myst_parser", "sphinxcontrib.bibtex"]
myst_enable_extensions = ["colon_fence", "attrs_block"]
bibtex_bibfiles = ["references.bib"]
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
            for group in match["spec"].split(";"):
                relation, _, ids = group.partition(":")
                for passage_id in ids.split(","):
                    note = f"{article.stem} {relation.strip()}: “{match['text']}”"
                    if cited and bibkey:
                        note = f"{{cite:p}}`{bibkey[1]}` {note} ([in context](commentary/{article.name}))"
                    notes.setdefault(passage_id.strip(), []).append(note)
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
    """*source* with each ``{passage}`` reference an ordinary MyST link to the passage's label."""
    return re.sub(r"\{passage\}`([^`]*)`", r"[\1](#\1)", source)


def make_plain_project(target: Path, cited: bool = False) -> None:
    """Write the same texts as a Sphinx project that uses no apparatus extension.

    With *cited*, the notes cite and link their articles (see :func:`notes_by_passage`).
    """
    shutil.copytree(EDITION, target, ignore=shutil.ignore_patterns("_build", "conf.py", "witnesses"))
    (target / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
    shutil.copy(REPO / "references.bib", target / "references.bib")
    notes = notes_by_passage((EDITION / "commentary").glob("*.md"), cited=cited)
    speech = target / "speech.md"
    speech.write_text(plain_passages(speech.read_text(encoding="utf-8"), notes, count(1)), encoding="utf-8")
    for article in (target / "commentary").glob("*.md"):
        article.write_text(plain_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    for page in target.glob("*.md"):
        page.write_text(plain_references(page.read_text(encoding="utf-8")), encoding="utf-8")


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
        text = re.sub(rf"(?m)^{setting}.*\n", "", text.replace(f'    "{name}",\n', ""))
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


def build_seconds(source: Path, out: Path, environment: dict[str, str] | None = None) -> tuple[float, float]:
    """Time one fresh serial HTML build: wall-clock and processor seconds."""
    shutil.rmtree(out, ignore_errors=True)
    return timed_run(
        [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(source), str(out)], environment
    )


def incremental_seconds(scratch: Path, environment: dict[str, str] | None = None) -> tuple[float, float]:
    """Time a full build of a copy of the edition, then the rebuild after editing one article."""
    copy = scratch / "repo"
    copy_sources(copy)
    out = scratch / "out-incremental"
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(copy / "edition"), str(out)]
    full, _ = timed_run(command, environment)
    article = copy / "edition" / "commentary" / "haynes-2006.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    incremental, _ = timed_run(command, environment)
    return full, incremental


def pdf_seconds(out: Path, environment: dict[str, str] | None = None) -> float | None:
    """Time a fresh PDF build of the edition (LaTeX, then xelatex through latexmk); ``None`` without TeX."""
    if shutil.which("latexmk") is None or shutil.which("xelatex") is None:
        return None
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(EDITION), str(out), "-q"]
    seconds, _ = timed_run(command, environment)
    return seconds


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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        environment = None if args.compile_each_build else build_environment(scratch_dir)
        plain = scratch_dir / "plain"
        make_plain_project(plain)
        plain_cited = scratch_dir / "plain-cited"
        make_plain_project(plain_cited, cited=True)
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
            "plain, cited notes": (plain_cited, scratch_dir / "out-plain-cited"),
            "plain Sphinx": (plain, scratch_dir / "out-plain"),
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
            f"{'build':<17} {'median s':>9} {'min s':>7} {'max s':>7} {'ratio':>6} "
            f"{'CPU s':>7} {'CPU ratio':>9}"
        )
        for name, values in wall.items():
            print(
                f"{name:<17} {median[name]:>9.2f} {min(values):>7.2f} {max(values):>7.2f} "
                f"{median[name] / median['plain Sphinx']:>6.2f} {median_cpu[name]:>7.2f} "
                f"{median_cpu[name] / median_cpu['plain Sphinx']:>9.2f}"
            )
        cache = "each build compiling as the environment allows" if environment is None else "bytecode cached"
        print(
            f"runs: {args.runs} of each, fresh serial HTML builds, run alternately after one untimed "
            f"build of each ({cache}); medians; CPU: user and system processor time"
        )
        full, incremental = incremental_seconds(scratch_dir / "incremental", environment)
        pdf = pdf_seconds(scratch_dir / "out-pdf", environment)
    print(
        f"incremental: after editing one article, the rebuild takes {incremental:.2f} s "
        f"(the full build of the same copy {full:.2f} s)"
    )
    print(f"PDF: a fresh build takes {pdf:.2f} s" if pdf is not None else "PDF: not timed (no TeX installed)")


if __name__ == "__main__":
    main()
