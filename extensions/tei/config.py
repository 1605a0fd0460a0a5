"""Configuration values of the TEI builder."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_config(app: Sphinx) -> None:
    """Declare the TEI builder's settings: they change only its output, so nothing is read again."""
    app.add_config_value("tei_basename", "", "", types=frozenset({str}))
    app.add_config_value("tei_witnesses", "witnesses/witnesses.toml", "", types=frozenset({str}))
    app.add_config_value("tei_witness_sources", {}, "", types=frozenset({dict}))
