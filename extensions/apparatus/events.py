"""Event handlers: checks after all documents are read, and pages to rewrite."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from toolkit import bibliography

from .domain import find_in, get_domain
from .messages import warn

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import ApparatusDomain
    from .records import PassageRecord

#: Kinds of record whose change alters the notes on the passages' pages.
COMMENTARY_KINDS = frozenset({"articles", "spans", "paragraphs", "standoffs", "overrides"})
#: Kinds of record whose change alters the editorial notes on disputed facts.
FACT_KINDS = frozenset({"facts", "readings"})
#: The records those notes are made from: the facts, the readings, and the articles' sigla and titles.
FACT_NOTE_KINDS = (*sorted(FACT_KINDS), "articles")


def note_docs_to_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Remember which documents this build reads; leave out, with a warning, any that is not UTF-8.

    Sphinx would stop the whole build on the first undecodable source.
    """
    for docname in list(docnames):
        data = env.doc2path(docname).read_bytes()
        try:
            data.decode(env.config.source_encoding)
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            encoding = "UTF-8" if env.config.source_encoding.lower().startswith("utf-8") else error.encoding
            warn(
                f"not valid {encoding} (byte {data[error.start]:#04x}); "
                "this document is left out of the build",
                "bad_encoding",
                (docname, line),
            )
            docnames.remove(docname)
            # and out of the project, or Sphinx would still try to write it
            env.project.docnames.discard(docname)
    get_domain(env).data["reread"] = set(docnames)


def forget_derived(app: Sphinx, env: BuildEnvironment) -> None:
    """Start the writing of each build with an empty cache of derived data."""
    get_domain(env).forget_derived()


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """Pages whose output depends on documents that were just read or removed.

    Editing an article changes the notes on the speech page; editing the speech
    changes the numbers that articles and ``{passage}`` references show.
    """
    domain = get_domain(env)
    reread: set[str] = domain.data.pop("reread", set())
    purged: dict[str, dict[str, list[Any]]] = domain.data.pop("purged", {})
    kinds: set[str] = set()
    for docname in reread | purged.keys():
        kinds |= purged.get(docname, {}).keys() | domain.kinds_of(docname)
    pages: set[str] = set()
    if kinds & COMMENTARY_KINDS:
        pages |= domain.docnames_holding("passages", "listings")
    if "passages" in kinds:
        pages |= domain.docnames_holding("articles", "spans", "standoffs", "references", "listings")
    if any(changed_records(domain, purged, docname, FACT_NOTE_KINDS) for docname in reread | purged.keys()):
        pages |= domain.docnames_holding("facts", "readings")
    return pages & env.found_docs


def changed_records(
    domain: ApparatusDomain, purged: dict[str, dict[str, list[Any]]], docname: str, kinds: Iterable[str]
) -> bool:
    """Whether *docname* now holds other records of *kinds* than before it was read again.

    Line numbers are left out of the comparison: they only place warnings, and
    editing the text above a record moves them without changing any page.
    """
    before = purged.get(docname, {})
    for kind in kinds:
        old = [record._replace(lineno=0) for record in before.get(kind, [])]
        new = [record._replace(lineno=0) for record in domain.data[kind] if record.docname == docname]
        if old != new:
            return True
    return False


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about everything that can only be judged with all documents read."""
    domain = get_domain(env)
    passages = domain.passage_map()
    counts = Counter(record.passage_id for record in domain.passages)
    first = {record.passage_id: record for record in passages.values()}
    for record in sorted(domain.passages, key=lambda r: (r.docname, r.lineno)):
        original = first[record.passage_id]
        if counts[record.passage_id] > 1 and record is not original:
            warn(
                f"duplicate passage id {record.passage_id!r}, first defined in "
                f"{env.doc2path(original.docname, False)}:{original.lineno}",
                "duplicate_passage",
                (record.docname, record.lineno),
            )
    for span in sorted(domain.spans, key=lambda s: (s.docname, s.serial)):
        for link in span.links:
            if link.passage_id not in passages:
                warn(
                    f"unknown passage id {link.passage_id!r}", "unknown_passage", (span.docname, span.lineno)
                )
    articles = {article.docname: article for article in domain.articles}
    paragraphs = domain.paragraphs_by_article()
    for docname in sorted({span.docname for span in domain.spans} - articles.keys()):
        first = min((s for s in domain.spans if s.docname == docname), key=lambda s: s.serial)
        warn(
            "{on} spans in a document that declares no article: add an article directive",
            "unknown_article",
            (docname, first.lineno),
        )
    for standoff in sorted(domain.standoffs, key=lambda s: (s.docname, s.serial)):
        location = (standoff.docname, standoff.lineno)
        for link in standoff.links:
            if link.passage_id not in passages:
                warn(f"unknown passage id {link.passage_id!r}", "unknown_passage", location)
        if standoff.article not in articles:
            warn(f"{standoff.article!r} is not a document with an article", "unknown_article", location)
        elif find_in(paragraphs.get(standoff.article, []), standoff.quote) is None:
            warn(
                f"quotation not found verbatim in {standoff.article!r}: {standoff.quote[:60]!r}"
                + ("…" if len(standoff.quote) > 60 else ""),
                "quote_not_found",
                location,
            )
    check_articles(env, domain)
    check_facts(domain)
    check_overrides(domain, passages)


def check_facts(domain: ApparatusDomain) -> None:
    """Warn about readings of undefined facts, facts defined twice, and facts with no reading."""
    keys = [fact.key for fact in domain.data["facts"]]
    for fact in sorted(domain.data["facts"]):
        if keys.count(fact.key) > 1 and domain.fact(fact.key) != fact:
            warn(f"fact {fact.key!r} is defined twice", "bad_markup", (fact.docname, fact.lineno))
        if not any(r.key == fact.key for r in domain.data["readings"]):
            warn(
                f"fact {fact.key!r} has no reading in any source", "unknown_fact", (fact.docname, fact.lineno)
            )
    for reading in sorted(domain.data["readings"]):
        if reading.key not in keys:
            warn(f"unknown fact {reading.key!r}", "unknown_fact", (reading.docname, reading.lineno))


def check_overrides(domain: ApparatusDomain, passages: dict[str, PassageRecord]) -> None:
    """Warn about overrides that match no detected quotation or name an unknown passage."""
    _found, unmatched = domain.cached("quotations", domain.speech_quotations)
    for override in unmatched:
        warn(
            f"speech-quotation {override.prefix!r} matches no quotation detected in this article",
            "override_unmatched",
            (override.docname, override.lineno),
        )
    for override in domain.data["overrides"]:
        if override.action == "passage" and override.value not in passages:
            warn(
                f"unknown passage id {override.value!r}",
                "unknown_passage",
                (override.docname, override.lineno),
            )


def check_articles(env: BuildEnvironment, domain: ApparatusDomain) -> None:
    """Warn about articles with unknown BibTeX keys or no link to any passage."""
    entries = bibliography.entries(env)
    linked = {span.docname for span in domain.spans} | {s.article for s in domain.standoffs}
    left_out = set(domain.data.get("bibliography_left_out", ()))  # warned at their line in the file
    for article in sorted(domain.articles):
        location = (article.docname, article.lineno)
        if article.bibkey not in entries and article.bibkey not in left_out:
            warn(f"unknown BibTeX key {article.bibkey!r}", "unknown_bibkey", location)
        if article.docname not in linked:
            warn("article has no span linked to a passage", "unlinked_article", location)
