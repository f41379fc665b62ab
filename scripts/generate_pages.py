"""Write the reference pages that are generated from the data.

``book/generated/`` is not kept in git: ``scripts/build_book.py`` calls this
script before every build, so the who's who, the chronology and the register
of disagreements always match the data.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from analysis.data import load_dataset
from analysis.explorer import explorer_markdown
from analysis.pages import (
    chronology_markdown,
    disagreements,
    disagreements_markdown,
    gallery_markdown,
    whoswho_markdown,
)
from analysis.registry import all_specs

HEADERS = {
    "whoswho": """(whoswho)=
# Who's who

Every state, government body, party, faction, militia and organisation that
the book's data names, grouped by the side each stood on in February 1989,
with its other names (including the spelling of the Uppsala Conflict Data
Program and its actor number, where UCDP codes it), its leaders and where it
was based. Each entry cites its source. This page is generated from
`data/actors.csv`.
""",
    "chronology": """(chronology)=
# Chronology

Every dated event in the book's data, by year. Dates are given as precisely
as the source allows: a month or a year where the source gives no day. Where
sources disagree about a date, each reading is listed and marked, with a link
to the {ref}`register of disagreements <disagreements>`. This page is
generated from `data/events.csv`.
""",
    "disagreements": """(disagreements)=
# Register of disagreements

Every fact on which the book's sources disagree, with each reading side by
side: dates of events, figures (tolls, forces, materiel) and amounts of aid
and arms. Nothing here has been averaged away; a reading's confidence is the
compilers' judgement explained in {ref}`method`. Conflicting ties between
actors are named in the notes of `data/relations.csv`. This page is
generated from the data.
""",
    "gallery": """(gallery)=
# Figure gallery

Every figure of the book, with its number and its stable id. Click a
thumbnail to see the figure where it appears, with its caption, its sources,
the files to download (SVG, PDF, PNG at 300 dpi, and the data as plotted) and
a citation. The whole set, with an index, is in one zip:
<a href="../../figures/afghanistan-1989-1992-figures.zip">afghanistan-1989-1992-figures.zip</a>.
This page is generated from the figure registry.
""",
}


def in_book_order(specs: list, root: Path) -> list:
    """The specs in the order of their chapters in the table of contents."""
    toc = (root / "_toc.yml").read_text(encoding="utf-8")
    chapters = re.findall(r"(?:root|file):\s*(\S+)", toc)
    return sorted(specs, key=lambda s: chapters.index(s.chapter) if s.chapter in chapters
                  else len(chapters))


def main(out_dir: Path) -> int:
    ds = load_dataset()
    out_dir.mkdir(parents=True, exist_ok=True)
    bodies = {
        "whoswho": whoswho_markdown(ds.actors),
        "chronology": chronology_markdown(ds.events, ds.actors, ds.event_participants),
        "disagreements": disagreements_markdown(
            disagreements(events=ds.events, estimates=ds.estimates, flows=ds.flows)),
        "gallery": gallery_markdown(in_book_order(all_specs(), out_dir.parent.parent)),
    }
    texts = {name: HEADERS[name] + "\n" + body for name, body in bodies.items()}
    # the network explorer's controls, data and sources, included by book/network_explorer.md
    texts["network_explorer"] = explorer_markdown(ds)
    for name, text in texts.items():
        path = out_dir / f"{name}.md"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    sys.exit(main(root / "book" / "generated"))
