"""Helpers about a project's documents, shared by the edition's extensions: their order, and fresh ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
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
