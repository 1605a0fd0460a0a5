"""Warnings of the TEI builder, each with a subtype for ``suppress_warnings``."""

from __future__ import annotations

from toolkit.messages import Warnings

#: The warning type shared by every warning of the extension.
WARNING_TYPE = "tei"

#: Each subtype with the situation that raises it (documented in docs/data.md).
SUBTYPES: dict[str, str] = {
    "bad_witnesses": "the witnesses file cannot be read or does not follow its schema",
    "duplicate_id": "two records of the edition would take one xml:id in the TEI",
    "dangling_pointer": "a pointer of the TEI document names an xml:id that no element has",
}

#: ``warn(message, subtype, location)``: one warning of the TEI builder.
warn = Warnings(WARNING_TYPE, SUBTYPES)
