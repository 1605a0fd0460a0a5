"""Directives: ``passage`` (primary text), ``article`` and ``commentary-link`` (commentary)."""

from __future__ import annotations

import re
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective
from toolkit.editorial import EDITORIAL

from . import nodes as apparatus_nodes
from .domain import get_domain
from .messages import warn
from .records import ArticleRecord, FactRecord, ListingRecord, OverrideRecord, PassageRecord, StandoffRecord
from .relations import SpecError, is_reserved_id, is_valid_id, parse_links


def repeated_options(directive: SphinxDirective) -> None:
    """Warn about an option given twice (MyST and docutils keep one of them silently or not at all)."""
    seen: set[str] = set()
    for line in directive.block_text.splitlines()[1:]:
        match = re.match(r"^\s*:([\w-]+):", line)
        if not match:
            if line.strip():
                break  # the options end where the content begins
            continue
        name = match[1]
        if name in seen and name in (directive.option_spec or {}):
            warn(f"option :{name}: is given twice; only one is used", "bad_markup", directive.get_location())
        seen.add(name)


def missing_options(directive: SphinxDirective, *names: str) -> bool:
    """Warn and return ``True`` when any of the required options *names* is missing."""
    missing = [name for name in names if not directive.options.get(name)]
    if missing:
        warn(
            f"{directive.name} needs the option(s) {', '.join(':' + m + ':' for m in missing)}",
            "bad_markup",
            directive.get_location(),
        )
    return bool(missing)


def flag_without_value(argument: str | None) -> None:
    """A flag option that refuses a value.

    MyST passes ``None`` to docutils' own ``flag`` whatever follows the option, so
    ``:unnumbered: no`` would silently make a passage unnumbered; given to this
    converter, a value becomes MyST's located ``directive_option`` warning and the
    option is left out.
    """
    if argument and argument.strip():
        msg = f"takes no value (given {argument.strip()!r}); leave the option out instead"
        raise ValueError(msg)


class PassageDirective(SphinxDirective):
    """A passage of the primary text, with a stable id and a number."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict] = {
        "unnumbered": flag_without_value,
        "label": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        """Record the passage and return its node, number first."""
        passage_id = self.arguments[0].strip()
        repeated_options(self)
        if not self.valid_id(passage_id):
            return []
        node = apparatus_nodes.passage(passage_id=passage_id)
        self.set_source_info(node)
        if not "".join(self.content).strip():
            warn(f"passage {passage_id!r} is empty", "empty_passage", self.get_location())
            return []
        self.state.nested_parse(self.content, self.content_offset, node)
        self.warn_nested(node, passage_id)
        text = " ".join(node.astext().split())
        if not self.id_is_free(passage_id):
            return node.children  # shown without number or anchor
        number, number_anchor, label = self.numbering(passage_id)
        node["number"] = number
        node["label"] = label
        node["ids"] = [passage_id] + ([number_anchor] if number_anchor else [])
        self.state.document.note_explicit_target(node)
        if number is not None:
            put_number(node, passage_id, label)
        get_domain(self.env).add(
            PassageRecord(
                passage_id=passage_id,
                docname=self.env.docname,
                lineno=self.lineno,
                number=number,
                anchor=passage_id,
                number_anchor=number_anchor,
                label=label,
                text=text,
            )
        )
        return [node]

    def valid_id(self, passage_id: str) -> bool:
        """Tell whether *passage_id* is a slug and not of the form of the apparatus's own anchors."""
        if is_reserved_id(passage_id):
            warn(
                f"passage id {passage_id!r} has the form of an anchor the apparatus makes itself "
                "(p<n>, notes-…, cite-…, …); choose another",
                "bad_markup",
                self.get_location(),
            )
            return False
        if not is_valid_id(passage_id):
            warn(
                f"passage id {passage_id!r} is not a slug (lowercase words joined by '-')",
                "bad_markup",
                self.get_location(),
            )
            return False
        return True

    def warn_nested(self, node: apparatus_nodes.passage, passage_id: str) -> None:
        """Warn about each passage inside this one: the fence that closes this one is missing."""
        for inner in node.findall(apparatus_nodes.passage):
            if inner is not node:
                warn(
                    f"passage {inner['passage_id']!r} stands inside passage {passage_id!r} "
                    f"(line {self.lineno}); is the ':::' that closes {passage_id!r} missing?",
                    "nested_passage",
                    inner,
                )

    def id_is_free(self, passage_id: str) -> bool:
        """Tell whether no other element of the page has *passage_id* yet (a warning if one has)."""
        earlier = self.state.document.ids.get(passage_id)
        if earlier is not None and not isinstance(earlier, apparatus_nodes.passage):
            warn(
                f"passage id {passage_id!r} is already the id of another element of this page "
                f"(a {earlier.tagname}); choose another",
                "bad_markup",
                self.get_location(),
            )
            return False
        if earlier is not None:
            warn(
                f"duplicate passage id {passage_id!r}, first used at line {earlier.line}; "
                "this passage is shown without number or anchor",
                "duplicate_passage",
                self.get_location(),
            )
            return False
        return True

    def numbering(self, passage_id: str) -> tuple[int | None, str | None, str]:
        """The passage's number, its number anchor (``p4``) and its label; no number if unnumbered."""
        if "unnumbered" in self.options:
            return None, None, self.options.get("label", passage_id)
        number = self.env.new_serialno("apparatus-passage") + 1
        return number, f"p{number}", self.config.apparatus_number_format.format(number=number)


def put_number(node: apparatus_nodes.passage, passage_id: str, label: str) -> None:
    """Put the passage's number, a link to the passage, at the start of its first paragraph."""
    marker = apparatus_nodes.passage_number(label, label, classes=["passage-number"])
    marker["refid"] = passage_id
    first = next(iter(node.findall(nodes.paragraph)), None)
    if first is not None:
        first.insert(0, nodes.Text(" "))
        first.insert(0, marker)


class ArticleDirective(SphinxDirective):
    """Declares the current document an article of the commentary."""

    has_content = False
    option_spec: ClassVar[dict] = {
        "source": directives.unchanged_required,
        "siglum": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        """Record the article and leave a headnote for its siglum and citation."""
        repeated_options(self)
        if missing_options(self, "source", "siglum"):
            return []
        domain = get_domain(self.env)
        if domain.article_of(self.env.docname) is not None:
            warn("this document already declares an article", "duplicate_article", self.get_location())
            return []
        title = ""
        for section in self.state.document.findall(nodes.section):
            title = section[0].astext()
            break
        record = ArticleRecord(
            docname=self.env.docname,
            lineno=self.lineno,
            bibkey=self.options["source"].strip(),
            siglum=self.options["siglum"].strip(),
            title=title,
        )
        domain.add(record)
        # the headnote cites the entry as the .bib gives it: a change there reads the article again
        for bibfile in self.config.bibtex_bibfiles:
            self.env.note_dependency(bibfile)
        headnote = apparatus_nodes.article_headnote(
            classes=["article-headnote", EDITORIAL], docname=self.env.docname
        )
        self.set_source_info(headnote)
        return [headnote]


class CommentaryLinkDirective(SphinxDirective):
    """A link whose quotation is stored apart from the article it quotes.

    The build checks that the quotation stands verbatim in the article.
    """

    required_arguments = 1  # the article's docname
    has_content = False
    option_spec: ClassVar[dict] = {
        "quote": directives.unchanged_required,
        "links": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        """Record the stand-off link; it renders nothing where it stands."""
        repeated_options(self)
        if missing_options(self, "quote", "links"):
            return []
        try:
            links = parse_links(self.options["links"], self.config.apparatus_relations)
        except SpecError as error:
            warn(f"commentary-link: {error}", error.subtype, self.get_location())
            return []
        article = docname_join(self.env.docname, self.arguments[0].strip().removesuffix(".md"))
        get_domain(self.env).add(
            StandoffRecord(
                docname=self.env.docname,
                lineno=self.lineno,
                article=article,
                quote=" ".join(self.options["quote"].split()),
                links=tuple(links),
                serial=self.env.new_serialno("apparatus-standoff"),
            )
        )
        node = apparatus_nodes.standoff_link()
        self.set_source_info(node)
        return [node]


class SpeechQuotationDirective(SphinxDirective):
    """An editor's decision on a quotation of the speech that the build detected in this article.

    The argument gives the quotation's first words. Exactly one option says what
    to do: ``:reject:`` (not a quotation of the speech), ``:outside:`` (a quotation
    of a part of the speech that the excerpt omits) or ``:passage:`` (align it
    with this passage).
    """

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[dict] = {
        "reject": directives.unchanged_required,
        "outside": directives.unchanged_required,
        "passage": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        """Record the decision; it renders nothing where it stands."""
        repeated_options(self)
        actions = [name for name in ("reject", "outside", "passage") if name in self.options]
        if len(actions) != 1:
            warn(
                "speech-quotation needs exactly one of :reject:, :outside: or :passage:",
                "bad_markup",
                self.get_location(),
            )
            return []
        action = actions[0]
        get_domain(self.env).add(
            OverrideRecord(
                docname=self.env.docname,
                lineno=self.lineno,
                prefix=" ".join(self.arguments[0].split()),
                action=action,
                value=self.options[action].strip(),
            )
        )
        return []


class SpeechQuotationsDirective(SphinxDirective):
    """A list of the speech's quotations in the commentary, by class (filled in when writing)."""

    has_content = False
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder; the list needs every article, known after reading."""
        get_domain(self.env).add(ListingRecord(self.env.docname))
        node = apparatus_nodes.quotation_listing()
        self.set_source_info(node)
        return [node]


class FactDirective(SphinxDirective):
    """``fact``: a fact on which the sources may differ; lists every source's reading of it."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict] = {"label": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        """Record the fact and leave a placeholder for its readings."""
        key = self.arguments[0].strip()
        repeated_options(self)
        if not is_valid_id(key) or missing_options(self, "label"):
            if not is_valid_id(key):
                warn(f"fact key {key!r} is not a slug", "bad_markup", self.get_location())
            return []
        get_domain(self.env).add(
            FactRecord(self.env.docname, self.lineno, key, self.options["label"].strip())
        )
        node = apparatus_nodes.fact_list(key=key)
        self.set_source_info(node)
        return [node]


class FactReadingDirective(SphinxDirective):
    """``fact-reading``: words of this document that give its reading of a fact.

    The words must stand once in the document; an editorial note on the fact is
    called right after them.
    """

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict] = {"quote": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        """Note the reading; the ``FactReadings`` transform finds its words after parsing."""
        repeated_options(self)
        if missing_options(self, "quote"):
            return []
        pending = self.env.current_document.setdefault("apparatus_readings", [])
        pending.append((self.arguments[0].strip(), " ".join(self.options["quote"].split()), self.lineno))
        return []
