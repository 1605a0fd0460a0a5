"""The ledger: a recorded decision for every sentence of every article, checked by the build.

The edition's apparatus is made from two independent readings of the articles
and an adjudication of their differences (docs/annotation-guide.md). The
ledger (``ledger_file``, a table) records the decision for each sentence; the
build warns when an article holds a sentence the ledger does not decide, when
the ledger names a sentence no article holds, and when the apparatus gives a
sentence other links than the ledger. The ``annotation-agreement`` and
``ledger-coverage`` directives show how far the readings agreed and what the
apparatus covers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .check import check_ledger, record_sentences
from .directives import AgreementDirective, CoverageDirective, setup_nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ledger extension with Sphinx."""
    app.setup_extension("apparatus")
    app.add_config_value("ledger_file", "", "env", types=frozenset({str}))
    setup_nodes(app)
    app.add_directive("annotation-agreement", AgreementDirective)
    app.add_directive("ledger-coverage", CoverageDirective)
    app.connect("doctree-read", record_sentences)
    app.connect("env-check-consistency", check_ledger)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
