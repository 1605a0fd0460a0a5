"""The live preview of an edited passage: a notice on the page where its words differ from the published ones.

A passage whose words no longer match the registry's fingerprint makes the
build warn (``citable.text_changed``), and a ``-W`` build fail, until the change
is recorded with ``nox -s register``: citations already written would otherwise
quote other words without anyone noticing. While an editor works in
``nox -s serve`` the change must still show at once, and say what it is, on the
page as well as in the console. ``citable_preview_changes`` (which that session
sets) puts a notice before each such passage; other builds never show one.
"""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING

import schemas
from apparatus import nodes as apparatus_nodes
from apparatus.domain import get_domain
from docutils import nodes
from toolkit.editorial import EDITORIAL

from .registry import Registry, fingerprint, registry_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The classes of the notice: editorial matter, left out of the search index.
NOTICE_CLASSES = ["citable-changed-passage", EDITORIAL, "no-search"]


def changed_passages(app: Sphinx) -> dict[str, str]:
    """The registered passages whose words now differ from their fingerprint: id to registry file name.

    A registry that cannot be read gives none here: the build has said why already.
    """
    path = registry_path(app)
    if path is None or not path.is_file():
        return {}
    try:
        registry = Registry.load(path)
    except (tomllib.TOMLDecodeError, OSError, schemas.SchemaError):
        return {}
    changed: dict[str, str] = {}
    for passage_id, record in get_domain(app.env).passage_map().items():
        entry = registry.passages.get(passage_id)
        if entry is not None and entry.get("fingerprint") != fingerprint(record.text):
            changed[passage_id] = path.name
    return changed


def notice(label: str, registry: str) -> nodes.warning:
    """What the page says before a passage whose words were changed since they were published."""
    text = (
        f"Preview: the words of {label} differ from those published ({registry}). "
        "Citations of it would now quote other words. If the change is meant, run "
        "nox -s register to record it; until then a build with -W fails."
    )
    return nodes.warning("", nodes.paragraph(text, text), classes=NOTICE_CLASSES)


def show_changed_passages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put a notice before each passage of the page whose words differ from the registry's."""
    if not app.config.citable_preview_changes or app.builder.format != "html":
        return
    passages = list(doctree.findall(apparatus_nodes.passage))
    if not passages:
        return
    changed = changed_passages(app)
    for passage in passages:
        registry = changed.get(passage["passage_id"])
        if registry is not None and passage.parent is not None:
            passage.parent.insert(passage.parent.index(passage), notice(passage["label"], registry))
