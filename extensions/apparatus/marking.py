"""Marking lemmata in a passage's doctree: its words split where lemmata begin and end.

The lemmata's offsets are those of the passage's recorded text (white space
collapsed, paragraphs joined by a space); the passage's text nodes are read the
same way, so that each offset finds its text node. Lemmata may overlap or nest:
the text is cut at every boundary and each piece is marked with every lemma
that holds it.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from docutils import nodes

from . import nodes as apparatus_nodes

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from .analyses import NoteGroup

#: Text under these nodes is not the passage's words (numbers, markers and LaTeX labels added by the build).
NOT_WORDS = (
    apparatus_nodes.passage_number,
    nodes.footnote_reference,
    nodes.footnote,
    nodes.label,
    nodes.raw,
)


def words_of(passage: nodes.Element) -> tuple[str, list[tuple[nodes.Text, int]]]:
    """The passage's text as recorded, and for each character the text node and offset it comes from."""
    chars: list[str] = []
    where: list[tuple[nodes.Text, int]] = []
    block = None
    space = False
    for text in passage.findall(nodes.Text):
        if any(isinstance(parent, NOT_WORDS) for parent in _parents(text, passage)):
            continue
        holder = next(p for p in _parents(text, passage) if isinstance(p, nodes.TextElement) or p is passage)
        if block is not None and holder is not block and not isinstance(holder, nodes.Inline):
            space = True
        if not isinstance(holder, nodes.Inline):
            block = holder
        for offset, char in enumerate(str(text)):
            if char.isspace():
                space = bool(chars)
                continue
            if space:
                chars.append(" ")
                where.append((text, offset))
                space = False
            chars.append(char)
            where.append((text, offset))
    return "".join(chars), where


def _parents(node: nodes.Node, top: nodes.Element) -> list[nodes.Element]:
    """The ancestors of *node* up to *top*, nearest first."""
    found = []
    parent = node.parent
    while parent is not None and parent is not top:
        found.append(parent)
        parent = parent.parent
    return found


def lemma_spans(words: str, text: str, groups: Iterable[NoteGroup]) -> list[tuple[int, int, NoteGroup]]:
    """Where each group's lemma stands in *words*, the passage's words as its doctree gives them.

    The lemmata's offsets refer to *text*, the passage's recorded text; where
    the doctree's words differ from it, a lemma is looked for by its words. A
    lemma that cannot be placed is left out. Shared by the HTML's marking and
    the TEI's anchors, so that both mark the same words.
    """
    spans: list[tuple[int, int, NoteGroup]] = []
    for group in groups:
        if group.lemma is None:
            continue
        start, end = group.lemma.start, group.lemma.end
        if words != text:
            start = words.find(group.lemma.text)
            end = start + len(group.lemma.text)
        if 0 <= start < end <= len(words):
            spans.append((start, end, group))
    return spans


def mark(passage: nodes.Element, text: str, groups: Sequence[NoteGroup]) -> dict[int, apparatus_nodes.lemma]:
    """Wrap the words of each group's lemma in ``lemma`` nodes; return each group's last piece, by index.

    *text* is the passage's recorded text, to which the lemmata's offsets refer;
    if the doctree's words differ from it, a lemma is looked for by its words.
    """
    words, where = words_of(passage)
    spans = lemma_spans(words, text, groups)
    cuts: dict[int, set[int]] = {}  # id of a text node: offsets to cut it at
    for start, end, _group in spans:
        node, offset = where[start]
        cuts.setdefault(id(node), set()).add(offset)
        node, offset = where[end - 1]
        cuts.setdefault(id(node), set()).add(offset + 1)
    # a text node wholly inside a lemma (a name the register marks, say) has no cut but is marked too
    inside = {id(where[position][0]) for start, end, _group in spans for position in range(start, end)}
    index = {(id(node), offset): position for position, (node, offset) in enumerate(where)}
    last: dict[int, apparatus_nodes.lemma] = {}
    for node in {id(node): node for node, _offset in where}.values():
        if id(node) not in cuts and id(node) not in inside:
            continue
        raw = str(node)
        bounds = sorted({0, len(raw), *cuts.get(id(node), ())})
        pieces: list[nodes.Node] = []
        for first, after in pairwise(bounds):
            piece = raw[first:after]
            positions = [index[(id(node), o)] for o in range(first, after) if (id(node), o) in index]
            holding = [g for s, e, g in spans if positions and s <= positions[0] < e]
            if not holding:
                pieces.append(nodes.Text(piece))
                continue
            holding.sort(key=lambda g: g.lemma.start - g.lemma.end)  # type: ignore[union-attr]  # widest first
            marked = apparatus_nodes.lemma(
                piece, piece, classes=["lemma"], notes=[g.note_id for g in holding]
            )
            pieces.append(marked)
            for s, e, g in spans:
                if s <= positions[0] < e and positions[-1] == e - 1:
                    last[g.index] = marked
                if s == positions[0]:
                    marked["ids"].append(g.lemma_id)
        node.parent.replace(node, pieces)  # type: ignore[arg-type]
    return last
