"""The ``teiHeader``: the edition's metadata, its witnesses, its bibliography and its conventions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import schemas
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.richtext import Text as RichText

from .messages import warn
from .xml import append_text, ncname, pointers, tei

if TYPE_CHECKING:
    from lxml import etree
    from sphinx.environment import BuildEnvironment

#: The editorial conventions, briefly; the note on the text gives them in full.
CONVENTIONS: dict[str, str] = {
    "normalization": (
        "Wording, spelling, capitals, quotation marks, apostrophes, dashes and hyphens are the "
        "witnesses' own, inconsistencies included; only white space (line wrapping, indentation, "
        "blank lines, no-break spaces) is not reproduced."
    ),
    "quotation": (
        "Square brackets and elision marks in the texts belong to the witnesses and are transcribed "
        "as text; they are not editorial insertions."
    ),
    "segmentation": (
        'Each paragraph of the primary witness\'s excerpts is one passage (div type="passage"), '
        "numbered in @n; its xml:id is the passage's published, stable name. The heading of the "
        "speech is an unnumbered passage."
    ),
    "interpretation": (
        "Where a sentence of a witness breaks off, a gap records it with the circumstance; the edition "
        "never completes the sentence. Each note on a passage (type: quotes, paraphrases, contextualises, "
        "disputes) points at its lemma, the passage's words it bears on: a seg (type lemma) of the passage, "
        "or, where the words cannot be enclosed in one element, the anchors (type lemma) at their two ends "
        "in @target and @targetEnd; a note on the whole passage, or on the heading (the speech as a whole), "
        "points at the passage. Each note quotes the words of the article, which point back."
    ),
}

#: pybtex's plain-text rendering, which keeps no state between texts.
PLAIN_TEXT = PlainTextBackend()


def witnesses_file(env: BuildEnvironment) -> list[schemas.Witness]:
    """The witnesses of ``tei_witnesses`` (relative to the sources), checked against their schema."""
    name = env.config.tei_witnesses
    if not name:
        return []
    path = Path(env.srcdir) / name
    if not path.exists():
        return []
    model, faults = schemas.load(schemas.WitnessesFile, path, name)
    for fault in faults if not schemas.checked_at_the_door(env.config, path) else ():
        where = f"{path}:{fault.line}"
        if fault.kind in schemas.READ_FAULTS:
            warn(f"cannot read the witnesses file {name!r}: {fault.message}", "bad_witnesses", where)
        else:
            warn(fault.text, "bad_witnesses", where)
    return list(model.witness) if model is not None else []


def plain(entry_field: str) -> str:
    r"""A BibTeX field's LaTeX (braces, ``\\ldots``, `` quotes) as plain text.

    Rendered with pybtex's plain-text backend itself: ``render_as("text")`` looks the
    backend up among the installed packages' entry points on every call, which was
    most of the time the TEI took to write.
    """
    return RichText.from_latex(entry_field).render(PLAIN_TEXT)


def bibl(entry: Any, parent: etree._Element) -> etree._Element:
    """A BibTeX entry as a TEI ``bibl`` whose ``xml:id`` is the entry's key."""
    element = tei("bibl", parent, xml_id=ncname(entry.key), type_=entry.type)
    for person in entry.persons.get("author", []):
        tei("author", element, plain(str(person)))
    fields = entry.fields
    if "title" in fields:
        level = "a" if entry.type in ("article", "incollection", "inproceedings") else "m"
        tei("title", element, plain(fields["title"]), level=level)
    if "journal" in fields:
        tei("title", element, plain(fields["journal"]), level="j")
    if "booktitle" in fields:
        tei("title", element, plain(fields["booktitle"]), level="m")
    if "howpublished" in fields:
        tei("publisher", element, plain(fields["howpublished"]))
    if "publisher" in fields:
        tei("publisher", element, plain(fields["publisher"]))
    if "number" in fields:
        tei("biblScope", element, plain(fields["number"]), unit="issue")
    year, month = fields.get("year", ""), fields.get("month", "")
    if year.isdigit():
        shown = f"{plain(month).capitalize()} {year}" if month else year
        tei("date", element, shown.strip(), when=year)
    elif year:
        tei("date", element, plain(year))
    if "url" in fields:
        tei("ptr", element, target=fields["url"])
    if "note" in fields:
        tei("note", element, plain(fields["note"]))
    return element


def bibliography_entries(env: BuildEnvironment) -> list[Any]:
    """Every entry of the bibliography files, in the files' order."""
    bibdata = env.get_domain("cite").bibdata  # type: ignore[attr-defined]
    return [bibdata.data.entries[key] for bibfile in bibdata.bibfiles.values() for key in bibfile.keys]


def header(
    env: BuildEnvironment,
    parent: etree._Element,
    sigla: dict[str, str],
    witnesses: list[schemas.Witness],
    entries: list[Any],
) -> etree._Element:
    """The ``teiHeader`` of the edition.

    *sigla* maps each siglum to the BibTeX key that describes its witness (or empty).
    """
    config = env.config
    edition: dict[str, Any] = getattr(config, "citable_edition", None) or {}
    title = edition.get("title") or config.project
    editors = edition.get("editors") or ([config.author] if config.author else [])
    version = edition.get("version") or config.version
    date = edition.get("release_date") or ""
    root = tei("teiHeader", parent)
    file_desc = tei("fileDesc", root)
    title_stmt = tei("titleStmt", file_desc)
    tei("title", title_stmt, title)
    for name in editors:
        tei("editor", title_stmt, name)
    for name in editors:
        resp = tei("respStmt", title_stmt)
        tei("resp", resp, "transcription, apparatus, register and encoding")
        tei("name", resp, name)
    if version:
        edition_stmt = tei("editionStmt", file_desc)
        edition_element = tei("edition", edition_stmt, f"Version {version}", n=version)
        if date:
            tei("date", edition_element, when=date)
    publication = tei("publicationStmt", file_desc)
    publisher = edition.get("publisher", "")
    if publisher:
        tei("publisher", publication, publisher)
    else:
        tei("authority", publication, ", ".join(editors) or title)
    if date:
        tei("date", publication, date, when=date)
    if config.html_baseurl:
        tei("idno", publication, config.html_baseurl, type_="URI")
    source_desc = tei("sourceDesc", file_desc)
    list_wit = tei("listWit", source_desc)
    files = {w.siglum: w for w in witnesses}
    by_key = {e.key: e for e in entries}
    for siglum, bibkey in sigla.items():
        witness = tei("witness", list_wit, xml_id=ncname(siglum), n=siglum)
        tei("abbr", witness, siglum, type_="siglum")
        if bibkey in by_key:
            described = by_key[bibkey].fields.get("title", bibkey)
            tei("ref", witness, plain(described), target=f"#{ncname(bibkey)}")
        captured = files.get(siglum)
        if captured is not None and captured.file:
            tei("idno", witness, captured.file, type_="filename")
        if captured is not None and captured.sha256:
            tei("idno", witness, captured.sha256, type_="sha256")
    list_bibl = tei("listBibl", source_desc)
    for entry in entries:
        bibl(entry, list_bibl)
    encoding(root, witnesses)
    return root


def encoding(parent: etree._Element, witnesses: list[schemas.Witness]) -> None:
    """The ``encodingDesc``: what each transcription leaves out, and the conventions."""
    encoding_desc = tei("encodingDesc", parent)
    project = tei("projectDesc", encoding_desc)
    tei(
        "p",
        project,
        "A critical edition of the excerpts of the speech, with four articles about it, built from the "
        "same sources as the website, the PDF and the EPUB.",
    )
    sampling = tei("samplingDecl", encoding_desc)
    tei(
        "p",
        sampling,
        "Each text transcribes a capture of a web page in full, except for the runs of lines listed "
        "here, which belong to the page rather than the text.",
    )
    for witness in witnesses:
        p = tei("p", sampling, corresp=pointers([ncname(witness.siglum)]))
        tei("label", p, witness.siglum)
        if not witness.omitted:
            append_text(p, " nothing left out")
            continue
        items = tei("list", p)
        for omission in witness.omitted:
            item = tei("item", items)
            tei("quote", item, " ".join(omission.text.split()))
            tei("note", item, omission.reason, type_="reason")
    declaration = tei("editorialDecl", encoding_desc)
    for tag, text in CONVENTIONS.items():
        tei("p", tei(tag, declaration), text)
