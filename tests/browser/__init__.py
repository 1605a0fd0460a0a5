"""Helpers of the browser checks: Debian's Chromium through Playwright, axe-core, the Nu checker."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

HERE = Path(__file__).resolve().parent
#: Debian's Chromium; CHROMIUM names another binary.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: Start-up flags for a machine with a closed network (see the toolchain notes in README).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
VNU = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: The WCAG levels checked: 2.0 and 2.1, A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
INSTALL_HINT = (
    "the browser checks need Debian's chromium and a Java runtime "
    "(apt-get install -y chromium default-jre-headless nodejs npm) and the npm packages "
    "of tests/browser (npm ci --prefix tests/browser; nox -s tests runs it)"
)


def missing_tools() -> list[str]:
    """The tools of the browser checks that this machine lacks."""
    missing = [str(path) for path in (AXE, VNU) if not path.exists()]
    if not Path(CHROMIUM).exists():
        missing.append(CHROMIUM)
    if shutil.which("java") is None:
        missing.append("java")
    return missing


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        """Keep the test output clean."""


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve *directory* over HTTP on a free port of 127.0.0.1; yield its base address."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def pages(html_dir: Path) -> list[str]:
    """Every HTML page of a build, as paths relative to it (assets and sources left out)."""
    return sorted(
        path.relative_to(html_dir).as_posix()
        for path in html_dir.rglob("*.html")
        if not path.relative_to(html_dir).parts[0].startswith("_")
    )


@dataclass(frozen=True)
class IgnoredMessage:
    """A Nu checker message that is accepted, and why."""

    pattern: re.Pattern[str]
    reason: str


def vnu_ignore_list() -> list[IgnoredMessage]:
    """The accepted messages of ``vnu-ignore.toml``; an entry without a reason is refused."""
    data = tomllib.loads((HERE / "vnu-ignore.toml").read_text(encoding="utf-8"))
    entries = []
    for entry in data["ignore"]:
        if not entry.get("reason", "").strip():
            msg = f"vnu-ignore.toml: the entry {entry.get('message')!r} gives no reason"
            raise ValueError(msg)
        entries.append(IgnoredMessage(re.compile(entry["message"]), entry["reason"]))
    return entries


def vnu_errors(html_dir: Path) -> list[dict[str, object]]:
    """The errors the Nu HTML Checker finds in every page of *html_dir*."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(html_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(result.stderr or result.stdout)["messages"]
