"""Internal links of the built book: every one lands somewhere.

Crawls every page of ``_build/html`` (or of ``$BOOK_HTML``): each internal
link (relative or root-relative; ``mailto:``, ``javascript:`` and links to
other hosts are left to the reader) must point to an existing file and, when
it carries a ``#fragment`` into a page, to an id that exists in that page.
Every ``src`` of ``img``/``script`` (and the other embedding tags) and every
``href`` of ``<link>`` must point to an existing file. All broken links are
reported at once. The tests fail, rather than skip, when the book has not been
built. The checker itself is tested first, on small sites written here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from analysis.paths import BUILD_DIR

#: The built book; override with BOOK_HTML=/path/to/_build/html.
HTML = Path(os.environ.get("BOOK_HTML") or BUILD_DIR / "html").resolve()

#: Tags whose ``src`` is loaded with the page.
SRC_TAGS = frozenset({"img", "script", "iframe", "source", "audio", "video", "embed", "track"})


@dataclass
class Parsed:
    """What one page offers (ids) and what it points to (links and loaded assets)."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    assets: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v for k, v in attrs if v is not None}
        if "id" in a:
            self.parsed.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.parsed.ids.add(a["name"])
        if tag == "a" and "href" in a:
            self.parsed.links.append(a["href"])
        if tag == "link" and "href" in a:
            self.parsed.assets.append((tag, a["href"]))
        if tag in SRC_TAGS and "src" in a:
            self.parsed.assets.append((tag, a["src"]))
        if tag in {"img", "source"} and "srcset" in a:
            for candidate in a["srcset"].split(","):
                if candidate.strip():
                    self.parsed.assets.append((tag, candidate.split()[0]))


@cache
def parse(path: Path) -> Parsed:
    """Parse one HTML file (cached: each page is read once per session)."""
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.parsed


def pages(root: Path) -> list[Path]:
    """Every HTML page of a build; the theme's Jinja macros in ``_static/`` are not pages."""
    return sorted(
        p for p in root.rglob("*.html") if not p.relative_to(root).parts[0].startswith("_")
    )


def resolve(root: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file and fragment an internal URL points to, or None for an external one.

    A link that climbs out of ``root`` resolves to a path outside it (and so
    is reported broken by :func:`check`).
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:  # mailto:, javascript:, data:, another host
        return None
    path = unquote(parts.path)
    if not path:
        target = page
    elif path.startswith("/"):
        target = root / path.lstrip("/")
    else:
        target = page.parent / path
    target = Path(os.path.normpath(target))
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def check(root: Path, page_list: Iterable[Path]) -> tuple[list[str], list[str], int]:
    """Broken links, broken asset references, and the number of internal URLs checked."""
    broken_links: list[str] = []
    broken_assets: list[str] = []
    checked = 0
    for page in page_list:
        where = page.relative_to(root).as_posix()
        parsed = parse(page)
        for url in parsed.links:
            resolved = resolve(root, page, url)
            if resolved is None:
                continue
            checked += 1
            target, fragment = resolved
            if not target.is_relative_to(root):
                broken_links.append(f"{where}: href={url!r} leaves the book")
            elif not target.is_file():
                broken_links.append(f"{where}: href={url!r}: no file {target.relative_to(root)}")
            elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                broken_links.append(
                    f"{where}: href={url!r}: no id {fragment!r} in {target.relative_to(root)}"
                )
        for tag, url in parsed.assets:
            resolved = resolve(root, page, url)
            if resolved is None:
                continue
            checked += 1
            target, _ = resolved
            if not target.is_relative_to(root) or not target.is_file():
                broken_assets.append(f"{where}: <{tag}> {url!r}: no such file in the book")
    return broken_links, broken_assets, checked


# --- the checker, on small sites ---------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "book").mkdir()
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "x.js").write_text("")
    (tmp_path / "book" / "b.html").write_text('<h2 id="sec">S</h2><a name="old"></a>')
    (tmp_path / "index.html").write_text('<p id="top-para">home</p>')
    return tmp_path


@pytest.mark.parametrize(
    "html",
    [
        '<a href="book/b.html">ok</a>',
        '<a href="book/b.html#sec">ok</a>',
        '<a href="book/b.html#old">ok</a>',
        '<a href="/book/b.html#sec">root-relative</a>',
        '<a href="#top-para">same page</a>',
        '<a href="#">top</a>',
        '<a href="./">folder</a>',
        '<a href="book/b.html?q=1#sec">query</a>',
        '<a href="https://example.org/x#y">other host</a>',
        '<a href="mailto:a@b.c">mail</a><a href="javascript:void(0)">js</a>',
        '<script src="_static/x.js?v=1"></script><link rel="stylesheet" href="_static/x.js">',
        '<img src="data:image/png;base64,AAAA" alt="inline">',
    ],
)
def test_checker_accepts_good_links(site: Path, html: str) -> None:
    page = site / "index.html"
    page.write_text(page.read_text() + html)
    parse.cache_clear()
    assert check(site, [page])[:2] == ([], [])


@pytest.mark.parametrize(
    ("html", "broken", "expected"),
    [
        ('<a href="book/c.html">gone</a>', 0, "no file book/c.html"),
        ('<a href="book/b.html#nope">bad id</a>', 0, "no id 'nope' in book/b.html"),
        ('<a href="#nope">bad id here</a>', 0, "no id 'nope' in index.html"),
        ('<a href="/missing/">folder</a>', 0, "no file missing/index.html"),
        ('<a href="../../etc/passwd">out</a>', 0, "leaves the book"),
        ('<img src="_images/none.png" alt="x">', 1, "<img> '_images/none.png'"),
        ('<script src="_static/none.js"></script>', 1, "<script> '_static/none.js'"),
        ('<link rel="icon" href="_static/none.ico">', 1, "<link> '_static/none.ico'"),
        ('<img srcset="a.png 1x, _static/x.js 2x" alt="x">', 1, "<img> 'a.png'"),
    ],
)
def test_checker_reports_broken_links(site: Path, html: str, broken: int, expected: str) -> None:
    page = site / "index.html"
    page.write_text(page.read_text() + html + html)
    parse.cache_clear()
    found = check(site, [page])
    assert len(found[broken]) == 2 and all(expected in line for line in found[broken]), found
    assert not found[1 - broken]


# --- the built book ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def book() -> tuple[list[str], list[str], int]:
    if not (HTML / "index.html").is_file():
        pytest.fail(f"the book is not built in {HTML}: run `make book` (or `make test`) first")
    parse.cache_clear()
    found = pages(HTML)
    assert len(found) > 1, f"no pages found under {HTML}"
    return check(HTML, found)


def test_every_internal_link_resolves(book: tuple[list[str], list[str], int]) -> None:
    broken_links, _, checked = book
    assert checked > 0, "no internal link found: the crawl is broken"
    assert not broken_links, f"{len(broken_links)} broken links:\n" + "\n".join(broken_links)


def test_every_loaded_file_exists(book: tuple[list[str], list[str], int]) -> None:
    _, broken_assets, _ = book
    assert not broken_assets, f"{len(broken_assets)} missing files:\n" + "\n".join(broken_assets)
