extensions = ["myst_parser", "apparatus"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
project = "Lines"
apparatus_require_lemma = True
latex_engine = "xelatex"
latex_documents = [("index", "lines.tex", "Lines", "Test", "manual")]
# every line numbered, so that the test reads the number of any line in the margin
apparatus_latex_line_step = 1
