"""The text content of a built page, the string that the annotations' selectors count in.

The text is what a browser's ``textContent`` gives for the page's element with
``role="main"``, the note markers left out: every text node under it, in
document order, nothing added between elements, except the text of the note
markers (``a.footnote-reference``, ``[2]``). The markers are the apparatus's,
not the text's: they stand after each lemma, so inside the words of any lemma
that holds another and of any passage with notes, and an ``exact`` holding
them would no longer be the words the note bears on. Character references are
decoded, line breaks normalised to LF and a line feed right after ``<pre>``
dropped, as an HTML parser does.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import NamedTuple

#: Elements without an end tag: they never enclose text.
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
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

    def find(self, element_id: str, words: str, start_id: str = "") -> Words | None:
        """Find *words* in the element *element_id*, runs of white space aside.

        Where *start_id* names an element inside it (a lemma's first words, as the
        page marks them), the words are taken where that element begins; else at
        their first occurrence as whole words, else at their first occurrence.
        ``exact`` is the words as the page's text has them.
        """
        if element_id not in self.spans:
            return None
        start, end = self.spans[element_id]
        clean: list[str] = []
        where: list[int] = []
        for index in range(start, end):
            char = self.text[index]
            if char.isspace():
                if not clean or clean[-1] == " ":
                    continue
                char = " "
            clean.append(char)
            where.append(index)
        wanted = re.sub(r"\s+", " ", words).strip()
        if not wanted:
            return None
        found = self._locate("".join(clean), where, wanted, start_id)
        if found is None:
            return None
        first, last = where[found], where[found + len(wanted) - 1] + 1
        return Words(first, last, self.text[first:last])

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


class _Reader(HTMLParser):
    """Collect the text under the ``role="main"`` element (markers aside) and the extent of its elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.stack: list[tuple[str, str | None, bool]] = []  #: (tag, id, is marker)
        self.opened: dict[str, int] = {}
        self.spans: dict[str, tuple[int, int]] = {}
        self.depth: int | None = None  #: Depth of the main element while inside it.
        self.done = False
        self.skip_newline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip_newline = False
        if tag in VOID or self.done:
            return
        attributes = dict(attrs)
        if self.depth is None and attributes.get("role") == "main":
            self.depth = len(self.stack)
        classes = (attributes.get("class") or "").split()
        in_marker = bool(self.stack and self.stack[-1][2]) or (tag == "a" and "footnote-reference" in classes)
        element_id = attributes.get("id") if self.depth is not None else None
        self.stack.append((tag, element_id, in_marker))
        if element_id and element_id not in self.opened:
            self.opened[element_id] = self.length
        self.skip_newline = tag in LEADING_NEWLINE

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self.skip_newline = False
        if self.done or not any(open_tag == tag for open_tag, _, _ in self.stack):
            return
        while self.stack:
            open_tag, element_id, _ = self.stack.pop()
            if element_id and element_id in self.opened and element_id not in self.spans:
                self.spans[element_id] = (self.opened[element_id], self.length)
            if self.depth is not None and len(self.stack) == self.depth:
                self.done = True
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skip_newline and data.startswith("\n"):
            data = data[1:]
        self.skip_newline = False
        if self.depth is None or self.done or not data:
            return
        if self.stack and self.stack[-1][2]:
            return  # a note marker's text
        self.parts.append(data)
        self.length += len(data)


def page_text(html: str) -> PageText:
    """Read the text content of the ``role="main"`` element of the page *html*, the note markers left out."""
    reader = _Reader()
    reader.feed(html.replace("\r\n", "\n").replace("\r", "\n"))
    reader.close()
    return PageText("".join(reader.parts), reader.spans)
