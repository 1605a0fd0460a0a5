"""Write CITATION.cff from pyproject.toml, the one home of the edition's metadata.

Run ``python tools/citation_cff.py`` after changing the title, editors, version or
release date; ``--check`` exits non-zero when CITATION.cff is out of date;
``--pyproject FILE`` reads another file (for tests). pyproject.toml is checked
against the schema the edition's conf.py uses (``extensions/schemas.py``), so
the two can never read it differently.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "extensions"))

from schemas import SchemaError, read_pyproject  # noqa: E402 (found through the path above)


def quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def citation_cff(source: Path = ROOT / "pyproject.toml") -> str:
    """The text of CITATION.cff, from the pyproject.toml at *source* (:class:`SchemaError` if faulty)."""
    pyproject = read_pyproject(source)
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
    arguments = sys.argv[1:]
    source = Path(arguments[arguments.index("--pyproject") + 1]) if "--pyproject" in arguments else None
    path = ROOT / "CITATION.cff"
    try:
        text = citation_cff(source or ROOT / "pyproject.toml")
    except SchemaError as error:
        print(f"CITATION.cff not written, pyproject.toml needs mending:\n{error}", file=sys.stderr)
        return 1
    if "--check" in arguments:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            print("CITATION.cff is out of date: run python tools/citation_cff.py")
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
