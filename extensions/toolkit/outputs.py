"""Links from the pages to a file the website publishes beside them (the TEI, the annotations).

A page names such a file through a placeholder node; once the builder is known
the placeholder becomes a link where the file exists (the website's own
builders, or any output when a public address is set), and otherwise the
words followed by the file's name, which a reader of the PDF or the EPUB can
look for on the website rather than follow a broken link.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Container

    from sphinx.application import Sphinx


def unlinked(words: str, name: str) -> list[nodes.Node]:
    """The link's words where there is nothing to link to: the file's name, or the words and the name."""
    if words == name:
        return [nodes.literal(name, name)]
    return [nodes.Text(f"{words} ("), nodes.literal(name, name), nodes.Text(")")]


def resolve_file_links(
    app: Sphinx,
    doctree: nodes.document,
    docname: str,
    placeholder: type[nodes.Element],
    name: str,
    site_builders: Container[str],
) -> None:
    """Replace each *placeholder* of *doctree* with a link to the published file *name*, or its name."""
    base = app.config.html_baseurl.rstrip("/")
    for node in list(doctree.findall(placeholder)):
        text = nodes.Text(node.astext())
        if base:
            uri = f"{base}/{name}"
        elif app.builder.name in site_builders:
            page = app.builder.get_target_uri(docname)
            uri = posixpath.relpath(name, posixpath.dirname(page) or ".")
        else:
            node.replace_self(unlinked(node.astext(), name))
            continue
        node.replace_self(nodes.reference("", "", text, refuri=uri, internal=False))
