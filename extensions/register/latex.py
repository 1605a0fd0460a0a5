"""The PDF's index: page ranges with an en dash.

makeindex joins the first and last page of a range with ``--`` (its default
``delim_r``), which TeX's ligatures turn into an en dash. The edition's fonts are
set without TeX ligatures, so that no character of a transcription is altered
(a ligature would also turn straight apostrophes into curly ones); the index
would then print ``19--23``. The makeindex style that Sphinx copies into the
LaTeX folder is therefore given an en dash of its own after the LaTeX files are
written, before ``make`` runs makeindex.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The makeindex style of Sphinx's LaTeX builder (``sphinx/texinputs/python.ist``).
STYLE_FILE = "python.ist"
#: The line that sets the range delimiter: an en dash (U+2013).
RANGE_DELIMITER = 'delim_r "\u2013"\n'


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
