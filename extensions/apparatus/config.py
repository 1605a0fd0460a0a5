"""Configuration values of the apparatus extension, and their validation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import schemas
from sphinx.errors import ConfigError

from .messages import warn
from .relations import DEFAULT_RELATIONS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def setup_config(app: Sphinx) -> None:
    """Declare the configuration values and check them once the config is read.

    A value that shapes what is recorded while reading (the numbers' format, the
    relations, the lacuna mark) re-reads every document when it changes (``"env"``);
    one that only changes what the pages show rewrites them (``"html"``).
    """
    app.add_config_value("apparatus_number_format", "§{number}", "env", types=frozenset({str}))
    app.add_config_value("apparatus_relations", dict(DEFAULT_RELATIONS), "env", types=frozenset({dict}))
    app.add_config_value("apparatus_lacuna_mark", "⟨…⟩", "env", types=frozenset({str}))
    app.add_config_value("apparatus_backlinks", True, "html", types=frozenset({bool}))
    app.add_config_value("apparatus_primary_siglum", "", "html", types=frozenset({str}))
    # a note on a numbered passage must name its lemma (or ``*``): the edition asks it,
    # a small project may leave its notes at the passage's end
    app.add_config_value("apparatus_require_lemma", False, "env", types=frozenset({bool}))
    # the witnesses file (relative to the sources), checked before any document is read;
    # ``witness-omissions`` reads it when given no file of its own
    app.add_config_value("apparatus_witnesses", "", "env", types=frozenset({str}))
    app.connect("config-inited", check_config)
    witnesses = schemas.door(
        "apparatus_witnesses", schemas.WitnessesFile, "the witnesses file", warn, "bad_witnesses"
    )
    app.connect("config-inited", witnesses)


def check_config(app: Sphinx, config: Config) -> None:
    """Stop with a clear message when a configuration value cannot work."""
    number_format = config.apparatus_number_format
    try:
        number_format.format(number=1)
    except (KeyError, IndexError, ValueError) as error:
        msg = f"apparatus_number_format {number_format!r} must use only {{number}}: {error}"
        raise ConfigError(msg) from None
    relations = config.apparatus_relations
    if not relations or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in relations.items()
    ):
        msg = "apparatus_relations must map relation names to the phrases notes show"
        raise ConfigError(msg)
