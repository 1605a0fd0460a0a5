"""Located, typed warnings: one type per extension, one documented subtype per failure.

Each extension keeps its own table of subtypes (``SUBTYPES`` in its
``messages`` module), the one source from which the warnings are documented;
a subtype missing from its table is a slip in the extension, refused at once.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Mapping

    from docutils import nodes

#: The extensions whose ``messages`` module holds a table of subtypes, by warning type.
EXTENSIONS = ("apparatus", "citable", "register", "tei", "annotations", "ledger")


class Warnings:
    """The warnings of one extension: ``warn(message, subtype, location)``."""

    def __init__(self, warning_type: str, subtypes: Mapping[str, str]) -> None:
        """Name the extension's warning type and its table of subtypes."""
        self.type = warning_type
        self.subtypes = subtypes
        self.logger = logging.getLogger(warning_type)

    def __call__(
        self, message: str, subtype: str, location: nodes.Node | tuple[str, int | None] | str | None
    ) -> None:
        """Log *message* as a ``<type>.<subtype>`` warning at *location*."""
        if subtype not in self.subtypes:
            msg = f"{self.type}.{subtype} is not in the extension's table of subtypes"
            raise ValueError(msg)
        self.logger.warning(message, type=self.type, subtype=subtype, location=location)


def subtype_tables() -> dict[str, dict[str, str]]:
    """Every extension's table of subtypes, by warning type (for the reference of warnings)."""
    return {name: dict(import_module(f"{name}.messages").SUBTYPES) for name in EXTENSIONS}
