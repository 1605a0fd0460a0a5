"""Shared fixtures: the test roots, the extensions on the import path, and the built edition."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

REPO = Path(__file__).resolve().parent.parent
EDITION = REPO / "edition"
sys.path.insert(0, str(REPO / "extensions"))
# Sphinx colours its messages when CI=true (as .ci/run is run), even into a pipe; the tests
# read the warnings of the builds they start as plain text.
os.environ["NO_COLOR"] = "1"

#: The public address the tests give the edition (a reserved example domain).
BASEURL = "https://edition.example.org/secret-speech/"


#: The fixtures that build the real edition or its PDF, with the markers a test using one must carry,
#: so that the quick set, ``-m "not (edition or pdf or browser or slow)"``, never starts such a build.
BUILDING_FIXTURES = {
    "html_dir": ("edition",),
    "epub_file": ("edition",),
    "tei_file": ("edition",),
    "latex_dir": ("edition", "pdf"),
    "pdf_text": ("edition", "pdf"),
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse a test that builds the edition or a PDF through a fixture but is not marked so.

    A marker forgotten would put a minutes-long build into the quick set without a word;
    this makes it an error at collection, before anything is built.
    """
    unmarked = [
        f"{item.nodeid} uses {name} but is not marked {marker}"
        for item in items
        for name, markers in BUILDING_FIXTURES.items()
        if name in getattr(item, "fixturenames", ())
        for marker in markers
        if item.get_closest_marker(marker) is None
    ]
    if unmarked:
        raise pytest.UsageError("tests without the marker of what they build:\n" + "\n".join(unmarked))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds its ``test-*`` projects."""
    return Path(__file__).resolve().parent / "roots"


def sphinx_build(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="session")
def html_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The edition built in HTML with -W -n -j auto, as ``nox -s html`` builds it."""
    out = tmp_path_factory.mktemp("edition") / "html"
    result = sphinx_build(
        "-W",
        "--keep-going",
        "-n",
        "-j",
        "auto",
        "-b",
        "html",
        str(EDITION),
        str(out),
        env={"EDITION_BASEURL": BASEURL},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


@pytest.fixture(scope="session")
def epub_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The edition built as an EPUB with -W -n, as ``nox -s epub`` builds it."""
    out = tmp_path_factory.mktemp("edition-epub")
    result = sphinx_build(
        "-W", "--keep-going", "-n", "-b", "epub", "-d", str(out / "doctrees"), str(EDITION), str(out / "epub")
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out / "epub" / "secret-speech-edition.epub"


@pytest.fixture(scope="session")
def latex_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The text of the edition's PDF (xelatex through latexmk), read with pdftotext."""
    missing = [tool for tool in ("latexmk", "xelatex", "make", "pdftotext") if not shutil.which(tool)]
    if missing:
        pytest.fail(f"TeX tools missing: {missing}; see README for the apt-get line")
    out = tmp_path_factory.mktemp("edition-pdf")
    result = sphinx_build("-M", "latexpdf", str(EDITION), str(out), "-W", "--keep-going", "-n")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    pdf = out / "latex" / "secret-speech-edition.pdf"
    log = (out / "latex" / "secret-speech-edition.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log, "a glyph is missing from the PDF's fonts"
    assert pdf.exists()
    return out / "latex"


@pytest.fixture(scope="session")
def pdf_text(latex_dir: Path) -> str:
    """The text of the edition's PDF, read with pdftotext."""
    pdf = latex_dir / "secret-speech-edition.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return text.stdout


# Reading the warnings a build printed -------------------------------------------------------------

#: Colour codes, should a build print them in spite of NO_COLOR (an old Sphinx, a forced colour).
ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: The first line of a message: ``file:line: WARNING: text``, the line or the whole place left out
#: when Sphinx has none (a warning about the configuration, a file without lines).
FIRST_LINE = re.compile(
    r"^(?:(?P<file>\S.*?):(?:(?P<line>\d+):)? )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): (?P<text>.*)$"
)
#: The ``[type.subtype]`` (or ``[type]``) that Sphinx puts at the end of a typed warning.
TAG = re.compile(r"\s\[(?P<type>[\w-]+)(?:\.(?P<subtype>[\w-]+))?\]$")


@dataclass
class Warned:
    """One warning as a build printed it: where, what, and of which type."""

    file: str | None
    line: int | None
    message: str
    type: str | None = None
    subtype: str | None = None

    @property
    def tag(self) -> str | None:
        """``type.subtype`` as ``suppress_warnings`` names it (or the bare type, or None)."""
        if self.type is None:
            return None
        return f"{self.type}.{self.subtype}" if self.subtype else self.type

    def __str__(self) -> str:
        place = ":".join(str(part) for part in (self.file, self.line) if part is not None)
        return f"{place}: {self.message} [{self.tag}]"


def warnings_in(output: str, srcdir: Path | str | None = None) -> list[Warned]:
    """Every warning of a build's warning stream, its continuation lines joined to it.

    A file under *srcdir* is named relative to it, as the tests write their expectations;
    the type tag is split off the message (it ends the last line of a message that runs
    over several). Text before the first warning is kept as an unlocated one, so that a
    test asserting "no warning" sees it.
    """
    prefix = f"{srcdir}{os.sep}" if srcdir is not None else None
    found: list[Warned] = []
    for raw in output.splitlines():
        line = ANSI.sub("", raw)
        match = FIRST_LINE.match(line)
        if match:
            file = match["file"]
            if file and prefix:
                file = file.removeprefix(prefix)
            found.append(Warned(file, int(match["line"]) if match["line"] else None, match["text"]))
        elif found:
            found[-1].message += "\n" + line
        elif line.strip():
            found.append(Warned(None, None, line))
    for warning in found:
        tag = TAG.search(warning.message)
        if tag:
            warning.message = warning.message[: tag.start()]
            warning.type, warning.subtype = tag["type"], tag["subtype"]
    return found


def warnings_of(app: SphinxTestApp) -> list[Warned]:
    """The warnings of a test application's build (see :func:`warnings_in`)."""
    return warnings_in(app.warning.getvalue(), app.srcdir)


def typed_warnings(app: SphinxTestApp) -> list[tuple[str, int, str, str]]:
    """``(file, line, type.subtype, message)`` of each warning, asserting that each is located and typed."""
    found = []
    for warning in warnings_of(app):
        assert warning.file and warning.line and warning.subtype, (
            f"an unlocated or untyped warning: {warning}"
        )
        found.append((warning.file, warning.line, warning.tag, warning.message))
    return found


def located_warnings(app: SphinxTestApp, kind: str) -> list[tuple[str, int, str]]:
    """``(file, line, subtype)`` of each warning, asserting that each has a file, a line and type *kind*."""
    found = []
    for warning in warnings_of(app):
        assert warning.file and warning.line and warning.type == kind, f"not a located {kind} one: {warning}"
        found.append((warning.file, warning.line, warning.subtype))
    return found
