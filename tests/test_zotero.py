"""What Zotero saves from each page: its own translation-server, offline, on the edition served locally.

The server runs the translators the Zotero Connector runs when a student clicks "Save
to Zotero" (../shared/tools/zotero/). The edition is built with a base URL on
127.0.0.1 and served there, since the server fetches the page itself.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import json
import socket
import subprocess
import threading
import tomllib
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from .conftest import EDITION, sphinx_build

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO = Path(__file__).resolve().parent.parent
ZOTERO = REPO.parent / "shared" / "tools" / "zotero"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
EDITION_META = PYPROJECT["tool"]["edition"]
#: Fields that change with every request or say nothing about the item.
VOLATILE = ("key", "version", "accessDate", "libraryCatalog", "tags")

pytestmark = pytest.mark.edition


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(tmp_path_factory: pytest.TempPathFactory, *, with_address: bool) -> Iterator[str]:
    """Build the edition (with a base URL on 127.0.0.1, or without one) and serve it there."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("zotero-site")
    result = sphinx_build("-b", "html", "-d", str(out / "doctrees"), str(EDITION), str(out / "html"),
                          env={"EDITION_BASEURL": base if with_address else ""})  # fmt: skip
    assert result.returncode == 0, result.stderr
    handler = functools.partial(QuietHandler, directory=str(out / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The edition built with a public address on 127.0.0.1, and served there."""
    yield from serve(tmp_path_factory, with_address=True)


@pytest.fixture(scope="module")
def served_local_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The edition built without a public address (as ``nox -s html`` builds it), served on 127.0.0.1."""
    yield from serve(tmp_path_factory, with_address=False)


@pytest.fixture(scope="module")
def zotero() -> Iterator[str]:
    """Zotero's translation-server, started from ../shared/tools/zotero on a free port."""
    if not (ZOTERO / "zotero-translation-server.tar.gz").exists():
        pytest.fail(f"Zotero's translation-server archive is missing: {ZOTERO} (see its README)")
    port = free_port()
    started = subprocess.run(
        ["bash", str(ZOTERO / "start.sh"), str(REPO / "build" / "zotero"), str(port)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr[-2000:]
    pid = int(started.stdout.split()[-1])
    yield f"http://127.0.0.1:{port}"
    subprocess.run(["kill", str(pid)], check=False)


def save(zotero: str, url: str) -> tuple[int, object]:
    """POST /web: what the Connector's "Save to Zotero" makes of *url*."""
    request = urllib.request.Request(
        f"{zotero}/web", data=url.encode(), headers={"Content-Type": "text/plain"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def one_item(zotero: str, url: str) -> dict:
    """The single item saved from *url*, without its volatile fields; a chooser (300) fails."""
    status, body = save(zotero, url)
    assert status == 200, (url, status, body)
    assert isinstance(body, list) and len(body) == 1, body
    return {key: value for key, value in body[0].items() if key not in VOLATILE}


def edition_publisher() -> str:
    return EDITION_META["publisher"] or "; ".join(name for name in EDITION_META["editors"] if "," not in name)


def speech_item(url: str) -> dict:
    work = EDITION_META["work"]
    title = EDITION_META["title"]
    return {
        "itemType": "bookSection",
        "creators": [
            {"firstName": work["author_given"], "lastName": work["author_family"], "creatorType": "author"}
        ],
        "title": work["title"],
        "bookTitle": title,
        "edition": f"Version {PYPROJECT['project']['version']}",
        "date": EDITION_META["release-date"],
        "abstractNote": f"{work['title']} ({work['year']}), {work['author_given']} {work['author_family']}: "
        f"the excerpts as edited in {title}, with the apparatus of its commentary.",
        "language": "en",
        "publisher": edition_publisher(),
        "url": url,
    }


@pytest.mark.parametrize("anchor", ["", "#p4", "#stalins-extreme-methods"])
def test_speech_page_is_one_book_section_with_the_address_arrived_at(zotero, served_site, anchor):
    url = f"{served_site}speech.html{anchor}"
    assert one_item(zotero, url) == speech_item(url)


@pytest.mark.parametrize("page", ["index.html", "how-to-cite.html", "introduction.html"])
def test_edition_pages_are_the_edition_as_a_book(zotero, served_site, page):
    title = EDITION_META["title"]
    assert one_item(zotero, served_site + page) == {
        "itemType": "book",
        "creators": [],
        "title": title,
        "shortTitle": title.split(":")[0],
        "edition": f"Version {PYPROJECT['project']['version']}",
        "date": EDITION_META["release-date"],
        "url": f"{served_site}index.html",
        "abstractNote": PYPROJECT["project"]["description"],
        "language": "en",
        "publisher": edition_publisher(),
    }


def article(served_site: str, page: str, siglum: str, title: str, **fields: object) -> tuple[str, dict]:
    url = f"{served_site}commentary/{page}.html"
    return url, {
        "title": title,
        "url": url,
        "abstractNote": f"{title}: the article as transcribed in {EDITION_META['title']} (witness {siglum}).",
        "language": "en",
        **fields,
    }


def test_article_pages_carry_their_original_publication(zotero, served_site):
    expected = [
        article(
            served_site, "haynes-2006", "H", "Khrushchev’s secret speech: a crack in the monolith",
            itemType="journalArticle", publicationTitle="Socialist Worker", issue="1988", date="2006-02",
            creators=[{"firstName": "Mike", "lastName": "Haynes", "creatorType": "author"}],
            shortTitle="Khrushchev’s secret speech",
        ),
        article(
            served_site, "socialistworld-2016", "W", "History: When Khrushchev denounced Stalin",
            itemType="webpage", websiteTitle="socialistworld.net", websiteType="Text", date="2016-03",
            creators=[], shortTitle="History",
        ),
        article(
            served_site, "fifty-years-ago-2006", "A", "Khrushchev: The Stalinist who denounced Stalin",
            itemType="webpage", websiteTitle="“50 years ago…” history column", websiteType="Text",
            date="2006", creators=[], shortTitle="Khrushchev",
        ),
        # undated in its capture: no date, not the edition's
        article(
            served_site, "siegelbaum", "S", "Khrushchev’s Secret Speech",
            itemType="webpage", websiteTitle="Seventeen Moments in Soviet History", websiteType="Text",
            creators=[{"firstName": "Lewis", "lastName": "Siegelbaum", "creatorType": "author"}],
        ),
    ]  # fmt: skip
    for url, item in expected:
        assert one_item(zotero, url) == item, url


def import_records(zotero: str, text: str) -> list[dict]:
    """POST /import: the items Zotero's import makes of a RIS, BibTeX or CSL-JSON record."""
    request = urllib.request.Request(
        f"{zotero}/import", data=text.encode(), headers={"Content-Type": "text/plain"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def iso_date(value: str) -> str:
    """Zotero's CSL-JSON import writes dates as "November 24, 2026"; the page gives ISO dates."""
    try:
        return datetime.datetime.strptime(value, "%B %d, %Y").date().isoformat()
    except ValueError:
        return value


def test_a_passages_records_import_as_the_item_its_page_gives(zotero, served_site):
    slug = "lenins-severe-methods"
    url = f"{served_site}speech.html#{slug}"
    page_item = one_item(zotero, url)
    page_item.pop("abstractNote")  # the page's description; records carry none
    html = urllib.request.urlopen(f"{served_site}speech.html", timeout=30).read().decode()
    panel = BeautifulSoup(html, "html.parser").find(id=f"cite-{slug}")
    records = {
        form.select_one(".cite-label").get_text(): form.select_one("pre").get_text()
        for form in panel.select(".cite-format")
        if form.select_one("pre")
    }
    assert set(records) == {"BibTeX", "RIS", "CSL-JSON"}
    imported = {}
    for label, text in records.items():
        items = [item for item in import_records(zotero, text) if item["itemType"] != "note"]
        assert len(items) == 1, (label, items)
        item = {key: value for key, value in items[0].items() if key not in VOLATILE}
        item["date"] = iso_date(item.get("date", ""))
        imported[label] = item
    # RIS carries the original date into Extra, the line Zotero reads as CSL's original-date
    assert imported["RIS"] == {**page_item, "extra": "Original Date: 1956"}
    # Zotero's BibTeX import leaves biblatex's origdate out, and its CSL-JSON import original-date
    assert imported["BibTeX"] == page_item
    assert imported["CSL-JSON"] == page_item


PAGES = ["speech.html#p4", "index.html", "how-to-cite.html"] + [
    f"commentary/{name}.html"
    for name in ("haynes-2006", "socialistworld-2016", "fifty-years-ago-2006", "siegelbaum")
]


@pytest.mark.parametrize("page", PAGES)
def test_a_build_without_address_gives_the_same_items_but_for_their_url(
    zotero, served_site, served_local_build, page
):
    published, local = one_item(zotero, served_site + page), one_item(zotero, served_local_build + page)
    assert local.pop("url") == served_local_build + page  # the address it was saved from
    published.pop("url")
    assert local == published
