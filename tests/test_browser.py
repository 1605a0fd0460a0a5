"""The edition in a real browser: Debian's Chromium, driven by Playwright for Python.

The edition (built as ``nox -s html`` builds it) is served on 127.0.0.1 and read
the way a reader reads it: note markers clicked and hovered, back-links
followed, the cite panel opened, dark mode switched on, the search used, the
page printed. axe-core checks every page against WCAG 2.1 A and AA in light and
dark mode, and the Nu HTML Checker checks the markup of every page. The speech
page is photographed at 1280 and 390 px into ``build/screenshots/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright import sync_api as playwright_api

from .browser import (
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    INSTALL_HINT,
    WCAG_TAGS,
    missing_tools,
    pages,
    serve,
    vnu_errors,
    vnu_ignore_list,
)
from .conftest import BASEURL

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "build" / "screenshots"
SPEECH = "speech.html"


# They read the real edition (the html_dir fixture builds it) in Chromium and the Nu checker.
pytestmark = [pytest.mark.edition, pytest.mark.browser]


@pytest.fixture(scope="module")
def site(html_dir: Path) -> Iterator[str]:
    """The built edition served over HTTP; its base address."""
    if missing := missing_tools():
        pytest.fail(f"missing {', '.join(missing)}: {INSTALL_HINT}")
    with serve(html_dir) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[playwright_api.Browser]:
    """Debian's Chromium, headless."""
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: playwright_api.Browser) -> Iterator[playwright_api.Page]:
    """A fresh page (its own context: no stored theme, no history) at desktop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def target_id(page: playwright_api.Page) -> str | None:
    """The id of the element the address's fragment points to (``:target``)."""
    return page.evaluate("() => document.querySelector(':target')?.id ?? null")


def in_viewport(page: playwright_api.Page, element_id: str) -> bool:
    """Whether the element with *element_id* comes (at least partly) on screen within two seconds."""
    try:
        page.wait_for_function(
            """id => { const box = document.getElementById(id).getBoundingClientRect();
                       return box.bottom > 0 && box.top < window.innerHeight; }""",
            arg=element_id,
            timeout=2000,
        )
    except playwright_api.TimeoutError:
        return False
    return True


# -- From a passage to the commentary and back ----------------------------------------------------


def test_note_marker_leads_to_the_article_span_and_back(page: playwright_api.Page, site: str) -> None:
    page.goto(site + SPEECH)
    marker = page.locator("#noteref-stalins-extreme-methods-1")
    assert marker.get_attribute("role") == "doc-noteref"
    marker.click()
    assert target_id(page) == "note-stalins-extreme-methods-1"
    note = page.locator("#note-stalins-extreme-methods-1")
    assert note.get_attribute("role") == "doc-footnote"
    assert note.locator("[role=doc-backlink]").count() == 1
    # the note names its lemma, the words the marker follows
    assert note.locator(".apparatus-lemma").inner_text().startswith("§5 mass repressions ]")
    assert page.locator("#noteref-stalins-extreme-methods-1").evaluate(
        "m => m.previousElementSibling.classList.contains('lemma')"
    )
    quotation = note.locator(".apparatus-quote").first.inner_text().strip("“”")

    note.get_by_role("link", name="in context").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(site + "commentary/")
    span = target_id(page)
    assert span is not None and span.startswith("on-")
    assert "commentary-span" in page.locator(f"#{span}").get_attribute("class")
    assert in_viewport(page, span)
    # The note quoted exactly the words the link lands on.
    assert page.locator(f"#{span}").inner_text() == quotation

    backlink = page.locator(f"#{span} + .apparatus-backlinks a", has_text="§5")
    assert backlink.get_attribute("role") == "doc-backlink"
    backlink.click()
    page.wait_for_load_state("load")
    # back at the lemma, marked as the target
    assert page.url == site + SPEECH + "#lemma-stalins-extreme-methods-1"
    assert target_id(page) == "lemma-stalins-extreme-methods-1"
    assert in_viewport(page, "lemma-stalins-extreme-methods-1")
    assert "lemma-target" in page.locator("#lemma-stalins-extreme-methods-1").get_attribute("class")


#: The text an annotation's selectors count in, as a client reads the live page: the main
#: element's textContent, the note markers' text left out (their elements removed from a copy).
MAIN_TEXT = """() => {
    const main = document.querySelector('[role="main"]').cloneNode(true);
    main.querySelectorAll('a.footnote-reference').forEach(marker => marker.remove());
    return main.textContent;
}"""
#: The text of one element, the note markers left out, white space collapsed.
ELEMENT_WORDS = """id => {
    const element = document.getElementById(id)?.cloneNode(true);
    if (!element) return null;
    element.querySelectorAll('a.footnote-reference').forEach(marker => marker.remove());
    return element.textContent.replace(/\\s+/g, ' ').trim();
}"""


def test_annotation_selectors_select_their_words_in_chromium(
    page: playwright_api.Page, site: str, html_dir: Path
) -> None:
    """Every selector of annotations.jsonld gives its words on the page as Chromium builds it.

    The build counts offsets in a text of its own making (libxml2's parse of the
    written page); a client such as a browser extension counts in the live DOM.
    """
    collection = json.loads((html_dir / "annotations.jsonld").read_text(encoding="utf-8"))
    targets, annotation_page = [], collection["first"]
    while annotation_page is not None:
        targets += [(item["id"], target) for item in annotation_page["items"] for target in item["target"]]
        annotation_page = annotation_page.get("next")
    assert targets
    by_page: dict[str, list[tuple[str, dict]]] = {}
    for annotation_id, target in targets:
        by_page.setdefault(target["source"].removeprefix(BASEURL), []).append((annotation_id, target))
    for path, page_targets in by_page.items():
        page.goto(site + path)
        page.wait_for_load_state("load")
        text = page.evaluate(MAIN_TEXT)
        for annotation_id, target in page_targets:
            quote, position, fragment = target["selector"]
            start, end = position["start"], position["end"]
            assert text[start:end] == quote["exact"], f"{annotation_id}: {path} [{start}:{end}]"
            assert text[:start].endswith(quote["prefix"]), annotation_id
            assert text[end:].startswith(quote["suffix"]), annotation_id
            assert text.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1, annotation_id
            words = page.evaluate(ELEMENT_WORDS, fragment["value"])
            assert words is not None, f"{annotation_id}: no element #{fragment['value']} on {path}"
            assert " ".join(quote["exact"].split()) in words, annotation_id


def test_a_reference_leads_to_the_note_given_in_full(page: playwright_api.Page, site: str) -> None:
    """A sentence on §3 and §5 is given in full at §3; §5's note refers to it in one click."""
    page.goto(site + SPEECH + "#note-stalins-extreme-methods-2")
    reference = page.locator("#note-stalins-extreme-methods-2 p.apparatus-see")
    assert reference.inner_text().endswith("see the note at §3")
    reference.get_by_role("link").click()
    assert target_id(page) == "note-persuasion-and-submission-2"
    assert in_viewport(page, "note-persuasion-and-submission-2")
    opening = reference.locator(".apparatus-quote-opening").inner_text().strip("“”").removesuffix(" …")
    full = page.locator("#note-persuasion-and-submission-2 .apparatus-quote").first.inner_text()
    assert full.startswith("“" + opening)
    # the full note's lemma, at §3, is marked as the target's
    assert page.locator("#persuasion-and-submission .lemma.lemma-target").count() > 0


def test_previous_and_next_passage(page: playwright_api.Page, site: str) -> None:
    page.goto(site + SPEECH + "#stalins-extreme-methods")
    page.locator("#stalins-extreme-methods .passage-next").click()
    assert target_id(page) == "central-committee-shot"
    page.locator("#central-committee-shot .passage-prev").click()
    assert target_id(page) == "stalins-extreme-methods"


# -- Note previews -------------------------------------------------------------------------------


def test_note_preview_on_hover_and_keyboard_focus(page: playwright_api.Page, site: str) -> None:
    page.goto(site + SPEECH)
    marker = page.locator("#noteref-stalins-extreme-methods-2")
    note_text = "\n\n".join(page.locator("#note-stalins-extreme-methods-2 p").all_inner_texts())
    preview = page.locator("#preview-note-stalins-extreme-methods-2")

    marker.hover()
    preview.wait_for(state="visible")
    assert preview.get_attribute("role") == "tooltip"
    assert " ".join(preview.inner_text().split()) == " ".join(note_text.split())
    # the lemma is lit while its marker is pointed at, and with focus
    lemma = page.locator("#lemma-stalins-extreme-methods-2")
    assert "lemma-active" in lemma.get_attribute("class")
    assert marker.get_attribute("aria-describedby") == "preview-note-stalins-extreme-methods-2"
    # The preview sits by its marker, inside the window.
    marker_box, preview_box = marker.bounding_box(), preview.bounding_box()
    assert 0 <= preview_box["y"] - (marker_box["y"] + marker_box["height"]) < 20
    assert preview_box["x"] >= 0 and preview_box["x"] + preview_box["width"] <= 1280
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")

    # From the keyboard: Tab onto the marker shows the note, Escape hides it.
    page.locator("#noteref-stalins-extreme-methods-1").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "noteref-stalins-extreme-methods-2"
    preview.wait_for(state="visible")
    assert "lemma-active" in lemma.get_attribute("class")
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")
    # The copy carries no ids of its own: the page's ids stay unique.
    assert page.evaluate("() => document.querySelectorAll('.note-preview [id]').length") == 0


def test_notes_without_javascript(browser: playwright_api.Browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + SPEECH)
    # a note each, by lemma (those given in full at another passage refer to it instead)
    notes = page.locator("aside.footnote.apparatus-note .apparatus-quote")
    assert notes.count() > 25
    assert page.locator(".apparatus-headnote .apparatus-quote").count() > 40
    assert page.locator(".note-preview").count() == 0
    assert notes.first.is_visible()
    # The plain note is in the text, so the browser's find reaches it.
    assert "Stalin had betrayed the ideas and legacy of Lenin" in page.locator("body").inner_text()
    context.close()


# -- Cite, dark mode, search, print ---------------------------------------------------------------


def test_cite_panel_opens_with_the_passage_citation(page: playwright_api.Page, site: str) -> None:
    page.goto(site + SPEECH + "#stalins-extreme-methods")
    panel = page.locator("#cite-stalins-extreme-methods")
    chicago = panel.locator(".cite-text").first
    assert not chicago.is_visible()
    panel.locator("summary").click()
    assert panel.get_attribute("open") is not None
    assert chicago.is_visible()
    assert "sec. 5" in chicago.inner_text()
    assert "speech.html#stalins-extreme-methods" in chicago.inner_text()


def luminance(css_colour: str) -> float:
    """The relative luminance (0 black to 1 white) of an ``rgb(...)`` colour."""
    red, green, blue = (int(value) / 255 for value in re.findall(r"[\d.]+", css_colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_dark_mode_switch(page: playwright_api.Page, site: str) -> None:
    page.goto(site + SPEECH)
    background = "() => getComputedStyle(document.body).backgroundColor"
    assert luminance(page.evaluate(background)) > 0.8
    toggle = page.locator(".theme-toggle").filter(visible=True).first
    for _ in range(3):  # auto → dark → light → auto: stop at dark
        if page.evaluate("() => document.body.dataset.theme") == "dark":
            break
        toggle.click()
    assert page.evaluate("() => document.body.dataset.theme") == "dark"
    assert luminance(page.evaluate(background)) < 0.2
    note_colour = page.evaluate(
        "() => getComputedStyle(document.querySelector('.apparatus-notes .apparatus-quote')).color"
    )
    assert luminance(note_colour) > 0.6
    # The choice is kept from page to page.
    page.goto(site + "commentary/haynes-2006.html")
    assert page.evaluate("() => document.body.dataset.theme") == "dark"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("exploiting classes", SPEECH),  # the speech
        ("Poznan", "commentary/"),  # the commentary
    ],
)
def test_search_finds_speech_and_commentary(
    page: playwright_api.Page, site: str, words: str, expected: str
) -> None:
    page.goto(site + "index.html")
    box = page.locator("input.sidebar-search").filter(visible=True).first
    box.fill(words)
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for()
    assert any(expected in href for href in results.evaluate_all("links => links.map(a => a.href)"))


def test_print_stylesheet(page: playwright_api.Page, site: str) -> None:
    page.goto(site + SPEECH)
    page.emulate_media(media="print")
    assert not page.locator("#cite-stalins-extreme-methods").is_visible()
    assert not page.locator(".sidebar-drawer").is_visible()
    assert page.locator("#note-stalins-extreme-methods-1").is_visible()
    assert page.locator("#stalins-extreme-methods .passage-number").is_visible()


# -- Layout at two widths, and the screenshots ---------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_headnote_after_the_text_folded_on_a_phone(
    browser: playwright_api.Browser, site: str, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site + SPEECH)
    # the text comes first: §1 within the first screen
    assert page.locator("#p1").bounding_box()["y"] < height
    # no row of markers on the heading: only the two editorial notes on its facts, at their words
    assert page.locator("#heading a.footnote-reference[href^='#note-']").count() == 0
    details = page.locator("#notes-heading details")
    assert details.evaluate("d => d.open") is (width >= 800)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#notes-heading").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"headnote-{width}.png"))
    if width < 800:  # one tap opens it
        page.locator("#notes-heading summary").click()
        assert details.evaluate("d => d.open")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    context.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_speech_page_layout_and_screenshot(
    browser: playwright_api.Browser, site: str, width: int, height: int, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site + SPEECH)
    page.evaluate(
        "() => document.getElementById('stalins-extreme-methods').scrollIntoView({behavior: 'instant'})"
    )
    # Nothing wider than the window: no sideways scrolling on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    number = page.locator("#stalins-extreme-methods .passage-number")
    text = page.locator("#stalins-extreme-methods > p").first
    number_box, text_box = number.bounding_box(), text.bounding_box()
    if width >= 800:  # in the margin, left of the text
        assert number_box["x"] + number_box["width"] <= text_box["x"]
    else:  # inline, at the start of the text
        assert text_box["x"] <= number_box["x"] < text_box["x"] + 40
    assert page.locator("#note-stalins-extreme-methods-1").is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if scheme == "light" else "-dark"
    path = SCREENSHOTS / f"speech-{width}{suffix}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    context.close()


# -- Accessibility and markup of every page ------------------------------------------------------


def axe_violations(page: playwright_api.Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the loaded page, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} — {node['failureSummary']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_every_page(browser: playwright_api.Browser, site: str, html_dir: Path, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for name in pages(html_dir):
        page.goto(site + name)
        page.wait_for_load_state("load")
        if violations := axe_violations(page):
            found[name] = violations
    context.close()
    assert not found, "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in found.items())


def test_axe_on_the_speech_page_with_previews_and_panels_open(page: playwright_api.Page, site: str) -> None:
    page.goto(site + SPEECH)
    page.locator("#cite-stalins-extreme-methods summary").click()
    page.locator("#noteref-stalins-extreme-methods-1").focus()
    page.locator("#preview-note-stalins-extreme-methods-1").wait_for(state="visible")
    assert axe_violations(page) == []


def test_nu_html_checker_on_every_page(html_dir: Path, site: str) -> None:
    ignored = vnu_ignore_list()
    errors = [
        message
        for message in vnu_errors(html_dir)
        if not any(entry.pattern.search(str(message["message"])) for entry in ignored)
    ]
    report = "\n".join(f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in errors)
    assert not errors, report


def test_note_preview_stays_inside_a_phone_screen(browser: playwright_api.Browser, site: str) -> None:
    """A marker at the right edge of a phone's screen gets its preview moved left, at full width."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + SPEECH)
    # The marker nearest the right edge of the screen among those whose note is long.
    marker_id = page.evaluate(
        """() => [...document.querySelectorAll('.passage a.footnote-reference')]
            .filter(a => document.getElementById(a.hash.slice(1)).textContent.length > 300)
            .map(a => [a.getBoundingClientRect().right, a.id]).sort((x, y) => y[0] - x[0])[0][1]"""
    )
    marker = page.locator(f"#{marker_id}")
    assert marker.bounding_box()["x"] > 300
    marker.focus()
    preview = page.locator(f"#preview-{marker.get_attribute('href')[1:]}")
    preview.wait_for(state="visible")
    box = preview.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert box["width"] > 300, box  # not squeezed against the edge
    context.close()
