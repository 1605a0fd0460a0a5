"""The PDF's apparatus keyed by passage and line (issue 18), read back from the PDF.

lineno numbers a passage's lines only when TeX breaks them, so these tests read
the PDF with ``pdftotext -layout``: an entry ``§5.3 mass repressions ]`` must
name the line whose margin number stands before the lemma's last word. A small
project numbers every line, so each entry is checked against a printed number;
the edition numbers every fifth, so there the lines are counted from the
passage's first and the count is checked against the numbers printed.

The test run also photographs the page of §5 and the next in both layouts the
PDF offers (docs/reference.md, "The PDF", says why the edition keys the notes
by line alone): ``build/screenshots/pdf-lines-1.png``, ``pdf-lines-2.png``,
``pdf-footnotes-1.png`` and ``pdf-footnotes-2.png``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO, sphinx_build

pytestmark = [pytest.mark.pdf]

ROOT = Path(__file__).parent / "roots" / "test-pdf-lines"
EDITION = REPO / "edition"
SCREENSHOTS = REPO / "build" / "screenshots"

#: A passage's first line: its number in the left margin, or in the right one on a right-hand page.
PASSAGE_LEFT = re.compile(r"^§(\d+)\s{2,}\S")
PASSAGE_RIGHT = re.compile(r"^\s*\S.*\s{2,}§(\d+)$")
#: A line with its number in the margin (every line in the small project, every fifth in the edition).
NUMBERED = re.compile(r"^\s{0,2}(\d{1,2})\s{2,}(\S.*)$")
#: An apparatus entry, ``§5.3 lemma ]`` or ``§5 the whole passage ]`` (a footnote's number before it),
#: or a variant of the series after a passage, keyed as a note is (``§5.7 and the Soviet Government ] …``).
ENTRY = re.compile(r"^\s*(?:\d+\s+)?§(\d+)(?:\.(\d+))? (.+?) \](?:\s|$)")
#: The quotations without variant, at the end of the variant series.
VARIANT = re.compile(r"^\s*Quoted without variant: ")


def layout_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def read_apparatus(
    text: str,
) -> tuple[dict[int, list[tuple[int | None, str]]], list[tuple[int, int | None, str]]]:
    """The passages' lines (each with the number printed before it, if any) and the entries.

    A passage's lines run from its first line to the first blank line, entry or
    variant; a passage broken by a page ends there, and an entry on a line
    after the break cannot be checked (the caller skips it).
    """
    passages: dict[int, list[tuple[int | None, str]]] = {}
    entries: list[tuple[int, int | None, str]] = []
    current: list[tuple[int | None, str]] | None = None
    for line in text.splitlines():
        start = PASSAGE_LEFT.match(line) or PASSAGE_RIGHT.match(line)
        entry = None if start else ENTRY.match(line)
        if entry:
            entries.append((int(entry[1]), int(entry[2]) if entry[2] else None, entry[3]))
            current = None
            continue
        if start:
            current = passages.setdefault(int(start[1]), [])
        elif current is None or not line.strip() or VARIANT.match(line):
            current = None
            continue
        numbered = NUMBERED.match(line)
        current.append((int(numbered[1]), numbered[2]) if numbered else (None, line))
    return passages, entries


def last_word(lemma: str) -> str:
    """The lemma's last word as the PDF prints it (a long lemma is shown by its first and last words)."""
    return re.findall(r"\w+", lemma)[-1]


def lines_with(word: str, lines: list[tuple[int | None, str]]) -> list[int]:
    """The lines of a passage (from 1) that hold *word* (a footnote's number may follow it)."""
    return [
        n for n, (_, line) in enumerate(lines, start=1) if re.search(rf"\b{re.escape(word)}(?![^\W\d])", line)
    ]


def build(srcdir: Path, out: Path, *options: str) -> Path:
    if missing := [tool for tool in ("latexmk", "xelatex", "make", "pdftotext") if not shutil.which(tool)]:
        pytest.fail(f"TeX tools missing: {missing}; see README for the apt-get line")
    paths = os.pathsep.join(filter(None, [str(REPO / "extensions"), os.environ.get("PYTHONPATH")]))
    args = ("-M", "latexpdf", str(srcdir), str(out), "-W", "--keep-going", "-n", *options)
    result = sphinx_build(*args, env={"PYTHONPATH": paths})  # a small project has no conf.py path
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return out / "latex"


# A small project, every line numbered ----------------------------------------------------------

#: The entries of the small project as the PDF must print them, checked by hand against its text.
ROOT_ENTRIES = [
    (1, 3, "carried"),  # the variant series first: "the railways moved the grain …" (C)
    (1, 1, "gathered early by the workers"),
    (1, 4, "in trains that ran day and night"),
    (1, 5, "under tarpaulins until the frosts of November"),
    (1, 6, "the planning office were later blamed"),
    (1, None, "the whole passage"),
    (2, 2, "doubled their output of steel"),
]


@pytest.fixture(scope="module", params=["lines", "footnotes"])
def root_pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp(f"pdf-{request.param}")
    return request.param, build(ROOT, out, "-D", f"apparatus_latex_notes={request.param}")


def test_each_entry_names_the_line_numbered_before_its_lemmas_last_word(root_pdf):
    _, latex = root_pdf
    passages, entries = read_apparatus(layout_text(latex / "lines.pdf"))
    assert entries == ROOT_ENTRIES
    for number, line, lemma in entries:
        if line is None:
            continue
        lines = passages[number]
        assert [printed for printed, _ in lines] == list(range(1, len(lines) + 1)), (
            lines
        )  # every line numbered
        assert lines_with(last_word(lemma), lines) == [line], (number, line, lemma, lines)


def test_lines_layout_leaves_the_text_without_markers(root_pdf):
    layout, latex = root_pdf
    tex = (latex / "lines.tex").read_text(encoding="utf-8")
    passages = re.findall(r"\\begin\{apparatuspassage\}(.*?)\\end\{apparatuspassage\}", tex, re.DOTALL)
    assert len(passages) == 2
    labels = re.findall(r"\\linelabel\{([^}]*)\}", tex)
    assert len(labels) == 6  # one at the end of each lemma and of the variant's; none for the whole passage
    assert all(re.search(rf"\\apparatusline\{{{re.escape(label)}\}}", tex) for label in labels)
    assert "variant-letter" not in tex  # the variant is keyed by passage and line, not lettered
    markers = sum(passage.count(r"\begin{footnote}") for passage in passages)
    assert markers == (0 if layout == "lines" else 6)  # the note on the whole passage too


# The edition ------------------------------------------------------------------------------------


@pytest.mark.edition
def test_edition_entries_name_the_line_of_their_lemma(pdf_text):
    passages, entries = read_apparatus(pdf_text)
    assert len(passages) == 16
    for number, lines in passages.items():  # the count agrees with lineno's printed numbers
        for counted, (printed, line) in enumerate(lines, start=1):
            assert printed in (None, counted), (number, counted, line)
            assert (printed is not None) == (counted % 5 == 0), (number, counted, line)
    checked, on_printed = 0, 0
    for number, line, lemma in entries:
        lines = passages.get(number, [])
        if line is None or line > len(lines):
            continue  # the whole passage, or a line after a page break
        found = lines_with(last_word(lemma), lines)
        if not found:
            continue  # the word hyphenated at the end of a line
        if len(found) == 1:
            assert found == [line], (number, line, lemma, lines)
            checked += 1
            on_printed += line % 5 == 0
        else:
            assert line in found, (number, line, lemma, lines)
    assert checked >= 20
    assert on_printed >= 2  # some entries name a line whose number the margin prints


@pytest.mark.edition
def test_edition_passages_carry_no_apparatus_markers(latex_dir):
    tex = (latex_dir / "secret-speech-edition.tex").read_text(encoding="utf-8")
    passages = re.findall(r"\\begin\{apparatuspassage\}(.*?)\\end\{apparatuspassage\}", tex, re.DOTALL)
    assert len(passages) == 16
    text = "".join(passages)
    assert "passage-label" not in text  # no apparatus footnote in a passage (the fact notes stay)
    assert text.count(r"\linelabel{") >= 30  # a lemma may bear several notes


def photograph(pdf: Path, first_page: int, name: str) -> list[Path]:
    """The page *first_page* and the next, at 80 dpi, as ``build/screenshots/pdf-{name}-1/2.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = []
    for offset in (0, 1):
        prefix = SCREENSHOTS / f"pdf-{name}-{offset + 1}"
        page = str(first_page + offset)
        subprocess.run(
            ["pdftoppm", "-r", "80", "-f", page, "-l", page, "-png", "-singlefile", str(pdf), str(prefix)],
            check=True,
        )
        shots.append(prefix.with_suffix(".png"))
    return shots


def page_of(text: str, words: str) -> int:
    """The first page (from 1) whose text holds *words*."""
    return next(number for number, page in enumerate(text.split("\f"), start=1) if words in page)


@pytest.mark.edition
def test_screenshots_of_both_layouts(latex_dir, pdf_text, tmp_path):
    """§5's page and the next, with notes keyed by line (the edition's) and with footnote markers."""
    opening = "Stalin, on the other hand, used extreme methods"
    page = page_of(pdf_text, opening)
    assert "§5.1 mass repressions ]" in pdf_text.split("\f")[page - 1]
    shots = photograph(latex_dir / "secret-speech-edition.pdf", page, "lines")
    footnotes = build(EDITION, tmp_path, "-D", "apparatus_latex_notes=footnotes")
    pdf = footnotes / "secret-speech-edition.pdf"
    text = layout_text(pdf)
    marked = page_of(text, opening)
    row = r"mass repressions\d+,\d+,\d+ "  # the row of markers the edition avoids
    assert re.search(row, text.split("\f")[marked - 1])
    shots += photograph(pdf, marked, "footnotes")
    assert all(shot.stat().st_size > 10_000 for shot in shots)
