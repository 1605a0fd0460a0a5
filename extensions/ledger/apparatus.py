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


def sentence_anchors(doctree: nodes.Node) -> list[tuple[Sentence, frozenset[str]]]:
    """Every sentence of the article in *doctree*, with the anchors of the spans that touch it."""
    found: list[tuple[Sentence, frozenset[str]]] = []
    for index, paragraph in enumerate(body_paragraphs(doctree), start=1):
        text = normalise(paragraph.astext())
        touched: list[tuple[int, int, frozenset[str]]] = []
        cursor = 0
        for span in paragraph.findall(commentary_span):
            words = normalise(span.astext())
            start = text.find(words, cursor)
            if start < 0 or not words:
                continue
            cursor = start + len(words)
            touched.append((start, cursor, frozenset(span["ids"])))
        for sentence in sentences_of(paragraph, index, text):
            anchors = frozenset().union(
                *(anchors for start, end, anchors in touched if start < sentence.end and end > sentence.start)
            )
            found.append((sentence, anchors))
    return found


def links_of(anchors: frozenset[str], links_by_anchor: Mapping[str, Links]) -> Links:
    """The links of the spans at *anchors*, together."""
    return frozenset().union(*(links_by_anchor.get(anchor, frozenset()) for anchor in anchors))


def sentence_links(doctree: nodes.Node, links_by_anchor: Mapping[str, Links]) -> list[tuple[Sentence, Links]]:
    """Every sentence of the article in *doctree*, with the links of the spans that touch it."""
    return [(sentence, links_of(anchors, links_by_anchor)) for sentence, anchors in sentence_anchors(doctree)]
