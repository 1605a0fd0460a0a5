"""The annotation tables: readings, adjudication and the ledger, as tab-separated files.

They are plain tables so that a scholar can open them in a spreadsheet. Every
table has a header line and an ``id`` column (a sentence id such as ``H7.1``);
a ``links`` column holds ``none`` or the link specification the ``on`` role
uses (``relation: passage-id, passage-id; relation: passage-id``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import TYPE_CHECKING

from apparatus.relations import SpecError, parse_links

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

#: A decision: the (relation, passage id) pairs of a sentence; empty for "none".
Links = frozenset[tuple[str, str]]
NONE = "none"


class TableError(ValueError):
    """A table that cannot be read, or one of its rows; ``line`` says where."""

    def __init__(self, message: str, line: int) -> None:
        """Keep the line (1 for the file as a whole) for the warning's location."""
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Row:
    """One row of a table: its line in the file and its cells by column."""

    line: int
    cells: Mapping[str, str]

    @property
    def id(self) -> str:
        """The sentence id."""
        return self.cells["id"]


def read_table(path: Path, columns: tuple[str, ...]) -> list[Row]:
    """The rows of the table at *path*, which must have at least *columns*.

    Raises :class:`TableError` for a file that cannot be read or lacks a column.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TableError(f"cannot read the table: {error}", 1) from None
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = [column for column in columns if column not in (reader.fieldnames or ())]
    if missing:
        raise TableError(f"the header line lacks the column(s) {', '.join(missing)}", 1)
    return [Row(line, cells) for line, cells in enumerate(reader, start=2)]


def parse_decision(spec: str, relations: Mapping[str, str]) -> Links:
    """The links of a ``links`` cell; raises :class:`SpecError` when it cannot be read."""
    if spec.strip() == NONE:
        return frozenset()
    return frozenset((link.relation, link.passage_id) for link in parse_links(spec, dict(relations)))


def format_decision(links: Links, order: Mapping[str, int] | None = None) -> str:
    """The ``links`` cell for *links*: relations in a fixed order, passages in text order."""
    if not links:
        return NONE
    rank = order or {}
    groups: dict[str, list[str]] = {}
    for relation, passage_id in sorted(links, key=lambda link: (link[0], rank.get(link[1], 0), link[1])):
        groups.setdefault(relation, []).append(passage_id)
    return "; ".join(f"{relation}: {', '.join(ids)}" for relation, ids in groups.items())


def read_decisions(path: Path, relations: Mapping[str, str]) -> dict[str, Links]:
    """The decisions of a reading or adjudication table, by sentence id.

    Raises :class:`TableError` at the line of the first row that cannot be read.
    """
    decisions: dict[str, Links] = {}
    for row in read_table(path, ("id", "links")):
        try:
            decisions[row.id] = parse_decision(row.cells["links"], relations)
        except SpecError as error:
            raise TableError(f"{row.id}: {error}", row.line) from None
    return decisions


__all__ = [
    "NONE",
    "Links",
    "Row",
    "SpecError",
    "TableError",
    "format_decision",
    "parse_decision",
    "read_table",
]
