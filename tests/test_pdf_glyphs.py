"""The PDF check: a character that xelatex drops, or sets in the wrong order, fails the build by name."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from .conftest import REPO, sphinx_build

sys.path.insert(0, str(REPO / "tools"))
from pdf_glyphs import check, missing_glyphs

ROOT = Path(__file__).parent / "roots" / "test-glyphs"


def test_log_lines_in_either_notation_name_the_character():
    log = (
        "Missing character: There is no 😀 (U+1F600) in font FreeSerif/OT:script=latn;lan\n"
        "Missing character: There is no ^^^^^^01f642 in font FreeSans:mapping=tex-text;!\n"
        "Missing character: There is no ⟨ in font FreeSerif:mapping=tex-text;!\n"
        "Missing character: There is no 😀 (U+1F600) in font FreeSerif/OT:script=latn;lan\n"
    )
    assert [(f.char, f.reason) for f in missing_glyphs(log)] == [
        ("😀", "no glyph in FreeSerif"),
        ("🙂", "no glyph in FreeSans"),
        ("⟨", "no glyph in FreeSerif"),
    ]


def test_right_to_left_words_are_refused_with_their_line(tmp_path):
    (tmp_path / "out.log").write_text("This is XeTeX\n", encoding="utf-8")
    (tmp_path / "out.tex").write_text("Shalom \\sphinxstyleemphasis{שלום}\n", encoding="utf-8")
    source = tmp_path / "page.md"
    source.write_text("# Page\n\nShalom *שלום*\n", encoding="utf-8")
    messages = check(tmp_path / "out.log", [source])
    assert messages[0] == (
        "ש (U+05E9 HEBREW LETTER SHIN): right-to-left script, which the PDF sets in reversed order; "
        f"at {source}:3"
    )
    assert len(messages) == 4


@pytest.mark.pdf  # a real xelatex build of a small project
def test_an_emoji_fails_the_pdf_check_by_name(tmp_path):
    if missing := [tool for tool in ("latexmk", "xelatex", "make") if not shutil.which(tool)]:
        pytest.fail(f"TeX tools missing: {missing}; see README for the apt-get line")
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    result = sphinx_build("-M", "latexpdf", str(srcdir), str(tmp_path / "out"), "-W", "-q")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr  # xelatex itself lets it pass
    messages = check(tmp_path / "out" / "latex" / "glyphs.log", [srcdir])
    assert messages == [f"😀 (U+1F600 GRINNING FACE): no glyph in FreeSerif; at {srcdir / 'index.md'}:5"]
