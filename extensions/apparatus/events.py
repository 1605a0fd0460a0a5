"""Event handlers: the documents a build reads, the derived data after reading, and pages to rewrite."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .domain import get_domain
from .messages import warn

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .analyses import Note
    from .domain import ApparatusDomain
    from .records import PassageRecord

#: Kinds of record whose change alters the editorial notes on disputed facts.
FACT_KINDS = frozenset({"facts", "readings"})
#: The records those notes are made from: the facts, the readings, and the articles' sigla and titles.
FACT_NOTE_KINDS = (*sorted(FACT_KINDS), "articles")
#: What pages other than the passages' own show of the passages (a part of
#: :func:`shown_elsewhere`), and the kinds of record that put it on a page.
SHOWN_BY: dict[str, tuple[str, ...]] = {
    "passages": ("articles", "spans", "standoffs", "references", "listings"),
    "notes": ("passages",),
    "backlinks": ("articles", "spans", "standoffs"),
    "quotations": ("passages", "listings"),
}


def note_docs_to_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Remember which documents this build reads; leave out, with a warning, any that is not UTF-8.

    Sphinx would stop the whole build on the first undecodable source.
    """
    for docname in list(docnames):
        data = env.doc2path(docname).read_bytes()
        try:
            data.decode(env.config.source_encoding)
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            encoding = "UTF-8" if env.config.source_encoding.lower().startswith("utf-8") else error.encoding
            warn(
                f"not valid {encoding} (byte {data[error.start]:#04x}); "
                "this document is left out of the build",
                "bad_encoding",
                (docname, line),
            )
            docnames.remove(docname)
            # and out of the project, or Sphinx would still try to write it
            env.project.docnames.discard(docname)
            if docname in env.all_docs:
                forget_document(app, env, docname, docnames)
    get_domain(env).data["reread"] = sorted(docnames)


def forget_document(app: Sphinx, env: BuildEnvironment, docname: str, docnames: list[str]) -> None:
    """Forget a document an earlier build read, as if it had been removed, and read its parents again.

    Left in the environment, its old version would go on being linked and
    resolved; a fresh build would not know it, and its parents' tables of
    contents would say so.
    """
    app.events.emit("env-purge-doc", env, docname)
    env.clear_doc(docname)
    env.all_docs.pop(docname, None)
    for parent, children in env.toctree_includes.items():
        if docname in children and parent not in docnames and parent in env.found_docs:
            docnames.append(parent)


def forget_analyses(app: Sphinx, env: BuildEnvironment) -> None:
    """Derive the notes, quotations and back-links anew from the records as this build left them."""
    get_domain(env).forget_analyses()


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """Pages whose output depends on documents that were just read or removed.

    Editing an article may change the notes and the variants on the speech page;
    editing the speech may change what articles, ``{passage}`` references and
    listings show of the passages. Those pages are rewritten only when what they
    show does change, compared with what the last build that read documents
    derived (:func:`shown_elsewhere`): a word of an article outside its spans and
    quotations, or of a passage outside any lemma or quotation, leaves them as
    they were. Sphinx writes the documents it read again in any case.
    """
    domain = get_domain(env)
    reread, purged = set(domain.data["reread"]), domain.data["purged"]
    domain.data["reread"], domain.data["purged"] = [], {}
    touched = reread | purged.keys()
    pages: set[str] = set()
    if touched:
        before, domain.data["shown"] = domain.data.get("shown") or {}, shown_elsewhere(domain)
        for part, holders in SHOWN_BY.items():
            if before.get(part) != domain.data["shown"][part]:
                pages |= domain.docnames_holding(*holders)
    if any(changed_records(domain, purged, docname, FACT_NOTE_KINDS) for docname in touched):
        pages |= domain.docnames_holding("facts", "readings")
    return pages & env.found_docs


def changed_records(
    domain: ApparatusDomain, purged: dict[str, dict[str, list[Any]]], docname: str, kinds: Iterable[str]
) -> bool:
    """Whether *docname* now holds other records of *kinds* than before it was read again.

    Line numbers are left out of the comparison: they only place warnings, and
    editing the text above a record moves them without changing any page.
    """
    before = purged.get(docname, {})
    for kind in kinds:
        old = [record._replace(lineno=0) for record in before.get(kind, [])]
        new = [record._replace(lineno=0) for record in domain.records_of(kind, docname)]
        if old != new:
            return True
    return False


def shown_passage(record: PassageRecord) -> tuple[Any, ...]:
    """What a link, a back-link or a listing shows of a passage: never its words or its line."""
    r = record
    return (r.passage_id, r.docname, r.number, r.anchor, r.number_anchor, r.label)


def shown_note(note: Note) -> Note:
    """A note as its footnote shows it: the line of its article's declaration left out."""
    return note._replace(article=note.article._replace(lineno=0))


def shown_elsewhere(domain: ApparatusDomain) -> dict[str, Any]:
    """What the pages that refer to passages show of them, as derived from the records just read.

    ``passages``: every passage's id, page, number, anchors and label, in the
    order that decides which of two passages with one id is linked; ``notes``:
    the notes on each passage, with the articles' words they quote and the
    lemmata they bear on;
    ``backlinks``: each span's back-links, with the lemma each one leads to
    (lemmata are found in the passage's words); ``quotations``: the speech's
    quotations as the listings show them, classified and aligned against the
    passages' words.
    """
    analyses = domain.analyses
    backlinks = {
        span: [(relation, shown_passage(record), anchor) for relation, record, anchor in pairs]
        for span, pairs in analyses.backlinks.items()
    }
    return {
        "passages": [shown_passage(record) for record in domain.passages],
        "notes": {passage: [shown_note(note) for note in notes] for passage, notes in analyses.notes.items()},
        "backlinks": backlinks,
        "quotations": list(analyses.quotations[0]),
    }
