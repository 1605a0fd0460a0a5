"""Write-phase post-transforms: the notes on passages and facts, back-links, listings, LaTeX targets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from documents import anchor_xref, document_order
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from toolkit.editorial import EDITORIAL

from . import lemmata, marking, quotations
from . import nodes as apparatus_nodes
from .analyses import note_key
from .citations import citation
from .domain import get_domain

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .analyses import Note, NoteGroup, NoteKey, Quotation
    from .domain import ApparatusDomain
    from .records import ArticleRecord, PassageRecord


class ParagraphTargets(SphinxPostTransform):
    """Give the paragraph anchors of the articles a target that LaTeX writes.

    HTML puts a paragraph's ids on its ``<p>``; Sphinx's LaTeX writer drops
    them, so the sigla that link to a paragraph (``para-3``) would lead nowhere
    in the PDF. A target at the start of the paragraph, which LaTeX writes as a
    label, takes the link where the HTML link goes.
    """

    default_priority = 30  # after the notes and their links are made and resolved
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Move each recorded paragraph anchor to a target at the start of its paragraph."""
        anchors = {(record.docname, record.anchor) for record in get_domain(self.env).paragraphs}
        if not anchors:
            return
        for paragraph, docname in list(_paragraphs_with_docnames(self.document, self.env.docname)):
            ids = [node_id for node_id in paragraph["ids"] if (docname, node_id) in anchors]
            if ids:
                paragraph["ids"] = [node_id for node_id in paragraph["ids"] if node_id not in ids]
                paragraph.insert(0, nodes.target("", "", ids=ids))


def _paragraphs_with_docnames(node: nodes.Element, docname: str) -> Iterator[tuple[nodes.paragraph, str]]:
    """Each paragraph under *node* with the document it comes from.

    The LaTeX builder inlines every document into one tree under
    ``start_of_file`` nodes, whose children keep their old parents; so the tree
    is walked down from the top rather than up from each paragraph.
    """
    for child in node.children:
        if not isinstance(child, nodes.Element):
            continue
        if isinstance(child, addnodes.start_of_file):
            yield from _paragraphs_with_docnames(child, child["docname"])
            continue
        if isinstance(child, nodes.paragraph):
            yield child, docname
        yield from _paragraphs_with_docnames(child, docname)


class FactNotes(SphinxPostTransform):
    """Call an editorial note on a disputed fact after each source's reading, and list the readings.

    The notes are numbered with the page's other footnotes (LaTeX wants numbers);
    they run first, so that the apparatus notes continue their numbering.
    """

    default_priority = 4

    def run(self, **kwargs: Any) -> None:
        """Turn markers into footnotes and placeholders into lists of readings."""
        domain = get_domain(self.env)
        order = document_order(self.env)
        counters: dict[str, int] = {}
        placed: dict[int, int] = {}
        for marker in list(self.document.findall(apparatus_nodes.fact_marker)):
            docname = marker.get("docname", self.env.docname)
            fact = domain.fact(marker["key"])
            if fact is None:
                marker.parent.remove(marker)
                continue  # warned by the consistency check
            counters[docname] = counters.get(docname, 0) + 1
            label = str(counters[docname])
            note_id, ref_id = f"factnote-{marker['ids'][0]}", f"factref-{marker['ids'][0]}"
            reference = nodes.footnote_reference(label, label, ids=[ref_id], refid=note_id, docname=docname)
            target = nodes.target("", "", ids=marker["ids"])
            marker.replace_self([target, reference])
            paragraph = nodes.paragraph()
            paragraph += nodes.Text(f"Editorial note on {fact.label}. The sources read: ")
            paragraph += self.readings(domain, fact.key, docname, order)
            footnote = make_footnote(label, paragraph, note_id, ref_id, docname, ["fact-note", EDITORIAL])
            block = reference.parent
            while not isinstance(block.parent, (nodes.section, nodes.document, apparatus_nodes.passage)):
                block = block.parent
            holder = block.parent
            placed[id(block)] = placed.get(id(block), 0) + 1  # keep the notes in the order they are called
            holder.insert(holder.index(block) + placed[id(block)], footnote)
        for placeholder in list(self.document.findall(apparatus_nodes.fact_list)):
            fact = domain.fact(placeholder["key"])
            paragraph = nodes.paragraph(classes=["fact-readings"])
            if fact is not None:
                paragraph += nodes.strong(fact.label, fact.label[:1].upper() + fact.label[1:])
                paragraph += nodes.Text(". ")
                paragraph += self.readings(domain, fact.key, self.env.docname, order)
            placeholder.replace_self(paragraph)

    def readings(
        self, domain: ApparatusDomain, key: str, fromdocname: str, order: dict[str, int]
    ) -> list[nodes.Node]:
        """Each source's reading: siglum (a link to the place) and the source's own words."""
        result: list[nodes.Node] = []
        for index, reading in enumerate(domain.readings_of(key, order)):
            if index:
                result.append(nodes.Text("; "))
            siglum = domain.siglum_of(reading.docname)
            result.append(
                anchor_xref(
                    "apparatus",
                    fromdocname,
                    f"{reading.docname}#{reading.anchor}",
                    nodes.inline(siglum, siglum, classes=["siglum"]),
                    "",
                )
            )
            result.append(nodes.Text(f" “{reading.text}”"))
        result.append(nodes.Text("."))
        return result


def make_footnote(
    label: str, paragraph: nodes.paragraph, note_id: str, ref_id: str, docname: str, classes: list[str]
) -> nodes.footnote:
    """A footnote as every writer renders it natively (LaTeX wants its ``docname``)."""
    return nodes.footnote(
        "",
        nodes.label(label, label),
        paragraph,
        ids=[note_id],
        backrefs=[ref_id],
        docname=docname,
        classes=classes,
    )


def footnote_counts(document: nodes.document) -> dict[str, int]:
    """How many footnotes each document already has in *document* (to number on from there)."""
    counts: dict[str, int] = {}
    for footnote in document.findall(nodes.footnote):
        docname = footnote.get("docname", "")
        counts[docname] = counts.get(docname, 0) + 1
    return counts


def variant_block(
    record: PassageRecord, quoted: list[Quotation], order: dict[str, int]
) -> nodes.Element | None:
    """The second apparatus series of a passage: how the commentary quotes it.

    Each variant is an entry ``lemma ] reading SIGLUM``; quotations without a
    variant are listed after them.
    """
    mine = passage_quotations(record, quoted, order)
    if not mine:
        return None
    block = nodes.container(classes=["apparatus-variants", EDITORIAL], ids=[f"variants-{record.passage_id}"])
    letters = iter("abcdefghijklmnopqrstuvwxyz")
    for quotation in mine:
        if quotation.kind != quotations.VARIANT:
            continue
        for variant in quotation.alignment.variants:  # type: ignore[union-attr]
            entry = nodes.paragraph(classes=["variant-entry"])
            letter = next(letters, "")
            entry += nodes.inline(letter, letter, classes=["variant-letter"])
            entry += nodes.Text(" ")
            entry += nodes.inline(variant.lemma, variant.lemma, classes=["lemma"])
            entry += nodes.Text(" ] ")
            entry += nodes.inline(variant.reading, variant.reading, classes=["reading"])
            entry += nodes.Text(" ")
            entry += siglum_link(record.docname, quotation)
            block += entry
    exact = [q for q in mine if q.kind == quotations.EXACT]
    if exact:
        entry = nodes.paragraph(classes=["variant-entry", "quoted-exactly"])
        entry += nodes.Text("Quoted without variant: ")
        for index, quotation in enumerate(exact):
            if index:
                entry += nodes.Text("; ")
            entry += nodes.Text(f"“{quotation.text}” ")
            entry += siglum_link(record.docname, quotation)
        block += entry
    return block


def passage_quotations(
    record: PassageRecord, quoted: list[Quotation], order: dict[str, int]
) -> list[Quotation]:
    """The quotations aligned with a passage, in the order of the articles and of their words."""
    return sorted(
        (q for q in quoted if q.alignment is not None and q.alignment.passage_id == record.passage_id),
        key=lambda q: (order.get(q.article.docname, len(order)), q.serial),
    )


def siglum_link(fromdocname: str, quotation: Quotation) -> nodes.Node:
    """The siglum of a quotation's article, linked to the paragraph where it quotes."""
    siglum = quotation.article.siglum
    return anchor_xref(
        "apparatus",
        fromdocname,
        f"{quotation.article.docname}#{quotation.anchor}",
        nodes.inline(siglum, siglum, classes=["siglum"]),
        quotation.article.title,
    )


#: The lists of a ``speech-quotations`` page: each class of quotation under its heading.
LISTINGS = (
    (quotations.OUTSIDE, "Outside the excerpt"),
    (quotations.VARIANT, "With variants from the excerpt"),
    (quotations.EXACT, "As the excerpt has them"),
)


class QuotationListing(SphinxPostTransform):
    """Fill a ``speech-quotations`` page: the quotations outside the excerpt, then the others."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        """Replace each placeholder with the lists."""
        placeholders = list(self.document.findall(apparatus_nodes.quotation_listing))
        if not placeholders:
            return
        analyses = get_domain(self.env).analyses
        order = document_order(self.env)
        quoted = sorted(
            analyses.quotations[0], key=lambda q: (order.get(q.article.docname, len(order)), q.serial)
        )
        for placeholder in placeholders:
            content: list[nodes.Node] = []
            for kind, heading in LISTINGS:
                items = nodes.bullet_list(classes=["speech-quotations", f"quotations-{kind}"])
                for quotation in (q for q in quoted if q.kind == kind):
                    items += nodes.list_item("", self.item(quotation, analyses.passages))
                rubric = nodes.rubric(heading, heading)
                content += [rubric, items] if len(items) else [rubric, nodes.paragraph(text="None.")]
            placeholder.replace_self(content)

    def item(self, quotation: Quotation, passages: dict[str, PassageRecord]) -> nodes.paragraph:
        """One quotation: its words, the article's siglum and citation, the passage, the editor's note."""
        fromdocname = self.env.docname
        item = nodes.paragraph()
        item += nodes.Text(f"“{quotation.text}” — ")
        item += siglum_link(fromdocname, quotation)
        item += nodes.Text(" ")
        item += citation(self.env, quotation.article.bibkey, fromdocname)
        if quotation.alignment is not None and quotation.alignment.passage_id in passages:
            passage = passages[quotation.alignment.passage_id]
            item += nodes.Text(", at ")
            item += anchor_xref(
                "apparatus",
                fromdocname,
                f"{passage.docname}#{passage.anchor}",
                nodes.Text(passage.label),
                passage.label,
            )
        if quotation.note:
            item += nodes.Text(f" (editor: {quotation.note})")
        return item


#: The title of the notes on an unnumbered passage (the speech as a whole), after the passages.
HEADNOTE_TITLE = "On the speech as a whole"
#: How many words of a note's text a reference to the note shows.
OPENING_WORDS = 5


def opening(text: str, count: int = OPENING_WORDS) -> str:
    """The first *count* words of *text*, with ``…`` when there are more (``Stalin was guilty of the …``)."""
    words = text.split()
    if len(words) <= count:
        return " ".join(words)
    return " ".join(words[:count]).rstrip(",;:.“‘(") + " …"


def headnote_notes(groups: list[NoteGroup]) -> list[tuple[Note, NoteGroup, tuple[str, ...]]]:
    """The headnote's notes, each span once: with its group and every relation it is linked under.

    A span linked to the speech as a whole under two relations
    (``<disputes: heading; paraphrases: heading>``) makes two notes on the same
    words; the headnote shows them once, where the first stands, naming both
    relations in the order of the notes.
    """
    shown: dict[NoteKey, tuple[Note, NoteGroup, list[str]]] = {}
    for group in groups:
        for note in group.notes:
            _note, _group, relations = shown.setdefault(note_key(note), (note, group, []))
            if note.relation not in relations:
                relations.append(note.relation)
    return [(note, group, tuple(relations)) for note, group, relations in shown.values()]


class PassageNotes(SphinxPostTransform):
    """Key the notes of each passage to their lemmata: the words marked, a marker after them, a footnote.

    The notes on one lemma share a marker and a footnote that names the lemma
    (``§5 mass repressions ]``). The notes on an unnumbered passage (the speech's
    heading) bear on the speech as a whole: they form a headnote after the
    page's passages instead. Runs before the references resolver (priority 10)
    so that the citations it adds are formatted by sphinxcontrib-bibtex.
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        """Add the variants and the notes after each passage, the markers after the lemmata."""
        passages = list(self.document.findall(apparatus_nodes.passage))
        if not passages:
            return
        analyses = get_domain(self.env).analyses
        order = document_order(self.env)
        counters = footnote_counts(self.document)
        for passage in passages:
            record = analyses.passages.get(passage["passage_id"])
            if record is None or passage["ids"][0] != record.anchor:
                continue
            after = [variant_block(record, analyses.quotations[0], order)]
            groups = analyses.groups.get(record.passage_id, [])
            if groups and passage.get("number") is None:
                self.put_headnote(record, passage, groups)
            elif groups:
                after.append(self.footnotes(groups, record, passage, counters))
            position = passage.parent.index(passage)
            for block in (block for block in after if block is not None):
                position += 1
                passage.parent.insert(position, block)

    def footnotes(
        self, groups: list[NoteGroup], record: PassageRecord, passage: nodes.Element, counters: dict[str, int]
    ) -> nodes.container:
        """The notes of a passage as footnotes, one per lemma, each marker after its lemma's last word.

        A note on the whole passage (or whose lemma was not found) is called at
        the end of the passage's last paragraph.
        """
        docname = record.docname
        paragraphs = list(passage.findall(nodes.paragraph))
        last_pieces = marking.mark(passage, record.text, groups)
        holder = nodes.container(classes=["apparatus-notes"])
        holder["ids"].append(f"notes-{record.passage_id}")
        for group in groups:
            counters[docname] = counters.get(docname, 0) + 1
            number = str(counters[docname])
            reference = nodes.footnote_reference(
                number, number, ids=[group.ref_id], refid=group.note_id, docname=docname
            )
            piece = last_pieces.get(group.index)
            if piece is not None:
                place, at = piece.parent, piece.parent.index(piece) + 1
                while at < len(place) and isinstance(
                    place[at], (nodes.footnote_reference, apparatus_nodes.note_separator)
                ):
                    at += 1
                if at and isinstance(place[at - 1], nodes.footnote_reference):
                    place.insert(at, apparatus_nodes.note_separator())
                    at += 1
                place.insert(at, reference)
            elif paragraphs:
                if isinstance(paragraphs[-1][-1], nodes.footnote_reference):
                    paragraphs[-1] += apparatus_nodes.note_separator()
                paragraphs[-1] += reference
            relations = dict.fromkeys(f"relation-{note.relation}" for note in group.notes)
            footnote = make_footnote(
                number,
                self.lemma_paragraph(group, record),
                group.note_id,
                group.ref_id,
                docname,
                ["apparatus-note", *relations],
            )
            for note in group.notes:
                footnote += self.note_or_reference(note, group, record, passage)
            holder += footnote
        return holder

    def lemma_paragraph(self, group: NoteGroup, record: PassageRecord) -> nodes.paragraph:
        """The head of a footnote: the passage and the lemma, as printed apparatus cite them (``§5 a ]``)."""
        paragraph = nodes.paragraph(classes=["apparatus-lemma"])
        paragraph += nodes.inline(record.label, record.label, classes=["passage-label"])
        paragraph += nodes.Text(" ")
        if group.lemma is None:
            whole = "the whole passage"
            paragraph += nodes.inline(whole, whole, classes=["lemma-whole"])
        else:
            words = lemmata.shown(group.lemma.text)
            paragraph += nodes.inline(words, words, classes=["lemma"])
        paragraph += nodes.Text(" ]")
        return paragraph

    def put_headnote(self, record: PassageRecord, passage: nodes.Element, groups: list[NoteGroup]) -> None:
        """The notes on an unnumbered passage as a titled headnote after the last passage of its section.

        They bear on the speech as a whole. As footnotes they made a row of two
        dozen markers on the heading and a block of notes before the text (and in
        the PDF, a page of notes before the chapter's title); after the text, in a
        section of their own, ordered by source, they read as a commentary.
        """
        title = HEADNOTE_TITLE
        block = apparatus_nodes.speech_headnote(title=title, classes=["apparatus-headnote", EDITORIAL])
        block["ids"].append(f"notes-{record.passage_id}")
        pointer = nodes.paragraph(classes=["headnote-link", EDITORIAL])
        shown = headnote_notes(groups)
        count = len(shown)
        words = f"{title}: {count} {'note' if count == 1 else 'notes'}, after the text"
        pointer += nodes.reference("", words, internal=True, refid=block["ids"][0])
        passage.parent.insert(passage.parent.index(passage) + 1, pointer)
        for note, group, relations in shown:
            block += self.note_or_reference(note, group, record, passage, relations)
        parent = passage.parent
        last = max(index for index, child in enumerate(parent) if isinstance(child, apparatus_nodes.passage))
        while last + 1 < len(parent) and isinstance(parent[last + 1], nodes.container):
            last += 1  # the last passage's own notes and variants
        parent.insert(last + 1, block)

    def note_or_reference(
        self,
        note: Note,
        group: NoteGroup,
        record: PassageRecord,
        passage: nodes.Element,
        relations: tuple[str, ...] = (),
    ) -> nodes.paragraph:
        """A note in full where its words are first shown (in text order); elsewhere a reference to it.

        *relations*: the relations it shows, when more than the note's own (the headnote's merged notes).
        """
        analyses = get_domain(self.env).analyses
        full = analyses.full_notes.get(note_key(note), group)
        phrase = self.relations_phrase(relations or (note.relation,))
        if (full.passage_id, full.index) == (group.passage_id, group.index):
            return self.note_paragraph(note, record.docname, passage, phrase)
        return self.reference_paragraph(
            note, record, full, analyses.passages[full.passage_id], passage, phrase
        )

    def relations_phrase(self, relations: tuple[str, ...]) -> str:
        """The relations as the notes name them, joined (``disputes, paraphrases``)."""
        return ", ".join(self.config.apparatus_relations.get(relation, relation) for relation in relations)

    def reference_paragraph(
        self,
        note: Note,
        record: PassageRecord,
        full: NoteGroup,
        at: PassageRecord,
        passage: nodes.Element,
        phrase: str | None = None,
    ) -> nodes.paragraph:
        """A note whose words another footnote shows in full: siglum, relation, the words' opening, a link.

        ``C disputes: “Nobody could have known.” — see the note at §1``; within one
        passage the link names the lemma too. The link leads to the full note's
        footnote, or to the headnote; in the PDF to the passage whose note it is,
        which stands in either layout of the notes (a footnote has no target).
        """
        phrase = phrase or self.relations_phrase((note.relation,))
        paragraph = nodes.paragraph(classes=["apparatus-see"])
        paragraph += nodes.inline(note.article.siglum, note.article.siglum, classes=["siglum"])
        paragraph += nodes.Text(" ")
        paragraph += nodes.inline(phrase, phrase, classes=["relation"])
        paragraph += nodes.Text(": ")
        quote = f"“{opening(note.text)}”"
        paragraph += nodes.inline(quote, quote, classes=["apparatus-quote-opening"])
        paragraph += nodes.Text(" — see ")
        if at.number is None:
            words, anchor = f"the note in “{HEADNOTE_TITLE}”", f"notes-{at.passage_id}"
        else:
            words, anchor = f"the note at {at.label}", full.note_id
            if at.passage_id == record.passage_id:
                words += f" on “{lemmata.shown(full.lemma.text)}”" if full.lemma else " on the whole passage"
            if self.env._app.builder.format == "latex":  # as Sphinx's ReferencesResolver reaches it
                anchor = at.anchor
        paragraph += self.link(record.docname, at.docname, anchor, words, "")
        for xref in paragraph.findall(addnodes.pending_xref):
            xref.source, xref.line = passage.source, passage.line
        return paragraph

    def note_paragraph(
        self, note: Note, docname: str, passage: nodes.Element, phrase: str | None = None
    ) -> nodes.paragraph:
        """The text of a note: citation, relation (or *phrase*: the relations), the article's words, a link.

        Its links are placed at the passage, for the warnings of the references resolver.
        """
        phrase = phrase or self.relations_phrase((note.relation,))
        paragraph = nodes.paragraph()
        paragraph += nodes.inline(note.article.siglum, note.article.siglum, classes=["siglum"])
        paragraph += nodes.Text(" ")
        paragraph += citation(self.env, note.article.bibkey, docname)
        paragraph += nodes.Text(" ")
        paragraph += nodes.inline(phrase, phrase, classes=["relation"])
        paragraph += nodes.Text(": ")
        quote = f"“{note.text}”"
        paragraph += nodes.inline(quote, quote, classes=["apparatus-quote"])
        paragraph += nodes.Text(" (")
        paragraph += self.link(docname, note.docname, note.anchor, "in context", note.article.title)
        paragraph += nodes.Text(")")
        for xref in paragraph.findall(addnodes.pending_xref):
            xref.source, xref.line = passage.source, passage.line
        return paragraph

    def link(self, fromdocname: str, todocname: str, anchor: str, text: str, title: str) -> nodes.Node:
        """A link to *anchor* in *todocname*, for the domain to resolve."""
        return anchor_xref("apparatus", fromdocname, f"{todocname}#{anchor}", nodes.Text(text), title)


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
        links_of_span = domain.analyses.backlinks
        for span in list(self.document.findall(apparatus_nodes.commentary_span)):
            pairs = links_of_span.get((span.get("docname", fromdocname), span["ids"][0]), [])
            if not pairs:
                continue
            marks = apparatus_nodes.backlinks(classes=["apparatus-backlinks", EDITORIAL])
            for index, (relation, record, anchor) in enumerate(pairs):
                if index:
                    marks += nodes.Text(", ")
                title = f"{relation} {record.label}"
                marks += anchor_xref(
                    "apparatus",
                    span.get("docname", fromdocname),
                    f"{record.docname}#{anchor}",
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
        paragraph += citation(self.env, article.bibkey, fromdocname, style="p")
        paragraph += nodes.Text(". Marked spans link back to the passages of the speech they comment on.")
        return paragraph
