"""Citations in the notes: formatted once per page folder by sphinxcontrib-bibtex, then copied.

Formatting a citation is slow (pybtex looks its plugins up each time), and a page
of notes cites the same few sources many times: the first citation of a source
is left for sphinxcontrib-bibtex to format, and the others receive copies of it.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from toolkit import bibliography

from . import nodes as apparatus_nodes
from .domain import get_domain

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def citation(env: BuildEnvironment, bibkey: str, docname: str, style: str = "t") -> nodes.Node:
    """A citation of *bibkey* for sphinxcontrib-bibtex to format, or the bare key if unknown."""
    if bibkey not in bibliography.entries(env):
        return nodes.literal(bibkey, bibkey)  # warned once, by the consistency check
    xref = addnodes.pending_xref(
        bibkey,
        nodes.inline(bibkey, bibkey),
        refdomain="cite",
        reftype=style,
        reftarget=bibkey,
        refdoc=docname,
        refwarn=True,
    )
    return apparatus_nodes.citation_slot("", xref, bibkey=bibkey, style=style, refdoc=docname)


def slot_key(slot: nodes.Element) -> tuple[str, str, str]:
    """What makes two citations the same: key, style and the folder of the page they appear on.

    Pages in one folder link to the bibliography by the same relative address,
    so they can share one formatted citation.
    """
    return slot["bibkey"], slot["style"], posixpath.dirname(slot["refdoc"])


class ShareCitations(SphinxPostTransform):
    """Leave only the first citation of each source on a page for bibtex to format.

    Formatting a citation is slow (pybtex looks its plugins up each time), and a
    page of notes cites the same few sources many times.
    """

    default_priority = 6  # after the notes are made, before the references resolver

    def run(self, **kwargs: Any) -> None:
        """Empty every citation slot that repeats an earlier one, on this page or an earlier page."""
        formatted = get_domain(self.env).analyses.citations
        seen: set[tuple[str, str, str]] = set()
        for slot in self.document.findall(apparatus_nodes.citation_slot):
            key = slot_key(slot)
            if key in seen or key in formatted:
                slot.children = []
            seen.add(key)


class CopyCitations(SphinxPostTransform):
    """Fill the emptied citation slots with copies of the formatted first one."""

    default_priority = 20  # after the references resolver

    def run(self, **kwargs: Any) -> None:
        """Copy formatted citations into empty slots, then unwrap every slot."""
        formatted = get_domain(self.env).analyses.citations
        slots = list(self.document.findall(apparatus_nodes.citation_slot))
        for slot in slots:
            key = slot_key(slot)
            if slot.children and key not in formatted:
                formatted[key] = [child.deepcopy() for child in slot.children]
        for slot in slots:
            children = slot.children or [child.deepcopy() for child in formatted.get(slot_key(slot), [])]
            slot.replace_self(children or nodes.Text(slot["bibkey"]))
