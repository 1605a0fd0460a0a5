"""annotations.jsonld: W3C Web Annotations that expand without loss and whose selectors select exactly."""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from apparatus.relations import Link, parse_links
from lxml import html as lxml_html

from .conftest import BASEURL, EDITION, REPO

ROOTS = Path(__file__).resolve().parent / "roots"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: The context is kept beside the repository (../shared), so that no test needs the network.
CONTEXT_FILE = REPO.parent / "shared" / "schemas" / "anno.jsonld"
ROOT_BASE = "https://example.org/test/"
EXTENSIONS = ["myst_parser", "apparatus", "annotations"]


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """Answer the W3C anno context from the local copy; refuse every other address."""
    if url != CONTEXT:
        pytest.fail(f"expansion asked for {url}: only {CONTEXT} is known offline", pytrace=False)
    if not CONTEXT_FILE.is_file():
        pytest.fail(f"the W3C anno context is missing: expected it at {CONTEXT_FILE}", pytrace=False)
    document = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def without_contexts(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: without_contexts(value) for key, value in data.items() if key != "@context"}
    if isinstance(data, list):
        return [without_contexts(value) for value in data]
    return data


def keys_of(data: Any) -> set[str]:
    if isinstance(data, dict):
        return {key for key in data if key != "@context"}.union(*(keys_of(v) for v in data.values()))
    if isinstance(data, list):
        return set().union(*(keys_of(v) for v in data))
    return set()


def round_trip(data: dict[str, Any]) -> Any:
    from pyld import jsonld

    options = {"documentLoader": document_loader}
    return jsonld.compact(jsonld.expand(data, options), CONTEXT, options)


def annotations_of(collection: dict[str, Any]) -> list[dict[str, Any]]:
    items, page, number = [], collection["first"], 1
    while page is not None:
        assert page["type"] == "AnnotationPage"
        assert page["id"] == f"{collection['id']}#page-{number}"
        assert page["partOf"] == collection["id"]
        assert page["startIndex"] == len(items)
        items += page["items"]
        page, number = page.get("next"), number + 1
    assert collection["last"] == f"{collection['id']}#page-{number - 1}"
    return items


def check_model(collection: dict[str, Any]) -> list[dict[str, Any]]:
    """The collection and each annotation expand under the anno context and compact back unchanged."""
    assert collection["@context"] == CONTEXT
    assert collection["type"] == "AnnotationCollection"
    annotations = annotations_of(collection)
    assert collection["total"] == len(annotations)
    lost = keys_of(collection) - keys_of(round_trip(collection))
    assert not lost, f"terms dropped in expansion: {sorted(lost)}"
    assert without_contexts(round_trip(collection)) == without_contexts(collection)
    ids = [annotation["id"] for annotation in annotations]
    assert len(set(ids)) == len(ids), "annotation ids repeat"
    for annotation in annotations:
        assert annotation["@context"] == CONTEXT
        assert annotation["type"] == "Annotation"
        assert annotation["id"].startswith(collection["id"] + "#")
        assert round_trip(annotation) == annotation, annotation["id"]
        comment, tag = annotation["body"]
        assert comment["type"] == tag["type"] == "TextualBody"
        assert comment["purpose"] == annotation["motivation"]
        assert tag["purpose"] == "tagging"
        assert annotation["motivation"] == MOTIVATIONS.get(tag["value"], "commenting")
        assert len(annotation["target"]) == 2
    return annotations


MOTIVATIONS = {
    "quotes": "linking",
    "paraphrases": "describing",
    "contextualises": "commenting",
    "disputes": "questioning",
}


def count(text: str, part: str) -> int:
    return sum(1 for start in range(len(text)) if text.startswith(part, start))


class Pages:
    """The built pages' text, read with lxml: the textContent of the element with role="main"."""

    def __init__(self, outdir: Path, base: str) -> None:
        self.outdir, self.base = outdir, base
        self.trees: dict[str, Any] = {}

    def tree(self, url: str) -> Any:
        assert url.startswith(self.base), url
        path = url.removeprefix(self.base)
        if path not in self.trees:
            self.trees[path] = lxml_html.fromstring((self.outdir / path).read_bytes())
        return self.trees[path]

    def text(self, url: str) -> str:
        """The text the selectors count in: the main element's text content, the note markers left out."""
        (main,) = self.tree(url).xpath('(//*[@role="main"])[1]')
        main = copy.deepcopy(main)
        for marker in main.xpath('.//a[contains(concat(" ", @class, " "), " footnote-reference ")]'):
            marker.drop_tree()
        return main.text_content()

    def words_of(self, url: str, element_id: str) -> str:
        """The words of an element, the note markers left out, white space collapsed."""
        element = copy.deepcopy(self.tree(url).get_element_by_id(element_id))
        for marker in element.xpath('.//a[contains(@class, "footnote-reference")]'):
            marker.drop_tree()
        return normalise(element.text_content())

    def passage_words(self, url: str, element_id: str) -> str:
        """The words of a passage: its element's, the editorial matter (number, markers, notes) left out."""
        element = copy.deepcopy(self.tree(url).get_element_by_id(element_id))
        for name in EDITORIAL:
            for node in element.xpath(f'.//*[contains(concat(" ", @class, " "), " {name} ")]'):
                node.drop_tree()
        return normalise(element.text_content())


#: The classes of what a passage's element holds besides the passage's words.
EDITORIAL = ("editorial", "headerlink", "passage-number", "footnote-reference", "apparatus-notes")


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_selectors(annotations: list[dict[str, Any]], pages: Pages) -> None:
    """Each quote matches once with its context, each position slices out the quote, in its element.

    The text is the page's without the note markers, so no marker stands in
    any ``exact``, not even where lemmata nest and their markers fall among the
    outer lemma's words.
    """
    for annotation in annotations:
        for end, target in zip(("passage", "article"), annotation["target"], strict=True):
            quote, position, fragment = target["selector"]
            assert quote["type"] == "TextQuoteSelector"
            assert position["type"] == "TextPositionSelector"
            assert fragment["type"] == "FragmentSelector"
            text = pages.text(target["source"])
            where = f"{annotation['id']} ({end})"
            whole = quote["prefix"] + quote["exact"] + quote["suffix"]
            assert count(text, whole) == 1, f"{where}: the quote matches {count(text, whole)} times"
            start, stop = position["start"], position["end"]
            assert text[start:stop] == quote["exact"], f"{where}: the position does not give the quote"
            assert text[:start].endswith(quote["prefix"]), where
            assert text[stop:].startswith(quote["suffix"]), where
            words = normalise(quote["exact"])
            assert words in pages.words_of(target["source"], fragment["value"]), where
        article_words = normalise(annotation["target"][1]["selector"][0]["exact"])
        assert article_words == normalise(annotation["body"][0]["value"]), annotation["id"]


def read(outdir: Path) -> dict[str, Any]:
    return json.loads((outdir / "annotations.jsonld").read_text(encoding="utf-8"))


@pytest.mark.sphinx("html", testroot="annotations", freshenv=True)
def test_root_annotations(app):
    app.build()
    assert app.warning.getvalue() == ""
    collection = read(app.outdir)
    annotations = check_model(collection)
    check_selectors(annotations, Pages(app.outdir, ROOT_BASE))
    assert collection["id"] == ROOT_BASE + "annotations.jsonld"
    assert [a["id"].partition("#")[2] for a in annotations] == [
        "article/on-first-passage/quotes/first-passage",
        "article/on-heading/contextualises/heading",
        "article/on-third-passage/disputes/third-passage",
        "article/on-third-passage/paraphrases/first-passage",
        "article/on-echo/quotes/echo",
        "links/link-0/contextualises/third-passage",
    ]
    first = annotations[0]
    assert first["motivation"] == "linking"
    assert first["body"][0]["value"] == "the harvest was called great"
    source = first["body"][0]["dcterms:source"]
    assert source == {
        "id": ROOT_BASE + "article.html",
        "type": "Text",
        "dcterms:title": source["dcterms:title"],
        "label": "C",
        "dcterms:identifier": "critic",
    }
    assert source["dcterms:title"]
    passage, article = first["target"]
    assert passage["source"] == ROOT_BASE + "speech.html"
    # a quotation without a lemma selects the passage's words it aligns with, without the marker after them
    assert passage["selector"][0]["exact"] == "the harvest & the 5 < 7 plan were “great”"
    assert passage["selector"][2]["value"] == "first-passage"
    assert article["selector"][2]["value"] == "on-first-passage"
    # "Nothing was foreseen" stands twice on the speech page: the context tells them apart
    echo = annotations[4]["target"][0]["selector"][0]
    assert echo["exact"] == "Nothing was foreseen"
    assert count(Pages(app.outdir, ROOT_BASE).text(ROOT_BASE + "speech.html"), echo["exact"]) > 1
    assert annotations[2]["motivation"] == "questioning"
    # the role links to the file
    page = (app.outdir / "article.html").read_text(encoding="utf-8")
    assert f'href="{ROOT_BASE}annotations.jsonld">the annotations</a>' in page


@pytest.mark.sphinx("html", testroot="annotations", freshenv=True)
def test_broken_annotations_are_caught(app):
    """Every check above fails on an annotation broken in the way it looks for."""
    app.build()
    pages = Pages(app.outdir, ROOT_BASE)
    good = read(app.outdir)

    def broken(change) -> dict[str, Any]:
        data = copy.deepcopy(good)
        change(data["first"]["items"])
        return data

    def selectors(items, n=0, end=0):
        return items[n]["target"][end]["selector"]

    faults = {
        "a shifted position": lambda items: selectors(items)[1].update(start=1),
        "an exact not on the page": lambda items: selectors(items)[0].update(exact="Comrades, the harvest"),
        "a quote without its context": lambda items: selectors(items, 4)[0].update(prefix="", suffix=""),
        "a term outside the model": lambda items: items[0].update(relation="quotes"),
        "a misspelt term": lambda items: items[1]["body"][0].update(purpose="commenting", vaule="x"),
        "a wrong fragment": lambda items: selectors(items, 0, 1)[2].update(value="on-heading"),
        "a body unlike the article's words": lambda items: items[0]["body"][0].update(value="the harvest"),
        "a motivation unlike the relation": lambda items: items[0].update(motivation="commenting"),
        "an annotation left out": lambda items: items.pop(),
    }
    for name, change in faults.items():
        data = broken(change)
        with pytest.raises(AssertionError):
            check_selectors(check_model(data), pages)
        assert data != good, name


def copy_root(tmp_path: Path, name: str) -> Path:
    srcdir = tmp_path / name / "src"
    shutil.copytree(ROOTS / "test-parallel", srcdir)
    return srcdir


OVERRIDES = {"extensions": EXTENSIONS, "html_baseurl": ROOT_BASE}


@pytest.mark.slow  # five builds of the eight-article test project, -j 2 among them
def test_parallel_and_incremental_builds_write_the_same_file(make_app, tmp_path):
    serial = make_app("html", srcdir=copy_root(tmp_path, "serial"), freshenv=True, confoverrides=OVERRIDES)
    serial.build()
    serial.cleanup()
    expected = (serial.outdir / "annotations.jsonld").read_bytes()
    annotations = check_model(read(serial.outdir))
    assert len(annotations) == 24  # 8 articles x 3 spans, one passage each
    check_selectors(annotations, Pages(serial.outdir, ROOT_BASE))

    parallel = make_app(
        "html", srcdir=copy_root(tmp_path, "parallel"), freshenv=True, parallel=2, confoverrides=OVERRIDES
    )
    merged: list[set[str]] = []
    parallel.connect("env-merge-info", lambda app, env, docnames, other: merged.append(set(docnames)))
    parallel.build()
    parallel.cleanup()
    assert len(merged) >= 2  # read by parallel workers and merged back
    assert (parallel.outdir / "annotations.jsonld").read_bytes() == expected

    # an incremental build after an edit writes what a fresh build of the edited sources writes
    srcdir = copy_root(tmp_path, "incremental")
    first = make_app("html", srcdir=srcdir, freshenv=True, confoverrides=OVERRIDES)
    first.build()
    first.cleanup()
    article = srcdir / "article-3.md"
    edited = article.read_text(encoding="utf-8").replace("article 3 on delta", "article 3 now on delta")
    article.write_text(edited, encoding="utf-8")
    second = make_app("html", srcdir=srcdir, confoverrides=OVERRIDES)
    second.build()
    second.cleanup()
    assert "1 changed" in second.status.getvalue()
    after = (second.outdir / "annotations.jsonld").read_bytes()
    assert after != expected
    assert "article 3 now on delta" in after.decode("utf-8")

    fresh_src = copy_root(tmp_path, "fresh")
    (fresh_src / "article-3.md").write_text(edited, encoding="utf-8")
    fresh = make_app("html", srcdir=fresh_src, freshenv=True, confoverrides=OVERRIDES)
    fresh.build()
    assert (fresh.outdir / "annotations.jsonld").read_bytes() == after


LINK_RE = re.compile(r"\{on\}`[^`]*<([^>]+)>`")


def edition_links() -> list[Link]:
    """The links the commentary's sources declare, read as the apparatus reads them (quoted lemmata whole)."""
    return [
        link
        for source in sorted((EDITION / "commentary").glob("*.md"))
        for spec in LINK_RE.findall(source.read_text(encoding="utf-8"))
        for link in parse_links(spec, MOTIVATIONS)
    ]


#: For each annotation of the lemma-data root (the fragment of its id), the words its passage target selects.
LEMMA_DATA = {
    "article/on-harvest/quotes/harvest": "the great harvest",
    "article/on-harvest-2/paraphrases/harvest/1": "gathered by the workers; the workers",
    "article/on-harvest-2/paraphrases/harvest/2": "the workers, not the leader, gathered it",
    "article/on-harvest-3/contextualises/harvest": "great",
    "article/on-harvest-4/disputes/harvest": "harvest was gathered",
    "article/on-harvest-5/contextualises/harvest": "gathered it. The leader took",
    "article/on-harvest-6/disputes/harvest": "gathered it",
    "article/on-heading/contextualises/heading": "A speech on the harvest",
    "article/on-harvest-7/contextualises/harvest": (
        "Comrades, the great harvest was gathered by the workers; the workers, not the leader, "
        "gathered it. The leader took the praise."
    ),
    "article/on-plan/quotes/plan": "The plan was fulfilled",
    "article/on-plan-2/disputes/plan": "four years",
}


@pytest.mark.sphinx("html", testroot="lemma-data", freshenv=True)
def test_annotations_select_the_lemmata(app):
    """Each annotation selects its note's lemma, markers aside: nested, crossing, in italics, over paragraphs.

    One span keys the passage twice under one relation: its two annotations
    are told apart by the links' ranks. The note on the heading, whose lemma
    the page does not mark, and the note on the whole passage select the passage.
    """
    app.build()
    assert app.warning.getvalue() == ""
    pages = Pages(app.outdir, "https://example.org/lemmata/")
    annotations = check_model(read(app.outdir))
    check_selectors(annotations, pages)
    selected = {
        a["id"].partition("#")[2]: normalise(a["target"][0]["selector"][0]["exact"]) for a in annotations
    }
    assert selected == LEMMA_DATA
    # the page's text holds the words as they stand, between the markers of the lemmata around them
    speech = pages.tree("https://example.org/lemmata/speech.html")
    assert "great[1]" in normalise(speech.get_element_by_id("harvest").text_content())


@pytest.mark.edition
def test_edition_annotations(html_dir):
    collection = read(html_dir)
    annotations = check_model(collection)
    links = edition_links()
    assert len(annotations) == len(links) > 0
    # each passage target selects a lemma the sources give for the passage under that relation,
    # or the whole passage where they give none: as many times as the sources give it
    pages = Pages(html_dir, BASEURL)

    def passage_words(passage_id: str) -> str:
        return pages.passage_words(BASEURL + "speech.html", passage_id)

    expected = Counter(
        (
            link.passage_id,
            link.relation,
            link.lemma if link.lemma not in (None, "*") else passage_words(link.passage_id),
        )
        for link in links
    )
    selected = Counter(
        (
            a["target"][0]["selector"][2]["value"],
            a["body"][1]["value"],
            normalise(a["target"][0]["selector"][0]["exact"]),
        )
        for a in annotations
    )
    assert selected == expected
    assert sum(1 for a in annotations if a["target"][0]["selector"][2]["value"] != "heading") == 42
    assert collection["id"] == BASEURL + "annotations.jsonld"
    check_selectors(annotations, Pages(html_dir, BASEURL))
    sources = {target["source"] for a in annotations for target in a["target"]}
    assert BASEURL + "speech.html" in sources
    front = (html_dir / "index.html").read_text(encoding="utf-8")
    assert f'href="{BASEURL}annotations.jsonld"' in front
