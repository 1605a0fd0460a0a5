"""Configuration values of the register extension."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_config(app: Sphinx) -> None:
    """Declare the configuration values of the extension."""
    app.add_config_value("register_file", "register.toml", "env", types=frozenset({str}))
    app.add_config_value("register_documents", ["*"], "env", types=frozenset({list, tuple}))
