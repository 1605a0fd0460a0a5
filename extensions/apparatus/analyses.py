"""What the apparatus derives from the records of every document, once reading is over.

Directives and roles only record while the documents are read. The notes on each
passage, the speech's quotations in the commentary and the back-links of the spans
need every document, so they are derived here from the domain's records: once per
build, after reading (:class:`Analyses` is made anew on ``env-updated``), and
shared by the writing of every page.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from documents import document_order

from . import lemmata, quotations

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .domain import ApparatusDomain
    from .records import (
        ArticleRecord,
        OverrideRecord,
        ParagraphRecord,
        PassageRecord,
        SpanRecord,
        StandoffRecord,
    )
    from .relations import Link


class Note(NamedTuple):
    """What one footnote on a passage shows: a span of an article and its relation."""

    article: ArticleRecord
    docname: str  #: The article's docname.
    anchor: str  #: Where the words stand in the article.
    text: str
    relation: str
    order: tuple[int, int, int]  #: Sort key: article order, kind, serial.
    #: The passage's words the note bears on, with their offsets in the passage's text;
    #: ``None`` when it bears on the whole passage (or its lemma was not found: warned).
    lemma: lemmata.Lemma | None = None


class Quotation(NamedTuple):
    """A quotation of the speech in an article, with its class and alignment."""

    article: ArticleRecord
    anchor: str  #: The paragraph of the article where it stands.
    text: str
    kind: str  #: ``exact``, ``variant`` or ``outside``.
    alignment: quotations.Alignment | None
    note: str  #: The editor's reason, where an override decided.
    serial: int


class NoteGroup(NamedTuple):
    """The notes on one lemma of a passage: one marker after the lemma, one footnote.

    ``index`` counts the passage's groups from 1 in the order their markers stand
    in the text (by the lemma's end); the notes on the whole passage come last.
    """

    passage_id: str
    index: int
    lemma: lemmata.Lemma | None  #: ``None``: the notes bear on the whole passage.
    notes: tuple[Note, ...]

    @property
    def note_id(self) -> str:
        """The footnote's id."""
        return f"note-{self.passage_id}-{self.index}"

    @property
    def ref_id(self) -> str:
        """The marker's id."""
        return f"noteref-{self.passage_id}-{self.index}"

    @property
    def lemma_id(self) -> str:
        """The id of the lemma's first words in the passage (the passage's own id for the whole)."""
        return f"lemma-{self.passage_id}-{self.index}" if self.lemma else self.passage_id


def group_notes(passage_id: str, notes: Iterable[Note]) -> list[NoteGroup]:
    """The notes of a passage by lemma, in the order of their markers; each group in the notes' order."""
    by_key: dict[tuple[int, int] | None, list[Note]] = {}
    for note in notes:
        by_key.setdefault((note.lemma.start, note.lemma.end) if note.lemma else None, []).append(note)
    keys = sorted((key for key in by_key if key is not None), key=lambda key: (key[1], -key[0]))
    if None in by_key:
        keys.append(None)
    return [
        NoteGroup(passage_id, index, by_key[key][0].lemma, tuple(by_key[key]))
        for index, key in enumerate(keys, start=1)
    ]


#: The words of an article that a note quotes, wherever notes show them: (docname, anchor, text).
NoteKey = tuple[str, str, str]


def note_key(note: Note) -> NoteKey:
    """The article's words a note shows: one span (or stand-off quotation), whichever passages it bears on."""
    return (note.docname, note.anchor, note.text)


def full_notes(
    groups: dict[str, list[NoteGroup]], passages: dict[str, PassageRecord], page_order: dict[str, int]
) -> dict[NoteKey, NoteGroup]:
    """For the words of each note, the footnote that shows them in full: the first, in text order.

    The other footnotes on the same words refer to that one. Text order is the
    order in which a reader meets the notes: the pages in the order of the
    table of contents; on a page, the numbered passages as they stand, then
    the unnumbered ones, whose notes form the headnote after the text; in a
    passage, the footnotes in the order of their markers.
    """

    def place(group: NoteGroup) -> tuple[int, bool, int, int]:
        record = passages[group.passage_id]
        page = page_order.get(record.docname, len(page_order))
        return (page, record.number is None, record.lineno, group.index)

    full: dict[NoteKey, NoteGroup] = {}
    shown = (group for passage_id, some in groups.items() if passage_id in passages for group in some)
    for group in sorted(shown, key=place):
        for note in group.notes:
            full.setdefault(note_key(note), group)
    return full


#: For each span (docname, anchor), the (relation, passage, anchor in the passage's page) it links to.
Backlinks = dict[tuple[str, str], list[tuple[str, "PassageRecord", str]]]


def normalise(text: str) -> str:
    """Collapse runs of white space, the only difference a quotation check forgives."""
    return re.sub(r"\s+", " ", text).strip()


def find_in(paragraphs: list[ParagraphRecord], quote: str) -> ParagraphRecord | None:
    """The first of *paragraphs* that holds *quote* verbatim (white space aside)."""
    wanted = normalise(quote)
    return next((p for p in paragraphs if wanted in p.text), None)


def passage_map(passages: Iterable[PassageRecord]) -> dict[str, PassageRecord]:
    """Map each passage id to its passage (the first one, by document and line, when ids repeat)."""
    result: dict[str, PassageRecord] = {}
    for record in sorted(passages, key=lambda r: (r.docname, r.lineno)):
        result.setdefault(record.passage_id, record)
    return result


def paragraphs_by_article(paragraphs: Iterable[ParagraphRecord]) -> dict[str, list[ParagraphRecord]]:
    """The recorded paragraphs of each article, in order."""
    index: dict[str, list[ParagraphRecord]] = {}
    for paragraph in sorted(paragraphs, key=lambda p: (p.docname, p.serial)):
        index.setdefault(paragraph.docname, []).append(paragraph)
    return index


def classify_candidate(
    candidate: quotations.Candidate, passages: dict[str, str], override: OverrideRecord | None
) -> tuple[str, quotations.Alignment | None, str] | None:
    """Decide what a detected quotation is, the editor's override first; ``None`` if not the speech."""
    if override is not None and override.action == "reject":
        return None
    if override is not None and override.action == "outside":
        return quotations.OUTSIDE, None, override.value
    if override is not None and override.action == "passage":
        if override.value not in passages:
            return None  # warned by the consistency check
        kind, alignment = quotations.classify(candidate.text, {override.value: passages[override.value]}, 0.0)
        return kind, alignment, ""
    kind, alignment = quotations.classify(candidate.text, passages)
    if candidate.elsewhere or (kind == quotations.OUTSIDE and not candidate.attributed):
        return None
    return kind, alignment, ""


def speech_quotations(
    passages: dict[str, PassageRecord],
    articles: Iterable[ArticleRecord],
    paragraphs: Iterable[ParagraphRecord],
    overrides: Iterable[OverrideRecord],
) -> tuple[list[Quotation], list[OverrideRecord]]:
    """Every quotation of the speech in the articles, classified; and the overrides that matched none.

    The quotations are aligned with the numbered passages (the heading is not
    speech). Editors' overrides apply by the quotation's first words.
    """
    texts = {r.passage_id: r.text for r in passages.values() if r.number is not None}
    by_docname = {a.docname: a for a in articles}
    ordered = sorted(overrides, key=lambda o: (o.docname, o.lineno))
    used: set[OverrideRecord] = set()
    found: list[Quotation] = []
    for paragraph in sorted(paragraphs, key=lambda p: (p.docname, p.serial)):
        article = by_docname.get(paragraph.docname)
        if article is None:
            continue
        for candidate in quotations.find_candidates(paragraph.text):
            override = next(
                (
                    o
                    for o in ordered
                    if o.docname == paragraph.docname and candidate.text.startswith(o.prefix)
                ),
                None,
            )
            if override is not None:
                used.add(override)
            decided = classify_candidate(candidate, texts, override)
            if decided is not None:
                kind, alignment, note = decided
                found.append(
                    Quotation(
                        article, paragraph.anchor, candidate.text, kind, alignment, note, paragraph.serial
                    )
                )
    return found, [o for o in ordered if o not in used]


def notes_by_passage(
    articles: Iterable[ArticleRecord],
    spans: Iterable[SpanRecord],
    standoffs: Iterable[StandoffRecord],
    paragraphs: dict[str, list[ParagraphRecord]],
    article_order: dict[str, int],
    passages: dict[str, PassageRecord] | None = None,
) -> dict[str, list[Note]]:
    """The notes of every passage, each ordered by article and then by place in the article.

    Each note is keyed to its lemma in the passage's text, where *passages* are given.

    Every span and stand-off link is visited once, so the cost grows with the
    number of links, not with links times passages.
    """
    by_docname = {a.docname: a for a in articles}
    notes: dict[str, list[Note]] = {}

    def collect(docname: str, anchor: str, text: str, links: Iterable[Link], kind: int, serial: int) -> None:
        article = by_docname.get(docname)
        if article is None:
            return
        order = (article_order.get(docname, len(article_order)), kind, serial)
        for link in links:
            passage = (passages or {}).get(link.passage_id)
            lemma = lemmata.key(link.lemma, link.relation, text, passage.text)[0] if passage else None
            notes.setdefault(link.passage_id, []).append(
                Note(article, docname, anchor, text, link.relation, order, lemma)
            )

    for span in spans:
        collect(span.docname, span.anchor, span.text, span.links, 0, span.serial)
    for standoff in standoffs:
        paragraph = find_in(paragraphs.get(standoff.article, []), standoff.quote)
        if paragraph is not None:
            collect(standoff.article, paragraph.anchor, standoff.quote, standoff.links, 1, paragraph.serial)
    for passage_notes in notes.values():
        passage_notes.sort(key=lambda note: (note.order, note.docname, note.anchor, note.relation))
    return notes


def backlinks(
    spans: Iterable[SpanRecord], passages: dict[str, PassageRecord], groups: dict[str, list[NoteGroup]]
) -> Backlinks:
    """For each span (docname, anchor), the passages it links to, each at the lemma of its note.

    A span keyed to two lemmata of one passage links back once, to the first.
    """
    index: Backlinks = {}
    for span in spans:
        pairs = index.setdefault((span.docname, span.anchor), [])
        for link in span.links:
            record = passages.get(link.passage_id)
            if record is None or any(p[:2] == (link.relation, record) for p in pairs):
                continue
            group = next(
                (
                    g
                    for g in groups.get(link.passage_id, [])
                    for n in g.notes
                    if (n.docname, n.anchor, n.relation) == (span.docname, span.anchor, link.relation)
                ),
                None,
            )
            pairs.append((link.relation, record, group.lemma_id if group else record.anchor))
    return index


class Analyses:
    """The derived data of one build, each part computed on first use from the records as read."""

    def __init__(self, domain: ApparatusDomain) -> None:
        """Derive from *domain*'s records, which no longer change once reading is over."""
        self.domain = domain
        #: Citations formatted by sphinxcontrib-bibtex, shared by the pages written in this build.
        self.citations: dict[tuple[str, str, str], list[Any]] = {}

    @cached_property
    def passages(self) -> dict[str, PassageRecord]:
        """Each passage id with its passage (the first one when ids repeat)."""
        return passage_map(self.domain.passages)

    @cached_property
    def paragraphs(self) -> dict[str, list[ParagraphRecord]]:
        """The paragraphs of each article, in order."""
        return paragraphs_by_article(self.domain.paragraphs)

    @cached_property
    def quotations(self) -> tuple[list[Quotation], list[OverrideRecord]]:
        """The speech's quotations in the articles, and the overrides that matched none."""
        domain = self.domain
        return speech_quotations(self.passages, domain.articles, domain.paragraphs, domain.overrides)

    @cached_property
    def notes(self) -> dict[str, list[Note]]:
        """The notes of each passage, the articles in the order of the toctree."""
        return self.notes_in(document_order(self.domain.env))

    def notes_in(self, article_order: dict[str, int]) -> dict[str, list[Note]]:
        """The notes of each passage, the articles in *article_order* (computed at each call)."""
        domain = self.domain
        return notes_by_passage(
            domain.articles, domain.spans, domain.standoffs, self.paragraphs, article_order, self.passages
        )

    @cached_property
    def groups(self) -> dict[str, list[NoteGroup]]:
        """The notes of each passage by lemma, in the order of their markers."""
        return {passage_id: group_notes(passage_id, notes) for passage_id, notes in self.notes.items()}

    @cached_property
    def full_notes(self) -> dict[NoteKey, NoteGroup]:
        """For the words of each note, the footnote that shows them in full (the first in text order)."""
        return full_notes(self.groups, self.passages, document_order(self.domain.env))

    @cached_property
    def backlinks(self) -> Backlinks:
        """The passages each span links to, at the lemmata of its notes."""
        return backlinks(self.domain.spans, self.passages, self.groups)
