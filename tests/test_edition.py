"""The real edition, built as the README builds it: texts, anchors, apparatus, PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .fidelity import compare, load_witnesses, sha256

REPO = Path(__file__).resolve().parent.parent
EDITION = REPO / "edition"
WITNESSES = load_witnesses(EDITION / "witnesses" / "witnesses.toml")
SPEECH_WITNESS = next(w for w in WITNESSES if w.document == "speech")

pytestmark = pytest.mark.edition


def page(html_dir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((html_dir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def opening_words(speech: BeautifulSoup, passage_id: str, count: int = 4) -> list[str]:
    """The first words of a passage's text, without its number and permalink."""
    paragraph = BeautifulSoup(str(speech.find(id=passage_id).find("p")), "html.parser")
    for editorial in paragraph.select(".passage-number, .headerlink"):
        editorial.decompose()
    return paragraph.get_text().split()[:count]


def passage_ids() -> list[str]:
    return re.findall(r"^:::\{passage\} (\S+)", (EDITION / "speech.md").read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize("witness", WITNESSES, ids=lambda w: w.siglum)
def test_witness_kept_unchanged(witness):
    assert sha256(witness.file) == witness.sha256


@pytest.mark.parametrize("witness", WITNESSES, ids=lambda w: w.siglum)
def test_edited_text_is_the_witness(html_dir, witness):
    html = (html_dir / f"{witness.document}.html").read_text(encoding="utf-8")
    assert compare(witness, html) == []


def test_every_passage_numbered_and_anchored(html_dir):
    speech = page(html_dir, "speech")
    ids = passage_ids()
    numbered = [pid for pid in ids if pid != "heading"]
    assert len(numbered) == 16
    for number, pid in enumerate(numbered, start=1):
        element = speech.find(id=pid)
        assert element is not None and "passage" in element["class"], pid
        assert speech.find(id=f"p{number}") is not None
        assert element.select_one(".passage-number").get_text() == f"§{number}"


def test_apparatus_quotations_are_verbatim_in_their_articles(html_dir):
    speech = page(html_dir, "speech")
    # one footnote per lemma, a paragraph per note in it (a note given in full elsewhere is a
    # reference to it, p.apparatus-see, without the quotation: test_shared_notes)
    notes = [quote.parent for quote in speech.select("aside.apparatus-note .apparatus-quote")]
    assert len(notes) > 25
    for note in notes:
        quote = note.select_one(".apparatus-quote").get_text()
        assert quote.startswith("“")
        assert quote.endswith("”")
        link = next(a for a in note.find_all("a") if a.get_text() == "in context")
        docname, anchor = link["href"].split("#")
        article = page(html_dir, docname.removesuffix(".html"))
        target = article.find(id=anchor)
        assert target is not None, link["href"]
        # the words quoted are the words that stand at the link's target (editorial marks aside)
        words = BeautifulSoup(str(target), "html.parser")
        for mark in words.select(".footnote-reference, .editorial"):
            mark.decompose()
        assert " ".join(words.get_text().split()) == " ".join(quote[1:-1].split())


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # (names such as "Lenin" are wrapped in register mentions, so the probes leave them out)
        ("’s fears were justified", "’s fears were unjustified"),
        ("’s fears were justified", "'s fears were justified"),
        ("only some 4,000 votes", "only 4,000 votes"),
    ],
)
def test_fidelity_check_catches_slips(html_dir, old, new):
    html = (html_dir / "speech.html").read_text(encoding="utf-8")
    assert compare(SPEECH_WITNESS, html) == []
    start = html.index('class="passage"')
    index = html.index(old, start)
    slipped = html[:index] + new + html[index + len(old) :]
    assert compare(SPEECH_WITNESS, slipped) != []


def test_fidelity_check_catches_run_on_paragraphs(html_dir):
    document = page(html_dir, "speech")
    second = document.find(id="lenins-fears-justified").find("p")
    third = document.find(id="persuasion-and-submission").find("p")
    second.append(" ")
    for child in list(third.contents):
        second.append(child.extract())
    third.decompose()
    assert any("run on" in problem for problem in compare(SPEECH_WITNESS, str(document)))


_PARSED: dict[Path, BeautifulSoup] = {}


def parsed(path: Path) -> BeautifulSoup:
    if path not in _PARSED:
        _PARSED[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return _PARSED[path]


def test_every_link_resolves(html_dir):
    for path in html_dir.rglob("*.html"):
        if path.parent.name in {"_static", "_sources"}:
            continue
        document = parsed(path)
        for link in document.select("article[role=main] a[href]"):
            href = link["href"]
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            target, _, anchor = href.partition("#")
            target_path = (path.parent / target).resolve() if target else path
            assert target_path.exists(), (path.name, href)
            if anchor:
                target_doc = parsed(target_path)
                assert target_doc.find(id=anchor) is not None, (path.name, href)


def test_articles_link_back_to_passages(html_dir):
    for witness in WITNESSES:
        if witness.document == "speech":
            continue
        article = page(html_dir, witness.document)
        spans = article.select("span.commentary-span")
        assert spans, witness.document
        for span in spans:
            back = span.find_next_sibling("span", class_="apparatus-backlinks")
            assert back is not None
            assert back.find("a")["href"].startswith("../speech.html#")


@pytest.mark.pdf
def test_pdf_holds_passage_numbers_and_notes(pdf_text, html_dir):
    text = " ".join(pdf_text.split())
    dehyphenated = re.sub(r"(\w)- (\w)", r"\1\2", text)
    speech = page(html_dir, "speech")
    numbered = [pid for pid in passage_ids() if pid != "heading"]
    lines = pdf_text.splitlines()
    for number, pid in enumerate(numbered, start=1):
        opening = " ".join(opening_words(speech, pid))
        # the number stands in the margin, on the passage's first line
        line = next((line for line in lines if opening in " ".join(line.split())), "")
        assert re.search(rf"(^|\s)§{number}(\s|$)", line), (number, opening, line)
    quotes = [q.get_text()[1:-1] for q in speech.select(".apparatus-quote")]
    assert len(quotes) > 40
    for quote in quotes:
        probe = " ".join(quote.split()[:4])
        assert probe in text or probe in dehyphenated, probe
    assert text.count("in context") >= len(quotes)


def test_epub_builds_with_the_apparatus(epub_file):
    import zipfile

    with zipfile.ZipFile(epub_file) as book:
        speech = book.read("speech.xhtml").decode("utf-8")
    assert 'class="passage-number"' in speech
    assert "§16" in speech
    assert "doc-footnote" in speech
