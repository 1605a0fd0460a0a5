"""The declared schemas of the edition's configuration and data files, and the faults found in them.

An editor's mistake in a TOML file (a string where a list belongs, a date in
another form, a misspelt key) should stop at the door with the file, the key
and the line, rather than surface pages later as a traceback or as silently
wrong output. Each file therefore has a pydantic model; :func:`check` validates
a parsed file against it and turns every error into a :class:`Fault`.
``tomllib`` keeps no positions, so :class:`KeyLines` finds the line of each key
in the file's text.

Data files named by a configuration value are checked "at the door"
(:func:`door`): on ``config-inited``, before any document is read, on every
build, so that a rerun with nothing to read still reports the fault. Code that
reads such a file later asks :func:`checked_at_the_door` and keeps quiet about
its faults, so that each fault is said once.

Read by ``edition/conf.py`` and ``tools/citation_cff.py`` (``[project]`` and
``[tool.edition]`` of pyproject.toml), by the register extension
(``register.toml``), by the apparatus (the witnesses file) and by citable (the
passage registry).
"""

from __future__ import annotations

import datetime
import re
import tomllib
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


# Reading the positions of keys ----------------------------------------------------------------

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY_PART = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER_RE = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_ASSIGNMENT_RE = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART_RE = re.compile(_KEY_PART)


def _parts(dotted: str) -> list[str]:
    """The parts of a dotted TOML key, unquoted."""
    parts = []
    for part in _PART_RE.findall(dotted):
        if part[:1] == '"':
            part = part[1:-1].encode("utf-8").decode("unicode_escape")
        elif part[:1] == "'":
            part = part[1:-1]
        parts.append(part)
    return parts


def toml_lines(text: str) -> list[str]:
    """The lines of a TOML text as TOML counts them: broken at LF (a CR before it dropped) only.

    ``str.splitlines`` also breaks at U+2028, U+2029, U+0085 and other separators,
    which a TOML string may hold; a fault after one would be said a line late.
    """
    return [line.removesuffix("\r") for line in text.split("\n")]


class KeyLines:
    """The line of every key, table and array-of-tables item of a TOML text.

    Paths are as pydantic reports them: ``("entity", 2, "names")`` is the key
    ``names`` of the third ``[[entity]]``. Values inside a key's value (an item
    of an inline array or table) are given the key's line.
    """

    def __init__(self, text: str) -> None:
        """Read *text* line by line: table headers, key assignments, multi-line strings skipped."""
        self.lines: dict[Path_, int] = {}
        arrays: dict[Path_, int] = {}  #: Arrays of tables (concrete path) and the index of their last item.
        table: Path_ = ()
        multiline: str | None = None
        for number, line in enumerate(toml_lines(text), start=1):
            if multiline is not None:
                if line.count(multiline) % 2:
                    multiline = None
                continue
            header = _HEADER_RE.match(line)
            if header:
                table = self._concrete(_parts(header[2]), arrays)
                if header[1] == "[[":
                    index = arrays.get(table, -1) + 1
                    arrays[table] = index
                    table = (*table, index)
                self.lines.setdefault(table, number)
                continue
            assignment = _ASSIGNMENT_RE.match(line)
            if assignment:
                self.lines.setdefault((*table, *_parts(assignment[1])), number)
                rest = line[assignment.end() :]
                for quotes in ('"""', "'''"):
                    if rest.count(quotes) % 2:
                        multiline = quotes
                        break

    @staticmethod
    def _concrete(names: list[str], arrays: dict[Path_, int]) -> Path_:
        """The path of a table header's names, with the current index after every array of tables."""
        path: Path_ = ()
        for position, name in enumerate(names):
            path = (*path, name)
            if path in arrays and position < len(names) - 1:
                path = (*path, arrays[path])
        return path

    def line(self, path: Path_) -> int:
        """The line of *path*, or of its nearest enclosing key or table (1 when there is none)."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


# Faults -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    """One thing wrong in a file: where (file, key, line) and what."""

    file: str
    key: str  #: The key as a dotted path, items of arrays counted from 1: ``entity[3].kind``.
    line: int
    message: str
    kind: str  #: pydantic's error type (``missing``, ``list_type``, …), or the check's own name.

    @property
    def text(self) -> str:
        """The message with its key, as a warning prints it beside the file and line."""
        return f"{self.key}: {self.message}" if self.key else self.message

    def __str__(self) -> str:
        """``file:line: key: message``, the form of a compiler's error."""
        return f"{self.file}:{self.line}: {self.text}"


class SchemaError(Exception):
    """A file does not follow its schema; the faults, one a line, are the message."""

    def __init__(self, faults: list[Fault]) -> None:
        """Keep *faults* for callers that report them one by one."""
        self.faults = faults
        super().__init__("\n".join(map(str, faults)))


def dotted(path: Path_) -> str:
    """A path as editors write keys: ``tool.edition.editors``, ``entity[3].names[1]`` (from 1)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            shown = part if re.fullmatch(_BARE, part) else f'"{part}"'
            text += f".{shown}" if text else shown
    return text


def _message(error: dict[str, Any]) -> str:
    """The validator's message in an editor's words, with the value that was found."""
    kind = error["type"]
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return "unknown key"
    message = error["msg"].removeprefix("Value error, ")
    message = message[:1].lower() + message[1:]
    if kind.endswith("_type") or kind in {"literal_error", "string_pattern_mismatch", "too_short"}:
        message += f", not {_shown(error['input'])}"
    return message


def _shown(value: Any) -> str:
    """A value as TOML would show it, shortened."""
    if isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, dict):
        shown = "a table"
    else:
        shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def check(
    model: type[M], data: Any, file: str, lines: KeyLines, prefix: Path_ = ()
) -> tuple[M | None, list[Fault]]:
    """Validate *data* (found at *prefix* in *file*) against *model*: the instance, or ``None`` and faults."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        faults = []
        for item in error.errors(include_url=False):
            path = (*prefix, *(part for part in item["loc"] if part != "[key]"))
            faults.append(Fault(file, dotted(path), lines.line(path), _message(item), item["type"]))
        return None, faults


def read_toml(path: Path, file: str) -> tuple[dict[str, Any] | None, KeyLines, list[Fault]]:
    """Parse the TOML file at *path*: its data (``None`` if unreadable), its key lines, and the fault."""
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text), KeyLines(text), []
    except (OSError, UnicodeDecodeError) as error:
        return None, KeyLines(""), [Fault(file, "", 1, f"cannot read the file: {error}", "unreadable")]
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"at line (\d+)", str(error))
        line = int(match[1]) if match else 1
        return None, KeyLines(text), [Fault(file, "", line, f"not valid TOML: {error}", "toml")]


#: The kinds of fault that concern the file as a whole, not one of its keys.
READ_FAULTS = frozenset({"unreadable", "toml"})


def load(model: type[M], path: Path, file: str) -> tuple[M | None, list[Fault]]:
    """Read the TOML file at *path* and check it against *model*: the instance, or ``None`` and faults."""
    data, lines, faults = read_toml(path, file)
    if data is None:
        return None, faults
    return check(model, data, file, lines)


# Checking data files before anything is read ------------------------------------------------------

#: The data files checked at the door, by the configuration of the build that checked them
#: (the environment shares it; a fork for parallel reading inherits the record).
_CHECKED: weakref.WeakKeyDictionary[Config, set[Path]] = weakref.WeakKeyDictionary()


def door(
    config_name: str, model: type[BaseModel], what: str, warn: Callable[[str, str, str], None], subtype: str
) -> Callable[[Sphinx, Config], None]:
    """A ``config-inited`` handler that checks the file named by *config_name* against *model*.

    The file's name is relative to the source folder; an empty name or a
    missing file is not a fault here (whether a missing file matters is for its
    reader to say). Each fault is given to *warn* with *subtype*, located at
    ``name:line``; a file that cannot be parsed is said to be unreadable as
    *what* ("the passage registry").
    """

    def check(app: Sphinx, config: Config) -> None:
        name = config[config_name]
        if not name:
            return
        path = Path(app.srcdir, name)
        _CHECKED.setdefault(config, set()).add(path.resolve())
        if not path.exists():
            return
        for fault in load(model, path, name)[1]:
            message = f"cannot read {what}: {fault.message}" if fault.kind in READ_FAULTS else fault.text
            warn(message, subtype, f"{name}:{fault.line}")

    return check


def checked_at_the_door(config: Config, path: str | Path) -> bool:
    """Tell whether the file at *path* was checked (and its faults said) before reading began."""
    return Path(path).resolve() in _CHECKED.get(config, ())


# Shared field types -------------------------------------------------------------------------------


class Strict(BaseModel):
    """A table whose keys are all declared: an unknown (misspelt) key is a fault, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


#: A string with something in it besides white space.
Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
#: Lowercase ASCII letters and digits in words joined by single hyphens.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


def _iso_date(value: Any) -> Any:
    """A TOML date, or a string that is a date written YYYY-MM-DD, as that string."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            ok = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(datetime.date.fromisoformat(value))
        except ValueError:
            ok = False
        if not ok:
            msg = f"{value!r} is not a date written YYYY-MM-DD"
            raise ValueError(msg)
    return value


#: A day, written ``2026-11-24`` (quoted or as a TOML date); kept as that string.
IsoDate = Annotated[str, BeforeValidator(_iso_date)]


# pyproject.toml -----------------------------------------------------------------------------------


class Work(Strict):
    """``[tool.edition.work]``: the primary text the edition presents."""

    author_family: Text
    author_given: str = ""
    title: Text
    year: int | None = None
    docname: Text = "speech"


class Edition(Strict):
    """``[tool.edition]``: the edition's own metadata, for the citations, the PDF and CITATION.cff."""

    title: Text
    editors: list[Text] = Field(min_length=1)
    release_date: IsoDate = Field(alias="release-date")
    publisher: str = ""
    keywords: list[Text] = []
    url: Annotated[str, StringConstraints(pattern=r"^(https?://[^\s/]+\S*)?$")] = ""
    work: Work


class Project(BaseModel):
    """``[project]``: the keys the edition reads; the others are the packaging standard's."""

    model_config = ConfigDict(extra="allow", strict=True)

    version: Text
    description: Text


class PyprojectTool(BaseModel):
    """``[tool]``: other tools' tables pass; ``[tool.edition]`` is required."""

    model_config = ConfigDict(extra="allow", strict=True)

    edition: Edition


class Pyproject(BaseModel):
    """pyproject.toml, as far as the edition reads it."""

    model_config = ConfigDict(extra="allow", strict=True)

    project: Project
    tool: PyprojectTool


def read_pyproject(path: Path) -> dict[str, Any]:
    """pyproject.toml at *path*, validated, with ``release-date`` as a string; else :class:`SchemaError`."""
    data, lines, faults = read_toml(path, path.name)
    if data is None:
        raise SchemaError(faults)
    model, faults = check(Pyproject, data, path.name, lines)
    if model is None:
        raise SchemaError(faults)
    edition = model.tool.edition.model_dump(by_alias=True)
    return {**data, "tool": {**data["tool"], "edition": edition}}


# The register file (register.toml) -------------------------------------------------------------------


class RegisterEntity(Strict):
    """An ``[[entity]]`` of the register: who or what, and the forms that name it in the texts."""

    id: Slug
    kind: Literal["person", "organisation", "place", "event"]
    name: Text
    sort: Text | None = None
    wikidata: Annotated[str, StringConstraints(pattern=r"^(Q[1-9][0-9]*)?$")] = ""
    names: list[Text] = []
    patterns: list[Text] = []

    @model_validator(mode="after")
    def _named(self) -> RegisterEntity:
        """An entity that nothing names would never be found."""
        if not self.names and not self.patterns:
            msg = f"entity {self.id!r} has no names and no patterns"
            raise ValueError(msg)
        return self


class RegisterReading(Strict):
    """A ``[[chronology.reading]]``: a source's words that date an event."""

    document: Text
    quote: Text
    date: Text


class RegisterEvent(Strict):
    """A ``[[chronology]]`` event with the readings of the sources that date it."""

    id: Slug
    title: Text
    entity: str = ""
    reading: list[RegisterReading] = Field(min_length=1)


class RegisterFile(Strict):
    """register.toml: its two arrays of tables, each item checked on its own (see :func:`check`)."""

    entity: list[dict[str, Any]] = []
    chronology: list[dict[str, Any]] = []


# The witnesses file (witnesses/witnesses.toml) -------------------------------------------------------


class Omission(Strict):
    """A ``[[witness.omitted]]`` run of lines that the edited text leaves out."""

    reason: Text
    text: Text
    occurrence: int = Field(default=1, ge=1)


class Witness(Strict):
    """A ``[[witness]]``: a capture, its siglum, the document that transcribes it, what it leaves out."""

    siglum: Text
    #: The capture, its checksum and the document: the test suite needs them, a table does not.
    file: Text | None = None
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None
    document: Text | None = None
    editorial_title: bool = False
    omitted: list[Omission] = []


class WitnessesFile(Strict):
    """witnesses.toml."""

    witness: list[Witness] = Field(min_length=1)


# The passage registry (passage-registry.toml) ------------------------------------------------------


class RegisteredPassage(Strict):
    """A published passage: its number (none for an unnumbered one) and the fingerprint of its words."""

    number: int | None = Field(default=None, ge=1)
    fingerprint: Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$")]


class PassageRegistryFile(Strict):
    """passage-registry.toml: published passages by id, and old ids renamed (``old = "new"``)."""

    passages: dict[Slug, RegisteredPassage] = {}
    aliases: dict[Slug, Slug] = {}
