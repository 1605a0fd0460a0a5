"""An extension's stylesheet and script: offered to HTML builds, linked from web pages, kept out of the EPUB.

One rule for the EPUB, whatever the extension: it links and packs none of them.
The edition styles its book with a stylesheet of its own (``epub_css_files``);
e-readers show notes and panels their own way and mostly run no scripts; and a
stylesheet written for browsers may hold rules (``:has()``) that epubcheck's CSS
parser rejects. Sphinx copies a static folder into the EPUB all the same, so the
files are also named in ``epub_exclude_files``.

Loaded as an extension of its own (by :func:`add_static_files`), the module
also keeps the configuration the same from one build to the next where Sphinx,
an extension or the theme changed it while the builder was made: Sphinx then
said "The configuration has changed" at every rebuild (see :func:`setup`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The priority Sphinx's HTML and EPUB builders give the project's own stylesheets and
#: scripts, written into the configuration's entries when the builder is made.
PROJECT_ASSET_PRIORITY = 800
#: The configuration's lists of the project's own stylesheets and scripts.
PROJECT_ASSETS = ("html_css_files", "html_js_files", "epub_css_files")
#: Static folders that an extension adds to ``html_static_path`` when the builder is made:
#: the extension, and the module and attribute that hold the folder.
LATE_STATIC_FOLDERS = {"sphinx_design": ("sphinx_design.extension", "STATIC_DIR")}
#: Options a theme adds when the HTML builder loads it, and reads only while it is made.
LATE_THEME_OPTIONS = {"furo": ("pygments_dark_style",)}


def is_web_html(app: Sphinx) -> bool:
    """Tell whether the builder writes web pages (HTML, but not an EPUB)."""
    return app.builder.format == "html" and not app.builder.name.startswith("epub")


def add_static_files(app: Sphinx, folder: Path, css: str = "", js: str = "") -> None:
    """Offer *folder* to HTML builds and link its stylesheet *css* and script *js* from the web pages.

    The folder is added when the configuration is read: added later (at
    ``builder-inited``), it would make the configuration look changed at every
    build, and every page would be rewritten.
    """
    app.setup_extension("toolkit.assets")
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


def pin_configuration(app: Sphinx, config: Config) -> None:
    """Write into the configuration, when it is read, what the builder would write into it later.

    The priority of the project's stylesheets and scripts (after Sphinx has
    turned names into ``(name, attributes)`` pairs, at priority 800), and the
    static folders that extensions add when the builder is made.
    """
    for name in PROJECT_ASSETS:
        for entry in getattr(config, name, []):
            if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], dict):
                entry[1].setdefault("priority", PROJECT_ASSET_PRIORITY)
    for extension, (module, attribute) in LATE_STATIC_FOLDERS.items():
        if extension in app.extensions:
            folder = str(getattr(importlib.import_module(module), attribute))
            if folder not in config.html_static_path:
                config.html_static_path.append(folder)


def settle_configuration(app: Sphinx) -> None:
    """Undo, once the builder is made, the changes that would differ from the next build's reading.

    A static folder an extension has now added a second time is named once
    again. An option the theme has added goes: Sphinx compared the configuration
    with the last build's before the theme was loaded, so an option the last
    build kept would count as changed; the theme has read it by now.
    """
    paths = list(dict.fromkeys(app.config.html_static_path))
    if paths != app.config.html_static_path:
        app.config.html_static_path[:] = paths
    options: dict[str, Any] = getattr(app.config, "_options", {})
    for name in LATE_THEME_OPTIONS.get(getattr(app.config, "html_theme", ""), ()):
        options.pop(name, None)
        app.config.__dict__.pop(name, None)


def setup(app: Sphinx) -> dict[str, Any]:
    """Keep the configuration the same from one build to the next.

    Sphinx compares the configuration with the one the last build pickled with
    the environment, before the builder is made. Three things changed it after
    that: the HTML builder gives the project's stylesheets their priority in the
    configuration itself, sphinx-design adds its static folder then, and Furo
    adds its ``pygments_dark_style`` option when the theme is loaded. No page
    was read or written again for them, but every rebuild said the
    configuration had changed, which hides a change that does matter.
    """
    app.connect("config-inited", pin_configuration, priority=900)
    app.connect("builder-inited", settle_configuration, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
