"""The sentences of an article's body: the units the ledger records a decision for.

A sentence is found by a plain rule rather than a language model, so that the
same text always gives the same sentences: it ends at ``.``, ``!``, ``?`` or an
elision mark (with any closing quotation mark or bracket after it) when the next
word begins with a capital, a digit or an opening quotation mark, except after an
initial (``V.``) or a common abbreviation, and never inside a quotation in
double quotation marks (the sentence that quotes goes on after it). The rule is published in the
annotation guide, so that a reader of the ledger can check a division.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils import nodes

#: Words after which a full stop does not end a sentence.
ABBREVIATIONS = ("Mr", "Mrs", "Dr", "St", "Gen", "Col", "Lt", "No", "vol", "cf", "e.g", "i.e", "etc", "c")

_END_RE = re.compile(r"[.!?…]+[”’\"')\]]*(?=\s+[A-Z0-9“‘\"'(\[])")
_ABBREVIATED = "|".join(re.escape(word) for word in ABBREVIATIONS)
_ABBREVIATION_RE = re.compile(rf"(?:^|[\s(“‘])(?:[A-Z]|{_ABBREVIATED})\.$")


class Sentence(NamedTuple):
    """One sentence of a paragraph, with where the paragraph stands."""

    #: The paragraph's anchor in its page (``para-12``).
    paragraph: str
    #: Its place in the paragraph, from 1.
    number: int
    #: The words, with white space made single.
    text: str
    #: Where it starts and ends in the paragraph's normalised text.
    start: int
    end: int
    #: The source line of the paragraph, when docutils knows it.
    line: int | None


def normalise(text: str) -> str:
    """Make every run of white space a single space, and trim the ends."""
    return " ".join(text.split())


def split(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each sentence of *text*, which must be normalised."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END_RE.finditer(text):
        if match.group().startswith(".") and _ABBREVIATION_RE.search(text[start : match.start() + 1]):
            continue
        if text.count("“", start, match.end()) > text.count("”", start, match.end()):
            continue  # inside a quotation: the quoting sentence goes on after it
        spans.append((start, match.end()))
        start = match.end() + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def body_paragraphs(doctree: nodes.Node) -> Iterator[nodes.paragraph]:
    """The paragraphs of an article's text, without the editor's own (class ``editorial``)."""
    from docutils import nodes as docutils_nodes

    for paragraph in doctree.findall(docutils_nodes.paragraph):
        if any("editorial" in ancestor.get("classes", ()) for ancestor in _ancestors(paragraph)):
            continue
        yield paragraph


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    while node is not None:
        if hasattr(node, "get"):
            yield node
        node = node.parent


def sentences_of(paragraph: nodes.paragraph, index: int, text: str) -> list[Sentence]:
    """The sentences of *paragraph* (the *index*-th of its article), whose normalised text is *text*."""
    anchor = next(iter(paragraph["ids"]), f"para-{index}")
    return [
        Sentence(anchor, number, text[start:end], start, end, paragraph.line)
        for number, (start, end) in enumerate(split(text), start=1)
    ]


def sentences(doctree: nodes.Node) -> list[Sentence]:
    """Every sentence of the article in *doctree*, in reading order."""
    found: list[Sentence] = []
    for index, paragraph in enumerate(body_paragraphs(doctree), start=1):
        found.extend(sentences_of(paragraph, index, normalise(paragraph.astext())))
    return found
