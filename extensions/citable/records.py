"""A CSL item as the records a reader copies into a reference manager: BibTeX and RIS.

Each record is written so that Zotero's own import makes of it the item that the
page itself gives when saved to Zotero (tests/test_zotero.py): the version as the
item's edition, a body of editors as its publisher.
"""

from __future__ import annotations

from typing import Any

from .metadata import person_name


def date_parts(item: dict[str, Any], key: str) -> list[int]:
    """The first date of a CSL date variable, as numbers (empty when the item has none)."""
    return item.get(key, {}).get("date-parts", [[]])[0]


def iso_date(parts: list[int], separator: str = "-") -> str:
    """Date parts as ``2026-11-24`` (or with another separator)."""
    return separator.join(f"{part:02d}" if index else str(part) for index, part in enumerate(parts))


def bibtex_escape(value: str) -> str:
    """Protect BibTeX's special characters in a field value."""
    for char in "\\{}":
        value = value.replace(char, "\\" + char)
    for char in "&%$#_":
        value = value.replace(char, "\\" + char)
    return value


def bibtex_entry(key: str, item: dict[str, Any], note: str = "") -> str:
    """A BibTeX (biblatex ``@incollection``/``@book``) entry for a CSL item.

    ``origdate`` is biblatex's field; Zotero's BibTeX import leaves it out (and turns
    a ``note`` into a child note), so a record imported into Zotero loses the
    original date. The RIS record keeps it.
    """
    kind = "incollection" if item.get("type") == "chapter" else "book"
    fields: list[tuple[str, str]] = []
    authors = [person_name(a) for a in item.get("author", [])]
    if authors:
        fields.append(("author", " and ".join(authors)))
    fields.append(("title", item["title"]))
    if "container-title" in item:
        fields.append(("booktitle", item["container-title"]))
    editors = [person_name(e) for e in item.get("editor", [])]
    if editors:
        fields.append(("editor", " and ".join(editors)))
    for name in ("publisher", "edition"):
        if item.get(name):
            fields.append((name, item[name]))
    issued = date_parts(item, "issued")
    if issued:
        fields.append(("year", str(issued[0])))
        fields.append(("date", iso_date(issued)))
    original = date_parts(item, "original-date")
    if original:
        fields.append(("origdate", iso_date(original)))
    if item.get("language"):
        fields.append(("language", item["language"]))
    if note:
        fields.append(("note", note))
    fields.append(("url", item["URL"]))
    protected = {"title", "booktitle", "publisher"}  # keep capitals, and a body's name whole
    body = ",\n".join(
        f"  {name} = {{{{{bibtex_escape(value)}}}}}"
        if name in protected
        else f"  {name} = {{{bibtex_escape(value) if name != 'url' else value}}}"
        for name, value in fields
    )
    return f"@{kind}{{{key},\n{body}\n}}"


def ris_record(item: dict[str, Any], note: str = "") -> str:
    """A RIS record for a CSL item (``CHAP`` for a passage, ``BOOK`` for the edition).

    The original date goes into ``M2`` as ``Original Date: 1956``: Zotero's RIS
    import puts ``M2`` into the item's Extra field, whose ``Original Date`` line
    Zotero cites as CSL's ``original-date``. (``Y2`` would become the access date.)
    """
    lines = [("TY", "CHAP" if item.get("type") == "chapter" else "BOOK")]
    lines += [("AU", person_name(a)) for a in item.get("author", [])]
    lines.append(("TI", item["title"]))
    if "container-title" in item:
        lines.append(("T2", item["container-title"]))
    lines += [("ED", person_name(e)) for e in item.get("editor", [])]
    if item.get("publisher"):
        lines.append(("PB", item["publisher"]))
    if item.get("edition"):
        lines.append(("ET", item["edition"]))
    issued = date_parts(item, "issued")
    if issued:
        lines.append(("PY", str(issued[0])))
        lines.append(("DA", iso_date(issued, "/")))
    if item.get("language"):
        lines.append(("LA", item["language"]))
    original = date_parts(item, "original-date")
    if original:
        lines.append(("M2", f"Original Date: {iso_date(original)}"))
    if note:
        lines.append(("N1", note))
    lines.append(("UR", item["URL"]))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}".rstrip() for tag, value in lines)
