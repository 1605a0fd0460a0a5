"""The bibliography files read before sphinxcontrib-bibtex reads them, so that a slip in one warns.

sphinxcontrib-bibtex parses ``bibtex_bibfiles`` on ``builder-inited`` with pybtex in
strict mode: a missing comma or an unclosed brace stops the build with a traceback
that names no file, an entry type that the style does not know stops it later, and
a repeated key or a missing field is reported without the entry's line. This module
reads the files first, warns about each fault at its line in its file
(``apparatus.bad_bibliography``), and, when there is a fault, hands
sphinxcontrib-bibtex the entries that are sound as its up-to-date cache, so that it
does not read the files again and the build goes on without the faulty entries.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, cast

import pybtex.errors
from pybtex.database import BibliographyData, BibliographyDataError
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from pybtex.plugin import find_plugin
from pybtex.scanner import PrematureEOF, PybtexSyntaxError, TokenRequired
from pybtex.style.template import FieldIsMissing
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

from .domain import get_domain
from .messages import warn

if TYPE_CHECKING:
    from pybtex.database import Entry
    from sphinx.application import Sphinx
    from sphinxcontrib.bibtex.domain import BibtexDomain

#: The start of an entry: ``@type{key`` (or with a parenthesis), at any indentation.
ENTRY_START = re.compile(r"@\s*(?P<type>[A-Za-z][\w-]*)\s*[{(]\s*(?P<key>[^\s,})]*)")
#: A line that begins a field, as ``journal =`` does.
FIELD_START = re.compile(r"^\s*[A-Za-z][\w:-]*\s*=", re.MULTILINE)
#: pybtex's message for a field given twice in one entry.
REPEATED_FIELD = re.compile(r"entry with key (?P<key>\S+) has a duplicate")
#: Where the check runs: before sphinxcontrib-bibtex's own handler (priority 500).
PRIORITY = 450


class Fault(NamedTuple):
    """A fault of a bibliography file: its line, what is wrong, and the entry it costs."""

    line: int
    message: str
    left_out: str | None  #: The key of the entry left out because of it, if any.


def line_of(text: str, position: int) -> int:
    """The line number (from 1) of *position* in *text*."""
    return text.count("\n", 0, position) + 1


def entry_lines(text: str) -> list[tuple[str, int]]:
    """Each entry's key with the line it starts on, in the order of the file."""
    return [(match["key"], line_of(text, match.start())) for match in ENTRY_START.finditer(text)]


def swallowing_brace(text: str, start: int, end: int) -> int | None:
    """The line of a value's brace whose text runs into a line that begins another field.

    A brace missing its ``}`` swallows the fields after it, up to the next ``}``;
    pybtex notices only later, where the text stops making sense.
    """
    opened: list[int] = []
    for position in range(start, end):
        char = text[position]
        if char == "{":
            opened.append(position)
        elif char == "}" and opened:
            opened.pop()
        elif char == "\n" and len(opened) > 1 and FIELD_START.match(text, position + 1):
            return line_of(text, opened[-1])
    return None


class EntryParser(Parser):
    """pybtex's parser, noting on each syntax error the entry it was reading."""

    def handle_error(self, error: PybtexSyntaxError) -> None:
        """Note the entry's key now: the low-level parser moves on to the next entry."""
        low_level = getattr(error, "parser", None)  # a repeated field has none; its message names the key
        error.entry_key = getattr(low_level, "current_entry_key", None)  # type: ignore[attr-defined]
        super().handle_error(error)


def syntax_fault(error: PybtexSyntaxError, text: str) -> Fault:
    """A syntax error as a fault at the line where the slip is, not where pybtex noticed it."""
    start, _line, position = error.error_context_info
    key = getattr(error, "entry_key", None)
    entry = f"entry {key!r}: " if key else ""
    swallowing = swallowing_brace(text, start or 0, position)
    if swallowing is not None:
        return Fault(swallowing, f"{entry}the brace opened on this line is not closed", key)
    if isinstance(error, PrematureEOF):
        return Fault(line_of(text, start or 0), f"{entry}not closed before the end of the file", key)
    # the slip (a missing comma, say) is at the end of the last text before the error
    before = text[:position].rstrip()
    line = line_of(text, len(before)) if before else error.lineno
    if isinstance(error, TokenRequired) and str(error).endswith(("'}' expected", "')' expected")):
        return Fault(line, f"{entry}a comma or the closing brace is missing after this line", key)
    return Fault(line, f"{entry}{str(error).split(': ', 1)[-1]}", key)


def read_bibfile(parser: Parser, path: Path, encoding: str) -> tuple[list[str], list[Fault], dict[str, int]]:
    """Parse *path* into *parser*: the keys it adds, its faults, and the line of each entry."""
    try:
        text = path.read_text(encoding=encoding)
    except UnicodeDecodeError as error:
        line = error.object.count(b"\n", 0, error.start) + 1
        byte = f"0x{error.object[error.start]:02x}"
        return [], [Fault(line, f"not valid {encoding} (byte {byte}); the file is left out", None)], {}
    before = {key.lower() for key in parser.data.entries}
    starts = entry_lines(text)
    repeats: dict[str, int] = {}
    faults: list[Fault] = []
    with pybtex.errors.capture() as errors:
        parser.filename = str(path)
        parser.parse_string(text)
    for error in errors:
        if isinstance(error, PybtexSyntaxError):
            faults.append(syntax_fault(error, text))
        elif isinstance(error, BibliographyDataError) and str(error).startswith("repeated"):
            key = str(error).rsplit(": ", 1)[-1]
            repeats[key.lower()] = repeats.get(key.lower(), 0) + 1
            lines = [line for k, line in starts if k.lower() == key.lower()]
            nth = repeats[key.lower()] - (1 if key.lower() in before else 0)
            line = lines[nth] if nth < len(lines) else 1
            faults.append(Fault(line, f"entry {key!r} is given twice; the later one is left out", None))
        else:  # a field given twice: pybtex keeps the first
            named = REPEATED_FIELD.match(str(error))
            key = named["key"] if named else ""
            line = next((line for k, line in starts if k == key), 1)
            faults.append(Fault(line, f"{error}; the first is kept", None))
    added = [key for key in parser.data.entries if key.lower() not in before]
    return added, faults, dict(starts)


def style_fault(style: object, entry: Entry, line: int) -> Fault | None:
    """A fault if the bibliography style cannot format *entry* (unknown type, missing field)."""
    kind = entry.type
    if not hasattr(style, f"get_{kind}_template") and not hasattr(style, f"format_{kind}"):
        message = f"entry {entry.key!r} has the type @{kind}, which the style does not know"
        return Fault(line, message, entry.key)
    try:
        style.format_entry("", entry)  # type: ignore[attr-defined]
    except FieldIsMissing as error:
        message = f"entry {entry.key!r} has no field {error.field_name!r}, which the style needs"
        return Fault(line, message, entry.key)
    except PybtexError as error:
        return Fault(line, f"entry {entry.key!r} cannot be formatted: {error}", entry.key)
    return None


def shown(path: Path, srcdir: Path) -> str:
    """*path* as warnings name it: relative to the source folder when inside it."""
    try:
        return str(path.relative_to(srcdir))
    except ValueError:
        return str(path)


def check_bibliography(app: Sphinx) -> None:
    """Warn about each fault of the bibliography files, and leave the faulty entries out.

    Files found sound are not read again until one changes (by its time, as
    sphinxcontrib-bibtex tells a change), or the style or the encoding does;
    files with a fault are read and warned about in every build.
    """
    config = app.config
    if not config.bibtex_bibfiles:
        return  # sphinxcontrib-bibtex says what is missing
    paths = [(Path(app.confdir) / name).resolve() for name in config.bibtex_bibfiles]
    data = get_domain(app.env).data
    checked = [
        config.bibtex_default_style,
        config.bibtex_encoding,
        [(str(path), get_mtime(path) if path.is_file() else None) for path in paths],
    ]
    if data.get("bibliography_sound") == checked:
        return  # the files the last check found without a fault, unchanged
    data["bibliography_sound"] = None
    style = find_plugin("pybtex.style.formatting", config.bibtex_default_style)()
    parser = EntryParser(config.bibtex_encoding)
    files: dict[Path, list[str]] = {}
    missing: list[Path] = []
    left_out: set[str] = set()
    faulty = False
    for path in paths:
        if not path.is_file():
            files[path] = []
            missing.append(path)
            continue
        keys, faults, lines = read_bibfile(parser, path, config.bibtex_encoding)
        broken = {fault.left_out for fault in faults}
        for key in keys:
            if key not in broken:
                fault = style_fault(style, parser.data.entries[key], lines.get(key, 1))
                if fault is not None:
                    faults.append(fault)
        for fault in sorted(faults):
            message = f"{fault.message}; the entry is left out" if fault.left_out else fault.message
            warn(message, "bad_bibliography", f"{shown(path, app.srcdir)}:{fault.line}")
        dropped = {fault.left_out for fault in faults if fault.left_out}
        left_out |= dropped
        files[path] = [key for key in keys if key not in dropped]
        faulty = faulty or bool(faults)
    data["bibliography_left_out"] = sorted(left_out)
    if not faulty:
        # a fault is warned in every build until it is mended; sound files are checked again when they change
        data["bibliography_sound"] = checked if not missing else None
        return  # sphinxcontrib-bibtex reads the files (and warns about a missing one) itself
    for path in missing:
        warn("cannot open the bibliography file", "bad_bibliography", shown(path, app.srcdir))
    sound = BibliographyData()
    for keys in files.values():
        for key in keys:
            sound.add_entry(key, parser.data.entries[key])
    sound.add_to_preamble(*parser.data.preamble_list)
    cite = cast("BibtexDomain", app.env.get_domain("cite"))
    cite.data["bibdata"] = BibData(
        encoding=config.bibtex_encoding,
        bibfiles={
            path: BibFile(mtime=get_mtime(path), keys=dict.fromkeys(keys)) for path, keys in files.items()
        },
        data=sound,
    )
