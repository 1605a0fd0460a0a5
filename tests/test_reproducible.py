"""Build modes: parallel builds equal serial ones, and clean builds are byte-for-byte reproducible.

The edition and a synthetic edition are built as a user builds them, with
``sphinx-build`` in a process of its own, each build fresh into its own folder.
The edition's HTML is compared with the session's build of it (``html_dir``),
so that one more build checks both properties.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BASEURL
from .synthetic import generate

REPO = Path(__file__).resolve().parent.parent
EDITION = REPO / "edition"
#: 14 November 2023, 22:13:20 UTC: any fixed time will do.
EPOCH = "1700000000"


def sphinx_builds(
    *builds: tuple[Path, Path, str, tuple[str, ...]], env: dict[str, str] | None = None
) -> list[Path]:
    """Run the fresh builds ``(source, out, builder, options)`` side by side, in *env*.

    *env* is added to the environment; by default it sets ``SOURCE_DATE_EPOCH``.
    The builds are independent, so they run at once, one process each (the
    machine has two cores); return their output folders.
    """
    env = {**os.environ, **(env if env is not None else {"SOURCE_DATE_EPOCH": EPOCH})}
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


@pytest.mark.edition
def test_edition_html_is_reproducible_and_parallel_equals_serial(html_dir, tmp_path):
    """A fresh serial build gives, byte for byte, every file of the session's parallel build.

    ``html_dir`` is built with ``-j auto`` at another time into another folder, with the
    same options and environment: an equal serial build shows both that the build is
    reproducible (nothing of the time or the folder gets in, even without
    ``SOURCE_DATE_EPOCH``) and that the parallel build loses or reorders nothing.
    """
    (serial,) = sphinx_builds(
        (EDITION, tmp_path / "serial", "html", ("-W", "--keep-going", "-n")),
        env={"EDITION_BASEURL": BASEURL},
    )
    assert differences(html_dir, serial) == []


@pytest.mark.edition
def test_edition_latex_is_reproducible(tmp_path):
    first, second = sphinx_builds(
        (EDITION, tmp_path / "first", "latex", ()), (EDITION, tmp_path / "second", "latex", ())
    )
    assert differences(first, second, "*.tex") == []


# A synthetic edition ----------------------------------------------------------------------------


@pytest.mark.slow  # a synthetic edition of 120 passages, built twice
def test_synthetic_parallel_html_equals_serial(tmp_path):
    edition = generate(tmp_path / "source", 120, 6, passages_per_page=30)
    serial, parallel = sphinx_builds(
        (edition.path, tmp_path / "serial", "html", ("-W", "--keep-going")),
        (edition.path, tmp_path / "parallel", "html", ("-W", "--keep-going", "-j", "4")),
    )
    assert differences(serial, parallel, "*.html") == []
    # the pages hold the whole apparatus: a note for every link, in full where it first stands and
    # a cross-reference elsewhere (notes on one lemma share a footnote)
    pages = [page.read_text(encoding="utf-8") for page in serial.glob("speech-*.html")]
    notes = sum(page.count('class="apparatus-quote"') + page.count('class="apparatus-see"') for page in pages)
    assert notes == edition.links
