"""The TEI builder: a valid TEI P5 document, its passages the edited text, its pointers resolved."""

from __future__ import annotations

import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from tei import config, messages

from .conftest import BASEURL, EDITION, REPO, sphinx_build
from .fidelity import EDITORIAL_CLASSES, is_editorial, normalise
from .test_annotations import Pages, check_model, check_selectors, edition_links

if TYPE_CHECKING:
    from pathlib import Path

TEI = "{http://www.tei-c.org/ns/1.0}"
NS = {"t": TEI[1:-1], "xml": "http://www.w3.org/XML/1998/namespace"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SCHEMA = REPO.parent / "shared" / "schemas" / "tei_all.rng"
NAME = "secret-speech-edition.xml"
#: The edition's extensions with the TEI builder, for roots whose conf.py does not load it.
ROOT_EXTENSIONS = "myst_parser,apparatus,register,tei"
#: The same without the register, for a root that has no register file.
PLAIN_EXTENSIONS = "myst_parser,apparatus,tei"
#: Elements whose text is the editors', not the witness's.
EDITORIAL_ELEMENTS = (f"{TEI}gap", f"{TEI}note")
POINTERS = ("target", "targetEnd", "wit", "ref", "source", "corresp")


def jing(path: Path) -> list[str]:
    """jing's error messages for *path* against tei_all (none when valid)."""
    if shutil.which("jing") is None:
        pytest.fail("jing is missing; install it with: bash tools/install-debian.sh")
    result = subprocess.run(["jing", str(SCHEMA), str(path)], capture_output=True, text=True, check=False)
    errors = [line for line in result.stdout.splitlines() if line.strip()]
    if result.returncode and not errors:
        errors = [result.stderr]
    return errors


def dangling(tree: etree._ElementTree) -> list[str]:
    """Every local pointer (``#id``) naming no xml:id, and every pointer neither local nor a URL."""
    ids = {element.get(XML_ID) for element in tree.iter() if element.get(XML_ID)}
    found = []
    for element in tree.iter():
        for attribute in POINTERS:
            for pointer in (element.get(attribute) or "").split():
                local = pointer.startswith("#") and pointer[1:] in ids
                if not local and not pointer.startswith(("http://", "https://")):
                    found.append(f"{etree.QName(element).localname} @{attribute}={pointer}")
    return found


def tei_passages(tree: etree._ElementTree) -> dict[str, str]:
    """The text of each passage of the TEI, by xml:id, editorial matter (gaps, notes) left out."""
    passages = {}
    for div in tree.iterfind(".//t:div[@type='passage']", NS):
        copy = etree.fromstring(etree.tostring(div))
        for element in list(copy.iter(*EDITORIAL_ELEMENTS)):
            parent = element.getparent()
            tail = element.tail or ""
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
            parent.remove(element)
        passages[div.get(XML_ID)] = normalise("".join(copy.itertext()))
    return passages


def editorial(element: etree._Element) -> bool:
    """Tell whether *element* is the editors' matter (a gap, a note) or stands inside it."""
    return any(ancestor.tag in EDITORIAL_ELEMENTS for ancestor in (element, *element.iterancestors()))


def text_between(start: etree._Element, end: etree._Element | None = None) -> str:
    """The words from *start* to *end* in document order: an element's own words without *end*.

    With *end*, *start* and *end* are the anchors at a range's two ends; the
    editors' matter between them is left out, as from a passage's text.
    """
    if end is None:
        parts = []
        for event, node in etree.iterwalk(start, events=("start", "end")):
            if not editorial(node) and event == "start" and node.text:
                parts.append(node.text)
            if event == "end" and node is not start and node.tail and not editorial(node.getparent()):
                parts.append(node.tail)
        return normalise("".join(parts))
    root = start.getroottree().getroot()
    parts, inside = [], False
    for event, node in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            if node is end:
                break
            if inside and node.text and not editorial(node):
                parts.append(node.text)
            inside = inside or node is start
        elif inside and node.tail and not editorial(node.getparent()):
            parts.append(node.tail)
    return normalise("".join(parts))


def note_targets(tree: etree._ElementTree) -> list[tuple[etree._Element, str, str]]:
    """Each commentary note with the passage it bears on (the div's id) and the words it points at.

    A note points at a ``seg`` (its words), at the anchors at a range's two ends
    (``@target`` and ``@targetEnd``: the words between them), or at a passage.
    """
    ids = {element.get(XML_ID): element for element in tree.iter() if element.get(XML_ID)}
    found = []
    for note in tree.iterfind(".//t:div[@type='commentary']/t:note", NS):
        start = ids[note.get("target").removeprefix("#")]
        end = ids[note.get("targetEnd").removeprefix("#")] if note.get("targetEnd") else None
        (passage,) = [a for a in (start, *start.iterancestors()) if a.get("type") == "passage"]
        if end is not None:
            assert etree.QName(start).localname == etree.QName(end).localname == "anchor", note.get(XML_ID)
            assert end in passage.iter(), note.get(XML_ID)
        found.append((note, passage.get(XML_ID), text_between(start, end)))
    return found


def html_passages(html: str) -> dict[str, str]:
    """The text of each passage of a built page, editorial matter (numbers, notes, citations) left out."""
    page = BeautifulSoup(html, "html.parser")
    passages = {}
    for div in page.select("div.passage"):
        blocks = []
        for block in div.find_all(["p", "h1", "h2", "h3"]):
            if is_editorial(block):
                continue
            copy = BeautifulSoup(str(block), "html.parser")
            for node in copy.find_all(class_=list(EDITORIAL_CLASSES)):
                node.decompose()
            blocks.append(copy.get_text())
        passages[div["id"]] = normalise(" ".join(blocks))
    return passages


def build(srcdir: Path, outdir: Path, *options: str, extensions: str = "", builder: str = "tei") -> Path:
    """Build *srcdir* into *outdir* with -W (the TEI builder by default); the TEI document's path."""
    extra = ["-D", f"extensions={extensions}"] if extensions else []
    result = sphinx_build(
        "-W", "--keep-going", *options, *extra, "-b", builder, str(srcdir), str(outdir),
        env={"PYTHONPATH": str(REPO / "extensions")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    (document,) = outdir.glob("*.xml")
    return document


@pytest.fixture(scope="session")
def tei_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The edition's TEI, built as ``nox -s tei`` builds it (with the public address the tests give)."""
    out = tmp_path_factory.mktemp("edition-tei")
    result = sphinx_build(
        "-W", "--keep-going", "-n", "-b", "tei", "-d", str(out / "doctrees"), str(EDITION), str(out / "tei"),
        env={"EDITION_BASEURL": BASEURL},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out / "tei" / NAME


@pytest.fixture(scope="session")
def tei_tree(tei_file: Path) -> etree._ElementTree:
    return etree.parse(str(tei_file))


@pytest.mark.edition
def test_edition_tei_is_valid(tei_file: Path) -> None:
    assert jing(tei_file) == []


@pytest.mark.edition
def test_edition_tei_holds_the_edition(tei_tree: etree._ElementTree) -> None:
    def count(path: str) -> int:
        return len(tei_tree.findall(path, NS))

    assert count(".//t:div[@type='passage']") == 17
    assert count(".//t:div[@type='passage'][@n]") == 16
    assert count(".//t:text[@type='commentary']") == 4
    assert count(".//t:listWit/t:witness") == 5
    assert count(".//t:note[@type='fact']") >= 5
    assert count(".//t:app") >= 1
    assert count(".//t:div[@type='commentary']/t:note") >= 75
    assert all(count(f".//t:{name}") for name in ("person", "org", "place", "event"))
    assert tei_tree.findtext(".//t:publicationStmt/t:idno[@type='URI']", namespaces=NS) == BASEURL
    assert tei_tree.find(".//t:witness[@xml:id='B']/t:idno[@type='sha256']", NS) is not None


@pytest.mark.edition
def test_edition_tei_passages_are_the_edited_text(tei_tree: etree._ElementTree, html_dir: Path) -> None:
    html = html_passages((html_dir / "speech.html").read_text(encoding="utf-8"))
    assert len(html) == 17
    assert tei_passages(tei_tree) == html


@pytest.mark.edition
def test_edition_tei_pointers_resolve(tei_tree: etree._ElementTree) -> None:
    assert tei_tree.find(".//*[@ref]") is not None
    assert dangling(tei_tree) == []


@pytest.mark.edition
def test_the_checks_fail_on_a_broken_document(tei_file: Path, tmp_path: Path) -> None:
    """Each check above finds a planted fault: a dangling pointer, an invalid element, a changed word."""
    tree = etree.parse(str(tei_file))
    lemma = tree.find(".//t:seg[@xml:id='lemma-lenin-testament-1']", NS)
    lemma.set(XML_ID, "renamed-lemma")
    assert any("#lemma-lenin-testament-1" in problem for problem in dangling(tree))
    passage = tree.find(".//t:div[@xml:id='lenin-testament']", NS)
    passage.set(XML_ID, "renamed")
    paragraph = passage.find("t:p", NS)
    paragraph.text = paragraph.text.replace("…", "… inserted")
    assert "inserted" in tei_passages(tree)["renamed"]
    etree.SubElement(paragraph, f"{TEI}notATeiElement")
    broken = tmp_path / NAME
    tree.write(str(broken), xml_declaration=True, encoding="UTF-8")
    assert jing(broken)


def test_small_project_tei_is_valid(rootdir: Path, tmp_path: Path) -> None:
    document = build(rootdir / "test-register", tmp_path / "tei", extensions=ROOT_EXTENSIONS)
    assert jing(document) == []
    tree = etree.parse(str(document))
    assert dangling(tree) == []
    assert tree.findall(".//t:div[@type='passage']", NS)
    assert tree.findall(".//t:persName[@ref]", NS)
    assert tree.findall(".//t:seg[@corresp]", NS)


#: The TEI builder and the annotations: the tei builder writes both, and so does the HTML build.
DATA_EXTENSIONS = f"{PLAIN_EXTENSIONS},annotations"
ANNOTATIONS = "annotations.jsonld"


@pytest.mark.slow  # seven builds of the eight-article test project, -j 2 among them
def test_parallel_and_incremental_builds_give_the_same_data(rootdir: Path, tmp_path: Path) -> None:
    """-j 2 reads the eight articles in parallel; the merged records must give the serial build's files.

    Both files, the TEI and the annotations, from the ``tei`` builder and from the HTML build.
    """
    source = tmp_path / "src"
    shutil.copytree(rootdir / "test-parallel", source)

    def files(outdir: Path, *options: str, builder: str = "tei") -> tuple[bytes, bytes]:
        document = build(source, outdir, *options, extensions=DATA_EXTENSIONS, builder=builder)
        return document.read_bytes(), (outdir / ANNOTATIONS).read_bytes()

    serial = files(tmp_path / "serial", "-E")
    assert b"<TEI" in serial[0]
    assert b'"AnnotationCollection"' in serial[1]
    assert files(tmp_path / "parallel", "-E", "-j", "2") == serial
    assert files(tmp_path / "html", "-E", "-j", "2", builder="html") == serial
    # an incremental build after an edit gives what a fresh build of the edited sources gives
    doctrees = ["-d", str(tmp_path / "doctrees")]
    files(tmp_path / "incremental", *doctrees)
    html_doctrees = ["-d", str(tmp_path / "doctrees-html")]
    files(tmp_path / "incremental-html", *html_doctrees, builder="html")
    article = source / "article-3.md"
    edited = article.read_text(encoding="utf-8").replace("article 3 on delta", "article 3 now on delta")
    article.write_text(edited + "\nA paragraph added later.\n", encoding="utf-8")
    os.utime(article, (article.stat().st_atime + 5, article.stat().st_mtime + 5))
    incremental = files(tmp_path / "incremental", *doctrees)
    fresh = files(tmp_path / "fresh", "-E")
    assert incremental == fresh
    assert files(tmp_path / "incremental-html", *html_doctrees, builder="html") == fresh
    assert b"A paragraph added later." in incremental[0]
    assert "article 3 now on delta" in incremental[1].decode("utf-8")
    assert incremental[0] != serial[0]
    assert incremental[1] != serial[1]
    # the pages the annotations are counted in are the builder's own, kept with the doctrees
    (document,) = (tmp_path / "fresh").glob("*.xml")
    written = {path.name for path in (tmp_path / "fresh").iterdir()} - {".doctrees"}
    assert written == {ANNOTATIONS, document.name}
    assert (tmp_path / "fresh" / ".doctrees" / "tei-pages" / "speech.html").exists()


@pytest.mark.edition
def test_the_website_holds_the_tei_and_annotations_of_the_tei_build(tei_file: Path, html_dir: Path) -> None:
    """The HTML build publishes the TEI beside its pages; the tei builder writes the website's annotations."""
    assert (html_dir / NAME).read_bytes() == tei_file.read_bytes()
    assert (tei_file.parent / ANNOTATIONS).read_bytes() == (html_dir / ANNOTATIONS).read_bytes()
    for page in ("index.html", "data.html"):
        text = (html_dir / page).read_text(encoding="utf-8")
        assert f'href="{BASEURL}{NAME}"' in text, page
        assert f'href="{BASEURL}{ANNOTATIONS}"' in text, page
    # the page for people who reuse the data is in the edition's contents
    assert 'href="data.html"' in (html_dir / "index.html").read_text(encoding="utf-8")


def check_annotations_against_tei(annotations: list[dict], tree: etree._ElementTree, pages: Pages) -> None:
    """Each annotation selects, on the page, the words its note points at in the TEI; markers aside.

    An annotation and a note are one link: the same article's words (the
    note's quote points at them), relation and passage. One span may key a
    passage twice under one relation, at two lemmata; so the words are compared
    as a multiset for each link.
    """
    passages = tei_passages(tree)
    in_tei = Counter(
        (note.find("t:quote", NS).get("source"), note.get("type"), passage_id, words)
        for note, passage_id, words in note_targets(tree)
    )
    on_pages = Counter()
    for annotation in annotations:
        quote, position, fragment = annotation["target"][0]["selector"]
        text = pages.text(annotation["target"][0]["source"])
        assert text[position["start"] : position["end"]] == quote["exact"], annotation["id"]
        words = normalise(quote["exact"])
        assert words in passages[fragment["value"]], annotation["id"]
        siglum = annotation["body"][0]["dcterms:source"]["label"]
        article = annotation["target"][1]["selector"][2]["value"]
        relation = annotation["body"][1]["value"]
        on_pages[(f"#{siglum}.{article}", relation, fragment["value"], words)] += 1
    assert on_pages == in_tei


@pytest.mark.edition
def test_each_annotation_selects_exactly_its_lemma(
    tei_file: Path, tei_tree: etree._ElementTree, html_dir: Path
) -> None:
    """The tei builder's annotations, applied to the website's pages, select the words the notes point at.

    Those are the note's lemma, or the whole passage for a note on the heading:
    the words the selectors pick out of the page (its text without the note
    markers) are the lemma's words in the TEI, neither more nor less. The
    annotations also expand without loss under the local anno context.
    """
    annotations = check_model(json.loads((tei_file.parent / ANNOTATIONS).read_text(encoding="utf-8")))
    pages = Pages(html_dir, BASEURL)
    check_selectors(annotations, pages)
    assert annotations
    check_annotations_against_tei(annotations, tei_tree, pages)


@pytest.mark.edition
def test_edition_notes_point_at_their_lemmata(tei_tree: etree._ElementTree) -> None:
    """Each note on a numbered passage points at its lemma, a ``seg`` whose words are the editor's lemma.

    The notes on the heading stay on the heading (they bear on the speech as a
    whole); the edition's lemmata nest but never cross, so every one is a ``seg``.
    """
    passages = tei_passages(tei_tree)
    lemmata = {
        (link.passage_id, link.relation, link.lemma)
        for link in edition_links()
        if link.passage_id != "heading"
    }
    keyed = 0
    for note, passage_id, words in note_targets(tei_tree):
        if passage_id == "heading":
            assert note.get("target") == "#heading"
            assert words == passages["heading"]
            continue
        keyed += 1
        assert note.get("targetEnd") is None
        assert note.get("target").startswith(f"#lemma-{passage_id}-")
        assert (passage_id, note.get("type"), words) in lemmata, note.get(XML_ID)
    assert keyed == 42
    segs = tei_tree.findall(".//t:div[@type='passage']//t:seg[@type='lemma']", NS)
    assert len(segs) == len({(p, lemma) for p, _r, lemma in lemmata}) == 34
    # each seg names the notes that point at it
    for seg in segs:
        for pointer in seg.get("corresp").split():
            note = tei_tree.find(f".//t:note[@xml:id='{pointer[1:]}']", NS)
            assert note.get("target") == f"#{seg.get(XML_ID)}"


#: For each note of the lemma-data root: what its target is, and the words it points at.
LEMMA_DATA_NOTES = {
    "note.heading.1": ("passage", "A speech on the harvest"),
    "note.harvest.1": ("seg", "the great harvest"),
    "note.harvest.2": ("seg", "gathered by the workers; the workers"),
    "note.harvest.3": ("anchors", "the workers, not the leader, gathered it"),
    "note.harvest.4": ("seg", "great"),
    "note.harvest.5": ("anchors", "harvest was gathered"),
    "note.harvest.6": ("anchors", "gathered it. The leader took"),
    "note.harvest.7": ("seg", "gathered it"),
    "note.harvest.8": ("passage", None),
    "note.plan.1": ("seg", "The plan was fulfilled"),
    "note.plan.2": ("seg", "four years"),
}


def test_lemmata_in_the_tei(rootdir: Path, tmp_path: Path) -> None:
    """Nested lemmata nest as segs; crossing ones (a name's edge, another lemma, two paragraphs) are anchors.

    The document stays valid and well-formed, the passages' text unchanged; and
    the annotations the builder writes select the same words on its pages.
    """
    document = build(rootdir / "test-lemma-data", tmp_path / "tei")
    assert jing(document) == []
    tree = etree.parse(str(document))
    assert dangling(tree) == []
    passages = tei_passages(tree)
    assert passages["harvest"] == (
        "Comrades, the great harvest was gathered by the workers; the workers, not the leader, "
        "gathered it. The leader took the praise."
    )
    found = {}
    for note, passage_id, words in note_targets(tree):
        whole = note.get("target") == f"#{passage_id}"
        kind = "anchors" if note.get("targetEnd") else "passage" if whole else "seg"
        found[note.get(XML_ID)] = (kind, words if kind != "passage" or passage_id == "heading" else None)
        if kind == "passage":
            assert words == passages[passage_id]
    assert found == LEMMA_DATA_NOTES
    # "great" inside the italics, in "the great harvest", whose seg holds the italics whole
    outer = tree.find(".//t:seg[@xml:id='lemma-harvest-2']", NS)
    assert outer.find("t:hi/t:seg[@xml:id='lemma-harvest-1']", NS) is not None
    pages = Pages(tmp_path / "tei" / ".doctrees" / "tei-pages", "https://example.org/lemmata/")
    annotations = check_model(json.loads((tmp_path / "tei" / ANNOTATIONS).read_text(encoding="utf-8")))
    check_selectors(annotations, pages)
    check_annotations_against_tei(annotations, tree, pages)


@pytest.mark.edition
def test_the_epub_names_the_data_files_without_linking_them(epub_file: Path) -> None:
    """The EPUB holds neither file: without a public address it names them, as code, and links nowhere."""
    with zipfile.ZipFile(epub_file) as epub:
        names = epub.namelist()
        front = epub.read("index.xhtml").decode("utf-8")
    assert "data.xhtml" in names
    assert not [name for name in names if name.endswith((".jsonld", f"/{NAME}")) or name == NAME]
    for file_name in (NAME, ANNOTATIONS):
        assert f'<span class="pre">{file_name}</span></code>' in front
        assert f'href="{file_name}"' not in front


def test_every_warning_setting_and_role_is_documented() -> None:
    """docs/data.md, the extension's developer page, names its warnings and gives its settings and role."""
    page = (REPO / "docs" / "data.md").read_text(encoding="utf-8")
    for subtype in messages.SUBTYPES:
        assert f"`tei.{subtype}`" in page, subtype
    for name in re.findall(r'add_config_value\(\s*"([^"]+)"', inspect.getsource(config.setup_config)):
        assert f"`{name}`" in page, name
    assert "{tei-file}" in page


if __name__ == "__main__":
    sys.exit(pytest.main([__file__]))
