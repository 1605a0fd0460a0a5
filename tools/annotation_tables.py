"""Write the tables an annotator reads: the articles' sentences and the speech's passages.

Run after an HTML build (it reads the pickled doctrees)::

    python tools/annotation_tables.py build/doctrees edition/annotation

It writes ``sentences.tsv`` (one row per sentence of an article's body, with
its id) and ``passages.tsv`` (one row per passage: id, number, text). Neither
table shows the edition's links, so that a reader who is given only these and
the annotation guide reads independently.
"""

from __future__ import annotations

import csv
import pickle
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "extensions"))

from ledger.sentences import normalise, sentences  # noqa: E402

EDITION = HERE.parent / "edition"
_SIGLUM_RE = re.compile(r"^:siglum:\s*(\S+)", re.MULTILINE)
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
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    doctrees, target = Path(sys.argv[1]), Path(sys.argv[2])
    write(target / "sentences.tsv", sentence_rows(doctrees))
    write(target / "passages.tsv", passage_rows())
