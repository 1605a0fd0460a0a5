extensions = ["myst_parser", "apparatus"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
project = "Quotations"
latex_engine = "xelatex"
latex_documents = [("index", "quotations.tex", "Quotations", "Tester", "manual")]
apparatus_primary_siglum = "P"
