"""The texts of the edition as TEI: the speech's passages and the articles, from the read doctrees.

The doctrees are the ones Sphinx keeps after reading (``env.get_doctree``), so
the TEI holds what the editors wrote and the read-time transforms found
(mentions, commentary spans, lacunae), never what an output format adds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from apparatus import nodes as apparatus_nodes
from docutils import nodes
from sphinx import addnodes

from . import lemmata
from .xml import append_text, entity_id, local_id, pointers, tei

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from apparatus.analyses import NoteGroup
    from apparatus.records import PassageRecord
    from lxml import etree

#: The TEI element for a mention of each kind of register entity.
NAME_ELEMENTS: dict[str, tuple[str, str]] = {
    "person": ("persName", ""),
    "organisation": ("orgName", ""),
    "place": ("placeName", ""),
    "event": ("name", "event"),
}
#: Inline docutils nodes with the ``rend`` of the ``hi`` that stands for them.
HIGHLIGHTS: dict[type[nodes.Node], str] = {
    nodes.emphasis: "italic",
    nodes.strong: "bold",
    nodes.literal: "code",
}
#: Nodes that are the editors' matter, not the witness's, and are left out of the texts.
EDITORIAL = (
    addnodes.index,
    apparatus_nodes.passage_number,
    apparatus_nodes.article_headnote,
    apparatus_nodes.backlinks,
    nodes.target,
    nodes.comment,
    nodes.system_message,
)


@dataclass
class Context:
    """What a text's conversion needs to know of the rest of the edition."""

    prefix: str  #: The prefix of the ids of this text's elements (its siglum).
    entities: dict[str, str] = field(default_factory=dict)  #: Entity id to kind.
    passage_anchor: Callable[[str], str | None] = lambda _passage_id: None
    #: The notes that point at each element of this text, by the element's own id in the doctree.
    pointed_from: dict[str, list[str]] = field(default_factory=dict)
    #: The anchors of the lemmata to put in the text nodes of the passage being converted.
    milestones: lemmata.Milestones = field(default_factory=dict)


def first_id(node: nodes.Element) -> str:
    """The element's first id in the doctree, or empty."""
    ids = node.get("ids") or []
    return ids[0] if ids else ""


def element_id(node: nodes.Element, context: Context) -> str:
    """The ``xml:id`` of *node* in the TEI: its doctree id under the text's prefix."""
    own = first_id(node)
    return local_id(context.prefix, own) if own else ""


def backlink(node: nodes.Element, context: Context) -> str:
    """The ``@corresp`` of *node*: the notes of the apparatus that point at it."""
    return pointers(context.pointed_from.get(first_id(node), []))


def inline(node: nodes.Node, parent: etree._Element, context: Context) -> None:
    """Convert *node* and its descendants into phrase-level TEI inside *parent*."""
    if isinstance(node, nodes.Text):
        anchors = context.milestones.get(id(node))
        if anchors:
            lemmata.put_anchors(parent, str(node), anchors)
        else:
            append_text(parent, node.astext())
        return
    if isinstance(node, EDITORIAL) or not isinstance(node, nodes.Element):
        return
    target = parent
    if isinstance(node, apparatus_nodes.lacuna):
        gap = tei("gap", parent, reason="lost")
        tei("desc", gap, node.get("title", ""))
        return
    if isinstance(node, apparatus_nodes.fact_marker):
        tei("anchor", parent, xml_id=element_id(node, context), type_="fact", corresp=backlink(node, context))
        return
    if node.tagname == "mention":
        kind = context.entities.get(node.get("entity", ""))
        if kind is None:
            target = parent
        else:
            tag, type_ = NAME_ELEMENTS[kind]
            target = tei(tag, parent, type_=type_, ref=f"#{entity_id(node['entity'])}")
    elif isinstance(node, apparatus_nodes.commentary_span):
        target = tei(
            "seg",
            parent,
            xml_id=element_id(node, context),
            type_="commented",
            corresp=backlink(node, context),
        )
    elif isinstance(node, addnodes.pending_xref) and node.get("reftype") == "passage":
        anchor = context.passage_anchor(node.get("reftarget", ""))
        target = tei("ref", parent, target=f"#{anchor}") if anchor else parent
    elif isinstance(node, nodes.reference) and node.get("refuri", "").startswith(("http://", "https://")):
        target = tei("ref", parent, target=node["refuri"])
    elif type(node) in HIGHLIGHTS:
        target = tei("hi", parent, rend=HIGHLIGHTS[type(node)])
    for child in node.children:
        inline(child, target, context)


def block(node: nodes.Node, parent: etree._Element, context: Context) -> None:
    """Convert a block-level *node* into TEI inside *parent* (a ``body``, ``div`` or ``quote``)."""
    if isinstance(node, EDITORIAL) or not isinstance(node, nodes.Element):
        return
    if isinstance(node, nodes.section):
        div = tei("div", parent, type_="section", xml_id=element_id(node, context))
        for child in node.children:
            block(child, div, context)
    elif isinstance(node, nodes.title):
        head = tei("head", parent)
        for child in node.children:
            inline(child, head, context)
    elif isinstance(node, nodes.paragraph):
        p = tei("p", parent, xml_id=element_id(node, context), corresp=backlink(node, context))
        if "standfirst" in node.get("classes", []):
            p.set("rend", "standfirst")
        for child in node.children:
            inline(child, p, context)
    elif isinstance(node, nodes.block_quote):
        quote = tei("quote", parent)
        for child in node.children:
            block(child, quote, context)
    elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
        items = tei("list", parent)
        for item in node.children:
            entry = tei("item", items)
            for child in item.children:
                if isinstance(child, nodes.paragraph):
                    for grandchild in child.children:
                        inline(grandchild, entry, context)
    else:
        for child in node.children:
            block(child, parent, context)


def article_body(doctree: nodes.document, body: etree._Element, context: Context) -> None:
    """Fill *body* with an article: its title as ``head``, its paragraphs, its sections as ``div``."""
    top = next(iter(doctree.findall(nodes.section)), None)
    for child in top.children if top is not None else doctree.children:
        block(child, body, context)


def passage_div(
    node: apparatus_nodes.passage,
    record: PassageRecord,
    parent: etree._Element,
    context: Context,
    groups: Sequence[NoteGroup] = (),
    notes: dict[int, list[str]] | None = None,
) -> dict[int, lemmata.Target]:
    """A passage of the speech as ``div type="passage"``: numbered with ``@n``, the heading as ``head``.

    The lemmata of *groups* are marked in its words (``seg``, or anchors where
    they cannot be wrapped); the notes' targets are returned by the groups' index.
    *notes* gives the ids of the notes on each lemma, for the lemma to point back.
    """
    numbered = record.number is not None
    div = tei("div", parent, type_="passage", n=str(record.number) if numbered else "", xml_id=record.anchor)
    context = replace(context, milestones=lemmata.milestones(node, record.text, groups))
    for child in node.children:
        if not isinstance(child, nodes.paragraph):
            block(child, div, context)
            continue
        element = tei("p" if numbered else "head", div)
        for grandchild in child.children:
            inline(grandchild, element, context)
    return lemmata.enclose(div, groups, notes or {})
