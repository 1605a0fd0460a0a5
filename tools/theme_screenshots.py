"""Build the edition with each candidate theme and photograph the speech page at 1280 and 390 px.

The edition's theme was chosen by looking at these pictures side by side (see
"The theme, and how it was chosen" in docs/maintainers.md). Run ``nox -s screenshots`` to
make them again, for instance after a theme upgrade; they are written to
``build/screenshots/themes/``. Chromium is Debian's (``/usr/bin/chromium``),
driven by Playwright; no browser is downloaded.

Each picture shows the same place, §4 of the speech with its notes, so that
passage numbers, note markers and notes can be compared; ``--full-page`` takes
the whole page instead.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 (needs the path above)

THEMES = ("furo", "sphinx_book_theme")
#: Desktop and phone windows (width, height).
WIDTHS = [(1280, 900), (390, 844)]


def build(theme: str, out: Path) -> None:
    """Build the HTML edition with *theme* into *out*."""
    env = {**os.environ, "EDITION_HTML_THEME": theme}
    command = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(REPO / "edition"), str(out)]
    subprocess.run(command, check=True, env=env)


def photograph(pages: dict[str, Path], target: Path, anchor: str, full_page: bool) -> list[Path]:
    """Take a picture of each theme's speech page at each width; return the files written."""
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for theme, page_file in pages.items():
            for width, height in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(page_file.as_uri())
                page.wait_for_load_state("load")
                # Scroll without animation (a theme may ask for smooth scrolling).
                page.evaluate(
                    "id => document.getElementById(id).scrollIntoView({behavior: 'instant'})", anchor
                )
                path = target / f"speech-{theme}-{width}.png"
                page.screenshot(path=str(path), full_page=full_page)
                written.append(path)
                page.close()
        browser.close()
    return written


def main() -> None:
    """Build, photograph, and list the pictures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--themes", nargs="+", default=list(THEMES), help="themes to compare")
    parser.add_argument("--anchor", default="lenins-severe-methods", help="the passage shown")
    parser.add_argument("--full-page", action="store_true", help="photograph the whole page")
    args = parser.parse_args()
    target = REPO / "build" / "screenshots" / "themes"
    target.mkdir(parents=True, exist_ok=True)
    pages = {}
    for theme in args.themes:
        out = REPO / "build" / "themes" / theme
        build(theme, out)
        pages[theme] = out / "speech.html"
    for path in photograph(pages, target, args.anchor, args.full_page):
        print(path.relative_to(REPO))


if __name__ == "__main__":
    main()
