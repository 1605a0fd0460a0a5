"""The apparatus's own script and stylesheet: note previews on hover and keyboard focus."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The folder of the extension's static files.
STATIC = str(Path(__file__).parent / "static")


def add_static_path(app: Sphinx, config: Config) -> None:
    """Offer the static files when the configuration is read.

    Added later (at builder-inited), the path would make the configuration
    look changed at every build, and every page would be rewritten.
    """
    if STATIC not in config.html_static_path:
        config.html_static_path.append(STATIC)
    # The EPUB links neither file, but would still pack the stylesheet, whose :has() rule
    # epubcheck's CSS parser rejects; the EPUB builder leaves scripts out by itself.
    if "_static/apparatus.css" not in config.epub_exclude_files:
        config.epub_exclude_files = [*config.epub_exclude_files, "_static/apparatus.css"]


def add_assets(app: Sphinx) -> None:
    """Add the note previews to HTML pages (not to EPUB, whose readers show notes their own way)."""
    if app.builder.format == "html" and not app.builder.name.startswith("epub"):
        app.add_css_file("apparatus.css")
        app.add_js_file("apparatus.js", defer="defer")
