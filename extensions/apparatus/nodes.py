"""Doctree nodes of the apparatus; writers render them through the visitors in ``visitors``."""

from __future__ import annotations

from docutils import nodes


class passage(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lowercase)
    """A passage of the primary text: a block holding its paragraphs.

    Attributes: ``passage_id``, ``number`` (``None`` when unnumbered), ``label``.
    """


class passage_number(nodes.Inline, nodes.TextElement):  # noqa: N801
    """The number shown at the start of a passage (``§4``), a link to the passage."""


class commentary_span(nodes.Inline, nodes.TextElement):  # noqa: N801
    """Words of an article that comment on passages; carries the span's id."""


class lemma(nodes.Inline, nodes.TextElement):  # noqa: N801
    """Words of a passage that notes bear on: one piece of one or more lemmata.

    Attributes: ``notes`` (the ids of the notes on the lemmata that hold these
    words, innermost last). Overlapping lemmata split the text at their
    boundaries, so a piece may belong to several.
    """


class speech_headnote(nodes.General, nodes.Element):  # noqa: N801
    """The notes on an unnumbered passage (the speech as a whole), after the passages.

    Attributes: ``title``; its children are the notes' paragraphs.
    """


class backlinks(nodes.Inline, nodes.TextElement):  # noqa: N801
    """After a commentary span: links back to the passages it comments on."""


class article_headnote(nodes.General, nodes.Element):  # noqa: N801
    """The editorial line above an article: siglum and source citation."""


class lacuna(nodes.Inline, nodes.TextElement):  # noqa: N801
    """An editorial mark where the witness breaks off; its title says how."""


class note_separator(nodes.Inline, nodes.Element):  # noqa: N801
    """Between two note markers: a comma in print, where markers would run together."""


class citation_slot(nodes.Inline, nodes.Element):  # noqa: N801
    """Where a note cites its source; unwrapped once the citation is formatted.

    Attributes: ``bibkey``, ``style``. Only the first slot of a page for a key
    is resolved by sphinxcontrib-bibtex; the others receive copies of it.
    """


class quotation_listing(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the list of the speech's quotations in the commentary."""


class fact_marker(nodes.Inline, nodes.Element):  # noqa: N801
    """After a source's reading of a disputed fact: where its editorial note is called."""


class fact_list(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the list of every source's reading of one fact."""


class standoff_link(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder left by the ``commentary-link`` directive; removed before writing."""
