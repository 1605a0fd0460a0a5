"""The ``{tei-file}`` role: a link to the TEI document from any page of the edition."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxRole
from toolkit.outputs import resolve_file_links

from .builder import SITE_BUILDERS, tei_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


class tei_file(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils names nodes in lowercase)
    """Where a page links to the TEI document; made a link, or plain text, when written."""


def file_name(config: Config) -> str:
    """The TEI document's file name, as the builders write it."""
    return tei_path(Path(), config).name


class TEIFileRole(SphinxRole):
    """Record the place of the link: its address depends on the builder and the page."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Return the placeholder holding the link text (the file's name when none is given)."""
        return [tei_file(self.rawtext, self.text or file_name(self.config))], []


def resolve_tei_file(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Make each placeholder a link where the document is: the website, or its public address."""
    resolve_file_links(app, doctree, docname, tei_file, file_name(app.config), SITE_BUILDERS)
