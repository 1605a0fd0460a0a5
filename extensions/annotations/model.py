"""The commentary links as W3C Web Annotations: one per link and passage, gathered in a collection."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

    from .text import PageText, Words

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: The name of the file, in the root of the HTML output.
FILENAME = "annotations.jsonld"
#: How the model's motivations read the edition's relations; any other relation is a comment.
MOTIVATIONS: dict[str, str] = {
    "quotes": "linking",
    "paraphrases": "describing",
    "contextualises": "commenting",
    "disputes": "questioning",
}
#: Characters of context given before and after the words, more where that is not enough to be unique.
CONTEXT_LENGTH = 30


class Link(NamedTuple):
    """One commentary link to one passage, with what the annotation says of both ends."""

    key: str  #: The fragment of the annotation's id, from the editor's ids.
    relation: str
    passage_id: str
    passage_docname: str
    passage_anchor: str  #: The passage's element.
    passage_words: str  #: The lemma's words, or the passage's text for a note on the whole passage.
    article_docname: str
    article_anchor: str  #: The element that holds the article's words (the span, or its paragraph).
    article_words: str
    article_title: str
    article_siglum: str
    article_bibkey: str
    #: The id of the element where the lemma's words begin on the page; empty for the whole passage.
    lemma_id: str = ""


def quote_selector(page: PageText, words: Words) -> dict[str, Any]:
    """A TextQuoteSelector for *words*, with enough context around them to match once in the page."""
    text = page.text
    length = CONTEXT_LENGTH
    while True:
        prefix = text[max(0, words.start - length) : words.start]
        suffix = text[words.end : words.end + length]
        whole = prefix + words.exact + suffix
        complete = len(prefix) == words.start and len(suffix) == len(text) - words.end
        if count(text, whole) == 1 or complete:
            break
        length *= 2
    return {"type": "TextQuoteSelector", "exact": words.exact, "prefix": prefix, "suffix": suffix}


def count(text: str, part: str) -> int:
    """How many times *part* occurs in *text*, overlapping occurrences included."""
    found, start = 0, text.find(part)
    while start >= 0:
        found += 1
        start = text.find(part, start + 1)
    return found


def target(url: str, anchor: str, page: PageText, words: Words) -> dict[str, Any]:
    """Some words of a page: the element that holds them, their quote and their place in its text."""
    return {
        "type": "SpecificResource",
        "source": url,
        "selector": [
            quote_selector(page, words),
            {"type": "TextPositionSelector", "start": words.start, "end": words.end},
            {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3986", "value": anchor},
        ],
    }


def annotation(
    link: Link,
    ids: str,
    url: Callable[[str], str],
    passage: tuple[PageText, Words],
    article: tuple[PageText, Words],
    language: str,
) -> dict[str, Any]:
    """The annotation of one link: the article's words as its body, both ends as its targets."""
    motivation = MOTIVATIONS.get(link.relation, "commenting")
    article_url = url(link.article_docname)
    return {
        "@context": CONTEXT,
        "id": f"{ids}#{link.key}",
        "type": "Annotation",
        "motivation": motivation,
        "body": [
            {
                "type": "TextualBody",
                "purpose": motivation,
                "value": link.article_words,
                "format": "text/plain",
                "language": language,
                "dcterms:source": {
                    "id": article_url,
                    "type": "Text",
                    "dcterms:title": link.article_title,
                    "label": link.article_siglum,
                    "dcterms:identifier": link.article_bibkey,
                },
            },
            {"type": "TextualBody", "purpose": "tagging", "value": link.relation},
        ],
        "target": [
            target(url(link.passage_docname), link.passage_anchor, *passage),
            target(article_url, link.article_anchor, *article),
        ],
    }


def collection(ids: str, label: str, annotations: list[dict[str, Any]], size: int) -> dict[str, Any]:
    """The annotations as one collection in pages of *size*, each page embedded in the one before."""
    chunks = [annotations[start : start + size] for start in range(0, len(annotations), size)] or [[]]
    following: dict[str, Any] | None = None
    for number in range(len(chunks), 0, -1):
        page: dict[str, Any] = {
            "id": f"{ids}#page-{number}",
            "type": "AnnotationPage",
            "partOf": ids,
            "startIndex": (number - 1) * size,
            "items": chunks[number - 1],
        }
        if following is not None:
            page["next"] = following
        following = page
    return {
        "@context": CONTEXT,
        "id": ids,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(annotations),
        "first": following,
        "last": f"{ids}#page-{len(chunks)}",
    }
