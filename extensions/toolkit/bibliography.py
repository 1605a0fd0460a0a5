"""The bibliography as sphinxcontrib-bibtex has read it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pybtex.database import Entry
    from sphinx.environment import BuildEnvironment


def entries(env: BuildEnvironment) -> Mapping[str, Entry]:
    """Every entry of the bibliography files, by key (those left out for a fault are not among them)."""
    return env.get_domain("cite").bibdata.data.entries  # type: ignore[attr-defined]
