"""The warnings reference, generated from the extensions' own tables of subtypes.

Each extension lists its warning subtypes, with the situation that raises each,
in a ``SUBTYPES`` table beside its ``warn()``; :func:`subtype_tables` is the one
place that knows where those tables live. The ``warning-subtypes`` directive
writes one section per subtype of one extension, in the table's order: its name,
its label (``ref-warning-<type>-<subtype>``, dashes for underscores), the
table's sentence, then what the reference adds about it (the messages, what is
left out, the fix), which the directive's content gives under a line holding
only the subtype as code::

    :::{warning-subtypes} apparatus
    `unknown_passage`

    Message: `unknown passage id '<id>'`. ...

    `duplicate_passage`
    ...
    :::

A subtype of the table without its entry, an entry for a subtype the table does
not have, content before the first entry, and a table that no directive shows
(a new extension's) are warnings, so the ``-W`` build of the docs fails until the
reference and the code agree.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

EXTENSIONS = Path(__file__).resolve().parents[2] / "extensions"


def subtype_tables() -> dict[str, dict[str, str]]:
    """Every extension's table of subtypes, by warning type, as the extensions declare them.

    The one place that imports them: if the tables move, change this function.
    """
    if str(EXTENSIONS) not in sys.path:
        sys.path.insert(0, str(EXTENSIONS))
    from toolkit.messages import subtype_tables as tables  # only once the path is set

    return tables()


def label(warning_type: str, subtype: str) -> str:
    """The reference label of one warning: ``ref-warning-apparatus-unknown-passage``."""
    return f"ref-warning-{warning_type}-{subtype.replace('_', '-')}"


class WarningSubtypes(SphinxDirective):
    """One section per warning subtype of an extension: the table's sentence, then the content's entry."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        """Read the entries of the content and write a section for each subtype of the table."""
        warning_type = self.arguments[0]
        tables = subtype_tables()
        if warning_type not in tables:
            known = ", ".join(sorted(tables))
            return self.fail(f"no table of subtypes for {warning_type!r} (known: {known})")
        table = tables[warning_type]
        shown(self.env).setdefault(self.env.docname, set()).add(warning_type)
        entries = self.entries(table)
        sections: list[nodes.Node] = []
        for subtype, situation in table.items():
            if subtype not in entries:
                self.fail(f"{warning_type}.{subtype} is in the table but has no entry here")
            sections.append(self.section(warning_type, subtype, situation, entries.get(subtype, [])))
        return sections

    def entries(self, table: dict[str, str]) -> dict[str, list[nodes.Node]]:
        """The content's nodes, by the subtype whose line of code they follow."""
        container = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, container)
        entries: dict[str, list[nodes.Node]] = {}
        current: list[nodes.Node] | None = None
        for child in container.children:
            name = heading(child)
            if name is not None:
                if name not in table:
                    self.fail(f"an entry for {self.arguments[0]}.{name}, which the table does not have")
                if name in entries:
                    self.fail(f"{self.arguments[0]}.{name} has two entries")
                current = entries.setdefault(name, [])
            elif current is None:
                self.fail("the content must begin with a subtype's line, such as `unknown_passage`")
            else:
                current.append(child)
        return entries

    def section(
        self, warning_type: str, subtype: str, situation: str, body: list[nodes.Node]
    ) -> nodes.section:
        """The section of one subtype, labelled so that ``{ref}`` finds it."""
        name = label(warning_type, subtype)
        section = nodes.section(ids=[name], names=[name], classes=["warning-subtype"])
        section += nodes.title("", "", nodes.literal(text=f"{warning_type}.{subtype}"))
        lead = nodes.paragraph(classes=["warning-situation"])
        lead += nodes.emphasis(text="Raised when ")
        lead += nodes.Text(f"{situation}.")
        section += lead
        section.extend(body)
        self.state.document.note_explicit_target(section, section)
        return section

    def fail(self, message: str) -> list[nodes.Node]:
        """Say *message* as a located warning of the docs build (an error under ``-W``)."""
        logger.warning(message, location=self.get_location(), type="warnings_reference")
        return []


def heading(node: nodes.Node) -> str | None:
    """The subtype an entry's first line names: a paragraph that is nothing but one literal."""
    if isinstance(node, nodes.paragraph) and len(node.children) == 1 and isinstance(node[0], nodes.literal):
        return node[0].astext()
    return None


def shown(env: BuildEnvironment) -> dict[str, set[str]]:
    """The warning types each document shows with the directive (kept in the environment)."""
    if not hasattr(env, "warning_types_shown"):
        env.warning_types_shown = {}
    return env.warning_types_shown


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Forget what a document showed before it is read again."""
    shown(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    """Take what the documents read by a parallel worker showed."""
    shown(env).update({name: types for name, types in shown(other).items() if name in docnames})


def check_every_table_shown(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn of an extension's table that no page of the docs shows (a new extension's, say)."""
    everywhere = set().union(*shown(env).values())
    for warning_type in sorted(subtype_tables().keys() - everywhere):
        logger.warning(
            f"the warnings of {warning_type!r} are in no warning-subtypes directive of the docs",
            type="warnings_reference",
        )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the ``warning-subtypes`` directive and the check that every table is shown."""
    app.add_directive("warning-subtypes", WarningSubtypes)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-check-consistency", check_every_table_shown)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
