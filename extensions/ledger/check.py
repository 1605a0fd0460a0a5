"""The build's check of the ledger: every sentence decided, and the apparatus as decided.

Run once every document is read (``env-check-consistency``), so that all
spans are known. The articles are the documents that hold an ``article``
directive; their sentences, with the spans that touch each, are recorded in the
ledger's domain as each article is read (:func:`record_sentences`), and the
ledger's rows are matched to them by their words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .apparatus import links_of, sentence_anchors
from .messages import warn
from .sentences import normalise
from .tables import SpecError, TableError, format_decision, parse_decision, read_table

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .tables import Links

COLUMNS = ("id", "article", "links", "text")


@dataclass(frozen=True)
class Decision:
    """A row of the ledger: the sentence it names and the links decided for it."""

    line: int
    id: str
    article: str
    text: str
    links: Links


def ledger_path(env: BuildEnvironment) -> Path | None:
    """The ledger named by ``ledger_file`` (relative to the sources), or ``None``."""
    name = env.config.ledger_file
    return Path(env.srcdir, name) if name else None


def read_ledger(env: BuildEnvironment, path: Path, *, report: bool = True) -> list[Decision] | None:
    """The ledger's decisions; each row that cannot be read is a warning (if *report*) and left out."""
    said = warn if report else _quiet
    shown = env.config.ledger_file
    relations = env.config.apparatus_relations
    try:
        rows = read_table(path, COLUMNS)
    except TableError as error:
        said(f"cannot read the ledger: {error}", "bad_ledger", f"{shown}:{error.line}")
        return None
    decisions = []
    for row in rows:
        if any(row.cells.get(column) is None for column in COLUMNS):
            said(f"{row.id}: the row has fewer cells than the header", "bad_ledger", f"{shown}:{row.line}")
            continue
        try:
            links = parse_decision(row.cells["links"], relations)
        except SpecError as error:
            said(f"{row.id}: {error}", "bad_ledger", f"{shown}:{row.line}")
            continue
        text = normalise(row.cells["text"])
        decisions.append(Decision(row.line, row.id, row.cells["article"], text, links))
    return decisions


def apparatus_links(
    env: BuildEnvironment,
) -> tuple[dict[str, str], dict[str, dict[str, Links]], dict[str, int]]:
    """The articles' sigla by docname, the links of each document's spans by anchor, each passage's number."""
    domain = env.get_domain("apparatus")
    articles = {record.docname: record.siglum for record in domain.articles}
    spans: dict[str, dict[str, Links]] = {}
    for record in domain.spans:
        links = frozenset((link.relation, link.passage_id) for link in record.links)
        spans.setdefault(record.docname, {})[record.anchor] = links
    passages = {record.passage_id: record.number or 0 for record in domain.passages}
    return articles, spans, passages


def check_ledger(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about undecided sentences, unknown sentences, and apparatus that disagrees with the ledger."""
    path = ledger_path(env)
    if path is None:
        return
    shown = env.config.ledger_file
    decisions = read_ledger(env, path)
    if decisions is None:
        return
    articles, spans, order = apparatus_links(env)
    pending: dict[tuple[str, str], list[Decision]] = {}
    for decision in decisions:
        unknown = sorted({passage_id for _, passage_id in decision.links} - set(order))
        if unknown:
            where = f"{shown}:{decision.line}"
            warn(f"{decision.id}: no passage {', '.join(map(repr, unknown))}", "bad_ledger", where)
        pending.setdefault((decision.article, decision.text), []).append(decision)
    recorded = env.get_domain("ledger").data["sentences"]
    for docname in sorted(set(articles) & env.found_docs):
        for sentence, anchors in recorded.get(docname, []):
            links = links_of(anchors, spans.get(docname, {}))
            matches = pending.get((docname, sentence.text))
            where = (docname, sentence.line)
            if not matches:
                label = f"{articles[docname]}{sentence.paragraph.removeprefix('para-')}.{sentence.number}"
                message = f"sentence {label} has no decision in the ledger: {_shown(sentence.text)}"
                warn(message, "undecided", where)
                continue
            decision = matches.pop(0)
            if decision.links != links:
                warn(
                    f"{decision.id}: the apparatus gives {format_decision(links, order)!r}, the ledger "
                    f"({shown}:{decision.line}) {format_decision(decision.links, order)!r}",
                    "disagrees",
                    where,
                )
    for (article, _), left in sorted(pending.items()):
        for decision in left:
            if article in articles:
                message = f"{decision.id}: no such sentence in {article!r}"
            else:
                message = f"{decision.id}: {article!r} is not an article"
            warn(message, "unknown_sentence", f"{shown}:{decision.line}")


def record_sentences(app: Sphinx, doctree: nodes.document) -> None:
    """Record the sentences of the article just read, and the anchors of the spans touching each.

    The check needs them for every article in every build; taken from the
    doctrees there, they cost each build the unpickling of every article.
    """
    env = app.env  # a document read again was cleared from the domain first (LedgerDomain.clear_doc)
    if env.get_domain("apparatus").article_of(env.docname) is not None:
        env.get_domain("ledger").data["sentences"][env.docname] = sentence_anchors(doctree)


def _quiet(message: str, subtype: str, location: str) -> None:
    """Say nothing: the faults are said once, by the check."""


def _shown(text: str, limit: int = 60) -> str:
    """The sentence's opening words, for a message."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
