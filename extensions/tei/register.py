"""The register as TEI lists (persons, organisations, places, events) in the ``standOff``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError

from .xml import entity_id, tei

if TYPE_CHECKING:
    from lxml import etree
    from register.data import Entity
    from sphinx.environment import BuildEnvironment

#: For each kind of entity: the list, the entry and the element that names it.
LISTS: dict[str, tuple[str, str, str]] = {
    "person": ("listPerson", "person", "persName"),
    "organisation": ("listOrg", "org", "orgName"),
    "place": ("listPlace", "place", "placeName"),
    "event": ("listEvent", "event", "label"),
}


def entities(env: BuildEnvironment) -> dict[str, Entity]:
    """The register's entities by id, or none when the register extension is not loaded."""
    try:
        env.get_domain("register")
    except ExtensionError:
        return {}
    from register.domain import load_register

    return dict(load_register(env).entities)


def write_register(found: dict[str, Entity], parent: etree._Element) -> dict[str, int]:
    """The entities in one list per kind, each with its Wikidata id where recorded; counts by kind."""
    counts: dict[str, int] = {}
    for kind, (list_tag, entry_tag, name_tag) in LISTS.items():
        members = sorted((e for e in found.values() if e.kind == kind), key=lambda e: (e.sort, e.entity_id))
        if not members:
            continue
        listing = tei(list_tag, parent)
        for entity in members:
            entry = tei(entry_tag, listing, xml_id=entity_id(entity.entity_id))
            if entity.wikidata and entry_tag == "event":
                tei("idno", entry, entity.wikidata, type_="wikidata")
            tei(name_tag, entry, entity.name)
            if entity.wikidata and entry_tag != "event":
                tei("idno", entry, entity.wikidata, type_="wikidata")
        counts[kind] = len(members)
    return counts
