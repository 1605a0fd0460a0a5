"""Malformed input, case by case: the warning each must give, and the build going on.

Each case writes a tiny project into ``tmp_path`` (a base project with some files
replaced, added or deleted), builds it, and compares every warning of the build,
as ``(type, subtype, file, line)``, with the warnings the case expects. Whatever
the input, there is no traceback, every page is written, and nothing of the
input becomes markup in the HTML.

A case that shows a defect keeps the behaviour it should have and is marked
``xfail(strict=True)`` with the reason.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from .conftest import warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

    from .conftest import Warned

CONF = """\
extensions = ["myst_parser", "apparatus"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
latex_engine = "xelatex"
"""

BIB = """\
@article{critic,
  author = {Critic, Carl},
  title = {{On the Speech}},
  journal = {Test Review},
  year = {2006},
}
"""

SPEECH = """\
# Speech

:::{passage} one
The first passage.
:::

:::{passage} two
The second passage.
:::
"""

ARTICLE_HEAD = """\
# Article

:::{article}
:source: critic
:siglum: C
:::
"""

#: Line 8 holds the first span; cases add their paragraphs from line 10 on.
ARTICLE = ARTICLE_HEAD + "\nA span on {on}`the first passage <quotes: one>` here.\n"

#: An article with one plain paragraph to quote, line 8; stand-off links are its only links.
OTHER = """\
# Other article

:::{article}
:source: critic
:siglum: O
:::

The other article says something about the second passage.
"""

BASE: dict[str, str] = {
    "conf.py": CONF,
    "refs.bib": BIB,
    "index.md": "# Index\n\n```{toctree}\nspeech\narticle\nlinks\nbibliography\n```\n",
    "speech.md": SPEECH,
    "article.md": ARTICLE,
    "links.md": "# Links\n\nStand-off links, if any.\n",
    "bibliography.md": "# Bibliography\n\n```{bibliography}\n:all:\n```\n",
}

#: The index of a project that also has other.md.
INDEX_WITH_OTHER = "# Index\n\n```{toctree}\nspeech\narticle\nother\nlinks\nbibliography\n```\n"

#: Text with HTML and LaTeX special characters, and a script.
EVIL = r"""<script>alert("evil")</script> <b>bold</b> &amp; & \textbf{x} \end{document} $ % ~ _ ^ { }"""


@dataclass(frozen=True)
class W:
    """One warning: its type and subtype as printed in brackets, its file and line.

    ``type`` ``None`` stands for a warning that Sphinx prints without a type;
    ``text``, when given, must be part of the message.
    """

    type: str | None
    subtype: str | None
    file: str
    line: int | None
    text: str = ""


def apparatus(subtype: str, file: str, line: int, text: str = "") -> W:
    """A warning of the extension."""
    return W("apparatus", subtype, file, line, text)


@dataclass(frozen=True)
class Case:
    """A malformed input and what the build must make of it."""

    name: str
    files: dict[str, str | bytes | None]  #: Files to write over the base project (``None``: delete).
    expected: tuple[W, ...]
    then: dict[str, str | bytes | None] | None = None  #: Edits before a second, incremental build.
    builder: str = "html"
    check: Callable[[SphinxTestApp], None] | None = None  #: Further checks of the output.
    defect: str | None = None  #: Why the case fails today (the case is then xfail, strict).
    pages: tuple[str, ...] = field(default=("index", "speech", "article", "links"))


def link(article: str, quote: str, links: str) -> str:
    """A ``commentary-link`` directive."""
    return f":::{{commentary-link}} {article}\n:quote: {quote}\n:links: {links}\n:::\n"


#: A witnesses file with one omitted run, given twice in the witness (the second one left out).
WITNESSES = """\
[[witness]]
siglum = "C"

[[witness.omitted]]
reason = "site furniture"
text = \"\"\"
Share this
Leave a reply
\"\"\"
occurrence = 2
"""


def omissions_page(path: str) -> str:
    """links.md holding a ``witness-omissions`` directive on line 3."""
    return f"# Links\n\n```{{witness-omissions}} {path}\n```\n"


def omissions_table(app: SphinxTestApp) -> None:
    """The omitted run is one row: siglum, its lines, the reason with the occurrence."""
    page = BeautifulSoup((app.outdir / "links.html").read_text(encoding="utf-8"), "html.parser")
    rows = page.select("table.witness-omissions tbody tr")
    assert len(rows) == 1
    cells = [" ".join(cell.get_text(" ").split()) for cell in rows[0].find_all("td")]
    assert cells == ["C", "Share this Leave a reply", "site furniture (the second time these lines occur)"]


def links_page(*directives: str) -> str:
    """links.md holding *directives* from line 3 on, each followed by a blank line."""
    return "# Links\n\n" + "\n".join(directives)


def speech_first(passage_id: str) -> str:
    """speech.md with a passage *passage_id* put first, at line 3."""
    return SPEECH.replace(
        "# Speech\n\n", f"# Speech\n\n:::{{passage}} {passage_id}\nA new first passage.\n:::\n\n"
    )


def article_with(*paragraphs: str) -> str:
    """article.md with *paragraphs* added after its span, from line 10 on, two lines apart."""
    return ARTICLE + "".join(f"\n{paragraph}\n" for paragraph in paragraphs)


# Checks of the output --------------------------------------------------------------------


def html_page(app: SphinxTestApp, docname: str) -> str:
    return (app.outdir / f"{docname}.html").read_text(encoding="utf-8")


def notes_on(app: SphinxTestApp, passage_id: str) -> list[str]:
    page = BeautifulSoup(html_page(app, "speech"), "html.parser")
    holder = page.find(id=f"notes-{passage_id}")
    return (
        []
        if holder is None
        else [" ".join(n.get_text(" ").split()) for n in holder.select("aside.apparatus-note")]
    )


def no_stale_note(app: SphinxTestApp) -> None:
    assert notes_on(app, "two") == []


def quote_noted(app: SphinxTestApp, quote: str) -> None:
    notes = notes_on(app, "two")
    assert len(notes) == 1
    assert quote in notes[0]


def long_quote_noted(app: SphinxTestApp) -> None:
    notes = notes_on(app, "two")
    assert len(notes) == 1
    assert "word10 word11" in notes[0]
    assert "word2999" in notes[0]


def long_span_noted(app: SphinxTestApp) -> None:
    notes = notes_on(app, "two")
    assert len(notes) == 1
    assert "“word0 word1" in notes[0]
    assert "word2999”" in notes[0]


def anchor_linked(app: SphinxTestApp, href: str) -> None:
    """The link by anchor is made a link to the passage, its words kept."""
    links = BeautifulSoup(html_page(app, "links"), "html.parser").select("a.reference")
    assert [(a["href"], " ".join(a.get_text().split())) for a in links] == [(href, links[0].get_text())]
    assert links[0].get_text().endswith("passage")


def unique_html_ids(app: SphinxTestApp) -> None:
    ids = re.findall(r'\sid="([^"]*)"', html_page(app, "speech"))
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def passage_numbered(passage_id: str, label: str) -> Callable[[SphinxTestApp], None]:
    def check(app: SphinxTestApp) -> None:
        page = BeautifulSoup(html_page(app, "speech"), "html.parser")
        passage = page.find("div", id=passage_id)
        assert passage is not None
        number = passage.select_one(".passage-number")
        assert number is not None
        assert number.get_text() == label
        unique_html_ids(app)

    return check


def html_escaped(app: SphinxTestApp) -> None:
    """Every piece of the special text stands as text, in the places the apparatus writes it."""
    speech = BeautifulSoup(html_page(app, "speech"), "html.parser")
    article = BeautifulSoup(html_page(app, "article"), "html.parser")
    note = speech.select_one("#notes-one aside")
    assert note is not None
    assert note.select_one(".siglum").get_text() == f"S {EVIL}"
    assert note.select_one(".relation").get_text() == "quotes <i>as</i>"
    assert EVIL in note.select_one(".apparatus-quote").get_text()
    standoff = speech.select("#notes-two aside .apparatus-quote")
    assert [q.get_text() for q in standoff] == [f"“{EVIL}”"]
    assert speech.select_one("#one .passage-number").get_text() == "<b>1</b>"
    span = article.select_one(".commentary-span")
    assert span.get_text().startswith("<script>alert(")
    back = article.select_one(".apparatus-backlinks a")
    assert back.get_text() == "<b>1</b>"
    lacuna = article.select_one(".lacuna")
    assert lacuna.get_text() == "<i>[…]</i>"
    assert lacuna["title"] == EVIL
    refs = [a.get_text() for a in article.select("a.reference") if "speech.html#heading" in a.get("href", "")]
    assert len(refs) == 1
    assert refs[0].startswith("<script>alert(1)</script>")
    assert refs[0].endswith(r"\end{document} $ % ~ _ ^ { }")
    assert article.select_one(".xref.passage-ref").get_text() == "<script>"
    for name in ("speech", "article"):
        text = html_page(app, name)
        assert "<b>bold</b>" not in text
        assert "<i>" not in text
        assert "&lt;script&gt;alert(" in text


def latex_compiles(app: SphinxTestApp) -> None:
    missing = [tool for tool in ("latexmk", "xelatex", "make") if not shutil.which(tool)]
    if missing:
        pytest.fail(f"TeX tools missing: {missing}; see README for the apt-get line")
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\textbackslash{}end\{document\}" in tex
    env = {**os.environ, "LATEXOPTS": "-interaction=nonstopmode -halt-on-error"}
    result = subprocess.run(
        ["make"], cwd=app.outdir, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    pdfs = list(app.outdir.glob("*.pdf"))
    assert pdfs, "no PDF"
    assert pdfs[0].stat().st_size > 1000


# The special characters, in every place where the apparatus writes the editors' text.

SPECIAL_CONF = (
    CONF
    + """
apparatus_relations = {"quotes": "quotes <i>as</i>", "paraphrases": "paraphrases & $ % ~ _ ^ { }"}
apparatus_number_format = "<b>{number}</b>"
apparatus_lacuna_mark = "<i>[…]</i>"
"""
)
#: The same text written in Markdown, so that its paragraph reads as EVIL.
EVIL_MARKDOWN = EVIL.replace("\\", "\\\\").replace("<", "\\<").replace("&", "\\&")
SPECIAL_SPEECH = f"""\
# Speech

:::{{passage}} heading
:unnumbered:
:label: <script>alert(1)</script> {EVIL[30:]}
The heading.
:::

:::{{passage}} one
The first passage, with 5 &lt; 7 \\& 100 \\% \\$ \\\\ \\{{ \\}} \\_ \\^ \\~.
:::

:::{{passage}} two
The second passage.
:::
"""
SPECIAL_ARTICLE = f"""\
# Article

:::{{article}}
:source: critic
:siglum: S {EVIL}
:::

A span on {{on}}`{EVIL} <quotes: one>` here, and a lacuna {{lacuna}}`{EVIL}`.

Refer to {{passage}}`heading` and to {{passage}}`<script>`.

Plain words to quote: {EVIL_MARKDOWN} and more.
"""
SPECIAL = {
    "conf.py": SPECIAL_CONF,
    "speech.md": SPECIAL_SPEECH,
    "article.md": SPECIAL_ARTICLE,
    "links.md": links_page(link("article", EVIL, "quotes: two")),
}
SPECIAL_WARNINGS = (apparatus("unknown_passage", "article.md", 10),)


# The bibliography, each entry a slip away from BIB; the second entry stays sound.

SOUND_ENTRY = """
@book{other,
  author = {Other, Olga},
  title = {{Another Book}},
  publisher = {Press},
  year = {2010},
}
"""


def bibliography_entry(marker: str) -> Callable[[SphinxTestApp], None]:
    """The bibliography page lists the sound entry (*marker*) and not the faulty one."""

    def check(app: SphinxTestApp) -> None:
        page = html_page(app, "bibliography")
        assert marker in page
        assert "Critic, Carl" not in page or marker == "Critic"

    return check


def bib_case(name: str, bib: str, line: int, text: str, *, left_out: bool = True) -> Case:
    """A faulty refs.bib: one located warning, and the build going on with the sound entries."""
    return Case(
        name,
        {"refs.bib": bib + SOUND_ENTRY},
        (W("apparatus", "bad_bibliography", "refs.bib", line, text),),
        check=bibliography_entry("Other" if left_out else "Critic"),
        pages=("index", "speech", "article", "links", "bibliography"),
    )


# Raw HTML: the edition's own setting, so that the case fails if the edition drops it.


def edition_setting(name: str) -> object:
    """The value edition/conf.py gives *name* (a literal), or ``None``."""
    tree = ast.parse((Path(__file__).parent.parent / "edition" / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    return None


TEXT_CONF = CONF + f"myst_disable_syntax = {edition_setting('myst_disable_syntax') or []!r}\n"
RAW_HTML_SPEECH = """\
# Speech

:::{passage} one
when the <exploiting> classes were still in existence
:::

:::{passage} two
The second passage.

<script>alert("evil")</script>
:::
"""
RAW_HTML = {"conf.py": TEXT_CONF, "speech.md": RAW_HTML_SPEECH}


def raw_html_as_text(app: SphinxTestApp) -> None:
    """The tag-like words stand as their characters, in the passage where they were typed."""
    page = BeautifulSoup(html_page(app, "speech"), "html.parser")
    assert (
        " ".join(page.select_one("#one p").get_text().split())
        == "§1 when the <exploiting> classes were still in existence[1]"  # [1]: the article's note
    )
    assert "<script>alert(" in page.find("div", id="two").get_text()
    assert not page.find("exploiting")


def raw_html_in_latex(app: SphinxTestApp) -> None:
    """The words are in the LaTeX body (not only in the PDF's bookmark), and no raw block is left out."""
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    body = [line for line in tex.splitlines() if "pdfbookmark" not in line]
    assert any("when the <exploiting> classes" in line for line in body)
    assert any("<script>alert(" in line for line in body)


LONG = " ".join(f"word{i}" for i in range(4000))

CASES: list[Case] = [
    Case("well-formed", {}, ()),
    # the witnesses' omissions
    Case(
        "witness-omissions-as-a-table",
        {"witnesses.toml": WITNESSES, "links.md": omissions_page("witnesses.toml")},
        (),
        check=omissions_table,
    ),
    Case(
        "witness-omissions-file-missing",
        {"links.md": omissions_page("missing.toml")},
        (apparatus("bad_witnesses", "links.md", 3, "'missing.toml'"),),
    ),
    Case(
        "witness-omissions-file-malformed",
        {"witnesses.toml": "[[witness]\nsiglum = ", "links.md": omissions_page("witnesses.toml")},
        (apparatus("bad_witnesses", "links.md", 3, "'witnesses.toml'"),),
    ),
    # passages
    Case(
        "unknown-passage-in-span",
        {"article.md": article_with("Words {on}`on nothing <quotes: nowhere>` here.")},
        (apparatus("unknown_passage", "article.md", 10, "'nowhere'"),),
    ),
    Case(
        "unknown-passage-in-reference",
        {"article.md": article_with("See {passage}`nowhere`.")},
        (apparatus("unknown_passage", "article.md", 10, "'nowhere'"),),
    ),
    Case(
        "unknown-passage-in-stand-off-link",
        {"links.md": links_page(link("article", "the first passage", "quotes: one, nowhere"))},
        (apparatus("unknown_passage", "links.md", 3, "'nowhere'"),),
    ),
    Case(
        "duplicate-passage-on-one-page",
        {"speech.md": SPEECH + "\n:::{passage} one\nThe same id again.\n:::\n"},
        (apparatus("duplicate_passage", "speech.md", 11, "first used at line 3"),),
    ),
    Case(
        "duplicate-passage-on-two-pages",
        {
            "index.md": BASE["index.md"].replace("speech\n", "speech\nspeech-2\n"),
            "speech-2.md": "# More speech\n\n:::{passage} two\nThe same id on another page.\n:::\n",
        },
        (apparatus("duplicate_passage", "speech-2.md", 3, "first defined in speech.md:7"),),
    ),
    Case(
        "empty-passage",
        {"speech.md": SPEECH + "\n:::{passage} empty\n:::\n"},
        (apparatus("empty_passage", "speech.md", 11, "'empty'"),),
    ),
    Case(
        "blank-passage",
        {"speech.md": SPEECH + "\n:::{passage} blank\n   \n\n:::\n"},
        (apparatus("empty_passage", "speech.md", 11, "'blank'"),),
    ),
    Case(
        "passage-id-not-a-slug",
        {"speech.md": SPEECH + "\n:::{passage} Bad_Id\nNot a slug.\n:::\n"},
        (apparatus("bad_markup", "speech.md", 11, "'Bad_Id'"),),
    ),
    Case(
        "passage-without-id",
        {"speech.md": SPEECH + "\n:::{passage}\nNo id.\n:::\n"},
        (W("docutils", None, "speech.md", 11, "1 argument(s) required, 0 supplied"),),
    ),
    Case(
        "passage-id-is-a-number-anchor",
        {"speech.md": speech_first("p2")},
        (apparatus("bad_markup", "speech.md", 3, "'p2'"),),
        check=unique_html_ids,
    ),
    Case(
        "passage-id-is-the-heading-anchor",
        {"speech.md": speech_first("speech")},
        (apparatus("bad_markup", "speech.md", 3, "'speech'"),),
    ),
    Case(
        "passage-id-is-a-notes-anchor",
        {
            "speech.md": speech_first("notes-two"),
            "article.md": article_with("Words {on}`on the second <quotes: two>` here."),
        },
        (apparatus("bad_markup", "speech.md", 3, "'notes-two'"),),
        check=unique_html_ids,
    ),
    # stand-off quotations
    Case(
        "quotation-not-in-its-article",
        {"links.md": links_page(link("article", "words the article never says", "quotes: two"))},
        (apparatus("quote_not_found", "links.md", 3, "'words the article never says'"),),
    ),
    Case(
        "quotation-spanning-two-paragraphs",
        {
            "article.md": article_with("The end of one paragraph.", "The start of the next."),
            "links.md": links_page(
                link("article", "one paragraph. The start", "quotes: two"),
                link("article", "The end of one paragraph.", "quotes: two"),
            ),
        },
        (apparatus("quote_not_found", "links.md", 3, "'one paragraph. The start'"),),
    ),
    Case(
        "quotation-over-a-hard-line-break",
        {
            "article.md": article_with("Words before  \nwords after\\\nand more."),
            "links.md": links_page(link("article", "Words before words after and more.", "quotes: two")),
        },
        (),
        check=lambda app: quote_noted(app, "“Words before words after and more.”"),
    ),
    Case(
        "quotation-in-another-article",
        {
            "index.md": INDEX_WITH_OTHER,
            "other.md": OTHER,
            "links.md": links_page(link("article", "about the second passage", "quotes: two")),
        },
        (
            apparatus("quote_not_found", "links.md", 3),
            apparatus("unlinked_article", "other.md", 3),
        ),
    ),
    Case(
        "very-long-quotation-found",
        {
            "article.md": article_with(LONG),
            "links.md": links_page(
                link("article", " ".join(f"word{i}" for i in range(10, 3000)), "quotes: two")
            ),
        },
        (),
        check=long_quote_noted,
    ),
    Case(
        "very-long-quotation-not-found",
        {
            "article.md": article_with(LONG),
            "links.md": links_page(
                link("article", " ".join(f"word{i}" for i in range(3000, 10, -1)), "quotes: two")
            ),
        },
        (apparatus("quote_not_found", "links.md", 3, "'word3000 word2999"),),
    ),
    Case(
        "very-long-span",
        {"article.md": article_with(f"{{on}}`{LONG[: LONG.index(' word3000')]} <quotes: two>`")},
        (),
        check=long_span_noted,
    ),
    # relations and link specifications
    Case(
        "unknown-relation-in-span",
        {"article.md": article_with("Words {on}`praising it <praises: one>` here.")},
        (apparatus("unknown_relation", "article.md", 10, "'praises'"),),
    ),
    Case(
        "unknown-relation-in-stand-off-link",
        {"links.md": links_page(link("article", "the first passage", "quotes: one; praises: two"))},
        (apparatus("unknown_relation", "links.md", 3, "'praises'"),),
    ),
    Case(
        "link-specification-without-colon",
        {"article.md": article_with("Words {on}`no colon <quotes one>` here.")},
        (apparatus("bad_markup", "article.md", 10, "expected 'relation: passage-id'"),),
    ),
    Case(
        "link-specification-with-empty-id",
        {"article.md": article_with("Words {on}`trailing comma <quotes: one,>` here.")},
        (apparatus("bad_markup", "article.md", 10, "missing passage id"),),
    ),
    Case(
        "span-without-specification",
        {"article.md": article_with("Words {on}`just words` here.")},
        (apparatus("bad_markup", "article.md", 10, "needs 'words <relation: passage-id>'"),),
    ),
    Case(
        "span-without-words",
        {"article.md": article_with("Words {on}`<quotes: one>` here.")},
        (apparatus("bad_markup", "article.md", 10),),
    ),
    # articles and their sources
    Case(
        "missing-bibtex-key",
        {"article.md": ARTICLE.replace(":source: critic", ":source: nokey")},
        (apparatus("unknown_bibkey", "article.md", 3, "'nokey'"),),
    ),
    Case(
        "article-linked-to-no-passage",
        {"index.md": INDEX_WITH_OTHER, "other.md": OTHER},
        (apparatus("unlinked_article", "other.md", 3),),
    ),
    Case(
        "article-without-siglum",
        {"article.md": ARTICLE.replace(":siglum: C\n", "")},
        (
            apparatus("bad_markup", "article.md", 3, ":siglum:"),
            apparatus("unknown_article", "article.md", 7),
        ),
    ),
    Case(
        "two-articles-on-one-page",
        {"article.md": article_with(":::{article}\n:source: critic\n:siglum: D\n:::")},
        (apparatus("duplicate_article", "article.md", 10),),
    ),
    Case(
        "stand-off-link-to-a-missing-page",
        {"links.md": links_page(link("../../etc/passwd", "root", "quotes: one"))},
        (apparatus("unknown_article", "links.md", 3),),
    ),
    Case(
        "stand-off-link-to-a-page-without-article",
        {"links.md": links_page(link("speech", "The first passage.", "quotes: one"))},
        (apparatus("unknown_article", "links.md", 3, "'speech'"),),
    ),
    Case(
        "stand-off-link-without-quote",
        {"links.md": links_page(":::{commentary-link} article\n:links: quotes: one\n:::\n")},
        (apparatus("bad_markup", "links.md", 3, ":quote:"),),
    ),
    # options
    Case(
        "option-given-twice",
        {"article.md": ARTICLE.replace(":siglum: C", ":siglum: C\n:siglum: D")},
        (apparatus("bad_markup", "article.md", 3, "option :siglum: is given twice"),),
    ),
    Case(
        "option-given-twice-in-rst",
        {
            "speech.md": None,
            "speech.rst": (
                "Speech\n======\n\n.. passage:: one\n   :label: a\n   :label: b\n\n   The first passage.\n\n"
                ".. passage:: two\n\n   The second passage.\n"
            ),
        },
        (
            W("docutils", None, "speech.rst", 4, 'duplicate option "label"'),
            apparatus("unknown_passage", "article.md", 8, "'one'"),
        ),
    ),
    Case(
        "option-without-its-value",
        {"speech.md": SPEECH.replace("{passage} one\n", "{passage} one\n:unnumbered:\n:label:\n")},
        (W("myst", "directive_option", "speech.md", 5, "'label'"),),
    ),
    # the source files themselves
    Case(
        "invalid-utf-8",
        {"article.md": article_with("Caf\xe9 in Latin-1.").encode("latin-1")},
        (
            apparatus("bad_encoding", "article.md", 10, "not valid UTF-8 (byte 0xe9)"),
            # the article is left out; the table of contents that lists it says so
            W("toc", "not_readable", "index.md", 3, "nonexisting document 'article'"),
        ),
        pages=("index", "speech", "links"),
    ),
    Case(
        "control-characters",
        {
            "speech.md": SPEECH.replace(
                "The first passage.", "The first\x00 passage\x0c\x1b[31m \u2028\ufeff\x7f."
            )
        },
        (),
    ),
    Case(
        "link-from-a-document-then-deleted",
        {
            "index.md": INDEX_WITH_OTHER,
            "other.md": OTHER,
            "links.md": links_page(link("other", "about the second passage", "quotes: two")),
        },
        (apparatus("unlinked_article", "other.md", 3),),
        then={"links.md": None, "index.md": INDEX_WITH_OTHER.replace("links\n", "")},
        check=no_stale_note,
        pages=("index", "speech", "article", "other"),
    ),
    Case(
        "article-linked-to-then-deleted",
        {
            "index.md": INDEX_WITH_OTHER,
            "other.md": OTHER,
            "links.md": links_page(link("other", "about the second passage", "quotes: two")),
        },
        (apparatus("unknown_article", "links.md", 3, "'other'"),),
        then={"other.md": None, "index.md": BASE["index.md"]},
        check=no_stale_note,
    ),
    # the bibliography
    bib_case(
        "bibliography-missing-comma",
        BIB.replace("{{On the Speech}},", "{{On the Speech}}"),
        3,
        "entry 'critic': a comma or the closing brace is missing after this line; the entry is left out",
    ),
    bib_case(
        "bibliography-unclosed-brace",
        BIB.replace("{Test Review},", "{Test Review,"),
        4,
        "entry 'critic': the brace opened on this line is not closed; the entry is left out",
    ),
    bib_case(
        "bibliography-duplicate-key",
        BIB + "\n" + BIB.replace("2006", "2007"),
        8,
        "entry 'critic' is given twice; the later one is left out",
        left_out=False,
    ),
    bib_case(
        "bibliography-missing-year",
        BIB.replace("  year = {2006},\n", ""),
        1,
        "entry 'critic' has no field 'year', which the style needs; the entry is left out",
    ),
    bib_case(
        "bibliography-entry-type-typo",
        BIB.replace("@article", "@artcle"),
        1,
        "entry 'critic' has the type @artcle, which the style does not know; the entry is left out",
    ),
    # raw HTML in the text
    Case("raw-html-in-a-passage-as-text", RAW_HTML, (), check=raw_html_as_text),
    Case("raw-html-in-a-passage-in-latex", RAW_HTML, (), builder="latex", check=raw_html_in_latex),
    # the structure of a page
    Case(
        "fence-left-open",
        {"speech.md": SPEECH.removesuffix(":::\n") + "\n## After the speech\n\nMore words.\n"},
        (apparatus("unclosed_fence", "speech.md", 7, "':::{passage} two' is never closed"),),
    ),
    Case(
        "passage-inside-a-passage",
        {"speech.md": SPEECH.replace("The first passage.\n:::\n", "The first passage.\n")},
        (apparatus("nested_passage", "speech.md", 6, "passage 'two' stands inside passage 'one' (line 3)"),),
    ),
    Case(
        "markdown-link-to-a-passage-id",
        {"links.md": "# Links\n\nSee [the first passage](speech.md#one).\n"},
        (apparatus("anchor_link", "links.md", 3, "write {passage}`one`"),),
        check=lambda app: anchor_linked(app, "speech.html#one"),
    ),
    Case(
        "markdown-link-to-a-number-anchor",
        {"links.md": "# Links\n\nSee [the second passage](#p2).\n"},
        (apparatus("anchor_link", "links.md", 3, "link to passage 'two' by a Markdown anchor"),),
        check=lambda app: anchor_linked(app, "speech.html#two"),
    ),
    # special characters
    Case("html-and-latex-special-characters-in-html", SPECIAL, SPECIAL_WARNINGS, check=html_escaped),
    Case(
        "html-and-latex-special-characters-in-latex",
        SPECIAL,
        SPECIAL_WARNINGS,
        builder="latex",
        check=latex_compiles,
    ),
]


# Running the cases --------------------------------------------------------------------------


def key(found: Warned) -> tuple[str | None, str | None, str | None, int | None]:
    """What a case expects of a warning: its type, subtype, file and line."""
    return found.type, found.subtype, found.file, found.line


def write(srcdir: Path, files: dict[str, str | bytes | None]) -> None:
    for name, content in files.items():
        path = srcdir / name
        if content is None:
            path.unlink(missing_ok=True)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def assert_warnings(app: SphinxTestApp, expected: tuple[W, ...]) -> None:
    found = warnings_of(app)
    assert sorted(map(repr, map(key, found))) == sorted(
        map(repr, ((w.type, w.subtype, w.file, w.line) for w in expected))
    ), "\n".join(f"{f.file}:{f.line}: {f.message}" for f in found)
    for want in expected:
        if want.text:
            assert any(
                key(f) == (want.type, want.subtype, want.file, want.line) and want.text in f.message
                for f in found
            ), f"no warning at {want.file}:{want.line} says {want.text!r}"


def assert_no_injected_markup(app: SphinxTestApp) -> None:
    """No element of the input's making: no script but the theme's, no <b> or <i> at all."""
    for page in app.outdir.glob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "alert" not in script.get_text(), page.name
        assert not soup.find_all(["b", "i"]), page.name


def params() -> list:
    result = []
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case.defect)] if case.defect else []
        if case.check is latex_compiles:  # xelatex makes the PDF: not among the quick tests
            marks.append(pytest.mark.pdf)
        result.append(pytest.param(case, id=case.name, marks=marks))
    return result


@pytest.mark.parametrize("case", params())
def test_bad_input(case: Case, make_app, tmp_path: Path) -> None:
    srcdir = tmp_path / "project"
    srcdir.mkdir()
    write(srcdir, {**BASE, **case.files})
    app = make_app(case.builder, srcdir=srcdir, freshenv=True)
    app.build()
    if case.then is not None:
        # the first build is clean, and the link made its note
        assert warnings_of(app) == []
        assert notes_on(app, "two")
        app.cleanup()
        write(srcdir, case.then)
        app = make_app(case.builder, srcdir=srcdir)
        app.build()
    output = app.status.getvalue() + app.warning.getvalue()
    assert "Traceback" not in output
    assert "Exception occurred" not in output
    assert_warnings(app, case.expected)
    # the build went on: every page is written
    if case.builder == "html":
        for docname in case.pages:
            assert (app.outdir / f"{docname}.html").exists(), docname
        assert_no_injected_markup(app)
    else:
        assert list(app.outdir.glob("*.tex"))
    if case.check is not None:
        case.check(app)


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 20
    assert len({case.name for case in CASES}) == len(CASES)
