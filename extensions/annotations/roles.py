"""The ``{annotations-file}`` role: a link to ``annotations.jsonld`` from any page of the edition."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from .build import BUILDERS
from .model import FILENAME

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class annotations_file(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils names nodes in lowercase)
    """Where a page links to the annotations file; made a link, or plain text, when written."""


class AnnotationsFileRole(SphinxRole):
    """Record the place of the link: its address depends on the builder and the page."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Return the placeholder holding the link text."""
        return [annotations_file(self.rawtext, self.text or FILENAME)], []


def resolve_annotations_file(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Make each placeholder a link where the file exists: the HTML build, or a published address.

    Other outputs (the PDF, the EPUB) do not hold the file, so without a public
    address the words stay plain text rather than a broken link.
    """
    base = app.config.html_baseurl.rstrip("/")
    for node in list(doctree.findall(annotations_file)):
        text = nodes.Text(node.astext())
        if base:
            uri = f"{base}/{FILENAME}"
        elif app.builder.name in BUILDERS:
            page = app.builder.get_target_uri(docname)
            uri = posixpath.relpath(FILENAME, posixpath.dirname(page) or ".")
        else:
            node.replace_self(unlinked(node.astext(), FILENAME))
            continue
        node.replace_self(nodes.reference("", "", text, refuri=uri, internal=False))


def unlinked(words: str, name: str) -> list[nodes.Node]:
    """The link's words where there is nothing to link to: the file's name, or the words and the name.

    In print the name is what a reader can look for on the website.
    """
    if words == name:
        return [nodes.literal(name, name)]
    return [nodes.Text(f"{words} ("), nodes.literal(name, name), nodes.Text(")")]
