"""The order of a project's documents in its table of contents, shared by the edition's extensions."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
