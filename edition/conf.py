"""Sphinx configuration of the edition."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "extensions"))

project = "Khrushchev’s “Secret Speech”: a digital critical edition"
author = "The editors"
copyright = "2026, the editors"  # noqa: A001 (Sphinx's name)
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "apparatus",
]

myst_enable_extensions = ["colon_fence", "attrs_block", "attrs_inline", "deflist"]
myst_heading_anchors = 2
exclude_patterns = ["_build", "witnesses/README.md"]
root_doc = "index"

bibtex_bibfiles = ["../references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

html_theme = "furo"
html_title = "Khrushchev’s “Secret Speech”"
html_static_path = ["_static"]
html_css_files = ["edition.css"]

latex_engine = "xelatex"
latex_documents = [
    ("index", "secret-speech-edition.tex", project, author, "manual"),
]
latex_elements = {
    "fontpkg": r"""
\setmainfont{FreeSerif}
\setsansfont{FreeSans}
\setmonofont{FreeMono}
""",
    "papersize": "a4paper",
}
