extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "accessible_html"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
project = "Accessible"
author = "Tester"
copyright = "2026, Tester"
version = "1"
