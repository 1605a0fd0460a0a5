"""The records the domain stores: small, immutable, each carrying its docname."""

from __future__ import annotations

from typing import NamedTuple

from .relations import Link  # noqa: TC001 (used at run time by NamedTuple)


class PassageRecord(NamedTuple):
    """A passage of the primary text."""

    passage_id: str
    docname: str
    lineno: int
    number: int | None  #: ``None`` for an unnumbered passage such as the heading.
    anchor: str  #: The slug id of the passage's element.
    number_anchor: str | None  #: The id formed from the number (``p4``).
    label: str  #: What the reader sees: ``§4``, or the label of an unnumbered passage.
    text: str  #: The passage's words, white space collapsed (for fingerprints and metadata).


class ArticleRecord(NamedTuple):
    """A document declared as an article of the commentary."""

    docname: str
    lineno: int
    bibkey: str
    siglum: str
    title: str


class SpanRecord(NamedTuple):
    """A span of an article tied to one or more passages."""

    docname: str
    lineno: int
    anchor: str  #: Id of the span's element in the article.
    text: str  #: The article's own words.
    links: tuple[Link, ...]
    serial: int  #: Order of the span within its document.


class ParagraphRecord(NamedTuple):
    """The plain text of one paragraph of an article, for quotation checks."""

    docname: str
    anchor: str
    text: str
    serial: int


class ReferenceRecord(NamedTuple):
    """A ``{passage}`` reference, so that its page is rewritten when numbers change."""

    docname: str
    target: str


class OverrideRecord(NamedTuple):
    """An editor's decision on a detected quotation of the speech in an article."""

    docname: str
    lineno: int
    prefix: str  #: The first words of the quotation it applies to.
    action: str  #: ``reject``, ``outside`` or ``passage``.
    value: str  #: The reason (reject, outside) or the passage id (passage).


class FactRecord(NamedTuple):
    """A fact on which the sources may differ: its key and how the note names it."""

    docname: str
    lineno: int
    key: str
    label: str


class ReadingRecord(NamedTuple):
    """One source's reading of a fact, where it stands in that source."""

    docname: str
    lineno: int
    key: str
    text: str
    anchor: str  #: Id of the marker after the reading.
    serial: int


class ListingRecord(NamedTuple):
    """A page that lists the speech as quoted in the commentary."""

    docname: str


class StandoffRecord(NamedTuple):
    """A quotation stored apart from its article, to be found in it verbatim."""

    docname: str
    lineno: int
    article: str  #: Docname of the article quoted.
    quote: str
    links: tuple[Link, ...]
    serial: int
