"""Cite panels under each passage, and the edition's citations on its "How to cite" page."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar

from apparatus import nodes as apparatus_nodes
from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from toolkit.editorial import EDITORIAL

from . import nodes as citable_nodes
from .formatting import format_ahead, format_item, format_passage, html_to_nodes
from .metadata import Edition, Work, edition_item, page_url, passage_item
from .records import bibtex_entry, ris_record

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def citation_forms(app: Sphinx, item: dict[str, Any], locator: str, key: str, note: str) -> list[nodes.Node]:
    """One ``cite_format`` per configured CSL style, then BibTeX, RIS and the CSL-JSON item.

    The CSL-JSON is the very item the formatted citations were made from, so that a
    reader (or a test) can give it to another CSL engine and get the same citations.
    """
    forms: list[nodes.Node] = []
    format_ahead(item, [style["csl"] for style in app.config.citable_styles], passage=bool(locator))
    for style in app.config.citable_styles:
        formatted = (
            format_passage(item, style["csl"], locator) if locator else format_item(item, style["csl"])
        )
        form = citable_nodes.cite_format(label=style["label"])
        for caption, html in ((style["short"], formatted.short), (style["entry"], formatted.entry)):
            paragraph = nodes.paragraph(classes=["cite-text"])
            paragraph += nodes.inline(caption, caption, classes=["cite-caption"])
            paragraph += nodes.Text(" ")
            paragraph += html_to_nodes(html)
            form += paragraph
        forms.append(form)
    for label, text, language in (
        ("BibTeX", bibtex_entry(key, item, note), "bibtex"),
        ("RIS", ris_record(item, note), "text"),
        ("CSL-JSON", json.dumps(item, indent=2, ensure_ascii=False), "json"),
    ):
        form = citable_nodes.cite_format(label=label)
        form += nodes.literal_block(text, text, language=language, classes=["cite-record"])
        forms.append(form)
    return forms


def add_cite_panels(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give each numbered passage a permalink and a "Cite this passage" panel."""
    if app.builder.format != "html" or not app.config.citable_edition:
        return
    passages = [node for node in doctree.findall(apparatus_nodes.passage) if node.get("number") is not None]
    if passages:
        edition, work = Edition.from_config(app.config), Work.from_config(app.config)
        for index, passage in enumerate(passages):
            decorate_passage(app, passage, edition, work, docname)
            previous = passages[index - 1] if index else None
            following = passages[index + 1] if index + 1 < len(passages) else None
            passage += passage_navigation(previous, following)
    for placeholder in list(doctree.findall(citable_nodes.edition_citation)):
        edition = Edition.from_config(app.config)
        url = page_url(app, docname, app.config.root_doc)
        item = edition_item(edition, url)
        forms = citation_forms(app, item, "", app.config.citable_bibtex_key, "")
        placeholder.replace_self(forms)


def decorate_passage(app: Sphinx, passage: nodes.Element, edition: Edition, work: Work, docname: str) -> None:
    """Add the permalink and the cite panel to one passage."""
    passage_id, number, label = passage["passage_id"], str(passage["number"]), passage["label"]
    url = page_url(app, docname, docname, passage_id)
    item = passage_item(edition, work, url)
    first = next(iter(passage.findall(nodes.paragraph)), None)
    marker = next(iter(passage.findall(apparatus_nodes.passage_number)), None)
    if first is not None and marker is not None:
        permalink = nodes.reference(
            "",
            "¶",
            refuri=f"#{passage_id}",
            classes=["headerlink", "passage-permalink"],
            reftitle=f"Link to {label}",
        )
        first.insert(first.index(marker) + 1, permalink)
    key = f"{app.config.citable_bibtex_key}-s{number}"
    note = f"{work.title}, {label}"
    # boilerplate for the search index: "no-search" keeps it out
    panel = citable_nodes.cite_panel(classes=[EDITORIAL, "no-search"], summary=f"Cite {label}")
    panel["ids"].append(f"cite-{passage_id}")
    panel += citation_forms(app, item, number, key, note)
    passage += panel


def passage_navigation(previous: nodes.Element | None, following: nodes.Element | None) -> nodes.paragraph:
    """Links to the previous and the next passage of the page, for reading passage by passage."""
    links = nodes.paragraph(classes=["passage-nav", EDITORIAL, "no-search"])
    for node, rel, text in ((previous, "prev", "← {}"), (following, "next", "{} →")):
        if node is None:
            continue
        if len(links):
            links += nodes.Text(" · ")
        label = text.format(node["label"])
        links += nodes.reference(label, label, refuri=f"#{node['passage_id']}", classes=[f"passage-{rel}"])
    return links


class EditionCitationDirective(SphinxDirective):
    """``edition-citation``: the edition cited in every configured style, BibTeX and RIS."""

    has_content = False
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder; the citations need the page's address, known when writing."""
        node = citable_nodes.edition_citation()
        self.set_source_info(node)
        return [node]
