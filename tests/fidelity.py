"""Compare an edited text, as built, with the witness it transcribes.

The edition may leave out the runs of lines that ``witnesses.toml`` lists, change
white space, and add editorial matter marked with the classes below; nothing else.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup, Tag

if TYPE_CHECKING:
    from pathlib import Path

#: Classes of built HTML that mark editorial matter, not transcribed text.
EDITORIAL_CLASSES = (
    "editorial",
    "headerlink",
    "passage-number",
    "footnote-reference",
    "apparatus-notes",
    "apparatus-backlinks",
    "lacuna",
)
BLOCKS = ("h1", "h2", "h3", "h4", "p")


@dataclass
class Omission:
    """A run of whole lines of a witness that the edition leaves out."""

    text: str
    reason: str
    occurrence: int = 1

    @property
    def lines(self) -> list[str]:
        return [normalise(line) for line in self.text.splitlines() if line.strip()]


@dataclass
class Witness:
    """One capture, its siglum, the document transcribing it, and the omissions."""

    siglum: str
    file: Path
    sha256: str
    document: str
    editorial_title: bool = False
    omitted: list[Omission] = field(default_factory=list)


def normalise(text: str) -> str:
    return " ".join(text.split())


def load_witnesses(path: Path) -> list[Witness]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Witness(
            siglum=entry["siglum"],
            file=path.parent / entry["file"],
            sha256=entry["sha256"],
            document=entry["document"],
            editorial_title=entry.get("editorial_title", False),
            omitted=[Omission(**omission) for omission in entry.get("omitted", [])],
        )
        for entry in data["witness"]
    ]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def witness_tokens(witness: Witness) -> tuple[list[str], list[int]]:
    """Tokens of the witness after the omissions, and the break before each token.

    A break is 0 (a space), 1 (a new line) or 2 (a blank line).
    """
    lines = witness.file.read_text(encoding="utf-8").splitlines()
    for omission in witness.omitted:
        remove_run(lines, omission)
    tokens: list[str] = []
    breaks: list[int] = []
    pending = 2
    for line in lines:
        words = line.split()
        if not words:
            pending = 2
            continue
        for index, word in enumerate(words):
            tokens.append(word)
            breaks.append(pending if index == 0 else 0)
        pending = 1
    return tokens, breaks


def remove_run(lines: list[str], omission: Omission) -> None:
    """Blank the *occurrence*-th run of non-blank lines equal to the omission's lines."""
    wanted = omission.lines
    filled = [(index, normalise(line)) for index, line in enumerate(lines) if line.strip()]
    found = 0
    for start in range(len(filled) - len(wanted) + 1):
        if [text for _, text in filled[start : start + len(wanted)]] == wanted:
            found += 1
            if found == omission.occurrence:
                for index, _ in filled[start : start + len(wanted)]:
                    lines[index] = ""
                return
    msg = f"omission not found in the witness ({omission.occurrence}): {wanted[0]!r}"
    raise AssertionError(msg)


def edited_blocks(html: str, editorial_title: bool) -> list[str]:
    """The transcribed text of a built page, one string per block, editorial matter removed."""
    page = BeautifulSoup(html, "html.parser")
    main = page.select_one("article[role=main]") or page.body
    blocks: list[str] = []
    for element in main.find_all(BLOCKS):
        if is_editorial(element):
            continue
        copy = BeautifulSoup(str(element), "html.parser")
        for node in copy.find_all(class_=list(EDITORIAL_CLASSES)):
            node.decompose()
        text = normalise(copy.get_text())
        if text:
            blocks.append(text)
    if editorial_title and blocks:
        blocks.pop(0)
    return blocks


def is_editorial(element: Tag) -> bool:
    return any(
        set(parent.get("class") or []) & set(EDITORIAL_CLASSES)
        for parent in [element, *element.parents]
        if isinstance(parent, Tag)
    )


def compare(witness: Witness, html: str) -> list[str]:
    """Every difference between the witness and the built page, as messages."""
    tokens, breaks = witness_tokens(witness)
    blocks = edited_blocks(html, witness.editorial_title)
    edited: list[str] = []
    starts: set[int] = set()
    for block in blocks:
        starts.add(len(edited))
        edited.extend(block.split())
    problems: list[str] = []
    if edited != tokens:
        for index, (expected, got) in enumerate(zip(tokens, edited, strict=False)):
            if expected != got:
                context = " ".join(tokens[max(0, index - 8) : index + 8])
                problems.append(f"word {index}: witness {expected!r}, edition {got!r} (witness: …{context}…)")
                break
        else:
            problems.append(f"length differs: witness {len(tokens)} words, edition {len(edited)}")
        return problems
    for index in sorted(starts):
        if index and breaks[index] == 0:
            problems.append(
                f"the edition starts a paragraph mid-line at {' '.join(tokens[index : index + 6])!r}"
            )
    for index, strength in enumerate(breaks):
        if index and strength == 2 and index not in starts:
            problems.append(f"the witness's paragraph at {' '.join(tokens[index : index + 6])!r} is run on")
    return problems
