"""Fail the PDF build when text would be lost or garbled: a missing glyph or a right-to-left script.

xelatex leaves out a character that its font has no glyph for and only says so
in its log ("Missing character"), exiting 0; Hebrew and Arabic it sets in the
wrong order, without a word in the log, because the edition's LaTeX has no
bidirectional layout. Read after ``sphinx-build -M latexpdf``, this script
names each such character, its Unicode name and the lines of the sources that
hold it, and exits 1. ``nox -s pdf`` runs it; the editor's guide says which
scripts the PDF sets and why the others are refused.

    python tools/pdf_glyphs.py build/latex/secret-speech-edition.log --sources edition references.bib
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path
from typing import NamedTuple

#: XeTeX's line for a character its font lacks; the character itself, or ^^-notation.
MISSING_RE = re.compile(
    r"^Missing character: There is no (?P<char>\^\^\^\^\^\^[0-9a-f]{6}|\^\^\^\^[0-9a-f]{4}|\S+)"
)
#: The font named after the character.
FONT_RE = re.compile(r" in font (?P<font>[^:/;!]+)")
#: Files among the sources that can hold the edition's text.
TEXT_SUFFIXES = {".md", ".rst", ".bib", ".toml", ".txt", ".json", ".csv", ".yaml", ".yml", ".py"}


class Fault(NamedTuple):
    """A character the PDF would lose or garble, and why."""

    char: str
    reason: str


def decode(written: str) -> str:
    """The character XeTeX wrote in its log, from ``^^^^^^01f600``-style notation if need be."""
    if written.startswith("^^^^"):
        return chr(int(written.lstrip("^"), 16))
    return written[0]


def missing_glyphs(log: str) -> list[Fault]:
    """The characters the log says no font had, once each, in the order first met."""
    found: dict[str, Fault] = {}
    for line in log.splitlines():
        match = MISSING_RE.match(line)
        if match:
            char = decode(match["char"])
            font = FONT_RE.search(line, match.end())
            found.setdefault(char, Fault(char, f"no glyph in {font['font'] if font else 'the font'}"))
    return list(found.values())


def right_to_left(text: str) -> list[Fault]:
    """The characters of right-to-left scripts (Hebrew, Arabic, …) in *text*, once each."""
    found: dict[str, Fault] = {}
    for char in text:
        if unicodedata.bidirectional(char) in {"R", "AL"} and char not in found:
            found[char] = Fault(char, "right-to-left script, which the PDF sets in reversed order")
    return list(found.values())


def text_files(paths: list[Path]) -> list[Path]:
    """The text files under *paths* (files as given, folders searched)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES))
        elif path.is_file():
            files.append(path)
    return files


def places(char: str, files: list[Path], limit: int = 5) -> list[str]:
    """Where *char* stands in *files*, as ``file:line``, at most *limit* of them."""
    found: list[str] = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if char in line:
                found.append(f"{file}:{number}")
                if len(found) == limit:
                    return found
    return found


def describe(fault: Fault, files: list[Path]) -> str:
    """One line naming the character, its code point and name, why, and where it stands."""
    name = unicodedata.name(fault.char, "unnamed character")
    where = places(fault.char, files)
    at = ", ".join(where) if where else "not found in the sources (made by the build?)"
    return f"{fault.char} (U+{ord(fault.char):04X} {name}): {fault.reason}; at {at}"


def check(log_path: Path, sources: list[Path]) -> list[str]:
    """The messages for every character lost (from the log) or garbled (from the .tex beside it)."""
    log = log_path.read_text(encoding="utf-8", errors="replace")
    tex = "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(log_path.parent.glob("*.tex"))
    )
    faults = missing_glyphs(log)
    seen = {fault.char for fault in faults}
    faults += [fault for fault in right_to_left(tex) if fault.char not in seen]
    files = text_files(sources)
    return [describe(fault, files) for fault in faults]


def main(argv: list[str] | None = None) -> int:
    """Print the faults of one PDF build; 1 if there are any."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path, help="the LaTeX log of the final run (build/latex/<name>.log)")
    parser.add_argument(
        "--sources", type=Path, nargs="*", default=[], help="files and folders to find them in"
    )
    options = parser.parse_args(argv)
    messages = check(options.log, options.sources)
    if not messages:
        return 0
    print(f"The PDF would lose or garble {len(messages)} character(s); see the guide's 'Scripts in the PDF':")
    for message in messages:
        print(f"  {message}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
