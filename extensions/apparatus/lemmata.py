"""Lemmata: the words of a passage that a note bears on, found in the passage's text.

Pure functions over plain text. The offsets are those of the passage's text as
the apparatus records it (:attr:`~apparatus.records.PassageRecord.text`, white
space collapsed), so that the writers, the TEI and the annotations can all find
the same words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import quotations
from .relations import WHOLE_PASSAGE

#: How many words of a lemma the notes show in full; a longer one is shown by its ends (``a b … y z``).
SHOWN_WORDS = 8


class Lemma(NamedTuple):
    """The words of a passage that a note bears on, and where they stand in its text."""

    text: str
    start: int  #: Offset of the first character in the passage's text.
    end: int  #: Offset just after the last character.


def occurrences(lemma: str, text: str) -> list[int]:
    """Where *lemma* stands in *text* as whole words (white space aside), by start offset."""
    words = [re.escape(word) for word in lemma.split()]
    if not words:
        return []
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")
    return [match.start() for match in pattern.finditer(text)]


def find(lemma: str, text: str) -> tuple[Lemma | None, int]:
    """The lemma in *text* if it stands there exactly once, and how many times it stands there."""
    starts = occurrences(lemma, text)
    if len(starts) != 1:
        return None, len(starts)
    start = starts[0]
    end = _end_of(lemma, text, start)
    return Lemma(text[start:end], start, end), 1


def _end_of(lemma: str, text: str, start: int) -> int:
    """The end of *lemma* found at *start* in *text* (white space between its words may differ)."""
    pattern = r"\s+".join(re.escape(word) for word in lemma.split())
    match = re.compile(pattern).match(text, start)
    return match.end() if match else start + len(lemma)


def quoted(span_text: str, passage_text: str, threshold: float = 0.6) -> Lemma | None:
    """The lemma of a quotation: the passage's words that the span's quotation aligns with.

    The span's quotations in quotation marks are tried first, the best aligned
    winning; then the span's own words. A text aligns when at least *threshold*
    of its words stand in the passage, in order.
    """
    candidates = [candidate.text for candidate in quotations.find_candidates(span_text)]
    for texts in (candidates, [span_text]):
        best: tuple[float, Lemma] | None = None
        for text in texts:
            score = quotations.align(text, "", passage_text).score
            where = quotations.extent(text, passage_text)
            if where is not None and score >= threshold and (best is None or score > best[0]):
                start, end = where
                if passage_text[start:end].count("“") > passage_text[start:end].count("”"):
                    end += passage_text[end:].startswith("”")  # the quotation mark the words open
                best = (score, Lemma(passage_text[start:end], start, end))
        if best is not None:
            return best[1]
    return None


def shown(lemma: str, limit: int = SHOWN_WORDS) -> str:
    """A lemma as a note shows it: whole when short, by its first and last words when long."""
    words = lemma.split()
    if len(words) <= limit:
        return lemma
    return f"{' '.join(words[:2])} … {' '.join(words[-2:])}"


def is_whole(lemma: str | None) -> bool:
    """Tell whether the editor keyed a note to the whole passage."""
    return lemma == WHOLE_PASSAGE


#: What :func:`key` reports when a link's lemma cannot key its note (warning subtypes).
NOT_FOUND, AMBIGUOUS, MISSING = "lemma_not_found", "lemma_ambiguous", "missing_lemma"


def key(lemma: str | None, relation: str, words: str, text: str) -> tuple[Lemma | None, str | None]:
    """The lemma of a link in its passage's *text*, or ``None`` for the whole passage; and the fault, if any.

    *lemma* is the editor's (``None`` when none was given), *words* the article's
    words. A quotation without a lemma takes the words it aligns with. The
    fault is :data:`NOT_FOUND`, :data:`AMBIGUOUS` or :data:`MISSING`.
    """
    if is_whole(lemma):
        return None, None
    if lemma is None:
        found = quoted(words, text) if relation == "quotes" else None
        return found, None if found is not None else MISSING
    found, count = find(lemma, text)
    if found is None:
        return None, NOT_FOUND if count == 0 else AMBIGUOUS
    return found, None
