r"""The PDF's index: page ranges with an en dash.

makeindex joins the first and last page of a range with ``--`` (its default
``delim_r``), which TeX's ligatures turn into an en dash. The edition's fonts are
set without TeX ligatures, so that no character of a transcription is altered
(a ligature would also turn straight apostrophes into curly ones); the index
would then print ``19--23``. The makeindex style that Sphinx copies into the
LaTeX folder is therefore given an en dash of its own after the LaTeX files are
written, before ``make`` runs makeindex.

hyperref links each page of an index entry; for a range it looks for the
``--`` of makeindex's default, and took ``19–23`` for one page number, linking it
to a page that does not exist. The preamble teaches hyperref's ``\hyperpage``
the en dash, so that the first and the last page of a range each link to their page.

Sphinx sets index entries in a typewriter face (``\sphinxstyleindexentry``), meant for
the names of Python objects; the edition's index holds the names of persons, places
and events, so the preamble sets them in the text face.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The makeindex style of Sphinx's LaTeX builder (``sphinx/texinputs/python.ist``).
STYLE_FILE = "python.ist"
#: The line that sets the range delimiter: an en dash (U+2013).
RANGE_DELIMITER = 'delim_r "\u2013"\n'
#: hyperref's ``\\hyperpage`` split at the en dash (hyperref.sty), and index entries in the text face.
INDEX_PREAMBLE = r"""
\makeatletter
\def\HyInd@@hyperpage#1{\register@hyperpage#1––\\}
\def\register@hyperpage#1–#2–#3\\{%
  \ifx\\#2\\\@hyperpage#1----\\\else\HyInd@pagelink{#1}–\HyInd@pagelink{#2}\fi}
\makeatother
\renewcommand{\sphinxstyleindexentry}[1]{#1}
"""


def link_range_pages(app: Sphinx, config: Config) -> None:
    """Add to the LaTeX preamble the lines that link both pages of an index range and set its face."""
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + INDEX_PREAMBLE
    config.latex_elements = elements


def set_range_delimiter(app: Sphinx, exception: Exception | None) -> None:
    """Add the en dash delimiter to the makeindex style of a LaTeX build."""
    if exception is not None or app.builder.name != "latex":
        return
    style = app.outdir / STYLE_FILE
    if not style.exists():
        return
    text = style.read_text(encoding="utf-8")
    if "delim_r" not in text:
        style.write_text(text.rstrip("\n") + "\n" + RANGE_DELIMITER, encoding="utf-8")
