"""Event handlers: the register file's problems, checks once every document is read, pages to rewrite."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .domain import get_domain, load_register, location
from .messages import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def check_register_file(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Warn, once per build that reads documents, about every problem of the register file."""
    domain = get_domain(env)
    if not docnames:
        return
    domain.data["changed"] = True
    for problem in load_register(env).problems:
        warn(problem.message, problem.subtype, location(env, problem.line))


def note_purged(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Remember that a document was removed or re-read, so that the listings are rewritten."""
    get_domain(env).data["changed"] = True


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """The register and chronology pages, whenever any document was read or removed."""
    domain = get_domain(env)
    if not domain.data.pop("changed", False):
        return set()
    return {record.docname for record in domain.listings} & env.found_docs


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about unknown entity ids, name forms that matched nothing, and readings of unknown documents."""
    domain = get_domain(env)
    register = load_register(env)
    for record in sorted(domain.data["roles"]):
        if record.entity not in register.entities:
            warn(f"unknown entity id {record.entity!r}", "unknown_entity", (record.docname, record.lineno))
    used = {(record.entity, record.form) for record in domain.mentions}
    used |= {(record.entity, record.form) for record in domain.data["slow"]}  # warned already
    for entity in register.entities.values():
        for index, form in enumerate(entity.forms):
            if (entity.entity_id, index) not in used:
                warn(
                    f"{entity.entity_id}: name form {form.source!r} matches nothing in the documents",
                    "unmatched_pattern",
                    location(env, form.line),
                )
    for entry in register.chronology:
        for reading in entry.readings:
            if reading.document not in env.found_docs:
                warn(
                    f"chronology {entry.entry_id!r}: no document {reading.document!r}",
                    "unknown_document",
                    location(env, reading.document_line),
                )
