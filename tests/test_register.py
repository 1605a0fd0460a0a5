"""The register of names and the chronology: a small project, bad input, and the real edition."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from register import config as register_config
from register.data import load, parse_date
from register.messages import SUBTYPES

from .conftest import located_warnings
from .fidelity import EDITORIAL_CLASSES, load_witnesses

REPO = Path(__file__).resolve().parent.parent
EDITION = REPO / "edition"
ROOTS = Path(__file__).resolve().parent / "roots"
REGISTER = tomllib.loads((EDITION / "register.toml").read_text(encoding="utf-8"))
TEXT_PAGES = [w.document for w in load_witnesses(EDITION / "witnesses" / "witnesses.toml")]

#: Names the issue asks for, with the entity each must be a mention of (or of a longer name).
NAMES = {
    "Lenin": "lenin",
    "Stalin": "stalin",
    "Trotsky": "trotsky",
    "Zinoviev": "zinoviev",
    "Kamenev": "kamenev",
    "Beria": "beria",
    "Molotov": "molotov",
    "Gomulka": "gomulka",
    "Nagy": "nagy",
    "Poznan": "poznan",
    "Budapest": "budapest",
    "Khrushchev": "khrushchev",
    "Hungary": "hungary",
    "Poland": "poland",
}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def main(page: BeautifulSoup) -> Tag:
    return page.select_one("article[role=main]") or page.select_one("div.body") or page.body


def mention_of(node: NavigableString) -> Tag | None:
    """The register mention that holds a piece of text, if any."""
    return next((p for p in node.parents if "register-mention" in (p.get("class") or [])), None)


def is_editorial(node: NavigableString) -> bool:
    return any(set(p.get("class") or []) & set(EDITORIAL_CLASSES) for p in node.parents)


def links_of(page_path: Path, root: Path) -> set[str]:
    """Every internal link of a page, as ``path#anchor`` relative to the output folder."""
    found = set()
    base = page_path.relative_to(root).as_posix()
    for link in main(soup(page_path)).select("a[href]"):
        href = link["href"]
        if href.startswith(("http:", "https:")):
            continue
        found.add(urljoin(base, href))
    return found


# The small project --------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="register", freshenv=True)
def test_mentions_are_wrapped_indexed_and_listed(app):
    app.build()
    assert app.warning.getvalue() == ""
    speech = soup(app.outdir / "speech.html")
    article = soup(app.outdir / "article.html")
    mentions = {
        (span["data-entity"], span.get_text())
        for page in (speech, article)
        for span in page.select("span.register-mention")
    }
    assert ("lenin", "Vladimir Ilyich") in mentions
    assert ("moscow-trials", "Moscow trials") in mentions  # the longer name wins
    assert ("stalin", "dictator") in mentions  # the {mention} role
    assert not [s for s in main(article).select("span.register-mention") if s.find_parent(["code", "a"])]
    award = main(article).find(string=re.compile("Order of Lenin"))
    assert award is not None
    assert mention_of(award) is None  # the pattern leaves out "Order of Lenin"
    # the page outside register_documents is not searched
    names = soup(app.outdir / "names.html")
    assert not main(names).find("p").select("span.register-mention")
    # every mention with an id is linked from the register, and every register link has its mention
    linked = links_of(app.outdir / "names.html", app.outdir)
    anchors = {
        f"{page}.html#{span['id']}"
        for page in ("speech", "article")
        for span in soup(app.outdir / f"{page}.html").select("span.register-mention[id]")
    }
    assert anchors
    assert anchors <= linked
    assert {link for link in linked if "#reg-" in link} == anchors
    assert "article.html#stalin-and-the-article" in linked  # the mention in the title
    # one index entry per mention, in the general index
    index = main(soup(app.outdir / "genindex.html")).get_text()
    assert "Stalin, Joseph" in index
    assert "Order of Lenin" not in index


@pytest.mark.sphinx("html", testroot="register", freshenv=True)
def test_register_lists_each_entity_once_with_wikidata(app):
    app.build()
    names = main(soup(app.outdir / "names.html"))
    terms = [dt["id"] for dt in names.select("dt[id^=entity-]")]
    assert sorted(terms) == sorted(
        f"entity-{e}" for e in ("stalin", "lenin", "nagy", "moscow", "budapest", "hungary", "moscow-trials")
    )
    stalin = names.select_one("#entity-stalin").find_next_sibling("dd")
    assert stalin.select_one("a[href='https://www.wikidata.org/wiki/Q855']").get_text() == "Q855"
    nagy = names.select_one("#entity-nagy").find_next_sibling("dd")
    assert "Wikidata: not recorded" in nagy.get_text()
    assert not nagy.select("a[href*=wikidata]")
    kinds = [p.get_text() for p in names.select("p.register-kind")]
    assert kinds == ["Persons", "Places", "Events"]
    lenin = names.select_one("#entity-lenin").find_next_sibling("dd").select_one(".register-mentions")
    assert lenin.get_text().startswith("Speech: §1 (1 2 3)")


@pytest.mark.sphinx("html", testroot="register", freshenv=True)
def test_chronology_in_order_with_the_sources_words(app):
    app.build()
    chronology = main(soup(app.outdir / "chronology.html"))
    dates = [dt.select_one(".chronology-date").get_text() for dt in chronology.select("dt")]
    assert dates == ["1937", "5 March 1953", "25 February 1956 or October 1956"]
    differ = chronology.select("dt")[2]
    assert "(the sources differ)" in differ.get_text()
    for link in chronology.select("dd a[href]"):
        page, _, anchor = link["href"].partition("#")
        target = soup(app.outdir / page).find(id=anchor)
        assert target is not None, link["href"]
        assert target.get_text() == link["title"]  # the words the reading quotes
    title_link = chronology.select_one("#chronology-stalin-death a")
    assert title_link["href"] == "names.html#entity-stalin"


def test_dates():
    assert parse_date("1956-02-25").display() == "25 February 1956"
    assert parse_date("1937/1938").display() == "1937–1938"
    assert parse_date("1956").covers(parse_date("1956-10"))
    assert not parse_date("1956-02-24").covers(parse_date("1956-02-25"))
    for bad in ("1956-13", "56", "1956-02-30-1", "1938/1937", "a/b/c"):
        assert parse_date(bad) is None, bad


def test_parallel_build_equals_serial(make_app, tmp_path):
    pages = {}
    for name, parallel in (("serial", 0), ("parallel", 2)):
        srcdir = tmp_path / name
        shutil.copytree(ROOTS / "test-register", srcdir)
        app = make_app("html", srcdir=srcdir, freshenv=True, parallel=parallel)
        merged: list[set[str]] = []
        app.connect(
            "env-merge-info", lambda app, env, docnames, other, merged=merged: merged.append(docnames)
        )
        app.build()
        app.cleanup()
        assert app.warning.getvalue() == ""
        if parallel:
            assert set().union(*merged) >= {"speech", "article"}  # read by workers, merged back
        pages[name] = {
            path.name: path.read_text(encoding="utf-8")
            for path in sorted(app.outdir.glob("*.html"))
            if path.name != "search.html"
        }
    assert pages["serial"] == pages["parallel"]


def test_incremental_build_updates_the_register(make_app, tmp_path):
    srcdir = tmp_path / "register"
    shutil.copytree(ROOTS / "test-register", srcdir)
    first = make_app("html", srcdir=srcdir, freshenv=True)
    first.build()
    first.cleanup()
    assert "article.html#reg-nagy-1" in links_of(first.outdir / "names.html", first.outdir)
    article = srcdir / "article.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("Nagy led Hungary", "He led Hungary"), encoding="utf-8"
    )
    second = make_app("html", srcdir=srcdir)
    second.build()
    second.cleanup()
    assert "register.unmatched_pattern" in second.warning.getvalue()  # "Nagy" is now nowhere
    names = main(soup(second.outdir / "names.html"))
    assert "article.html#reg-nagy-1" not in links_of(second.outdir / "names.html", second.outdir)
    assert "No mention found." in names.select_one("#entity-nagy").find_next_sibling("dd").get_text()


def pages_written_after(make_app, srcdir: Path, edit: tuple[str, str]) -> set[str]:
    """The pages a rebuild writes after *edit* (old words, new words) of article.md."""
    article = srcdir / "article.md"
    article.write_text(article.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    pages: set[str] = set()
    app.connect("html-page-context", lambda app, pagename, *args: pages.add(pagename))
    app.build()
    app.cleanup()
    return pages


def test_the_listings_are_rewritten_only_when_what_they_show_changes(make_app, tmp_path):
    srcdir = tmp_path / "register"
    shutil.copytree(ROOTS / "test-register", srcdir)
    first = make_app("html", srcdir=srcdir, freshenv=True)
    first.build()
    first.cleanup()
    listings = {"names", "chronology"}
    # a word that is no mention and no chronology reading: the listings come out the same
    assert not listings & pages_written_after(make_app, srcdir, ("is skipped", "is left out"))
    # a new paragraph below the mentions shifts nothing the listings show
    assert not listings & pages_written_after(make_app, srcdir, ("by hand.", "by hand.\n\nA new one."))
    # a mention goes (the name form is matched as written): the register no longer links to it
    assert listings <= pages_written_after(make_app, srcdir, ("Nagy led", "NAGY led"))
    # the page's title changes: the register names the page
    assert listings <= pages_written_after(make_app, srcdir, ("# Stalin and the article", "# Retitled"))
    fresh = tmp_path / "fresh"
    shutil.copytree(srcdir, fresh, ignore=shutil.ignore_patterns("_build"))
    app = make_app("html", srcdir=fresh, freshenv=True)
    app.build()
    for name in ("names.html", "chronology.html"):
        assert (app.outdir / name).read_bytes() == (first.outdir / name).read_bytes(), name


# Bad input -----------------------------------------------------------------------------------

EXPECTED = [
    ("register.toml", 8, "bad_entry"),  # the id stalin twice
    ("register.toml", 15, "bad_entry"),  # kind city
    ("register.toml", 24, "bad_entry"),  # pattern that is no regular expression
    ("register.toml", 25, "bad_entry"),  # Wikidata id without Q
    ("register.toml", 30, "unknown_entity"),  # chronology entity
    ("register.toml", 35, "bad_entry"),  # month 13
    ("register.toml", 43, "quote_not_found"),
    ("register.toml", 47, "unknown_document"),
    ("register.toml", 55, "unmatched_pattern"),
    ("text.md", 5, "unknown_entity"),
    ("text.md", 5, "bad_markup"),
    ("lists.md", 3, "bad_markup"),
]


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_each_bad_input_gives_its_warning(make_app, tmp_path, builder):
    srcdir = tmp_path / "warnings"
    shutil.copytree(ROOTS / "test-register-warnings", srcdir)
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    assert sorted(located_warnings(app, "register")) == sorted(EXPECTED)
    assert "Traceback" not in app.status.getvalue() + app.warning.getvalue()


def test_warnings_can_be_suppressed(make_app, tmp_path):
    srcdir = tmp_path / "warnings"
    shutil.copytree(ROOTS / "test-register-warnings", srcdir)
    app = make_app(
        "html",
        srcdir=srcdir,
        freshenv=True,
        confoverrides={"suppress_warnings": ["register.bad_entry", "register.unknown_entity"]},
    )
    app.build()
    expected = [w for w in EXPECTED if w[2] not in {"bad_entry", "unknown_entity"}]
    assert sorted(located_warnings(app, "register")) == sorted(expected)


def test_invalid_toml_is_a_warning_with_its_line(make_app, tmp_path):
    srcdir = tmp_path / "broken"
    shutil.copytree(ROOTS / "test-register", srcdir)
    path = srcdir / "register.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = 'kind = "person'  # an unclosed string on line 6
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert ("register.toml", 6, "bad_register") in located_warnings(app, "register")
    assert "Traceback" not in app.warning.getvalue()
    assert not soup(app.outdir / "speech.html").select("span.register-mention")


def test_missing_register_file(make_app, tmp_path):
    srcdir = tmp_path / "missing"
    shutil.copytree(ROOTS / "test-register", srcdir)
    (srcdir / "register.toml").unlink()
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    # the file is missing, so the {mention} role's entity is unknown too
    assert located_warnings(app, "register") == [
        ("register.toml", 1, "bad_register"),
        ("article.md", 14, "unknown_entity"),
    ]


def test_loading_never_raises(tmp_path):
    path = tmp_path / "register.toml"
    for text in ("entity = 3", "[[entity]]\nid = 3", "[[chronology]]\nid = 'x'\nreading = 5", "[x]\ny = 1"):
        path.write_text(text, encoding="utf-8")
        register = load(path)
        assert register.problems, text
        assert all(p.subtype in SUBTYPES for p in register.problems)


def test_reference_documents_the_extension():
    """Directives, roles and settings; the warnings are written from SUBTYPES (tests/test_docs.py)."""
    reference = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    source = (REPO / "extensions" / "register" / "__init__.py").read_text(encoding="utf-8")
    for name in re.findall(r'add_(?:directive|role)\(\s*"([^"]+)"', source):
        assert f"`{{{name}}}`" in reference, name
    config = Path(register_config.__file__).read_text(encoding="utf-8")
    for name in re.findall(r'add_config_value\(\s*"([^"]+)"', config):
        assert f"`{name}`" in reference, name


# The edition ---------------------------------------------------------------------------------


@pytest.mark.edition
@pytest.mark.parametrize("name", sorted(NAMES))
def test_every_mention_in_the_texts_is_linked_from_the_register(html_dir, name):
    linked = links_of(html_dir / "register.html", html_dir)
    pattern = re.compile(rf"(?<!\w){name}(?!\w)")
    seen = 0
    for docname in TEXT_PAGES:
        page = soup(html_dir / f"{docname}.html")
        for text in main(page).find_all(string=pattern):
            if is_editorial(text) or text.find_parent(["code", "pre"]):
                continue
            if name == "Lenin" and "Order of Lenin" in text:
                continue  # an award, not the man (excluded by the register's pattern)
            seen += 1
            mention = mention_of(text)
            assert mention is not None, (docname, str(text))
            assert mention["data-entity"] == NAMES[name] or mention.get_text() != name, (docname, str(text))
            if mention.get("id"):
                assert f"{docname}.html#{mention['id']}" in linked, (docname, mention["id"])
            else:  # a mention in a title points at its section
                section = mention.find_parent("section")
                assert f"{docname}.html#{section['id']}" in linked, (docname, str(text))
    assert seen, name


@pytest.mark.edition
def test_every_mention_anchor_is_linked_and_every_link_has_its_mention(html_dir):
    linked = {link for link in links_of(html_dir / "register.html", html_dir) if "#reg-" in link}
    anchors = set()
    for docname in TEXT_PAGES:
        for span in soup(html_dir / f"{docname}.html").select("span.register-mention[id]"):
            anchors.add(f"{docname}.html#{span['id']}")
    assert len(anchors) > 400
    assert linked == anchors


@pytest.mark.edition
def test_register_lists_each_entity_once(html_dir):
    page = main(soup(html_dir / "register.html"))
    terms = [dt["id"] for dt in page.select("dt[id^=entity-]")]
    assert len(terms) == len(set(terms))
    assert sorted(terms) == sorted(f"entity-{e['id']}" for e in REGISTER["entity"])
    for entity in REGISTER["entity"]:
        entry = page.select_one(f"#entity-{entity['id']}").find_next_sibling("dd")
        wikidata = entry.select_one("p.register-wikidata")
        if "wikidata" in entity:
            link = wikidata.select_one("a")
            assert link["href"] == f"https://www.wikidata.org/wiki/{entity['wikidata']}"
        else:
            assert wikidata.get_text() == "Wikidata: not recorded"
        assert entry.select("p.register-mentions a"), entity["id"]  # every entity is mentioned


@pytest.mark.edition
def test_chronology_is_in_date_order_and_links_to_the_sources_words(html_dir):
    page = main(soup(html_dir / "chronology.html"))
    keys = []
    for event in REGISTER["chronology"]:
        dates = [parse_date(r["date"]) for r in event["reading"]]
        precise = [d for d in dates if not any(o is not d and d != o and d.covers(o) for o in dates)]
        keys.append((min(d.sort_key for d in precise), event["id"]))
    expected = [f"chronology-{event_id}" for _, event_id in sorted(keys, key=lambda k: k[0])]
    shown = [dt["id"] for dt in page.select("dt[id^=chronology-]")]
    assert sorted(shown) == sorted(expected)
    order = [min(k for k, i in keys if f"chronology-{i}" == s) for s in shown]
    assert order == sorted(order)
    assert shown[0] == "chronology-end-of-tsarist-rule"
    assert shown[-1] == "chronology-collapse"
    links = page.select("dd a[href]")
    assert len(links) == sum(len(e["reading"]) for e in REGISTER["chronology"])
    for link in links:
        docname, _, anchor = link["href"].partition("#")
        target = soup(html_dir / docname).find(id=anchor)
        assert target is not None, link["href"]
        for marker in target.select("[role=doc-noteref]"):  # a note's marker may stand inside the words
            marker.decompose()
        assert " ".join(target.get_text().split()) == link["title"]
    speech = page.select_one("#chronology-secret-speech")
    assert "24 February 1956 or 25 February 1956" in speech.get_text()
    assert "(the sources differ)" in speech.get_text()


@pytest.mark.edition
@pytest.mark.pdf
def test_pdf_has_the_index_of_names(pdf_text):
    # The index is at the end: from the page break before its last entry for Beria.
    start = pdf_text.rindex("\f", 0, pdf_text.rindex("Beria, Lavrentiy,"))
    index = " ".join(pdf_text[start:].split())
    mentioned = {e["sort"] if "sort" in e else e["name"] for e in REGISTER["entity"]}
    for key in sorted(mentioned):
        assert re.search(re.escape(key) + r",\s+\d+", index), key
    # Page ranges with an en dash (the fonts have no TeX ligatures to make one of "--").
    assert re.search(r"\d–\d", index)
    assert not re.search(r"\d-+\d", index)
    assert "Register of names" in pdf_text
    assert "Chronology, 1917–1991" in pdf_text
