"""Roles: ``on`` (a commentary span), ``lacuna`` (a break in the witness), ``passage`` (a reference)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from documents import unique_id
from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxRole
from toolkit.editorial import EDITORIAL

from . import nodes as apparatus_nodes
from .messages import warn
from .records import ReferenceRecord, SpanRecord
from .relations import SpecError, parse_links

if TYPE_CHECKING:
    from docutils.nodes import Node, system_message
    from sphinx.environment import BuildEnvironment


def record(env: BuildEnvironment, found: SpanRecord | ReferenceRecord) -> None:
    """Store what a role found in the apparatus domain (named, not imported: the domain imports the roles)."""
    env.get_domain("apparatus").add(found)  # type: ignore[attr-defined]


_SPAN_RE = re.compile(r"^(?P<text>.*?)\s*<(?P<spec>[^<>]*)>$", re.DOTALL)


class CommentarySpanRole(SphinxRole):
    """``{on}`words of the article <relation: passage-id>```: ties words to passages."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        """Record the span and return it as an inline node with its own id."""
        match = _SPAN_RE.match(self.text)
        if not match or not match["text"].strip():
            warn(
                f"{{on}} needs 'words <relation: passage-id>', got {self.text!r}",
                "bad_markup",
                self.get_location(),
            )
            return [nodes.Text(self.text)], []
        text = match["text"]
        try:
            links = parse_links(match["spec"], self.config.apparatus_relations)
        except SpecError as error:
            warn(f"{{on}}: {error}", error.subtype, self.get_location())
            return [nodes.Text(text)], []
        document = self.inliner.document
        anchor = unique_id(document, f"on-{links[0].passage_id}")
        node = apparatus_nodes.commentary_span(
            text, text, classes=["commentary-span"], ids=[anchor], docname=self.env.docname
        )
        self.set_source_info(node)
        document.note_explicit_target(node)
        record(
            self.env,
            SpanRecord(
                docname=self.env.docname,
                lineno=self.lineno,
                anchor=anchor,
                text=" ".join(text.split()),
                links=tuple(links),
                serial=self.env.new_serialno("apparatus-span"),
            ),
        )
        return [node], []


class LacunaRole(SphinxRole):
    """``{lacuna}`how the witness breaks off```: an editorial mark, never a completion."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        """Return the configured mark, titled with the editor's description."""
        mark = self.config.apparatus_lacuna_mark
        node = apparatus_nodes.lacuna(mark, mark, classes=["lacuna", EDITORIAL])
        node["title"] = self.text.strip() or "the witness breaks off here"
        self.set_source_info(node)
        return [node], []


class PassageReferenceRole(SphinxRole):
    """``{passage}`passage-id```: a link to a passage that shows its number."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        """Return a pending cross-reference that the domain resolves."""
        target = self.text.strip()
        node = addnodes.pending_xref(
            target,
            nodes.inline(target, target, classes=["xref", "passage-ref"]),
            refdomain="apparatus",
            reftype="passage",
            reftarget=target,
            refexplicit=False,
            refdoc=self.env.docname,
        )
        self.set_source_info(node)
        record(self.env, ReferenceRecord(self.env.docname, target))
        return [node], []
