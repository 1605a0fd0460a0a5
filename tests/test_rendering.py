"""The apparatus rendered in HTML and LaTeX, from a small test project."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup


def soup(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="basic")
def test_html_passages_numbered_with_anchors(app):
    app.build()
    assert app.warning.getvalue() == ""
    page = soup(app, "speech")
    passages = page.select("div.passage")
    assert [p["id"] for p in passages] == ["heading", "first-passage", "second-passage", "third-passage"]
    numbers = [n.get_text() for n in page.select(".passage-number")]
    assert numbers == ["§1", "§2", "§3"]
    assert page.find(id="p1") is not None
    assert page.find(id="p3") is not None
    # special characters of the text are escaped, not markup
    html = (app.outdir / "speech.html").read_text(encoding="utf-8")
    assert "the harvest &amp; the 5 &lt; 7 plan" in html


@pytest.mark.sphinx("html", testroot="basic")
def test_html_notes_quote_cite_and_link(app):
    app.build()
    page = soup(app, "speech")
    notes = page.select("aside.footnote")
    texts = [" ".join(n.get_text(" ").split()) for n in notes]
    # one footnote per lemma: first passage, the quotation's words and the whole passage;
    # third, the whole passage (a dispute and a stand-off); the heading's note is in the headnote
    assert len(notes) == 3
    headnote = " ".join(page.find(id="notes-heading").get_text(" ").split())
    assert headnote.startswith("On the speech as a whole")
    assert "“It was given on the first of April.”" in headnote
    first = page.find(id="notes-first-passage").get_text(" ")
    assert "“the harvest was called great”" in first
    assert "quotes" in first
    assert "Critic" in first
    assert "2006" in first
    assert any("disputes" in t and "“nobody could have known”" in t for t in texts)
    assert any("contextualises" in t and "“Another paragraph disputes it”" in t for t in texts)
    # markers sit in the passages and point at their notes
    markers = page.select("div#first-passage a.footnote-reference")
    assert len(markers) == 2
    for marker in markers:
        assert page.find(id=marker["href"][1:]) is not None
    # the "in context" links land on the span (or paragraph) in the article
    article = soup(app, "article")
    for link in page.select("aside.footnote a"):
        href = link.get("href", "")
        if href.startswith("article.html#"):
            assert article.find(id=href.split("#")[1]) is not None, href
    hrefs = [a["href"] for a in page.select("aside.footnote a") if a.get_text() == "in context"]
    assert "article.html#on-first-passage" in hrefs
    assert "article.html#para-2" in hrefs  # the stand-off quotation's paragraph


@pytest.mark.sphinx("html", testroot="basic")
def test_html_article_links_back(app):
    app.build()
    article = soup(app, "article")
    span = article.find(id="on-third-passage")
    assert span.get_text() == "nobody could have known"
    back = span.find_next_sibling("span", class_="apparatus-backlinks")
    assert [a.get_text() for a in back.find_all("a")] == ["§3", "§1"]
    assert [a["href"] for a in back.find_all("a")] == [
        "speech.html#third-passage",
        "speech.html#first-passage",
    ]
    lacuna = article.select_one("span.lacuna")
    assert lacuna["title"] == "the page is torn"
    refs = [a.get_text() for a in article.select("a.reference") if "speech.html" in a.get("href", "")]
    assert "heading" in refs
    headnote = " ".join(article.select_one(".article-headnote").get_text(" ").split())
    assert "Siglum C ." in headnote
    assert "Critic" in headnote


@pytest.mark.sphinx("latex", testroot="basic")
def test_latex_notes_keyed_by_line(app):
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "basic.tex").read_text(encoding="utf-8")
    # no marker in the text: the passage is numbered by line and its notes follow it,
    # each headed by passage and line (a link to the lemma), or by the passage alone
    assert r"\begin{footnote}" not in tex
    passage, after = tex.split(r"\begin{apparatuspassage}")[1].split(r"\end{apparatuspassage}")
    assert re.search(r"were “great”\\linelabel\{line:speech:note-first-passage-1\}", passage)
    assert (
        r"\apparatushead{\hyperref[\detokenize{speech:lemma-first-passage-1}]"
        r"{§1.\apparatusline{line:speech:note-first-passage-1}}}" in after
    )
    assert r"\apparatushead{\hyperref[\detokenize{speech:first-passage}]{§1}}" in after
    assert tex.rindex(r"\apparatushead") < tex.index(r"\section*{On the speech as a whole}")
    assert r"\usepackage{lineno}" in tex


@pytest.mark.sphinx("latex", testroot="basic", confoverrides={"apparatus_latex_notes": "footnotes"})
def test_latex_real_footnotes(app):
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "basic.tex").read_text(encoding="utf-8")
    # the notes are real footnotes, one per lemma, headed by passage and line; those on the
    # unnumbered heading (on the text as a whole) form a section of their own after the passages
    assert tex.count(r"\begin{footnote}") == 3
    assert r"§1.\apparatusline{line:speech:note-first-passage-1}" in tex
    headnote = tex.split(r"\section*{On the speech as a whole}")[1].split(r"\endgroup")[0]
    assert "It was given on the first of April." in headnote
    assert r"\begin{footnote}" not in headnote
    assert tex.index("Nothing was foreseen") < tex.index(r"\section*{On the speech as a whole}")
    assert re.search(r"\\begin\{footnote\}\[\d+\].*?the harvest was called great", tex, re.DOTALL)
    assert r"\marginpar{\raggedleft\textbf{§1}}" in tex
    # the quotation's marker follows its lemma, the whole passage's the passage's end
    assert re.search(r"were “great”\\linelabel\{[^}]*\}%?\n?\\begin\{footnote\}", tex)
    # special characters are escaped
    assert r"the harvest \& the 5 < 7 plan" in tex
    # targets for passages and spans exist
    assert r"\label{\detokenize{speech:first-passage}}" in tex
    assert r"\label{\detokenize{article:on-first-passage}}" in tex
