"""Doctree snapshots: a passage with its notes, as the apparatus leaves it for the writers.

As sphinx-design snapshots its components, the test builds a small root
(``tests/roots/test-snapshot``: one passage, an article with three links to it),
takes the speech page's doctree after the post-transforms (what every builder,
HTML, LaTeX or EPUB, writes from), and compares its ``pformat()`` with the text
stored in ``tests/snapshots/``. The other tests check what the pages show; this
one shows, in one diff, any change to the nodes themselves: their classes, ids,
order and attributes. When a change is meant, write the snapshots again and
review them with ``git diff``::

    SNAPSHOTS_UPDATE=1 nox -s tests -- tests/test_snapshots.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from docutils import nodes

from .conftest import warnings_of

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
#: Set to write the snapshots from the build instead of comparing with them.
UPDATE = bool(os.environ.get("SNAPSHOTS_UPDATE"))


def matches_snapshot(text: str, name: str) -> None:
    """Assert that *text* is the stored snapshot *name* (or store it, with ``SNAPSHOTS_UPDATE``)."""
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {name}; write it with SNAPSHOTS_UPDATE=1 and review it"
    stored = path.read_text(encoding="utf-8")
    # pytest prints a line-by-line diff of the two texts when they differ
    assert text == stored, f"{name} differs; if the change is meant, write it again with SNAPSHOTS_UPDATE=1"


@pytest.mark.sphinx("html", testroot="snapshot", freshenv=True)
def test_passage_with_its_notes(app):
    app.build()
    assert warnings_of(app) == []
    doctree = app.env.get_and_resolve_doctree("speech", app.builder, tags=app.tags)
    (section,) = (node for node in doctree.findall(nodes.section) if "the-speech" in node["ids"])
    matches_snapshot(section.pformat(), "passage-with-notes.txt")
