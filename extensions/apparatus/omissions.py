"""The ``witness-omissions`` directive: the runs of lines each edited text leaves out, as a table.

The list is kept as TOML beside the witnesses (``witnesses.toml``), where the
test suite reads it. Printed as it is, TOML is markup for a program; a reader
of the PDF is better served by one row per omission: siglum, the lines left
out, and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import schemas
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .messages import warn

if TYPE_CHECKING:
    from collections.abc import Iterable

#: The table's columns and their relative widths.
COLUMNS = (("Siglum", 1), ("Left out", 6), ("Reason", 3))
#: Words for the n-th run of the same lines (``occurrence`` in the file).
ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


class WitnessOmissionsDirective(SphinxDirective):
    """Read a witnesses file (``witness`` entries with ``omitted`` runs) and make a table of it."""

    optional_arguments = 1
    option_spec: ClassVar = {"caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        """The table, or nothing and a warning when the file cannot be read."""
        named = self.arguments[0] if self.arguments else "/" + self.config.apparatus_witnesses
        if named == "/":
            warn(
                "witness-omissions needs a file, or apparatus_witnesses set",
                "bad_witnesses",
                self.get_location(),
            )
            return []
        relative, path = self.env.relfn2path(named, self.env.docname)
        self.env.note_dependency(relative)
        # checked against its schema: a file that cannot be read is said at the directive,
        # each fault of a key at its line in the witnesses file (unless said before reading)
        model, faults = schemas.load(schemas.WitnessesFile, Path(path), relative)
        said = schemas.checked_at_the_door(self.config, path)
        for fault in faults:
            if fault.kind in schemas.READ_FAULTS and not (said and Path(path).exists()):
                message = f"witness-omissions cannot read {relative!r}: {fault.message}"
                warn(message, "bad_witnesses", self.get_location())
            elif not said:
                warn(fault.text, "bad_witnesses", f"{path}:{fault.line}")
        if model is None:
            return []
        return [self.table(list(omission_rows(model.witness)))]

    def table(self, rows: list[tuple[str, list[str], str]]) -> nodes.table:
        """A table node with a header row and one row per omission, set as a long table in LaTeX."""
        table = nodes.table(classes=["witness-omissions", "longtable", "colwidths-given"])
        if self.options.get("caption"):
            table += nodes.title(self.options["caption"], self.options["caption"])
        group = nodes.tgroup(cols=len(COLUMNS))
        table += group
        for _, width in COLUMNS:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += row([nodes.paragraph(text=name)] for name, _ in COLUMNS)
        group += head
        body = nodes.tbody()
        for siglum, lines, reason in rows:
            left_out = nodes.line_block()
            for line in lines:
                left_out += nodes.line(line, line)
            siglum_cell = nodes.paragraph("", "", nodes.strong(siglum, siglum))
            body += row([[siglum_cell], [left_out], [nodes.paragraph(text=reason)]])
        group += body
        self.set_source_info(table)
        return table


def omission_rows(witnesses: Iterable[schemas.Witness]) -> Iterable[tuple[str, list[str], str]]:
    """Siglum, the lines left out (blank lines dropped) and the reason, for each omitted run."""
    for witness in witnesses:
        for omission in witness.omitted:
            lines = [line.strip() for line in omission.text.strip().splitlines() if line.strip()]
            reason = omission.reason
            occurrence = omission.occurrence
            if occurrence > 1:
                reason += f" (the {ORDINALS.get(occurrence, f'{occurrence}th')} time these lines occur)"
            yield witness.siglum, lines, reason


def row(cells: Iterable[list[nodes.Node]]) -> nodes.row:
    """A table row of *cells*, each given as the nodes of its entry."""
    result = nodes.row()
    for content in cells:
        entry = nodes.entry()
        entry.extend(content)
        result += entry
    return result
