"""Configuration values of the citable extension, and their checks once the configuration is read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.errors import ConfigError

from .messages import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

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
