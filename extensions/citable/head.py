"""Metadata in each HTML page's head: Highwire Press, Dublin Core and schema.org JSON-LD."""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING, Any

from apparatus.domain import get_domain

from .metadata import Edition, Work, page_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def bib_people(entry: Any, role: str) -> list[str]:
    """The people of a BibTeX entry in one role, as 'Family, Given'."""
    return [
        ", ".join(part for part in (" ".join(p.last_names), " ".join(p.first_names + p.middle_names)) if part)
        for p in entry.persons.get(role, [])
    ]


def describe_page(app: Sphinx, pagename: str, title: str) -> dict[str, Any]:
    """What a page is, as metadata: title, authors, date, the work it presents."""
    edition, work = Edition.from_config(app.config), Work.from_config(app.config)
    editors = list(edition.editors)
    if pagename == work.docname:
        return {
            "title": work.title,
            "authors": [work.author],
            "editors": editors,
            "date": work.year,
            "online_date": edition.release_date,
            "kind": "speech",
        }
    article = get_domain(app.env).article_of(pagename)
    entries = app.env.get_domain("cite").bibdata.data.entries  # type: ignore[attr-defined]
    if article is not None and article.bibkey in entries:
        entry = entries[article.bibkey]
        year = entry.fields.get("year", "")
        return {
            "title": article.title or title,
            "authors": bib_people(entry, "author"),
            "editors": editors,
            "date": year if year.isdigit() else "",
            "online_date": edition.release_date,
            "kind": "article",
        }
    return {
        "title": title,
        "authors": [],
        "editors": editors,
        "date": edition.release_date,
        "online_date": edition.release_date,
        "kind": "page",
    }


def meta(name: str, content: str, attribute: str = "name") -> str:
    """One escaped ``<meta>`` tag."""
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}" />'


def json_ld(app: Sphinx, page: dict[str, Any], url: str, edition_url: str) -> str:
    """A schema.org ``CreativeWork`` for the page, based on the speech and the articles."""
    edition, work = Edition.from_config(app.config), Work.from_config(app.config)
    entries = app.env.get_domain("cite").bibdata.data.entries  # type: ignore[attr-defined]
    sources: list[dict[str, Any]] = [
        {"@type": "CreativeWork", "name": work.title, "author": {"@type": "Person", "name": work.author}}
    ]
    for article in sorted(get_domain(app.env).articles):
        source: dict[str, Any] = {"@type": "CreativeWork", "name": article.title}
        if article.bibkey in entries:
            people = bib_people(entries[article.bibkey], "author")
            if people:
                source["author"] = [{"@type": "Person", "name": person} for person in people]
        sources.append(source)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": page["title"],
        "url": url,
        "editor": [{"@type": "Organization", "name": name} for name in page["editors"]],
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


def add_head_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add the page's Highwire, Dublin Core and JSON-LD metadata to its head."""
    if app.builder.format != "html" or doctree is None or not app.config.citable_edition:
        return
    edition = Edition.from_config(app.config)
    title = context.get("title", "") or ""
    page = describe_page(app, pagename, _plain(title))
    url = page_url(app, pagename, pagename)
    edition_url = page_url(app, pagename, app.config.root_doc)
    tags = [meta("citation_title", page["title"])]
    tags += [meta("citation_author", person) for person in page["authors"]]
    tags += [meta("citation_editor", person) for person in page["editors"]]
    if page["date"]:
        tags.append(meta("citation_publication_date", page["date"]))
    tags.append(meta("citation_online_date", page["online_date"]))
    tags.append(meta("citation_book_title", edition.title))
    if edition.publisher:
        tags.append(meta("citation_publisher", edition.publisher))
    if app.config.html_baseurl:  # a relative address means nothing outside the page
        tags.append(meta("citation_public_url", url))
    tags.append(meta("citation_language", app.config.language or "en"))
    tags.append('<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/" />')
    tags.append('<link rel="schema.DCTERMS" href="http://purl.org/dc/terms/" />')
    tags.append(meta("DC.title", page["title"]))
    tags += [meta("DC.creator", person) for person in page["authors"]]
    tags += [meta("DC.contributor", person) for person in page["editors"]]
    tags.append(meta("DC.date", page["date"] or page["online_date"]))
    if app.config.html_baseurl:
        tags.append(meta("DC.identifier", url))
    tags.append(meta("DCTERMS.isPartOf", edition.title))
    tags.append(meta("DC.type", "Text"))
    tags.append(meta("DC.language", app.config.language or "en"))
    if edition.description:
        tags.append(meta("description", edition.description))
    tags.append(json_ld(app, page, url, edition_url))
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def _plain(title: str) -> str:
    """The text of a page title, which Sphinx gives as HTML."""
    from html import unescape
    from re import sub

    return unescape(sub(r"<[^>]+>", "", title))
