"""How far two independent readings agree, computed from their tables.

A *link* is a pair (sentence, passage): two readings agree on a link when both
tie the sentence to that passage, whatever the relation. Link-level
precision, recall and F1 take the first reading as the reference (F1 is the
same either way). The relation is compared on the links both readings made,
with Cohen's kappa; a link given two relations (``quotes`` and ``disputes``)
counts as one category of its own, ``disputes+quotes``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .tables import Links


def links_of(decisions: Mapping[str, Links]) -> dict[tuple[str, str], str]:
    """Every (sentence, passage) link of a reading, with its relation category."""
    found: dict[tuple[str, str], set[str]] = {}
    for sentence, links in decisions.items():
        for relation, passage_id in links:
            found.setdefault((sentence, passage_id), set()).add(relation)
    return {link: "+".join(sorted(relations)) for link, relations in found.items()}


def cohen_kappa(first: list[str], second: list[str]) -> float | None:
    """Cohen's kappa of two raters' categories for the same items; ``None`` when undefined."""
    if not first or len(first) != len(second):
        return None
    count = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / count
    one, two = Counter(first), Counter(second)
    expected = sum(one[category] * two[category] for category in one) / count**2
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


@dataclass(frozen=True)
class Agreement:
    """The figures the note on the text publishes."""

    sentences: int  #: Sentences both readings decided.
    same_decision: int  #: Sentences with the same decision (links and relations) in both.
    first_links: int
    second_links: int
    shared_links: int
    kappa: float | None  #: Cohen's kappa on the relation of the shared links.

    @property
    def precision(self) -> float:
        """Of the second reading's links, the share the first also made."""
        return self.shared_links / self.second_links if self.second_links else 0.0

    @property
    def recall(self) -> float:
        """Of the first reading's links, the share the second also made."""
        return self.shared_links / self.first_links if self.first_links else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def agreement(first: Mapping[str, Links], second: Mapping[str, Links]) -> Agreement:
    """Compare two readings over the sentences both decided."""
    sentences = sorted(set(first) & set(second))
    one = links_of({s: first[s] for s in sentences})
    two = links_of({s: second[s] for s in sentences})
    shared = sorted(set(one) & set(two))
    return Agreement(
        sentences=len(sentences),
        same_decision=sum(first[s] == second[s] for s in sentences),
        first_links=len(one),
        second_links=len(two),
        shared_links=len(shared),
        kappa=cohen_kappa([one[link] for link in shared], [two[link] for link in shared]),
    )


def changed(decided: Mapping[str, Links], reading: Mapping[str, Links]) -> int:
    """How many sentences' decisions differ from *reading* in *decided*."""
    return sum(decided[s] != reading.get(s) for s in decided)
