"""Per-format visitors for the register's nodes (HTML, LaTeX, and plain formats)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from . import nodes as register_nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator


def visit_mention_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Open a mention as a ``span`` that names its entity (``data-entity``)."""
    attributes = {"data-entity": node["entity"]} if node.get("entity") else {}
    self.body.append(self.starttag(node, "span", "", **attributes))


def depart_span_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Close the ``span``."""
    self.body.append("</span>")


def visit_span_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """Put a hyperref target for each id of the node; its text follows unchanged."""
    for node_id in node["ids"]:
        self.body.append(self.hypertarget(node_id, anchor=True))


def visit_plain(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    """Let the children render as they would anyway."""


def depart_plain(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    """Nothing to close."""


def skip_node(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    """Leave out a placeholder that was not filled (it never is in a finished build)."""
    raise nodes.SkipNode


def setup_visitors(app: Sphinx) -> None:
    """Register the nodes with a visitor for each output format."""
    plain_formats = ("text", "man", "texinfo")
    plain = dict.fromkeys(plain_formats, (visit_plain, depart_plain))
    for inline in (register_nodes.mention, register_nodes.chronology_anchor):
        app.add_node(
            inline,
            html=(visit_mention_html, depart_span_html),
            latex=(visit_span_latex, depart_plain),
            **plain,
        )
    for placeholder in (register_nodes.register_listing, register_nodes.chronology_listing):
        app.add_node(
            placeholder,
            html=(skip_node, None),
            latex=(skip_node, None),
            **dict.fromkeys(plain_formats, (skip_node, None)),
        )
