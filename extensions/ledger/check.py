"""The build's check of the ledger: every sentence decided, and the apparatus as decided.

Run once every document is read (``env-check-consistency``), so that all
spans are known. The articles are the documents that hold an ``article``
directive; their sentences come from their doctrees, as the apparatus gives
them, and the ledger's rows are matched to them by their words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .apparatus import sentence_links
from .messages import warn
from .sentences import normalise
from .tables import SpecError, TableError, format_decision, parse_decision, read_table

if TYPE_CHECKING:
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
    for docname in sorted(set(articles) & env.found_docs):
        for sentence, links in sentence_links(env.get_doctree(docname), spans.get(docname, {})):
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


def _quiet(message: str, subtype: str, location: str) -> None:
    """Say nothing: the faults are said once, by the check."""


def _shown(text: str, limit: int = 60) -> str:
    """The sentence's opening words, for a message."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
