"""Every page names the edition's sources in its metadata: when they change, every page is written again.

The sources (the speech and each article, with its title and authors) come
from the articles' documents and the bibliography, but every page shows them
in its JSON-LD. Sphinx writes again only the pages it reads again, so after an
article is retitled the other pages would keep the old title. The sources as
the pages last showed them are kept in this extension's domain and compared
once the documents are read.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.domains import Domain

from .head import based_on

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class CitableDomain(Domain):
    """What the pages last showed as the edition's sources (for the whole project, not per document)."""

    name = "citable"
    label = "Citable edition"
    initial_data: ClassVar[dict[str, Any]] = {"sources": ""}  #: the sources, as JSON

    def clear_doc(self, docname: str) -> None:
        """Nothing is kept per document."""

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Nothing is kept per document; the main process compares after merging."""


def pages_naming_changed_sources(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """Every page, when the sources the pages name differ from those they were last written with."""
    if not app.config.citable_edition:  # no metadata (its faults were said): the pages show none
        return set()
    data = env.get_domain("citable").data
    now = json.dumps(based_on(env, app.config), ensure_ascii=False, sort_keys=True)
    before, data["sources"] = data["sources"], now
    return set(env.found_docs) if before and before != now else set()


def setup_sources(app: Sphinx) -> None:
    """Register the domain and the comparison."""
    app.add_domain(CitableDomain)
    app.connect("env-get-updated", pages_naming_changed_sources)
