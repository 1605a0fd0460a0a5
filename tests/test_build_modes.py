"""Parallel and incremental builds give what a fresh serial build gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOTS = Path(__file__).resolve().parent / "roots"


def html_pages(outdir: Path) -> dict[str, str]:
    return {
        str(path.relative_to(outdir)): path.read_text(encoding="utf-8")
        for path in sorted(outdir.rglob("*.html"))
        if "_static" not in path.parts
    }


def fresh_copy(tmp_path: Path, name: str) -> Path:
    srcdir = tmp_path / name
    shutil.copytree(ROOTS / f"test-{name}", srcdir)
    return srcdir


def test_parallel_build_equals_serial(make_app, tmp_path):
    serial = make_app("html", srcdir=fresh_copy(tmp_path / "serial", "parallel"), freshenv=True)
    serial.build()
    serial.cleanup()  # let the next app register its nodes afresh
    parallel = make_app(
        "html", srcdir=fresh_copy(tmp_path / "parallel", "parallel"), freshenv=True, parallel=2
    )
    merged: list[set[str]] = []
    parallel.connect("env-merge-info", lambda app, env, docnames, other: merged.append(set(docnames)))
    parallel.build()
    # the documents really were read by parallel workers and merged back
    assert len(merged) >= 2
    assert set().union(*merged) >= {"speech", "article-1", "article-8"}
    assert serial.warning.getvalue() == parallel.warning.getvalue() == ""
    serial_pages, parallel_pages = html_pages(serial.outdir), html_pages(parallel.outdir)
    assert serial_pages.keys() == parallel_pages.keys()
    for name, text in serial_pages.items():
        assert parallel_pages[name] == text, name
    speech = serial_pages["speech.html"]
    assert speech.count('class="apparatus-quote"') == 24  # 8 articles x 3 spans, a note each


def written_pages(app) -> list[str]:
    pages: list[str] = []
    app.connect("html-page-context", lambda app, pagename, *args: pages.append(pagename))
    return pages


def test_editing_an_article_refreshes_the_speech_page(make_app, tmp_path):
    srcdir = fresh_copy(tmp_path, "parallel")
    first = make_app("html", srcdir=srcdir, freshenv=True)
    first.build()
    first.cleanup()
    speech = (first.outdir / "speech.html").read_text(encoding="utf-8")
    assert "article 3 on delta, span 1" in speech

    article = srcdir / "article-3.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace(
            "article 3 on delta, span 1", "article 3 rewritten on delta"
        ),
        encoding="utf-8",
    )
    second = make_app("html", srcdir=srcdir)
    pages = written_pages(second)
    second.build()
    second.cleanup()
    assert second.warning.getvalue() == ""
    assert "1 changed" in second.status.getvalue()  # only the edited article was re-read
    speech = (second.outdir / "speech.html").read_text(encoding="utf-8")
    assert "article 3 rewritten on delta" in speech
    assert "article 3 on delta, span 1" not in speech
    assert {"article-3", "speech"} <= set(pages)
    assert not {f"article-{n}" for n in (1, 2, 4, 5, 6, 7, 8)} & set(pages)

    # the same output as a fresh build of the edited sources
    fresh = make_app("html", srcdir=fresh_copy(tmp_path / "fresh", "parallel"), freshenv=True)
    (fresh.srcdir / "article-3.md").write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    fresh.build()
    assert html_pages(fresh.outdir) == html_pages(second.outdir)


def test_deleting_an_article_leaves_no_stale_note(make_app, tmp_path):
    srcdir = fresh_copy(tmp_path, "parallel")
    first = make_app("html", srcdir=srcdir, freshenv=True)
    first.build()
    first.cleanup()
    assert "article 5 on zeta" in (first.outdir / "speech.html").read_text(encoding="utf-8")
    (srcdir / "article-5.md").unlink()
    index = srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("article-5\n", ""), encoding="utf-8")
    second = make_app("html", srcdir=srcdir)
    second.build()
    speech = (second.outdir / "speech.html").read_text(encoding="utf-8")
    assert "article 5 on" not in speech
    assert speech.count('class="apparatus-quote"') == 21


def test_editing_the_speech_refreshes_article_backlinks(make_app, tmp_path):
    srcdir = fresh_copy(tmp_path, "parallel")
    first = make_app("html", srcdir=srcdir, freshenv=True)
    first.build()
    first.cleanup()
    speech = srcdir / "speech.md"
    # a new first passage renumbers every other passage
    speech.write_text(
        speech.read_text(encoding="utf-8").replace(
            "# Speech\n", "# Speech\n\n:::{passage} new\nA new passage.\n:::\n"
        ),
        encoding="utf-8",
    )
    second = make_app("html", srcdir=srcdir)
    second.build()
    article = (second.outdir / "article-3.html").read_text(encoding="utf-8")
    assert 'href="speech.html#delta" title="quotes §5">§5</a>' in article


def edition_copy(tmp_path: Path) -> Path:
    """The real edition with what its conf.py reads beside it (pyproject, extensions, bibliography)."""
    repo = ROOTS.parent.parent
    for name in ("edition", "extensions"):
        shutil.copytree(repo / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "references.bib"):
        shutil.copy(repo / name, tmp_path / name)
    return tmp_path / "edition"


@pytest.mark.edition
def test_the_edition_rewrites_only_the_pages_an_article_edit_changes(make_app, tmp_path):
    srcdir = edition_copy(tmp_path)
    first = make_app("html", srcdir=srcdir, freshenv=True)
    first.build()
    first.cleanup()
    article = srcdir / "commentary" / "haynes-2006.md"
    source = article.read_text(encoding="utf-8")

    # A sentence added to H, outside its spans and quotations, changes its own page only.
    article.write_text(source + "\nA sentence the editors added.\n", encoding="utf-8")
    second = make_app("html", srcdir=srcdir)
    pages = written_pages(second)
    second.build()
    second.cleanup()
    assert "1 changed" in second.status.getvalue()
    # nothing the builder, sphinx-design or Furo set while the first build was made counts as a change
    assert "The configuration has changed" not in second.status.getvalue()
    assert set(pages) == {
        "commentary/haynes-2006",
        # not the speech (its notes and variants), the speech as quoted, the register and the
        # chronology: the new sentence is in no span, quotes nothing, names no one and dates nothing
        "index",  # Sphinx: the table of contents that lists the page
        "genindex",
        "search",
    }

    # A word changed inside a span of H changes the note that quotes it on the speech page.
    old, new = "He did it from the centre of power.", "He did it from the center of power."
    assert old in source
    article.write_text(article.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    edited = make_app("html", srcdir=srcdir)
    pages = written_pages(edited)
    edited.build()
    edited.cleanup()
    assert {"commentary/haynes-2006", "speech"} <= set(pages)
    assert new in (edited.outdir / "speech.html").read_text(encoding="utf-8")
    article.write_text(article.read_text(encoding="utf-8").replace(new, old), encoding="utf-8")

    # A changed reading of a disputed fact changes the editorial notes of every page that has them.
    old, new = "Late in the evening of 24 February 1956", "Late in the evening of 24 February, 1956"
    article.write_text(article.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    third = make_app("html", srcdir=srcdir)
    pages = written_pages(third)
    third.build()
    third.cleanup()
    assert {
        "note-on-the-text",
        "commentary/socialistworld-2016",
        "commentary/siegelbaum",
        "commentary/fifty-years-ago-2006",
    } <= set(pages)
    assert new in (third.outdir / "note-on-the-text.html").read_text(encoding="utf-8")
