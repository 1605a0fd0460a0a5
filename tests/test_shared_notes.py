"""One note, several passages (issue 18): the words shown in full once, referred to elsewhere.

The root ``test-shared-notes``: §1 (harvest) and §2 (plan) and the unnumbered heading. One
span disputes §2 and §1 (named in that order); one paraphrases the heading and bears on two
lemmata of §1; a third bears on §2 alone; a fourth is linked to the heading under two relations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from .conftest import warnings_of

if TYPE_CHECKING:
    from pathlib import Path


def speech_page(outdir: Path) -> BeautifulSoup:
    return BeautifulSoup((outdir / "speech.html").read_text(encoding="utf-8"), "html.parser")


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


def full_texts(page: BeautifulSoup) -> dict[str, list[str]]:
    """Each text shown in full, with the passages (their notes' holders) that show it, once per showing."""
    shown: dict[str, list[str]] = defaultdict(list)
    for holder in page.select(".apparatus-notes, .apparatus-headnote"):
        for quote in holder.select(".apparatus-quote"):
            shown[quote.get_text()].append(holder["id"])
    return shown


@pytest.mark.sphinx("html", testroot="shared-notes", freshenv=True)
def test_the_first_passage_shows_the_note_the_others_refer_to_it(app):
    app.build()
    assert warnings_of(app) == []
    page = speech_page(app.outdir)
    # §1 stands before §2: the note is given in full there, though the span names §2 first
    full = page.find(id="note-harvest-2")
    assert "“Nobody could have known what the plan would bring.”" in words(full)
    assert full.find("a", string="in context") is not None
    # at §2: the lemma and its marker stay, the note names relation and words and links to §1's
    assert page.find(id="noteref-plan-1").find_previous_sibling("span", class_="lemma").get_text() == (
        "The plan was fulfilled"
    )
    see = page.find(id="note-plan-1")
    assert see.select_one(".apparatus-lemma").get_text(" ").split()[:2] == ["§2", "The"]
    assert not see.select(".apparatus-quote")
    (reference,) = see.select("p.apparatus-see")
    assert words(reference) == "C disputes : “Nobody could have known what …” — see the note at §1"
    assert reference.find("a")["href"] == "#note-harvest-2"
    # every text in full once, under one passage
    assert {text: len(holders) for text, holders in full_texts(page).items()} == {
        "“Nobody could have known what the plan would bring.”": 1,
        "“The workers did it all, as they always had.”": 1,
        "“The plan was late.”": 1,
        "“The speech was heard in silence.”": 1,
    }


@pytest.mark.sphinx("html", testroot="shared-notes", freshenv=True)
def test_within_a_passage_and_in_the_headnote_the_first_marker_wins(app):
    app.build()
    page = speech_page(app.outdir)
    # two lemmata of §1: the footnote of the first marker shows the words, the other names its lemma
    assert "“The workers did it all, as they always had.”" in words(page.find(id="note-harvest-1"))
    (inside,) = page.find(id="note-harvest-3").select("p.apparatus-see")
    assert words(inside).endswith("see the note at §1 on “the harvest was great”")
    assert inside.find("a")["href"] == "#note-harvest-1"
    # the heading stands first, but its notes are read after the passages: it refers to §1
    (headnote,) = page.find(id="notes-heading").select("p.apparatus-see")
    assert words(headnote) == "C paraphrases : “The workers did it all …” — see the note at §1"
    assert headnote.find("a")["href"] == "#note-harvest-1"
    # the article's back-links still lead to each passage's lemma
    article = BeautifulSoup((app.outdir / "article.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in article.select(".apparatus-backlinks a")]
    assert "speech.html#lemma-plan-1" in hrefs
    assert "speech.html#lemma-harvest-2" in hrefs


@pytest.mark.sphinx("html", testroot="shared-notes", freshenv=True)
def test_a_span_under_two_relations_to_the_heading_is_shown_once(app):
    app.build()
    headnote = speech_page(app.outdir).find(id="notes-heading")
    (note,) = [p for p in headnote.select("p") if "heard in silence" in p.get_text()]
    assert note.select_one(".relation").get_text() == "disputes, paraphrases"
    assert words(note).startswith("C Critic")
    assert words(note).endswith("disputes, paraphrases : “The speech was heard in silence.” ( in context )")
    # the link to the headnote counts the notes it shows, not the links
    assert words(speech_page(app.outdir).select_one(".headnote-link")).endswith(": 2 notes, after the text")


@pytest.mark.sphinx("latex", testroot="shared-notes", freshenv=True)
def test_in_the_pdf_the_reference_leads_to_the_passage(app):
    app.build()
    tex = (app.outdir / "sharednotes.tex").read_text(encoding="utf-8")
    # the span under two relations to the heading: once in the headnote, naming both
    assert tex.count("“The speech was heard in silence.”") == 1  # the article has it unquoted
    assert "disputes, paraphrases" in tex
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    targets = re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]\{\\sphinxcrossref\{the note at", tex)
    assert targets == ["speech:harvest"] * 3
    assert set(targets) <= labels


@pytest.mark.edition
def test_no_commentary_text_in_full_under_two_passages(html_dir):
    page = speech_page(html_dir)
    shown = full_texts(page)
    assert len(shown) > 60
    repeated = {text[:50]: holders for text, holders in shown.items() if len(set(holders)) > 1}
    assert not repeated
    references = page.select("p.apparatus-see")
    assert len(references) > 10
    for reference in references:
        # the reference leads to a note on this page that gives its words in full
        target = page.find(id=reference.find("a")["href"].removeprefix("#"))
        opening = reference.select_one(".apparatus-quote-opening").get_text().strip("“”").removesuffix(" …")
        quotes = [quote.get_text() for quote in target.select(".apparatus-quote")]
        assert any(quote.startswith("“" + opening) for quote in quotes), opening
