"""The apparatus domain: the records of passages, articles, spans and stand-off links, by document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from documents import resolve_anchor
from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.util.nodes import make_refnode

from .analyses import Analyses, find_in, normalise
from .messages import warn
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
from .roles import PassageReferenceRole

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .analyses import Note, Quotation

__all__ = ["ApparatusDomain", "find_in", "get_domain", "normalise"]  # find_in: the annotations' import

R = TypeVar("R")

#: Where each kind of record is kept in the domain's data.
KINDS: dict[type, str] = {
    PassageRecord: "passages",
    ArticleRecord: "articles",
    SpanRecord: "spans",
    ParagraphRecord: "paragraphs",
    StandoffRecord: "standoffs",
    ReferenceRecord: "references",
    OverrideRecord: "overrides",
    ListingRecord: "listings",
    FactRecord: "facts",
    ReadingRecord: "readings",
}


class Records(Generic[R]):
    """The records of one kind, named as the attribute is, in docname order (read only)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.kind = name

    def __get__(self, domain: ApparatusDomain, owner: type | None = None) -> list[R]:
        return domain.records(self.kind)


def get_domain(env: BuildEnvironment) -> ApparatusDomain:
    """Return the apparatus domain of *env*."""
    return env.get_domain("apparatus")  # type: ignore[return-value]


class ApparatusDomain(Domain):
    """Cross-document data of the apparatus: records that carry their docname, purged and merged by it."""

    name = "apparatus"
    label = "Critical apparatus"
    object_types: ClassVar[dict[str, ObjType]] = {"passage": ObjType("passage", "passage")}
    roles: ClassVar[dict[str, Any]] = {"passage": PassageReferenceRole()}
    data_version = 4  #: 4: the records of each kind kept by docname.
    initial_data: ClassVar[dict[str, Any]] = {
        #: Each kind of record, by the docname of the document that holds it, in the order read.
        **{kind: {} for kind in KINDS.values()},
        #: The records of each document cleared since the last build, by kind, until
        #: :func:`~apparatus.events.pages_to_rewrite` compares them with the new ones.
        "purged": {},
        #: The documents this build reads.
        "reread": [],
        #: Bibliography keys left out for a fault (warned at their line in the .bib file).
        "bibliography_left_out": [],
        #: What the last check found sound: the style, the encoding, each bibliography file's time.
        "bibliography_sound": None,
    }

    # The derived data of this build -----------------------------------------------------------

    _analyses: Analyses | None = None

    @property
    def analyses(self) -> Analyses:
        """What is derived from every document's records; made anew after each reading."""
        if self._analyses is None:
            self._analyses = Analyses(self)
        return self._analyses

    def forget_analyses(self) -> None:
        """Drop the derived data: the records have changed (``env-updated``)."""
        self._analyses = None

    # Recording, and the records -----------------------------------------------------------------

    def add(self, record: Any) -> None:
        """Store *record* among the records of its kind and its document."""
        self.data[KINDS[type(record)]].setdefault(record.docname, []).append(record)

    def records(self, kind: str) -> list[Any]:
        """Every record of *kind* (``passages``, ``spans``, ...), by docname, then in the order read."""
        by_docname = self.data[kind]
        return [record for docname in sorted(by_docname) for record in by_docname[docname]]

    def records_of(self, kind: str, docname: str) -> list[Any]:
        """The records of *kind* that *docname* holds."""
        return self.data[kind].get(docname, [])

    #: Every passage (duplicates included), and so on for each kind of record.
    passages = Records[PassageRecord]()
    articles = Records[ArticleRecord]()
    spans = Records[SpanRecord]()
    paragraphs = Records[ParagraphRecord]()
    standoffs = Records[StandoffRecord]()
    overrides = Records[OverrideRecord]()
    facts = Records[FactRecord]()
    readings = Records[ReadingRecord]()

    def docnames_holding(self, *kinds: str) -> set[str]:
        """The documents that hold records of any of *kinds*."""
        return {docname for kind in kinds for docname in self.data[kind]}

    # Purging and merging ----------------------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        """Forget the records of *docname*, keeping them under ``purged`` until the build compares them."""
        for kind in KINDS.values():
            removed = self.data[kind].pop(docname, None)
            if removed:
                self.data["purged"].setdefault(docname, {}).setdefault(kind, []).extend(removed)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the records of *docnames* from a parallel reader's data."""
        for kind in KINDS.values():
            for docname in docnames & otherdata[kind].keys():
                self.data[kind].setdefault(docname, []).extend(otherdata[kind][docname])

    # Queries ----------------------------------------------------------------------------------

    def passage(self, passage_id: str) -> PassageRecord | None:
        """The passage with *passage_id* (the first, in document order, when ids repeat)."""
        return self.analyses.passages.get(passage_id)

    def passage_map(self) -> dict[str, PassageRecord]:
        """Each passage id with its passage (the first one when ids repeat)."""
        return self.analyses.passages

    def article_of(self, docname: str) -> ArticleRecord | None:
        """The article that *docname* declares, if any."""
        return next(iter(self.records_of("articles", docname)), None)

    def paragraphs_by_article(self) -> dict[str, list[ParagraphRecord]]:
        """The recorded paragraphs of each article, in order."""
        return self.analyses.paragraphs

    def fact(self, key: str) -> FactRecord | None:
        """The fact called *key*, if it is defined."""
        return next((f for f in sorted(self.facts) if f.key == key), None)

    def readings_of(self, key: str, order: dict[str, int]) -> list[ReadingRecord]:
        """Every reading of a fact, in the order of the documents."""
        return sorted(
            (r for r in self.readings if r.key == key),
            key=lambda r: (order.get(r.docname, len(order)), r.docname, r.serial),
        )

    def siglum_of(self, docname: str) -> str:
        """The siglum of a document: its article's, or the primary text's for a document of passages."""
        article = self.article_of(docname)
        if article is not None:
            return article.siglum
        if docname in self.data["passages"]:
            return self.env.config.apparatus_primary_siglum
        return docname

    def notes_by_passage(self, article_order: dict[str, int]) -> dict[str, list[Note]]:
        """The notes of every passage, the articles in *article_order*."""
        return self.analyses.notes_in(article_order)

    def speech_quotations(self) -> tuple[list[Quotation], list[OverrideRecord]]:
        """The speech's quotations in the articles, classified; and the overrides that matched none."""
        return self.analyses.quotations

    # Cross-references -------------------------------------------------------------------------

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
        return self.passage_link(builder, fromdocname, record)

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
        return [("apparatus:passage", self.passage_link(builder, fromdocname, record))]

    def passage_link(self, builder: Builder, fromdocname: str, record: PassageRecord) -> nodes.reference:
        """A link to a passage that shows its label."""
        label = record.label
        return make_refnode(builder, fromdocname, record.docname, record.anchor, nodes.Text(label), label)

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """List passages for inventories (intersphinx) and search."""
        for record in self.passage_map().values():
            yield (record.passage_id, record.passage_id, "passage", record.docname, record.anchor, 1)
