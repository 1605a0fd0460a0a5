"""The lemmata of the notes in the passages: a ``seg`` where the words can be wrapped, else two anchors.

A note bears on some words of its passage (its lemma, with offsets in the
passage's recorded text). The words are found in the passage's doctree by the
same reading of its text nodes as the HTML's marking
(:func:`apparatus.marking.words_of`), and the conversion to TEI puts an empty
``anchor`` at each lemma's start and end. Once the passage is converted, each
pair that can enclose its words without crossing an element becomes one
``seg type="lemma"``: nested lemmata nest as ``seg`` in ``seg``. A lemma whose
words cross an element boundary or another lemma's ``seg`` keeps its two
anchors, and its note points at both (``@target`` and ``@targetEnd``, the TEI
Guidelines' double-endpoint attachment). The ``seg``, or the first anchor,
takes the id of the lemma's first words on the HTML page (``lemma-<passage>-<k>``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from apparatus import marking
from lxml import etree

from .xml import TEI_NS, XML_ID, append_text, pointers, tei

if TYPE_CHECKING:
    from collections.abc import Iterable

    from apparatus.analyses import NoteGroup
    from docutils import nodes

#: The ``@type`` of the elements that mark a lemma.
LEMMA_TYPE = "lemma"
#: Phrase-level elements that an anchor standing at their very start or end may step out of,
#: so that a lemma beginning or ending with a name can still be wrapped whole.
PHRASES = frozenset({"persName", "orgName", "placeName", "name", "hi", "ref"})

#: For each text node of a passage's doctree (by ``id``): the anchors to put in its text,
#: as (offset, sort key, xml:id), sorted.
Milestones = dict[int, list[tuple[int, tuple[int, int], str]]]


class Target(NamedTuple):
    """Where a note points in the TEI: one element, or the anchors at a range's two ends."""

    target: str
    target_end: str = ""


def start_id(group: NoteGroup) -> str:
    """The id of the lemma's ``seg`` or first anchor: the id of its first words on the HTML page."""
    return group.lemma_id


def end_id(group: NoteGroup) -> str:
    """The id of the anchor after the lemma's last word."""
    return f"{group.lemma_id}-end"


def milestones(passage: nodes.Element, text: str, groups: Iterable[NoteGroup]) -> Milestones:
    """Where in *passage*'s text nodes each lemma of *groups* starts and ends.

    *text* is the passage's recorded text, to which the lemmata's offsets
    refer. At one offset the ends come before the starts, an inner lemma's end
    before an outer one's and an outer lemma's start before an inner one's, so
    that the anchors nest wherever the lemmata do.
    """
    words, where = marking.words_of(passage)
    found: Milestones = {}
    for start, end, group in marking.lemma_spans(words, text, groups):
        node, offset = where[start]
        found.setdefault(id(node), []).append((offset, (1, -end), start_id(group)))
        node, offset = where[end - 1]
        found.setdefault(id(node), []).append((offset + 1, (0, -start), end_id(group)))
    for anchors in found.values():
        anchors.sort()
    return found


def put_anchors(parent: etree._Element, text: str, anchors: list[tuple[int, tuple[int, int], str]]) -> None:
    """Add *text* at the end of *parent*'s content, with an empty ``anchor`` at each of the offsets."""
    position = 0
    for offset, _key, xml_id in anchors:
        append_text(parent, text[position:offset])
        tei("anchor", parent, xml_id=xml_id, type_=LEMMA_TYPE)
        position = offset
    append_text(parent, text[position:])


def local_name(element: etree._Element) -> str:
    """The element's name without its namespace."""
    return etree.QName(element).localname


def step_out_before(anchor: etree._Element) -> None:
    """Move *anchor* out of the phrase elements it opens, to just before them (same place in the text)."""
    while True:
        parent = anchor.getparent()
        if parent is None or local_name(parent) not in PHRASES or parent.text or parent.index(anchor):
            return
        parent.text, anchor.tail = anchor.tail, None
        parent.addprevious(anchor)


def step_out_after(anchor: etree._Element) -> None:
    """Move *anchor* out of the phrase elements it closes, to just after them (same place in the text)."""
    while True:
        parent = anchor.getparent()
        if parent is None or local_name(parent) not in PHRASES or anchor.tail or parent[-1] is not anchor:
            return
        tail, parent.tail = parent.tail, None
        parent.addnext(anchor)
        anchor.tail = tail


def drop(element: etree._Element) -> None:
    """Remove an empty *element*, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def wrap(start: etree._Element, end: etree._Element, xml_id: str, corresp: str) -> etree._Element:
    """Replace the sibling anchors *start* and *end* by a ``seg`` holding what stands between them."""
    parent = start.getparent()
    seg = etree.Element(f"{{{TEI_NS}}}seg")
    seg.set("type", LEMMA_TYPE)
    seg.set(XML_ID, xml_id)
    if corresp:
        seg.set("corresp", corresp)
    seg.text = start.tail
    node = start.getnext()
    while node is not None and node is not end:
        following = node.getnext()
        seg.append(node)  # its tail goes with it
        node = following
    seg.tail = end.tail
    index = parent.index(start)
    parent.remove(start)
    parent.remove(end)
    parent.insert(index, seg)
    return seg


def enclose(
    div: etree._Element, groups: Iterable[NoteGroup], notes: dict[int, list[str]]
) -> dict[int, Target]:
    """Make each lemma's anchors in *div* a ``seg`` where they can enclose its words; the notes' targets.

    *notes* gives the ids of the notes on each lemma (by the group's index), for
    the ``@corresp`` that points back from the lemma. A lemma whose anchors
    went missing (its words stand in matter the TEI leaves out) is dropped, and
    its notes point at the passage.
    """
    anchors = {element.get(XML_ID): element for element in div.iter(f"{{{TEI_NS}}}anchor")}
    targets: dict[int, Target] = {}
    keyed = [group for group in groups if group.lemma is not None]
    for group in sorted(keyed, key=lambda g: (g.lemma.start, -g.lemma.end)):  # type: ignore[union-attr]
        start, end = anchors.get(start_id(group)), anchors.get(end_id(group))
        if start is None or end is None:
            for element in (start, end):
                if element is not None:
                    drop(element)
            continue
        corresp = pointers(notes.get(group.index, []))
        if start.getparent() is not end.getparent():
            step_out_before(start)
            step_out_after(end)
        if start.getparent() is end.getparent():
            wrap(start, end, start_id(group), corresp)
            targets[group.index] = Target(f"#{start_id(group)}")
        else:
            if corresp:
                start.set("corresp", corresp)
            targets[group.index] = Target(f"#{start_id(group)}", f"#{end_id(group)}")
    return targets
