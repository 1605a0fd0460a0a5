"""An extension's stylesheet and script: offered to HTML builds, linked from web pages, kept out of the EPUB.

One rule for the EPUB, whatever the extension: it links and packs none of them.
The edition styles its book with a stylesheet of its own (``epub_css_files``);
e-readers show notes and panels their own way and mostly run no scripts; and a
stylesheet written for browsers may hold rules (``:has()``) that epubcheck's CSS
parser rejects. Sphinx copies a static folder into the EPUB all the same, so the
files are also named in ``epub_exclude_files``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.config import Config


def is_web_html(app: Sphinx) -> bool:
    """Tell whether the builder writes web pages (HTML, but not an EPUB)."""
    return app.builder.format == "html" and not app.builder.name.startswith("epub")


def add_static_files(app: Sphinx, folder: Path, css: str = "", js: str = "") -> None:
    """Offer *folder* to HTML builds and link its stylesheet *css* and script *js* from the web pages.

    The folder is added when the configuration is read: added later (at
    ``builder-inited``), it would make the configuration look changed at every
    build, and every page would be rewritten.
    """
    static = str(folder)
    packed = [f"_static/{name}" for name in (css, js) if name]

    def offer(app: Sphinx, config: Config) -> None:
        if static not in config.html_static_path:
            config.html_static_path.append(static)
        missing = [name for name in packed if name not in config.epub_exclude_files]
        if missing:
            config.epub_exclude_files = [*config.epub_exclude_files, *missing]

    def link(app: Sphinx) -> None:
        if not is_web_html(app):
            return
        if css:
            app.add_css_file(css)
        if js:
            app.add_js_file(js, defer="defer")

    app.connect("config-inited", offer)
    app.connect("builder-inited", link)
