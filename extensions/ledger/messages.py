"""Warnings of the ledger extension, each with a subtype for ``suppress_warnings``."""

from __future__ import annotations

from toolkit.messages import Warnings

#: The warning type shared by every warning of the extension.
WARNING_TYPE = "ledger"

#: Each subtype with the situation that raises it (documented in docs/reference.md).
SUBTYPES: dict[str, str] = {
    "undecided": "a sentence of an article has no decision in the ledger",
    "unknown_sentence": "the ledger names a sentence that is not in its article",
    "disagrees": "the apparatus and the ledger give a sentence different links",
    "bad_ledger": "the ledger or an annotation table cannot be read, or a row of it is malformed",
}

#: ``warn(message, subtype, location)``: one warning of the ledger.
warn = Warnings(WARNING_TYPE, SUBTYPES)
