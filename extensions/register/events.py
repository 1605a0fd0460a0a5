"""Event handlers: the register file's problems, checks once every document is read, pages to rewrite."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from apparatus import api as apparatus
from documents import document_order

from .domain import SHOWN_KINDS, get_domain, load_register, location
from .messages import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import RegisterDomain


def check_register_file(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Warn, once per build that reads documents, about every problem of the register file."""
    if not docnames:
        return
    for problem in load_register(env).problems:
        warn(problem.message, problem.subtype, location(env, problem.line))


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """The register and chronology pages, when what they show has changed.

    A document read again or removed changes them only if its mentions, its
    readings or its listings differ from before, or if what the listings take
    from elsewhere does (page titles, the order of the pages, the passages'
    labels, the sigla). Otherwise every edit of an article or the speech would
    rewrite both pages, which come out the same.
    """
    domain = get_domain(env)
    purged, domain.data["purged"] = domain.data["purged"], {}
    if not purged:  # nothing read or removed: nothing they show can have changed
        return set()
    context, domain.data["context"] = domain.data["context"], listing_context(env)
    if context == domain.data["context"] and not any(
        changed_records(domain, before, docname) for docname, before in purged.items()
    ):
        return set()
    return {record.docname for record in domain.listings} & env.found_docs


def changed_records(domain: RegisterDomain, before: dict[str, list[Any]], docname: str) -> bool:
    """Whether *docname* now holds other records for the listings than *before* it was read again.

    A mention's serial number is left out: it only orders the mentions of the
    document, and a mention added above shifts every serial after it.
    """
    for kind in SHOWN_KINDS:
        old, new = before.get(kind, []), domain.records_of(kind, docname)
        if kind == "mentions":
            old = [record._replace(serial=0) for record in old]
            new = [record._replace(serial=0) for record in new]
        if old != new:
            return True
    return False


def listing_context(env: BuildEnvironment) -> tuple[Any, ...]:
    """What the listings show besides the records: page titles and order, passage labels, sigla."""
    titles = {docname: title.astext() for docname, title in env.titles.items()}
    return (titles, document_order(env), apparatus.passage_labels(env), apparatus.document_sigla(env))


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
