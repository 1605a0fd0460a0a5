"""The apparatus domain: owns passages, articles, spans and stand-off links across documents."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar

from documents import resolve_anchor
from docutils import nodes
from sphinx.domains import Domain
from sphinx.util.nodes import make_refnode

from . import quotations
from .messages import warn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Set

    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .records import (
        ArticleRecord,
        FactRecord,
        ListingRecord,
        OverrideRecord,
        ParagraphRecord,
        PassageRecord,
        ReadingRecord,
        ReferenceRecord,
        SpanRecord,
        StandoffRecord,
    )
    from .relations import Link


T = TypeVar("T")


class Note(NamedTuple):
    """What one footnote on a passage shows: a span of an article and its relation."""

    article: ArticleRecord
    docname: str  #: The article's docname.
    anchor: str  #: Where the words stand in the article.
    text: str
    relation: str
    order: tuple[int, int, int]  #: Sort key: article order, kind, serial.


class Quotation(NamedTuple):
    """A quotation of the speech in an article, with its class and alignment."""

    article: ArticleRecord
    anchor: str  #: The paragraph of the article where it stands.
    text: str
    kind: str  #: ``exact``, ``variant`` or ``outside``.
    alignment: quotations.Alignment | None
    note: str  #: The editor's reason, where an override decided.
    serial: int


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


def get_domain(env: BuildEnvironment) -> ApparatusDomain:
    """Return the apparatus domain of *env*."""
    return env.get_domain("apparatus")  # type: ignore[return-value]


def find_in(paragraphs: list[ParagraphRecord], quote: str) -> ParagraphRecord | None:
    """The first of *paragraphs* that holds *quote* verbatim (white space aside)."""
    wanted = normalise(quote)
    return next((p for p in paragraphs if wanted in p.text), None)


def normalise(text: str) -> str:
    """Collapse runs of white space, the only difference a quotation check forgives."""
    return re.sub(r"\s+", " ", text).strip()


class ApparatusDomain(Domain):
    """Cross-document data of the apparatus, purged and merged by docname."""

    name = "apparatus"
    label = "Critical apparatus"
    data_version = 2  #: 2: the kinds of record each document holds are kept in ``held``.
    initial_data: ClassVar[dict[str, Any]] = {
        "passages": [],
        "articles": [],
        "spans": [],
        "paragraphs": [],
        "standoffs": [],
        "references": [],
        "overrides": [],
        "listings": [],
        "facts": [],
        "readings": [],
    }

    # Derived data, computed once per build ------------------------------------

    def cached(self, name: str, compute: Callable[[], T]) -> T:
        """Return *compute()*, computed once until the documents change.

        The cache is emptied when reading ends (``env-updated``) and whenever a
        document is cleared or merged, so the pages of one build share it.
        """
        cache = self.data.setdefault("cache", {})
        if name not in cache:
            cache[name] = compute()
        return cache[name]

    def forget_derived(self) -> None:
        """Empty the cache of derived data."""
        self.data["cache"] = {}

    def held(self) -> dict[str, set[str]]:
        """Which kinds of record each document holds, kept up to date as records come and go.

        With it, clearing a document that holds nothing (every document of a
        fresh build, before it is read) costs nothing, instead of a pass over
        every record of every document.
        """
        return self.data.setdefault("held", {})

    def _add(self, kind: str, record: Any) -> None:
        """Store *record* among the records of *kind*, noting that its document holds one."""
        self.data[kind].append(record)
        self.held().setdefault(record.docname, set()).add(kind)
        if self.data.get("cache"):
            self.forget_derived()

    # Typed accessors ------------------------------------------------------------

    @property
    def passages(self) -> list[PassageRecord]:
        """Every passage, in the order read (duplicates included)."""
        return self.data["passages"]

    @property
    def articles(self) -> list[ArticleRecord]:
        """Every declared article."""
        return self.data["articles"]

    @property
    def spans(self) -> list[SpanRecord]:
        """Every commentary span marked in an article."""
        return self.data["spans"]

    @property
    def paragraphs(self) -> list[ParagraphRecord]:
        """The paragraphs of every article, for stand-off quotation checks."""
        return self.data["paragraphs"]

    @property
    def standoffs(self) -> list[StandoffRecord]:
        """Every stand-off link."""
        return self.data["standoffs"]

    @property
    def references(self) -> list[ReferenceRecord]:
        """Every ``{passage}`` reference."""
        return self.data["references"]

    def kinds_of(self, docname: str) -> set[str]:
        """Which kinds of record (``passages``, ``spans``, ...) *docname* holds."""
        return set(self.held().get(docname, ()))

    def docnames_holding(self, *kinds: str) -> set[str]:
        """The documents that hold records of any of *kinds*."""
        return {record.docname for kind in kinds for record in self.data[kind]}

    # Recording during reading ----------------------------------------------------

    def add_passage(self, record: PassageRecord) -> None:
        """Record a passage."""
        self._add("passages", record)

    def add_article(self, record: ArticleRecord) -> None:
        """Record an article."""
        self._add("articles", record)

    def add_span(self, record: SpanRecord) -> None:
        """Record a commentary span."""
        self._add("spans", record)

    def add_paragraph(self, record: ParagraphRecord) -> None:
        """Record a paragraph of an article."""
        self._add("paragraphs", record)

    def add_standoff(self, record: StandoffRecord) -> None:
        """Record a stand-off link."""
        self._add("standoffs", record)

    def add_reference(self, record: ReferenceRecord) -> None:
        """Record a ``{passage}`` reference."""
        self._add("references", record)

    def add_override(self, record: OverrideRecord) -> None:
        """Record an editor's decision on a detected quotation."""
        self._add("overrides", record)

    def add_fact(self, record: FactRecord) -> None:
        """Record a fact on which the sources differ."""
        self._add("facts", record)

    def add_reading(self, record: ReadingRecord) -> None:
        """Record a source's reading of a fact."""
        self._add("readings", record)

    def fact(self, key: str) -> FactRecord | None:
        """The fact called *key*, if it is defined."""
        return next((f for f in sorted(self.data["facts"]) if f.key == key), None)

    def readings_of(self, key: str, order: dict[str, int]) -> list[ReadingRecord]:
        """Every reading of a fact, in the order of the documents."""
        return sorted(
            (r for r in self.data["readings"] if r.key == key),
            key=lambda r: (order.get(r.docname, len(order)), r.docname, r.serial),
        )

    def siglum_of(self, docname: str) -> str:
        """The siglum of a document: its article's, or the primary text's for a document of passages."""
        article = self.article_of(docname)
        if article is not None:
            return article.siglum
        if any(p.docname == docname for p in self.passages):
            return self.env.config.apparatus_primary_siglum
        return docname

    def add_listing(self, record: ListingRecord) -> None:
        """Record a page that lists the speech's quotations."""
        self._add("listings", record)

    def speech_quotations(self) -> tuple[list[Quotation], list[OverrideRecord]]:
        """Every quotation of the speech in the articles, classified; and the overrides that matched none.

        The quotations are aligned with the numbered passages (the heading is not
        speech). Editors' overrides apply by the quotation's first words.
        """
        passages = {r.passage_id: r.text for r in self.passage_map().values() if r.number is not None}
        articles = {a.docname: a for a in self.articles}
        overrides = sorted(self.data["overrides"], key=lambda o: (o.docname, o.lineno))
        used: set[OverrideRecord] = set()
        found: list[Quotation] = []
        for paragraph in sorted(self.paragraphs, key=lambda p: (p.docname, p.serial)):
            article = articles.get(paragraph.docname)
            if article is None:
                continue
            for candidate in quotations.find_candidates(paragraph.text):
                override = next(
                    (
                        o
                        for o in overrides
                        if o.docname == paragraph.docname and candidate.text.startswith(o.prefix)
                    ),
                    None,
                )
                if override is not None:
                    used.add(override)
                decided = classify_candidate(candidate, passages, override)
                if decided is not None:
                    kind, alignment, note = decided
                    found.append(
                        Quotation(
                            article, paragraph.anchor, candidate.text, kind, alignment, note, paragraph.serial
                        )
                    )
        return found, [o for o in overrides if o not in used]

    # Purging and merging ------------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        """Forget everything recorded while reading *docname*, keeping what it held until the build asks.

        The records removed are kept under ``purged`` (by document and kind) for
        :func:`~apparatus.events.pages_to_rewrite`, which compares them with
        what the document holds once read again.
        """
        self.forget_derived()
        kinds = self.held().pop(docname, set())
        purged = self.data.setdefault("purged", {}).setdefault(docname, {}) if kinds else {}
        for key in kinds:
            kept = []
            for record in self.data[key]:
                (purged.setdefault(key, []) if record.docname == docname else kept).append(record)
            self.data[key] = kept

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the records of *docnames* from a parallel reader's data."""
        self.forget_derived()
        for key in self.initial_data:
            for record in otherdata[key]:
                if record.docname in docnames:
                    self._add(key, record)

    # Queries -----------------------------------------------------------------------

    def passage(self, passage_id: str) -> PassageRecord | None:
        """Return the first passage with *passage_id*, in document order."""
        return self.cached("passage_map", self.passage_map).get(passage_id)

    def passage_map(self) -> dict[str, PassageRecord]:
        """Map each passage id to its passage (the first one when ids repeat).

        A new map at every call; ``cached("passage_map", passage_map)`` shares one
        between the pages of a build.
        """
        result: dict[str, PassageRecord] = {}
        for record in sorted(self.passages, key=lambda r: (r.docname, r.lineno)):
            result.setdefault(record.passage_id, record)
        return result

    def article_of(self, docname: str) -> ArticleRecord | None:
        """Return the article that *docname* declares, if any."""
        return next((a for a in self.articles if a.docname == docname), None)

    def paragraphs_by_article(self) -> dict[str, list[ParagraphRecord]]:
        """The recorded paragraphs of each article, in order."""
        index: dict[str, list[ParagraphRecord]] = {}
        for paragraph in sorted(self.paragraphs, key=lambda p: (p.docname, p.serial)):
            index.setdefault(paragraph.docname, []).append(paragraph)
        return index

    def notes_by_passage(self, article_order: dict[str, int]) -> dict[str, list[Note]]:
        """The notes of every passage, each ordered by article and then by place in the article.

        Every span and stand-off link is visited once, so the cost grows with the
        number of links, not with links times passages.
        """
        articles = {a.docname: a for a in self.articles}
        paragraphs = self.paragraphs_by_article()
        notes: dict[str, list[Note]] = {}

        def collect(
            docname: str, anchor: str, text: str, links: Iterable[Link], kind: int, serial: int
        ) -> None:
            article = articles.get(docname)
            if article is None:
                return
            order = (article_order.get(docname, len(article_order)), kind, serial)
            for link in links:
                notes.setdefault(link.passage_id, []).append(
                    Note(article, docname, anchor, text, link.relation, order)
                )

        for span in self.spans:
            collect(span.docname, span.anchor, span.text, span.links, 0, span.serial)
        for standoff in self.standoffs:
            paragraph = find_in(paragraphs.get(standoff.article, []), standoff.quote)
            if paragraph is not None:
                collect(
                    standoff.article, paragraph.anchor, standoff.quote, standoff.links, 1, paragraph.serial
                )
        for passage_notes in notes.values():
            passage_notes.sort(key=lambda note: (note.order, note.docname, note.anchor, note.relation))
        return notes

    def backlinks(self) -> dict[tuple[str, str], list[tuple[str, PassageRecord]]]:
        """For each span (docname, anchor), the (relation, passage) pairs it links to."""
        passages = self.passage_map()
        index: dict[tuple[str, str], list[tuple[str, PassageRecord]]] = {}
        for span in self.spans:
            index.setdefault((span.docname, span.anchor), []).extend(
                (link.relation, passages[link.passage_id])
                for link in span.links
                if link.passage_id in passages
            )
        return index

    # Cross-references ----------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        """Resolve ``{passage}`` to a link showing the passage's label, and the apparatus's own links."""
        if typ == "anchor":
            return resolve_anchor(builder, fromdocname, target, node, contnode)
        record = self.passage(target)
        if record is None:
            warn(f"unknown passage id {target!r}", "unknown_passage", node)
            return contnode  # type: ignore[return-value]  # shown as plain text, warned once
        label = record.label
        return make_refnode(builder, fromdocname, record.docname, record.anchor, nodes.Text(label), label)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Let ``{any}`` find passages too."""
        record = self.passage(target)
        if record is None:
            return []
        label = record.label
        ref = make_refnode(builder, fromdocname, record.docname, record.anchor, nodes.Text(label), label)
        return [("apparatus:passage", ref)]

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """List passages for inventories (intersphinx) and search."""
        for record in self.passage_map().values():
            yield (record.passage_id, record.passage_id, "passage", record.docname, record.anchor, 1)
