"""Building TEI elements with lxml: the namespace, xml:ids made from the editors' keys, pointers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from collections.abc import Iterable

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Attributes that hold pointers (space-separated ``#id`` or absolute URIs).
POINTER_ATTRIBUTES = ("target", "targetEnd", "wit", "ref", "source", "corresp")

_NAME_START = re.compile(r"^[A-Za-z_]")
_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def tei(
    tag: str, parent: etree._Element | None = None, text: str | None = None, **attributes: str
) -> etree._Element:
    """A TEI element named *tag*, appended to *parent* when given, with *text* and *attributes*.

    Attribute names with a trailing underscore (``type_``) lose it, so that
    Python keywords can be given; ``xml_id`` becomes ``xml:id``.
    """
    name = f"{{{TEI_NS}}}{tag}"
    element = etree.Element(name, nsmap={None: TEI_NS}) if parent is None else etree.SubElement(parent, name)
    for key, value in attributes.items():
        if value is None or value == "":
            continue
        if key == "xml_id":
            element.set(XML_ID, value)
        elif key == "xml_lang":
            element.set(XML_LANG, value)
        else:
            element.set(key.rstrip("_"), value)
    if text:
        element.text = text
    return element


def ncname(key: str) -> str:
    """*key* as an XML name (an ``xml:id`` must be one): other characters become ``-``, a bad start ``_``.

    The editors' keys (slugs, BibTeX keys, sigla) are names already, and pass unchanged.
    """
    name = _NOT_NAME.sub("-", key)
    return name if _NAME_START.match(name) else f"_{name}"


def local_id(prefix: str, key: str) -> str:
    """The id of *key* inside a text whose ids are prefixed with *prefix* (``W.para-3``)."""
    return ncname(f"{prefix}.{key}")


def pointers(ids: Iterable[str]) -> str:
    """Space-separated ``#id`` pointers, each id once, in order."""
    return " ".join(f"#{name}" for name in dict.fromkeys(ids))


def append_text(element: etree._Element, text: str) -> None:
    """Add *text* at the end of *element*'s content: after its last child, or as its text."""
    if not text:
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


def entity_id(key: str) -> str:
    """The ``xml:id`` of a register entity: its id under ``reg.``, apart from the bibliography's keys."""
    return ncname(f"reg.{key}")
