r"""The apparatus in the PDF: passages numbered by line, notes keyed by passage and line.

A printed critical edition is cited by passage and line (``§5.3``). The lines
of a PDF are only known when TeX breaks the paragraphs, so the numbers are left
to the ``lineno`` package: each numbered passage is set in its own
``apparatuspassage`` environment, its lines counted from 1 and every
``apparatus_latex_line_step``-th numbered in the margin; a ``\linelabel`` after
each lemma's last word records the line it ends on, and the note's head prints
it with ``\apparatusline`` (the number of lineno's label, read as ``\ref*``
reads it: ``\lineref`` would make hyperref link to a label that has no anchor).

``apparatus_latex_notes`` chooses how the notes stand:

``"lines"`` (the edition's choice, see docs/reference.md)
    no marker in the text; after each passage a block of entries in small type,
    ``§5.3 mass repressions ] W … contextualises: …``, each head a link to its lemma.
``"footnotes"``
    a footnote marker after each lemma, as in the HTML; the footnote is headed
    ``§5.3 mass repressions ]``.

The notes on a whole passage (``*``, or a lemma that was not found) are headed
by the passage alone (``§5 the whole passage ]``).

The variant series after a passage, lettered in the HTML (``a and the Soviet
Government ] …``), is keyed the same way in either layout: a ``\linelabel``
after the variant's lemma, found in the passage as the notes' lemmata are, and
the entry headed ``§5.7``; a lemma that does not stand once in the passage
heads its entry with the passage alone.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from documents import document_order
from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform
from toolkit.editorial import EDITORIAL

from . import lemmata, marking, quotations
from . import nodes as apparatus_nodes
from .domain import get_domain
from .post_transforms import passage_quotations

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .analyses import NoteGroup, Quotation
    from .records import PassageRecord

#: The ways the PDF may set the notes on the passages.
NOTE_LAYOUTS = ("lines", "footnotes")

#: lineno, the passage environment, and the apparatus block after a passage (``{step}``: the modulo).
PREAMBLE = r"""
\usepackage{lineno}
\renewcommand{\linenumberfont}{\normalfont\scriptsize\sffamily}
\setlength{\linenumbersep}{1.2em}
\modulolinenumbers[{step}]
\newenvironment{apparatuspassage}{\par\linenumbers\resetlinenumber[1]}{\par\nolinenumbers}
\newenvironment{sphinxclassapparatus-lines}{\par\small\setlength{\parskip}{0.2\baselineskip}%
  \everypar{\hangindent1.5em\hangafter1}}{\par\medskip}
\newcommand{\apparatushead}[1]{\textbf{#1}}
\newcommand{\apparatusline}[1]{\ref*{#1}}
"""


def setup_latex(app: Sphinx) -> None:
    """Declare the PDF's configuration values, its preamble, and the transform that keys the notes."""
    # only the LaTeX writer reads them, and it writes the whole PDF each time
    app.add_config_value("apparatus_latex_notes", "lines", "", types=frozenset({str}))
    app.add_config_value("apparatus_latex_line_step", 5, "", types=frozenset({int}))
    app.connect("config-inited", add_preamble)
    app.add_post_transform(LineKeyedNotes)


def add_preamble(app: Sphinx, config: Config) -> None:
    """Check the values and put lineno and the apparatus's environments into the LaTeX preamble."""
    if config.apparatus_latex_notes not in NOTE_LAYOUTS:
        msg = f"apparatus_latex_notes must be one of {NOTE_LAYOUTS}, not {config.apparatus_latex_notes!r}"
        raise ConfigError(msg)
    step = config.apparatus_latex_line_step
    if step < 1:
        msg = f"apparatus_latex_line_step must be 1 or more (every line numbered), not {step}"
        raise ConfigError(msg)
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + PREAMBLE.replace("{step}", str(step))
    config.latex_elements = elements


def line_label(docname: str, group: NoteGroup) -> str:
    """The ``lineno`` label at the end of a group's lemma."""
    return f"line:{docname}:{group.note_id}"


def head(record: PassageRecord, group: NoteGroup, keyed: bool) -> str:
    r"""The LaTeX of a note's place: ``§5.\apparatusline{…}`` for a lemma, ``§5`` for the whole passage."""
    label = record.label.replace("\\", "").replace("{", "").replace("}", "")
    if keyed:
        label += rf".\apparatusline{{{line_label(record.docname, group)}}}"
    return label


def following_container(passage: nodes.Element, anchor: str) -> nodes.container | None:
    """The container with the id *anchor* after *passage* among its siblings (its notes, its variants)."""
    siblings = passage.parent[passage.parent.index(passage) + 1 :]
    return next((s for s in siblings if isinstance(s, nodes.container) and anchor in s["ids"]), None)


class LineKeyedNotes(SphinxPostTransform):
    """Key each note on a numbered passage to its passage and line, in the PDF.

    Runs after the notes are made (priority 5) and before the references are
    resolved and Sphinx moves the footnotes to their markers.
    """

    default_priority = 7
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Label the lemmata's ends, head the notes by passage and line (in ``lines``: after the passage)."""
        analyses = get_domain(self.env).analyses
        layout = self.config.apparatus_latex_notes
        for passage in list(self.document.findall(apparatus_nodes.passage)):
            record = analyses.passages.get(passage["passage_id"])
            groups = analyses.groups.get(passage["passage_id"], [])
            if record is None or passage.get("number") is None:
                continue
            self.key_variants(record, passage, analyses.quotations[0])
            if not groups:
                continue
            holder = following_container(passage, f"notes-{record.passage_id}")
            if holder is None:
                continue
            footnotes = {footnote["ids"][0]: footnote for footnote in holder.findall(nodes.footnote)}
            references = {
                ref["ids"][0]: ref for ref in passage.findall(nodes.footnote_reference) if ref["ids"]
            }
            entries = nodes.container(classes=["apparatus-lines", EDITORIAL])
            for group in groups:
                footnote, reference = footnotes.get(group.note_id), references.get(group.ref_id)
                if footnote is None or reference is None:
                    continue
                keyed = self.label_lemma_end(record, group, reference)
                if layout == "footnotes":
                    self.head_footnote(footnote, head(record, group, keyed))
                else:
                    entries += self.entry(record, group, footnote, keyed)
                    reference.parent.remove(reference)
            if layout == "lines":
                drop_stray_separators(passage)
                entries["ids"] = holder["ids"]
                holder.replace_self(entries)

    def key_variants(self, record: PassageRecord, passage: nodes.Element, quoted: list[Quotation]) -> None:
        r"""Head each entry of the passage's variant series by passage and line instead of its letter.

        The entries stand in the order :func:`~apparatus.post_transforms.variant_block`
        made them, one per lettered paragraph; each variant's lemma is found in
        the passage's words (within the quotation's extent when it stands there
        more than once) and a ``\linelabel`` put after its last character.
        """
        block = following_container(passage, f"variants-{record.passage_id}")
        if block is None:
            return
        letters = [inline for inline in block.findall(nodes.inline) if "variant-letter" in inline["classes"]]
        for number, (letter, (quotation, variant)) in enumerate(
            zip(letters, variants_of(record, quoted, document_order(self.env)), strict=False), start=1
        ):
            label = f"line:{record.docname}:variant-{record.passage_id}-{number}"
            keyed = label_words_end(passage, variant.lemma, quotation.text, label)
            place = record.label.replace("\\", "").replace("{", "").replace("}", "")
            if keyed:
                place += rf".\apparatusline{{{label}}}"
            target = f"{record.docname}:{record.anchor}"
            letter.replace_self(
                nodes.raw(
                    "", rf"\apparatushead{{\hyperref[\detokenize{{{target}}}]{{{place}}}}}", format="latex"
                )
            )

    def label_lemma_end(self, record: PassageRecord, group: NoteGroup, reference: nodes.Element) -> bool:
        """Put a line label before the marker when it stands after its lemma; tell whether it does."""
        parent = reference.parent
        index = parent.index(reference)
        before = index - 1
        while before >= 0 and isinstance(
            parent[before], (nodes.footnote_reference, apparatus_nodes.note_separator, nodes.raw)
        ):
            before -= 1
        lemma = parent[before] if before >= 0 else None
        if not isinstance(lemma, apparatus_nodes.lemma) or group.note_id not in lemma["notes"]:
            return False
        label = line_label(record.docname, group)
        parent.insert(before + 1, nodes.raw("", rf"\linelabel{{{label}}}", format="latex"))
        return True

    def head_footnote(self, footnote: nodes.footnote, place: str) -> None:
        """Replace the passage's label at the head of a footnote by its passage and line."""
        for inline in footnote.findall(nodes.inline):
            if "passage-label" in inline["classes"]:
                inline.replace_self(nodes.raw("", place, format="latex"))
                return

    def entry(
        self, record: PassageRecord, group: NoteGroup, footnote: nodes.footnote, keyed: bool
    ) -> nodes.paragraph:
        """One entry of the apparatus after a passage: its place (a link to the lemma), lemma, notes.

        The footnote's paragraphs are run on: its head (``§5 mass repressions ]``)
        with the passage's label made ``§5.3``, then each note.
        """
        paragraph = nodes.paragraph(classes=["apparatus-entry"])
        paragraph += nodes.target("", "", ids=[group.note_id])
        target = f"{record.docname}:{group.lemma_id if keyed else record.anchor}"
        place = head(record, group, keyed)
        paragraph += nodes.raw(
            "", rf"\apparatushead{{\hyperref[\detokenize{{{target}}}]{{{place}}}}}", format="latex"
        )
        parts = [child for child in footnote.children if isinstance(child, nodes.paragraph)]
        for number, part in enumerate(parts):
            children = list(part.children)
            if number == 0:
                children = [
                    child
                    for child in children
                    if not (isinstance(child, nodes.inline) and "passage-label" in child["classes"])
                ]
            elif number > 1:
                paragraph += nodes.Text(";")
            paragraph += nodes.Text(" ")
            for child in children:
                part.remove(child)
                paragraph += child
        return paragraph


def variants_of(
    record: PassageRecord, quoted: list[Quotation], order: dict[str, int]
) -> list[tuple[Quotation, quotations.Variant]]:
    """The variants of a passage's series, in the order of its entries (and with their quotations)."""
    return [
        (quotation, variant)
        for quotation in passage_quotations(record, quoted, order)
        if quotation.kind == quotations.VARIANT
        for variant in quotation.alignment.variants  # type: ignore[union-attr]
    ]


def label_words_end(passage: nodes.Element, words: str, quote: str, label: str) -> bool:
    r"""Put ``\linelabel{label}`` after *words* in the passage's text; tell whether they were found.

    *words* must stand once in the passage, or once within the extent of *quote*
    (the quotation they come from) when they stand there more than once.
    """
    text, where = marking.words_of(passage)
    starts = lemmata.occurrences(words, text)
    if len(starts) > 1 and (extent := quotations.extent(quote, text)) is not None:
        starts = [start for start in starts if extent[0] <= start < extent[1]]
    if len(starts) != 1:
        return False
    match = re.compile(r"\s+".join(re.escape(word) for word in words.split())).match(text, starts[0])
    if match is None or match.end() < 1:
        return False
    node, offset = where[match.end() - 1]
    raw = str(node)
    pieces: list[nodes.Node] = [
        nodes.Text(raw[: offset + 1]),
        nodes.raw("", rf"\linelabel{{{label}}}", format="latex"),
    ]
    if raw[offset + 1 :]:
        pieces.append(nodes.Text(raw[offset + 1 :]))
    node.parent.replace(node, pieces)  # type: ignore[arg-type]
    return True


def drop_stray_separators(passage: nodes.Element) -> None:
    """Remove the commas between markers that no longer stand next to another marker."""
    for separator in list(passage.findall(apparatus_nodes.note_separator)):
        parent = separator.parent
        index = parent.index(separator)
        before = parent[index - 1] if index else None
        after = parent[index + 1] if index + 1 < len(parent) else None
        if not (isinstance(before, nodes.footnote_reference) and isinstance(after, nodes.footnote_reference)):
            parent.remove(separator)
