"""What other extensions may ask of the apparatus, without reaching into its internals.

The register, for one, names the place of a mention by its passage (``§4``) or its
paragraph in an article (``¶3``), and gives the chronology's readings the sigla
of their sources. It asks here; the shape of the apparatus's records, nodes and
anchors stays the apparatus's own business.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import nodes as apparatus_nodes

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.environment import BuildEnvironment

    from .domain import ApparatusDomain

#: The priority of the read-phase transforms that anchor the articles' paragraphs and place
#: the markers of fact readings (at or before it). A transform that searches or wraps the text
#: runs after it, so that those transforms see whole text nodes and the anchors are there.
ANCHORS_PRIORITY = 500

_PARAGRAPH_ANCHOR = re.compile(r"para-(\d+)")


def paragraph_anchor(serial: int) -> str:
    """The anchor of the *serial*-th paragraph of an article (before any suffix for uniqueness)."""
    return f"para-{serial}"


def paragraph_number(anchor: str) -> int | None:
    """The number of the article's paragraph whose anchor is *anchor*; ``None`` for any other id."""
    match = _PARAGRAPH_ANCHOR.fullmatch(anchor)
    return int(match[1]) if match else None


def passage_containing(node: nodes.Node) -> str:
    """The id of the passage that *node* stands in, or empty outside every passage."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, apparatus_nodes.passage):
            return parent["passage_id"]
        parent = parent.parent
    return ""


def domain_of(env: BuildEnvironment) -> ApparatusDomain | None:
    """The apparatus domain, or ``None`` when the project does not load the apparatus."""
    return env.domains.get("apparatus")  # type: ignore[return-value]


def passage_labels(env: BuildEnvironment) -> dict[str, str]:
    """The label of every passage (``§4``), by passage id."""
    domain = domain_of(env)
    if domain is None:
        return {}
    return {passage_id: record.label for passage_id, record in domain.passage_map().items()}


def document_sigla(env: BuildEnvironment) -> dict[str, str]:
    """The siglum of each document of the apparatus: its article's, or the primary text's."""
    domain = domain_of(env)
    if domain is None:
        return {}
    docnames = {a.docname for a in domain.articles} | {p.docname for p in domain.passages}
    return {docname: domain.siglum_of(docname) for docname in docnames}
