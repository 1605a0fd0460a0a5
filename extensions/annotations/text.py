"""The text content of a built page, the string that the annotations' selectors count in.

The text is what a browser's ``textContent`` gives for the page's element with
``role="main"``, the note markers left out: every text node under it, in
document order, nothing added between elements, except the text of the note
markers (``a.footnote-reference``, ``[2]``). The markers are the apparatus's,
not the text's: they stand after each lemma, so inside the words of any lemma
that holds another and of any passage with notes, and an ``exact`` holding
them would no longer be the words the note bears on. Character references are
decoded, line breaks normalised to LF and a line feed right after ``<pre>``
dropped, as a browser's HTML parser does (libxml2, which reads the page here,
keeps that line feed).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from lxml import html as lxml_html

#: A run of characters other than white space, or a run of white space (``\s`` is ``str.isspace``).
WORDS_OR_SPACE = re.compile(r"\S+|\s+")
#: Elements after whose start tag an HTML parser drops one line feed.
LEADING_NEWLINE = frozenset({"pre", "listing", "textarea"})


class Words(NamedTuple):
    """Where some words stand in a page's text: ``text[start:end]`` is ``exact``."""

    start: int
    end: int
    exact: str


@dataclass
class PageText:
    """A page's text content (note markers left out), and where each element with an id stands in it."""

    text: str
    spans: dict[str, tuple[int, int]]
    #: Each element's text with runs of white space made one space, and where each of its characters
    #: stands in ``text``: made once per element, which the notes on one passage all search.
    _clean: dict[str, tuple[str, list[int]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def find(self, element_id: str, words: str, start_id: str = "") -> Words | None:
        """Find *words* in the element *element_id*, runs of white space aside.

        Where *start_id* names an element inside it (a lemma's first words, as the
        page marks them), the words are taken where that element begins; else at
        their first occurrence as whole words, else at their first occurrence.
        ``exact`` is the words as the page's text has them.
        """
        if element_id not in self.spans:
            return None
        wanted = re.sub(r"\s+", " ", words).strip()
        if not wanted:
            return None
        clean, where = self.clean(element_id)
        found = self._locate(clean, where, wanted, start_id)
        if found is None:
            return None
        first, last = where[found], where[found + len(wanted) - 1] + 1
        return Words(first, last, self.text[first:last])

    def clean(self, element_id: str) -> tuple[str, list[int]]:
        """The text of *element_id* with each run of white space one space, and each character's offset."""
        if element_id not in self._clean:
            start, end = self.spans[element_id]
            clean: list[str] = []
            where: list[int] = []
            for run in WORDS_OR_SPACE.finditer(self.text, start, end):
                if not run.group().isspace():
                    clean.append(run.group())
                    where.extend(range(run.start(), run.end()))
                elif clean:
                    clean.append(" ")
                    where.append(run.start())
            self._clean[element_id] = ("".join(clean), where)
        return self._clean[element_id]

    def _locate(self, clean: str, where: list[int], wanted: str, start_id: str) -> int | None:
        """Where *wanted* begins in *clean*: at the element *start_id*, else as whole words, else anywhere."""
        if start_id in self.spans:
            at = bisect_left(where, self.spans[start_id][0])
            if clean.startswith(wanted, at):
                return at
        whole = re.search(r"(?<!\w)" + re.escape(wanted) + r"(?!\w)", clean)
        if whole is not None:
            return whole.start()
        found = clean.find(wanted)
        return found if found >= 0 else None


class _Collector:
    """The text under one element (the note markers aside) and where each element with an id stands in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.opened: dict[str, int] = {}
        self.spans: dict[str, tuple[int, int]] = {}

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)

    def walk(self, element: Any, in_marker: bool = False) -> None:
        """Collect *element*'s text content, its descendants' in document order (tails included)."""
        if not isinstance(element.tag, str):
            return  # a comment or a processing instruction holds no text (its tail is its parent's)
        in_marker = in_marker or (element.tag == "a" and "footnote-reference" in element.classes)
        element_id = element.get("id")
        if element_id and element_id not in self.opened:
            self.opened[element_id] = self.length
        text = element.text
        if text and element.tag in LEADING_NEWLINE and text.startswith("\n"):
            text = text[1:]
        if not in_marker:
            self.add(text)
        for child in element:
            self.walk(child, in_marker)
            if not in_marker:
                self.add(child.tail)
        if element_id and element_id not in self.spans:
            self.spans[element_id] = (self.opened[element_id], self.length)


def page_text(html: str) -> PageText:
    """Read the text content of the ``role="main"`` element of the page *html*, the note markers left out.

    libxml2 (through lxml) parses the page: Python's own HTML parser, which calls
    back into Python for every tag, took longer than the rest of the annotations.
    """
    root = lxml_html.document_fromstring(html.replace("\r\n", "\n").replace("\r", "\n"))
    main = next(iter(root.xpath('//*[@role="main"]')), None)
    collector = _Collector()
    if main is not None:
        collector.walk(main)
    return PageText("".join(collector.parts), collector.spans)
