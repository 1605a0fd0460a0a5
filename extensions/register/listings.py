"""Write-phase post-transform: the ``register`` and ``chronology`` listings, filled from the records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from apparatus import api as apparatus
from documents import anchor_xref, document_order
from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as register_nodes
from .data import KINDS
from .domain import get_domain, load_register

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from .data import ChronologyEntry, Entity, Register
    from .domain import MentionRecord, RegisterDomain


class FillListings(SphinxPostTransform):
    """Fill the ``register`` and ``chronology`` placeholders from the domain's records."""

    default_priority = 5  # before the references resolver, which resolves the links made here

    def run(self, **kwargs: Any) -> None:
        """Replace each placeholder of this page."""
        registers = list(self.document.findall(register_nodes.register_listing))
        chronologies = list(self.document.findall(register_nodes.chronology_listing))
        if not registers and not chronologies:
            return
        register = load_register(self.env)
        domain = get_domain(self.env)
        for placeholder in registers:
            placeholder.replace_self(self.register(register, domain, placeholder["kinds"] or list(KINDS)))
        for placeholder in chronologies:
            placeholder.replace_self(self.chronology(register, domain))

    # The register ---------------------------------------------------------------

    def register(self, register: Register, domain: RegisterDomain, kinds: list[str]) -> list[nodes.Node]:
        """One rubric per kind, then a definition list: each entity, its Wikidata id, its mentions."""
        mentions = domain.mentions_of()
        order = document_order(self.env)
        labels = apparatus.passage_labels(self.env)
        fromdocname = self.env.docname
        content: list[nodes.Node] = []
        for kind in kinds:
            entities = sorted(
                (e for e in register.entities.values() if e.kind == kind),
                key=lambda e: (e.sort.casefold(), e.entity_id),
            )
            if not entities:
                continue
            heading = KINDS[kind]
            content.append(nodes.rubric(heading, heading, classes=["register-kind"]))
            listing = nodes.definition_list(classes=["register-entries", f"register-{kind}"])
            for entity in entities:
                term = nodes.term("", "", ids=[f"entity-{entity.entity_id}"])
                term += nodes.strong(entity.sort, entity.sort)
                if entity.name != entity.sort:
                    term += nodes.Text(f" ({entity.name})")
                definition = nodes.definition()
                definition += self.wikidata(entity)
                definition += self.mention_list(
                    mentions.get(entity.entity_id, []), order, labels, fromdocname
                )
                listing += nodes.definition_list_item("", term, definition)
            content.append(listing)
        return content or [nodes.paragraph(text="The register is empty.")]

    def wikidata(self, entity: Entity) -> nodes.paragraph:
        """``Wikidata: Q855`` as a link, or a note that no identifier is recorded."""
        paragraph = nodes.paragraph(classes=["register-wikidata"])
        paragraph += nodes.Text("Wikidata: ")
        if entity.wikidata:
            uri = f"https://www.wikidata.org/wiki/{entity.wikidata}"
            paragraph += nodes.reference(entity.wikidata, entity.wikidata, refuri=uri)
        else:
            paragraph += nodes.emphasis("not recorded", "not recorded")
        return paragraph

    def mention_list(
        self,
        records: list[MentionRecord],
        order: dict[str, int],
        labels: dict[str, str],
        fromdocname: str,
    ) -> nodes.paragraph:
        """Every mention, grouped by page and, within a page, by passage or paragraph."""
        paragraph = nodes.paragraph(classes=["register-mentions"])
        if not records:
            paragraph += nodes.emphasis("No mention found.", "No mention found.")
            return paragraph
        pages: dict[str, list[MentionRecord]] = {}
        for record in sorted(records, key=lambda r: (order.get(r.docname, len(order)), r.docname, r.serial)):
            pages.setdefault(record.docname, []).append(record)
        for number, (docname, page) in enumerate(pages.items()):
            if number:
                paragraph += nodes.Text("; ")
            title = page_title(self.env, docname)
            paragraph += nodes.inline(title, title, classes=["register-page"])
            paragraph += nodes.Text(": ")
            units: dict[str, list[MentionRecord]] = {}
            for record in page:
                units.setdefault(unit_label(record, labels), []).append(record)
            for position, (label, found) in enumerate(units.items()):
                if position:
                    paragraph += nodes.Text(", ")
                if len(found) == 1:
                    paragraph += self.link(fromdocname, found[0], label)
                    continue
                paragraph += nodes.Text(f"{label} (")
                for count, record in enumerate(found, start=1):
                    if count > 1:
                        paragraph += nodes.Text(" ")
                    paragraph += self.link(fromdocname, record, str(count))
                paragraph += nodes.Text(")")
        return paragraph

    def link(self, fromdocname: str, record: MentionRecord, label: str) -> nodes.Element:
        """A link to one mention."""
        return anchor_xref(
            "register",
            fromdocname,
            f"{record.docname}#{record.anchor}",
            nodes.Text(label),
            f"“{record.text}”",
        )

    # The chronology --------------------------------------------------------------

    def chronology(self, register: Register, domain: RegisterDomain) -> list[nodes.Node]:
        """The events in date order; under each, every source's own words, linked to where they stand."""
        listing = nodes.definition_list(classes=["chronology-entries"])
        entries = sorted(enumerate(register.chronology), key=lambda pair: (pair[1].sort_key, pair[0]))
        sigla = apparatus.document_sigla(self.env)
        for _, entry in entries:
            definition = nodes.definition("", self.chronology_readings(entry, domain, sigla))
            listing += nodes.definition_list_item(
                "", self.chronology_term(entry, register, domain), definition
            )
        if not len(listing):
            return [nodes.paragraph(text="The chronology is empty.")]
        return [listing]

    def chronology_term(
        self, entry: ChronologyEntry, register: Register, domain: RegisterDomain
    ) -> nodes.term:
        """The date or dates of an event and its title, linked to its entity in the register."""
        entity = register.entities.get(entry.entity)
        register_page = domain.register_page(entity.kind) if entity is not None else None
        dates = entry.dates()
        shown = " or ".join(date.display() for date in dates)
        term = nodes.term("", "", ids=[f"chronology-{entry.entry_id}"])
        term += nodes.strong(shown, shown, classes=["chronology-date"])
        term += nodes.Text(" ")
        title = nodes.inline(entry.title, entry.title, classes=["chronology-title"])
        if entity is not None and register_page:
            target = f"{register_page}#entity-{entity.entity_id}"
            term += anchor_xref("register", self.env.docname, target, title, entity.name)
        else:
            term += title
        if len(dates) > 1:
            term += nodes.Text(" ")
            term += nodes.emphasis("(the sources differ)", "(the sources differ)")
        return term

    def chronology_readings(
        self, entry: ChronologyEntry, domain: RegisterDomain, sigla: dict[str, str]
    ) -> nodes.paragraph:
        """Each source's words for an event, after its siglum (a link to where they stand)."""
        differ = len(entry.dates()) > 1
        paragraph = nodes.paragraph(classes=["chronology-readings"])
        for index, reading in enumerate(entry.readings):
            if index:
                paragraph += nodes.Text("; ")
            siglum = sigla.get(reading.document) or page_title(self.env, reading.document)
            found = domain.reading_anchor(entry.entry_id, index)
            label = nodes.inline(siglum, siglum, classes=["siglum"])
            if found is not None:
                target = f"{found.docname}#{found.anchor}"
                paragraph += anchor_xref("register", self.env.docname, target, label, reading.quote)
            else:
                paragraph += label
            paragraph += nodes.Text(f" “{reading.quote}”")
            if differ:
                paragraph += nodes.Text(f" ({reading.date.display()})")
        paragraph += nodes.Text(".")
        return paragraph


def page_title(env: BuildEnvironment, docname: str) -> str:
    """The title of a page, or its docname when it has none."""
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def unit_label(record: MentionRecord, labels: dict[str, str]) -> str:
    """How the register names the place of a mention: ``§4``, ``¶3``, ``title``, or ``text``."""
    if record.passage:
        return labels.get(record.passage, record.passage)
    if record.unit == "title":
        return "title"
    number = apparatus.paragraph_number(record.unit)
    return f"¶{number}" if number is not None else "text"
