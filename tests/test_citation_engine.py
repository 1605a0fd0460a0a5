"""Every formatted citation the edition shows equals citeproc-js's (Zotero's engine) for the same item.

The item is read from the page's own CSL-JSON form, so the test checks the
citations against the data the page offers, whatever that data is.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup
from citable import DEFAULT_STYLES

from .csl import citeproc_js, missing_tools, style_path, text_and_italics
from .test_edition import page

if TYPE_CHECKING:
    from bs4 import Tag

CSL = "{http://purl.org/net/xbiblio/csl}"


def shown(form: Tag) -> list[str]:
    """The two citations of a style's form (in-text or note, then entry), without their captions."""
    texts = []
    for paragraph in form.select("p.cite-text"):
        paragraph = BeautifulSoup(str(paragraph), "html.parser").p
        paragraph.select_one(".cite-caption").decompose()
        texts.append(text_and_italics(paragraph.decode_contents()))
    return texts


def csl_json(forms: list[Tag]) -> dict[str, Any]:
    (form,) = [f for f in forms if f.select_one(".cite-label").get_text() == "CSL-JSON"]
    return json.loads(form.select_one("pre").get_text())


def cited(html_dir) -> list[tuple[str, list[Tag], str]]:
    """Every place that shows citations: (where, its forms, the locator), passages then the edition."""
    places = []
    for passage in page(html_dir, "speech").select("div.passage"):
        panel = passage.select_one("details.cite-panel")
        if panel is None:
            continue
        number = passage.select_one(".passage-number").get_text().lstrip("§")
        places.append((f"§{number}", panel.select(".cite-format"), number))
    places.append(("how-to-cite", page(html_dir, "how-to-cite").select(".cite-format"), ""))
    return places


@pytest.mark.edition
@pytest.mark.parametrize("style", DEFAULT_STYLES, ids=[s["csl"] for s in DEFAULT_STYLES])
def test_citations_equal_citeproc_js(html_dir, style):
    if missing_tools():
        pytest.fail(missing_tools())
    places = cited(html_dir)
    assert len(places) == 17  # sixteen passages and the edition
    expected = citeproc_js(style["csl"], [(csl_json(forms), locator) for _, forms, locator in places])
    mismatches = []
    for (where, forms, _), reference in zip(places, expected, strict=True):
        (form,) = [f for f in forms if f.select_one(".cite-label").get_text() == style["label"]]
        want = [text_and_italics(reference.short), text_and_italics(reference.entry)]
        for caption, got, wanted in zip((style["short"], style["entry"]), shown(form), want, strict=True):
            if got != wanted:
                mismatches.append(f"{where} {caption}:\n  edition:     {got}\n  citeproc-js: {wanted}")
    assert not mismatches, "\n".join(mismatches)


def test_text_and_italics_reads_both_engines_alike():
    js = '<div class="csl-entry">A. <i>B &#38; <span style="font-style:normal;">C</span></i>.</div>\n'
    assert text_and_italics(js) == "A. <i>B & </i>C."
    assert text_and_italics("A. <em>B &amp; </em><span>C</span>.") == "A. <i>B & </i>C."
    assert text_and_italics("A. <em>B</em>.") != text_and_italics("A. B.")


@pytest.mark.parametrize("style", DEFAULT_STYLES, ids=[s["csl"] for s in DEFAULT_STYLES])
def test_style_label_names_the_edition_its_csl_file_states(style):
    title = ET.parse(style_path(style["csl"])).getroot().findtext(f"{CSL}info/{CSL}title")
    edition = re.search(r"(\d+(?:st|nd|rd|th)) edition", title)
    assert edition is not None, title
    assert style["label"].endswith(f", {edition.group(1)} ed."), (style["label"], title)


# The engines compared in docs/citation-engines.md (benchmarks/citation_engines.py) ----------------

SAMPLE = [
    (
        "part",
        {
            "id": "part",
            "type": "chapter",
            "author": [{"family": "Orator", "given": "Olga"}],
            "title": "The Speech",
            "container-title": "A “Test” Edition",
            "publisher": "The Test Body",
            "edition": "1.0",
            "issued": {"date-parts": [[2024, 5, 1]]},
            "original-date": {"date-parts": [[1956]]},
            "URL": "https://example.org/speech.html#opening",
        },
        "3",
    ),
    (
        "book",
        {
            "id": "book",
            "type": "book",
            "title": "A “Test” Edition",
            "publisher": "The Test Body",
            "edition": "1.0",
            "issued": {"date-parts": [[2024, 5, 1]]},
            "URL": "https://example.org/index.html",
        },
        "",
    ),
]


@pytest.fixture(scope="module")
def engines():
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "citation_engines.py"
    spec = importlib.util.spec_from_file_location("citation_engines", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow  # pandoc and citeproc-js (node) on every sample item, in three styles
@pytest.mark.parametrize(
    ("engine", "agrees"), [("pandoc", True), ("citeproc-py-mended", True), ("citeproc-py", False)]
)
def test_engines_against_citeproc_js_on_sample_items(engines, engine, agrees):
    if missing_tools():
        pytest.fail(missing_tools())
    found, total = engines.mismatches(engine, SAMPLE)
    assert total == 12
    assert (found == []) is agrees, "\n".join(found)


def test_mend_punctuation_in_quote(engines):
    assert engines.punctuation_in_quote("Orator, “The Speech”, in") == "Orator, “The Speech,” in"
    assert engines.punctuation_in_quote("Orator. “The Speech”. In") == "Orator. “The Speech.” In"
    assert engines.punctuation_in_quote("“The Speech”: a") == "“The Speech”: a"


@pytest.mark.parametrize(
    ("html", "mended"),
    [
        ("<i>T</i>. <i>T</i>. 1.0. Body, 2024.", "<i>T</i>. 1.0. Body, 2024."),
        ("(<i>T</i>, <i>T</i>)", "(<i>T</i>)"),
        ("<i>T</i> (1.0). (2024). <i>T</i> (1.0). Body.", "<i>T</i> (1.0). (2024). Body."),
        ("<i>T</i> (1.0). (2024). Body.", "<i>T</i> (1.0). (2024). Body."),
    ],
)
def test_mend_drop_repeated_title(engines, html, mended):
    assert engines.drop_repeated_title(html, {"title": "T"}) == mended
    assert engines.drop_repeated_title(html, {"title": "T", "author": [{"literal": "A"}]}) == html


def test_mend_never_disambiguate(engines):
    from lxml import etree

    tree = etree.parse(str(style_path("modern-language-association")))
    assert tree.xpath("//*[@disambiguate]", namespaces=None)
    engines.never_disambiguate(tree)
    assert not tree.xpath("//*[@disambiguate]")


def test_mend_entry_without_locator(engines):
    item = SAMPLE[0][1]
    assert "sec. 3" in engines.citeproc_py(item, "chicago-notes-bibliography", "3").entry
    assert "sec." not in engines.entry_without_locator(item, "chicago-notes-bibliography")
