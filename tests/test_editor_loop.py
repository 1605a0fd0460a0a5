"""The editor's-loop benchmark (benchmarks/editor_loop.py): its edits, its tables and the page it writes.

The benchmark takes a quarter of an hour and more, so the suite does not run it;
it checks what would make its figures wrong without a failure: an edit that
changes a different word in the edition and in a twin (or none), and a
generated section that swallows the text around it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import editor_loop


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, editor_loop.Project]:
    """The edition's copy and its two twins, as the benchmark makes them (not built)."""
    return editor_loop.make_projects(tmp_path_factory.mktemp("loop"))


@pytest.mark.parametrize("edit", [editor_loop.PASSAGE_EDIT, editor_loop.ARTICLE_EDIT])
def test_each_edit_changes_one_word_in_every_project_and_back(
    projects: dict[str, editor_loop.Project], edit: editor_loop.Edit
) -> None:
    for project in projects.values():
        page = project.source / edit.page
        before = page.read_text(encoding="utf-8")
        edit.toggle(project.source)
        after = page.read_text(encoding="utf-8")
        assert len(after) == len(before) + len(edit.other) - len(edit.word)
        assert sum(a != b for a, b in zip(before.split(), after.split(), strict=True)) == 1
        edit.toggle(project.source)
        assert page.read_text(encoding="utf-8") == before


def test_an_edit_whose_word_is_missing_stops_the_benchmark(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text("no such words here\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="neither"):
        editor_loop.Edit("page.md", "vigorously", "strenuously").toggle(tmp_path)


def test_the_generated_section_is_replaced_and_nothing_else(tmp_path: Path) -> None:
    page = tmp_path / "performance.md"
    page.write_text(
        f"# Before\n\n{editor_loop.BEGIN}\n\nold figures\n\n{editor_loop.END}\n\n## After\n", encoding="utf-8"
    )
    editor_loop.write_section(page, "new figures")
    editor_loop.write_section(page, "newer figures")
    assert page.read_text(encoding="utf-8") == (
        f"# Before\n\n{editor_loop.BEGIN}\n\nnewer figures\n\n{editor_loop.END}\n\n## After\n"
    )


def test_the_performance_page_has_one_generated_section() -> None:
    text = editor_loop.PERFORMANCE.read_text(encoding="utf-8")
    assert text.count(editor_loop.BEGIN) == text.count(editor_loop.END) == 1


def test_the_report_gives_medians_minimums_ratios_and_targets(tmp_path: Path) -> None:
    projects = {name: editor_loop.Project(tmp_path, tmp_path, tmp_path) for name in editor_loop.PROJECTS}
    for name, factor in zip(editor_loop.PROJECTS, (1.2, 1.0, 1.1), strict=True):
        for kind in ("full", "passage", "article"):
            for wall in (2.0, 1.0, 3.0):
                projects[name].record(kind, wall * factor, wall * factor)
            projects[name].instructions[kind] = int(10e9 * factor)
        projects[name].record("autobuild", 1.5 * factor)
    text = editor_loop.report(projects, 3, "python benchmarks/editor_loop.py --runs 3", "0.10")
    assert "smoke run of 3 repetitions" in text
    assert "| fresh build | 2.40 (1.20) | 2.00 (1.00) | 2.20 (1.10) | 1.20 | 1.09 | 1.20 |" in text
    assert "| fresh build | 12.00 | 10.00 | 11.00 | 1.20 | 1.09 |" in text
    assert "fresh build, instructions, to the plain twin: 1.20 (target ≤ 1.4): met" in text
    assert "sphinx-autobuild, article saved → reload sent, median seconds: 1.80 (target ≤ 2): met" in text
    assert "build-wide steps cost" not in text  # not counted in this run

    # each step's cost is the edition's count less the count without it, and its share of the excess
    projects["edition"].without["tei"] = {"full": int(11.5e9), "article": int(11.9e9)}
    text = editor_loop.report(projects, 3, "python benchmarks/editor_loop.py --runs 3", "0.10")
    assert "| TEI written (build-finished) | 0.50 | 25% | 0.10 | 5% |" in text

    # the start-up row is the edition's start-up less the twin's; the rest is what no row accounts for
    projects["edition"].start_up.update(full=int(1.3e9), article=int(1.6e9))
    projects["plain twin"].start_up.update(full=int(1.0e9), article=int(1.0e9))
    text = editor_loop.report(projects, 3, "python benchmarks/editor_loop.py --runs 3", "0.10")
    assert f"| {editor_loop.START_UP_ROW} | 0.30 | 15% | 0.60 | 30% |" in text
    assert f"| {editor_loop.REST_ROW} | 1.20 | 60% | 1.30 | 65% |" in text


@pytest.mark.edition
def test_a_step_switched_off_is_left_out_of_the_build(projects: dict[str, editor_loop.Project]) -> None:
    """The build the step counts are made of runs without that step's output, and with everything else."""
    edition = projects["edition"]
    command = editor_loop.build_time.html_build(edition.source, edition.out, steps_off="tei,annotations")
    subprocess.run(command, check=True, capture_output=True)
    written = {path.name for path in edition.out.iterdir()}
    assert "speech.html" in written
    assert not {"secret-speech-edition.xml", "annotations.jsonld"} & written
    subprocess.run(
        editor_loop.build_time.html_build(edition.source, edition.out), check=True, capture_output=True
    )
    assert {"secret-speech-edition.xml", "annotations.jsonld"} <= {
        path.name for path in edition.out.iterdir()
    }


@pytest.mark.edition
def test_the_start_up_alone_reads_and_writes_nothing(projects: dict[str, editor_loop.Project]) -> None:
    """The start-up count is of a build that stops before reading: no page, no doctree is written."""
    edition = projects["edition"]
    out = edition.out.parent / "start-up"
    command = editor_loop.build_time.html_build(edition.source, out, steps_off=editor_loop.START_UP)
    subprocess.run(command, check=True, capture_output=True)
    assert not list(out.rglob("*.html"))
    assert not list(out.rglob("*.doctree"))
