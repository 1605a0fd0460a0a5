"""Sphinx configuration of the edition."""

from __future__ import annotations

import gc
import os
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "extensions"))
# Sphinx holds every page's doctree from reading to writing, and Python's cyclic collector, at its
# default thresholds, walks them hundreds of times a build: 0.25 of a fresh build's 1.6 processor
# seconds. Collecting the youngest objects every 50,000 allocations rather than 700 leaves 0.09
# (docs/performance.md); garbage is still collected, and the peak memory grows by 6 MB.
gc.set_threshold(50_000, 20, 10)

from schemas import SchemaError, read_pyproject  # noqa: E402 (found through the path above)

# The edition's metadata has one home, pyproject.toml; everything below derives from it.
# It is checked against its schema first. A fault does not stop the build here (Sphinx would
# print it inside a crash report): the build goes on without the edition's metadata, and the
# citable extension reports each fault as a located warning (citable.bad_metadata).
try:
    PYPROJECT = read_pyproject(ROOT / "pyproject.toml")
    METADATA_FAULTS: list[list[str | int]] = []
except SchemaError as error:
    PYPROJECT = {
        "project": {"version": "", "description": ""},
        "tool": {"edition": {"title": "", "editors": [], "release-date": "", "publisher": "",
                             "keywords": [], "url": "", "work": {}}},
    }  # fmt: skip
    METADATA_FAULTS = [[str(ROOT / fault.file), fault.line, fault.text] for fault in error.faults]
EDITION = PYPROJECT["tool"]["edition"]

project = EDITION["title"]
author = ", ".join(EDITION["editors"])
version = release = PYPROJECT["project"]["version"]
copyright = f"{EDITION['release-date'][:4]}, {author}"  # noqa: A001 (Sphinx's name)
language = "en"
# An edition reproduces its witnesses character for character: no "smart" quotes or dashes.
smartquotes = False
today = EDITION["release-date"]

citable_edition = {
    "title": EDITION["title"],
    "editors": EDITION["editors"],
    "version": version,
    "release_date": EDITION["release-date"],
    "publisher": EDITION["publisher"],
    "keywords": EDITION["keywords"],
    "description": PYPROJECT["project"]["description"],
}
citable_work = EDITION["work"]
citable_metadata_faults = METADATA_FAULTS
if METADATA_FAULTS:  # the citations need every key of the metadata: none until it is mended
    citable_edition, citable_work = {}, {}
citable_bibtex_key = "khrushchev-secret-speech"
citable_registry = "passage-registry.toml"

# The public address: from pyproject.toml, or EDITION_BASEURL for a build made elsewhere.
html_baseurl = os.environ.get("EDITION_BASEURL", EDITION["url"])

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "apparatus",
    "citable",
    "register",
    "accessible_html",
    "persistent_warnings",
    "tei",
    "annotations",
    "ledger",
]
if html_baseurl:  # a sitemap and Open Graph tags need the public address
    extensions += ["sphinx_sitemap", "sphinxext.opengraph"]
    ogp_site_url = html_baseurl
    ogp_site_name = EDITION["title"]
    sitemap_url_scheme = "{link}"
    ogp_social_cards = {"enable": False}  # cards would need matplotlib, and the edition has no images

myst_enable_extensions = ["colon_fence", "attrs_block", "attrs_inline", "deflist"]
# The edition's text is text: anything that looks like an HTML tag (a witness's "<exploiting>",
# a pasted "<script>") is shown as the characters it is, not passed to the page as markup.
myst_disable_syntax = ["html_block", "html_inline"]
myst_heading_anchors = 2
exclude_patterns = ["_build", "witnesses/README.md"]
root_doc = "index"

apparatus_primary_siglum = "B"
# Every note on a numbered passage is keyed to the passage's words it bears on (its lemma,
# from edition/annotation/lemmata.tsv), or to the whole passage with *: a link without one warns.
apparatus_require_lemma = True
# What each witness's transcription leaves out: checked before any page is read, shown by
# the witness-omissions directive on the note on the text, and described in the TEI header.
apparatus_witnesses = "witnesses/witnesses.toml"
# The ledger: the decision for every sentence of the articles, from two independent
# readings and their adjudication (docs/annotation-guide.md); every build checks it.
ledger_file = "annotation/ledger.tsv"
# The TEI's description of witness B (the articles name their own source)
tei_witness_sources = {"B": "blog-soviets-disowned-stalin"}

# The register of names and the chronology: the entities, their name forms and the dated
# events are in register.toml; mentions are looked for in the speech and the articles.
register_file = "register.toml"
register_documents = ["speech", "commentary/*"]

bibtex_bibfiles = ["../references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# The reading layout. EDITION_HTML_THEME lets tools/theme_screenshots.py build the same
# text with a candidate theme, to compare them (docs/editors-guide.md, "Choosing the theme").
html_theme = os.environ.get("EDITION_HTML_THEME", "furo")
if html_theme == "sphinx_book_theme":
    html_theme_options = {"use_sidenotes": True}
html_title = "Khrushchev’s “Secret Speech”"
html_last_updated_fmt = None
html_static_path = ["_static"]
html_css_files = ["edition.css"]

latex_engine = "xelatex"
# makeindex sorts the PDF's index: with xelatex Sphinx would use xindy, which the
# TeX packages the README installs do not include.
latex_use_xindy = False
# The PDF keys the notes by passage and line (§5.3), with no marker in the text, and
# numbers every fifth line of a passage (docs/reference.md, "The PDF: numbered lines").
apparatus_latex_notes = "lines"
apparatus_latex_line_step = 5
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
    # tabulary gave the first column of the data page's table ("The header", "The speech
    # (witness B)") less than a word's width, and the word ran into the next column
    "preamble": r"\setlength{\tymin}{6em}",
    # Sphinx titles the contents with the first toctree's caption ("Front matter")
    "tableofcontents": r"\renewcommand{\contentsname}{Contents}\sphinxtableofcontents",
}

epub_basename = "secret-speech-edition"
epub_css_files = [*html_css_files, "edition-epub.css"]
epub_title = project
epub_author = author  # the citable extension names Khrushchev and the editors, with their roles
epub_publisher = EDITION["publisher"] or author
epub_copyright = copyright
epub_description = PYPROJECT["project"]["description"]
# The identifier: the public address once there is one; until then a UUID made from the
# title and version, the same at every build of one version.
epub_identifier = html_baseurl or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{project} {version}')}"
epub_scheme = "URL" if html_baseurl else "UUID"
epub_uid = "edition-id"
# Addresses of external links after the link text would crowd the notes; an e-reader opens links.
epub_show_urls = "no"
