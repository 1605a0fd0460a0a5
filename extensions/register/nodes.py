"""Doctree nodes of the register; writers render them through the visitors in ``visitors``."""

from __future__ import annotations

from docutils import nodes


class mention(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils names nodes in lowercase)
    """Words of a text that name an entity of the register.

    Attributes: ``entity`` (the entity's id); ``ids`` holds the mention's own
    anchor, except in a title, where the mention points at its section instead.
    """


class chronology_anchor(nodes.Inline, nodes.TextElement):  # noqa: N801
    """Words of a text that date an event of the chronology; carries the anchor the chronology links to."""


class register_listing(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the register of entities; filled when the page is written.

    Attributes: ``kinds`` (the kinds to list, all when empty).
    """


class chronology_listing(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the chronology; filled when the page is written."""
