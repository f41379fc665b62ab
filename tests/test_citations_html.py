"""Citations in the built book resolve: absolute, complete, and pointing at real targets.

Run on ``_build/html`` after ``make book`` (``make test`` builds first); they
fail, rather than skip, when the book has not been built. The style and id
helpers are also tested on their own.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import pytest

from analysis.citation import BOOK
from analysis.package import DATA_ZIP_NAME, sha256_of
from analysis.paths import BOOK_DIR, BUILD_DIR
from analysis.schema import bibliography_keys

sys.path.insert(0, str(BOOK_DIR / "_ext"))
from bib_style import TitlesAsWrittenStyle, citation_ids  # noqa: E402

HTML = BUILD_DIR / "html"


def test_the_style_keeps_titles_as_written() -> None:
    from pybtex.database import parse_string

    bib = parse_string("@article{x, author={Giustozzi, Antonio}, title={Abdul Rashid Dostum "
                       "and the {U.S.} in Afghanistan}, journal={J}, year={2009}}", "bibtex")
    (entry,) = TitlesAsWrittenStyle().format_entries(bib.entries.values())
    assert "Abdul Rashid Dostum and the U.S. in Afghanistan" in entry.text.render_as("text")


def test_ids_keep_the_key() -> None:
    assert citation_ids("ucdp_ged_23_1") == ["cite-ucdp-ged-23-1", "cite-ucdp_ged_23_1"]


@pytest.fixture(scope="module")
def built() -> Path:
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book` (or `make test`) first")
    return HTML


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_every_bibliography_entry_is_a_target_named_after_its_key(built: Path) -> None:
    page = _text(built / "book" / "bibliography.html")
    keys = bibliography_keys((BOOK_DIR.parent / "data" / "references.bib").read_text("utf-8"))
    ids = set(re.findall(r'id="([^"]+)"', page))
    missing = sorted(k for k in keys if f"cite-{k}" not in ids)
    assert not missing, missing[:20]
    entries = re.findall(r'<div class="citation" id="([^"]+)"', page)
    assert len(entries) == len(keys) and all(e.startswith("cite-") for e in entries)


def test_titles_keep_their_capitals(built: Path) -> None:
    page = html.unescape(re.sub(r"<[^>]+>", "", _text(built / "book" / "bibliography.html")))
    page = re.sub(r"\s+", " ", page)
    bib = (BOOK_DIR.parent / "data" / "references.bib").read_text("utf-8")
    titles = [t for t in re.findall(r"^\s*title\s*=\s*\{(.*)\},?\s*$", bib, flags=re.M)
              if not re.search(r"[\\$~]", t)]
    plain = [re.sub(r"\s+", " ", t.replace("{", "").replace("}", "").replace("--", "–"))
             for t in titles]
    missing = [t for t in plain if t not in page]
    assert len(plain) > 50
    assert len(missing) <= len(plain) // 20, missing[:10]


def test_pages_carry_their_canonical_absolute_url(built: Path) -> None:
    page = _text(built / "book" / "intro.html")
    assert f'<link rel="canonical" href="{BOOK["url"]}book/intro.html"' in page


def test_figure_citations_are_absolute_and_complete(built: Path) -> None:
    blocks = []
    for path in sorted(built.rglob("*.html")):
        blocks += re.findall(r'<p class="figure-cite-text">(.*?)</p>', _text(path), flags=re.S)
    assert blocks, "no figure carries a citation"
    for block in blocks:
        text = html.unescape(block)
        assert BOOK["url"] in text and BOOK["repository"] in text, text
        assert f"version {BOOK['version']}" in text and BOOK["authors"] in text, text
        assert re.search(r"\(Figure \d+(\.\d+)*, fig-", text), text


def test_the_figure_pack_numbers_every_figure_in_the_book(built: Path) -> None:
    index = json.loads(_text(built / "figures" / "index.json"))
    numbers = json.loads((BUILD_DIR / "figure-numbers.json").read_text(encoding="utf-8"))
    shown = [e for e in index if e["id"] in numbers]
    assert shown and all(e["number"] == numbers[e["id"]] for e in shown)
    for entry in shown:
        assert entry["url"] == BOOK["url"] + entry["anchor"]
        assert f"(Figure {entry['number']}, {entry['id']})" in entry["citation"]


def test_the_book_citation_is_on_the_landing_page(built: Path) -> None:
    text = html.unescape(_text(built / "book" / "intro.html"))
    assert f"{BOOK['authors']} ({BOOK['year']}). {BOOK['title']}, version {BOOK['version']}. " \
           f"{BOOK['url']}." in text


def test_the_data_zip_is_linked_with_its_checksum(built: Path) -> None:
    zip_path = built / DATA_ZIP_NAME
    assert zip_path.exists()
    link = f'href="../{DATA_ZIP_NAME}"'
    assert link in _text(built / "book" / "intro.html")
    codebook = _text(built / "book" / "codebook.html")
    assert link in codebook and sha256_of(zip_path) in codebook
    chapters = [p for p in sorted((built / "book").glob("*.html"))
                if "Data behind this chapter" in _text(p)]
    assert chapters
    unlinked = [p.name for p in chapters if link not in _text(p)]
    assert not unlinked, unlinked


def test_the_theme_repairs_are_idempotent_and_leave_other_markup_alone() -> None:
    from accessible import repair

    page = ('<button class="btn search-button-field search-button__button" title="Search" '
            'aria-label="Search"><summary><span class="toctree-toggle" role="presentation">'
            '<div class="citation" id="cite-a" role="doc-biblioentry"><p aria-label="Search">')
    once = repair(page)
    assert repair(once) == once
    assert 'aria-label="Search">' not in once.split("<p")[0]
    assert once.endswith('<p aria-label="Search">')
    assert 'role="listitem"' in once and 'summary aria-label=' in once
