"""Shared fixtures: the test roots, the extensions on the import path, and the built edition."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EDITION = REPO / "edition"
sys.path.insert(0, str(REPO / "extensions"))
# Sphinx colours its messages when CI=true (as .ci/run is run), even into a pipe; the tests
# read the warnings of the builds they start as plain text.
os.environ["NO_COLOR"] = "1"

#: The public address the tests give the edition (a reserved example domain).
BASEURL = "https://edition.example.org/secret-speech/"


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
