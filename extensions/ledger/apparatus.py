"""What the apparatus says about each sentence of an article: the links of the spans in it.

A commentary span (``{on}``) may cover part of a sentence, one sentence or
several; every sentence it touches carries its links. The span's element in
the doctree has the span's anchor as its id, and the apparatus records the
links under that anchor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from apparatus.nodes import commentary_span

from .sentences import Sentence, body_paragraphs, normalise, sentences_of

if TYPE_CHECKING:
    from collections.abc import Mapping

    from docutils import nodes

    from .tables import Links


def sentence_links(doctree: nodes.Node, links_by_anchor: Mapping[str, Links]) -> list[tuple[Sentence, Links]]:
    """Every sentence of the article in *doctree*, with the links of the spans that touch it."""
    found: list[tuple[Sentence, Links]] = []
    for index, paragraph in enumerate(body_paragraphs(doctree), start=1):
        text = normalise(paragraph.astext())
        touched: list[tuple[int, int, Links]] = []
        cursor = 0
        for span in paragraph.findall(commentary_span):
            words = normalise(span.astext())
            start = text.find(words, cursor)
            if start < 0 or not words:
                continue
            cursor = start + len(words)
            links = frozenset().union(*(links_by_anchor.get(anchor, frozenset()) for anchor in span["ids"]))
            touched.append((start, cursor, links))
        for sentence in sentences_of(paragraph, index, text):
            links = frozenset().union(
                *(links for start, end, links in touched if start < sentence.end and end > sentence.start)
            )
            found.append((sentence, links))
    return found
