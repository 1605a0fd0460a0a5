"""Synthetic editions: a primary text in numbered passages, articles, spans and stand-off links.

Shared by the tests (small sizes) and ``benchmarks/scaling.py`` (up to thousands of
passages). The edition is generated from a seed, so the same arguments always give
the same files. Run as a script to write one::

    python tests/synthetic.py OUTDIR --passages 1000 --articles 20
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXTENSIONS = REPO / "extensions"

#: Words the generated texts are made of (plain ASCII, so any font prints them).
_VOCABULARY = """
congress party committee plenum comrade report resolution leadership question letter
testament collective cult personality history period years people member delegate session
principle policy decision commission archive record evidence account witness statement
speech reader editor article source
"""
WORDS = tuple(_VOCABULARY.split())

CONF = """\
import sys

sys.path.insert(0, {extensions!r})

project = "Synthetic edition"
author = "Generator"
copyright = "2026, generator"
extensions = ["myst_parser", "apparatus"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
exclude_patterns = ["_build"]
root_doc = "index"
latex_engine = "xelatex"
latex_documents = [("index", "synthetic.tex", project, author, "manual")]
"""

BIB_ENTRY = """\
@article{{{key},
  author = {{Author{number}, Anna}},
  title = {{{{Article number {number} on the speech}}}},
  journal = {{Synthetic Review}},
  year = {{{year}}},
}}
"""


@dataclass(frozen=True)
class Edition:
    """What was generated: counts of each kind of markup."""

    path: Path
    passages: int
    articles: int
    speech_pages: int
    spans: int
    standoffs: int
    links: int  #: Span and stand-off links to passages (one per relation and passage).
    references: int  #: ``{passage}`` references.


def articles_for(passages: int) -> int:
    """The default number of articles for *passages*: from 4 (at 100) to 50 (at 5,000)."""
    return max(4, min(50, round(passages / 100)))


def passage_id(number: int) -> str:
    """The id of the *number*-th passage (from 1)."""
    return f"passage-{number:05d}"


def sentence(rng: random.Random, words: int) -> str:
    """*words* words of filler, capitalised, without full stop."""
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def generate(
    target: Path,
    passages: int,
    articles: int | None = None,
    *,
    passages_per_page: int = 100,
    seed: int = 1956,
    extensions: Path = EXTENSIONS,
) -> Edition:
    """Write a synthetic edition into *target* (created if missing) and return its counts.

    Links grow in proportion to passages: every passage is quoted by one span,
    every second passage also by a span that paraphrases it and disputes the
    next one, and every fourth passage by a stand-off link whose quotation
    stands in a plain paragraph of its article. Each article also refers to a
    few passages by ``{passage}``.
    """
    if passages < 2:
        raise ValueError("a synthetic edition needs at least two passages")
    articles = articles or articles_for(passages)
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    (target / "conf.py").write_text(CONF.format(extensions=str(extensions)), encoding="utf-8")

    # The primary text, in pages of passages_per_page passages.
    pages = (passages + passages_per_page - 1) // passages_per_page
    speech_pages = [f"speech-{page + 1:03d}" for page in range(pages)]
    for page, name in enumerate(speech_pages):
        lines = [f"# Speech, part {page + 1}", ""]
        first = page * passages_per_page + 1
        for number in range(first, min(first + passages_per_page, passages + 1)):
            lines += [f":::{{passage}} {passage_id(number)}", f"{sentence(rng, 12)} ({number}).", ":::", ""]
        (target / f"{name}.md").write_text("\n".join(lines), encoding="utf-8")

    # The articles: spans in their own paragraphs, then plain paragraphs for stand-off links.
    bodies: list[list[str]] = [[] for _ in range(articles)]
    plain: list[list[str]] = [[] for _ in range(articles)]
    spans = links = references = 0
    for number in range(1, passages + 1):
        article = number % articles
        words = f"{sentence(rng, 6).lower()} on passage {number}"
        bodies[article].append(f"{sentence(rng, 5)}: {{on}}`{words} <quotes: {passage_id(number)}>`.")
        spans += 1
        links += 1
        if number % 2 == 0 and number < passages:
            other = (number * 7) % articles
            spec = f"paraphrases: {passage_id(number)}; disputes: {passage_id(number + 1)}"
            words = f"{sentence(rng, 4).lower()} about passages {number} and {number + 1}"
            bodies[other].append(f"{sentence(rng, 5)} {{on}}`{words} <{spec}>` {sentence(rng, 3).lower()}.")
            spans += 1
            links += 2
        if number % 4 == 0:
            plain[(number * 3) % articles].append(number)
    standoff_lines = ["# Stand-off links", ""]
    standoffs = 0
    for article in range(articles):
        docname = f"article-{article + 1:03d}"
        lines = [
            f"# Article {article + 1}",
            "",
            ":::{article}",
            f":source: art{article + 1}",
            f":siglum: A{article + 1}",
            ":::",
            "",
        ]
        for body in bodies[article]:
            lines += [body, ""]
        for index, number in enumerate(plain[article]):
            quote = f"{sentence(rng, 8)}, says article {article + 1} of passage {number}"
            lines += [f"{sentence(rng, 4)}. {quote}. {sentence(rng, 4)}.", ""]
            standoff_lines += [
                f":::{{commentary-link}} {docname}",
                f":quote: {quote}",
                f":links: contextualises: {passage_id(number)}",
                ":::",
                "",
            ]
            standoffs += 1
            links += 1
            if index % 5 == 0:
                lines += [f"Compare {{passage}}`{passage_id(number)}`.", ""]
                references += 1
        (target / f"{docname}.md").write_text("\n".join(lines), encoding="utf-8")
    (target / "links.md").write_text("\n".join(standoff_lines), encoding="utf-8")

    bib = [
        BIB_ENTRY.format(key=f"art{number}", number=number, year=1956 + number % 60)
        for number in range(1, articles + 1)
    ]
    (target / "refs.bib").write_text("\n".join(bib), encoding="utf-8")
    (target / "bibliography.md").write_text(
        "# Bibliography\n\n```{bibliography}\n:all:\n```\n", encoding="utf-8"
    )
    toctree = [*speech_pages, *(f"article-{n + 1:03d}" for n in range(articles)), "links", "bibliography"]
    (target / "index.md").write_text(
        "# Synthetic edition\n\n```{toctree}\n:maxdepth: 1\n\n" + "\n".join(toctree) + "\n```\n",
        encoding="utf-8",
    )
    return Edition(target, passages, articles, pages, spans, standoffs, links, references)


def main() -> None:
    """Write one synthetic edition from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--passages", type=int, default=100)
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--passages-per-page", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1956)
    args = parser.parse_args()
    edition = generate(
        args.target, args.passages, args.articles, passages_per_page=args.passages_per_page, seed=args.seed
    )
    print(edition)


if __name__ == "__main__":
    main()
