"""Report the weight of the speech page: HTML, CSS, JavaScript, fonts and images a reader downloads.

The edition is built (or an existing build given with ``--html-dir`` is used),
served on 127.0.0.1, and the speech page is loaded in Debian's Chromium through
Playwright; every response the page asks for is counted by its type, in bytes as
served and as gzip would compress them (what a web server usually sends). Run
with ``nox -s page_weight`` or ``python benchmarks/page_weight.py``; the figures
are on the performance page of docs/.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402 (needs the path above)

#: How Chromium's resource types are reported.
KINDS = {
    "document": "HTML",
    "stylesheet": "CSS",
    "script": "JavaScript",
    "font": "fonts",
    "image": "images",
}


def build(out: Path) -> None:
    """Build the HTML edition into *out* as ``nox -s html`` does."""
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-j",
        "auto",
        "-b",
        "html",
        str(REPO / "edition"),
        str(out),
    ]
    subprocess.run(command, check=True)


def weigh(html_dir: Path, page_name: str) -> dict[str, list[tuple[str, int, int]]]:
    """Load *page_name* from *html_dir* in Chromium; the responses by kind: (address, bytes, gzipped)."""
    responses: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    with serve(html_dir) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        def record(response: object) -> None:
            body = response.body()  # type: ignore[attr-defined]
            kind = KINDS.get(response.request.resource_type, "other")  # type: ignore[attr-defined]
            url = response.url.removeprefix(address)  # type: ignore[attr-defined]
            responses[kind].append((url, len(body), len(gzip.compress(body, mtime=0))))

        page.on("response", record)
        page.goto(address + page_name)
        page.wait_for_load_state("networkidle")
        browser.close()
    return responses


def report(responses: dict[str, list[tuple[str, int, int]]], verbose: bool) -> None:
    """Print a table of the weight by kind, and the total."""
    print(f"{'kind':<12} {'files':>5} {'bytes':>10} {'gzipped':>10}")
    total_raw = total_gzip = 0
    for kind in [*KINDS.values(), "other"]:
        files = responses.get(kind, [])
        if not files:
            continue
        raw = sum(size for _, size, _ in files)
        packed = sum(size for _, _, size in files)
        total_raw += raw
        total_gzip += packed
        print(f"{kind:<12} {len(files):>5} {raw:>10,} {packed:>10,}")
        if verbose:
            for url, size, zipped in sorted(files, key=lambda item: -item[1]):
                print(f"    {url:<60} {size:>10,} {zipped:>10,}")
    print(f"{'total':<12} {sum(map(len, responses.values())):>5} {total_raw:>10,} {total_gzip:>10,}")


def main() -> None:
    """Build (unless given a build), weigh the page, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html-dir", type=Path, help="an existing HTML build (default: build one)")
    parser.add_argument("--page", default="speech.html", help="the page to weigh")
    parser.add_argument("--verbose", action="store_true", help="list every file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        html_dir = args.html_dir
        if html_dir is None:
            html_dir = Path(scratch) / "html"
            build(html_dir)
        print(f"Weight of {args.page} ({html_dir}):")
        report(weigh(html_dir, args.page), args.verbose)


if __name__ == "__main__":
    main()
