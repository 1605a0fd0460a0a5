"""Per-format visitors for the apparatus nodes (HTML, LaTeX, and plain formats)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.visitors import (
    PLAIN,
    PLAIN_FORMATS,
    SKIP,
    depart_plain,
    depart_span_html,
    in_formats,
    visit_targets_latex,
)

from . import nodes as apparatus_nodes
from .domain import get_domain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator


# HTML ---------------------------------------------------------------------------


def visit_passage_html(self: HTML5Translator, node: apparatus_nodes.passage) -> None:
    """Open a passage as a ``div`` carrying every id of the passage."""
    self.body.append(self.starttag(node, "div", CLASS="passage"))


def depart_passage_html(self: HTML5Translator, node: apparatus_nodes.passage) -> None:
    """Close the passage's ``div``."""
    self.body.append("</div>\n")


def visit_span_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Open an inline apparatus node as a ``span`` (classes and ids come from the node)."""
    attributes = {}
    if node.get("title"):
        attributes["title"] = node["title"]
    self.body.append(self.starttag(node, "span", "", **attributes))


def visit_backlinks_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Open the back-links of a span; remember where, to give their links the back-link role."""
    self.context.append(len(self.body))
    visit_span_html(self, node)


def depart_backlinks_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Close the back-links, each link now marked ``role="doc-backlink"`` (DPUB-ARIA)."""
    for index in range(self.context.pop(), len(self.body)):
        if self.body[index].startswith("<a ") and "role=" not in self.body[index]:
            self.body[index] = '<a role="doc-backlink" ' + self.body[index][3:]
    depart_span_html(self, node)


def visit_passage_number_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Open the passage number as a link to its own passage."""
    self.body.append(self.starttag(node, "a", "", href="#" + node["refid"]))


def depart_passage_number_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Close the link."""
    self.body.append("</a>")


def visit_lemma_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Open a lemma's words as a ``span`` naming the notes on it (for the script that links them)."""
    self.body.append(self.starttag(node, "span", "", **{"data-notes": " ".join(node["notes"])}))


def visit_speech_headnote_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Open the headnote as a titled section; in HTML a ``details`` that a phone may fold away.

    It stays open where there is room: the script closes it on a narrow
    screen. The EPUB has no script and reading systems treat ``details``
    unevenly, so there it is a plain section.
    """
    title_id = f"{node['ids'][0]}-title"
    self.body.append(self.starttag(node, "section", "", **{"aria-labelledby": title_id}))
    heading = f'<h2 id="{title_id}">{self.encode(node["title"])}</h2>'
    if self.builder.name == "epub":
        self.body.append(heading + "\n")
    else:
        self.body.append(f'<details class="headnote-details" open=""><summary>{heading}</summary>\n')


def depart_speech_headnote_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Close the headnote."""
    self.body.append("</section>\n" if self.builder.name == "epub" else "</details></section>\n")


def visit_block_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Open a block apparatus node as a ``div``."""
    self.body.append(self.starttag(node, "div"))


def depart_block_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Close the ``div``."""
    self.body.append("</div>\n")


# LaTeX --------------------------------------------------------------------------


#: How many characters of a passage's opening its PDF bookmark gives, at least (whole words).
INCIPIT_LENGTH = 40


def incipit(text: str, length: int = INCIPIT_LENGTH) -> str:
    """The opening words of *text*, at least *length* characters of them, with ``…`` if cut."""
    words = text.split()
    for count in range(1, len(words) + 1):
        opening = " ".join(words[:count])
        if len(opening) >= length and count < len(words):
            return opening.rstrip(",;:") + "…"
    return " ".join(words)


def visit_passage_latex(self: LaTeXTranslator, node: apparatus_nodes.passage) -> None:
    """Put a hyperref target for every id of the passage before its text, and its bookmark.

    The PDF's outline lists each numbered passage under the speech's own
    bookmark, by its number and opening words, as the reader of the PDF finds
    no other way to a passage than its page.
    """
    self.body.append("\n")
    for node_id in node["ids"]:
        self.body.append(self.hypertarget(node_id, anchor=True))
    if node.get("number") is not None:
        record = get_domain(self.builder.env).passage_map().get(node["passage_id"])
        title = f"{node['label']} {incipit(record.text)}" if record else node["label"]
        name = self.idescape(f"{self.curfilestack[-1]}:bookmark-{node['passage_id']}")
        self.body.append(rf"\belowpdfbookmark{{{self.encode(title)}}}{{{name}}}")
        self.body.append("\n\\begin{apparatuspassage}")  # its lines numbered from 1 (apparatus.latex)
    self.body.append("\n")


def depart_passage_latex(self: LaTeXTranslator, node: apparatus_nodes.passage) -> None:
    """End the passage with a paragraph break (and its line numbering)."""
    self.body.append("\n\\end{apparatuspassage}\n" if node.get("number") is not None else "\n")


def visit_passage_number_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """Set the passage number in the margin, in bold."""
    self.body.append(r"\marginpar{\raggedleft\textbf{")


def depart_passage_number_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """Close the margin note; the space after it would indent the passage's first line."""
    self.body.append(r"}}\ignorespaces")


def visit_backlinks_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """Set back-links as a small superscript."""
    self.body.append(r"\textsuperscript{\scriptsize ")


def visit_lacuna_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """Set the lacuna mark upright, as editorial signs are (and as fonts carry them)."""
    self.body.append(r"\textup{")


def depart_group_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """Close a group opened by a visitor."""
    self.body.append("}")


def visit_note_separator_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """Print a superscript comma between two footnote marks."""
    self.body.append(r"\textsuperscript{,}")


def visit_speech_headnote_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """Begin the headnote as an unnumbered section of the speech's chapter, in the contents and bookmarks."""
    title = self.encode(node["title"])
    self.body.append("\n")
    for node_id in node["ids"]:
        self.body.append(self.hypertarget(node_id, anchor=True))
    self.body.append(
        f"\n\\section*{{{title}}}\\phantomsection\\addcontentsline{{toc}}{{section}}{{{title}}}\n"
        "\\begingroup\\small\n"
    )


def depart_speech_headnote_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """End the headnote."""
    self.body.append("\n\\par\\endgroup\n")


def visit_headnote_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """Begin the editorial headnote of an article in small type."""
    self.body.append("\n\n{\\small ")


def depart_headnote_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """End the headnote."""
    self.body.append("\\par}\n\n")


def setup_visitors(app: Sphinx) -> None:
    """Register the nodes with a visitor for each output format."""

    def register(node_class: type[nodes.Element], html: tuple, latex: tuple) -> None:
        app.add_node(node_class, html=html, latex=latex, **in_formats(PLAIN, PLAIN_FORMATS))

    span_html = (visit_span_html, depart_span_html)
    register(
        apparatus_nodes.passage,
        (visit_passage_html, depart_passage_html),
        (visit_passage_latex, depart_passage_latex),
    )
    register(
        apparatus_nodes.passage_number,
        (visit_passage_number_html, depart_passage_number_html),
        (visit_passage_number_latex, depart_passage_number_latex),
    )
    register(apparatus_nodes.commentary_span, span_html, (visit_targets_latex, depart_plain))
    register(
        apparatus_nodes.backlinks,
        (visit_backlinks_html, depart_backlinks_html),
        (visit_backlinks_latex, depart_group_latex),
    )
    # in LaTeX a lemma is a target (the back-links from the articles lead to it)
    register(apparatus_nodes.lemma, (visit_lemma_html, depart_span_html), (visit_targets_latex, depart_plain))
    register(
        apparatus_nodes.speech_headnote,
        (visit_speech_headnote_html, depart_speech_headnote_html),
        (visit_speech_headnote_latex, depart_speech_headnote_latex),
    )
    register(apparatus_nodes.lacuna, span_html, (visit_lacuna_latex, depart_group_latex))
    register(
        apparatus_nodes.article_headnote,
        (visit_block_html, depart_block_html),
        (visit_headnote_latex, depart_headnote_latex),
    )
    app.add_node(apparatus_nodes.citation_slot, **in_formats(PLAIN))
    app.add_node(
        apparatus_nodes.note_separator,
        **{**in_formats(SKIP), "latex": (visit_note_separator_latex, depart_plain)},
    )
    for placeholder in (
        apparatus_nodes.fact_marker,
        apparatus_nodes.fact_list,
        apparatus_nodes.quotation_listing,
        apparatus_nodes.standoff_link,
    ):
        app.add_node(placeholder, **in_formats(SKIP))
