"""The outputs as their standards' own checkers read them: epubcheck, and one link check for site and EPUB."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tomllib
import uuid
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from .linkcheck import Problem, check, check_epub, check_site

REPO = Path(__file__).resolve().parent.parent
#: Where Debian's ``epubcheck`` package puts the checker (its /usr/bin link cannot be run).
EPUBCHECK = Path(os.environ.get("EPUBCHECK_JAR", "/usr/share/java/epubcheck.jar"))
EPUBCHECK_VERSION = "4.2.6"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


def epubcheck(epub: Path, report: Path) -> dict:
    """epubcheck's JSON report on *epub*."""
    if not EPUBCHECK.exists() or shutil.which("java") is None:
        pytest.fail("epubcheck is missing: sudo apt-get install -y epubcheck default-jre-headless")
    subprocess.run(
        ["java", "-jar", str(EPUBCHECK), str(epub), "--json", str(report)], capture_output=True, check=False
    )
    return json.loads(report.read_text(encoding="utf-8"))


def findings(report: dict) -> list[str]:
    """One line per message of an epubcheck report: severity, id, place, text."""
    lines = []
    for message in report["messages"]:
        places = ", ".join(
            f"{place['path']}:{place['line']}:{place['column']}" for place in message["locations"]
        )
        lines.append(f"{message['severity']} {message['ID']} {places}: {message['message']}")
    return lines


@pytest.mark.edition
def test_epubcheck_finds_nothing(epub_file, tmp_path):
    report = epubcheck(epub_file, tmp_path / "report.json")
    assert report["checker"]["checkerVersion"] == EPUBCHECK_VERSION
    assert findings(report) == []
    counts = {key: report["checker"][key] for key in ("nFatal", "nError", "nWarning")}
    assert counts == {"nFatal": 0, "nError": 0, "nWarning": 0}


@pytest.mark.edition
def test_epubcheck_would_catch_a_page_that_is_not_xml(epub_file, tmp_path):
    """The check above can fail: a boolean attribute without a value (as HTML allows) is fatal."""
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(epub_file) as book, zipfile.ZipFile(broken, "w") as copy:
        for item in book.infolist():
            data = book.read(item)
            if item.filename == "speech.xhtml":
                data = data.replace(b'hidden="hidden"', b"hidden", 1)
                assert b"hidden>" in data
            copy.writestr(item, data)
    report = epubcheck(broken, tmp_path / "report.json")
    assert report["checker"]["nFatal"] >= 1
    assert any("speech.xhtml" in line for line in findings(report))


@pytest.mark.edition
def test_every_link_in_the_epub_lands(epub_file):
    assert check_epub(epub_file) == []


@pytest.mark.edition
def test_every_link_in_the_site_lands(html_dir):
    assert check_site(html_dir) == []


@pytest.mark.edition
def test_epub_metadata(epub_file):
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    edition, version = pyproject["tool"]["edition"], pyproject["project"]["version"]
    with zipfile.ZipFile(epub_file) as book:
        package = etree.fromstring(book.read("content.opf"))
        ncx = etree.fromstring(book.read("toc.ncx"))
    metadata = package.find(f"{OPF}metadata")
    assert metadata.findtext(f"{DC}title") == edition["title"]
    assert metadata.findtext(f"{DC}language") == "en"
    assert metadata.findtext(f"{DC}date") == edition["release-date"]
    refinements = {
        (meta.get("refines"), meta.get("property")): meta.text for meta in metadata.iter(f"{OPF}meta")
    }
    creators = [
        (creator.text, refinements[(f"#{creator.get('id')}", "role")])
        for creator in metadata.iter(f"{DC}creator")
    ]
    work = edition["work"]
    assert creators == [
        (f"{work['author_given']} {work['author_family']}", "aut"),
        *((editor, "edt") for editor in edition["editors"]),
    ]
    assert metadata.find(f"{DC}contributor") is None  # Sphinx's "unknown" is gone
    identifier = metadata.find(f"{DC}identifier")
    assert package.get("unique-identifier") == identifier.get("id")
    # no public address in pyproject.toml: a UUID of the title and version, the same at every build
    title = edition["title"]
    expected = edition["url"] or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{title} {version}')}"
    assert identifier.text == expected
    uid = ncx.find(".//{http://www.daisy.org/z3986/2005/ncx/}meta[@name='dtb:uid']")
    assert uid.get("content") == expected


def test_link_checker_finds_missing_files_and_anchors():
    files = {
        "index.html": b'<p id="here"><a href="#here">a</a> <a href="#gone">b</a> <a href="other.html#x">c</a>'
        b' <a href="missing.html">d</a> <a href="https://example.org/#nowhere">e</a>'
        b' <img src="_static/logo.png" alt=""></p>',
        "other.html": b'<p><span id="y">y</span><a href="index.html">back</a></p>',
    }
    assert check(files) == [
        Problem("index.html", 1, "#gone", "no such anchor"),
        Problem("index.html", 1, "other.html#x", "no such anchor"),
        Problem("index.html", 1, "missing.html", "no such file"),
        Problem("index.html", 1, "_static/logo.png", "no such file"),
    ]


def test_link_checker_reads_epub_documents_as_xml():
    xhtml = b'<html xmlns="http://www.w3.org/1999/xhtml"><body>%s</body></html>'
    files = {
        "a.xhtml": xhtml % b"<button hidden>x</button>",
        "b.xhtml": xhtml % b'<a href="a.xhtml#top">a</a>',
    }
    problems = check(files, xml=True)
    assert [(p.page, p.reason.split(":")[0]) for p in problems] == [
        ("a.xhtml", "not well-formed"),
        ("b.xhtml", "a fragment in a file that is not a page"),
    ]
