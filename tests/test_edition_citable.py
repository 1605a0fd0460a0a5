"""The real edition is citable: passages, their citations, page metadata, PDF metadata, CITATION.cff."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import BASEURL
from .test_edition import page, passage_ids

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.edition


def numbered_ids() -> list[str]:
    return [pid for pid in passage_ids() if pid != "heading"]


def test_every_passage_has_permalink_and_citations(html_dir):
    speech = page(html_dir, "speech")
    for number, pid in enumerate(numbered_ids(), start=1):
        passage = speech.find(id=pid)
        assert passage.select_one(".passage-number").get_text() == f"§{number}"
        assert speech.find(id=f"p{number}").find_parent("div", class_="passage") is passage or (
            speech.find(id=f"p{number}").parent is passage
        )
        permalink = passage.select_one("a.passage-permalink")
        assert speech.find(id=permalink["href"][1:]) is passage
        forms = passage.select("details.cite-panel .cite-format")
        assert len(forms) == 6
        for form in forms:
            text = " ".join(form.get_text(" ").split())
            assert f"{BASEURL}speech.html#{pid}" in text
            if form.select_one(".cite-label").get_text() != "CSL-JSON":  # an item holds no locator
                assert re.search(rf"(sec\. |Section |§){number}\b", text), text
        assert not passage.select("span.Z3988")


def test_how_to_cite_page(html_dir):
    how = page(html_dir, "how-to-cite")
    forms = how.select(".cite-format")
    assert [f.select_one(".cite-label").get_text() for f in forms] == [
        "Chicago (notes and bibliography), 18th ed.",
        "MLA, 9th ed.",
        "APA, 7th ed.",
        "BibTeX",
        "RIS",
        "CSL-JSON",
    ]
    for form in forms:
        assert f"{BASEURL}index.html" in form.get_text()
        assert "0.1.0" in form.get_text()


def test_page_metadata_read_back(html_dir):
    import extruct

    for docname, title, author, date in [
        ("speech", "Secret Speech", "Khrushchev, Nikita", "1956"),
        (
            "commentary/haynes-2006",
            "Khrushchev’s secret speech: a crack in the monolith",
            "Haynes, Mike",
            "2006-02",
        ),
    ]:
        html = (html_dir / f"{docname}.html").read_text(encoding="utf-8")
        data = extruct.extract(html, base_url=BASEURL + docname + ".html", syntaxes=["json-ld", "dublincore"])
        work = data["json-ld"][0]
        assert work["name"] == title
        assert work["author"][0]["name"] == author
        assert work["isPartOf"]["name"] == "Khrushchev’s “Secret Speech”: A Digital Critical Edition"
        assert len(work["isBasedOn"]) == 5
        dublin = {e["URI"].rsplit("/", 1)[1]: e["content"] for e in data["dublincore"][0]["elements"]}
        assert dublin["title"] == title
        assert dublin["creator"] == author
        assert dublin["date"] == date
        document = BeautifulSoup(html, "html.parser")
        highwire = {tag["name"]: tag["content"] for tag in document.select("meta[name^=citation_]")}
        if docname == "speech":  # a section of the edition, dated by the edition (what Zotero saves)
            assert highwire["citation_inbook_title"] == work["isPartOf"]["name"]
            assert highwire["citation_publication_date"] == work["datePublished"]
        else:
            assert highwire["citation_journal_title"] == "Socialist Worker"
            assert highwire["citation_publication_date"] == date
        assert document.select_one("meta[property='og:title']") is not None
    assert (html_dir / "sitemap.xml").exists()


@pytest.mark.pdf
def test_passage_numbers_and_note_counts_agree_in_html_and_pdf(html_dir, latex_dir, pdf_text):
    speech = page(html_dir, "speech")
    html_counts = {
        f"§{number}": len(speech.select(f"#notes-{pid} aside.footnote"))
        for number, pid in enumerate(numbered_ids(), 1)
    }
    tex = (latex_dir / "secret-speech-edition.tex").read_text(encoding="utf-8")
    chapter = tex[
        tex.index(r"\label{\detokenize{speech:heading}}") : tex.index(r"\label{\detokenize{commentary/")
    ]
    pieces = re.split(r"\\marginpar\{\\raggedleft\\textbf\{(§\d+)\}\}", chapter)

    # the PDF keys the notes by line: one entry after the passage for each footnote of the HTML
    # (the variant series, keyed by line too, is counted apart: the HTML letters it)
    def note_entries(text: str) -> int:
        return text.count(r"\apparatushead{") - text.count(r"\apparatusline{line:speech:variant-")

    tex_counts = {pieces[i]: note_entries(pieces[i + 1]) for i in range(1, len(pieces), 2)}
    assert tex_counts == html_counts
    # and the PDF prints each number in the margin
    for label in html_counts:
        assert re.search(rf"(^|\s){label}(\s|$)", pdf_text, re.M), label


@pytest.mark.pdf
def test_pdf_metadata(latex_dir):
    info = subprocess.run(
        ["pdfinfo", str(latex_dir / "secret-speech-edition.pdf")], capture_output=True, text=True, check=True
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == "Khrushchev’s “Secret Speech”: A Digital Critical Edition"
    assert fields["Author"].strip() == "The Secret Speech Edition Project"
    assert "Secret Speech" in fields["Subject"]
    assert "Khrushchev" in fields["Keywords"]


@pytest.mark.pdf
def test_pdf_title_page_holds_the_citation(pdf_text):
    first_page = pdf_text.split("\f")[0]
    text = " ".join(first_page.split())
    assert "How to cite this edition" in text
    # the editing body is the publisher (as in the item Zotero saves), the version the edition
    assert (
        "Khrushchev’s “Secret Speech”: A Digital Critical Edition. Version 0.1.0. "
        "The Secret Speech Edition Project, 2026." in text
    )


def test_citation_cff_is_valid_and_current():
    check = subprocess.run(
        [sys.executable, "tools/citation_cff.py", "--check"], cwd=REPO, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    validate = subprocess.run(
        [str(Path(sys.executable).parent / "cffconvert"), "--validate", "-i", "CITATION.cff"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "valid" in validate.stdout
