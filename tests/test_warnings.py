"""Bad input gives a named warning with file and line, never a traceback."""

from __future__ import annotations

import pytest

from .conftest import located_warnings

EXPECTED = [
    ("speech.md", 7, "duplicate_passage"),
    ("speech.md", 11, "empty_passage"),
    ("speech.md", 14, "bad_markup"),
    ("article.md", 10, "unknown_passage"),
    ("article.md", 12, "unknown_relation"),
    ("article.md", 14, "bad_markup"),
    ("article.md", 16, "unknown_passage"),
    ("bad-article.md", 3, "unknown_bibkey"),
    ("bad-article.md", 3, "unlinked_article"),
    ("bad-article.md", 8, "duplicate_article"),
    ("bad-article.md", 13, "bad_markup"),
    ("links.md", 3, "quote_not_found"),
    ("links.md", 8, "unknown_article"),
    ("links.md", 13, "bad_markup"),
    ("links.md", 17, "unknown_relation"),
    ("links.md", 22, "unknown_article"),
    ("links.md", 24, "unknown_fact"),
    ("links.md", 28, "reading_not_found"),
    ("links.md", 32, "unknown_fact"),
]


@pytest.mark.sphinx("html", testroot="warnings", freshenv=True)
def test_each_bad_input_gives_its_warning(app):
    app.build()
    assert sorted(located_warnings(app, "apparatus")) == sorted(EXPECTED)
    assert "Traceback" not in app.status.getvalue() + app.warning.getvalue()
    # the build went on and wrote the pages
    assert (app.outdir / "speech.html").exists()
    assert (app.outdir / "article.html").exists()


@pytest.mark.sphinx("latex", testroot="warnings", freshenv=True)
def test_latex_builder_warns_the_same(app):
    app.build()
    assert sorted(located_warnings(app, "apparatus")) == sorted(EXPECTED)


@pytest.mark.sphinx(
    "html",
    testroot="warnings",
    freshenv=True,
    confoverrides={"suppress_warnings": ["apparatus.unknown_passage", "apparatus.bad_markup"]},
)
def test_warnings_can_be_suppressed_by_subtype(app):
    app.build()
    expected = [w for w in EXPECTED if w[2] not in {"unknown_passage", "bad_markup"}]
    assert sorted(located_warnings(app, "apparatus")) == sorted(expected)


@pytest.mark.sphinx(
    "html", testroot="warnings", freshenv=True, confoverrides={"suppress_warnings": ["apparatus"]}
)
def test_all_apparatus_warnings_can_be_suppressed(app):
    app.build()
    assert app.warning.getvalue() == ""
