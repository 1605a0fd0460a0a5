"""A build after a failed one fails too: the warnings of unchanged documents are said again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Warned, warnings_in, warnings_of

ROOTS = Path(__file__).resolve().parent / "roots"
REPO = ROOTS.parent.parent

#: Faults put into a copy of test-parallel: one found while reading, one by the checks of the
#: whole project, one while writing the page.
FAULTS = {
    "article-3.md": ("<quotes: delta>", "<praises: delta>"),  # apparatus.unknown_relation
    "article-5.md": ("<quotes: zeta>", "<quotes: nowhere>"),  # apparatus.unknown_passage (checked)
    "article-7.md": ("ends here.\n", "ends here, as {passage}`missing-one` says.\n"),  # at writing
}


def project(tmp_path: Path, root: str) -> Path:
    """A copy of a test root that loads the extension."""
    srcdir = tmp_path / root
    shutil.copytree(ROOTS / f"test-{root}", srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'extensions.append("persistent_warnings")\n')
    return srcdir


def edit(path: Path, old: str, new: str) -> None:
    source = path.read_text(encoding="utf-8")
    assert old in source, (path, old)
    path.write_text(source.replace(old, new, 1), encoding="utf-8")


def build(make_app, srcdir: Path, **kwargs) -> tuple[int, list[Warned], str]:
    """Build *srcdir* with -W; the status code, the warnings (sorted) and the status output."""
    app = make_app("html", srcdir=srcdir, warningiserror=True, **kwargs)
    merged: list[str] = []
    app.connect("env-merge-info", lambda app, env, docnames, other: merged.extend(docnames))
    app.build()
    app.cleanup()
    status = app.status.getvalue() + f"\nmerged: {sorted(merged)}\n"
    return app.statuscode, sorted(warnings_of(app), key=str), status


@pytest.mark.parametrize("parallel", [0, 2])
def test_a_fault_fails_every_build_until_it_is_fixed(make_app, tmp_path, parallel):
    srcdir = project(tmp_path, "parallel")
    for name, (old, new) in FAULTS.items():
        edit(srcdir / name, old, new)

    code, first, status = build(make_app, srcdir, freshenv=True, parallel=parallel)
    assert code == 1
    if parallel:  # the documents really were read by parallel workers and merged back
        assert "'article-3'" in status and "'speech'" in status
    assert {(w.file, w.line, w.tag) for w in first} == {
        ("article-3.md", 8, "apparatus.unknown_relation"),
        ("article-5.md", 8, "apparatus.unknown_passage"),
        ("article-7.md", 8, "apparatus.unknown_passage"),
    }

    warned_pages = srcdir / "_build" / "doctrees" / "warned-pages.json"
    assert warned_pages.read_text(encoding="utf-8") == '{\n "html": [\n  "article-7"\n ]\n}\n'

    # nothing changed: nothing is read, and the same warnings fail the build again
    code, second, status = build(make_app, srcdir, parallel=parallel)
    assert "0 added, 0 changed, 0 removed" in status
    assert second == first
    assert code == 1

    # the read fault fixed: its warning is gone, the others stay
    edit(srcdir / "article-3.md", "<praises: delta>", "<quotes: delta>")
    code, third, status = build(make_app, srcdir, parallel=parallel)
    assert "1 changed" in status
    assert third == [w for w in first if w.subtype != "unknown_relation"]
    assert code == 1

    for name, (old, new) in FAULTS.items():
        if name != "article-3.md":
            edit(srcdir / name, new, old)
    code, fourth, _status = build(make_app, srcdir, parallel=parallel)
    assert (code, fourth) == (0, [])
    code, fifth, _status = build(make_app, srcdir, parallel=parallel)
    assert (code, fifth) == (0, [])
    assert not warned_pages.exists()


def test_the_whole_project_is_checked_when_nothing_changed(make_app, tmp_path):
    """No page to write again and nothing read: Sphinx would skip its checks; they run all the same."""
    srcdir = project(tmp_path, "parallel")
    edit(srcdir / "article-5.md", *FAULTS["article-5.md"])
    code, first, _status = build(make_app, srcdir, freshenv=True)
    assert code == 1
    assert len(first) == 1
    assert not (srcdir / "_build" / "doctrees" / "warned-pages.json").exists()
    code, second, status = build(make_app, srcdir)
    assert "no targets are out of date" in status
    assert (code, second) == (1, first)


def test_a_fault_put_into_a_sound_bibliography_is_found(make_app, tmp_path):
    """Sound .bib files are not checked again until they change: a later fault is found all the same."""
    srcdir = project(tmp_path, "parallel")
    code, first, _status = build(make_app, srcdir, freshenv=True)
    assert (code, first) == (0, [])
    code, second, _status = build(make_app, srcdir)
    assert (code, second) == (0, [])
    bib = srcdir / "refs.bib"
    edit(bib, "  journal = {Test Review},\n", "")  # an article without its journal
    os.utime(bib, ns=(bib.stat().st_atime_ns, bib.stat().st_mtime_ns + 10**9))  # a later time, surely
    for _ in range(2):  # found, and found again by the next build
        code, third, _status = build(make_app, srcdir)
        assert code == 1
        assert [(w.file, w.line, w.tag) for w in third] == [("refs.bib", 7, "apparatus.bad_bibliography")]
        assert "no field 'journal'" in third[0].message


def test_every_kind_of_warning_of_a_root_comes_back(make_app, tmp_path):
    """test-warnings: warnings while reading, checking and writing, each with its file and line."""
    srcdir = project(tmp_path, "warnings")
    code, first, _status = build(make_app, srcdir, freshenv=True)
    assert code == 1
    assert len(first) == 19
    code, second, status = build(make_app, srcdir)
    assert "0 added, 0 changed, 0 removed" in status
    assert (code, second) == (1, first)


def test_warnings_outside_documents_come_back(make_app, tmp_path):
    """The register file's problems are told when documents are read; a build that reads none retells them."""
    srcdir = project(tmp_path, "register-warnings")
    code, first, _status = build(make_app, srcdir, freshenv=True)
    assert code == 1
    assert any(w.file == "register.toml" and w.tag == "register.bad_entry" for w in first)
    code, second, status = build(make_app, srcdir)
    assert "0 added, 0 changed, 0 removed" in status
    assert (code, second) == (1, first)


def test_suppressed_warnings_stay_suppressed(make_app, tmp_path):
    srcdir = project(tmp_path, "register-warnings")
    silenced = {"suppress_warnings": ["register.bad_entry", "register.unknown_entity"]}
    code, first, _status = build(make_app, srcdir, freshenv=True, confoverrides=silenced)
    assert code == 1
    assert first
    assert not [w for w in first if w.subtype in {"bad_entry", "unknown_entity"}]
    code, second, _status = build(make_app, srcdir, confoverrides=silenced)
    assert (code, second) == (1, first)


def edition_copy(tmp_path: Path) -> Path:
    """The real edition with what its conf.py reads beside it (pyproject, extensions, bibliography)."""
    for name in ("edition", "extensions"):
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "references.bib"):
        shutil.copy(REPO / name, tmp_path / name)
    return tmp_path / "edition"


@pytest.mark.edition
def test_the_edition_fails_again_on_the_command_line(tmp_path):
    """As ``nox -s html`` builds it: -W --keep-going -n -j auto, one doctree folder for every run."""
    srcdir = edition_copy(tmp_path)
    introduction = srcdir / "introduction.md"
    right, wrong = "{passage}`lenin-testament` to", "{passage}`lenin-testaments` to"
    edit(introduction, right, wrong)

    def sphinx_build() -> tuple[int, list[Warned]]:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "--no-color", "-W", "--keep-going", "-n", "-j", "auto",
             "-b", "html", "-d", str(tmp_path / "doctrees"), str(srcdir), str(tmp_path / "html")],
            capture_output=True, text=True, check=False, cwd=tmp_path,
        )  # fmt: skip
        assert "Traceback" not in result.stderr
        said = "\n".join(line for line in result.stderr.splitlines() if "WARNING" in line)
        return result.returncode, warnings_in(said, srcdir)

    first = sphinx_build()
    code, (warning,) = first
    assert code == 1
    assert (warning.file, warning.tag) == ("introduction.md", "apparatus.unknown_passage")
    assert warning.line
    assert warning.message == "unknown passage id 'lenin-testaments'"
    assert sphinx_build() == first
    edit(introduction, wrong, right)
    assert sphinx_build() == (0, [])
