"""Repairs to the HTML of Sphinx, docutils and sphinx-design, found by axe-core, Nu and epubcheck.

- A toctree caption is written as ``<p class="caption" role="heading">`` without
  ``aria-level``, which ARIA requires of an element given the heading role; the
  captions are given level 2, the level ARIA would assume.
- A citation (a bibliography entry of sphinxcontrib-bibtex) is written with the
  DPUB-ARIA role ``doc-biblioentry``, deprecated since DPUB-ARIA 1.1, inside a
  ``role="list"`` container, which then has no list items; each entry gets the
  role ``listitem`` instead.
- In an EPUB, sphinx-design's icons (the chevron of a dropdown) are raw ``<svg>``
  markup without the SVG namespace, which XHTML does not allow, and an EPUB
  document with SVG must be declared so in the package, which Sphinx's template
  cannot do. The icons are decorative (``aria-hidden``), so the EPUB leaves them out.

The repairs are made by a translator class derived, when the builder starts,
from whichever HTML translator is in use, so that they combine with a theme's
or another extension's own translator.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

__version__ = "0.1.0"

#: Raw markup that is only a decorative icon: an ``<svg>`` hidden from assistive technology.
DECORATIVE_SVG = re.compile(r'\s*<svg\b[^>]*\baria-hidden="true"')


class AccessibleMarkup:
    """Mixin for an HTML translator: adds ``aria-level`` to captions, list items to citation lists."""

    body: list[str]
    builder: Builder

    def visit_title(self, node: nodes.title) -> None:
        """Write the title; a toctree caption written as ``role="heading"`` gets its level."""
        before = len(self.body)
        super().visit_title(node)  # type: ignore[misc]
        for index in range(before, len(self.body)):
            tag = self.body[index]
            if 'role="heading"' in tag and "aria-level" not in tag:
                self.body[index] = tag.replace('role="heading"', 'role="heading" aria-level="2"', 1)

    def visit_citation(self, node: nodes.citation) -> None:
        """Write the citation as an item of its list rather than a deprecated ``doc-biblioentry``."""
        before = len(self.body)
        super().visit_citation(node)  # type: ignore[misc]
        for index in range(before, len(self.body)):
            self.body[index] = self.body[index].replace('role="doc-biblioentry"', 'role="listitem"', 1)

    def visit_raw(self, node: nodes.raw) -> None:
        """Write raw HTML, except a decorative icon in an EPUB (not valid XHTML there)."""
        if self.builder.name.startswith("epub") and DECORATIVE_SVG.match(node.astext()):
            raise nodes.SkipNode
        super().visit_raw(node)  # type: ignore[misc]


def use_accessible_translator(app: Sphinx) -> None:
    """Put the repairs on top of the HTML translator the builder would use."""
    if app.builder.format != "html":
        return
    base = app.builder.get_translator_class()
    if issubclass(base, AccessibleMarkup):
        return
    translator = type(f"Accessible{base.__name__}", (AccessibleMarkup, base), {})
    app.set_translator(app.builder.name, translator, override=True)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the repairs."""
    app.connect("builder-inited", use_accessible_translator)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
