"""A critical apparatus for Sphinx: passages of a primary text, and the commentary on them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.assets import add_static_files

from . import events
from .bibliography import PRIORITY as BIBLIOGRAPHY_PRIORITY
from .bibliography import check_bibliography
from .checks import check_consistency
from .citations import CopyCitations, ShareCitations
from .config import setup_config
from .directives import (
    ArticleDirective,
    CommentaryLinkDirective,
    FactDirective,
    FactReadingDirective,
    PassageDirective,
    SpeechQuotationDirective,
    SpeechQuotationsDirective,
)
from .domain import ApparatusDomain
from .latex import setup_latex
from .omissions import WitnessOmissionsDirective
from .post_transforms import (
    ArticleBacklinks,
    FactNotes,
    ParagraphTargets,
    PassageNotes,
    QuotationListing,
)
from .roles import CommentarySpanRole, LacunaRole, PassageReferenceRole
from .structure import AnchorLinks, check_fences
from .transforms import ArticleParagraphs, FactReadings
from .visitors import setup_visitors

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the apparatus with Sphinx."""
    app.setup_extension("sphinxcontrib.bibtex")
    setup_config(app)
    setup_visitors(app)
    setup_latex(app)
    app.add_domain(ApparatusDomain)
    app.add_directive("passage", PassageDirective)
    app.add_directive("article", ArticleDirective)
    app.add_directive("commentary-link", CommentaryLinkDirective)
    app.add_directive("speech-quotation", SpeechQuotationDirective)
    app.add_directive("speech-quotations", SpeechQuotationsDirective)
    app.add_directive("fact", FactDirective)
    app.add_directive("fact-reading", FactReadingDirective)
    app.add_directive("witness-omissions", WitnessOmissionsDirective)
    app.add_role("on", CommentarySpanRole())
    app.add_role("lacuna", LacunaRole())
    app.add_role("passage", PassageReferenceRole())
    app.add_transform(ArticleParagraphs)
    app.add_transform(FactReadings)
    app.add_post_transform(PassageNotes)
    app.add_post_transform(ArticleBacklinks)
    app.add_post_transform(QuotationListing)
    app.add_post_transform(FactNotes)
    app.add_post_transform(ShareCitations)
    app.add_post_transform(CopyCitations)
    app.add_post_transform(ParagraphTargets)
    app.add_post_transform(AnchorLinks)
    add_static_files(app, Path(__file__).parent / "static", css="apparatus.css", js="apparatus.js")
    app.connect("builder-inited", check_bibliography, priority=BIBLIOGRAPHY_PRIORITY)
    app.connect("env-before-read-docs", events.note_docs_to_read)
    app.connect("source-read", check_fences)
    app.connect("env-get-updated", events.pages_to_rewrite)
    app.connect("env-updated", events.forget_analyses)
    app.connect("env-check-consistency", check_consistency)
    return {
        "version": __version__,
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
