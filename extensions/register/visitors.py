"""Per-format visitors for the register's nodes (HTML, LaTeX, and plain formats)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit import visitors as shared

from . import nodes as register_nodes

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


def visit_mention_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Open a mention as a ``span`` that names its entity (``data-entity``)."""
    attributes = {"data-entity": node["entity"]} if node.get("entity") else {}
    self.body.append(self.starttag(node, "span", "", **attributes))


def setup_visitors(app: Sphinx) -> None:
    """Register the nodes with a visitor for each output format."""
    for inline in (register_nodes.mention, register_nodes.chronology_anchor):
        app.add_node(
            inline,
            html=(visit_mention_html, shared.depart_span_html),
            latex=(shared.visit_targets_latex, shared.depart_plain),
            **shared.in_formats(shared.PLAIN, shared.PLAIN_FORMATS),
        )
    for placeholder in (register_nodes.register_listing, register_nodes.chronology_listing):
        app.add_node(placeholder, **shared.in_formats(shared.SKIP))
