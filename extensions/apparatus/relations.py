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


#: The lemma that keys a note to its whole passage, where the editor says so.
WHOLE_PASSAGE = "*"


class Link(NamedTuple):
    """One relation from a span to one passage, keyed to the passage's words it bears on."""

    relation: str
    passage_id: str
    #: The passage's words the note bears on (white space collapsed), :data:`WHOLE_PASSAGE`,
    #: or ``None`` when the editor gave none (a quotation then takes its aligned words).
    lemma: str | None = None


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


#: The pieces of a link specification: a quoted lemma, the whole-passage mark, a separator, a word.
_TOKEN_RE = re.compile(r'\s*(?:"(?P<lemma>[^"]*)"|(?P<whole>\*)|(?P<sep>[;,:])|(?P<word>[^\s";,:*]+))')


def _tokens(spec: str) -> list[tuple[str, str]]:
    """Split *spec* into (kind, text) pairs, a quoted lemma whole whatever commas it holds."""
    found: list[tuple[str, str]] = []
    position = 0
    while spec[position:].strip():
        match = _TOKEN_RE.match(spec, position)
        if match is None:
            raise SpecError(f"unclosed quotation mark in {spec[position:].strip()!r}")
        kind = match.lastgroup or "word"
        found.append((kind, match[kind]))
        position = match.end()
    return found


def _groups(spec: str) -> list[list[tuple[str, str]]]:
    """The tokens of *spec* by relation group (between semicolons outside quotation marks)."""
    groups: list[list[tuple[str, str]]] = [[]]
    for kind, text in _tokens(spec):
        if (kind, text) == ("sep", ";"):
            groups.append([])
        else:
            groups[-1].append((kind, text))
    return groups


def _shown(group: list[tuple[str, str]]) -> str:
    """A group of tokens as the editor wrote it, near enough for a message."""
    return " ".join(f'"{text}"' if kind == "lemma" else text for kind, text in group)


def parse_links(spec: str, relations: dict[str, str]) -> list[Link]:
    """Read ``relation: id "lemma", id *; relation: id`` into links, in order.

    A lemma is the passage's words in straight double quotation marks (it may
    hold commas and semicolons), or ``*`` for the whole passage; it follows the
    passage id it keys. Raises :class:`SpecError` for a malformed specification,
    and :class:`UnknownRelationError` for a relation that is not among *relations*.
    """
    links: list[Link] = []
    if not spec.strip():
        raise SpecError("empty link specification")
    for group in _groups(spec):
        if len(group) < 2 or group[0][0] != "word" or group[1] != ("sep", ":"):
            raise SpecError(f"expected 'relation: passage-id' in {_shown(group)!r}")
        relation = group[0][1]
        if relation not in relations:
            known = ", ".join(sorted(relations))
            raise UnknownRelationError(f"unknown relation {relation!r} (known: {known})")
        for item in _items(group[2:], relation):
            if item not in links:
                links.append(item)
    return links


def _items(tokens: list[tuple[str, str]], relation: str) -> list[Link]:
    """The links of one relation group: ``id ["lemma" | *]`` items between commas."""
    items: list[list[tuple[str, str]]] = [[]]
    for kind, text in tokens:
        if (kind, text) == ("sep", ","):
            items.append([])
        else:
            items[-1].append((kind, text))
    links = []
    for item in items:
        if not item or item[0][0] != "word":
            raise SpecError(f"missing passage id after {relation!r}")
        name = item[0][1]
        if not is_valid_id(name):
            raise SpecError(f"{name!r} is not a passage id (lowercase words joined by '-')")
        if len(item) > 2 or (len(item) == 2 and item[1][0] not in ("lemma", "whole")):
            raise SpecError(f"after {name!r}, expected a lemma in quotation marks, '*', ',' or ';'")
        lemma = None
        if len(item) == 2:
            lemma = " ".join(item[1][1].split())
            if not lemma:
                raise SpecError(f"empty lemma for {name!r}")
        links.append(Link(relation, name, lemma))
    return links
