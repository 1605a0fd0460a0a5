extensions = ["myst_parser", "apparatus", "tei", "annotations"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
project = "Lemmata as data"
html_baseurl = "https://example.org/lemmata/"
apparatus_require_lemma = True
