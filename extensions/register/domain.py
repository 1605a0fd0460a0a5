"""The register domain: the mentions and dated readings of each document, purged and merged by docname."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from documents import resolve_anchor
from sphinx.domains import Domain

from . import data

if TYPE_CHECKING:
    from collections.abc import Set
    from pathlib import Path

    from docutils import nodes
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class MentionRecord(NamedTuple):
    """One mention of an entity in a document."""

    docname: str
    entity: str  #: The entity's id.
    anchor: str  #: The id the register links to (the mention's, or its section's in a title).
    text: str  #: The words of the text.
    form: int  #: Which of the entity's forms matched; ``-1`` for a ``{mention}`` role.
    passage: str  #: The id of the apparatus passage it stands in, or empty.
    unit: str  #: The id of the paragraph it stands in, ``title`` in a heading, or empty.
    serial: int  #: Order in the document.


class ReadingRecord(NamedTuple):
    """Where the words of one chronology reading stand in a document."""

    docname: str
    entry: str  #: The chronology entry's id.
    reading: int  #: Index of the reading in the entry.
    anchor: str


class ListingRecord(NamedTuple):
    """A ``register`` or ``chronology`` directive: where it stands and what it lists."""

    docname: str
    what: str  #: ``register`` or ``chronology``.
    kinds: tuple[str, ...]  #: The kinds of entity a register lists (all when empty).


class SlowRecord(NamedTuple):
    """A pattern whose search of a text of the document ran out of time, and was then left out."""

    docname: str
    entity: str
    form: int


class RoleRecord(NamedTuple):
    """A ``{mention}`` role naming an entity id, checked once every document is read."""

    docname: str
    lineno: int
    entity: str


def get_domain(env: BuildEnvironment) -> RegisterDomain:
    """Return the register domain of *env*."""
    return env.get_domain("register")  # type: ignore[return-value]


def register_path(env: BuildEnvironment) -> Path:
    """The register file named by ``register_file``, relative to the source folder."""
    return env.srcdir / env.config.register_file


def load_register(env: BuildEnvironment) -> data.Register:
    """The register file of the project (read again only when it changes)."""
    return get_domain(env).register_file(register_path(env))


def location(env: BuildEnvironment, line: int) -> str:
    """``file:line`` in the register file, for warnings."""
    path = register_path(env)
    try:
        shown = path.relative_to(env.srcdir)
    except ValueError:
        shown = path
    return f"{shown}:{line}"


#: The kinds of record, each a list of records that carry their docname.
RECORD_KINDS = ("mentions", "readings", "roles", "listings", "slow")
#: The kinds the ``register`` and ``chronology`` pages are made from (roles and slow
#: patterns only give warnings).
SHOWN_KINDS = ("mentions", "readings", "listings")


class RegisterDomain(Domain):
    """Cross-document data of the register: every record carries its docname."""

    name = "register"
    label = "Register of names"
    data_version = 3
    initial_data: ClassVar[dict[str, Any]] = {
        **{kind: [] for kind in RECORD_KINDS},
        #: docname -> kind -> the records of SHOWN_KINDS that the document held before it
        #: was read again or removed, until ``env-get-updated`` compares them.
        "purged": {},
        #: What else the listings show (titles, order, passage labels, sigla), as the last
        #: build that read documents left it.
        "context": None,
    }

    def register_file(self, path: Path) -> data.Register:
        """The register file at *path*, parsed once for each version of the file.

        The parsed file is kept on the domain object, not in its data: it is
        derived from the file alone, and is not pickled with the environment.
        """
        key = data.file_key(path)
        cached: tuple[tuple[str, int, int], data.Register] | None = getattr(self, "_register_file", None)
        if cached is None or cached[0] != key:
            cached = (key, data.load(path))
            self._register_file = cached
        return cached[1]

    @property
    def mentions(self) -> list[MentionRecord]:
        """Every mention, in the order recorded."""
        return self.data["mentions"]

    @property
    def readings(self) -> list[ReadingRecord]:
        """Every chronology reading found in a document."""
        return self.data["readings"]

    @property
    def listings(self) -> list[ListingRecord]:
        """Every ``register`` and ``chronology`` directive."""
        return self.data["listings"]

    def add_mention(self, record: MentionRecord) -> None:
        """Record a mention."""
        self.mentions.append(record)

    def add_reading(self, record: ReadingRecord) -> None:
        """Record where a chronology reading stands."""
        self.readings.append(record)

    def add_role(self, record: RoleRecord) -> None:
        """Record a ``{mention}`` role, for the check of its entity id."""
        self.data["roles"].append(record)

    def add_slow(self, record: SlowRecord) -> None:
        """Record a pattern that ran out of time, so that it is not also called unmatched."""
        self.data["slow"].append(record)

    def add_listing(self, record: ListingRecord) -> None:
        """Record a ``register`` or ``chronology`` directive."""
        self.listings.append(record)

    def register_page(self, kind: str) -> str | None:
        """The first page (by name) whose register lists entities of *kind*."""
        pages = sorted(
            r.docname for r in self.listings if r.what == "register" and (not r.kinds or kind in r.kinds)
        )
        return pages[0] if pages else None

    def mentions_of(self) -> dict[str, list[MentionRecord]]:
        """The mentions of each entity id, in document order and then in order within the document."""
        result: dict[str, list[MentionRecord]] = {}
        for record in sorted(self.mentions, key=lambda r: (r.docname, r.serial)):
            result.setdefault(record.entity, []).append(record)
        return result

    def reading_anchor(self, entry: str, reading: int) -> ReadingRecord | None:
        """Where reading number *reading* of chronology entry *entry* was found, if it was."""
        return next((r for r in self.readings if r.entry == entry and r.reading == reading), None)

    def records_of(self, kind: str, docname: str) -> list[Any]:
        """The records of *kind* that *docname* holds, in the order recorded."""
        return [record for record in self.data[kind] if record.docname == docname]

    def clear_doc(self, docname: str) -> None:
        """Forget the records of *docname*, keeping those the listings show under ``purged``.

        The records kept are compared with those of the new reading, so that the
        listings are rewritten only when what they show has changed.
        """
        purged = self.data["purged"].setdefault(docname, {})
        for key in RECORD_KINDS:
            kept = [record for record in self.data[key] if record.docname != docname]
            if key in SHOWN_KINDS and len(kept) != len(self.data[key]):
                purged.setdefault(key, []).extend(self.records_of(key, docname))
            self.data[key] = kept

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the records of *docnames* from a parallel reader's data."""
        for key in RECORD_KINDS:
            self.data[key].extend(record for record in otherdata[key] if record.docname in docnames)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        """Resolve the register's own links (``anchor``: ``docname#id``) for each builder."""
        if typ != "anchor":
            return None
        return resolve_anchor(builder, fromdocname, target, node, contnode)
