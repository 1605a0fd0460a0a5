"""The edition as one TEI P5 document: the ``tei`` builder, and the same document in the HTML build.

The TEI is assembled from the environment (every page's stored doctree and the
domains' records), not from any builder's output, so the ``tei`` builder and
the HTML build write the same document from the same sources.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from apparatus import nodes as apparatus_nodes
from apparatus.domain import get_domain
from documents import document_order
from lxml import etree
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.locale import __
from sphinx.util import logging

from . import apparatus, header, lemmata, register, texts
from .messages import warn
from .xml import POINTER_ATTRIBUTES, TEI_NS, XML_ID, XML_LANG, ncname, tei

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: The folder, under the doctrees, of the pages the ``tei`` builder writes for the annotations.
PAGES = "tei-pages"
#: The builders whose website holds the TEI document beside its pages.
SITE_BUILDERS = frozenset({"html", "dirhtml"})


def tei_path(outdir: Path, config: Config) -> Path:
    """The TEI document's path in *outdir*: ``tei_basename``, or the EPUB's, with ``.xml``."""
    return outdir / f"{config.tei_basename or config.epub_basename}.xml"


def write_tei(env: BuildEnvironment, path: Path) -> None:
    """Assemble the TEI document, check its pointers, and write it to *path*."""
    root = assemble(env)
    check_pointers(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    logger.info(__("TEI written to %s"), path)


def publish_tei(app: Sphinx, exception: Exception | None) -> None:
    """Put the TEI document in the website, beside its pages, once an HTML build has succeeded.

    Readers who download the data get the document made from the very build
    they read, with no second build to keep in step.
    """
    if exception is None and app.builder.name in SITE_BUILDERS:
        write_tei(app.env, tei_path(Path(app.outdir), app.config))


class TEIBuilder(StandaloneHTMLBuilder):
    """Write the speech, the articles, the apparatus and the register as one TEI document.

    The TEI needs every page and every record of the domains, so it is
    assembled in :meth:`finish`, after the merge of a parallel read, from the
    doctrees Sphinx stored. The builder is an HTML builder all the same: the
    Web Annotations written beside the TEI count their selectors in the text of
    the published pages, and only the HTML builder's own pages give that text
    exactly. It writes them where no one publishes them, under the doctrees
    (``tei-pages``), and leaves out what only a website needs (search index,
    static files, inventory).
    """

    name = "tei"
    epilog = __("The TEI document is in %(outdir)s.")
    #: No search index: the pages are read, not searched (the page's main text is the same without).
    search = False

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        """Send the pages to their private folder; keep the output folder for the TEI."""
        self.pages_dir = Path(app.doctreedir) / PAGES
        self.tei_outdir = Path(app.outdir)
        super().__init__(app, env)

    @property
    def outdir(self) -> Path:  # type: ignore[override]
        """Where the HTML builder writes: the pages' private folder, not the output folder.

        A property, so that every path the HTML builder derives from its
        ``outdir`` (its pages, sources, static files, build info) lands there.
        """
        return self.pages_dir

    @outdir.setter
    def outdir(self, value: str | Path) -> None:
        self.tei_outdir = Path(value)

    @property
    def target(self) -> Path:
        """The TEI document's path."""
        return tei_path(self.tei_outdir, self.config)

    def init(self) -> None:
        """Prepare the HTML builder, its pages' folder made first (the theme writes in ``_static``)."""
        (self.pages_dir / "_static").mkdir(parents=True, exist_ok=True)
        super().init()

    def copy_assets(self) -> None:
        """No stylesheets, scripts or downloads: the pages are read, not published."""

    def finish(self) -> None:
        """Record the build's configuration (for the next incremental build) and write the TEI."""
        self.write_buildinfo()
        write_tei(self.env, self.target)


def assemble(env: BuildEnvironment) -> etree._Element:
    """The ``TEI`` element: header, register, and a group of the speech and the articles."""
    domain = get_domain(env)
    order = document_order(env)
    position = lambda docname: (order.get(docname, len(order)), docname)  # noqa: E731
    passages = sorted(domain.passage_map().values(), key=lambda r: (*position(r.docname), r.lineno))
    articles = sorted(domain.articles, key=lambda a: position(a.docname))
    primary = env.config.apparatus_primary_siglum or "primary"
    witnesses = header.witnesses_file(env)
    sources: dict[str, str] = dict(env.config.tei_witness_sources)
    sigla = {primary: sources.get(primary, "")}
    sigla.update({w.siglum: sources.get(w.siglum, "") for w in witnesses})
    sigla.update({a.siglum: a.bibkey for a in articles})
    entries = header.bibliography_entries(env)

    root = tei("TEI")
    root.set(XML_LANG, env.config.language or "en")
    header.header(env, root, sigla, witnesses, entries)
    entities = register.entities(env)
    if entities:
        register.write_register(entities, tei("standOff", root))

    commentary = apparatus.commentary_notes(env, passages, order)
    notes = commentary.entries
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
    targets: dict[tuple[str, int], lemmata.Target] = {}
    for docname in sorted({r.docname for r in passages}, key=position):
        doc_context = context(docname, primary)
        for node in env.get_doctree(docname).findall(apparatus_nodes.passage):
            record = records.get((docname, node["passage_id"]))
            if record is not None:
                groups = commentary.groups.get(record.passage_id, [])
                marked = texts.passage_div(
                    node, record, body, doc_context, groups, commentary.notes_on(record.passage_id)
                )
                targets.update({(record.passage_id, index): target for index, target in marked.items()})
    back = tei("back", speech)
    if notes:
        apparatus.write_notes(notes, tei("div", back, type_="commentary"), sigla, targets)
    variants = tei("listApp", tei("div", back, type_="variants"))
    if not apparatus.write_variants(env, variants, primary):
        back.remove(variants.getparent())
    if any(facts.values()):
        labels = {f.key: f.label for f in domain.facts}
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


__all__ = ["TEI_NS", "TEIBuilder", "assemble", "publish_tei", "write_tei"]
