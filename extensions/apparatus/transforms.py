"""Read-phase transforms: the articles' paragraph anchors, and the markers of fact readings."""

from __future__ import annotations

from typing import Any

from documents import unique_id
from docutils import nodes
from sphinx.transforms import SphinxTransform
from toolkit.editorial import inside_editorial

from . import nodes as apparatus_nodes
from .analyses import normalise
from .api import ANCHORS_PRIORITY, paragraph_anchor
from .domain import get_domain
from .messages import warn
from .records import ParagraphRecord, ReadingRecord


class ArticleParagraphs(SphinxTransform):
    """Give each paragraph of an article an anchor (``para-3``) and record its text."""

    default_priority = ANCHORS_PRIORITY

    def apply(self, **kwargs: Any) -> None:
        """Anchor and record the paragraphs of an article; other documents are left alone."""
        domain = get_domain(self.env)
        docname = self.env.docname
        if domain.article_of(docname) is None:
            return
        serial = 0
        for paragraph in self.document.findall(nodes.paragraph):
            if inside_editorial(paragraph):
                continue
            serial += 1
            anchor = unique_id(self.document, paragraph_anchor(serial))
            paragraph["ids"].append(anchor)
            self.document.ids[anchor] = paragraph
            text = normalise(
                "".join(
                    " " if isinstance(child, nodes.raw) else child.astext()  # a hard line break is a space
                    for child in paragraph.findall(lambda n: isinstance(n, (nodes.Text, nodes.raw)))
                    if not isinstance(child.parent, (apparatus_nodes.lacuna, nodes.raw))
                )
            )
            domain.add(ParagraphRecord(docname, anchor, text, serial))


class FactReadings(SphinxTransform):
    """Find the words of each ``fact-reading`` and put a marker for its note after them."""

    default_priority = ANCHORS_PRIORITY - 10

    def apply(self, **kwargs: Any) -> None:
        """Place the markers and record the readings of this document."""
        pending = self.env.current_document.get("apparatus_readings") or []
        if not pending:
            return
        domain = get_domain(self.env)
        docname = self.env.docname
        for serial, (key, quote, lineno) in enumerate(pending):
            places = [
                text
                for text in self.document.findall(nodes.Text)
                if quote in text and not inside_editorial(text)
            ]
            count = sum(str(text).count(quote) for text in places)
            if count != 1:
                where = "is not found" if not count else f"stands {count} times"
                warn(
                    f"fact-reading {quote!r} {where} in this document", "reading_not_found", (docname, lineno)
                )
                continue
            text = places[0]
            before, _, after = str(text).partition(quote)
            anchor = unique_id(self.document, f"fact-{key}")
            marker = apparatus_nodes.fact_marker(ids=[anchor], key=key, docname=docname)
            self.document.ids[anchor] = marker
            parent = text.parent
            index = parent.index(text)
            parent.replace(text, nodes.Text(before + quote))
            parent.insert(index + 1, marker)
            if after:
                parent.insert(index + 2, nodes.Text(after))
            domain.add(ReadingRecord(docname, lineno, key, quote, anchor, serial))
