"""The ``mention`` role: words that name an entity where no name form of the register finds them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from . import nodes as register_nodes
from .domain import RoleRecord, get_domain
from .messages import warn

if TYPE_CHECKING:
    from docutils.nodes import Node, system_message

_ROLE_RE = re.compile(r"^(?P<text>.*?)\s*<(?P<entity>[^<>]*)>$", re.DOTALL)


class MentionRole(SphinxRole):
    """``{mention}`words <entity-id>```: marks *words* as a mention of the entity."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        """Return a mention node; the transform gives it its anchor and index entry."""
        match = _ROLE_RE.match(self.text)
        if not match or not match["text"].strip() or not match["entity"].strip():
            warn(
                f"{{mention}} needs 'words <entity-id>', got {self.text!r}", "bad_markup", self.get_location()
            )
            return [nodes.Text(self.text)], []
        text, entity = match["text"], match["entity"].strip()
        node = register_nodes.mention(text, text, entity=entity, classes=["register-mention"])
        self.set_source_info(node)
        get_domain(self.env).add_role(RoleRecord(self.env.docname, self.lineno, entity))
        return [node], []
