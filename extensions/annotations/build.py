"""Write ``annotations.jsonld`` once the HTML pages are written, from the apparatus's records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from apparatus.domain import find_in, get_domain

from . import model
from .messages import warn
from .text import PageText, Words, page_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The builders whose pages the annotations are counted in: the website's, and the ``tei`` builder's
#: (an HTML builder that writes the same pages privately, so that its annotations are the website's).
BUILDERS = frozenset({"html", "dirhtml", "tei"})


def collect_links(app: Sphinx) -> list[model.Link]:
    """Every commentary link, span or stand-off, to each passage it bears on, in a stable order."""
    domain = get_domain(app.env)
    passages = domain.passage_map()
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
        for link in span_links:
            passage = passages.get(link.passage_id)
            if article is None or passage is None:
                continue  # warned by the apparatus
            links.append(
                model.Link(
                    f"{key}/{link.relation}/{link.passage_id}",
                    link.relation,
                    link.passage_id,
                    passage.docname,
                    passage.anchor,
                    passage.text,
                    docname,
                    anchor,
                    words,
                    article.title,
                    article.siglum,
                    article.bibkey,
                )
            )
    return links


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

    def words_in(docname: str, anchor: str, words: str) -> tuple[PageText, Words] | None:
        if docname not in pages:
            path = Path(app.builder.get_outfilename(docname))  # type: ignore[attr-defined]
            pages[docname] = page_text(path.read_text(encoding="utf-8"))
        found = pages[docname].find(anchor, words)
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
        passage = words_in(link.passage_docname, link.passage_anchor, link.passage_words)
        article = words_in(link.article_docname, link.article_anchor, link.article_words)
        if passage is not None and article is not None:
            annotations.append(
                model.annotation(link, ids, url, passage, article, app.config.language or "en")
            )
    label = f"{app.config.project}: the commentary's links to the text"
    data = model.collection(ids, label, annotations, app.config.annotations_page_size)
    out = Path(app.outdir) / model.FILENAME
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
