"""Transforms: paragraph anchors in articles (reading), notes and back-links (writing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as apparatus_nodes
from .domain import get_domain, normalise
from .records import ParagraphRecord
from .roles import unique_id

if TYPE_CHECKING:
    from .domain import Note
    from .records import ArticleRecord


def document_order(transform: SphinxTransform) -> dict[str, int]:
    """Number the documents in the order of the toctree, from the root document."""
    env = transform.env
    order: dict[str, int] = {}
    pending = [env.config.root_doc]
    while pending:
        docname = pending.pop(0)
        if docname in order:
            continue
        order[docname] = len(order)
        pending[0:0] = env.toctree_includes.get(docname, [])
    return order


class ArticleParagraphs(SphinxTransform):
    """Give each paragraph of an article an anchor (``para-3``) and record its text."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        """Anchor and record the paragraphs of an article; other documents are left alone."""
        domain = get_domain(self.env)
        docname = self.env.docname
        if domain.article_of(docname) is None:
            return
        serial = 0
        for paragraph in self.document.findall(nodes.paragraph):
            if _inside_editorial(paragraph):
                continue
            serial += 1
            anchor = unique_id(self.document, f"para-{serial}")
            paragraph["ids"].append(anchor)
            self.document.ids[anchor] = paragraph
            text = normalise(
                "".join(
                    child.astext()
                    for child in paragraph.findall(nodes.Text)
                    if not isinstance(child.parent, apparatus_nodes.lacuna)
                )
            )
            domain.add_paragraph(ParagraphRecord(docname, anchor, text, serial))


def _inside_editorial(node: nodes.Element) -> bool:
    """Tell whether *node* lies inside an editorial (not transcribed) element."""
    parent = node.parent
    while parent is not None:
        if "editorial" in parent.get("classes", ()):
            return True
        parent = parent.parent
    return False


def citation(transform: SphinxPostTransform, bibkey: str, docname: str, style: str = "t") -> nodes.Node:
    """A citation of *bibkey* for sphinxcontrib-bibtex to format, or the bare key if unknown."""
    cite_domain = transform.env.get_domain("cite")
    entries = cite_domain.bibdata.data.entries  # type: ignore[attr-defined]
    if bibkey not in entries:
        return nodes.literal(bibkey, bibkey)  # warned once, by the consistency check
    xref = addnodes.pending_xref(
        bibkey,
        nodes.inline(bibkey, bibkey),
        refdomain="cite",
        reftype=style,
        reftarget=bibkey,
        refdoc=docname,
        refwarn=True,
    )
    return apparatus_nodes.citation_slot("", xref, bibkey=bibkey, style=style, refdoc=docname)


def slot_key(slot: nodes.Element) -> tuple[str, str, str]:
    """What makes two citations the same: key, style and the page they appear on."""
    return slot["bibkey"], slot["style"], slot["refdoc"]


class ShareCitations(SphinxPostTransform):
    """Leave only the first citation of each source on a page for bibtex to format.

    Formatting a citation is slow (pybtex looks its plugins up each time), and a
    page of notes cites the same few sources many times.
    """

    default_priority = 6  # after the notes are made, before the references resolver

    def run(self, **kwargs: Any) -> None:
        """Empty every citation slot that repeats an earlier one."""
        seen: set[tuple[str, str, str]] = set()
        for slot in self.document.findall(apparatus_nodes.citation_slot):
            key = slot_key(slot)
            if key in seen:
                slot.children = []
            seen.add(key)


class CopyCitations(SphinxPostTransform):
    """Fill the emptied citation slots with copies of the formatted first one."""

    default_priority = 20  # after the references resolver

    def run(self, **kwargs: Any) -> None:
        """Copy formatted citations into empty slots, then unwrap every slot."""
        formatted: dict[tuple[str, str, str], list[nodes.Node]] = {}
        slots = list(self.document.findall(apparatus_nodes.citation_slot))
        for slot in slots:
            key = slot_key(slot)
            if slot.children:
                formatted.setdefault(key, slot.children)
        for slot in slots:
            children = slot.children or [child.deepcopy() for child in formatted.get(slot_key(slot), [])]
            slot.replace_self(children or nodes.Text(slot["bibkey"]))


def anchor_xref(fromdocname: str, todocname: str, anchor: str, content: nodes.Node, title: str) -> nodes.Node:
    """A reference to *anchor* in *todocname* that the domain resolves for each builder."""
    return addnodes.pending_xref(
        "",
        content,
        refdomain="apparatus",
        reftype="anchor",
        reftarget=f"{todocname}#{anchor}",
        reftitle=title,
        refexplicit=True,
        refdoc=fromdocname,
    )


class PassageNotes(SphinxPostTransform):
    """Attach to each passage one footnote per commentary span that bears on it.

    Runs before the references resolver (priority 10) so that the citations it
    adds are formatted by sphinxcontrib-bibtex.
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        """Add the notes after each passage and their markers at its end."""
        domain = get_domain(self.env)
        passages = list(self.document.findall(apparatus_nodes.passage))
        if not passages:
            return
        order = document_order(self)
        records = domain.passage_map()
        counters: dict[str, int] = {}
        for passage in passages:
            record = records.get(passage["passage_id"])
            if record is None or passage["ids"][0] != record.anchor:
                continue
            notes = domain.notes_for(record.passage_id, order)
            if not notes:
                continue
            docname = record.docname
            paragraphs = list(passage.findall(nodes.paragraph))
            holder = nodes.container(classes=["apparatus-notes"])
            holder["ids"].append(f"notes-{record.passage_id}")
            for index, note in enumerate(notes, start=1):
                counters[docname] = counters.get(docname, 0) + 1
                number = str(counters[docname])
                note_id = f"note-{record.passage_id}-{index}"
                ref_id = f"noteref-{record.passage_id}-{index}"
                reference = nodes.footnote_reference(
                    number, number, ids=[ref_id], refid=note_id, docname=docname
                )
                if paragraphs:
                    if index > 1:
                        paragraphs[-1] += apparatus_nodes.note_separator()
                    paragraphs[-1] += reference
                paragraph = self.note_paragraph(note, docname)
                for xref in paragraph.findall(addnodes.pending_xref):
                    xref.source, xref.line = passage.source, passage.line
                footnote = nodes.footnote(
                    "",
                    nodes.label(number, number),
                    paragraph,
                    ids=[note_id],
                    backrefs=[ref_id],
                    docname=docname,
                    classes=["apparatus-note", f"relation-{note.relation}"],
                )
                holder += footnote
            passage.parent.insert(passage.parent.index(passage) + 1, holder)

    def note_paragraph(self, note: Note, docname: str) -> nodes.paragraph:
        """The text of a note: citation, relation, the article's words, a link to them."""
        phrase = self.config.apparatus_relations.get(note.relation, note.relation)
        paragraph = nodes.paragraph()
        paragraph += nodes.inline(note.article.siglum, note.article.siglum, classes=["siglum"])
        paragraph += nodes.Text(" ")
        paragraph += citation(self, note.article.bibkey, docname)
        paragraph += nodes.Text(" ")
        paragraph += nodes.inline(phrase, phrase, classes=["relation"])
        paragraph += nodes.Text(": ")
        quote = f"“{note.text}”"
        paragraph += nodes.inline(quote, quote, classes=["apparatus-quote"])
        paragraph += nodes.Text(" (")
        paragraph += self.link(docname, note.docname, note.anchor, "in context", note.article.title)
        paragraph += nodes.Text(")")
        return paragraph

    def link(self, fromdocname: str, todocname: str, anchor: str, text: str, title: str) -> nodes.Node:
        """A link to *anchor* in *todocname*, for the domain to resolve."""
        return anchor_xref(fromdocname, todocname, anchor, nodes.Text(text), title)


class ArticleBacklinks(SphinxPostTransform):
    """Fill the headnote of an article and put back-links after each of its spans."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        """Add the headnote's citation and the back-links of every span."""
        domain = get_domain(self.env)
        fromdocname = self.env.docname
        for headnote in list(self.document.findall(apparatus_nodes.article_headnote)):
            article = domain.article_of(headnote.get("docname", fromdocname))
            if article is not None:
                paragraph = self.headnote_paragraph(article, fromdocname)
                for xref in paragraph.findall(addnodes.pending_xref):
                    xref.source, xref.line = headnote.source, headnote.line
                headnote += paragraph
        if not self.config.apparatus_backlinks:
            return
        for span in list(self.document.findall(apparatus_nodes.commentary_span)):
            pairs = domain.passages_of_span(span.get("docname", fromdocname), span["ids"][0])
            if not pairs:
                continue
            marks = apparatus_nodes.backlinks(classes=["apparatus-backlinks", "editorial"])
            for index, (relation, record) in enumerate(pairs):
                if index:
                    marks += nodes.Text(", ")
                title = f"{relation} {record.label}"
                marks += anchor_xref(
                    span.get("docname", fromdocname),
                    record.docname,
                    record.anchor,
                    nodes.Text(record.label),
                    title,
                )
            span.parent.insert(span.parent.index(span) + 1, marks)

    def headnote_paragraph(self, article: ArticleRecord, fromdocname: str) -> nodes.paragraph:
        """Siglum and citation of an article, above its text."""
        paragraph = nodes.paragraph()
        paragraph += nodes.Text("Siglum ")
        paragraph += nodes.strong(article.siglum, article.siglum)
        paragraph += nodes.Text(". Source: ")
        paragraph += citation(self, article.bibkey, fromdocname, style="p")
        paragraph += nodes.Text(". Marked spans link back to the passages of the speech they comment on.")
        return paragraph
