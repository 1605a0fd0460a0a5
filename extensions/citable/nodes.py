"""Nodes of the citable extension and their HTML rendering (other formats leave them out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from toolkit.visitors import FORMATS, SKIP, in_formats

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class cite_panel(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lowercase)
    """A "Cite this passage" control: a ``<details>`` that holds one ``cite_format`` per style."""


class cite_format(nodes.General, nodes.Element):  # noqa: N801
    """One way to cite (a CSL style, BibTeX, RIS), with a copy button. Attribute: ``label``."""


class edition_citation(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the edition's own citations, filled in when the page is written."""


def visit_cite_panel(self: HTML5Translator, node: cite_panel) -> None:
    """Open the panel; without JavaScript it still opens and shows every citation."""
    self.body.append(self.starttag(node, "details", CLASS="cite-panel"))
    self.body.append(f"<summary>{self.encode(node.get('summary', 'Cite'))}</summary>\n")


def depart_cite_panel(self: HTML5Translator, node: cite_panel) -> None:
    """Close the panel."""
    self.body.append("</details>\n")


def visit_cite_format(self: HTML5Translator, node: cite_format) -> None:
    """Open one citation form, with its label and a copy button."""
    self.body.append(self.starttag(node, "div", CLASS="cite-format"))
    self.body.append(
        f'<div class="cite-format-head"><span class="cite-label">{self.encode(node["label"])}</span>'
        f'<button type="button" class="cite-copy" hidden="hidden">Copy</button></div>\n'
    )


def depart_cite_format(self: HTML5Translator, node: cite_format) -> None:
    """Close the citation form."""
    self.body.append("</div>\n")


def setup_nodes(app: Sphinx) -> None:
    """Register the nodes: rendered in HTML, left out elsewhere."""
    others = in_formats(SKIP, tuple(name for name in FORMATS if name != "html"))
    app.add_node(cite_panel, html=(visit_cite_panel, depart_cite_panel), **others)
    app.add_node(cite_format, html=(visit_cite_format, depart_cite_format), **others)
    app.add_node(edition_citation, **in_formats(SKIP))
