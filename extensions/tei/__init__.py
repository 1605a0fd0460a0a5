"""A TEI P5 builder: the edition as one XML document, made from the same sources as the website."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .builder import TEIBuilder
from .config import setup_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``tei`` builder and its settings."""
    app.setup_extension("apparatus")
    setup_config(app)
    app.add_builder(TEIBuilder)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
