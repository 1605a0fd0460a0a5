"""The ``tei`` builder: the whole edition as one TEI P5 document, written when every page is read."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from apparatus import nodes as apparatus_nodes
from apparatus.domain import get_domain
from documents import document_order
from lxml import etree
from sphinx.builders import Builder
from sphinx.locale import __
from sphinx.util import logging

from . import apparatus, header, register, texts
from .messages import warn
from .xml import POINTER_ATTRIBUTES, TEI_NS, XML_ID, XML_LANG, ncname, tei

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from docutils import nodes

logger = logging.getLogger(__name__)


class TEIBuilder(Builder):
    """Write the speech, the articles, the apparatus and the register as one TEI document.

    Nothing is written page by page: the document needs every page and every
    record of the domains, so it is assembled in :meth:`finish`, after the merge
    of a parallel read, from the doctrees Sphinx stored.
    """

    name = "tei"
    format = "tei"
    epilog = __("The TEI document is in %(outdir)s.")
    allow_parallel = False

    @property
    def basename(self) -> str:
        """The file's name without ``.xml``: ``tei_basename``, or the EPUB's."""
        return self.config.tei_basename or self.config.epub_basename

    @property
    def target(self) -> Path:
        """The TEI document's path."""
        return Path(self.outdir) / f"{self.basename}.xml"

    def init(self) -> None:
        """Nothing to prepare: the document is made at the end."""

    def get_outdated_docs(self) -> Iterable[str]:
        """The documents changed since the TEI document was written (every one when there is none)."""
        written = self.target.stat().st_mtime if self.target.exists() else 0.0
        for docname in self.env.found_docs:
            if Path(self.env.doc2path(docname)).stat().st_mtime > written:
                yield docname

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        """Every page is in the one document."""
        return ""

    def prepare_writing(self, docnames: Set[str]) -> None:
        """Nothing to prepare: the document is made at the end."""

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        """Nothing per page: :meth:`finish` reads the stored doctrees."""

    def finish(self) -> None:
        """Assemble the TEI document and write it."""
        root = self.assemble()
        check_pointers(root)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.target.write_bytes(
            etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        )
        logger.info(__("TEI written to %s"), self.target)

    def assemble(self) -> etree._Element:
        """The ``TEI`` element: header, register, and a group of the speech and the articles."""
        env = self.env
        domain = get_domain(env)
        order = document_order(env)
        position = lambda docname: (order.get(docname, len(order)), docname)  # noqa: E731
        passages = sorted(domain.passage_map().values(), key=lambda r: (*position(r.docname), r.lineno))
        articles = sorted(domain.articles, key=lambda a: position(a.docname))
        primary = self.config.apparatus_primary_siglum or "primary"
        witnesses = header.witnesses_file(env)
        sources: dict[str, str] = dict(self.config.tei_witness_sources)
        sigla = {primary: sources.get(primary, "")}
        sigla.update({w.siglum: sources.get(w.siglum, "") for w in witnesses})
        sigla.update({a.siglum: a.bibkey for a in articles})
        entries = header.bibliography_entries(env)

        root = tei("TEI")
        root.set(XML_LANG, self.config.language or "en")
        header.header(env, root, sigla, witnesses, entries)
        entities = register.entities(env)
        if entities:
            register.write_register(entities, tei("standOff", root))

        notes = apparatus.commentary_notes(env, passages, order)
        facts = apparatus.fact_readings(env, order, primary)
        pointed: dict[str, dict[str, list[str]]] = {}
        for entry in notes:
            pointed.setdefault(entry.note.docname, {}).setdefault(entry.note.anchor, []).append(entry.note_id)
        for key, _found in facts.items():
            for reading in domain.readings_of(key, order):
                pointed.setdefault(reading.docname, {}).setdefault(reading.anchor, []).append(
                    apparatus.fact_id(key)
                )
        kinds = {entity_id: entity.kind for entity_id, entity in entities.items()}

        def context(docname: str, prefix: str) -> texts.Context:
            return texts.Context(
                prefix=prefix,
                entities=kinds,
                passage_anchor=lambda p: r.anchor if (r := domain.passage(p)) else None,
                pointed_from=pointed.get(docname, {}),
            )

        group = tei("group", tei("text", root))
        speech = tei(
            "text", group, xml_id=ncname(f"text-{primary}"), type_="edition", corresp=f"#{ncname(primary)}"
        )
        body = tei("body", speech)
        records = {(r.docname, r.passage_id): r for r in passages}
        for docname in sorted({r.docname for r in passages}, key=position):
            doc_context = context(docname, primary)
            for node in env.get_doctree(docname).findall(apparatus_nodes.passage):
                record = records.get((docname, node["passage_id"]))
                if record is not None:
                    texts.passage_div(node, record.anchor, record.number, body, doc_context)
        back = tei("back", speech)
        if notes:
            apparatus.write_notes(notes, tei("div", back, type_="commentary"), sigla)
        variants = tei("listApp", tei("div", back, type_="variants"))
        if not apparatus.write_variants(env, variants, primary):
            back.remove(variants.getparent())
        if any(facts.values()):
            labels = {f.key: f.label for f in domain.data["facts"]}
            apparatus.write_facts(facts, labels, tei("div", back, type_="facts"))
        if not len(back):
            speech.remove(back)

        for article in articles:
            text = tei(
                "text",
                group,
                xml_id=ncname(f"text-{article.siglum}"),
                type_="commentary",
                corresp=f"#{ncname(article.siglum)}",
                source=f"#{ncname(article.bibkey)}" if any(e.key == article.bibkey for e in entries) else "",
            )
            texts.article_body(
                env.get_doctree(article.docname), tei("body", text), context(article.docname, article.siglum)
            )
        return root


def check_pointers(root: etree._Element) -> None:
    """Warn about repeated ``xml:id``s and about local pointers that name no ``xml:id``."""
    ids: set[str] = set()
    for element in root.iter():
        name = element.get(XML_ID)
        if name is None:
            continue
        if name in ids:
            warn(f"the xml:id {name!r} is given twice", "duplicate_id", None)
        ids.add(name)
    for element in root.iter():
        for attribute in POINTER_ATTRIBUTES:
            for pointer in (element.get(attribute) or "").split():
                if pointer.startswith("#") and pointer[1:] not in ids:
                    tag = etree.QName(element).localname
                    warn(f"<{tag} {attribute}={pointer!r}> names no xml:id", "dangling_pointer", None)


__all__ = ["TEI_NS", "TEIBuilder"]
