"""Sphinx configuration of the editor's guide and extension reference.

The guide shows the apparatus markup as code examples; it does not load the
apparatus extension itself. It loads one local extension, ``_ext/warnings_reference.py``,
which writes the reference of warnings from the extensions' own tables of subtypes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

project = "Secret Speech edition — editor's guide and extension reference"
author = "The editors"
copyright = "2026, the editors"  # noqa: A001 (Sphinx's name)
language = "en"

extensions = ["myst_parser", "warnings_reference"]
myst_enable_extensions = ["colon_fence", "deflist"]

root_doc = "index"
exclude_patterns = ["_build", "_ext"]

html_theme = "furo"
html_title = "Secret Speech edition: editor's guide"
