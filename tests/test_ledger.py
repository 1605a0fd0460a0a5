"""The ledger: its check on a small project, its directives, and the agreement figures.

The project ``test-ledger`` has one article of four sentences and a ledger
that agrees with its apparatus. Each case edits the ledger or the article and
expects the warnings it promises, with file, line and subtype.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import typed_warnings

ROOT = Path(__file__).resolve().parent / "roots" / "test-ledger"
LEDGER_ROW = "C1.1\tarticle\tquotes: first-passage\tagreed\tthe words of §1\t"


def project(tmp_path: Path) -> Path:
    """A fresh copy of the test project."""
    srcdir = tmp_path / "ledger"
    shutil.copytree(ROOT, srcdir)
    return srcdir


def edit(path: Path, old: str, new: str) -> None:
    """Replace *old* (which must be there) with *new* in the file at *path*."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(make_app, srcdir: Path, **kwargs) -> list[tuple[str, int, str, str]]:
    """Build *srcdir* in HTML; its warnings as (file, line, type.subtype, message)."""
    app = make_app("html", srcdir=srcdir, **kwargs)
    app.build()
    app.cleanup()
    return typed_warnings(app)


def test_a_ledger_that_agrees_gives_no_warning(make_app, tmp_path):
    assert build(make_app, project(tmp_path), freshenv=True) == []


CASES = {
    "sentence-without-decision": (
        ("ledger.tsv", "C1.2\tarticle\tcontextualises: heading\tagreed\tthe date of the speech\t"
         "It was given on the first of April.\n", ""),
        [("article.md", 8, "ledger.undecided",
          "sentence C1.2 has no decision in the ledger: 'It was given on the first of April.'")],
    ),
    "decision-for-a-missing-sentence": (
        ("ledger.tsv", "C3.1\t", "C3.2\tarticle\tnone\tagreed\tinvented\tA sentence nobody wrote.\nC3.1\t"),
        [("ledger.tsv", 5, "ledger.unknown_sentence", "C3.2: no such sentence in 'article'")],
    ),
    "decision-for-a-document-that-is-no-article": (
        ("ledger.tsv", "C3.1\tarticle", "C3.1\tspeech"),
        [
            ("article.md", 13, "ledger.undecided",
             "sentence C3.1 has no decision in the ledger: 'See also third-passage and heading.'"),
            ("ledger.tsv", 5, "ledger.unknown_sentence", "C3.1: 'speech' is not an article"),
        ],
    ),
    "ledger-and-apparatus-disagree": (
        ("ledger.tsv", LEDGER_ROW, LEDGER_ROW.replace("quotes", "paraphrases")),
        [("article.md", 8, "ledger.disagrees",
          "C1.1: the apparatus gives 'quotes: first-passage', the ledger (ledger.tsv:2) "
          "'paraphrases: first-passage'")],
    ),
    "apparatus-loses-a-link": (
        ("article.md", "{on}`It was given on the first of April. <contextualises: heading>`",
         "It was given on the first of April."),
        [("article.md", 8, "ledger.disagrees",
          "C1.2: the apparatus gives 'none', the ledger (ledger.tsv:3) 'contextualises: heading'")],
    ),
    "malformed-links": (
        ("ledger.tsv", LEDGER_ROW, LEDGER_ROW.replace("quotes: first-passage", "quotes first-passage")),
        [
            ("article.md", 8, "ledger.undecided",
             "sentence C1.1 has no decision in the ledger: "
             "'The author says the harvest was called great in a speech.'"),
            ("ledger.tsv", 2, "ledger.bad_ledger",
             "C1.1: expected 'relation: passage-id' in 'quotes first-passage'"),
        ],
    ),
    "unknown-passage": (
        ("ledger.tsv", LEDGER_ROW, LEDGER_ROW.replace("first-passage", "fourth-passage")),
        [
            ("article.md", 8, "ledger.disagrees",
             "C1.1: the apparatus gives 'quotes: first-passage', the ledger (ledger.tsv:2) "
             "'quotes: fourth-passage'"),
            ("ledger.tsv", 2, "ledger.bad_ledger", "C1.1: no passage 'fourth-passage'"),
        ],
    ),
    "missing-column": (
        ("ledger.tsv", "id\tarticle\tlinks", "id\tarticle\tlink"),
        [("ledger.tsv", 1, "ledger.bad_ledger",
          "cannot read the ledger: the header line lacks the column(s) links")],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_fault_gives_its_warning_on_every_build(make_app, tmp_path, case):
    (name, old, new), expected = CASES[case]
    srcdir = project(tmp_path)
    edit(srcdir / name, old, new)
    assert sorted(build(make_app, srcdir, freshenv=True)) == sorted(expected)
    # a rerun reads nothing and fails again
    assert sorted(build(make_app, srcdir)) == sorted(expected)


def test_the_reports_show_the_figures_and_the_coverage(make_app, tmp_path):
    srcdir = project(tmp_path)
    (srcdir / "one.tsv").write_text(
        "id\tlinks\nC1.1\tquotes: first-passage\nC1.2\tcontextualises: heading\nC2.1\tnone\nC3.1\tnone\n",
        encoding="utf-8",
    )
    (srcdir / "two.tsv").write_text(
        "id\tlinks\nC1.1\tquotes: first-passage\nC1.2\tparaphrases: heading\nC2.1\tnone\n"
        "C3.1\tcontextualises: third-passage\n",
        encoding="utf-8",
    )
    (srcdir / "report.md").write_text(
        "# Report\n\n```{annotation-agreement} one.tsv two.tsv\n:ledger: ledger.tsv\n```\n\n"
        "```{ledger-coverage}\n```\n",
        encoding="utf-8",
    )
    edit(srcdir / "index.md", "bibliography\n", "bibliography\nreport\n")
    assert build(make_app, srcdir, freshenv=True) == []
    page = re.sub(
        r"<[^>]+>", " ", (Path(srcdir) / "_build" / "html" / "report.html").read_text(encoding="utf-8")
    )
    page = " ".join(page.split())
    # reading 1 links C1.1 and C1.2; reading 2 those two and C3.1: precision 2/3, recall 1;
    # the shared links' relations: quotes/quotes, contextualises/paraphrases: kappa 1/3
    assert "Sentences given the same decision (links and relations) 2 (50%)" in page
    assert "Links (sentence to passage) in reading 1, in reading 2, in both 2, 3, 2" in page
    assert "Precision and recall of reading 2 against reading 1 0.67, 1.00" in page
    assert "F1 of the links 0.80" in page
    assert "kappa on the relation of the 2 shared links 0.33" in page
    # the ledger differs from reading 1 at C2.1, from reading 2 at C1.2, C2.1 and C3.1
    assert "Sentences adjudicated (the readings differed) 1" in page
    assert "Ledger decisions that differ from reading 1, from reading 2 1, 3" in page
    assert "§1 1 1 – –" in page  # quoted by C1.1, paraphrased by C2.1
    assert "Passages that no sentence reaches: §2." in page
    assert "C: 1 of 4 sentences reach no passage (C3.1)." in page


def test_the_coverage_is_rewritten_only_when_the_passages_it_shows_change(make_app, tmp_path):
    srcdir = project(tmp_path)
    (srcdir / "coverage.md").write_text("# Coverage\n\n```{ledger-coverage}\n```\n", encoding="utf-8")
    edit(srcdir / "index.md", "bibliography\n", "bibliography\ncoverage\n")
    assert build(make_app, srcdir, freshenv=True) == []

    def written_after(name: str, old: str, new: str) -> set[str]:
        edit(srcdir / name, old, new)
        app = make_app("html", srcdir=srcdir)
        pages: set[str] = set()
        app.connect("html-page-context", lambda app, pagename, *args: pages.add(pagename))
        app.build()
        app.cleanup()
        return pages

    # the words of a passage: the report shows its label and link, not its words
    assert "speech" in written_after("speech.md", "has no commentary", "has no note")
    assert "coverage" not in written_after("speech.md", "has no note", "has no commentary")
    # a passage added before the second renumbers it and the third
    new = ":::{passage} new-passage\nA new passage.\n:::\n\n:::{passage} second-passage"
    assert "coverage" in written_after("speech.md", ":::{passage} second-passage", new)
    page = (srcdir / "_build" / "html" / "coverage.html").read_text(encoding="utf-8")
    assert "#new-passage" in page
    assert "Passages that no sentence reaches: §2, §3." in " ".join(re.sub("<[^>]+>", " ", page).split())


def test_agreement_figures_by_hand():
    from ledger.agreement import agreement, cohen_kappa

    one = {
        "s1": frozenset({("quotes", "p1")}),
        "s2": frozenset({("contextualises", "p2")}),
        "s3": frozenset(),
        "s4": frozenset({("disputes", "p1")}),
    }
    two = {
        "s1": frozenset({("quotes", "p1")}),
        "s2": frozenset({("paraphrases", "p2")}),
        "s3": frozenset({("contextualises", "p3")}),
        "s4": frozenset(),
    }
    figures = agreement(one, two)
    # links: (s1,p1) (s2,p2) (s4,p1) against (s1,p1) (s2,p2) (s3,p3); two shared
    assert (figures.first_links, figures.second_links, figures.shared_links) == (3, 3, 2)
    assert figures.precision == pytest.approx(2 / 3)
    assert figures.recall == pytest.approx(2 / 3)
    assert figures.f1 == pytest.approx(2 / 3)
    # relations of the shared links: quotes/quotes agree, contextualises/paraphrases do not;
    # observed 1/2, chance (1/2 * 1/2 for quotes) 1/4: kappa (1/2 - 1/4) / (3/4) = 1/3
    assert figures.kappa == pytest.approx(1 / 3)
    assert figures.same_decision == 1
    # the textbook case: 20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no; observed 0.7, chance 0.5
    first = ["yes"] * 25 + ["no"] * 25
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(first, second) == pytest.approx(0.4)
    assert cohen_kappa(["a"], ["a"]) is None  # one category only: kappa is undefined


def test_a_link_with_two_relations_is_a_category_of_its_own():
    from ledger.agreement import links_of

    assert links_of({"s1": frozenset({("quotes", "p1"), ("disputes", "p1"), ("quotes", "p2")})}) == {
        ("s1", "p1"): "disputes+quotes",
        ("s1", "p2"): "quotes",
    }


def test_sentences_are_divided_by_the_published_rule():
    from ledger.sentences import split

    def parts(text: str) -> list[str]:
        return [text[start:end] for start, end in split(text)]

    assert parts("He spoke. They listened.") == ["He spoke.", "They listened."]
    assert parts("As V. I. Lenin wrote, it was so. Then…") == ["As V. I. Lenin wrote, it was so.", "Then…"]
    assert parts("He said “Go. Now.” and left. Next.") == ["He said “Go. Now.” and left.", "Next."]
    assert parts("It was 1956. 1957 came.") == ["It was 1956.", "1957 came."]
    assert parts("It ended … and went on.") == ["It ended … and went on."]


def test_the_edition_ledger_and_tables_agree():
    """Every id of the readings is in the sentences table, and the ledger decides each sentence once."""
    from ledger.tables import read_table

    folder = Path(__file__).resolve().parent.parent / "edition" / "annotation"
    sentences = [row.id for row in read_table(folder / "sentences.tsv", ("id", "text"))]
    assert len(sentences) == len(set(sentences))
    for name in ("reading-1.tsv", "reading-2.tsv", "ledger.tsv", "apparatus-before.tsv"):
        assert [row.id for row in read_table(folder / name, ("id", "links"))] == sentences, name
    adjudicated = {row.id for row in read_table(folder / "adjudication.tsv", ("id", "links", "reason"))}
    decided = {row.id: row.cells["decided"] for row in read_table(folder / "ledger.tsv", ("id", "decided"))}
    assert adjudicated == {sentence for sentence, how in decided.items() if how == "adjudicated"}
