"""Sphinx configuration of the editor's guide and extension reference.

The guide shows the apparatus markup as code examples; it does not load the
apparatus extension itself.
"""

from __future__ import annotations

project = "Secret Speech edition — editor's guide and extension reference"
author = "The editors"
copyright = "2026, the editors"  # noqa: A001 (Sphinx's name)
language = "en"

extensions = ["myst_parser"]
myst_enable_extensions = ["colon_fence", "deflist"]

root_doc = "index"
exclude_patterns = ["_build"]

html_theme = "furo"
html_title = "Secret Speech edition: editor's guide"
