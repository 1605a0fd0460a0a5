"""Warnings of the citable extension, each with a subtype for ``suppress_warnings``."""

from __future__ import annotations

from toolkit.messages import Warnings

#: The warning type shared by every warning of the extension.
WARNING_TYPE = "citable"

#: Each subtype with the situation that raises it (documented in docs/reference.md).
SUBTYPES: dict[str, str] = {
    "withdrawn_id": "a published passage id is no longer in the text (nor renamed through an alias)",
    "text_changed": "the text of a published passage differs from its registered fingerprint",
    "renumbered": "a published passage has a different number than when it was registered",
    "unregistered": "a passage is not in the registry of published ids yet",
    "bad_alias": "an alias in the registry points at no passage, or renames an id still in use",
    "bad_registry": "the registry file cannot be read",
    "bad_metadata": "pyproject.toml's edition metadata breaks its schema (the build goes on without it)",
}

#: ``warn(message, subtype, location)``: one warning of the extension.
warn = Warnings(WARNING_TYPE, SUBTYPES)
