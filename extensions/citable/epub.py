"""The EPUB's package metadata: who made what, and when it was published.

Sphinx's EPUB template has room for one creator and no roles, and dates the book by the
moment of the build. A reading system or a library catalogue then shows the editors as
the speech's author, or Khrushchev as the edition's, and a new date at every build. The
builder here writes Sphinx's package document, then states both creators with their
MARC relator roles (``aut`` for the speech's author, ``edt`` for the editors) and dates
the book by its release.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree
from sphinx.builders.epub3 import Epub3Builder

from .metadata import Edition, Work

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.config import Config

OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
NCX = "http://www.daisy.org/z3986/2005/ncx/"


class EditionEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with the edition's creators and release date in the package."""

    name = "epub"

    def build_content(self) -> None:
        """Write the package document, then put the edition's metadata into it."""
        super().build_content()
        if self.config.citable_edition and self.config.citable_work:
            refine_package(self.outdir / "content.opf", self.config)

    def build_toc(self) -> None:
        """Write the NCX table of contents, carrying the book's identifier as the package does.

        Sphinx's template puts the name of the identifier's XML id (``epub_uid``) where
        the NCX wants the identifier itself, which epubcheck reports as a mismatch.
        """
        super().build_toc()
        ncx = self.outdir / "toc.ncx"
        tree = etree.parse(str(ncx))
        for meta in tree.getroot().iter(f"{{{NCX}}}meta"):
            if meta.get("name") == "dtb:uid":
                meta.set("content", self.config.epub_identifier)
        tree.write(str(ncx), xml_declaration=True, encoding="utf-8")


def refine_package(opf: Path, config: Config) -> None:
    """Rewrite the creators, contributor and date of the package document at *opf*."""
    edition, work = Edition.from_config(config), Work.from_config(config)
    tree = etree.parse(str(opf))
    old = tree.getroot().find(f"{{{OPF}}}metadata")
    # A fresh element without Sphinx's redundant ``opf:`` prefix, so that lxml writes the new
    # <meta> elements in the package's default namespace, as reading systems expect them.
    metadata = etree.Element(f"{{{OPF}}}metadata", nsmap={"dc": DC})
    indent, closing = old.text, old[-1].tail
    metadata.text, metadata.tail = indent, old.tail
    for element in old:
        if element.tag not in {f"{{{DC}}}creator", f"{{{DC}}}contributor"}:
            metadata.append(element)
    old.getparent().replace(old, metadata)
    given, family = work.author_given, work.author_family
    people = [(f"{given} {family}".strip(), f"{family}, {given}", "aut")]
    people += [(editor, editor, "edt") for editor in edition.editors]
    metadata[-1].tail = indent
    anchor = metadata.find(f"{{{DC}}}publisher")
    for number, (name, file_as, role) in enumerate(people, start=1):
        creator = etree.Element(f"{{{DC}}}creator", id=f"creator-{number}")
        creator.text, creator.tail = name, indent
        anchor.addprevious(creator)
        for prop, value in (("role", role), ("file-as", file_as)):
            meta = etree.SubElement(metadata, f"{{{OPF}}}meta", refines=f"#creator-{number}", property=prop)
            if prop == "role":
                meta.set("scheme", "marc:relators")
            meta.text, meta.tail = value, indent
    metadata[-1].tail = closing
    if edition.release_date:
        metadata.find(f"{{{DC}}}date").text = edition.release_date
    tree.write(str(opf), xml_declaration=True, encoding="utf-8")
