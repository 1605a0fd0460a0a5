"""Warnings that outlive their build: a fault left in the source fails every build, not only the first.

Sphinx warns while it reads a document, while it checks the whole project, and
while it resolves and writes a page; a later build reads, checks and writes only
what changed. Without this extension a second ``-W`` build after a failed one
says "build succeeded" with the fault still in the source. With it:

- a warning logged while a document is read is stored with that document (in
  this extension's domain, so parallel readers merge it back) and said again in
  every build that does not read the document again; reading it again drops the
  old warnings, so a fixed fault is forgotten;
- a warning logged while reading but outside any document (a handler of
  ``env-before-read-docs``, say, that only checks a file when documents are read)
  is stored for the whole project and said again by a build that reads nothing,
  unless that build already said it;
- the checks of the whole project (``env-check-consistency``) run in every build,
  also one in which Sphinx would skip them because nothing changed;
- a page whose writing warned is named, per builder, in ``warned-pages.json`` in
  the doctree folder, and written again by that builder's next build, so its
  warnings are found again.

Warnings are stored whether or not ``suppress_warnings`` silences them, and said
again through Sphinx's logging, where ``suppress_warnings`` applies as to any
warning.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from docutils import nodes
from sphinx.domains import Domain
from sphinx.util import logging as sphinx_logging
from sphinx.util.build_phase import BuildPhase

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

__version__ = "0.1.0"

logger = sphinx_logging.getLogger(__name__)

#: Set on every log record the recorder has seen, and on the warnings it says again: Sphinx
#: handles one record twice (when a pending block is flushed, or a parallel worker sends it back).
SEEN = "persistent_warnings_seen"
#: The file in the doctree folder that names, per builder, the pages whose writing warned.
WARNED_PAGES = "warned-pages.json"

#: A location as Sphinx's logging takes it, once a node has been turned into ``path:line``.
Location = str | tuple[str | None, int | None] | None


class LoggedWarning(NamedTuple):
    """One warning as it was logged, with the document whose reading gave it ("" for none)."""

    docname: str
    levelno: int
    message: str
    location: Location
    type: str | None
    subtype: str | None
    once: bool

    @classmethod
    def from_record(cls, record: logging.LogRecord, docname: str) -> LoggedWarning:
        """The warning of *record*, its message formatted and a node location made ``path:line``."""
        location = getattr(record, "location", None)
        if isinstance(location, nodes.Node):
            location = sphinx_logging.get_node_location(location)
        # the base class's message: Sphinx's record classes would prefix the location
        message = logging.LogRecord.getMessage(record)
        return cls(
            docname,
            record.levelno,
            message,
            location,
            getattr(record, "type", None),
            getattr(record, "subtype", None),
            bool(getattr(record, "once", False)),
        )

    @property
    def said(self) -> tuple[int, str, Location, str | None, str | None]:
        """What a reader sees of the warning: two warnings alike in this are one."""
        return self.levelno, self.message, self.location, self.type, self.subtype

    def emit(self) -> None:
        """Log the warning again, as it was logged (``suppress_warnings`` then applies as usual)."""
        logger.log(
            self.levelno,
            self.message,
            location=self.location,
            type=self.type,
            subtype=self.subtype,
            once=self.once,
            extra={SEEN: True},
        )


class WarningsDomain(Domain):
    """The warnings found while reading: per document, and outside any document."""

    name = "persistent_warnings"
    label = "Warnings of earlier builds"
    initial_data: ClassVar[dict[str, Any]] = {"documents": {}, "outside": []}
    data_version = 1

    @property
    def documents(self) -> dict[str, list[LoggedWarning]]:
        """The warnings of each document, as its last reading gave them."""
        return self.data["documents"]

    @property
    def outside(self) -> list[LoggedWarning]:
        """The warnings given outside any document by the last build that read documents."""
        return self.data["outside"]

    def record(self, warning: LoggedWarning) -> None:
        """Store a warning found while reading its document."""
        self.documents.setdefault(warning.docname, []).append(warning)

    def clear_doc(self, docname: str) -> None:
        """Forget a document's warnings: it is read again or was removed."""
        self.documents.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the warnings of the documents a parallel reader read."""
        for docname in docnames:
            if docname in otherdata["documents"]:
                self.documents[docname] = otherdata["documents"][docname]
        # a reader's warnings outside documents come back as log records, recorded by the main process


def get_domain(env: BuildEnvironment) -> WarningsDomain:
    """The extension's domain in *env*."""
    return env.get_domain(WarningsDomain.name)  # type: ignore[return-value]


class WarningRecorder(logging.Handler):
    """A logging handler that stores each warning where a later build will find it.

    A handler sees every record, including the ones Sphinx holds back while reading
    (its pending blocks only take its own warning stream away) and, once attached
    there, the ones of a parallel reader.
    """

    def __init__(self, app: Sphinx) -> None:
        """A recorder for *app*, which takes warnings and errors only."""
        super().__init__(logging.WARNING)
        self.app = app
        self.start_build()
        self.warned_before: dict[str, list[str]] = {}

    def start_build(self) -> None:
        """Forget what the previous build of this application said and did."""
        self.to_read: set[str] = set()
        self.said: set[tuple[int, str, Location, str | None, str | None]] = set()
        self.outside: list[LoggedWarning] = []
        self.checked = False
        self.writing = False
        self.warned_pages: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        """Store *record*'s warning with the document read, or note the page written."""
        if getattr(record, SEEN, False):
            return
        setattr(record, SEEN, True)
        env = self.app.env
        docname = env.current_document.docname or ""
        warning = LoggedWarning.from_record(record, docname)
        self.said.add(warning.said)
        if self.writing:
            page = docname or self.page_of(warning.location)
            if page:
                self.warned_pages.add(page)
        elif self.app.builder.phase == BuildPhase.READING:
            if docname:
                get_domain(env).record(warning)
            else:
                self.outside.append(warning)

    def page_of(self, location: Location) -> str | None:
        """The document a location lies in, if it lies in one."""
        env = self.app.env
        if isinstance(location, tuple):
            return location[0] if location[0] in env.found_docs else None
        if not location:
            return None
        path = location.rsplit(":", 1)[0] if ":" in location else location
        if path in env.found_docs:
            return path
        try:
            return env.path2doc(path)
        except ValueError:
            return None

    # Events, in the order of a build ------------------------------------------------

    def listen(self) -> None:
        """Be one of the handlers of Sphinx's logging."""
        sphinx_root = logging.getLogger(sphinx_logging.NAMESPACE)
        if self not in sphinx_root.handlers:
            sphinx_root.addHandler(self)

    def attach(self, app: Sphinx) -> None:
        """Listen to Sphinx's logging, and read which pages warned when last written."""
        self.listen()
        try:
            self.warned_before = json.loads(self.warned_pages_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.warned_before = {}

    def attach_in_reader(self, app: Sphinx, docname: str, source: list[str]) -> None:
        """Listen again in a parallel reader, which starts with no handlers of Sphinx's logging."""
        self.listen()

    def begin(self, app: Sphinx, env: BuildEnvironment, *args: Any) -> set[str]:
        """Start a build's record afresh (adding no document to read)."""
        self.start_build()
        return set()

    def note_to_read(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """Remember which documents this build reads (after the other extensions chose)."""
        self.to_read = set(docnames)

    def say_again(self, app: Sphinx, env: BuildEnvironment) -> None:
        """Say again the warnings of the documents not read this time, and of a build that read none.

        Said here, in the reading phase, Sphinx counts them with the others, so ``-W`` fails.
        """
        domain = get_domain(env)
        for docname in sorted(domain.documents.keys() - self.to_read):
            for warning in domain.documents[docname]:
                warning.emit()
        if self.to_read:
            domain.data["outside"] = self.outside
            return
        for warning in domain.outside:
            if warning.said not in self.said:
                warning.emit()

    def pages_warned_before(self, app: Sphinx, env: BuildEnvironment) -> set[str]:
        """The pages whose writing warned in this builder's last build: written again."""
        return set(self.warned_before.get(app.builder.name, ())) & env.found_docs

    def note_checked(self, app: Sphinx, env: BuildEnvironment) -> None:
        """Remember that Sphinx checked the whole project in this build."""
        self.checked = True

    def check_and_write(self, app: Sphinx, builder: Builder) -> None:
        """Check the whole project if Sphinx did not (nothing changed); from now on, note pages that warn."""
        if not self.checked:
            phase = builder.phase
            builder.phase = BuildPhase.CONSISTENCY_CHECK
            try:
                app.env.check_consistency()
            finally:
                builder.phase = phase
        self.writing = True

    def save(self, app: Sphinx, exception: Exception | None) -> None:
        """Name the pages whose writing warned, for this builder's next build."""
        if exception is not None:
            return  # Sphinx discards the environment: the next build reads and writes everything
        warned = {name: pages for name, pages in self.warned_before.items() if name != app.builder.name}
        if self.warned_pages:
            warned[app.builder.name] = sorted(self.warned_pages)
        path = self.warned_pages_file
        if warned:
            path.write_text(json.dumps(warned, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        else:
            path.unlink(missing_ok=True)
        self.warned_before = warned

    @property
    def warned_pages_file(self) -> Path:
        """Where the pages whose writing warned are named."""
        return Path(self.app.doctreedir) / WARNED_PAGES


def setup(app: Sphinx) -> dict[str, Any]:
    """Record the warnings of every build, and say them again in the builds that would skip them."""
    app.add_domain(WarningsDomain)
    recorder = WarningRecorder(app)
    app.connect("builder-inited", recorder.attach)
    app.connect("env-get-outdated", recorder.begin, priority=1)
    app.connect("env-before-read-docs", recorder.note_to_read, priority=900)
    app.connect("source-read", recorder.attach_in_reader, priority=1)
    app.connect("env-updated", recorder.say_again, priority=900)
    app.connect("env-get-updated", recorder.pages_warned_before)
    app.connect("env-check-consistency", recorder.note_checked, priority=1)
    app.connect("write-started", recorder.check_and_write, priority=1)
    app.connect("build-finished", recorder.save)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
