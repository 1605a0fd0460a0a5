"""Warnings of the annotations extension, each with a subtype for ``suppress_warnings``."""

from __future__ import annotations

from toolkit.messages import Warnings

#: The warning type shared by every warning of the extension.
WARNING_TYPE = "annotations"

#: Each subtype with the situation that raises it (documented in docs/reference.md).
SUBTYPES: dict[str, str] = {
    "words_not_found": "the words of a link are not in the text of its element on the built page",
}

#: ``warn(message, subtype, location)``: one warning of the extension.
warn = Warnings(WARNING_TYPE, SUBTYPES)
