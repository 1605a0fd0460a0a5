"""Warnings of the apparatus extension, each with a subtype for ``suppress_warnings``."""

from __future__ import annotations

from toolkit.messages import Warnings

#: The warning type shared by every warning of the extension.
WARNING_TYPE = "apparatus"

#: Each subtype with the situation that raises it (documented in docs/reference.md).
SUBTYPES: dict[str, str] = {
    "unknown_passage": "a span, link or reference names a passage id that no passage has",
    "duplicate_passage": "two passages share one id",
    "empty_passage": "a passage has no text",
    "quote_not_found": "a stand-off quotation is not found verbatim in its article",
    "unknown_article": "a stand-off link names, or a span stands in, a document that is not an article",
    "unknown_bibkey": "an article names a BibTeX key that no bibliography file holds",
    "unknown_relation": "a span or link names a relation that is not configured",
    "bad_markup": "a role or directive is malformed or misses a required option",
    "duplicate_article": "one document declares two articles",
    "unlinked_article": "an article has no span linked to any passage",
    "override_unmatched": "a speech-quotation override matches no quotation detected in its article",
    "unknown_fact": "a fact-reading names a fact that no fact directive defines, or a fact has no reading",
    "reading_not_found": "the words of a fact-reading are not found once in its document",
    "bad_encoding": "a source file is not valid UTF-8 (it is left out of the build)",
    "bad_witnesses": "the witnesses file of a witness-omissions directive cannot be read",
    "unclosed_fence": "a fence of a Markdown page is never closed and swallows the rest of the file",
    "nested_passage": "a passage stands inside another passage",
    "anchor_link": "a Markdown link targets a passage by its anchor instead of the passage role",
    "lemma_not_found": "a link's lemma does not stand in its passage (as whole words, white space aside)",
    "lemma_ambiguous": "a link's lemma stands more than once in its passage (lengthen it)",
    "missing_lemma": "a link to a numbered passage names no lemma while apparatus_require_lemma is set",
    "bad_bibliography": "a bibliography entry is malformed, repeated or unformattable (it is left out)",
}

#: ``warn(message, subtype, location)``: one warning of the extension.
warn = Warnings(WARNING_TYPE, SUBTYPES)
