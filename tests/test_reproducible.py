"""Build modes: parallel builds equal serial ones, and clean builds are byte-for-byte reproducible.

The edition and a synthetic edition are built as a user builds them, with
``sphinx-build`` in a process of its own, each build fresh into its own folder.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .synthetic import generate

REPO = Path(__file__).resolve().parent.parent
EDITION = REPO / "edition"
#: 14 November 2023, 22:13:20 UTC: any fixed time will do.
EPOCH = "1700000000"


def sphinx_builds(*builds: tuple[Path, Path, str, tuple[str, ...]]) -> list[Path]:
    """Run the fresh builds ``(source, out, builder, options)`` side by side, ``SOURCE_DATE_EPOCH`` set.

    The builds are independent, so they run at once, one process each (the
    machine has two cores); return their output folders.
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "sphinx", "-E", "-q", *options, "-b", builder, str(source), str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=env,
        )
        for source, out, builder, options in builds
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr[-3000:]
        assert "Traceback" not in stderr
    return [out for _, out, _, _ in builds]


def files_of(out: Path, pattern: str = "*") -> dict[str, Path]:
    """The files under *out* matching *pattern*, by relative path (Sphinx's pickles left out)."""
    return {
        str(path.relative_to(out)): path
        for path in sorted(out.rglob(pattern))
        if path.is_file() and ".doctrees" not in path.parts
    }


def differences(first: Path, second: Path, pattern: str = "*") -> list[str]:
    """What differs between two outputs: missing files, and files whose bytes differ."""
    a, b = files_of(first, pattern), files_of(second, pattern)
    assert a, f"no {pattern} in {first}"
    found = [f"only in one build: {name}" for name in sorted(a.keys() ^ b.keys())]
    found += [
        name for name in sorted(a.keys() & b.keys()) if not filecmp.cmp(a[name], b[name], shallow=False)
    ]
    return found


# The edition ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edition_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two clean serial HTML builds of the edition."""
    base = tmp_path_factory.mktemp("edition-html")
    first, second = sphinx_builds(
        (EDITION, base / "first", "html", ()), (EDITION, base / "second", "html", ())
    )
    return first, second


@pytest.mark.edition
def test_edition_html_is_reproducible(edition_html):
    first, second = edition_html
    assert differences(first, second) == []


@pytest.mark.edition
def test_edition_latex_is_reproducible(tmp_path):
    first, second = sphinx_builds(
        (EDITION, tmp_path / "first", "latex", ()), (EDITION, tmp_path / "second", "latex", ())
    )
    assert differences(first, second, "*.tex") == []


@pytest.mark.edition
def test_edition_parallel_html_equals_serial(edition_html, tmp_path):
    serial, _ = edition_html
    (parallel,) = sphinx_builds((EDITION, tmp_path / "parallel", "html", ("-j", "4")))
    assert differences(serial, parallel, "*.html") == []


# A synthetic edition ----------------------------------------------------------------------------


@pytest.mark.slow  # a synthetic edition of 120 passages, built twice
def test_synthetic_parallel_html_equals_serial(tmp_path):
    edition = generate(tmp_path / "source", 120, 6, passages_per_page=30)
    serial, parallel = sphinx_builds(
        (edition.path, tmp_path / "serial", "html", ("-W", "--keep-going")),
        (edition.path, tmp_path / "parallel", "html", ("-W", "--keep-going", "-j", "4")),
    )
    assert differences(serial, parallel, "*.html") == []
    # the pages hold the whole apparatus: a note for every link
    notes = sum(
        page.read_text(encoding="utf-8").count('role="doc-footnote"') for page in serial.glob("speech-*.html")
    )
    assert notes == edition.links
