"""Warnings of the citable extension, each with a subtype for ``suppress_warnings``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes

logger = logging.getLogger("citable")

WARNING_TYPE = "citable"

#: Each subtype with the situation that raises it (documented in docs/reference.md).
SUBTYPES: dict[str, str] = {
    "withdrawn_id": "a published passage id is no longer in the text (nor renamed through an alias)",
    "text_changed": "the text of a published passage differs from its registered fingerprint",
    "renumbered": "a published passage has a different number than when it was registered",
    "unregistered": "a passage is not in the registry of published ids yet",
    "bad_alias": "an alias in the registry points at no passage, or renames an id still in use",
    "bad_registry": "the registry file cannot be read",
    "bad_metadata": "pyproject.toml's edition metadata breaks its schema (the build goes on without it)",
}


def warn(message: str, subtype: str, location: nodes.Node | tuple[str, int | None] | str | None) -> None:
    """Log *message* as a ``citable.<subtype>`` warning at *location*."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)
