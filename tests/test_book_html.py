"""Tests of the built book in _build/html (built by `make book` / `make test`).

They fail, rather than skip, when the book has not been built: run
`make book` first (`make test` does).
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.paths import BUILD_DIR, ROOT, toc_pages

HTML = BUILD_DIR / "html"


@pytest.fixture(scope="module")
def pages() -> list[Path]:
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book` (or `make test`) first")
    return sorted(HTML.rglob("*.html"))


class _Assets(HTMLParser):
    """Collect what a page would load: scripts, stylesheets, images, frames, fonts."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(
        self, tag: str, attrs: list[tuple[str, str | None]]
    ) -> None:
        a = dict(attrs)
        if tag in {"script", "img", "iframe", "audio", "video", "source", "embed"} and a.get("src"):
            self.loads.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower()
            if any(
                r in rel for r in ("stylesheet", "preload", "icon", "modulepreload", "prefetch")
            ):
                self.loads.append(a["href"] or "")
        if tag == "object" and a.get("data"):
            self.loads.append(a["data"] or "")


REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)


def test_no_page_loads_anything_from_another_host(pages: list[Path]) -> None:
    offenders = []
    for page in pages:
        parser = _Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        offenders += [
            f"{page.relative_to(HTML)}: {url}" for url in parser.loads if REMOTE.match(url)
        ]
    assert not offenders, "\n".join(offenders)


def test_no_stylesheet_or_script_fetches_from_another_host() -> None:
    offenders = []
    for path in list(HTML.rglob("*.css")) + list(HTML.rglob("*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(
            r"(@import\s+(url\()?|url\()\s*['\"]?((https?:)?//[^'\")\s]+)", text
        ):
            offenders.append(f"{path.relative_to(HTML)}: {match.group(3)}")
    assert not offenders, "\n".join(offenders[:20])


def test_every_page_in_the_toc_is_built(pages: list[Path]) -> None:
    files = toc_pages(ROOT)
    assert files
    for name in files:
        assert (HTML / f"{name}.html") in pages, f"{name} is in _toc.yml but was not built"


def test_every_notebook_was_executed_without_error(pages: list[Path]) -> None:
    """Every MyST notebook in the toc shows outputs (it ran) and no error output."""
    notebooks = [
        name
        for name in toc_pages(ROOT)
        if (ROOT / f"{name}.md").read_text(encoding="utf-8").startswith("---\njupytext:")
    ]
    assert notebooks, "the book has no notebook chapter"
    for name in notebooks:
        html = (HTML / f"{name}.html").read_text(encoding="utf-8")
        assert "output_error" not in html and "Traceback" not in html, name
        assert 'class="figure' in html or "cell_output" in html or "glue" in html, name
    assert not (HTML / "reports").exists(), "execution reports left by a failing notebook"


def test_glued_number_and_figure_reach_the_page(pages: list[Path]) -> None:
    """The 1989 UCDP best estimate, read straight from the CSV, is in the prose."""
    with open(ROOT / "data" / "estimates.csv", newline="", encoding="utf-8") as handle:
        row = next(
            r
            for r in csv.DictReader(handle)
            if r["source"] == "ucdp_ged_23_1"
            and r["period_start"] == "1989-01-01"
            and r["subject_id"] == "afghanistan"
        )
    expected = f"{float(row['best']):,.0f}"
    html = (HTML / "book" / "casualties.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert f"best estimate of {expected} battle deaths" in text
    assert 'id="fig-yearly-battle-deaths"' in html
    assert re.search(r"Fig\. \d+", text), "the figure has no number"


def test_no_page_speaks_of_the_seed(pages: list[Path]) -> None:
    """No built page says how the book was made: the word "seed" appears nowhere.

    The API reference is left out: it documents code, where ``seed`` is the
    random-number generator's parameter of the network null model.
    """
    offending = []
    for page in pages:
        if page == HTML / "book" / "api.html":
            continue
        html = page.read_text(encoding="utf-8")
        # code is not prose: a random seed in a function's signature or a code block is fine
        html = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", html, flags=re.S)
        html = re.sub(r'<dt class="sig\b.*?</dt>', " ", html, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", html)
        found = re.findall(r".{0,40}\bseed\b.{0,40}", text, flags=re.I)
        if found:
            offending.append(f"{page.relative_to(HTML)}: {found[0].strip()!r}")
    assert not offending, "pages that speak of the seed:\n" + "\n".join(offending)
