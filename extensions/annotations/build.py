"""Write ``annotations.jsonld`` once the HTML pages are written, from the apparatus's records."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from apparatus import lemmata
from apparatus.domain import find_in, get_domain

from . import model
from .messages import warn
from .text import PageText, Words, page_text

if TYPE_CHECKING:
    from apparatus.relations import Link
    from sphinx.application import Sphinx

#: The builders whose pages the annotations are counted in: the website's, and the ``tei`` builder's
#: (an HTML builder that writes the same pages privately, so that its annotations are the website's).
BUILDERS = frozenset({"html", "dirhtml", "tei"})


def collect_links(app: Sphinx) -> list[model.Link]:
    """Every commentary link, span or stand-off, to each passage it bears on, in a stable order.

    Each link targets its lemma: the passage's words its note bears on, which the
    page marks with the id of the lemma's first words; a note on the whole
    passage, or on an unnumbered one (the heading, whose notes bear on the
    speech as a whole), targets the passage's text.
    """
    domain = get_domain(app.env)
    passages = domain.passage_map()
    groups = domain.analyses.groups
    articles = {a.docname: a for a in domain.articles}
    paragraphs = domain.paragraphs_by_article()
    ends: list[tuple[str, str, str, str, tuple]] = []  # (key, article docname, anchor, words, links)
    for span in sorted(domain.spans, key=lambda s: (s.docname, s.serial)):
        ends.append((f"{span.docname}/{span.anchor}", span.docname, span.anchor, span.text, span.links))
    for standoff in sorted(domain.standoffs, key=lambda s: (s.docname, s.serial)):
        paragraph = find_in(paragraphs.get(standoff.article, []), standoff.quote)
        if paragraph is not None:  # else warned by the apparatus
            key = f"{standoff.docname}/link-{standoff.serial}"
            ends.append((key, standoff.article, paragraph.anchor, standoff.quote, standoff.links))
    links = []
    for key, docname, anchor, words, span_links in ends:
        article = articles.get(docname)
        for link, fragment in zip(span_links, link_keys(span_links), strict=True):
            passage = passages.get(link.passage_id)
            if article is None or passage is None:
                continue  # warned by the apparatus
            lemma = None
            if passage.number is not None:
                lemma = lemmata.key(link.lemma, link.relation, words, passage.text)[0]
            group = next(
                (g for g in groups.get(link.passage_id, []) if lemma is not None and g.lemma == lemma), None
            )
            links.append(
                model.Link(
                    f"{key}/{fragment}",
                    link.relation,
                    link.passage_id,
                    passage.docname,
                    passage.anchor,
                    lemma.text if lemma is not None else passage.text,
                    docname,
                    anchor,
                    words,
                    article.title,
                    article.siglum,
                    article.bibkey,
                    group.lemma_id if group is not None else "",
                )
            )
    return links


def link_keys(links: tuple[Link, ...] | list[Link]) -> list[str]:
    """The end of each link's annotation id: ``relation/passage``, and the link's rank where that repeats.

    One span may key the same passage twice under one relation, at two lemmata;
    its links then take ``/1``, ``/2`` … in the order the editor wrote them.
    The rank depends on the span's own specification only, so other notes on
    the passage leave the ids unchanged.
    """
    bases = [f"{link.relation}/{link.passage_id}" for link in links]
    counts = Counter(bases)
    seen: Counter[str] = Counter()
    keys = []
    for base in bases:
        seen[base] += 1
        keys.append(f"{base}/{seen[base]}" if counts[base] > 1 else base)
    return keys


def write_annotations(app: Sphinx, exception: Exception | None) -> None:
    """Write the collection of annotations next to the pages, after a successful HTML build."""
    if exception is not None or app.builder.name not in BUILDERS:
        return
    base = app.config.html_baseurl.rstrip("/")

    def url(docname: str) -> str:
        target = app.builder.get_target_uri(docname)
        return f"{base}/{target}" if base else target

    ids = f"{base}/{model.FILENAME}" if base else model.FILENAME
    pages: dict[str, PageText] = {}

    def words_in(docname: str, anchor: str, words: str, start: str = "") -> tuple[PageText, Words] | None:
        if docname not in pages:
            path = Path(app.builder.get_outfilename(docname))  # type: ignore[attr-defined]
            pages[docname] = page_text(path.read_text(encoding="utf-8"))
        found = pages[docname].find(anchor, words, start)
        if found is None:
            warn(
                f"the words {words[:60]!r} are not in the text of #{anchor} on the built page",
                "words_not_found",
                docname,
            )
            return None
        return pages[docname], found

    annotations = []
    for link in collect_links(app):
        passage = words_in(link.passage_docname, link.passage_anchor, link.passage_words, link.lemma_id)
        article = words_in(link.article_docname, link.article_anchor, link.article_words)
        if passage is not None and article is not None:
            annotations.append(
                model.annotation(link, ids, url, passage, article, app.config.language or "en")
            )
    label = f"{app.config.project}: the commentary's links to the text"
    data = model.collection(ids, label, annotations, app.config.annotations_page_size)
    out = Path(app.outdir) / model.FILENAME
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
