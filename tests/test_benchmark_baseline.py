"""The plain twins of the edition that ``benchmarks/build_time.py`` measures the edition against.

A ratio is only as good as its baseline: each twin must build cleanly, hold
every note of the edition as an ordinary footnote, and (when cited) cite and
link its article in each note as the edition does.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import build_time


def edition_notes() -> int:
    """How many notes the articles' span markup gives the speech's passages."""
    notes = build_time.notes_by_passage((build_time.EDITION / "commentary").glob("*.md"))
    return sum(len(passage_notes) for passage_notes in notes.values())


@pytest.mark.edition  # builds twins of the whole edition
@pytest.mark.parametrize("kind", ["plain", "cited", "bare"])
def test_plain_twin_builds_cleanly_with_every_note(tmp_path: Path, kind: str) -> None:
    """Each twin builds with -W, its speech page holds one footnote per note, and nothing is left unread."""
    source = build_time.make_plain_project(tmp_path / kind, cited=kind == "cited", bare=kind == "bare")
    out = tmp_path / "html"
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-E", "-b", "html", str(source), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr

    speech = BeautifulSoup((out / "speech.html").read_text(encoding="utf-8"), "html.parser")
    footnotes = speech.select("aside.footnote, div.footnote, dl.footnote > dt, .footnote-list > *")
    markers = speech.select("a.footnote-reference")
    assert len(markers) == edition_notes() > 90
    assert len(footnotes) >= len(markers)
    text = speech.get_text()
    assert "“Stalin is excessively rude" in text  # the passages' words are there
    assert not re.search(r"\{on\}|:::\{|\{passage\}", text)  # and no markup left unread

    in_context = [a for a in speech.select("a") if a.get_text() == "in context"]
    assert len(in_context) == (edition_notes() if kind == "cited" else 0)

    page = (out / "note-on-the-text.html").read_text(encoding="utf-8")
    listing = BeautifulSoup(page, "html.parser").select_one("div.highlight-toml")  # the omissions
    assert listing is not None and "[[witness.omitted]]" in listing.get_text()
    assert (listing.find_parent("details") is not None) == (kind != "bare")  # in a dropdown but in bare


def test_plain_configuration_keeps_the_third_party_extensions() -> None:
    """The plain twin drops the edition's own extensions, and only those."""
    conf = build_time.plain_configuration((build_time.EDITION / "conf.py").read_text(encoding="utf-8"))
    for name in build_time.OWN_EXTENSIONS:
        assert f'"{name}"' not in conf.split("extensions = [", 1)[1].split("]", 1)[0]
    for name in ("myst_parser", "sphinx_design", "sphinxcontrib.bibtex"):
        assert f'"{name}"' in conf
    assert 'html_theme = os.environ.get("EDITION_HTML_THEME", "furo")' in conf
