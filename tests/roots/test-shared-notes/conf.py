extensions = ["myst_parser", "apparatus"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
project = "Shared notes"
