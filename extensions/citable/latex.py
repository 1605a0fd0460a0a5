"""The PDF's title page (with the edition's full citation) and its document information."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.builders.latex import LaTeXBuilder
from sphinx.util.texescape import escape

from .formatting import format_item, html_to_nodes
from .metadata import Edition, edition_item

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def latex_text(html: str, engine: str) -> str:
    """citeproc-py HTML as LaTeX: text escaped, italics emphasised."""
    parts = []
    for node in html_to_nodes(html):
        text = escape(node.astext(), engine)
        parts.append(f"\\emph{{{text}}}" if isinstance(node, nodes.emphasis) else text)
    return "".join(parts)


def title_page(config: Config) -> str:
    """LaTeX for a title page: title, editors, version and date, and how to cite the edition."""
    edition = Edition.from_config(config)
    engine = config.latex_engine
    style = config.citable_styles[0]
    entry = format_item(edition_item(edition, config.html_baseurl), style["csl"]).entry
    editors = escape(", ".join(edition.editors), engine)
    return rf"""
\begin{{titlepage}}
  \hypersetup{{pageanchor=false}}
  \begin{{flushright}}
    \rule{{\textwidth}}{{1pt}}\par\vspace{{2em}}
    {{\Huge\bfseries {escape(edition.title, engine)}\par}}
    \vspace{{2em}}
    {{\Large Edited by {editors}\par}}
    \vfill
    {{\large Version {escape(edition.version, engine)}, {escape(edition.release_date, engine)}\par}}
  \end{{flushright}}
  \vfill
  \noindent\textbf{{How to cite this edition}} ({escape(style["label"], engine)}):\par
  \noindent {latex_text(entry, engine)}\par
  \vspace{{1em}}
  \noindent Cite a passage of the speech by its number, printed in the margin (\S 4).\par
\end{{titlepage}}
\setcounter{{page}}{{1}}
"""


#: How TeX's special characters (and the comma, which separates hyperref's options) are
#: written in a PDF string of hyperref.
PDF_STRING_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "%": r"\%",
    "&": r"\&",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "$": r"\$",
    ",": "{,}",
}


def pdf_string(text: str) -> str:
    """*text* as a value of hyperref's document information, every character kept as it is.

    Sphinx's own LaTeX escaping is not used here: when the configuration is read
    its tables are still empty, and it writes commands (such as the one for a
    hyphen) that have no place in a PDF string.
    """
    return "".join(PDF_STRING_ESCAPES.get(character, character) for character in text)


def document_information(config: Config) -> str:
    """The hyperref setup of the PDF's title, author, subject and keywords."""
    edition = Edition.from_config(config)
    value = pdf_string
    return (
        "\\AtBeginDocument{\\hypersetup{"
        f"pdftitle={{{value(edition.title)}}}, "
        f"pdfauthor={{{value('; '.join(edition.editors))}}}, "
        f"pdfsubject={{{value(edition.description)}}}, "
        f"pdfkeywords={{{value('; '.join(edition.keywords))}}}"
        "}}\n"
    )


def configure_latex(app: Sphinx, config: Config) -> None:
    """Put the PDF's document information into ``latex_elements`` (the title page comes later)."""
    if not config.citable_edition:
        return
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + document_information(config)
    config.latex_elements = elements


def add_title_page(app: Sphinx) -> None:
    """Give a LaTeX build the title page, unless the project has its own ``maketitle``.

    The title page holds a citation that citeproc-py needs about a tenth of a
    second to format, so it is made only when the builder is known to be the
    LaTeX builder. That builder has already read ``latex_elements`` into its
    template context by then, so the page goes into both.
    """
    config = app.config
    if not isinstance(app.builder, LaTeXBuilder) or not config.citable_edition:
        return
    if "maketitle" in config.latex_elements:
        return
    page = title_page(config)
    config.latex_elements = {**config.latex_elements, "maketitle": page}
    app.builder.context["maketitle"] = page
