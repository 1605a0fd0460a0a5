"""Measure the edition's HTML build time beside a plain Sphinx build of the same texts.

The plain build has no apparatus extension: passages are ordinary paragraphs,
the notes are ordinary MyST footnotes with the same words, and the articles are
the same texts without the span markup. Both builds are fresh, serial HTML
builds of the same theme, run alternately so that the machine's state affects
both alike. Run with ``nox -s benchmark`` or ``python benchmarks/build_time.py``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def notes_by_passage() -> dict[str, list[str]]:
    """The text of every note, by passage id, read from the articles' span markup."""
    notes: dict[str, list[str]] = {}
    for article in sorted((EDITION / "commentary").glob("*.md")):
        source = article.read_text(encoding="utf-8")
        for match in SPAN_RE.finditer(source):
            for group in match["spec"].split(";"):
                relation, _, ids = group.partition(":")
                for passage_id in ids.split(","):
                    note = f"{article.stem} {relation.strip()}: “{match['text']}”"
                    notes.setdefault(passage_id.strip(), []).append(note)
    return notes


def make_plain_project(target: Path) -> None:
    """Write the same texts as a Sphinx project that uses no apparatus extension."""
    shutil.copytree(EDITION, target, ignore=shutil.ignore_patterns("_build", "conf.py", "witnesses"))
    (target / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
    shutil.copy(REPO / "references.bib", target / "references.bib")
    notes = notes_by_passage()
    counter = iter(range(1, 10_000))

    def plain_passage(match: re.Match[str]) -> str:
        labels = [(next(counter), note) for note in notes.get(match["id"], [])]
        markers = "".join(f"[^n{label}]" for label, _ in labels)
        definitions = "".join(f"\n\n[^n{label}]: {note}" for label, note in labels)
        return f"({match['id']})=\n{match['body']}{markers}{definitions}\n"

    speech = target / "speech.md"
    speech.write_text(PASSAGE_RE.sub(plain_passage, speech.read_text(encoding="utf-8")), encoding="utf-8")
    for article in (target / "commentary").glob("*.md"):
        text = ARTICLE_RE.sub("", article.read_text(encoding="utf-8"))
        text = SPAN_RE.sub(lambda m: m["text"], text)
        text = re.sub(r"\{lacuna\}`[^`]*`", "⟨…⟩", text)
        article.write_text(text, encoding="utf-8")
    for page in target.glob("*.md"):
        page.write_text(
            re.sub(r"\{passage\}`([^`]*)`", r"[\1](#\1)", page.read_text(encoding="utf-8")), encoding="utf-8"
        )


def copy_sources(target: Path) -> None:
    """Copy what the edition builds from (texts, extensions, metadata, bibliography) into *target*."""
    for name in ("edition", "extensions"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    for name in ("pyproject.toml", "references.bib"):
        shutil.copy(REPO / name, target / name)


def make_apparatus_only_project(target: Path) -> Path:
    """A copy of the edition without the citable extension: the apparatus's own cost alone."""
    copy_sources(target)
    conf = target / "edition" / "conf.py"
    text = conf.read_text(encoding="utf-8").replace('    "citable",\n', "")
    conf.write_text(re.sub(r"(?m)^citable_registry = .*$", "", text), encoding="utf-8")
    page = target / "edition" / "how-to-cite.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("```{edition-citation}\n```\n", ""), encoding="utf-8"
    )
    return target / "edition"


def build_seconds(source: Path, out: Path) -> float:
    """Time one fresh serial HTML build."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(source), str(out)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def incremental_seconds(scratch: Path) -> tuple[float, float]:
    """Time a full build of a copy of the edition, then the rebuild after editing one article."""
    copy = scratch / "repo"
    copy_sources(copy)
    out = scratch / "out-incremental"
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(copy / "edition"), str(out)]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    full = time.perf_counter() - start
    article = copy / "edition" / "commentary" / "haynes-2006.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return full, time.perf_counter() - start


def main() -> None:
    """Run both builds alternately and print the medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds of each kind (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        plain = scratch_dir / "plain"
        make_plain_project(plain)
        apparatus_only = make_apparatus_only_project(scratch_dir / "apparatus-only")
        times: dict[str, list[float]] = {
            "edition (all)": [],
            "apparatus only": [],
            "plain Sphinx": [],
        }
        for _ in range(args.runs):
            times["edition (all)"].append(build_seconds(EDITION, scratch_dir / "out-edition"))
            times["apparatus only"].append(build_seconds(apparatus_only, scratch_dir / "out-apparatus"))
            times["plain Sphinx"].append(build_seconds(plain, scratch_dir / "out-plain"))
    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline = medians["plain Sphinx"]
    print(f"{'build':<22} {'median s':>9} {'min s':>7} {'max s':>7} {'ratio':>6}")
    for name, values in times.items():
        print(
            f"{name:<22} {medians[name]:>9.2f} {min(values):>7.2f} {max(values):>7.2f} "
            f"{medians[name] / baseline:>6.2f}"
        )
    print(f"runs: {args.runs} of each, fresh serial HTML builds, run alternately")
    with tempfile.TemporaryDirectory() as scratch:
        full, incremental = incremental_seconds(Path(scratch))
    print(
        f"incremental: after editing one article, the rebuild takes {incremental:.2f} s "
        f"(the full build of the same copy {full:.2f} s)"
    )


if __name__ == "__main__":
    main()
