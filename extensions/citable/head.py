"""Metadata in each HTML page's head: Highwire Press, Dublin Core and schema.org JSON-LD."""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING, Any

from apparatus.domain import get_domain
from toolkit import bibliography

from .metadata import Edition, Work, page_url, publishing_body

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def bib_people(entry: Any, role: str) -> list[str]:
    """The people of a BibTeX entry in one role, as 'Family, Given'."""
    return [
        ", ".join(part for part in (" ".join(p.last_names), " ".join(p.first_names + p.middle_names)) if part)
        for p in entry.persons.get(role, [])
    ]


def describe_page(app: Sphinx, pagename: str, title: str) -> dict[str, Any]:
    """What a page is, as a reference manager should save it.

    The speech page is the speech as a section of the edition; an article page is the
    article with its original publication, as the edition transcribes it; every other
    page is the edition as a whole (docs/reference.md, "Page metadata").
    """
    edition, work = Edition.from_config(app.config), Work.from_config(app.config)
    persons = [name for name in edition.editors if "," in name]  # bodies: see publishing_body
    if pagename == work.docname:
        return {
            "kind": "speech",
            "title": work.title,
            "authors": [work.author],
            "editors": persons,
            "date": edition.release_date,
            "original_date": work.year,
            "description": f"{work.title} ({work.year}), {work.author_given} {work.author_family}: "
            f"the excerpts as edited in {edition.title}, with the apparatus of its commentary.",
        }
    article = get_domain(app.env).article_of(pagename)
    entries = bibliography.entries(app.env)
    if article is not None and article.bibkey in entries:
        entry = entries[article.bibkey]
        return {
            "kind": "article",
            "title": article.title or title,
            "authors": bib_people(entry, "author"),
            "editors": [],
            "date": bib_date(entry),
            "journal": entry.fields.get("journal", ""),
            "issue": entry.fields.get("number", ""),
            "site": _tex_text(entry.fields.get("howpublished", "")),
            "description": f"{article.title or title}: the article as transcribed in {edition.title} "
            f"(witness {article.siglum}).",
        }
    return {
        "kind": "edition",
        "title": edition.title,
        "authors": [],
        "editors": persons,
        "date": edition.release_date,
        "description": edition.description,
    }


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bib_date(entry: Any) -> str:
    """An entry's date as ``YYYY`` or ``YYYY-MM``; empty when the source gives none ("n.d.")."""
    year = entry.fields.get("year", "")
    if not year.isdigit():
        return ""
    month = entry.fields.get("month", "").strip().lower()[:3]
    return f"{year}-{MONTHS.index(month) + 1:02d}" if month in MONTHS else year


def _tex_text(value: str) -> str:
    """A BibTeX field's text without TeX's quotes and ellipsis macro."""
    return value.replace("``", "“").replace("''", "”").replace("\\ldots", "…")


def meta(name: str, content: str, attribute: str = "name") -> str:
    """One escaped ``<meta>`` tag."""
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}" />'


def based_on(env: BuildEnvironment, config: Config) -> list[dict[str, Any]]:
    """What every page names as its sources: the speech, and each article with its authors.

    Every page shows it, so a change to it (an article retitled, added or taken
    out, its authors corrected) rewrites every page (``citable.sources``).
    """
    work = Work.from_config(config)
    entries = bibliography.entries(env)
    sources: list[dict[str, Any]] = [
        {"@type": "CreativeWork", "name": work.title, "author": {"@type": "Person", "name": work.author}}
    ]
    for article in sorted(get_domain(env).articles):
        source: dict[str, Any] = {"@type": "CreativeWork", "name": article.title}
        if article.bibkey in entries:
            people = bib_people(entries[article.bibkey], "author")
            if people:
                source["author"] = [{"@type": "Person", "name": person} for person in people]
        sources.append(source)
    return sources


def json_ld(app: Sphinx, page: dict[str, Any], url: str, edition_url: str) -> str:
    """A schema.org ``CreativeWork`` for the page, based on the speech and the articles."""
    edition, work = Edition.from_config(app.config), Work.from_config(app.config)
    sources = based_on(app.env, app.config)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": page["title"],
        "url": url,
        "editor": [
            {"@type": "Person" if "," in name else "Organization", "name": name} for name in edition.editors
        ],
        "datePublished": edition.release_date,
        "version": edition.version,
        "isPartOf": {"@type": "Book", "name": edition.title, "url": edition_url},
        "isBasedOn": sources,
    }
    if page["authors"]:
        data["author"] = [{"@type": "Person", "name": person} for person in page["authors"]]
    if page["kind"] == "speech":
        data["dateCreated"] = work.year
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def highwire_tags(app: Sphinx, page: dict[str, Any], url: str) -> list[str]:
    """The Highwire Press tags, the ones Zotero's Embedded Metadata translator trusts most.

    ``citation_inbook_title`` rather than ``citation_book_title``: the translator reads
    any ``*_book_*`` tag as Open Graph's ``book:`` prefix, and the item would not become
    a book section. The speech page gives no address, so that the one the reader
    arrived at, anchor and all, becomes the item's URL.
    """
    edition = Edition.from_config(app.config)
    tags = [meta("citation_title", page["title"])]
    tags += [meta("citation_author", person) for person in page["authors"]]
    tags += [meta("citation_editor", person) for person in page["editors"]]
    if page["date"]:
        tags.append(meta("citation_publication_date", page["date"]))
    if page["kind"] == "speech":
        tags.append(meta("citation_inbook_title", edition.title))
    if page.get("journal"):
        tags.append(meta("citation_journal_title", page["journal"]))
    if page.get("issue"):
        tags.append(meta("citation_issue", page["issue"]))
    if page["kind"] != "article" and publishing_body(edition):
        tags.append(meta("citation_publisher", publishing_body(edition)))
    if page["kind"] != "speech" and app.config.html_baseurl:  # a relative address means nothing elsewhere
        tags.append(meta("citation_public_url", url))
    tags.append(meta("citation_language", app.config.language or "en"))
    if page["kind"] == "edition" and page["description"]:
        tags.append(meta("citation_abstract", page["description"]))
    if page["kind"] != "article" and edition.version:
        tags.append(meta("prism.edition", edition.edition_label))  # read into Zotero's Edition field
    return tags


def dublin_core_tags(app: Sphinx, page: dict[str, Any], url: str) -> list[str]:
    """Dublin Core tags: the page's work, its creators and date (persons only, as above)."""
    edition = Edition.from_config(app.config)
    tags = ['<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/" />']
    tags.append('<link rel="schema.DCTERMS" href="http://purl.org/dc/terms/" />')
    tags.append(meta("DC.title", page["title"]))
    tags += [meta("DC.creator", person) for person in page["authors"]]
    tags += [meta("DC.contributor", person) for person in page["editors"]]
    date = page.get("original_date") or page["date"]
    if date:
        tags.append(meta("DC.date", date))
    if page["kind"] != "speech" and app.config.html_baseurl:
        tags.append(meta("DC.identifier", url))
    if page["kind"] == "speech":
        tags.append(meta("DCTERMS.isPartOf", edition.title))
    tags.append(meta("DC.type", "Text"))
    tags.append(meta("DC.language", app.config.language or "en"))
    return tags


def add_head_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add the page's Highwire, Dublin Core and JSON-LD metadata to its head."""
    if app.builder.format != "html" or doctree is None or not app.config.citable_edition:
        return
    edition = Edition.from_config(app.config)
    page = describe_page(app, pagename, _plain(context.get("title", "") or ""))
    root = app.config.root_doc
    url = page_url(app, pagename, pagename if page["kind"] != "edition" else root)
    edition_url = page_url(app, pagename, root)
    tags = highwire_tags(app, page, url) + dublin_core_tags(app, page, url)
    if edition.description and pagename == root:  # the edition's description describes no other page
        tags.append(meta("description", edition.description))
    tags.append(json_ld(app, page, page_url(app, pagename, pagename), edition_url))
    graph = open_graph(page)
    if "sphinxext.opengraph" in app.extensions:
        # that extension writes them, with its own tags, after this handler
        context["meta"] = {**graph, **(context.get("meta") or {})}
    else:
        tags += [meta(name, value, "property") for name, value in graph.items()]
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def open_graph(page: dict[str, Any]) -> dict[str, str]:
    """Open Graph values of the page, which Zotero's translators read too.

    The pages of the edition as a whole are a book (``og:type``), which makes Zotero's
    item a book; an article's site is its original publication's; the speech and the
    articles are described by a sentence rather than by their opening words.
    """
    graph = {}
    if page["kind"] == "edition":
        graph["og:type"] = "book"
    elif page["kind"] == "article" and not page.get("journal"):
        graph["og:type"] = "website"  # sphinxext-opengraph's default; a web page, not a journal's
    if page.get("site"):
        graph["og:site_name"] = page["site"]
    if page["kind"] != "edition" and page["description"]:
        graph["og:description"] = page["description"]
    return graph


def drop_page_address(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Leave the speech page without a canonical or Open Graph address.

    Zotero's Embedded Metadata translator takes the item's URL from ``og:url``, then
    ``citation_public_url``, then the canonical link, and only then from the address
    in the browser; only the last keeps the passage the reader arrived at (``#p4``).
    Runs after sphinxext-opengraph has written its tags.
    """
    if not app.config.citable_edition or pagename != Work.from_config(app.config).docname:
        return
    context["pageurl"] = None
    context["metatags"] = "\n".join(
        line for line in context.get("metatags", "").split("\n") if 'property="og:url"' not in line
    )


def _plain(title: str) -> str:
    """The text of a page title, which Sphinx gives as HTML."""
    from html import unescape
    from re import sub

    return unescape(sub(r"<[^>]+>", "", title))
