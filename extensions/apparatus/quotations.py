"""Find where the commentary quotes the speech, align each quotation with the primary text, classify it.

Pure functions over plain text, so that the same input always gives the same
result. Alignment uses :mod:`difflib`'s recursive matching (its blocks and edit
operations are what an apparatus entry, ``lemma ] reading``, is made of), but
finds each longest common run with a suffix automaton instead of difflib's own
search, which goes over every pair of equal words and so grew with the cube of
the length on repetitive text; lemmas are made unambiguous with a suffix array
of the passage instead of counting each candidate lemma's occurrences.
"""

from __future__ import annotations

import re
from difflib import Match, SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Sequence

#: A quotation in double curly quotes, at least two words long.
QUOTE_RE = re.compile(r"“([^“”]+?)”")
WORD_RE = re.compile(r"[\w’'-]+")
ELISION_RE = re.compile(r"…|\.\.\.")

#: Words in the context of a quotation that attribute it to Khrushchev's speech.
ATTRIBUTING = re.compile(r"\b(Khrushchev|speech|declared|stated|said|argued)\b")
#: Words in the quotation's sentence, or the one before, that attribute it to someone else.
OTHER_SOURCE = re.compile(r"\b(Trotsky|Taubman|Brezhnev|Gorbachev|memoirs|wrote|soon after|later)\b")
#: A year other than 1956 in the quotation's own sentence: another occasion.
OTHER_YEAR = re.compile(r"\b19(?:[0-4]\d|5[0-57-9]|[6-9]\d)\b")

EXACT, VARIANT, OUTSIDE = "exact", "variant", "outside"


class Token(NamedTuple):
    """A word of a text: its comparable form and where it stands."""

    key: str
    start: int
    end: int


class Candidate(NamedTuple):
    """A quotation found in a paragraph, with what its context says of its source."""

    text: str
    start: int
    attributed: bool  #: The context names Khrushchev or the speech.
    elsewhere: bool  #: The context names another speaker or another time.


class Variant(NamedTuple):
    """One apparatus entry: the primary text's words and the quotation's reading of them."""

    lemma: str
    reading: str


class Alignment(NamedTuple):
    """Where a quotation stands in a passage, and how far it agrees with it."""

    passage_id: str
    score: float  #: Share of the quotation's words found in the passage, in order.
    exact: bool
    variants: tuple[Variant, ...]


def tokens(text: str) -> list[Token]:
    """The words of *text*, compared without case, punctuation or apostrophe style."""
    return [
        Token(match[0].lower().replace("’", "'").strip("'-"), match.start(), match.end())
        for match in WORD_RE.finditer(text)
        if match[0].strip("'’-")
    ]


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[tuple[Token, ...], tuple[str, ...]]:
    """The tokens of *text* and their comparable forms, computed once for each text.

    A passage is compared with every quotation, and a quotation with every passage.
    """
    found = tuple(tokens(text))
    return found, tuple(token.key for token in found)


def segments(quote: str) -> list[str]:
    """The parts of *quote* between its elisions (… or ...) that hold words."""
    return [segment for segment in ELISION_RE.split(quote) if words(segment)[0]]


@lru_cache(maxsize=4096)
def vocabulary(text: str) -> frozenset[str]:
    """The comparable forms of the words of *text*."""
    return frozenset(words(text)[1])


def find_candidates(paragraph: str) -> list[Candidate]:
    """Every quotation of two or more words in *paragraph*, with its attribution.

    A quotation counts as attributed when its paragraph names Khrushchev or the
    speech; as attributed elsewhere when its own sentence, or the one before,
    names another writer or "later", or its own sentence a year other than 1956.
    """
    sentences = [
        (m.start(), m.end()) for m in re.finditer(r"\S.*?(?:[.!?][”’]?(?=\s+[A-Z“‘(]|\s*$)|$)", paragraph)
    ]
    attributed = bool(ATTRIBUTING.search(QUOTE_RE.sub(" ", paragraph)))
    found: list[Candidate] = []
    for match in QUOTE_RE.finditer(paragraph):
        text = match[1].strip()
        if len(tokens(text)) < 2:
            continue
        index = next((i for i, (s, e) in enumerate(sentences) if s <= match.start() < e), 0)
        own_start, own_end = sentences[index] if sentences else (0, len(paragraph))
        context_start = sentences[index - 1][0] if index else own_start
        context = QUOTE_RE.sub(" ", paragraph[context_start:own_end])
        own = QUOTE_RE.sub(" ", paragraph[own_start:own_end])
        elsewhere = bool(OTHER_SOURCE.search(context) or OTHER_YEAR.search(own))
        found.append(Candidate(text, match.start(), attributed, elsewhere))
    return found


def align(quote: str, passage_id: str, passage: str) -> Alignment:
    """Align *quote* with *passage*, segment by segment where the quotation elides (…)."""
    passage_tokens, keys = words(passage)
    matched = total = 0
    exact = True
    variants: list[Variant] = []
    position = 0
    for segment in segments(quote):
        quote_tokens, quote_keys = words(segment)
        total += len(quote_tokens)
        window = best_window(keys, quote_keys, position)
        if window is None:
            exact = False
            continue
        first, last = window
        matcher = RunMatcher(None, keys[first:last], quote_keys, autojunk=False)
        found = sum(block.size for block in matcher.get_matching_blocks())
        matched += found
        opcodes = trim([op for op in matcher.get_opcodes()])
        if any(op[0] != "equal" for op in opcodes) or found < len(quote_keys):
            exact = False
            variants.extend(hunks(opcodes, passage, passage_tokens, first, segment, quote_tokens))
        position = last
    score = matched / total if total else 0.0
    return Alignment(passage_id, score, exact and matched == total, tuple(variants))


def best_window(keys: Sequence[str], quote: Sequence[str], start: int) -> tuple[int, int] | None:
    """The stretch of *keys* (from *start*) that the quotation covers, with some slack."""
    if not quote or not keys:
        return None
    matcher = RunMatcher(None, keys, quote, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size and b.a >= start]
    if not blocks:
        return None
    anchor = max(blocks, key=lambda b: (b.size, -b.a))
    slack = 2 + len(quote) // 4
    first = max(start, anchor.a - anchor.b - slack)
    last = min(len(keys), anchor.a + (len(quote) - anchor.b) + slack)
    return first, last


def trim(opcodes: list[tuple[str, int, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    """Drop passage words beyond either end of the quotation (the window's slack).

    Where the quotation's first or last words differ from the passage, keep no
    more passage words than the quotation has there, plus one.
    """
    ops = list(opcodes)
    while ops and ops[0][0] == "delete":
        ops.pop(0)
    while ops and ops[-1][0] == "delete":
        ops.pop()
    if ops and ops[0][0] == "replace":
        tag, i1, i2, j1, j2 = ops[0]
        ops[0] = (tag, max(i1, i2 - (j2 - j1) - 1), i2, j1, j2)
    if ops and ops[-1][0] == "replace":
        tag, i1, i2, j1, j2 = ops[-1]
        ops[-1] = (tag, i1, min(i2, i1 + (j2 - j1) + 1), j1, j2)
    return ops


def hunks(
    opcodes: list[tuple[str, int, int, int, int]],
    passage: str,
    passage_tokens: Sequence[Token],
    offset: int,
    segment: str,
    quote_tokens: Sequence[Token],
) -> list[Variant]:
    """Turn edit operations into apparatus entries.

    Operations two words apart or less make one entry; each lemma is widened by
    the following words until it names one place in the passage.
    """
    groups: list[list[int]] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        if groups and i1 - groups[-1][1] <= 2 and j1 - groups[-1][3] <= 2:
            groups[-1][1], groups[-1][3] = i2, j2
        else:
            groups.append([i1, i2, j1, j2])
    keys = tuple(t.key for t in passage_tokens)
    repeated = repeats(keys) if groups else ()
    entries = []
    for i1, i2, j1, j2 in groups:
        i1, i2 = i1 + offset, i2 + offset
        if i1 == i2:  # an addition: anchor it on the passage word before
            i1, j1 = max(0, i1 - 1), max(0, j1 - 1)
        if i1 < i2:  # widen until the lemma stands nowhere else: one word past its longest repeat
            unique_end = min(len(keys), i1 + repeated[i1] + 1)
            if unique_end > i2:
                j2 = min(len(quote_tokens), j2 + unique_end - i2)
                i2 = unique_end
        # take in a difference of capitals just beyond the entry, which would otherwise go unseen
        for ahead in (1, 2):
            i, j = i2 + ahead - 1, j2 + ahead - 1
            if i < len(keys) and j < len(quote_tokens) and keys[i] == quote_tokens[j].key:
                said = passage[passage_tokens[i].start : passage_tokens[i].end]
                quoted = segment[quote_tokens[j].start : quote_tokens[j].end]
                if said != quoted:
                    i2, j2 = i + 1, j + 1
        lemma = span_text(passage, passage_tokens, i1, i2)
        reading = span_text(segment, quote_tokens, j1, j2) or "om."
        entries.append(Variant(lemma, reading))
    return entries


@lru_cache(maxsize=256)
def repeats(keys: tuple[str, ...]) -> tuple[int, ...]:
    """For each word of *keys*, how many words from it on also stand at some other place.

    A run ``keys[i:j]`` stands more than once exactly when ``j - i`` is at most
    ``repeats(keys)[i]``. The longest such prefix shared with any other suffix is
    shared with a neighbour in sorted order, so a suffix array (prefix doubling,
    n log² n) and its longest-common-prefix array (Kasai's, linear) give all of
    them at once, where counting occurrences lemma by lemma took cubic time on
    repetitive text.
    """
    size = len(keys)
    if size < 2:
        return (0,) * size
    ids: dict[str, int] = {}
    rank = [ids.setdefault(key, len(ids)) for key in keys]
    order = list(range(size))
    step = 1
    while True:
        pair = [(rank[i], rank[i + step] if i + step < size else -1) for i in range(size)]
        order.sort(key=pair.__getitem__)
        fresh = [0] * size
        for place in range(1, size):
            fresh[order[place]] = fresh[order[place - 1]] + (pair[order[place]] != pair[order[place - 1]])
        rank = fresh
        if rank[order[-1]] == size - 1 or step >= size:
            break
        step *= 2
    common = [0] * (size + 1)  # common[r]: prefix shared by the suffixes of ranks r - 1 and r
    shared = 0
    for i in range(size):
        r = rank[i]
        if r == 0:
            shared = 0
            continue
        j = order[r - 1]
        while i + shared < size and j + shared < size and keys[i + shared] == keys[j + shared]:
            shared += 1
        common[r] = shared
        shared = max(0, shared - 1)
    return tuple(max(common[rank[i]], common[rank[i] + 1]) for i in range(size))


class RunMatcher(SequenceMatcher):
    """difflib's matcher, with the longest common run found in linear time.

    difflib's own search extends a run for every pair of equal words, which on
    repetitive text is the product of the two lengths for each of the matching
    blocks. Here a suffix automaton of the quotation's part is built and the
    passage's part read through it once. Without junk (the alignment declares
    none), the result is difflib's exactly: the longest run, the earliest in
    the first sequence, then its first occurrence in the second.
    """

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> Match:
        """The longest run common to ``a[alo:ahi]`` and ``b[blo:bhi]``, as difflib would choose it."""
        a, b = self.a, self.b
        ahi = len(a) if ahi is None else ahi
        bhi = len(b) if bhi is None else bhi
        if self.bjunk or self.bpopular:
            return super().find_longest_match(alo, ahi, blo, bhi)
        length, link, first_end, moves = automaton(b, blo, bhi)
        state = matched = best = 0
        best_end = best_state = 0
        for i in range(alo, ahi):
            word = a[i]
            while state and word not in moves[state]:
                state = link[state]
                matched = length[state]
            if word in moves[state]:
                state = moves[state][word]
                matched += 1
            if matched > best:
                best, best_end, best_state = matched, i, state
        if not best:
            return Match(alo, blo, 0)
        return Match(best_end - best + 1, blo + first_end[best_state] - best + 1, best)


def automaton(
    b: Sequence[str], lo: int, hi: int
) -> tuple[list[int], list[int], list[int], list[dict[str, int]]]:
    """The suffix automaton of ``b[lo:hi]``: each state's longest length, suffix link, first end, moves.

    A state stands for runs that end at the same places; ``first_end`` is the
    first of those places (counted from *lo*), which gives the first occurrence.
    """
    length, link, first_end, moves = [0], [-1], [-1], [{}]
    last = 0
    for position in range(hi - lo):
        word = b[lo + position]
        current = len(length)
        length.append(length[last] + 1)
        link.append(0)
        first_end.append(position)
        moves.append({})
        state = last
        while state != -1 and word not in moves[state]:
            moves[state][word] = current
            state = link[state]
        if state != -1:
            target = moves[state][word]
            if length[state] + 1 == length[target]:
                link[current] = target
            else:
                clone = len(length)
                length.append(length[state] + 1)
                link.append(link[target])
                first_end.append(first_end[target])
                moves.append(dict(moves[target]))
                while state != -1 and moves[state].get(word) == target:
                    moves[state][word] = clone
                    state = link[state]
                link[target] = link[current] = clone
        last = current
    return length, link, first_end, moves


def span_text(text: str, found: Sequence[Token], first: int, last: int) -> str:
    """The original words ``first:last`` of *text* (its tokens *found*), punctuation inside them kept."""
    if first >= last or first >= len(found):
        return ""
    return text[found[first].start : found[last - 1].end]


def classify(quote: str, passages: dict[str, str], threshold: float = 0.6) -> tuple[str, Alignment | None]:
    """Classify *quote* against the passages: exact, variant, or outside the excerpt.

    A passage is aligned only if it could reach the *threshold*: the share of
    the quotation's words that occur in it at all bounds the share an alignment
    can match, so the other passages cannot be the quotation's source and are
    passed over without the cost of an alignment.
    """
    best: Alignment | None = None
    quote_keys = [key for segment in segments(quote) for key in words(segment)[1]]
    needed = min(threshold, 1.0)  # an exact alignment scores 1
    for passage_id, text in passages.items():
        if quote_keys:
            present = vocabulary(text)
            if sum(key in present for key in quote_keys) / len(quote_keys) < needed:
                continue  # its score is below the threshold, so it neither wins nor counts
        alignment = align(quote, passage_id, text)
        if best is None or alignment.score > best.score:
            best = alignment
    if best is not None and best.exact:
        return EXACT, best
    if best is not None and best.score >= threshold:
        return VARIANT, best
    return OUTSIDE, None


def extent(quote: str, passage: str) -> tuple[int, int] | None:
    """Where in *passage* the words of *quote* stand: the characters from its first aligned word to its last.

    The lemma of a quotation that the editor did not key by hand: the same
    alignment as :func:`align`, read for its first and last matching words.
    """
    passage_tokens, keys = words(passage)
    first_word = last_word = None
    position = 0
    for segment in segments(quote):
        window = best_window(keys, words(segment)[1], position)
        if window is None:
            continue
        start, end = window
        matcher = RunMatcher(None, keys[start:end], words(segment)[1], autojunk=False)
        blocks = [block for block in matcher.get_matching_blocks() if block.size]
        if not blocks:
            continue
        if first_word is None:
            first_word = start + blocks[0].a
        last_word = start + blocks[-1].a + blocks[-1].size
        position = end
    if first_word is None or last_word is None:
        return None
    return passage_tokens[first_word].start, passage_tokens[last_word - 1].end
