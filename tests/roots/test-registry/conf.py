extensions = ["myst_parser", "apparatus", "citable"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
project = "Registry test"
html_baseurl = "https://edition.example.org/test/"
citable_edition = {
    "title": "A Test Edition",
    "editors": ["Test Editors"],
    "version": "1.0",
    "release_date": "2026-01-02",
}
citable_work = {"author_family": "Orator", "author_given": "Olga", "title": "The Speech", "year": 1956}
citable_registry = "registry.toml"
