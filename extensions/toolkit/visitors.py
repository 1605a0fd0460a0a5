"""Visitors that every extension's nodes share: pass a node through, leave it out, or anchor it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

#: Formats without ids or styling: an extension's nodes render there as their children.
PLAIN_FORMATS = ("text", "man", "texinfo")
#: Every format the extensions write a visitor for.
FORMATS = ("html", "latex", *PLAIN_FORMATS)


def visit_plain(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    """Let the children render as they would anyway."""


def depart_plain(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    """Nothing to close."""


def skip_node(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    """Leave out a node that a format has no use for (or a placeholder that was never filled)."""
    raise nodes.SkipNode


#: The children as they are.
PLAIN = (visit_plain, depart_plain)
#: Nothing at all.
SKIP = (skip_node, None)


def in_formats(visitors: tuple, formats: tuple[str, ...] = FORMATS) -> dict[str, tuple]:
    """The same *visitors* for each of *formats*, as ``app.add_node`` takes them."""
    return dict.fromkeys(formats, visitors)


def depart_span_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Close a ``span``."""
    self.body.append("</span>")


def visit_targets_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """Put a hyperref target for each id of an inline node; its text follows unchanged."""
    for node_id in node["ids"]:
        self.body.append(self.hypertarget(node_id, anchor=True))
