extensions = ["myst_parser", "apparatus", "ledger", "persistent_warnings"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
exclude_patterns = ["_build"]
project = "Test edition"
ledger_file = "ledger.tsv"
