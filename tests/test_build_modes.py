"""Parallel and incremental builds give what a fresh serial build gives."""

from __future__ import annotations

import shutil
from pathlib import Path

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
    assert speech.count('role="doc-footnote"') == 24  # 8 articles x 3 spans


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
    assert speech.count('role="doc-footnote"') == 21


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
