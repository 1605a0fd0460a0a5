"""Read-phase transform: find the mentions and the dated readings in each document, and wrap them."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, NamedTuple

from apparatus import api as apparatus
from documents import unique_id
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from toolkit.editorial import EDITORIAL

from . import nodes as register_nodes
from .data import MATCH_TIMEOUT
from .domain import (
    MentionRecord,
    ReadingRecord,
    SlowRecord,
    get_domain,
    load_register,
    location,
    register_path,
)
from .messages import warn

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from .data import ChronologyEntry, Entity, Register
    from .domain import RegisterDomain

#: Nodes whose text is never searched for mentions: code, links, markup, and the register's own nodes.
SKIPPED = (
    nodes.FixedTextElement,  # literal blocks, raw, comments, math blocks
    nodes.literal,
    nodes.reference,
    nodes.target,
    nodes.math,
    nodes.substitution_definition,
    addnodes.pending_xref,
    addnodes.toctree,
    addnodes.index,
    register_nodes.mention,
)
#: Classes that keep a block out of the register: editorial matter, and blocks marked by hand.
SKIPPED_CLASSES = frozenset({EDITORIAL, "no-register"})


class Match(NamedTuple):
    """A name form found in a text node."""

    start: int
    end: int
    entity: Entity
    form: int


def in_scope(env: BuildEnvironment, docname: str) -> bool:
    """Tell whether *docname* is searched for mentions (``register_documents``)."""
    return any(fnmatchcase(docname, pattern) for pattern in env.config.register_documents)


def searchable(node: nodes.Node) -> bool:
    """Tell whether the text of *node* may hold a mention: not code, a link, editorial or other markup."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, SKIPPED) or SKIPPED_CLASSES & set(parent.get("classes", ())):
            return False
        if isinstance(parent, nodes.title) and not isinstance(parent.parent, nodes.section):
            return False
        parent = parent.parent
    return True


def enclosing(node: nodes.Node, kind: type[nodes.Element]) -> nodes.Element | None:
    """The nearest ancestor of *node* of class *kind*."""
    parent = node.parent
    while parent is not None and not isinstance(parent, kind):
        parent = parent.parent
    return parent


def find_matches(
    text: str,
    entities: list[Entity],
    timed_out: set[tuple[str, int]] | None = None,
) -> list[Match]:
    """The mentions in *text*: leftmost first, the longest where two overlap.

    A name inside a longer name (Moscow in "Moscow trials") counts only for the longer.
    A literal name form is tried only where its first word occurs in the text. A form
    whose search runs past ``MATCH_TIMEOUT`` is added to *timed_out* (entity id, form)
    and not tried again, so that one runaway pattern cannot hang the build.
    """
    timed_out = set() if timed_out is None else timed_out
    found: list[Match] = []
    for entity in entities:
        for index, form in enumerate(entity.forms):
            if form.needle not in text or (entity.entity_id, index) in timed_out:
                continue
            try:
                found.extend(
                    Match(match.start(), match.end(), entity, index)
                    for match in form.regex.finditer(text, timeout=MATCH_TIMEOUT)
                    if match.end() > match.start()
                )
            except TimeoutError:
                timed_out.add((entity.entity_id, index))
    found.sort(key=lambda m: (m.start, m.start - m.end))
    chosen: list[Match] = []
    for match in found:
        if not chosen or match.start >= chosen[-1].end:
            chosen.append(match)
    return chosen


class MarkMentions(SphinxTransform):
    """Wrap every mention of an entity in a ``mention`` node with an anchor and an index entry.

    Runs after the apparatus has anchored its paragraphs and placed its fact
    markers, so that their searches see whole text nodes. The words of the text
    are never changed, only wrapped.
    """

    default_priority = apparatus.ANCHORS_PRIORITY + 200

    def apply(self, **kwargs: Any) -> None:
        """Mark the chronology readings, then the mentions, of this document."""
        env = self.env
        docname = env.docname
        register = load_register(env)
        readings = register.readings_in(docname)
        scoped = in_scope(env, docname)
        roles = list(self.document.findall(register_nodes.mention))
        if not (scoped or readings or roles):
            return
        env.note_dependency(str(register_path(env)))
        domain = get_domain(env)
        self.serial = 0
        self.counters: dict[str, int] = {}
        if readings:
            texts = [
                text
                for text in self.document.findall(nodes.Text)
                if searchable(text) and enclosing(text, nodes.title) is None
            ]
            for entry, index, reading in readings:
                texts = self.mark_reading(domain, texts, entry, index, reading.quote, reading.line)
        if scoped:
            self.mark_names(register)
        for node in list(self.document.findall(register_nodes.mention)):
            entity = register.entities.get(node["entity"])
            if entity is not None:  # an unknown id is warned once every document is read
                self.finish_mention(domain, node, entity, node.get("form", -1))

    def mark_reading(
        self,
        domain: RegisterDomain,
        texts: list[nodes.Text],
        entry: ChronologyEntry,
        index: int,
        quote: str,
        line: int,
    ) -> list[nodes.Text]:
        """Wrap the words of one reading in an anchor, if they stand exactly once in *texts*.

        *texts* are the document's searchable text nodes; the list returned holds
        them as they are after the wrapping, for the next reading.
        """
        pattern = re.compile(r"\s+".join(re.escape(word) for word in quote.split()))
        places = [(text, match) for text in texts for match in pattern.finditer(str(text))]
        if len(places) != 1:
            where = "is not found" if not places else f"stands {len(places)} times"
            warn(
                f"chronology reading {quote!r} {where} in {self.env.docname!r}",
                "quote_not_found",
                location(self.env, line),
            )
            return texts
        text, match = places[0]
        anchor = unique_id(self.document, f"chron-{entry.entry_id}")
        value = str(text)
        node = register_nodes.chronology_anchor(
            match[0], match[0], ids=[anchor], classes=["chronology-reading"]
        )
        self.document.ids[anchor] = node
        before, after = nodes.Text(value[: match.start()]), nodes.Text(value[match.end() :])
        replace(text, [before, node, after])
        domain.add_reading(ReadingRecord(self.env.docname, entry.entry_id, index, anchor))
        # The same text nodes as a fresh search of the document would find now.
        position = texts.index(text)
        return [*texts[:position], before, *node.findall(nodes.Text), after, *texts[position + 1 :]]

    def mark_names(self, register: Register) -> None:
        """Find the name forms of every entity in the searchable text nodes and wrap them."""
        entities = list(register.entities.values())
        for text in list(self.document.findall(nodes.Text)):
            if not searchable(text):
                continue
            value = str(text)
            before = set(register.timed_out)
            matches = find_matches(value, entities, register.timed_out)
            self.left_out(register, register.timed_out - before)
            if not matches:
                continue
            pieces: list[nodes.Node] = []
            position = 0
            for match in matches:
                pieces.append(nodes.Text(value[position : match.start]))
                words = value[match.start : match.end]
                pieces.append(
                    register_nodes.mention(
                        words,
                        words,
                        entity=match.entity.entity_id,
                        form=match.form,
                        classes=["register-mention"],
                    )
                )
                position = match.end
            pieces.append(nodes.Text(value[position:]))
            replace(text, pieces)

    def left_out(self, register: Register, forms: set[tuple[str, int]]) -> None:
        """Warn about the forms whose search just ran out of time, and record them for the later checks."""
        domain = get_domain(self.env)
        for entity_id, index in sorted(forms):
            form = register.entities[entity_id].forms[index]
            warn(
                f"{entity_id}: pattern {form.source!r} runs longer than {MATCH_TIMEOUT} s on a text "
                f"of {self.env.docname!r}; it is left out of this build",
                "slow_pattern",
                location(self.env, form.line),
            )
            domain.add_slow(SlowRecord(self.env.docname, entity_id, index))

    def finish_mention(
        self, domain: RegisterDomain, node: register_nodes.mention, entity: Entity, form: int
    ) -> None:
        """Give a mention its anchor and index entry, and record it."""
        self.serial += 1
        title = enclosing(node, nodes.title)
        index = addnodes.index(entries=[("single", entity.sort, "", False, None)])
        if title is not None:
            section = title.parent
            if not section["ids"]:
                return
            anchor = section["ids"][0]
            index["inline"] = False
            section.insert(section.index(title) + 1, index)
            unit = "title"
        else:
            self.counters[entity.entity_id] = self.counters.get(entity.entity_id, 0) + 1
            anchor = unique_id(self.document, f"reg-{entity.entity_id}-{self.counters[entity.entity_id]}")
            node["ids"] = [anchor]
            self.document.ids[anchor] = node
            node.parent.insert(node.parent.index(node), index)
            paragraph = enclosing(node, nodes.paragraph)
            unit = paragraph["ids"][0] if paragraph is not None and paragraph["ids"] else ""
        index["entries"] = [("single", entity.sort, anchor, False, None)]
        domain.add_mention(
            MentionRecord(
                docname=self.env.docname,
                entity=entity.entity_id,
                anchor=anchor,
                text=" ".join(node.astext().split()),
                form=form,
                passage=apparatus.passage_containing(node),
                unit=unit,
                serial=self.serial,
            )
        )


def replace(text: nodes.Text, pieces: list[nodes.Node]) -> None:
    """Put *pieces* in the place of *text*, dropping empty text nodes."""
    parent = text.parent
    position = parent.index(text)
    kept = [piece for piece in pieces if not (isinstance(piece, nodes.Text) and not str(piece))]
    parent[position : position + 1] = kept
