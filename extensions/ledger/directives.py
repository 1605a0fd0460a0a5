"""The directives that publish the double reading: its agreement figures and the apparatus's coverage.

``annotation-agreement`` computes its figures from the reading tables when the
page is read (a change to a table rereads the page). ``ledger-coverage`` needs
every passage, so it leaves a placeholder that is filled once all documents
are read; :class:`LedgerDomain` remembers which pages hold one, and what of
the passages the report showed, so that they are rewritten when that changes.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.domains import Domain
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .agreement import agreement, changed
from .check import read_ledger
from .messages import warn
from .tables import TableError, read_decisions, read_table

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class ledger_coverage(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lowercase)
    """Where the coverage report goes; replaced once every document is read."""


class LedgerDomain(Domain):
    """The pages that show the coverage report, and the articles' sentences, by docname."""

    name = "ledger"
    label = "Ledger"
    #: 1: the passages shown, instead of whether a document of passages was read; 2: the sentences
    data_version = 2
    initial_data: ClassVar[dict[str, Any]] = {
        "coverage": {},  #: docname -> line of the directive
        "passages": None,  #: what the reports show of the passages, as the last build left them
        "sentences": {},  #: article docname -> [(sentence, anchors of the spans touching it)]
    }

    def clear_doc(self, docname: str) -> None:
        """Forget *docname*'s report and sentences."""
        self.data["coverage"].pop(docname, None)
        self.data["sentences"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the reports and the sentences of documents read in another process."""
        for docname in docnames:
            for key in ("coverage", "sentences"):
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]


def _figure(value: float | None) -> str:
    """A ratio with two decimals, or "undefined"."""
    return "undefined" if value is None else f"{value:.2f}"


def _table(rows: Iterable[tuple[str, str | nodes.Node]], classes: list[str]) -> nodes.table:
    """A two-column table without a header: a label and a value per row."""
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=2)
    table += group
    for width in (7, 3):
        group += nodes.colspec(colwidth=width)
    body = nodes.tbody()
    group += body
    for label, value in rows:
        row = nodes.row()
        row += nodes.entry("", nodes.paragraph(label, label))
        cell = value if isinstance(value, nodes.Node) else nodes.paragraph(value, value)
        row += nodes.entry("", cell)
        body += row
    return table


class AgreementDirective(SphinxDirective):
    """``annotation-agreement reading-1.tsv reading-2.tsv``: the agreement of two readings."""

    required_arguments = 2
    option_spec: ClassVar = {"ledger": directives.unchanged, "before": directives.unchanged}

    def table_path(self, name: str) -> Path:
        """The path of a table named relative to the page (or to the sources, with ``/``)."""
        relative, path = self.env.relfn2path(name, self.env.docname)
        self.env.note_dependency(relative)
        return Path(path)

    def run(self) -> list[nodes.Node]:
        """The figures as a table, or a warning when a table cannot be read."""
        relations = self.config.apparatus_relations
        try:
            first, second = (read_decisions(self.table_path(name), relations) for name in self.arguments)
            ledger = before = None
            if "ledger" in self.options:
                ledger = read_decisions(self.table_path(self.options["ledger"]), relations)
                decided = read_table(self.table_path(self.options["ledger"]), ("id", "decided"))
            if "before" in self.options:
                before = read_decisions(self.table_path(self.options["before"]), relations)
        except TableError as error:
            warn(f"annotation-agreement: {error}", "bad_ledger", self.get_location())
            return []
        figures = agreement(first, second)
        share = figures.same_decision / figures.sentences if figures.sentences else 0.0
        rows: list[tuple[str, str | nodes.Node]] = [
            ("Sentences read by both readers", str(figures.sentences)),
            (
                "Sentences given the same decision (links and relations)",
                f"{figures.same_decision} ({share:.0%})",
            ),
            (
                "Links (sentence to passage) in reading 1, in reading 2, in both",
                (f"{figures.first_links}, {figures.second_links}, {figures.shared_links}"),
            ),
            (
                "Precision and recall of reading 2 against reading 1",
                (f"{_figure(figures.precision)}, {_figure(figures.recall)}"),
            ),
            ("F1 of the links", _figure(figures.f1)),
            (
                f"Cohen's kappa on the relation of the {figures.shared_links} shared links",
                _figure(figures.kappa),
            ),
        ]
        if ledger is not None:
            adjudicated = sum(row.cells["decided"] == "adjudicated" for row in decided)
            rows += [
                ("Sentences adjudicated (the readings differed)", str(adjudicated)),
                (
                    "Ledger decisions that differ from reading 1, from reading 2",
                    (f"{changed(ledger, first)}, {changed(ledger, second)}"),
                ),
            ]
            if before is not None:
                rows.append(
                    (
                        "Sentences whose links the double reading changed",
                        (f"{changed(ledger, before)} of {len(ledger)}"),
                    )
                )
        table = _table(rows, ["annotation-agreement"])
        self.set_source_info(table)
        return [table]


class CoverageDirective(SphinxDirective):
    """``ledger-coverage``: the passages each relation reaches, and the sentences that reach none."""

    def run(self) -> list[nodes.Node]:
        """A placeholder filled once every document is read."""
        if not self.config.ledger_file:
            warn("ledger-coverage needs ledger_file to be set", "bad_ledger", self.get_location())
            return []
        self.env.note_dependency(self.config.ledger_file)
        self.env.get_domain("ledger").data["coverage"][self.env.docname] = self.lineno
        node = ledger_coverage()
        self.set_source_info(node)
        return [node]


def fill_coverage(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each coverage placeholder with the report, from the ledger and the passages."""
    placeholders = list(doctree.findall(ledger_coverage))
    if not placeholders:
        return
    env = app.env
    decisions = read_ledger(env, Path(env.srcdir, env.config.ledger_file), report=False) or []
    passages = sorted(env.get_domain("apparatus").passages, key=lambda record: record.number or 0)
    relations = list(env.config.apparatus_relations)
    for placeholder in placeholders:
        placeholder.replace_self(report(app.builder, docname, decisions, passages, relations))


def report(
    builder: Builder, docname: str, decisions: list, passages: list, relations: list[str]
) -> list[nodes.Node]:
    """The coverage table, the passages no sentence reaches, and the unlinked sentences by article."""
    counts: dict[str, Counter[str]] = {record.passage_id: Counter() for record in passages}
    for decision in decisions:
        for relation, passage_id in decision.links:
            counts.setdefault(passage_id, Counter())[relation] += 1
    table = nodes.table(classes=["ledger-coverage", "colwidths-given"])
    group = nodes.tgroup(cols=len(relations) + 1)
    table += group
    group += nodes.colspec(colwidth=4)
    for _ in relations:
        group += nodes.colspec(colwidth=2)
    head, body = nodes.thead(), nodes.tbody()
    group += head
    group += body
    header = nodes.row()
    for title in ["Passage", *relations]:
        header += nodes.entry("", nodes.paragraph(title, title))
    head += header
    for record in passages:
        row = nodes.row()
        shown = record.label if record.number is not None else f"{record.label} (the speech as a whole)"
        label = nodes.inline(shown, shown)
        link = make_refnode(builder, docname, record.docname, record.anchor, label)
        row += nodes.entry("", nodes.paragraph("", "", link))
        for relation in relations:
            value = str(counts[record.passage_id][relation] or "–")
            row += nodes.entry("", nodes.paragraph(value, value))
        body += row
    result: list[nodes.Node] = [table]
    bare = [record.label for record in passages if not counts[record.passage_id]]
    text = "Passages that no sentence reaches: " + (", ".join(bare) if bare else "none") + "."
    result.append(nodes.paragraph(text, text))
    unlinked: dict[str, list[str]] = {}
    totals: Counter[str] = Counter()
    for decision in decisions:
        siglum = decision.id.rstrip("0123456789.")
        totals[siglum] += 1
        if not decision.links:
            unlinked.setdefault(siglum, []).append(decision.id)
    items = nodes.bullet_list(classes=["ledger-unlinked"])
    for siglum in sorted(totals):
        ids = unlinked.get(siglum, [])
        words = f"{siglum}: {len(ids)} of {totals[siglum]} sentences reach no passage"
        words += f" ({compact(ids)})." if ids else "."
        items += nodes.list_item("", nodes.paragraph(words, words))
    result.append(items)
    return result


def compact(ids: list[str]) -> str:
    """Sentence ids with each run in one paragraph shortened: ``H35.1–4, H36.2``."""
    runs: list[list[str]] = []
    for sentence in ids:
        paragraph, _, number = sentence.rpartition(".")
        last = runs[-1] if runs else None
        if last and last[0] == paragraph and int(last[-1]) + 1 == int(number):
            last.append(number)
        else:
            runs.append([paragraph, number])
    return ", ".join(
        f"{run[0]}.{run[1]}" if len(run) == 2 else f"{run[0]}.{run[1]}–{run[-1]}" for run in runs
    )


def shown_passages(env: BuildEnvironment) -> list[tuple[str, str, int | None, str, str]]:
    """What a coverage report shows of the passages: in its order, each id, label, number and link."""
    passages = sorted(env.get_domain("apparatus").passages, key=lambda record: record.number or 0)
    return [(r.passage_id, r.label, r.number, r.docname, r.anchor) for r in passages]


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """The pages with a coverage report, when what it shows of the passages has changed.

    The report's other sources, the ledger file and the relations, make Sphinx
    read its page again when they change. The passages are compared whole, so
    that a page of passages added or removed counts as well as one edited, and
    an edit of a passage's words alone leaves the report unwritten.
    """
    data = env.get_domain("ledger").data
    before, data["passages"] = data["passages"], shown_passages(env)
    if before == data["passages"]:
        return set()
    return set(data["coverage"]) & env.found_docs


def setup_nodes(app: Sphinx) -> None:
    """Register the domain, the placeholder node, and the handlers that fill and refresh it."""
    app.add_domain(LedgerDomain)
    app.add_node(ledger_coverage)
    app.connect("doctree-resolved", fill_coverage)
    app.connect("env-get-updated", pages_to_rewrite)
