"""The ``{annotations-file}`` role: a link to ``annotations.jsonld`` from any page of the edition."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxRole
from toolkit.outputs import resolve_file_links

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
    """Make each placeholder a link where the file exists: the HTML build, or a published address."""
    resolve_file_links(app, doctree, docname, annotations_file, FILENAME, BUILDERS)
