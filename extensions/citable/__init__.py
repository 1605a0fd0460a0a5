"""Make an edition citable: cite panels per passage, page metadata, a guarded id registry, a title page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import schemas
from toolkit.assets import add_static_files

from .citations import EditionCitationDirective, add_cite_panels
from .config import DEFAULT_STYLES, check_config, report_metadata_faults
from .epub import EditionEpubBuilder
from .formatting import setup_store
from .head import add_head_metadata, drop_page_address
from .latex import add_title_page, configure_latex
from .messages import warn
from .nodes import setup_nodes
from .preview import show_changed_passages
from .registry import PassageAliases, check_registry
from .sources import setup_sources

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the citable extension with Sphinx.

    The edition's metadata, the styles and the BibTeX key only change what the
    pages show, so a change to them rewrites the pages (``"html"``) without
    reading the documents again; the registry gives the passages their alias
    anchors while they are read (``"env"``).
    """
    app.setup_extension("apparatus")
    app.add_config_value("citable_edition", {}, "html", types=frozenset({dict}))
    app.add_config_value("citable_work", {}, "html", types=frozenset({dict}))
    app.add_config_value("citable_styles", DEFAULT_STYLES, "html", types=frozenset({list}))
    app.add_config_value("citable_bibtex_key", "edition", "html", types=frozenset({str}))
    app.add_config_value("citable_registry", "", "env", types=frozenset({str}))
    app.add_config_value("citable_update_registry", False, "", types=frozenset({bool}))
    app.add_config_value("citable_metadata_faults", [], "env", types=frozenset({list}))
    app.add_config_value("citable_preview_changes", False, "html", types=frozenset({bool}))
    setup_nodes(app)
    setup_sources(app)
    app.add_builder(EditionEpubBuilder, override=True)
    app.add_directive("edition-citation", EditionCitationDirective)
    app.add_transform(PassageAliases)
    app.connect("config-inited", report_metadata_faults, priority=390)
    registry = schemas.door(
        "citable_registry", schemas.PassageRegistryFile, "the passage registry", warn, "bad_registry"
    )
    app.connect("config-inited", registry)  # checked before any document is read
    app.connect("config-inited", check_config, priority=400)
    app.connect("config-inited", configure_latex)
    add_static_files(app, Path(__file__).parent / "static", css="citable.css", js="citable.js")
    setup_store(app)
    app.connect("builder-inited", add_title_page)
    app.connect("doctree-resolved", add_cite_panels)
    app.connect("doctree-resolved", show_changed_passages)
    # before sphinxext-opengraph (priority 500), which reads the per-page fields it sets
    app.connect("html-page-context", add_head_metadata, priority=450)
    app.connect("html-page-context", drop_page_address, priority=900)
    app.connect("env-check-consistency", check_registry)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
