"""The checks that need every document read: ids, links, quotations, articles, facts and overrides."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from toolkit import bibliography

from . import lemmata
from .analyses import find_in
from .domain import get_domain
from .messages import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import ApparatusDomain
    from .records import PassageRecord
    from .relations import Link


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about everything that can only be judged with all documents read."""
    domain = get_domain(env)
    passages = domain.passage_map()
    check_passages(env, domain, passages)
    check_spans(domain, passages)
    check_standoffs(domain, passages)
    check_lemmata(env, domain, passages)
    check_articles(env, domain)
    check_facts(domain)
    check_overrides(domain, passages)


def check_passages(
    env: BuildEnvironment, domain: ApparatusDomain, passages: dict[str, PassageRecord]
) -> None:
    """Warn about each passage whose id an earlier passage (by document and line) already has."""
    counts = Counter(record.passage_id for record in domain.passages)
    for record in sorted(domain.passages, key=lambda r: (r.docname, r.lineno)):
        original = passages[record.passage_id]
        if counts[record.passage_id] > 1 and record is not original:
            warn(
                f"duplicate passage id {record.passage_id!r}, first defined in "
                f"{env.doc2path(original.docname, False)}:{original.lineno}",
                "duplicate_passage",
                (record.docname, record.lineno),
            )


def unknown_passages(links: tuple[Link, ...], passages: dict[str, PassageRecord], location: tuple) -> None:
    """Warn about each link to a passage id that no passage has."""
    for link in links:
        if link.passage_id not in passages:
            warn(f"unknown passage id {link.passage_id!r}", "unknown_passage", location)


def check_spans(domain: ApparatusDomain, passages: dict[str, PassageRecord]) -> None:
    """Warn about spans that link to unknown passages, or stand in a document without an article."""
    for span in sorted(domain.spans, key=lambda s: (s.docname, s.serial)):
        unknown_passages(span.links, passages, (span.docname, span.lineno))
    articles = {article.docname for article in domain.articles}
    for docname in sorted({span.docname for span in domain.spans} - articles):
        first = min((s for s in domain.spans if s.docname == docname), key=lambda s: s.serial)
        warn(
            "{on} spans in a document that declares no article: add an article directive",
            "unknown_article",
            (docname, first.lineno),
        )


def check_standoffs(domain: ApparatusDomain, passages: dict[str, PassageRecord]) -> None:
    """Warn about stand-off links to unknown passages or articles, or whose quotation is not found."""
    articles = {article.docname for article in domain.articles}
    paragraphs = domain.paragraphs_by_article()
    for standoff in sorted(domain.standoffs, key=lambda s: (s.docname, s.serial)):
        location = (standoff.docname, standoff.lineno)
        unknown_passages(standoff.links, passages, location)
        if standoff.article not in articles:
            warn(f"{standoff.article!r} is not a document with an article", "unknown_article", location)
        elif find_in(paragraphs.get(standoff.article, []), standoff.quote) is None:
            warn(
                f"quotation not found verbatim in {standoff.article!r}: {standoff.quote[:60]!r}"
                + ("…" if len(standoff.quote) > 60 else ""),
                "quote_not_found",
                location,
            )


def check_lemmata(env: BuildEnvironment, domain: ApparatusDomain, passages: dict[str, PassageRecord]) -> None:
    """Warn about each lemma that does not name one place in its passage, at the span's line.

    A link with no lemma keys its note to the whole passage; on a numbered
    passage that is an oversight when the project requires lemmata.
    """
    require = env.config.apparatus_require_lemma
    paragraphs = domain.paragraphs_by_article()
    ends = [(s.docname, s.serial, s.lineno, s.text, s.links) for s in domain.spans]
    for standoff in domain.standoffs:
        if find_in(paragraphs.get(standoff.article, []), standoff.quote) is not None:
            ends.append((standoff.docname, standoff.serial, standoff.lineno, standoff.quote, standoff.links))
    for docname, _serial, lineno, words, links in sorted(ends, key=lambda end: end[:2]):
        for link in links:
            passage = passages.get(link.passage_id)
            if passage is None:
                continue  # warned as an unknown passage
            _lemma, fault = lemmata.key(link.lemma, link.relation, words, passage.text)
            where = f"{link.relation}: {link.passage_id} ({passage.label})"
            if fault == lemmata.NOT_FOUND:
                warn(f"lemma {link.lemma!r} is not in the passage of {where}", fault, (docname, lineno))
            elif fault == lemmata.AMBIGUOUS:
                count = len(lemmata.occurrences(link.lemma or "", passage.text))
                warn(
                    f"lemma {link.lemma!r} stands {count} times in the passage of {where}; "
                    "lengthen it until it names one place",
                    fault,
                    (docname, lineno),
                )
            elif fault == lemmata.MISSING and require and passage.number is not None:
                warn(
                    f"no lemma for {where}: quote the passage's words the note bears on, "
                    "or write * for the whole passage",
                    fault,
                    (docname, lineno),
                )


def check_facts(domain: ApparatusDomain) -> None:
    """Warn about readings of undefined facts, facts defined twice, and facts with no reading."""
    keys = [fact.key for fact in domain.facts]
    for fact in sorted(domain.facts):
        if keys.count(fact.key) > 1 and domain.fact(fact.key) != fact:
            warn(f"fact {fact.key!r} is defined twice", "bad_markup", (fact.docname, fact.lineno))
        if not any(r.key == fact.key for r in domain.readings):
            warn(
                f"fact {fact.key!r} has no reading in any source", "unknown_fact", (fact.docname, fact.lineno)
            )
    for reading in sorted(domain.readings):
        if reading.key not in keys:
            warn(f"unknown fact {reading.key!r}", "unknown_fact", (reading.docname, reading.lineno))


def check_overrides(domain: ApparatusDomain, passages: dict[str, PassageRecord]) -> None:
    """Warn about overrides that match no detected quotation or name an unknown passage."""
    _found, unmatched = domain.speech_quotations()
    for override in unmatched:
        warn(
            f"speech-quotation {override.prefix!r} matches no quotation detected in this article",
            "override_unmatched",
            (override.docname, override.lineno),
        )
    for override in domain.overrides:
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
    left_out = set(domain.data["bibliography_left_out"])  # warned at their line in the file
    for article in sorted(domain.articles):
        location = (article.docname, article.lineno)
        if article.bibkey not in entries and article.bibkey not in left_out:
            warn(f"unknown BibTeX key {article.bibkey!r}", "unknown_bibkey", location)
        if article.docname not in linked:
            warn("article has no span linked to a passage", "unlinked_article", location)
