"""Faults of a page's structure that MyST accepts without a word: open fences, anchor links.

A ``:::`` fence left open runs to the end of the file and swallows everything after
it; a Markdown link to a passage's anchor (``speech.md#one``, ``#p4``) is not
checked against the passages, and the number anchors change when passages are
added. Both are warned about at their line, for the editor to mend.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from .domain import get_domain
from .messages import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .records import PassageRecord

#: A line that opens a fence: up to three spaces, then three or more backticks or colons.
FENCE_OPEN = re.compile(r"^ {0,3}(?P<marker>`{3,}|:{3,})(?P<info>.*)$")


def unclosed_fence(lines: list[str]) -> tuple[int, str] | None:
    """The line and opening text of a top-level fence that no line closes, if any.

    As markdown-it reads them: a fence ends at the first line holding only its
    marker character, at least as many times; the lines in between are its content.
    """
    opened: tuple[int, str, str] | None = None  # line, marker, opening text
    for number, line in enumerate(lines, start=1):
        if opened is None:
            match = FENCE_OPEN.match(line)
            if match and not (match["marker"][0] == "`" and "`" in match["info"]):
                opened = (number, match["marker"], line.strip())
            continue
        _, marker, _ = opened
        stripped = line.strip()
        if (
            len(line) - len(line.lstrip(" ")) <= 3
            and len(stripped) >= len(marker)
            and set(stripped) == {marker[0]}
        ):
            opened = None
    return None if opened is None else (opened[0], opened[2])


def check_fences(app: Sphinx, docname: str, source: list[str]) -> None:
    """Warn about a fence left open in a Markdown page: it would swallow the rest of the file."""
    if app.env.doc2path(docname).suffix != ".md":
        return
    found = unclosed_fence(source[0].splitlines())
    if found is not None:
        line, opening = found
        warn(
            f"the fence {opening!r} is never closed: everything after it to the end of the file "
            "becomes its content; close it with a line of its colons or backticks",
            "unclosed_fence",
            (docname, line),
        )


class AnchorLinks(SphinxPostTransform):
    """Warn about Markdown links to a passage's anchor, and make them links to the passage.

    Runs before MyST resolves its links (priority 9), which would only say that the
    anchor is not a heading's.
    """

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        """Find MyST's pending links whose anchor is a passage's id or number anchor."""
        domain = get_domain(self.env)
        builder = self.env._app.builder  # as Sphinx's ReferencesResolver reaches it (.app is deprecated)
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst":
                continue
            if node.get("refdomain") == "doc":
                record = passage_by_anchor(domain.passages, node.get("reftargetid"), node["reftarget"])
            elif node.get("refdomain") is None:
                record = passage_by_anchor(domain.passages, node["reftarget"], None)
            else:
                continue
            if record is None:
                continue
            warn(
                f"link to passage {record.passage_id!r} by a Markdown anchor; "
                f"write {{passage}}`{record.passage_id}` (anchors are not checked, and numbers change)",
                "anchor_link",
                node,
            )
            content = node[0].deepcopy() if len(node) else nodes.Text(record.label)
            try:
                link = make_refnode(
                    builder,
                    node["refdoc"],
                    record.docname,
                    record.anchor,
                    content,
                    record.label,
                )
            except NoUri:  # a builder that does not link to that page: keep the words
                link = content
            node.replace_self(link)


def passage_by_anchor(
    passages: list[PassageRecord], anchor: str | None, docname: str | None
) -> PassageRecord | None:
    """The passage whose id or number anchor is *anchor* (on page *docname*, when given)."""
    if not anchor:
        return None
    for record in passages:
        if anchor in (record.anchor, record.number_anchor) and docname in (None, record.docname):
            return record
    return None
