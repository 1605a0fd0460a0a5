"""Helpers about a project's documents, shared by the edition's extensions.

Their order, fresh ids, and links to an anchor in another document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx import addnodes
from sphinx.util.nodes import make_refnode

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def document_order(env: BuildEnvironment) -> dict[str, int]:
    """Number the documents in the order of the toctree, from the root document (depth first)."""
    order: dict[str, int] = {}
    pending = [env.config.root_doc]
    while pending:
        docname = pending.pop(0)
        if docname in order:
            continue
        order[docname] = len(order)
        pending[0:0] = env.toctree_includes.get(docname, [])
    return order


def unique_id(document: nodes.document, base: str) -> str:
    """Return *base*, or *base* with the first free suffix ``-2``, ``-3``, ... in *document*."""
    candidate, suffix = base, 1
    while candidate in document.ids:
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def anchor_xref(
    domain: str, fromdocname: str, target: str, content: nodes.Node, title: str = ""
) -> addnodes.pending_xref:
    """A link to *target* (``docname#id``) of reference type ``anchor`` in *domain*.

    The domain resolves it with :func:`resolve_anchor`, so that each builder
    gets its own form of the address (a relative URI in HTML, a link inside the
    one file in LaTeX).
    """
    return addnodes.pending_xref(
        "",
        content,
        refdomain=domain,
        reftype="anchor",
        reftarget=target,
        reftitle=title,
        refexplicit=True,
        refdoc=fromdocname,
    )


def resolve_anchor(
    builder: Builder, fromdocname: str, target: str, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.reference:
    """The reference for *builder* of a link made by :func:`anchor_xref`."""
    todocname, _, anchor = target.partition("#")
    return make_refnode(builder, fromdocname, todocname, anchor, contnode, node.get("reftitle"))
