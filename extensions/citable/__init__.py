"""Make an edition citable: cite panels per passage, page metadata, a guarded id registry, a title page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import schemas
from sphinx.errors import ConfigError

from .citations import EditionCitationDirective, add_cite_panels
from .epub import EditionEpubBuilder
from .head import add_head_metadata, drop_page_address
from .latex import add_title_page, configure_latex
from .messages import warn
from .nodes import setup_nodes
from .registry import PassageAliases, check_registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__version__ = "0.1.0"

#: Each label names the edition of the manual that its CSL file's title states (tests check it).
DEFAULT_STYLES = [
    {
        "label": "Chicago (notes and bibliography), 18th ed.",
        "csl": "chicago-notes-bibliography",
        "short": "Note",
        "entry": "Bibliography",
    },
    {
        "label": "MLA, 9th ed.",
        "csl": "modern-language-association",
        "short": "In text",
        "entry": "Works cited",
    },
    {"label": "APA, 7th ed.", "csl": "apa", "short": "In text", "entry": "Reference list"},
]


STATIC = str(Path(__file__).parent / "static")


def add_static_path(app: Sphinx, config: Config) -> None:
    """Offer the extension's static files to HTML builds.

    Done when the configuration is read, before Sphinx compares it with the one
    of the previous build: added later, it would look like a change every time
    and every page would be rewritten.
    """
    if STATIC not in config.html_static_path:
        config.html_static_path.append(STATIC)


def add_assets(app: Sphinx) -> None:
    """Add the stylesheet and script to HTML builds only."""
    if app.builder.format == "html":
        app.add_css_file("citable.css")
        app.add_js_file("citable.js", defer="defer")


def report_metadata_faults(app: Sphinx, config: Config) -> None:
    """Say each fault that edition/conf.py found in the edition's metadata, at its file and line.

    conf.py keeps building without the metadata rather than raising: Sphinx prints an
    exception raised there inside a crash report, with a traceback, where a located
    warning is what an editor can act on (and what fails the ``-W`` build).
    """
    for path, line, text in config.citable_metadata_faults:
        warn(text, "bad_metadata", f"{path}:{line}")


def check_config(app: Sphinx, config: Config) -> None:
    """Stop with a clear message when the metadata the citations need is incomplete."""
    required = {
        "citable_edition": ("title", "version", "release_date"),
        "citable_work": ("author_family", "title"),
    }
    if not config.citable_edition and not config.citable_work:
        return  # the extension stays inactive
    for name, keys in required.items():
        missing = [key for key in keys if not getattr(config, name).get(key)]
        if missing:
            msg = f"{name} needs the key(s) {', '.join(missing)} (see the citable reference in docs/)"
            raise ConfigError(msg)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the citable extension with Sphinx."""
    app.setup_extension("apparatus")
    app.add_config_value("citable_edition", {}, "env", types=frozenset({dict}))
    app.add_config_value("citable_work", {}, "env", types=frozenset({dict}))
    app.add_config_value("citable_styles", DEFAULT_STYLES, "env", types=frozenset({list}))
    app.add_config_value("citable_bibtex_key", "edition", "env", types=frozenset({str}))
    app.add_config_value("citable_registry", "", "env", types=frozenset({str}))
    app.add_config_value("citable_update_registry", False, "", types=frozenset({bool}))
    app.add_config_value("citable_metadata_faults", [], "env", types=frozenset({list}))
    setup_nodes(app)
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
    app.connect("config-inited", add_static_path)
    app.connect("builder-inited", add_assets)
    app.connect("builder-inited", add_title_page)
    app.connect("doctree-resolved", add_cite_panels)
    # before sphinxext-opengraph (priority 500), which reads the per-page fields it sets
    app.connect("html-page-context", add_head_metadata, priority=450)
    app.connect("html-page-context", drop_page_address, priority=900)
    app.connect("env-check-consistency", check_registry)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
