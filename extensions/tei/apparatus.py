"""The apparatus in TEI: commentary notes on passages, the variants as ``app``, the disputed facts."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from apparatus.analyses import NoteGroup, group_notes
from apparatus.domain import get_domain
from apparatus.quotations import VARIANT

from .xml import local_id, ncname, pointers, tei

if TYPE_CHECKING:
    from apparatus.domain import Note
    from apparatus.records import PassageRecord
    from lxml import etree
    from sphinx.environment import BuildEnvironment

    from .lemmata import Target


class NoteEntry(NamedTuple):
    """A commentary note as the TEI gives it: its id, its passage, and the note of the domain."""

    note_id: str
    passage: PassageRecord
    note: Note
    #: The index of the note's lemma among its passage's (as on the HTML page); ``None`` for a note
    #: that bears on the whole passage, or on an unnumbered one (the heading: the speech as a whole).
    group: int | None = None


class Commentary(NamedTuple):
    """The commentary notes, and the lemmata they are keyed to in each numbered passage."""

    entries: list[NoteEntry]
    groups: dict[str, list[NoteGroup]]  #: By passage id, as the HTML groups them.

    def notes_on(self, passage_id: str) -> dict[int, list[str]]:
        """The ids of the notes on each lemma of a passage, by the lemma's index."""
        found: dict[int, list[str]] = {}
        for entry in self.entries:
            if entry.passage.passage_id == passage_id and entry.group is not None:
                found.setdefault(entry.group, []).append(entry.note_id)
        return found


def commentary_notes(
    env: BuildEnvironment, passages: list[PassageRecord], order: dict[str, int]
) -> Commentary:
    """Every commentary note, passage by passage, each with an id made from its passage and its rank.

    The notes of a numbered passage are grouped by lemma as the HTML groups
    them (:func:`apparatus.analyses.group_notes`), so that a lemma has the same
    index, and its words the same id, in the TEI and on the page. The notes on
    an unnumbered passage (the heading) stay on the passage, as the HTML's
    headnote has them.
    """
    by_passage = get_domain(env).notes_by_passage(order)
    entries: list[NoteEntry] = []
    groups: dict[str, list[NoteGroup]] = {}
    for record in passages:
        notes = by_passage.get(record.passage_id, [])
        index: dict[int, int] = {}
        if record.number is not None and notes:
            groups[record.passage_id] = group_notes(record.passage_id, notes)
            index = {
                id(note): group.index
                for group in groups[record.passage_id]
                if group.lemma is not None
                for note in group.notes
            }
        entries += [
            NoteEntry(ncname(f"note.{record.anchor}.{rank}"), record, note, index.get(id(note)))
            for rank, note in enumerate(notes, start=1)
        ]
    return Commentary(entries, groups)


def write_notes(
    entries: list[NoteEntry],
    parent: etree._Element,
    sigla: dict[str, str],
    targets: dict[tuple[str, int], Target],
) -> None:
    """Each note as ``note type=relation`` pointing at its lemma, the article's words in a ``quote``.

    The lemma is a ``seg`` of the passage (``@target``), or the anchors at its
    two ends (``@target`` and ``@targetEnd``); a note on the whole passage, or
    on the heading, points at the passage.
    """
    for entry in entries:
        note = entry.note
        siglum = note.article.siglum
        found = targets.get((entry.passage.passage_id, entry.group)) if entry.group is not None else None
        element = tei(
            "note",
            parent,
            xml_id=entry.note_id,
            type_=note.relation,
            target=found.target if found else f"#{entry.passage.anchor}",
            targetEnd=found.target_end if found else "",
            source=f"#{ncname(note.article.bibkey)}" if note.article.bibkey in sigla.values() else "",
        )
        tei("quote", element, note.text, source=f"#{local_id(siglum, note.anchor)}")
        tei("ref", element, siglum, target=f"#{ncname(siglum)}", type_="witness")


def write_variants(env: BuildEnvironment, parent: etree._Element, primary: str) -> int:
    """The variants of the articles' quotations, one ``app`` for each lemma of a passage; their number."""
    domain = get_domain(env)
    quotations, _unused = domain.speech_quotations()
    passages = domain.passage_map()
    grouped: dict[str, dict[str, dict[str, list[tuple[str, str]]]]] = {}
    for quotation in quotations:
        alignment = quotation.alignment
        if quotation.kind != VARIANT or alignment is None or alignment.passage_id not in passages:
            continue
        lemmas = grouped.setdefault(alignment.passage_id, {})
        for variant in alignment.variants:
            readings = lemmas.setdefault(variant.lemma, {})
            readings.setdefault(variant.reading, []).append((quotation.article.siglum, quotation.anchor))
    count = 0
    for passage_id in sorted(grouped, key=lambda p: (passages[p].number or 0, p)):
        anchor = passages[passage_id].anchor
        for rank, (lemma, readings) in enumerate(grouped[passage_id].items(), start=1):
            app = tei("app", parent, xml_id=ncname(f"app.{anchor}.{rank}"), corresp=f"#{anchor}")
            tei("lem", app, lemma, wit=f"#{ncname(primary)}")
            for reading, where in readings.items():
                tei(
                    "rdg",
                    app,
                    reading,
                    wit=pointers(ncname(siglum) for siglum, _anchor in where),
                    source=pointers(local_id(siglum, anchor) for siglum, anchor in where),
                )
            count += 1
    return count


def fact_readings(
    env: BuildEnvironment, order: dict[str, int], primary: str
) -> dict[str, list[tuple[str, str, str]]]:
    """For each fact, its readings: (siglum, id of the marker in the TEI, the words)."""
    domain = get_domain(env)

    def siglum(docname: str) -> str:
        return domain.siglum_of(docname) or primary

    return {
        fact.key: [
            (siglum(r.docname), local_id(siglum(r.docname), r.anchor), r.text)
            for r in domain.readings_of(fact.key, order)
        ]
        for fact in sorted(domain.facts, key=lambda f: (order.get(f.docname, len(order)), f.lineno))
    }


def write_facts(
    readings: dict[str, list[tuple[str, str, str]]], labels: dict[str, str], parent: etree._Element
) -> None:
    """Each disputed fact as ``note type="fact"`` listing every source's reading, pointing at each."""
    for key, found in readings.items():
        if not found:
            continue
        note = tei(
            "note", parent, xml_id=fact_id(key), type_="fact", target=pointers(m for _s, m, _t in found)
        )
        tei("label", note, labels.get(key, key))
        items = tei("list", note)
        for siglum, marker, text in found:
            item = tei("item", items, corresp=f"#{marker}")
            tei("ref", item, siglum, target=f"#{ncname(siglum)}", type_="witness")
            tei("quote", item, text)


def fact_id(key: str) -> str:
    """The ``xml:id`` of the note on the fact *key*."""
    return ncname(f"fact.{key}")
