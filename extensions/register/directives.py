"""Directives: ``register`` (the entities and their mentions) and ``chronology`` (the dated events)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from . import nodes as register_nodes
from .data import KINDS
from .domain import ListingRecord, get_domain, register_path
from .messages import warn

if TYPE_CHECKING:
    from docutils import nodes


class RegisterDirective(SphinxDirective):
    """The register: each entity once, with its Wikidata link and a link to every mention.

    The option ``:kind:`` limits it to some kinds (``person, place``).
    """

    has_content = False
    option_spec: ClassVar[dict[str, object]] = {"kind": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder that is filled when the page is written."""
        kinds = [k.strip() for k in self.options.get("kind", "").split(",") if k.strip()]
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            warn(
                f"register: unknown kind(s) {', '.join(unknown)} (expected {', '.join(KINDS)})",
                "bad_markup",
                self.get_location(),
            )
            kinds = [k for k in kinds if k in KINDS]
        self.env.note_dependency(str(register_path(self.env)))
        get_domain(self.env).add_listing(ListingRecord(self.env.docname, "register", tuple(kinds)))
        node = register_nodes.register_listing(kinds=kinds, classes=["register"])
        self.set_source_info(node)
        return [node]


class ChronologyDirective(SphinxDirective):
    """The chronology: the register's dated events in order, each with its sources' own words."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder that is filled when the page is written."""
        self.env.note_dependency(str(register_path(self.env)))
        get_domain(self.env).add_listing(ListingRecord(self.env.docname, "chronology", ()))
        node = register_nodes.chronology_listing(classes=["chronology"])
        self.set_source_info(node)
        return [node]
