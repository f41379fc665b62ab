"""Shared fixtures: a small, valid data package written to a temporary folder.

The rows below are test fixtures, not data of the book: their values only
need to satisfy the schema (ids are real ids so that the shape is familiar).
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.paths import DATAPACKAGE

#: The front matter that makes a MyST Markdown page a notebook.
NOTEBOOK_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""

COMMON = {"source": "fixture2000", "locator": "p. 1", "confidence": "high", "note": ""}

MINI: dict[str, list[dict[str, str]]] = {
    "actors": [
        {"actor_id": "gov_afg", "name": "Government", "kind": "government", "camp": "government"},
        {"actor_id": "afg_army", "name": "Army", "kind": "armed_force", "camp": "government",
         "parent_id": "gov_afg"},
        {"actor_id": "hig", "name": "Hezb", "kind": "party", "camp": "resistance"},
        {"actor_id": "jamiat", "name": "Jamiat", "kind": "party", "camp": "resistance"},
        {"actor_id": "ussr", "name": "USSR", "kind": "state", "camp": "foreign"},
    ],
    "places": [
        {"place_id": "afghanistan", "name": "Afghanistan", "kind": "country", "lat": "33.9",
         "lon": "67.7"},
        {"place_id": "jalalabad", "name": "Jalalabad", "kind": "city", "lat": "34.4",
         "lon": "70.45"},
    ],
    "events": [
        {"event_id": "battle_a", "fact_id": "battle", "name": "Battle", "kind": "battle",
         "start_date": "1989-03-05", "start_precision": "day", "end_date": "1989-07-01",
         "end_precision": "month", "place_id": "jalalabad", "summary": "A battle."},
        {"event_id": "battle_b", "fact_id": "battle", "name": "Battle", "kind": "battle",
         "start_date": "1989-03-05", "start_precision": "day", "end_date": "1989-06-01",
         "end_precision": "month", "place_id": "jalalabad", "summary": "A battle."},
    ],
    "event_participants": [
        {"event_id": "battle_a", "actor_id": "hig", "side": "a"},
        {"event_id": "battle_a", "actor_id": "gov_afg", "side": "b"},
    ],
    "estimates": [
        {"estimate_id": "e1", "fact_id": "f1", "subject_type": "place",
         "subject_id": "afghanistan", "quantity": "killed", "category": "all", "low": "1",
         "best": "2", "high": "3", "unit": "persons", "period_start": "1989-01-01",
         "period_end": "1989-01-01", "period_precision": "year"},
        {"estimate_id": "e2", "fact_id": "f2", "subject_type": "event", "subject_id": "battle_a",
         "quantity": "killed", "category": "civilians", "actor_id": "", "low": "12000",
         "best": "", "high": "15000", "unit": "persons", "period_start": "1989-03-01",
         "period_end": "1989-07-01", "period_precision": "month"},
    ],
    "flows": [
        {"flow_id": "fl1", "fact_id": "fl1", "donor_id": "ussr", "recipient_id": "gov_afg",
         "kind": "money", "stage": "delivered", "amount_low": "2", "amount_high": "6",
         "unit": "usd_current", "basis": "per_year", "year_start": "1989", "year_end": "1991"},
    ],
    "relations": [
        {"relation_id": "r1", "fact_id": "r1", "actor_a": "hig", "actor_b": "jamiat",
         "type": "armed_clash",
         "sign": "-1", "directed": "false", "start_date": "1989-05-10",
         "start_precision": "day", "end_date": "1989-07-09", "end_precision": "day",
         "event_id": ""},
        {"relation_id": "r2", "fact_id": "r2", "actor_a": "ussr", "actor_b": "gov_afg",
         "type": "sponsorship",
         "sign": "1", "directed": "true", "start_date": "1989-01-01",
         "start_precision": "year", "end_date": "1991-12-01", "end_precision": "month",
         "event_id": "battle_a"},
    ],
    "people": [
        {"person_id": "najibullah", "name": "Najibullah", "aliases": "Najib", "birth_year": "1947",
         "death_year": "1996", "summary": "President."},
        {"person_id": "tanai", "name": "Tanai", "summary": "Minister."},
    ],
    "person_roles": [
        {"role_id": "pr1", "person_id": "najibullah", "actor_id": "gov_afg", "role": "office",
         "title": "President", "start_date": "", "start_precision": "",
         "end_date": "1989-07-01", "end_precision": "month", "end_reason": "flight",
         "event_id": "battle_a"},
        {"role_id": "pr2", "person_id": "tanai", "actor_id": "afg_army", "role": "command",
         "title": "Chief of staff", "start_date": "1989-03-05", "start_precision": "day"},
    ],
    "event_people": [
        {"event_id": "battle_a", "person_id": "tanai", "role": "commander"},
    ],
    "deflators": [
        {"year": "1989", "index_value": "124", "base_period": "1982-84=100", "series": "CPI-U"},
    ],
}


def write_table(folder: Path, name: str, rows: list[dict[str, str]]) -> Path:
    """Write rows as the named table, in the descriptor's column order."""
    descriptor = json.loads((folder / "datapackage.json").read_text())
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    columns = [f["name"] for f in resource["schema"]["fields"]]
    path = folder / resource["path"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            full = {**{c: "" for c in columns}, **COMMON, **row}
            writer.writerow({c: full[c] for c in columns})
    return path


def write_mini_data(folder: Path) -> Path:
    """Write the real descriptor and the small valid data package into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATAPACKAGE, folder / "datapackage.json")
    (folder / "references.bib").write_text(
        "@misc{fixture2000,\n  title = {Fixture},\n  author = {Fixture, A.},\n"
        "  year = {2000},\n  sourcetype = {dataset}\n}\n")
    for name, rows in MINI.items():
        write_table(folder, name, rows)
    return folder


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A folder holding the real descriptor and a small valid data package."""
    return write_mini_data(tmp_path / "data")


#: The generated pages a small data book includes (the gallery would need every figure).
DATA_BOOK_PAGES = ("generated/whoswho", "generated/chronology", "generated/disagreements")
#: Pages the generated ones link to, as stubs.
DATA_BOOK_STUBS = {"codebook": "(codebook)=\n# Codebook\n", "method": "(method)=\n# Method\n"}


def data_book(root: Path, pages: dict[str, str]) -> Path:
    """A small book with the project's configuration and extensions, the small data package,
    the generated reference pages and rows, and the given pages (the first is the root).

    Build it with :func:`build_book`.
    """
    from analysis.pages import ROW_PAGES
    from analysis.paths import ROOT

    (root / "book").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    shutil.copytree(ROOT / "book" / "_ext", root / "book" / "_ext")
    shutil.copytree(ROOT / "book" / "_static", root / "book" / "_static")
    write_mini_data(root / "data")
    for name, text in {**pages, **DATA_BOOK_STUBS}.items():
        (root / "book" / f"{name}.md").write_text(text, encoding="utf-8")
    names = list(pages)
    chapters = [*names[1:], *DATA_BOOK_STUBS, *DATA_BOOK_PAGES]
    toc = f"format: jb-book\nroot: book/{names[0]}\nchapters:\n"
    toc += "".join(f"  - file: book/{n}\n" for n in chapters)
    toc += "  - file: book/generated/rows/index\n    sections:\n"
    toc += "".join(f"      - file: book/generated/rows/{t}\n" for t in ROW_PAGES)
    (root / "_toc.yml").write_text(toc, encoding="utf-8")
    return root


def build_book(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Build a book with the project's build script; its output is in the result."""
    import os
    import sys

    from analysis.paths import ROOT

    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_book.py"), "--root", str(root), *options],
        capture_output=True, errors="replace", text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600)
