"""accessible_html on its own: each repair it makes, on a small project, against a build without it.

The project (``tests/roots/test-accessible``) has what the repairs are for: a
toctree caption, a bibliography of sphinxcontrib-bibtex, and a dropdown of
sphinx-design (whose chevron is raw SVG). Each test builds it with the
extension and without it: the build without shows that the fault is still there
(when a new Sphinx or docutils mends it, that assertion fails, and the repair
can go), the build with it that the repair is made, and made only there.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from typing import TYPE_CHECKING

import pytest

from .conftest import warnings_of

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

#: The extensions of the project's conf.py, and the same without the repairs.
WITH = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "accessible_html"]
WITHOUT = WITH[:-1]


def build(make_app, rootdir: Path, tmp_path: Path, builder: str, extensions: list[str]) -> SphinxTestApp:
    srcdir = tmp_path / f"{builder}-{len(extensions)}"
    shutil.copytree(rootdir / "test-accessible", srcdir)
    conf = srcdir / "conf.py"
    text = conf.read_text(encoding="utf-8")
    assert json.dumps(WITH) in text
    conf.write_text(text.replace(json.dumps(WITH), json.dumps(extensions)), encoding="utf-8")
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    assert warnings_of(app) == []
    app.cleanup()  # the next build of the test registers Sphinx's nodes afresh
    return app


def caption(html: str) -> str:
    (tag,) = re.findall(r'<p class="caption"[^>]*>', html)
    return tag


@pytest.mark.parametrize("builder", ["html", "epub"])
def test_toctree_caption_gets_its_heading_level(make_app, rootdir, tmp_path, builder):
    plain = build(make_app, rootdir, tmp_path, builder, WITHOUT)
    mended = build(make_app, rootdir, tmp_path, builder, WITH)
    index = "index.xhtml" if builder == "epub" else "index.html"
    before = caption((plain.outdir / index).read_text(encoding="utf-8"))
    after = caption((mended.outdir / index).read_text(encoding="utf-8"))
    assert 'role="heading"' in before and "aria-level" not in before
    assert after == before.replace('role="heading"', 'role="heading" aria-level="2"')


def test_bibliography_entries_are_items_of_their_list(make_app, rootdir, tmp_path):
    plain = (build(make_app, rootdir, tmp_path, "html", WITHOUT).outdir / "page.html").read_text(
        encoding="utf-8"
    )
    page = (build(make_app, rootdir, tmp_path, "html", WITH).outdir / "page.html").read_text(encoding="utf-8")
    assert 'role="list"' in plain and 'role="doc-biblioentry"' in plain
    assert 'role="doc-biblioentry"' not in page
    # the list's one entry is now its item, and nothing else changed in the page
    assert page.count('role="listitem"') == plain.count('role="doc-biblioentry"') == 1
    assert page.replace('role="listitem"', 'role="doc-biblioentry"') == plain


def test_decorative_icons_leave_the_epub_only(make_app, rootdir, tmp_path):
    epub_plain = build(make_app, rootdir, tmp_path, "epub", WITHOUT)
    epub = build(make_app, rootdir, tmp_path, "epub", WITH)
    html = build(make_app, rootdir, tmp_path, "html", WITH)
    assert "<svg" in (epub_plain.outdir / "page.xhtml").read_text(encoding="utf-8")
    page = (epub.outdir / "page.xhtml").read_text(encoding="utf-8")
    assert "<svg" not in page
    assert "Hidden words." in page  # the dropdown itself stays
    assert 'aria-hidden="true"' in (html.outdir / "page.html").read_text(encoding="utf-8")
    assert "<svg" in (html.outdir / "page.html").read_text(encoding="utf-8")
    (packed,) = epub.outdir.glob("*.epub")
    with zipfile.ZipFile(packed) as archive:
        assert not [
            name for name in archive.namelist() if "<svg" in archive.read(name).decode("utf-8", "replace")
        ]


MARKING = """\
from sphinx.writers.html5 import HTML5Translator


class Marking(HTML5Translator):
    def visit_paragraph(self, node):
        super().visit_paragraph(node)
        self.body.append("<!-- marked -->")


def setup(app):
    app.set_translator("html", Marking)
"""


def test_the_repairs_combine_with_another_translator(make_app, rootdir, tmp_path):
    """An extension's own translator (a theme's, say) keeps its work, with the repairs on top."""
    srcdir = tmp_path / "combined"
    shutil.copytree(rootdir / "test-accessible", srcdir)
    (srcdir / "marking.py").write_text(MARKING, encoding="utf-8")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("import sys\nsys.path.insert(0, str(__import__('pathlib').Path(__file__).parent))\n")
        conf.write('extensions.insert(0, "marking")\n')
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert warnings_of(app) == []
    assert [cls.__name__ for cls in app.builder.get_translator_class().__mro__[:2]] == [
        "AccessibleMarking",
        "AccessibleMarkup",
    ]
    page = (app.outdir / "page.html").read_text(encoding="utf-8")
    assert "<!-- marked -->" in page
    assert 'role="listitem"' in page
    assert 'role="doc-biblioentry"' not in page
