"""How the commentary quotes the speech: detection, alignment, classification and rendering."""

from __future__ import annotations

import re
import subprocess
import sys
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from apparatus.quotations import EXACT, OUTSIDE, VARIANT, RunMatcher, classify, find_candidates, repeats
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from .conftest import warnings_of

#: The benchmark that times alignments on repetitive passages, each in a process of its own.
ALIGNMENT_BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "alignment.py"

PASSAGE = (
    "It is clear that here Stalin showed in a whole series of cases his intolerance, his brutality, and his "
    "abuse of power. Instead of proving his political correctness and mobilizing the masses, he often chose "
    "the path of repression and physical annihilation, not only against actual enemies, but also against "
    "individuals who had not committed any crimes against the party and the Soviet Government."
)


def test_variant_is_reported_as_lemma_and_reading():
    quote = (
        "showed in a whole series of cases his intolerance, his brutality, and his abuse of power… "
        "he often chose the path of repression and physical annihilation, not only against actual enemies, "
        "but also against individuals who had not committed any crimes against the party "
        "or the Soviet government"
    )
    kind, alignment = classify(quote, {"p5": PASSAGE})
    assert kind == VARIANT
    assert [tuple(v) for v in alignment.variants] == [
        ("and the Soviet Government", "or the Soviet government")
    ]


def test_exact_despite_case_punctuation_and_elision():
    kind, alignment = classify("his intolerance, his brutality… physical annihilation", {"p5": PASSAGE})
    assert kind == EXACT
    assert alignment.variants == ()
    kind, _ = classify("STALIN SHOWED IN A WHOLE SERIES OF CASES", {"p5": PASSAGE})
    assert kind == EXACT


def test_outside_the_excerpt():
    kind, alignment = classify("beat, beat and, once again, beat", {"p5": PASSAGE})
    assert kind == OUTSIDE
    assert alignment is None


# Few distinct words, so that runs repeat and ties between equally long runs are common.
FEW_WORDS = st.lists(st.sampled_from("abc"), max_size=30)


@given(FEW_WORDS, FEW_WORDS)
def test_run_matcher_matches_as_difflib_does(a, b):
    """The fast search must leave every block and edit operation as difflib's own gave them."""
    ours, theirs = RunMatcher(None, a, b, autojunk=False), SequenceMatcher(None, a, b, autojunk=False)
    assert ours.get_opcodes() == theirs.get_opcodes()
    assert ours.find_longest_match(1, len(a), 1, len(b)) == theirs.find_longest_match(1, len(a), 1, len(b))


@given(FEW_WORDS)
def test_repeats_tell_which_runs_stand_twice(keys):
    longest = repeats(tuple(keys))
    for i in range(len(keys)):
        for j in range(i + 1, len(keys) + 1):
            count = sum(keys[k : k + j - i] == keys[i:j] for k in range(len(keys) - (j - i) + 1))
            assert (count > 1) == (j - i <= longest[i])


@pytest.mark.parametrize("case", ["short", "long"])
def test_alignment_with_a_long_repetitive_passage_is_fast(case):
    """10,000 words repeating one sentence: the alignment took hours when it grew with the cube of the length.

    A generous bound for a slow machine (it takes about a tenth of a second); the
    process is stopped well before a slow alignment would hold up the suite.
    """
    command = [sys.executable, str(ALIGNMENT_BENCHMARK), "--one", case, "10000"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail(f"aligning a {case} quotation with 10,000 repetitive words took over 30 seconds")
    assert float(done.stdout) < 5.0


def test_attribution_from_context():
    paragraph = (
        "Stalin was guilty of “a grave abuse of power”, Khrushchev declared. "
        "In 1936 he called for “only one word suitable”. "
        "Trotsky wrote that “the bureaucracy felt out Stalin himself”."
    )
    candidates = {c.text: c for c in find_candidates(paragraph)}
    assert candidates["a grave abuse of power"].attributed
    assert not candidates["a grave abuse of power"].elsewhere
    assert candidates["only one word suitable"].elsewhere  # another year
    assert candidates["the bureaucracy felt out Stalin himself"].elsewhere  # another writer


@pytest.mark.sphinx("html", testroot="quotations", freshenv=True)
def test_planted_quotations_in_html(app):
    app.build()
    warnings = warnings_of(app)
    assert len(warnings) == 1
    assert (warnings[0].file, warnings[0].line, warnings[0].tag) == (
        "article.md",
        20,
        "apparatus.override_unmatched",
    )
    assert warnings[0].message == (
        "speech-quotation 'no such quotation' matches no quotation detected in this article"
    )
    speech = BeautifulSoup((app.outdir / "speech.html").read_text(encoding="utf-8"), "html.parser")
    exact = speech.find(id="variants-harvest").get_text(" ")
    assert "Quoted without variant" in exact
    assert "the harvest of 1955 was the greatest in the history" in exact
    entry = speech.select_one("#variants-enemies .variant-entry")
    assert entry.select_one(".lemma").get_text() == "declared"
    assert entry.select_one(".reading").get_text() == "called"
    assert entry.select_one(".siglum").get_text() == "C"
    assert entry.select_one("a")["href"].startswith("article.html#para-")
    # the second series stands between the passage and its commentary notes
    assert speech.find(id="variants-harvest").find_previous_sibling("div")["id"] == "harvest"
    assert speech.find(id="variants-harvest").find_next_sibling("div")["id"] == "notes-harvest"
    listing = BeautifulSoup((app.outdir / "quoted.html").read_text(encoding="utf-8"), "html.parser")
    outside = [li.get_text(" ") for li in listing.select(".quotations-outside li")]
    assert len(outside) == 2
    assert "“the monuments to Stalin must come down”" in outside[0]
    assert "(editor: not in the excerpt)" in outside[1]
    assert listing.select(".quotations-variant li")[0].get_text(" ").startswith("“honest workers")
    everything = " ".join(ul.get_text(" ") for ul in listing.select("ul.speech-quotations"))
    assert "our own words" not in everything  # rejected by the editor
    assert "Trotsky" not in everything and everything.count("the harvest of 1955") == 1  # given to Trotsky


@pytest.mark.sphinx("html", testroot="quotations", freshenv=True)
def test_disputed_fact_gets_notes_and_a_list(app):
    app.build()
    article = BeautifulSoup((app.outdir / "article.html").read_text(encoding="utf-8"), "html.parser")
    note = article.select_one("aside.fact-note")
    text = " ".join(note.get_text(" ").split())
    assert "Editorial note on the year of the harvest" in text
    assert "P “the harvest of 1955”" in text
    assert "C “the harvest of 1955 was the greatest in the history”" in text
    marker = article.find(id="fact-year")
    assert marker.find_next("a", class_="footnote-reference")["href"] == "#" + note["id"]
    links = [a["href"] for a in note.select("a") if a.get_text() in {"P", "C"}]
    assert links == ["speech.html#fact-year", "#fact-year"]
    listing = BeautifulSoup((app.outdir / "quoted.html").read_text(encoding="utf-8"), "html.parser")
    readings = " ".join(listing.select_one("p.fact-readings").get_text(" ").split())
    assert readings.startswith("The year of the harvest .")
    assert readings.index("P “the harvest of 1955”") < readings.index("C “the harvest")


@pytest.mark.sphinx("latex", testroot="quotations", freshenv=True)
def test_planted_quotations_in_latex(app):
    app.build()
    tex = (app.outdir / "quotations.tex").read_text(encoding="utf-8")
    assert r"\begin{sphinxuseclass}{apparatus-variants}" in tex
    assert r"\DUrole{lemma}{declared} {]} \DUrole{reading}{called}" in tex
    assert "the monuments to Stalin must come down" in tex
    assert re.search(r"\\begin\{footnote\}\[1\]\\sphinxAtStartFootnote\s*Editorial note on the year", tex)


@pytest.mark.sphinx("latex", testroot="quotations", freshenv=True)
def test_sigla_lead_to_the_quoting_paragraph_in_latex(app):
    """The paragraph anchors the sigla link to are labels in LaTeX, at the start of their paragraph."""
    app.build()
    tex = (app.outdir / "quotations.tex").read_text(encoding="utf-8")
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    targets = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex))
    paragraphs = {target for target in targets if re.search(r":para-\d+$", target)}
    assert paragraphs
    assert not targets - labels, sorted(targets - labels)
    for target in paragraphs:
        assert f"\\sphinxAtStartPar\n\\phantomsection\\label{{\\detokenize{{{target}}}}}" in tex


@pytest.mark.edition
def test_edition_variants_of_w_on_the_speech_page(html_dir):
    speech = BeautifulSoup((html_dir / "speech.html").read_text(encoding="utf-8"), "html.parser")
    entries = speech.select("#variants-stalins-extreme-methods .variant-entry")
    texts = [" ".join(e.get_text(" ").split()) for e in entries]
    assert "a and the Soviet Government ] or the Soviet government W" in texts


@pytest.mark.edition
def test_edition_quotations_outside_the_excerpt(html_dir):
    page = BeautifulSoup((html_dir / "speech-as-quoted.html").read_text(encoding="utf-8"), "html.parser")
    outside = " ".join(page.select_one(".quotations-outside").get_text(" ").split())
    for words in (
        "mass arrests and deportation of thousands and thousands of people",
        "to beat, beat and, once again, beat",
        "Had our industry been mobilised properly",
        "destroy them so as to hide the shameful acts",
    ):
        assert words in outside
    for link in page.select(".quotations-outside a[href*='commentary/']"):
        target = link["href"]
        assert "#para-" in target


@pytest.mark.edition
@pytest.mark.pdf
def test_edition_variants_in_the_pdf(pdf_text):
    text = " ".join(pdf_text.split())
    assert "and the Soviet Government ] or the Soviet government W" in text
