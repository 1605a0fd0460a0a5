"""Check every internal link of a built site or EPUB: the file it names exists, and so does its anchor.

One checker for both outputs. A website is a folder of ``.html`` pages; an EPUB is a zip
of ``.xhtml`` documents, which must also be well-formed XML (a strict reading system
refuses a page that is not). Links that leave the output (``http:``, ``mailto:`` …) are
not followed: they are another tool's concern.
"""

from __future__ import annotations

import posixpath
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

#: Attributes that hold a link, by element.
LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "source": ("src",),
    "iframe": ("src",),
    # The EPUB's package and its NCX table of contents.
    "item": ("href",),
    "reference": ("href",),
    "content": ("src",),
}
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
PAGE_SUFFIXES = (".html", ".xhtml")
PACKAGE_SUFFIXES = (".opf", ".ncx")


@dataclass(frozen=True)
class Problem:
    """One link that does not land, or one page that cannot be read."""

    page: str
    line: int | None
    link: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.page}:{self.line}" if self.line else self.page
        return f"{where}: {self.link}: {self.reason}"


@dataclass
class Page:
    """What the checker needs of one page: the anchors it defines and the links it makes."""

    ids: set[str]
    links: list[tuple[int | None, str]]


def local_name(tag: object) -> str:
    """The element's name without its namespace (comments and processing instructions give '')."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def read_page(data: bytes, *, xml: bool) -> Page:
    """The ids and links of one page; an XHTML page is parsed as XML, so that it must be well-formed."""
    if xml:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    else:
        root = lxml_html.document_fromstring(data)
    ids: set[str] = set()
    links: list[tuple[int | None, str]] = []
    for element in root.iter():
        name = local_name(element.tag)
        if not name:
            continue
        for attribute in ("id", "name" if name == "a" else None):
            if attribute and element.get(attribute):
                ids.add(element.get(attribute))
        for attribute in LINK_ATTRIBUTES.get(name, ()):
            if element.get(attribute) is not None:
                links.append((element.sourceline, element.get(attribute)))
        if element.get(XLINK_HREF) is not None:
            links.append((element.sourceline, element.get(XLINK_HREF)))
    return Page(ids, links)


def check(files: dict[str, bytes], *, xml: bool = False) -> list[Problem]:
    """Check the links of every page in *files* (paths relative to the output's root, with '/')."""
    problems: list[Problem] = []
    pages: dict[str, Page] = {}
    for path, data in files.items():
        if path.endswith(PAGE_SUFFIXES) or (xml and path.endswith(PACKAGE_SUFFIXES)):
            try:
                pages[path] = read_page(data, xml=xml)
            except etree.XMLSyntaxError as error:
                problems.append(Problem(path, error.lineno, "", f"not well-formed: {error.msg}"))
    for path, page in sorted(pages.items()):
        for line, link in page.links:
            reason = check_link(path, link, files, pages)
            if reason:
                problems.append(Problem(path, line, link, reason))
    return problems


def check_link(page: str, link: str, files: dict[str, bytes], pages: dict[str, Page]) -> str | None:
    """Why *link* on *page* does not land, or None when it does."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None if parts.scheme in {"http", "https", "mailto", "data"} else "unexpected scheme"
    path = unquote(parts.path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if target.endswith("/"):
        target += "index.html"
    if target not in files:
        if target + "/index.html" in files:
            target += "/index.html"
        else:
            return "no such file"
    if not parts.fragment:
        return None
    if target not in pages:
        return "a fragment in a file that is not a page"
    if unquote(parts.fragment) not in pages[target].ids:
        return "no such anchor"
    return None


def site_files(folder: Path) -> dict[str, bytes]:
    """Every file of a built website, by its path inside the site."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and not path.relative_to(folder).parts[0].startswith(".")
    }


def epub_files(epub: Path) -> dict[str, bytes]:
    """Every file of an EPUB's content, by its path inside the container."""
    with zipfile.ZipFile(epub) as book:
        return {name: book.read(name) for name in book.namelist() if not name.endswith("/")}


def check_site(folder: Path) -> list[Problem]:
    """The problems of a built website (HTML pages parsed as HTML)."""
    return check(site_files(folder), xml=False)


def check_epub(epub: Path) -> list[Problem]:
    """The problems of an EPUB (XHTML documents parsed as XML)."""
    return check(epub_files(epub), xml=True)


def main(argv: list[str]) -> int:
    """Check the sites and EPUBs named on the command line; print one line per problem."""
    problems: list[Problem] = []
    for argument in argv:
        path = Path(argument)
        problems += check_epub(path) if path.suffix == ".epub" else check_site(path)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
