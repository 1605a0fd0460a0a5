"""What the edition and its pages are, as citation data: CSL-JSON items and their URLs."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


@dataclass(frozen=True)
class Edition:
    """The edition as a whole, from ``citable_edition`` (read from pyproject.toml)."""

    title: str
    editors: tuple[str, ...]
    version: str
    release_date: str  #: ISO date, ``YYYY-MM-DD``.
    publisher: str
    keywords: tuple[str, ...]
    description: str

    @classmethod
    def from_config(cls, config: Config) -> Edition:
        """Read the edition's metadata from the configuration."""
        data = config.citable_edition
        return cls(
            title=data["title"],
            editors=tuple(data.get("editors", ())),
            version=data.get("version", ""),
            release_date=data.get("release_date", ""),
            publisher=data.get("publisher", ""),
            keywords=tuple(data.get("keywords", ())),
            description=data.get("description", ""),
        )

    @property
    def edition_label(self) -> str:
        """The version as the item's edition: "Version 0.1.0" (a bare number reads as an ordinal)."""
        return f"Version {self.version}" if self.version else ""

    @property
    def year(self) -> str:
        """The year of release."""
        return self.release_date[:4]

    def date_parts(self) -> list[list[int]]:
        """The release date as CSL date parts."""
        return [[int(part) for part in self.release_date.split("-") if part]]


@dataclass(frozen=True)
class Work:
    """The primary text, from ``citable_work``."""

    author_family: str
    author_given: str
    title: str
    year: str
    docname: str

    @classmethod
    def from_config(cls, config: Config) -> Work:
        """Read the primary text's metadata from the configuration."""
        data = config.citable_work
        return cls(
            author_family=data["author_family"],
            author_given=data.get("author_given", ""),
            title=data["title"],
            year=str(data.get("year", "")),
            docname=data.get("docname", "speech"),
        )

    @property
    def author(self) -> str:
        """The author as 'Family, Given'."""
        return f"{self.author_family}, {self.author_given}".rstrip(", ")


def page_url(app: Sphinx, fromdocname: str, docname: str, anchor: str = "") -> str:
    """The address of *docname* (and anchor): absolute under ``html_baseurl``, else relative.

    A relative address is relative to the page *fromdocname* it appears on; the
    page's script completes it in the reader's browser.
    """
    base = app.config.html_baseurl
    target = app.builder.get_target_uri(docname)
    if base:
        url = base.rstrip("/") + "/" + target
    elif fromdocname == docname:
        url = posixpath.basename(target) or target
    else:
        url = app.builder.get_relative_uri(fromdocname, docname)
    return f"{url}#{anchor}" if anchor else url


def person_name(person: dict[str, str]) -> str:
    """A CSL name as 'Family, Given', or a corporate name as it stands."""
    if "literal" in person:
        return person["literal"]
    return ", ".join(part for part in (person.get("family", ""), person.get("given", "")) if part)


def csl_person(name: str) -> dict[str, str]:
    """A person's name written "Family, Given" as a CSL name."""
    family, _, given = name.partition(",")
    return {"family": family.strip(), "given": given.strip()}


def editing_persons(edition: Edition) -> list[dict[str, str]]:
    """The editors who are persons (a name with a comma), as CSL names.

    An editor without a comma is a body. Zotero splits every creator's name into
    first and last name, so the items name a body as the publisher instead (see
    ``publishing_body``), the same on the page, in the records and in CSL-JSON.
    """
    return [csl_person(name) for name in edition.editors if "," in name]


def publishing_body(edition: Edition) -> str:
    """The publisher, or else the editors that are bodies."""
    return edition.publisher or "; ".join(name for name in edition.editors if "," not in name)


def _filled(item: dict[str, Any]) -> dict[str, Any]:
    """Drop the fields that have no value (an unknown fact stays out of the citation)."""
    return {key: value for key, value in item.items() if value not in ("", [], {}, None)}


def edition_item(edition: Edition, url: str) -> dict[str, Any]:
    """The edition as a CSL-JSON item, as Zotero saves it from the edition's pages.

    The version is the item's ``edition`` ("Version 0.1.0"): the one field of Zotero's
    book and book section that holds it, and, worded so, printed as such by every style.
    """
    return _filled(
        {
            "id": "edition",
            "type": "book",
            "title": edition.title,
            "editor": editing_persons(edition),
            "publisher": publishing_body(edition),
            "edition": edition.edition_label,
            "issued": {"date-parts": edition.date_parts()},
            "language": "en",
            "URL": url,
        }
    )


def passage_item(edition: Edition, work: Work, url: str) -> dict[str, Any]:
    """A passage of the primary text as a CSL-JSON item: the speech as a section of the edition."""
    return _filled(
        {
            "id": "passage",
            "type": "chapter",
            "author": [{"family": work.author_family, "given": work.author_given}],
            "title": work.title,
            "container-title": edition.title,
            "editor": editing_persons(edition),
            "publisher": publishing_body(edition),
            "edition": edition.edition_label,
            "issued": {"date-parts": edition.date_parts()},
            "original-date": {"date-parts": [[int(work.year)]]} if work.year else {},
            "language": "en",
            "URL": url,
        }
    )
