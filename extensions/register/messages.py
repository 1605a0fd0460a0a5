"""Warnings of the register extension, each with a subtype for ``suppress_warnings``."""

from __future__ import annotations

from toolkit.messages import Warnings

#: The warning type shared by every warning of the extension.
WARNING_TYPE = "register"

#: Each subtype with the situation that raises it (documented in docs/reference.md).
SUBTYPES: dict[str, str] = {
    "bad_register": "the register file cannot be read or is not valid TOML",
    "bad_entry": "an entity or a chronology entry of the register file has a missing or malformed field",
    "unknown_entity": "a mention or a chronology entry names an entity id that the register file lacks",
    "slow_pattern": "a pattern of an entity runs too long on sample prose or on a page's text (left out)",
    "unmatched_pattern": "a name form or pattern of an entity matches nothing in the documents searched",
    "quote_not_found": "the words of a chronology reading are not found exactly once in their document",
    "unknown_document": "a chronology reading names a document that the project does not have",
    "bad_markup": "a role or directive of the extension is malformed",
}

#: ``warn(message, subtype, location)``: one warning of the extension.
warn = Warnings(WARNING_TYPE, SUBTYPES)
