"""A TEI P5 builder: the edition as one XML document, made from the same sources as the website."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .builder import TEIBuilder, publish_tei
from .config import setup_config
from .roles import TEIFileRole, resolve_tei_file, tei_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``tei`` builder, its settings, and the TEI document of the HTML build."""
    app.setup_extension("apparatus")
    setup_config(app)
    app.add_builder(TEIBuilder)
    app.add_node(tei_file)
    app.add_role("tei-file", TEIFileRole())
    app.connect("doctree-resolved", resolve_tei_file)
    app.connect("build-finished", publish_tei)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
