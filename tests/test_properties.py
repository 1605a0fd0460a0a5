"""Property-based tests (hypothesis) of the quotation matcher and the id maker."""

from __future__ import annotations

import re
import shutil
import tempfile
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

from apparatus.domain import find_in, normalise
from apparatus.relations import DEFAULT_RELATIONS, Link, is_valid_id, parse_links
from documents import unique_id
from docutils import nodes
from docutils.utils import new_document
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

# Strategies ----------------------------------------------------------------------------------

#: White space as editors' files and docutils' text nodes hold it, Unicode's included.
SPACE = st.text(alphabet=" \t\n\r\x0b\x0c\x85\xa0\u2000\u2009\u2028\u3000", min_size=1, max_size=3)
#: Words: letters (Latin, Cyrillic), digits, punctuation, quotation marks, no white space.
WORD = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S"), exclude_characters="\x85"), min_size=1, max_size=8
)
WORDS = st.lists(WORD, min_size=1, max_size=12)
SLUG_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
SLUG = st.lists(SLUG_WORD, min_size=1, max_size=4).map("-".join)


@st.composite
def spaced(draw: st.DrawFn, words: list[str]) -> str:
    """*words* joined by arbitrary runs of white space, perhaps with some before and after."""
    text = draw(st.just("") | SPACE)
    for index, word in enumerate(words):
        if index:
            text += draw(SPACE)
        text += word
    return text + draw(st.just("") | SPACE)


def find_quote(paragraphs: list[SimpleNamespace], article: str, quote: str) -> SimpleNamespace | None:
    """The domain's matcher, run over the paragraphs of *article* as the domain indexes them."""
    return find_in([p for p in paragraphs if p.docname == article], quote)  # type: ignore[arg-type]


def paragraph(docname: str, serial: int, text: str) -> SimpleNamespace:
    """A paragraph as ``ArticleParagraphs`` records it: its text normalised."""
    return SimpleNamespace(docname=docname, anchor=f"para-{serial}", text=normalise(text), serial=serial)


# normalise ------------------------------------------------------------------------------------


@given(st.text())
def test_normalise_keeps_the_words_and_single_spaces(text):
    result = normalise(text)
    assert result.split() == text.split()
    assert result == " ".join(text.split())
    assert normalise(result) == result


# The quotation matcher -----------------------------------------------------------------------


@given(st.data(), st.lists(WORDS, min_size=1, max_size=4))
def test_words_of_a_paragraph_are_found_whatever_their_spacing(data, texts):
    paragraphs = [paragraph("article", n, data.draw(spaced(words))) for n, words in enumerate(texts, 1)]
    which = data.draw(st.integers(0, len(texts) - 1))
    words = texts[which]
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    quote = data.draw(spaced(words[start:end]))
    found = find_quote(paragraphs, "article", quote)
    assert found is not None
    # the first paragraph that holds the words, which may be an earlier one
    assert found.serial <= which + 1
    assert normalise(quote) in found.text


@given(st.data(), WORDS, WORDS)
def test_quotation_over_a_paragraph_break_is_not_found(data, first, second):
    quote_words = (
        first[data.draw(st.integers(0, len(first) - 1)) :] + second[: data.draw(st.integers(1, len(second)))]
    )
    quote = data.draw(spaced(quote_words))
    one, two = " ".join(first), " ".join(second)
    assume(normalise(quote) not in one and normalise(quote) not in two)
    paragraphs = [paragraph("article", 1, one), paragraph("article", 2, two)]
    assert find_quote(paragraphs, "article", quote) is None


@given(WORDS, st.sampled_from(["other", "article/sub", "Article", ""]))
def test_quotation_is_looked_for_in_its_own_article_only(words, elsewhere):
    text = " ".join(words)
    paragraphs = [paragraph(elsewhere, 1, text)]
    assert find_quote(paragraphs, "article", text) is None
    assert find_quote([*paragraphs, paragraph("article", 2, text)], "article", text).docname == "article"


@given(WORDS, WORD)
def test_a_changed_word_is_not_found(words, other):
    text = " ".join(words)
    changed = " ".join([*words[:-1], words[-1] + other])
    assume(changed not in text)
    assert find_quote([paragraph("article", 1, text)], "article", changed) is None


@given(st.data(), WORDS)
def test_found_paragraph_really_holds_the_quotation(data, words):
    texts = data.draw(st.lists(st.builds(" ".join, WORDS), min_size=0, max_size=4))
    paragraphs = [paragraph("article", n, text) for n, text in enumerate(texts, 1)]
    quote = data.draw(spaced(words))
    found = find_quote(paragraphs, "article", quote)
    holders = [p for p in paragraphs if normalise(quote) in p.text]
    assert found == (holders[0] if holders else None)


# The matcher in a build: words of an article, quoted by a stand-off link, are found.

# Words that Markdown takes as they are, wherever they stand in a line: a letter first, so
# that no line starts a list, and punctuation that marks nothing up.
LETTERS = "abcdefghijklmnopqrstuvwxyzABCXYZабвгдежзэюя"
INERT = st.tuples(st.sampled_from(LETTERS), st.text(alphabet=LETTERS + "0123456789", max_size=8)).map("".join)
PUNCTUATED = st.tuples(INERT, st.sampled_from(["", ",", ";", ".", "?", "!", "'s", "…", "’"])).map("".join)
SENTENCE = st.lists(PUNCTUATED, min_size=3, max_size=15)

CONF = 'extensions = ["myst_parser", "apparatus"]\nmyst_enable_extensions = ["colon_fence"]\n'
ARTICLE = "# Article\n\n:::{article}\n:source: critic\n:siglum: C\n:::\n\n"


# Each example is a Sphinx build (a fraction of a second): few examples, and no shrinking,
# which would build hundreds of times; a failure still shows the example that failed.
@settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.data(), st.lists(SENTENCE, min_size=1, max_size=3))
def test_quotations_from_a_built_article_are_found(data, sentences):
    which = data.draw(st.integers(0, len(sentences) - 1))
    words = sentences[which]
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    quote = " ".join(words[start:end])
    # each sentence a paragraph, wrapped over lines at random places
    body = "\n\n".join(data.draw(spaced(s)).replace("\r", " ").strip() for s in sentences)
    body = re.sub(r"[ \t\x0b\x0c\x85\xa0\u2000\u2009\u2028\u3000]*\n[\s]*", "\n", body)
    files = {
        "conf.py": CONF + 'bibtex_bibfiles = ["refs.bib"]\n',
        "refs.bib": "@misc{critic, title = {T}, author = {A, B}, year = {2000}}\n",
        "index.md": "# Index\n\n```{toctree}\nspeech\narticle\nlinks\nbibliography\n```\n",
        "bibliography.md": "# Bibliography\n\n```{bibliography}\n:all:\n```\n",
        "speech.md": "# Speech\n\n:::{passage} one\nThe passage.\n:::\n",
        "article.md": ARTICLE + f"Words {{on}}`on it <quotes: one>`.\n\n{body}\n",
        "links.md": f"# Links\n\n:::{{commentary-link}} article\n:quote: {quote}\n:links: quotes: one\n:::\n",
    }
    srcdir = Path(tempfile.mkdtemp(prefix="quote-"))
    try:
        for name, text in files.items():
            (srcdir / name).write_text(text, encoding="utf-8")
        app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO(), freshenv=True)
        try:
            app.build()
        finally:
            app.cleanup()
        assert app.warning.getvalue() == ""
        speech = (app.outdir / "speech.html").read_text(encoding="utf-8")
        # both links give a note with its quotation (two notes on the whole passage share one footnote)
        assert speech.count('class="apparatus-quote"') == 2
    finally:
        shutil.rmtree(srcdir, ignore_errors=True)


# The id maker ------------------------------------------------------------------------------------


def register(document: nodes.document, node_id: str) -> None:
    node = nodes.inline(ids=[node_id])
    document.ids[node_id] = node


def fresh_document() -> nodes.document:
    return new_document("<properties>")


@given(SLUG, st.lists(SLUG, max_size=8))
def test_unique_id_is_the_first_free_of_base_base_2_base_3(base, taken):
    document = fresh_document()
    for node_id in taken:
        register(document, node_id)
    result = unique_id(document, base)
    assert result not in document.ids
    if base not in document.ids:
        assert result == base
    else:
        match = re.fullmatch(re.escape(base) + r"-(\d+)", result)
        assert match is not None
        suffix = int(match[1])
        assert suffix >= 2
        assert all(f"{base}-{n}" in document.ids for n in range(2, suffix))


@given(st.lists(SLUG, min_size=1, max_size=30), st.lists(SLUG, max_size=8))
def test_ids_made_one_after_another_never_repeat(bases, taken):
    document = fresh_document()
    for node_id in taken:
        register(document, node_id)
    made = []
    for base in bases:
        node_id = unique_id(document, base)
        register(document, node_id)
        made.append(node_id)
    assert len(set(made)) == len(made)
    assert not set(made) & set(taken)


@given(st.lists(SLUG, min_size=1, max_size=20))
def test_span_ids_on_one_page_are_distinct_and_stable(passage_ids):
    """The ``on-<passage-id>`` ids of a page's spans: distinct, and the same on every build."""

    def page_ids() -> list[str]:
        document = fresh_document()
        ids = []
        for passage_id in passage_ids:
            node_id = unique_id(document, f"on-{passage_id}")
            register(document, node_id)
            ids.append(node_id)
        return ids

    first = page_ids()
    assert len(set(first)) == len(first)
    assert first == page_ids()
    assert first[0] == f"on-{passage_ids[0]}"


# Passage ids and link specifications ----------------------------------------------------------


@given(SLUG)
def test_slugs_are_valid_ids(slug):
    assert is_valid_id(slug)


@given(st.text(max_size=20))
def test_valid_ids_are_slugs(text):
    assert is_valid_id(text) == bool(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text))


@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(DEFAULT_RELATIONS)), st.lists(SLUG, min_size=1, max_size=4)),
        min_size=1,
        max_size=4,
    ),
    st.data(),
)
def test_link_specifications_read_back(groups, data):
    spec = data.draw(st.sampled_from([";", " ; ", ";\n"])).join(
        f"{relation}:{data.draw(st.sampled_from([' ', '', '  ']))}{', '.join(ids)}"
        for relation, ids in groups
    )
    expected: list[Link] = []
    for relation, ids in groups:
        for passage_id in ids:
            if Link(relation, passage_id) not in expected:
                expected.append(Link(relation, passage_id))
    assert parse_links(spec, DEFAULT_RELATIONS) == expected
