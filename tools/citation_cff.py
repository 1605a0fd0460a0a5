"""Write CITATION.cff from pyproject.toml, the one home of the edition's metadata.

Run ``python tools/citation_cff.py`` after changing the title, editors, version or
release date; ``--check`` exits non-zero when CITATION.cff is out of date.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def citation_cff() -> str:
    """The text of CITATION.cff."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    edition = pyproject["tool"]["edition"]
    lines = [
        "# Generated from pyproject.toml by tools/citation_cff.py; edit pyproject.toml instead.",
        "cff-version: 1.2.0",
        'message: "If you use this edition, please cite it as below."',
        "type: dataset",
        f"title: {quoted(edition['title'])}",
        f"version: {quoted(pyproject['project']['version'])}",
        f"date-released: {quoted(edition['release-date'])}",
        f"abstract: {quoted(pyproject['project']['description'])}",
        "authors:",
        *(f"  - name: {quoted(name)}" for name in edition["editors"]),
        "keywords:",
        *(f"  - {quoted(keyword)}" for keyword in edition["keywords"]),
    ]
    if edition.get("url"):
        lines.append(f"url: {quoted(edition['url'])}")
    return "\n".join(lines) + "\n"


def main() -> int:
    """Write CITATION.cff, or with ``--check`` compare it with what it should be."""
    path = ROOT / "CITATION.cff"
    text = citation_cff()
    if "--check" in sys.argv[1:]:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            print("CITATION.cff is out of date: run python tools/citation_cff.py")
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
