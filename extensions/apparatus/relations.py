"""Parsing of the link specification that ties a commentary span to passages."""

from __future__ import annotations

import re
from typing import NamedTuple

#: Relations known to the extension, with the phrase a note shows for each.
DEFAULT_RELATIONS: dict[str, str] = {
    "quotes": "quotes",
    "paraphrases": "paraphrases",
    "contextualises": "contextualises",
    "disputes": "disputes",
}

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Ids the apparatus gives its own elements: a passage may not take one of them.
_RESERVED_RE = re.compile(r"^(?:p\d+|(?:notes|note|noteref|variants|cite|on|para|fact|factnote|factref)-.*)$")


class Link(NamedTuple):
    """One relation from a span to one passage."""

    relation: str
    passage_id: str


class SpecError(ValueError):
    """A link specification that cannot be read; the message says why."""

    #: The warning subtype to report it under.
    subtype = "bad_markup"


class UnknownRelationError(SpecError):
    """A link specification that names a relation that is not configured."""

    subtype = "unknown_relation"


def is_valid_id(passage_id: str) -> bool:
    """Tell whether *passage_id* is a lowercase slug such as ``lenin-testament``."""
    return bool(_ID_RE.match(passage_id))


def is_reserved_id(passage_id: str) -> bool:
    """Tell whether *passage_id* looks like an anchor the apparatus makes (``p4``, ``notes-…``)."""
    return bool(_RESERVED_RE.match(passage_id))


def parse_links(spec: str, relations: dict[str, str]) -> list[Link]:
    """Read ``relation: id, id; relation: id`` into links, in order.

    Raises :class:`SpecError` for a malformed specification, and
    :class:`UnknownRelationError` for a relation that is not among *relations*.
    """
    links: list[Link] = []
    if not spec.strip():
        raise SpecError("empty link specification")
    for group in spec.split(";"):
        relation, colon, ids = group.partition(":")
        relation = relation.strip()
        if not colon or not relation:
            raise SpecError(f"expected 'relation: passage-id' in {group.strip()!r}")
        if relation not in relations:
            known = ", ".join(sorted(relations))
            raise UnknownRelationError(f"unknown relation {relation!r} (known: {known})")
        names = [name.strip() for name in ids.split(",")]
        if not all(names):
            raise SpecError(f"missing passage id after {relation!r}")
        for name in names:
            if not is_valid_id(name):
                raise SpecError(f"{name!r} is not a passage id (lowercase words joined by '-')")
            if Link(relation, name) not in links:
                links.append(Link(relation, name))
    return links
