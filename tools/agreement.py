"""Print the agreement of the two readings of the apparatus, from the tables in edition/annotation.

The note on the text shows the same figures, computed by the build with the
same functions (``extensions/ledger/agreement.py``); this script is for
checking them, or for a new round of readings before it goes into the edition::

    python3 -m nox -s agreement
    python tools/agreement.py [FOLDER]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "extensions"))

from apparatus.relations import DEFAULT_RELATIONS  # noqa: E402
from ledger.agreement import agreement, changed  # noqa: E402
from ledger.tables import read_decisions, read_table  # noqa: E402


def main(folder: Path) -> None:
    """Print the figures, then the links per article and relation before and after the double reading."""
    first, second, ledger, before = (
        read_decisions(folder / f"{name}.tsv", DEFAULT_RELATIONS)
        for name in ("reading-1", "reading-2", "ledger", "apparatus-before")
    )
    figures = agreement(first, second)
    adjudicated = sum(
        row.cells["decided"] == "adjudicated" for row in read_table(folder / "ledger.tsv", ("decided",))
    )
    kappa = "undefined" if figures.kappa is None else f"{figures.kappa:.3f}"
    print(f"sentences read by both            {figures.sentences}")
    print(f"same decision                     {figures.same_decision}")
    links = f"{figures.first_links}, {figures.second_links}, {figures.shared_links}"
    print(f"links: reading 1, reading 2, both {links}")
    print(
        f"precision, recall, F1             {figures.precision:.3f}, {figures.recall:.3f}, {figures.f1:.3f}"
    )
    print(f"Cohen's kappa on the relation     {kappa}")
    print(f"adjudicated                       {adjudicated}")
    print(f"ledger differs from 1, from 2     {changed(ledger, first)}, {changed(ledger, second)}")
    print(f"sentences whose links changed     {changed(ledger, before)} of {len(ledger)}")
    print()
    print("links per article (siglum) and relation: before -> after")
    counts = {name: Counter() for name in ("before", "after")}
    for name, decisions in (("before", before), ("after", ledger)):
        for sentence, links in decisions.items():
            for relation, _ in links:
                counts[name][sentence.rstrip("0123456789."), relation] += 1
    for key in sorted(set(counts["before"]) | set(counts["after"])):
        print(f"  {key[0]} {key[1]:<15} {counts['before'][key]:>3} -> {counts['after'][key]:>3}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "edition" / "annotation")
