"""The commentary links as W3C Web Annotations: ``annotations.jsonld`` beside the HTML pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .build import write_annotations
from .roles import AnnotationsFileRole, annotations_file, resolve_annotations_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the annotations file and the role that links to it."""
    app.setup_extension("apparatus")
    app.add_config_value("annotations_page_size", 50, "", types=frozenset({int}))
    app.add_node(annotations_file)
    app.add_role("annotations-file", AnnotationsFileRole())
    app.connect("doctree-resolved", resolve_annotations_file)
    app.connect("build-finished", write_annotations)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
