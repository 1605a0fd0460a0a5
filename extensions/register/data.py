"""The register file: entities with their name forms, and the dated events of the chronology.

The file is TOML. Each ``[[entity]]`` table describes one entity; each
``[[chronology]]`` table one event, with a ``[[chronology.reading]]`` table for
every source that dates it. Loading never raises: every problem is returned
with the line of the file where it stands, for the caller to warn about.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

#: The kinds of entity, in the order the register lists them, with their headings.
KINDS: dict[str, str] = {
    "person": "Persons",
    "organisation": "Organisations",
    "place": "Places",
    "event": "Events",
}

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WIKIDATA_RE = re.compile(r"^Q[1-9][0-9]*$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_HEADER_RE = re.compile(r"^\s*\[\[\s*(entity|chronology|chronology\.reading)\s*\]\]\s*(?:#.*)?$")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Problem:
    """Something wrong in the register file, at a line of it."""

    line: int
    subtype: str
    message: str


@dataclass(frozen=True)
class Form:
    """One way of naming an entity: a literal name or a regular expression."""

    source: str  #: As written in the file.
    regex: re.Pattern[str]
    line: int
    #: Words that every match contains (the first word of a literal name), for a quick
    #: first test; empty for a regular expression.
    needle: str = ""


@dataclass(frozen=True)
class Entity:
    """An entity of the register."""

    entity_id: str
    kind: str
    name: str  #: How the register shows it.
    sort: str  #: The key it is sorted (and indexed) under.
    forms: tuple[Form, ...]
    wikidata: str  #: A verified Wikidata identifier (``Q…``), or empty.
    line: int


@dataclass(frozen=True)
class Date:
    """A date as a source gives it: a year, a month or a day, or a span between two of them."""

    start: tuple[int, ...]
    end: tuple[int, ...]
    text: str  #: As written in the file (``1956-02-25``, ``1937/1938``).

    @property
    def sort_key(self) -> tuple[int, int, int, int, int, int]:
        """Start, then end, each padded to year, month and day."""
        start = (*self.start, 0, 0)[:3]
        end = (*self.end, 0, 0)[:3]
        return (*start, *end)  # type: ignore[return-value]

    def covers(self, other: Date) -> bool:
        """Tell whether this date is *other* given less precisely (or is *other*)."""
        return other.start[: len(self.start)] == self.start and other.end[: len(self.end)] == self.end

    def display(self) -> str:
        """The date in words: ``25 February 1956``, ``1937–1938``."""
        start, end = format_point(self.start), format_point(self.end)
        return start if self.start == self.end else f"{start}–{end}"


@dataclass(frozen=True)
class Reading:
    """How one source dates an event: its own words, in a document of the edition."""

    document: str
    quote: str
    date: Date
    line: int  #: The line of ``quote``.
    document_line: int  #: The line of ``document``.


@dataclass(frozen=True)
class ChronologyEntry:
    """An event of the chronology, with the readings of the sources that date it."""

    entry_id: str
    title: str
    entity: str  #: The entity of the register it is about, or empty.
    readings: tuple[Reading, ...]
    line: int

    @property
    def sort_key(self) -> tuple[int, ...]:
        """The earliest of the readings' dates, leaving out those another reading gives more precisely.

        "1956" does not put an event of October 1956 before one of February 1956.
        """
        return min(date.sort_key for date in self.dates())

    def dates(self) -> list[Date]:
        """The readings' distinct dates, leaving out those another reading gives more precisely."""
        found: list[Date] = []
        for reading in sorted(self.readings, key=lambda r: r.date.sort_key):
            if reading.date not in found:
                found.append(reading.date)
        return [d for d in found if not any(o is not d and d.covers(o) for o in found)]


@dataclass
class Register:
    """The content of the register file, and the problems found in it."""

    path: Path
    entities: dict[str, Entity] = field(default_factory=dict)
    chronology: list[ChronologyEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def readings_in(self, docname: str) -> list[tuple[ChronologyEntry, int, Reading]]:
        """The chronology readings to be found in *docname*: entry, index of the reading, reading."""
        return [
            (entry, index, reading)
            for entry in self.chronology
            for index, reading in enumerate(entry.readings)
            if reading.document == docname
        ]


def format_point(point: tuple[int, ...]) -> str:
    """``(1956, 2, 25)`` as ``25 February 1956``; ``(1956, 2)`` as ``February 1956``."""
    if len(point) == 1:
        return str(point[0])
    month = MONTHS[point[1] - 1]
    return f"{month} {point[0]}" if len(point) == 2 else f"{point[2]} {month} {point[0]}"


def parse_date(text: str) -> Date | None:
    """Read ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, or two of them joined by ``/``; ``None`` if malformed."""
    parts = text.split("/")
    if len(parts) > 2:
        return None
    points: list[tuple[int, ...]] = []
    for part in parts:
        match = _DATE_RE.match(part.strip())
        if match is None:
            return None
        point = tuple(int(group) for group in match.groups() if group is not None)
        if len(point) > 1 and not 1 <= point[1] <= 12:
            return None
        if len(point) > 2 and not 1 <= point[2] <= 31:
            return None
        points.append(point)
    start, end = points[0], points[-1]
    if (*end, 99, 99)[:3] < (*start, 0, 0)[:3]:
        return None
    return Date(start, end, text)


def name_regex(name: str) -> re.Pattern[str]:
    """A literal name as a whole-word, case-sensitive pattern (white space matches any white space)."""
    words = [re.escape(word) for word in name.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


class _Lines:
    """Where the tables of the file start and end, to give problems a line number."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.tables: dict[str, list[tuple[int, int]]] = {
            "entity": [],
            "chronology": [],
            "chronology.reading": [],
        }
        starts: list[tuple[str, int]] = []
        for number, line in enumerate(self.lines, start=1):
            match = _HEADER_RE.match(line)
            if match:
                starts.append((match[1], number))
            elif re.match(r"^\s*\[", line):
                starts.append(("other", number))
        for index, (name, start) in enumerate(starts):
            end = starts[index + 1][1] - 1 if index + 1 < len(starts) else len(self.lines)
            if name in self.tables:
                self.tables[name].append((start, end))

    def table(self, name: str, index: int) -> tuple[int, int]:
        """The first and last line of the *index*-th ``[[name]]`` table (line 1 if unknown)."""
        found = self.tables.get(name, [])
        return found[index] if index < len(found) else (1, 1)

    def line(self, number: int) -> str:
        """The text of line *number* (counted from 1), or empty past the end."""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def of(self, span: tuple[int, int], value: str, key: str = "") -> int:
        """The first line in *span* that holds *value* as a quoted string, from the line of *key* on.

        The line of *key* (or the span's first line) when no line holds it.
        """
        start = span[0]
        if key:
            assignment = re.compile(rf"^\s*{re.escape(key)}\s*=")
            lines = range(span[0], span[1] + 1)
            start = next((n for n in lines if assignment.match(self.line(n))), span[0])
        quoted = [f'"{value}"', f"'{value}'", f'"""{value}', f"'''{value}"]
        quoted.append('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"')
        for number in range(start, span[1] + 1):
            if any(q in self.line(number) for q in quoted):
                return number
        return start


def load(path: Path) -> Register:
    """Read the register at *path*; every problem comes back in ``problems``, nothing is raised."""
    register = Register(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        register.problems.append(Problem(1, "bad_register", f"cannot read the register file: {error}"))
        return register
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"at line (\d+)", str(error))
        line = int(match[1]) if match else 1
        register.problems.append(
            Problem(line, "bad_register", f"the register file is not valid TOML: {error}")
        )
        return register
    lines = _Lines(text)
    unknown = sorted(set(data) - {"entity", "chronology"})
    for key in unknown:
        register.problems.append(
            Problem(1, "bad_entry", f"unknown table {key!r} (expected entity, chronology)")
        )
    entities = data.get("entity", [])
    if not isinstance(entities, list):
        register.problems.append(Problem(1, "bad_entry", "'entity' must be an array of tables ([[entity]])"))
        entities = []
    for index, raw in enumerate(entities):
        entity = _entity(raw, lines.table("entity", index), lines, register.problems)
        if entity is None:
            continue
        if entity.entity_id in register.entities:
            first = register.entities[entity.entity_id].line
            register.problems.append(
                Problem(
                    entity.line,
                    "bad_entry",
                    f"entity id {entity.entity_id!r} repeats the one at line {first}",
                )
            )
            continue
        register.entities[entity.entity_id] = entity
    chronology = data.get("chronology", [])
    if not isinstance(chronology, list):
        register.problems.append(Problem(1, "bad_entry", "'chronology' must be an array of tables"))
        chronology = []
    seen: set[str] = set()
    reading_index = 0
    for index, raw in enumerate(chronology):
        span = lines.table("chronology", index)
        entry = _chronology_entry(raw, span, lines, reading_index, register)
        reading_index += (
            len(raw.get("reading", []))
            if isinstance(raw, dict) and isinstance(raw.get("reading"), list)
            else 0
        )
        if entry is None:
            continue
        if entry.entry_id in seen:
            register.problems.append(
                Problem(entry.line, "bad_entry", f"chronology id {entry.entry_id!r} is used twice")
            )
            continue
        seen.add(entry.entry_id)
        register.chronology.append(entry)
    return register


def _string(raw: dict[str, Any], key: str, line: int, problems: list[Problem], required: bool = True) -> str:
    """The string under *key*, or empty (with a problem when it is required or not a string)."""
    value = raw.get(key)
    if value is None:
        if required:
            problems.append(Problem(line, "bad_entry", f"missing {key!r}"))
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(Problem(line, "bad_entry", f"{key!r} must be a non-empty string"))
        return ""
    return value.strip()


def _entity(raw: Any, span: tuple[int, int], lines: _Lines, problems: list[Problem]) -> Entity | None:
    """One ``[[entity]]`` table as an entity, or ``None`` (with problems) when it cannot be used."""
    line = span[0]
    if not isinstance(raw, dict):
        problems.append(Problem(line, "bad_entry", "an entity must be a table"))
        return None
    before = len(problems)
    entity_id = _string(raw, "id", line, problems)
    if entity_id and not _ID_RE.match(entity_id):
        problems.append(
            Problem(line, "bad_entry", f"entity id {entity_id!r} is not a slug (a-z, 0-9, hyphens)")
        )
    kind = _string(raw, "kind", line, problems)
    if kind and kind not in KINDS:
        where = lines.of(span, kind, "kind")
        problems.append(Problem(where, "bad_entry", f"kind {kind!r} is not one of {', '.join(KINDS)}"))
    name = _string(raw, "name", line, problems)
    sort = _string(raw, "sort", line, problems, required=False) or name
    wikidata = _string(raw, "wikidata", line, problems, required=False)
    if wikidata and not _WIKIDATA_RE.match(wikidata):
        problems.append(
            Problem(
                lines.of(span, wikidata, "wikidata"), "bad_entry", f"{wikidata!r} is not a Wikidata id (Q…)"
            )
        )
    forms: list[Form] = []
    for key in ("names", "patterns"):
        values = raw.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            problems.append(Problem(line, "bad_entry", f"{key!r} must be a list of non-empty strings"))
            continue
        for value in values:
            at = lines.of(span, value, key)
            if key == "names":
                forms.append(Form(value, name_regex(value), at, needle=value.split()[0]))
                continue
            try:
                regex = re.compile(value)
            except re.error as error:
                problems.append(
                    Problem(at, "bad_entry", f"pattern {value!r} is not a regular expression: {error}")
                )
                continue
            if regex.match(""):
                problems.append(Problem(at, "bad_entry", f"pattern {value!r} matches the empty string"))
                continue
            forms.append(Form(value, regex, at))
    if not forms and len(problems) == before:
        problems.append(Problem(line, "bad_entry", f"entity {entity_id!r} has no names and no patterns"))
    unknown = sorted(set(raw) - {"id", "kind", "name", "sort", "wikidata", "names", "patterns"})
    if unknown:
        problems.append(Problem(line, "bad_entry", f"unknown field(s) {', '.join(unknown)}"))
    if len(problems) != before:
        return None
    return Entity(entity_id, kind, name, sort, tuple(forms), wikidata, lines.of(span, entity_id, "id"))


def _chronology_entry(
    raw: Any, span: tuple[int, int], lines: _Lines, first_reading: int, register: Register
) -> ChronologyEntry | None:
    """One ``[[chronology]]`` table as an entry, or ``None`` (with problems) when it cannot be used."""
    problems = register.problems
    line = span[0]
    if not isinstance(raw, dict):
        problems.append(Problem(line, "bad_entry", "a chronology entry must be a table"))
        return None
    before = len(problems)
    entry_id = _string(raw, "id", line, problems)
    if entry_id and not _ID_RE.match(entry_id):
        problems.append(Problem(line, "bad_entry", f"chronology id {entry_id!r} is not a slug"))
    title = _string(raw, "title", line, problems)
    entity = _string(raw, "entity", line, problems, required=False)
    if entity and entity not in register.entities:
        problems.append(
            Problem(lines.of(span, entity, "entity"), "unknown_entity", f"unknown entity id {entity!r}")
        )
        entity = ""
    raw_readings = raw.get("reading", [])
    if not isinstance(raw_readings, list) or not raw_readings:
        problems.append(
            Problem(line, "bad_entry", f"chronology entry {entry_id!r} has no [[chronology.reading]]")
        )
        return None
    readings: list[Reading] = []
    for offset, item in enumerate(raw_readings):
        where = lines.table("chronology.reading", first_reading + offset)
        if not isinstance(item, dict):
            problems.append(Problem(where[0], "bad_entry", "a reading must be a table"))
            continue
        count = len(problems)
        document = _string(item, "document", where[0], problems)
        quote = _string(item, "quote", where[0], problems)
        text = _string(item, "date", where[0], problems)
        date = parse_date(text) if text else None
        if text and date is None:
            problems.append(
                Problem(
                    lines.of(where, text, "date"),
                    "bad_entry",
                    f"date {text!r} is not YYYY, YYYY-MM, YYYY-MM-DD or a/b",
                )
            )
        unknown = sorted(set(item) - {"document", "quote", "date"})
        if unknown:
            problems.append(Problem(where[0], "bad_entry", f"unknown field(s) {', '.join(unknown)}"))
        if len(problems) == count and date is not None:
            readings.append(
                Reading(
                    document,
                    " ".join(quote.split()),
                    date,
                    lines.of(where, quote, "quote"),
                    lines.of(where, document, "document"),
                )
            )
    unknown = sorted(set(raw) - {"id", "title", "entity", "reading"})
    if unknown:
        problems.append(Problem(line, "bad_entry", f"unknown field(s) {', '.join(unknown)}"))
    if len(problems) != before or not readings:
        return None
    return ChronologyEntry(entry_id, title, entity, tuple(readings), lines.of(span, entry_id, "id"))


def file_key(path: Path) -> tuple[str, int, int]:
    """What identifies a version of the file at *path*: its name, modification time and size."""
    try:
        stat = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), stat.st_mtime_ns, stat.st_size)
