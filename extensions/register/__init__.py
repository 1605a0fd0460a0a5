"""A register of the persons, organisations, places and events named in the edition's texts.

The entities and their name forms live in a TOML file (``register_file``). While
each page is read, every mention of an entity is wrapped in an inline node with
its own id and an index entry, and recorded in the ``register`` domain; the
``register`` and ``chronology`` directives list the entities and the dated
events from that data when the pages are written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import events, latex
from .config import setup_config
from .directives import ChronologyDirective, RegisterDirective
from .domain import RegisterDomain
from .listings import FillListings
from .roles import MentionRole
from .transforms import MarkMentions
from .visitors import setup_visitors

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the register extension with Sphinx."""
    setup_config(app)
    setup_visitors(app)
    app.add_domain(RegisterDomain)
    app.add_directive("register", RegisterDirective)
    app.add_directive("chronology", ChronologyDirective)
    app.add_role("mention", MentionRole())
    app.add_transform(MarkMentions)
    app.add_post_transform(FillListings)
    app.connect("env-before-read-docs", events.check_register_file)
    app.connect("env-get-updated", events.pages_to_rewrite)
    app.connect("env-check-consistency", events.check_consistency)
    app.connect("config-inited", latex.link_range_pages)
    app.connect("build-finished", latex.set_range_delimiter)
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
