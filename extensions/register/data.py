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
from typing import TYPE_CHECKING

import regex
import schemas

if TYPE_CHECKING:
    from pathlib import Path

#: The kinds of entity, in the order the register lists them, with their headings.
KINDS: dict[str, str] = {
    "person": "Persons",
    "organisation": "Organisations",
    "place": "Places",
    "event": "Events",
}

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: How long a pattern may take on ``PROBE_TEXT`` when it is loaded, and on one text node of a page.
PROBE_TIMEOUT = 0.2
MATCH_TIMEOUT = 1.0
#: Prose of the kind the register searches: runs of words on which a runaway pattern shows itself.
PROBE_TEXT = (
    "Comrades! In the report of the Central Committee of the Party at the Twentieth Congress, "
    "in a number of speeches by delegates, as also formerly during the plenary sessions of the "
    "Central Committee of the CPSU, quite a lot has been said about the cult of the individual. "
    + "a" * 40
    + " "
    + "1956 " * 10
)
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
    regex: regex.Pattern[str]
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
    #: Forms (entity id, index) whose search of a text ran out of time in this process: not tried again.
    timed_out: set[tuple[str, int]] = field(default_factory=set)

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


def name_regex(name: str) -> regex.Pattern[str]:
    """A literal name as a whole-word, case-sensitive pattern (white space matches any white space)."""
    words = [regex.escape(word) for word in name.split()]
    return regex.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def load(path: Path) -> Register:
    """Read the register at *path*; every problem comes back in ``problems``, nothing is raised.

    The form of each table is checked against its schema (``schemas.RegisterEntity``,
    ``schemas.RegisterEvent``); what a schema cannot say (patterns that are regular
    expressions and end in time, dates, ids used twice) is checked here.
    """
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
    lines = schemas.KeyLines(text)
    text_lines = schemas.toml_lines(text)
    _, faults = schemas.check(schemas.RegisterFile, data, path.name, lines)
    register.problems.extend(Problem(f.line, "bad_entry", f.text) for f in faults)
    entities = data.get("entity") if isinstance(data.get("entity"), list) else []
    for index, raw in enumerate(entities):
        model, faults = schemas.check(schemas.RegisterEntity, raw, path.name, lines, ("entity", index))
        register.problems.extend(Problem(f.line, "bad_entry", f.text) for f in faults)
        if model is None:
            # its patterns may be wrong too: say so now rather than at the next build
            patterns = raw.get("patterns") if isinstance(raw, dict) else None
            if isinstance(patterns, list) and all(isinstance(p, str) for p in patterns):
                _pattern_forms(patterns, ("entity", index), lines, text_lines, register.problems)
            continue
        entity = _entity(model, ("entity", index), lines, text_lines, register.problems)
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
    chronology = data.get("chronology") if isinstance(data.get("chronology"), list) else []
    seen: set[str] = set()
    for index, raw in enumerate(chronology):
        model, faults = schemas.check(schemas.RegisterEvent, raw, path.name, lines, ("chronology", index))
        register.problems.extend(Problem(f.line, "bad_entry", f.text) for f in faults)
        if model is None:
            continue
        entry = _chronology_entry(model, ("chronology", index), lines, text_lines, register)
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


def value_line(text_lines: list[str], start: int, value: str) -> int:
    """The first line from *start* on that holds *value* as a quoted string (*start* if none does)."""
    quoted = [f'"{value}"', f"'{value}'", f'"""{value}', f"'''{value}"]
    quoted.append('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"')
    for number in range(start, len(text_lines) + 1):
        if any(q in text_lines[number - 1] for q in quoted):
            return number
    return start


def compile_pattern(value: str) -> tuple[regex.Pattern[str] | None, str, str]:
    r"""*value* compiled, or ``None``, the subtype and the message of what is wrong with it.

    A pattern is also tried on a sample of prose: one that cannot search it within
    ``PROBE_TIMEOUT`` (nested repetition, as in ``(\w+\s?)+Q``, backtracks without
    end) would stall the build on every paragraph.
    """
    try:
        compiled = regex.compile(value)
    except regex.error as error:
        return None, "bad_entry", f"pattern {value!r} is not a regular expression: {error}"
    if compiled.match(""):
        return None, "bad_entry", f"pattern {value!r} matches the empty string"
    try:
        for _ in compiled.finditer(PROBE_TEXT, timeout=PROBE_TIMEOUT):
            pass
    except TimeoutError:
        return (
            None,
            "slow_pattern",
            f"pattern {value!r} takes longer than {PROBE_TIMEOUT} s on a sample of prose "
            "(nested repetition backtracks without end); it is left out",
        )
    return compiled, "", ""


def _entity(
    model: schemas.RegisterEntity,
    where: tuple[str | int, ...],
    lines: schemas.KeyLines,
    text_lines: list[str],
    problems: list[Problem],
) -> Entity | None:
    """One valid ``[[entity]]`` table as an entity, or ``None`` (with problems) when a pattern is unusable."""
    forms: list[Form] = []
    for value in model.names:
        at = value_line(text_lines, lines.line((*where, "names")), value)
        forms.append(Form(value, name_regex(value), at, needle=value.split()[0]))
    patterns, failed = _pattern_forms(model.patterns, where, lines, text_lines, problems)
    forms.extend(patterns)
    if failed or not forms:
        return None
    return Entity(
        model.id,
        model.kind,
        model.name.strip(),
        (model.sort or model.name).strip(),
        tuple(forms),
        model.wikidata,
        lines.line((*where, "id")),
    )


def _pattern_forms(
    values: list[str],
    where: tuple[str | int, ...],
    lines: schemas.KeyLines,
    text_lines: list[str],
    problems: list[Problem],
) -> tuple[list[Form], bool]:
    """The usable patterns of an entity as forms, and whether one is a fault that leaves the entity out.

    A pattern that runs too long is left out alone: the entity keeps its other forms.
    """
    forms: list[Form] = []
    failed = False
    for value in values:
        at = value_line(text_lines, lines.line((*where, "patterns")), value)
        compiled, subtype, message = compile_pattern(value)
        if compiled is None:
            problems.append(Problem(at, subtype, f"{schemas.dotted((*where, 'patterns'))}: {message}"))
            failed = failed or subtype == "bad_entry"
            continue
        forms.append(Form(value, compiled, at))
    return forms, failed


def _chronology_entry(
    model: schemas.RegisterEvent,
    where: tuple[str | int, ...],
    lines: schemas.KeyLines,
    text_lines: list[str],
    register: Register,
) -> ChronologyEntry | None:
    """One valid ``[[chronology]]`` table as an entry, or ``None`` (with problems) when it cannot be used."""
    problems = register.problems
    before = len(problems)
    entity = model.entity.strip()
    if entity and entity not in register.entities:
        at = lines.line((*where, "entity"))
        problems.append(Problem(at, "unknown_entity", f"unknown entity id {entity!r}"))
        entity = ""
    readings: list[Reading] = []
    for offset, item in enumerate(model.reading):
        place = (*where, "reading", offset)
        date = parse_date(item.date.strip())
        if date is None:
            problems.append(
                Problem(
                    lines.line((*place, "date")),
                    "bad_entry",
                    f"{schemas.dotted((*place, 'date'))}: date {item.date!r} is not YYYY, YYYY-MM, "
                    "YYYY-MM-DD or a/b",
                )
            )
            continue
        readings.append(
            Reading(
                item.document.strip(),
                " ".join(item.quote.split()),
                date,
                lines.line((*place, "quote")),
                lines.line((*place, "document")),
            )
        )
    if any(p.subtype == "bad_entry" for p in problems[before:]) or not readings:
        return None
    return ChronologyEntry(model.id, model.title.strip(), entity, tuple(readings), lines.line((*where, "id")))


def file_key(path: Path) -> tuple[str, int, int]:
    """What identifies a version of the file at *path*: its name, modification time and size."""
    try:
        stat = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), stat.st_mtime_ns, stat.st_size)
