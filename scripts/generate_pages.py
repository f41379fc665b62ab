"""Write the reference pages that are generated from the data.

``book/generated/`` is not kept in git: ``scripts/build_book.py`` calls this
script before every build, so the who's who, the chronology and the register
of disagreements always match the data.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from analysis.data import load_dataset, read_bibliography
from analysis.explorer import explorer_markdown
from analysis.pages import (
    ROW_PAGES,
    chronology_markdown,
    disagreements,
    disagreements_markdown,
    gallery_markdown,
    rows_markdown,
    whoswho_markdown,
)
from analysis.paths import toc_pages
from analysis.registry import all_specs
from analysis.sources import fact_support, source_support_markdown

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


ROWS_INDEX = """(rows)=
# The data, row by row

Every row of the book's tables of events, estimates, flows, relations and
people has an entry on one of these pages, with every column in words, its
source and where in it, and the other rows of the same fact. Each number,
date and tie in the chapters links to its row here. These pages are generated
from the data.
"""


def in_book_order(specs: list, root: Path) -> list:
    """The specs in the order their figures appear: chapters as in the table of
    contents, and within a chapter in the order of its figure directives (so the
    gallery runs Figure 1, 2, 3, ... as the book numbers them)."""
    chapters = toc_pages(root)

    def position(spec) -> tuple[int, int]:
        chapter = chapters.index(spec.chapter) if spec.chapter in chapters else len(chapters)
        path = root / f"{spec.chapter}.md"
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        found = re.search(r"```\{(?:data-figure|glue:figure)\}\s+" + re.escape(spec.fig_id)
                          + r"\s", text)
        return chapter, found.start() if found else len(text)

    return sorted(specs, key=position)


def main(out_dir: Path) -> int:
    data = out_dir.parent.parent / "data"
    ds = load_dataset(data) if (data / "datapackage.json").exists() else load_dataset()
    out_dir.mkdir(parents=True, exist_ok=True)
    register = disagreements(events=ds.events, estimates=ds.estimates, flows=ds.flows,
                             names=dict(zip(ds.actors["actor_id"], ds.actors["name"],
                                            strict=True)))
    bodies = {
        "whoswho": whoswho_markdown(ds.actors, ds.people, ds.person_roles),
        "chronology": chronology_markdown(ds.events, ds.actors, ds.event_participants),
        "disagreements": disagreements_markdown(register),
        "gallery": gallery_markdown(in_book_order(all_specs(), out_dir.parent.parent)),
    }
    texts = {f"{name}.md": HEADERS[name] + "\n" + body for name, body in bodies.items()}
    texts["rows/index.md"] = ROWS_INDEX
    # the network explorer's controls, data and sources, included by book/network_explorer.md
    bib_path = data / "references.bib" if (data / "references.bib").exists() else None
    texts["network_explorer.md"] = explorer_markdown(ds, bibliography=bib_path)
    # included by book/method.md, not a page of its own
    bib = read_bibliography(data) if (data / "datapackage.json").exists() else read_bibliography()
    texts["source_support.md"] = source_support_markdown(fact_support(ds, bib))
    for table in ROW_PAGES:
        texts[f"rows/{table}.md"] = rows_markdown(table, ds.tables[table], ds.actors, ds.events,
                                                  ds.people, register)
    for name, text in texts.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        # an unchanged page keeps its time stamp, so Sphinx does not read it again
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    sys.exit(main(root / "book" / "generated"))
