"""The editor's own matter, as against the transcribed text.

Headnotes, notes, back-links, lacuna marks, cite panels and navigation are the
editor's words, not the witnesses': every extension gives them the class
``editorial``, and whatever reads the text itself (paragraph anchors, fact
readings, the register's search for names) passes over them.
"""

from __future__ import annotations

from docutils import nodes

#: The class of every element that holds editorial matter.
EDITORIAL = "editorial"


def is_editorial(node: nodes.Node) -> bool:
    """Tell whether *node* itself is marked as editorial matter."""
    return isinstance(node, nodes.Element) and EDITORIAL in node.get("classes", ())


def inside_editorial(node: nodes.Node) -> bool:
    """Tell whether *node* lies inside an element marked as editorial matter."""
    parent = node.parent
    while parent is not None:
        if is_editorial(parent):
            return True
        parent = parent.parent
    return False
