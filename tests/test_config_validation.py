"""Every configuration and data file is checked against its schema: one located message per fault.

pyproject.toml (read by edition/conf.py and tools/citation_cff.py): the build goes on
without the edition's metadata and gives one located warning per fault
(citable.bad_metadata), naming the file, the line and the key; citation_cff.py refuses
to write. A fault in a data
file of an extension (register.toml, witnesses.toml, the passage registry) is a
located warning with its subtype, and the other pages are still written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .conftest import typed_warnings

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
PYPROJECT = (REPO / "pyproject.toml").read_text(encoding="utf-8")


def line_of(text: str, start: str) -> int:
    """The number of the first line of *text* that starts with *start*."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if line.startswith(start))


def warnings_of(app: SphinxTestApp) -> list[tuple[str, int, str, str]]:
    """Each warning as (file relative to the source folder, line, type.subtype, message)."""
    return typed_warnings(app)


def no_traceback(app: SphinxTestApp) -> None:
    output = app.status.getvalue() + app.warning.getvalue()
    assert "Traceback" not in output
    assert "Exception occurred" not in output


# pyproject.toml, as edition/conf.py reads it -------------------------------------------------------


def conf_with(tmp_path: Path, pyproject: str) -> Path:
    """A copy of edition/conf.py beside *pyproject* and the extensions, as in the repository."""
    (tmp_path / "edition").mkdir()
    shutil.copy(REPO / "edition" / "conf.py", tmp_path / "edition" / "conf.py")
    (tmp_path / "extensions").symlink_to(REPO / "extensions")
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return tmp_path / "edition"


EDITORS = 'editors = ["The Secret Speech Edition Project"]'
RELEASE = 'release-date = "2026-11-24"'
TITLE = 'title = "Khrushchev’s “Secret Speech”: A Digital Critical Edition"\n'

PYPROJECT_FAULTS = [
    pytest.param(
        (EDITORS, 'editors = "Jane Smith"'),
        f"pyproject.toml:{line_of(PYPROJECT, 'editors =')}: tool.edition.editors: "
        "input should be a valid list, not 'Jane Smith'",
        id="editors-as-a-string",
    ),
    pytest.param(
        (RELEASE, 'release-date = "24 November 2026"'),
        f"pyproject.toml:{line_of(PYPROJECT, 'release-date =')}: tool.edition.release-date: "
        "'24 November 2026' is not a date written YYYY-MM-DD",
        id="release-date-in-another-format",
    ),
    pytest.param(
        (TITLE, ""),
        f"pyproject.toml:{line_of(PYPROJECT, '[tool.edition]')}: tool.edition.title: required key is missing",
        id="title-missing",
    ),
    pytest.param(
        (RELEASE, RELEASE + '\nreleased = "2026"'),
        f"pyproject.toml:{line_of(PYPROJECT, 'release-date =') + 1}: tool.edition.released: unknown key",
        id="unknown-key",
    ),
]


@pytest.mark.parametrize(("edit", "message"), PYPROJECT_FAULTS)
def test_pyproject_fault_is_one_located_warning(tmp_path: Path, edit: tuple[str, str], message: str):
    """The build goes on without the metadata, says the fault at its line, and fails under -W."""
    assert edit[0] in PYPROJECT
    srcdir = conf_with(tmp_path, PYPROJECT.replace(edit[0], edit[1], 1))
    (srcdir / "index.md").write_text("# A page\n\nSome text.\n", encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html"]
    result = subprocess.run(
        [*command, str(srcdir), str(tmp_path / "o")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Configuration error" not in result.stderr
    faults = [line for line in result.stderr.splitlines() if line.endswith("[citable.bad_metadata]")]
    assert faults == [f"{tmp_path}/{message.replace(': ', ': WARNING: ', 1)} [citable.bad_metadata]"]
    assert (tmp_path / "o" / "index.html").exists()


def test_citation_cff_refuses_editors_as_a_string(tmp_path: Path):
    source = tmp_path / "pyproject.toml"
    source.write_text(PYPROJECT.replace(EDITORS, 'editors = "Jane Smith"'), encoding="utf-8")
    before = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "tools/citation_cff.py", "--pyproject", str(source)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "CITATION.cff not written, pyproject.toml needs mending:\n"
        f"pyproject.toml:{line_of(PYPROJECT, 'editors =')}: tool.edition.editors: "
        "input should be a valid list, not 'Jane Smith'\n"
    )
    assert "Traceback" not in result.stderr
    assert (REPO / "CITATION.cff").read_text(encoding="utf-8") == before


# The extensions' data files ------------------------------------------------------------------------


def copy_root(tmp_path: Path, root: str) -> Path:
    srcdir = tmp_path / root
    shutil.copytree(ROOTS / root, srcdir)
    return srcdir


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def all_pages_written(app: SphinxTestApp) -> None:
    for source in Path(app.srcdir).glob("*.md"):
        assert (app.outdir / f"{source.stem}.html").exists(), source.name


LENIN = "names = [\"Vladimir Ilyich\"]\npatterns = ['(?<!Order of )\\bLenin\\b']\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            'names = ["Stalin"]',
            'names = "Stalin"',
            ('names = "Stalin"', "entity[1].names: input should be a valid list, not 'Stalin'"),
            id="wrong-type",
        ),
        pytest.param(
            'names = ["Stalin"]',
            'names = ["Stalin"]\nnmaes = ["Koba"]',
            ("nmaes =", "entity[1].nmaes: unknown key"),
            id="unknown-key",
        ),
    ],
)
def test_register_fault_is_a_located_warning(make_app, tmp_path, old, new, expected):
    srcdir = copy_root(tmp_path, "test-register")
    edit(srcdir / "register.toml", old, new)
    app = make_app(
        "html", srcdir=srcdir, freshenv=True, confoverrides={"suppress_warnings": ["register.unknown_entity"]}
    )
    app.build()
    no_traceback(app)
    start, message = expected
    line = line_of((srcdir / "register.toml").read_text(encoding="utf-8"), start)
    assert ("register.toml", line, "register.bad_entry", message) in warnings_of(app)
    assert [w for w in warnings_of(app) if w[2] == "register.bad_entry"] == [
        ("register.toml", line, "register.bad_entry", message)
    ]
    all_pages_written(app)


CATASTROPHIC = r"(\w+\s?)+Q"


def test_nested_repetition_ends_in_bounded_time(tmp_path):
    # with Python's re this pattern searched each paragraph for ever; the build runs in a
    # process of its own so that a hang fails the test instead of stopping the suite
    srcdir = copy_root(tmp_path, "test-register")
    edit(srcdir / "register.toml", LENIN, LENIN.replace("\\bLenin\\b'", f"\\bLenin\\b', '{CATASTROPHIC}'"))
    line = line_of((srcdir / "register.toml").read_text(encoding="utf-8"), "patterns = ['(?<!Order")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(srcdir), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO / "extensions")},
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert result.stderr.replace(str(srcdir) + "/", "").splitlines() == [
        f"register.toml:{line}: WARNING: lenin: name form {CATASTROPHIC!r} matches nothing in the "
        "documents [register.unmatched_pattern]"
    ]


SLOW = "(a|aa)+b"


def test_slow_pattern_is_refused_when_loaded(make_app, tmp_path):
    from register.data import PROBE_TIMEOUT

    srcdir = copy_root(tmp_path, "test-register")
    edit(srcdir / "register.toml", LENIN, LENIN.replace("\\bLenin\\b'", f"\\bLenin\\b', '{SLOW}'"))
    line = line_of((srcdir / "register.toml").read_text(encoding="utf-8"), "patterns = ['(?<!Order")
    started = time.monotonic()
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert time.monotonic() - started < 10
    no_traceback(app)
    assert warnings_of(app) == [
        (
            "register.toml",
            line,
            "register.slow_pattern",
            f"entity[2].patterns: pattern {SLOW!r} takes longer than {PROBE_TIMEOUT} s on a sample "
            "of prose (nested repetition backtracks without end); it is left out",
        )
    ]
    # the entity keeps its other forms
    assert "reg-lenin-1" in (app.outdir / "speech.html").read_text(encoding="utf-8")
    all_pages_written(app)


def test_pattern_that_runs_away_on_a_page_is_stopped(make_app, tmp_path):
    # harmless on the sample prose, exponential on a run of x's that only the page has
    from register.data import compile_pattern

    runaway = "(x|xx)+y"
    assert compile_pattern(runaway)[0] is not None
    srcdir = copy_root(tmp_path, "test-register")
    edit(srcdir / "register.toml", LENIN, LENIN.replace("\\bLenin\\b'", f"\\bLenin\\b', '{runaway}'"))
    line = line_of((srcdir / "register.toml").read_text(encoding="utf-8"), "patterns = ['(?<!Order")
    (srcdir / "article.md").write_text(
        (srcdir / "article.md").read_text(encoding="utf-8") + "\nA cry: " + "x" * 40 + ".\n", encoding="utf-8"
    )
    started = time.monotonic()
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert time.monotonic() - started < 15
    no_traceback(app)
    assert warnings_of(app) == [
        (
            "register.toml",
            line,
            "register.slow_pattern",
            f"lenin: pattern {runaway!r} runs longer than 1.0 s on a text of 'article'; "
            "it is left out of this build",
        )
    ]
    all_pages_written(app)


def test_registry_fault_is_a_located_warning(make_app, tmp_path):
    srcdir = copy_root(tmp_path, "test-registry")
    edit(srcdir / "registry.toml", "middle = { number = 2,", 'middle = { number = "two",')
    line = line_of((srcdir / "registry.toml").read_text(encoding="utf-8"), "middle =")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    no_traceback(app)
    # said once, before reading (not again when the registry is compared with the passages)
    assert warnings_of(app) == [
        (
            "registry.toml",
            line,
            "citable.bad_registry",
            "passages.middle.number: input should be a valid integer, not 'two'",
        )
    ]
    all_pages_written(app)
    app.cleanup()
    # a rerun reads no document and still says it
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert warnings_of(again) == warnings_of(app)


WITNESSES = """\
[[witness]]
siglum = "C"

[[witness.omitted]]
reason = "site furniture"
text = "Share this"
occurrence = "2"
"""


def test_witnesses_fault_is_a_located_warning(make_app, tmp_path):
    srcdir = tmp_path / "witnesses"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["myst_parser", "apparatus"]\nbibtex_bibfiles = []\n')
    (srcdir / "index.md").write_text("# Index\n\n```{toctree}\nomissions\n```\n")
    (srcdir / "omissions.md").write_text("# Omissions\n\n```{witness-omissions} witnesses.toml\n```\n")
    (srcdir / "witnesses.toml").write_text(WITNESSES, encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    no_traceback(app)
    assert warnings_of(app) == [
        (
            "witnesses.toml",
            7,
            "apparatus.bad_witnesses",
            "witness[1].omitted[1].occurrence: input should be a valid integer, not '2'",
        )
    ]
    all_pages_written(app)


def witnesses_project(srcdir, page: str) -> None:
    """A project whose witnesses file is named in conf.py, with one page besides the index."""
    srcdir.mkdir()
    conf = [
        'extensions = ["myst_parser", "apparatus"]',
        "bibtex_bibfiles = []",
        'apparatus_witnesses = "witnesses.toml"',
    ]
    (srcdir / "conf.py").write_text("\n".join(conf) + "\n")
    (srcdir / "index.md").write_text("# Index\n\n```{toctree}\npage\n```\n")
    (srcdir / "page.md").write_text(page)
    (srcdir / "witnesses.toml").write_text(WITNESSES, encoding="utf-8")


@pytest.mark.parametrize(
    "page",
    ["# Page\n\nNo table.\n", "# Page\n\n```{witness-omissions}\n```\n"],
    ids=["no-directive", "directive"],
)
def test_witnesses_file_is_checked_before_reading(make_app, tmp_path, page):
    srcdir = tmp_path / "door"
    witnesses_project(srcdir, page)
    fault = (
        "witnesses.toml",
        7,
        "apparatus.bad_witnesses",
        "witness[1].omitted[1].occurrence: input should be a valid integer, not '2'",
    )
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    no_traceback(app)
    assert warnings_of(app) == [fault]  # once, whether or not a page shows the table
    app.cleanup()
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert warnings_of(again) == [fault]


def test_unparsable_witnesses_file_is_said_once(make_app, tmp_path):
    srcdir = tmp_path / "door"
    witnesses_project(srcdir, "# Page\n\n```{witness-omissions}\n```\n")
    (srcdir / "witnesses.toml").write_text("[[witness]\nsiglum = ", encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    no_traceback(app)
    found = warnings_of(app)
    said = [(file, subtype) for file, _, subtype, _ in found]
    assert said == [("witnesses.toml", "apparatus.bad_witnesses")]
    assert found[0][3].startswith("cannot read the witnesses file: not valid TOML")


def test_the_edition_files_follow_their_schemas():
    import schemas
    from register.data import load

    assert schemas.read_pyproject(REPO / "pyproject.toml")["tool"]["edition"]["editors"]
    assert load(REPO / "edition" / "register.toml").problems == []
    for name, model in [
        ("witnesses/witnesses.toml", schemas.WitnessesFile),
        ("passage-registry.toml", schemas.PassageRegistryFile),
    ]:
        data, lines, faults = schemas.read_toml(REPO / "edition" / name, name)
        assert faults == []
        assert schemas.check(model, data, name, lines)[1] == []
