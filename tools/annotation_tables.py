"""Write the tables an annotator reads: the articles' sentences and the speech's passages.

Run after an HTML build (it reads the pickled doctrees)::

    python tools/annotation_tables.py readers build/doctrees edition/annotation
    python tools/annotation_tables.py before build/doctrees edition/annotation
    python tools/annotation_tables.py ledger build/doctrees edition/annotation
    python tools/annotation_tables.py apply build/doctrees edition/annotation

``readers`` writes ``sentences.tsv`` (one row per sentence of an article's
body, with its id) and ``passages.tsv`` (one row per passage: id, number,
text). Neither table shows the edition's links, so that a reader who is given
only these and the annotation guide reads independently.

``apply`` rewrites the articles' ``{on}`` spans so that the apparatus says
what the ledger says: each run of sentences of a paragraph with the same
decision becomes one span (a sentence that runs into a lacuna is marked up to
it). It changes markup only; the build checks that the text is unchanged. It
knows nothing of lemmata, so it refuses articles whose spans name some: since
the lemmata came in, correct the spans and the ledger by hand (the build
compares them).

``before`` writes ``apparatus-before.tsv``: the links the apparatus gave each
sentence before a double reading, kept as evidence (run it before ``apply``).
``ledger`` writes ``ledger.tsv``: for each sentence, the decision both
readings agree on, or the adjudicated one.
"""

from __future__ import annotations

import csv
import pickle
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "extensions"))

from apparatus.nodes import commentary_span  # noqa: E402
from apparatus.relations import DEFAULT_RELATIONS  # noqa: E402
from ledger.apparatus import sentence_links  # noqa: E402
from ledger.sentences import normalise, sentences  # noqa: E402
from ledger.tables import Row, format_decision, parse_decision, read_decisions, read_table  # noqa: E402

EDITION = HERE.parent / "edition"
_SIGLUM_RE = re.compile(r"^:siglum:\s*(\S+)", re.MULTILINE)
_SPAN_RE = re.compile(r"\{on\}`[^`]*<([^<>`]*)>`")
_PASSAGE_RE = re.compile(
    r"^:::\{passage\} (\S+)\n(?P<options>(?::[^\n]*\n)*)(?P<text>.*?)\n:::", re.MULTILINE | re.DOTALL
)


def sentence_rows(doctrees: Path) -> list[dict[str, str]]:
    """One row per sentence of each article, ids made of siglum, paragraph and place."""
    rows = []
    for source in sorted((EDITION / "commentary").glob("*.md")):
        siglum = _SIGLUM_RE.search(source.read_text(encoding="utf-8"))[1]
        with (doctrees / "commentary" / f"{source.stem}.doctree").open("rb") as stream:
            doctree = pickle.load(stream)
        for sentence in sentences(doctree):
            paragraph = sentence.paragraph.removeprefix("para-")
            rows.append(
                {
                    "id": f"{siglum}{paragraph}.{sentence.number}",
                    "article": f"commentary/{source.stem}",
                    "text": sentence.text,
                }
            )
    return rows


def passage_rows() -> list[dict[str, str]]:
    """One row per passage of the speech, numbered as the edition numbers them."""
    rows, number = [], 0
    for match in _PASSAGE_RE.finditer((EDITION / "speech.md").read_text(encoding="utf-8")):
        unnumbered = ":unnumbered:" in match["options"]
        if not unnumbered:
            number += 1
        label = "" if unnumbered else f"§{number}"
        rows.append({"id": match[1], "number": label, "text": normalise(match["text"])})
    return rows


def write(path: Path, rows: list[dict[str, str]]) -> None:
    """Write *rows* as a tab-separated table with a header line."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        # as the build reads them: no quoting (a cell holds no tab or line break)
        writer = csv.DictWriter(
            stream,
            fieldnames=list(rows[0]),
            delimiter="\t",
            lineterminator="\n",
            quoting=csv.QUOTE_NONE,
            quotechar=None,
        )
        writer.writeheader()
        writer.writerows(rows)


def apparatus_rows(doctrees: Path) -> list[dict[str, str]]:
    """The links the apparatus gives each sentence, from the articles' ``{on}`` spans.

    The spans' specifications are read from the sources in order and paired
    with the span elements of the doctree, which stand in the same order.
    """
    rows = []
    order = {row["id"]: index for index, row in enumerate(passage_rows())}
    for source in sorted((EDITION / "commentary").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        siglum = _SIGLUM_RE.search(text)[1]
        with (doctrees / "commentary" / f"{source.stem}.doctree").open("rb") as stream:
            doctree = pickle.load(stream)
        anchors = [node["ids"][0] for node in doctree.findall(commentary_span)]
        specs = [_links(spec) for spec in _SPAN_RE.findall(text)]
        assert len(anchors) == len(specs), source
        for sentence, links in sentence_links(doctree, dict(zip(anchors, specs, strict=True))):
            paragraph = sentence.paragraph.removeprefix("para-")
            rows.append(
                {"id": f"{siglum}{paragraph}.{sentence.number}", "links": format_decision(links, order)}
            )
    return rows


def _links(spec: str) -> frozenset[tuple[str, str]]:
    """The links of a specification, as the ledger records them."""
    return parse_decision(spec, DEFAULT_RELATIONS)


def ledger_rows(target: Path) -> list[dict[str, str]]:
    """The ledger: each sentence's agreed or adjudicated decision, with where it comes from."""
    order = {row["id"]: index for index, row in enumerate(passage_rows())}
    first = read_decisions(target / "reading-1.tsv", DEFAULT_RELATIONS)
    second = read_decisions(target / "reading-2.tsv", DEFAULT_RELATIONS)
    adjudicated = {row.id: row for row in read_table(target / "adjudication.tsv", ("id", "links", "reason"))}
    reasons = {row.id: row.cells["reason"] for row in read_table(target / "reading-1.tsv", ("id", "reason"))}
    rows = []
    for row in read_table(target / "sentences.tsv", ("id", "article", "text")):
        if row.id in adjudicated:
            cells = adjudicated[row.id].cells
            links, decided, reason = _links(cells["links"]), "adjudicated", cells["reason"]
        else:
            assert first[row.id] == second[row.id], row.id
            links, decided, reason = first[row.id], "agreed", reasons[row.id]
        rows.append(
            {
                "id": row.id,
                "article": row.cells["article"],
                "links": format_decision(links, order),
                "decided": decided,
                "reason": reason,
                "text": row.cells["text"],
            }
        )
    return rows


_ON_RE = re.compile(r"\{on\}`([^`]*?)\s*<[^<>`]*>`")
_LEMMA_IN_SPEC_RE = re.compile(r"\{on\}`[^`]*<[^<>`]*(?:\"|\*)[^<>`]*>`")
_LACUNA_ROLE = r"\{lacuna\}`[^`]*`"
LACUNA_MARK = "⟨…⟩"


def apply_ledger(target: Path) -> list[str]:
    """Rewrite the articles' spans from the ledger; return the sentences that could not be placed."""
    by_article: dict[str, list[Row]] = {}
    for row in read_table(target / "ledger.tsv", ("id", "article", "links", "text")):
        by_article.setdefault(row.cells["article"], []).append(row)
    unplaced: list[str] = []
    for docname in by_article:
        if _LEMMA_IN_SPEC_RE.search((EDITION / f"{docname}.md").read_text(encoding="utf-8")):
            sys.exit(f"{docname}: its spans name lemmata, which apply would drop")
    for docname, rows in by_article.items():
        source = EDITION / f"{docname}.md"
        lines = _ON_RE.sub(r"\1", source.read_text(encoding="utf-8")).split("\n")
        paragraphs: dict[str, list[Row]] = {}
        for row in rows:
            paragraphs.setdefault(row.id.rsplit(".", 1)[0], []).append(row)
        for group in paragraphs.values():
            if all(row.cells["links"] == "none" for row in group):
                continue
            unplaced.extend(_mark_paragraph(lines, group))
        source.write_text("\n".join(lines), encoding="utf-8")
    return unplaced


def _pattern(text: str) -> str:
    """A pattern for a sentence's words in the Markdown source (a lacuna mark stands for its role)."""
    return r"\s+".join(_LACUNA_ROLE if word == LACUNA_MARK else re.escape(word) for word in text.split())


def _mark_paragraph(lines: list[str], group: list[Row]) -> list[str]:
    """Wrap the linked runs of one paragraph's sentences in ``{on}`` spans, in place."""
    first = re.compile(_pattern(group[0].cells["text"]))
    index = next((i for i, line in enumerate(lines) if first.search(line)), None)
    if index is None:
        return [row.id for row in group if row.cells["links"] != "none"]
    line, cursor, places = lines[index], 0, []
    for row in group:
        match = re.compile(_pattern(row.cells["text"])).search(line, cursor)
        if match is None:
            return [row.id for row in group if row.cells["links"] != "none"]
        places.append((match.start(), match.end(), row.cells["links"]))
        cursor = match.end()
    runs: list[list[tuple[int, int, str]]] = []
    for place in places:
        if runs and runs[-1][-1][2] == place[2]:
            runs[-1].append(place)
        else:
            runs.append([place])
    for run in reversed(runs):
        spec = run[0][2]
        if spec == "none":
            continue
        start, end = run[0][0], run[-1][1]
        words = line[start:end]
        role = re.search(_LACUNA_ROLE, words)
        if role:  # the span stops where the witness breaks off
            end = start + len(words[: role.start()].rstrip())
            words = line[start:end]
        line = f"{line[:start]}{{on}}`{words} <{spec}>`{line[end:]}"
    lines[index] = line
    return []


if __name__ == "__main__":
    command, doctrees, target = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if command == "readers":
        write(target / "sentences.tsv", sentence_rows(doctrees))
        write(target / "passages.tsv", passage_rows())
    elif command == "apply":
        for sentence in apply_ledger(target):
            print(f"not placed: {sentence}")
    elif command == "before":
        write(target / "apparatus-before.tsv", apparatus_rows(doctrees))
    elif command == "ledger":
        write(target / "ledger.tsv", ledger_rows(target))
    else:
        sys.exit(f"unknown command {command!r}: readers, before, ledger or apply")
