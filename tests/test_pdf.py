"""The edition's PDF by the standards of PDF and LaTeX: links, destinations, outline, a clean log.

pdftotext shows what the PDF says; these tests read its structure with pypdf:
every link annotation must lead to a named destination in the file or to a web
address, and the outline must let a reader reach the front matter, each passage
of the speech and each article. The final LaTeX log must hold no warning that
points to a fault (an undefined reference, a missing glyph, a line run into the
margin); the few harmless ones are listed with the reason they are harmless.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, Destination

from .test_edition import passage_ids

pytestmark = [pytest.mark.edition, pytest.mark.pdf]

REPO = Path(__file__).resolve().parent.parent
EDITION = REPO / "edition"
PDF = "secret-speech-edition.pdf"
LOG = "secret-speech-edition.log"
TEX = "secret-speech-edition.tex"

#: Warnings of the final log that say nothing about the PDF, each with the reason.
HARMLESS_WARNINGS = {
    # cmap only matters to pdftex; xelatex writes its own ToUnicode maps.
    "Package cmap Warning: pdftex not detected - exiting.",
}
#: A line may stick out of the measure by this much before a reader would see it.
OVERFULL_TOLERANCE_PT = 1.0


@pytest.fixture(scope="module")
def reader(latex_dir: Path) -> PdfReader:
    return PdfReader(latex_dir / PDF)


@pytest.fixture(scope="module")
def log(latex_dir: Path) -> str:
    return (latex_dir / LOG).read_text(encoding="utf-8", errors="replace")


def log_messages(log: str) -> list[str]:
    """The log's warnings and box reports, each joined into one line.

    TeX breaks the lines of its log at 79 characters; a line of exactly that
    length continues on the next one without a space.
    """
    messages: list[str] = []
    current: list[str] | None = None
    starts = re.compile(r"^(\S.*Warning:|Overfull \\[hv]box|Missing character)")
    for line in log.splitlines():
        if starts.match(line):
            if current:
                messages.append("".join(current))
            current = [line]
        elif current is not None and line.strip() and (re.match(r"\(\w+\)\s", line) or line[0] not in "[()"):
            current.append(line if len(current[-1]) == 79 else " " + line.strip())
        else:
            if current:
                messages.append("".join(current))
            current = None
    if current:
        messages.append("".join(current))
    return messages


def test_log_parser_joins_wrapped_warnings():
    log = (
        "LaTeX Warning: Hyper reference `commentary/socialistworld-2016:para-4' on page \n"
        "11 undefined on input line 712.\n"
        "\n"
        "Missing character: There is no ⟨ in font FreeSerif:mapping=tex-text;!\n"
        "Overfull \\hbox (15.02pt too wide) in paragraph at lines 324--324\n"
        "[]\\TU/FreeSans(0)/m/n/10 Siglum\n"
    )
    assert log_messages(log) == [
        "LaTeX Warning: Hyper reference `commentary/socialistworld-2016:para-4' on page "
        "11 undefined on input line 712.",
        "Missing character: There is no ⟨ in font FreeSerif:mapping=tex-text;!",
        "Overfull \\hbox (15.02pt too wide) in paragraph at lines 324--324",
    ]


def test_log_has_no_undefined_reference_or_missing_glyph(log):
    faults = [
        message
        for message in log_messages(log)
        if re.search(r"undefined|Missing character|multiply defined|Rerun|Token not allowed", message)
    ]
    assert not faults, "\n".join(faults)


def test_log_has_no_other_warning(log):
    warnings = [m for m in log_messages(log) if "Warning:" in m and m not in HARMLESS_WARNINGS]
    assert not warnings, "\n".join(warnings)


def test_no_line_runs_into_the_margin(log):
    overfull = [
        message
        for message in log_messages(log)
        if (match := re.match(r"Overfull \\hbox \(([\d.]+)pt too wide\)", message))
        and float(match[1]) > OVERFULL_TOLERANCE_PT
    ]
    assert not overfull, "\n".join(overfull)


def test_every_hyperref_has_its_label(latex_dir):
    """Each link in the LaTeX source names a label that the source defines (as the HTML anchor does)."""
    tex = (latex_dir / TEX).read_text(encoding="utf-8")
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    targets = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex))
    assert len(targets) > 100
    assert not targets - labels, sorted(targets - labels)
    for siglum_target in ("commentary/socialistworld-2016:para-4", "commentary/haynes-2006:para-31"):
        assert siglum_target in targets


def link_annotations(reader: PdfReader) -> list[tuple[int, dict]]:
    """Every link annotation of the PDF, with the number of its page (from 1)."""
    links = []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                links.append((number, annotation))
    return links


def link_fault(reader: PdfReader, names: set[str], annotation: dict) -> str | None:
    """Why a link annotation leads nowhere, or ``None`` when it leads to a destination or a web address."""
    action = annotation.get("/A")
    action = action.get_object() if action is not None else None
    if action is None:
        destination = annotation.get("/Dest")
    elif action.get("/S") == "/URI":
        uri = str(action.get("/URI"))
        return None if re.match(r"https?://\S+$", uri) else f"address {uri!r}"
    elif action.get("/S") == "/GoTo":
        destination = action.get("/D")
    else:
        return f"action {action.get('/S')}"
    if destination is None:
        return "no destination"
    if isinstance(destination, ArrayObject):  # an explicit destination: a page of this file
        page = destination[0].get_object() if destination else None
        return None if any(page is p.get_object() for p in reader.pages) else "page not in the file"
    return None if str(destination) in names else f"destination {str(destination)!r} not defined"


def test_every_link_leads_to_a_destination_or_a_web_address(reader):
    names = set(reader.named_destinations)
    links = link_annotations(reader)
    assert len(links) > 1000
    faults = [(page, fault) for page, link in links if (fault := link_fault(reader, names, link))]
    assert not faults, f"{len(faults)} of {len(links)} links lead nowhere: {faults[:20]}"


def outline_entries(reader: PdfReader) -> list[tuple[int, str, int | None]]:
    """The outline as (depth, title, page number from 1), in order."""
    entries: list[tuple[int, str, int | None]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                assert isinstance(item, Destination)
                page = reader.get_destination_page_number(item)
                entries.append((depth, item.title, page + 1 if page is not None else None))

    walk(reader.outline, 0)
    return entries


def article_titles() -> list[str]:
    return [
        re.search(r"(?m)^# (.+)$", path.read_text(encoding="utf-8"))[1]
        for path in sorted((EDITION / "commentary").glob("*.md"))
    ]


def test_outline_reaches_front_matter_passages_and_articles(reader):
    entries = outline_entries(reader)
    assert all(page is not None for _, _, page in entries), entries
    titles = [title for _, title, _ in entries]
    for front in ("Introduction", "Note on the text"):
        assert front in titles
    for title in article_titles():
        assert title in titles, title
    speech = titles.index("The “Secret Speech” (excerpts)")
    speech_depth, _, speech_page = entries[speech]
    passages = [entry for entry in entries if entry[1].startswith("§")]
    numbered = [pid for pid in passage_ids() if pid != "heading"]
    assert [title.split()[0] for _, title, _ in passages] == [f"§{n}" for n in range(1, len(numbered) + 1)]
    assert entries[speech + 1 : speech + 1 + len(passages)] == passages  # right under the speech
    for depth, title, page in passages:
        assert depth == speech_depth + 1, title  # under the speech's own bookmark
        assert page >= speech_page
        assert len(title.split()) > 1, title  # the number and the passage's opening words
    pages = [page for _, _, page in passages]
    assert pages == sorted(pages)


def test_bookmark_incipit_keeps_whole_words():
    from apparatus.visitors import incipit

    assert incipit("Stalin acted not through persuasion, explanation, and patient cooperation") == (
        "Stalin acted not through persuasion, explanation…"
    )
    assert incipit("Short passage.") == "Short passage."


def test_omissions_are_a_table_not_toml(pdf_text):
    text = " ".join(pdf_text.split())
    assert "[[witness.omitted]]" not in text
    assert "The lines each edited text leaves out, and why" in text
    assert "Posted in History | Posted by: | Tagged: | Leave a reply" in text
