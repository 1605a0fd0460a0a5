"""Lemmata (issue 18): the lemma of a link, the check that it names one place, the marker after it."""

from __future__ import annotations

import pytest
from apparatus.lemmata import Lemma, find, quoted, shown
from apparatus.relations import Link, SpecError, parse_links

from .conftest import located_warnings

RELATIONS = {"quotes": "quotes", "disputes": "disputes", "contextualises": "contextualises"}


def test_a_lemma_may_hold_commas_and_semicolons():
    spec = 'disputes: a-b "x, y; z", c *; quotes: d'
    assert parse_links(spec, RELATIONS) == [
        Link("disputes", "a-b", "x, y; z"),
        Link("disputes", "c", "*"),
        Link("quotes", "d", None),
    ]


def test_one_passage_with_two_lemmata_gives_two_links():
    links = parse_links('contextualises: p "one", p "two", p "one"', RELATIONS)
    assert links == [Link("contextualises", "p", "one"), Link("contextualises", "p", "two")]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ('disputes: a "x', "unclosed quotation mark"),
        ('disputes: a "x" "y"', "expected a lemma in quotation marks"),
        ('disputes: a ""', "empty lemma"),
        ('disputes: "x"', "missing passage id"),
    ],
)
def test_malformed_lemmata_are_refused(spec, message):
    with pytest.raises(SpecError, match=message):
        parse_links(spec, RELATIONS)


def test_a_lemma_is_found_as_whole_words_white_space_aside():
    text = "the mass repressions and repressions of the masses"
    assert find("mass\n  repressions", text) == (Lemma("mass repressions", 4, 20), 1)
    assert find("repressions", text) == (None, 2)
    assert find("mass repression", text) == (None, 0)  # not part of a word


def test_a_quotation_takes_the_words_it_aligns_with():
    passage = "Comrades, the harvest was great, and nobody knew it."
    lemma = quoted("He said “the harvest was great and nobody knew”.", passage)
    assert lemma == Lemma("the harvest was great, and nobody knew", 10, 48)


def test_a_long_lemma_is_shown_by_its_ends():
    assert shown("one two three") == "one two three"
    assert shown("one two three four five six seven eight nine ten") == "one two … nine ten"


@pytest.mark.sphinx("html", testroot="lemmata", freshenv=True)
def test_missing_and_ambiguous_lemmata_warn_at_the_span(app):
    app.build()
    assert sorted(located_warnings(app, "apparatus")) == [
        ("article.md", 15, "lemma_not_found"),
        ("article.md", 17, "lemma_ambiguous"),
        ("article.md", 19, "missing_lemma"),
    ]
    warnings = app.warning.getvalue()
    assert "lemma 'five years' is not in the passage of disputes: plan (§2)" in warnings
    assert "lemma 'the workers' stands 2 times in the passage of contextualises: harvest (§1)" in warnings


@pytest.mark.sphinx(
    "html", testroot="lemmata", freshenv=True, confoverrides={"apparatus_require_lemma": False}
)
def test_a_missing_lemma_is_allowed_unless_required(app):
    app.build()
    assert [w[2] for w in sorted(located_warnings(app, "apparatus"))] == [
        "lemma_not_found",
        "lemma_ambiguous",
    ]


@pytest.mark.sphinx("html", testroot="lemmata", freshenv=True)
def test_each_marker_follows_its_lemmas_last_word(app):
    from bs4 import BeautifulSoup

    app.build()
    page = BeautifulSoup((app.outdir / "speech.html").read_text(encoding="utf-8"), "html.parser")
    passage = page.find(id="harvest")
    for marker in passage.select("a.footnote-reference"):
        note_id = marker["href"][1:]
        pieces = [p for p in passage.select("span.lemma") if note_id in p["data-notes"].split()]
        if not pieces:  # a note on the whole passage: at the end of its last paragraph
            assert (
                marker.find_next_sibling(string=True) is None
                or not marker.find_next_sibling(string=True).strip()
            )
            continue
        assert marker.find_previous_sibling("span", class_="lemma") is pieces[-1], note_id
        lemma = page.find(id=note_id).select_one("p.apparatus-lemma")
        words = "".join(piece.get_text() for piece in pieces)
        assert " ".join(lemma.get_text(" ").split()).startswith("§1 ")
        assert " ".join(words.split()).startswith(lemma.select_one(".lemma").get_text().split(" … ")[0])
    # nested and overlapping lemmata: the shared words carry both notes
    shared = passage.find(id="lemma-harvest-4")
    assert shared.get_text() == "the workers"
    assert shared["data-notes"].split() == ["note-harvest-3", "note-harvest-4"]
    # the heading carries no marker; its notes are the headnote after the passages
    assert not page.find(id="heading").select("a.footnote-reference")
    headnote = page.find(id="notes-heading")
    assert headnote.name == "section"
    assert headnote.find_previous("div", class_="passage")["id"] == "plan"
    assert "The speech was long." in headnote.get_text()


@pytest.mark.sphinx("html", testroot="lemmata", freshenv=True)
def test_backlinks_lead_to_the_lemma(app):
    from bs4 import BeautifulSoup

    app.build()
    page = BeautifulSoup((app.outdir / "article.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in page.select(".apparatus-backlinks a")]
    assert "speech.html#lemma-harvest-2" in hrefs  # "and nobody knew"
    assert "speech.html#harvest" in hrefs  # a note on the whole passage


@pytest.mark.edition
def test_every_word_of_a_lemma_is_marked(html_dir):
    """A name inside a lemma (the register marks it as a mention) is marked with the rest of the lemma."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup((html_dir / "speech.html").read_text(encoding="utf-8"), "html.parser")
    passage = page.find(id="time-and-capabilities")
    lemma = "Our industry was already so developed that it was capable of supplying fully the Soviet Army"
    marked = " ".join(" ".join(piece.get_text() for piece in passage.select("span.lemma")).split())
    assert "Soviet Army" in lemma
    assert lemma.removeprefix("Our industry ") in marked
