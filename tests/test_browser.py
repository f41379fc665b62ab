"""The built book in a real browser: headless Chromium driven by playwright.

Every page of ``_build/html`` (or of ``$BOOK_HTML``) is served from 127.0.0.1
and opened in Debian's Chromium. A page must load with no console error, no
uncaught exception, no failed request and no request leaving the machine
(every request goes through a route handler that aborts and records those);
its images must load and carry alt text; its figure captions must be
numbered. Search, a ``{numref}`` link and the navigation at a phone's width
are exercised as a reader would.

The module skips, and says why, when Chromium or playwright is missing
(``make browser-deps`` installs Debian's chromium when run as root). It fails,
rather than skips, when the book has not been built.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from analysis.paths import BUILD_DIR

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).is_file():
    pytest.skip(
        f"browser tests skipped: no Chromium at {CHROMIUM}. Install Debian's chromium "
        "(`make browser-deps` as root: apt-get install chromium) or set CHROMIUM=/path/to/it.",
        allow_module_level=True,
    )
try:
    from playwright.sync_api import Browser, Page, Request, Route, sync_playwright
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ImportError as error:  # pragma: no cover - depends on the environment
    pytest.skip(
        f"browser tests skipped: the playwright package cannot be imported ({error}); "
        "it is in requirements/lock.txt, so recreate .venv with `make`.",
        allow_module_level=True,
    )

pytestmark = pytest.mark.browser

#: The built book; override with BOOK_HTML=/path/to/_build/html.
HTML = Path(os.environ.get("BOOK_HTML") or BUILD_DIR / "html").resolve()
#: Chromium's flags: headless, and nothing that phones home.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 812}
TIMEOUT_MS = 15_000
CAPTION = re.compile(r"^Fig\.\s(\d+)\b")
REFRESH = re.compile(r"<meta[^>]+http-equiv=[\"']?refresh", re.IGNORECASE)


def built_pages() -> list[str]:
    """Every HTML page a reader can reach, relative to the build folder.

    The theme's Jinja macro files copied into ``_static/`` are not pages;
    ``genindex``, ``py-modindex`` and ``search`` are, and are included.
    """
    if not HTML.is_dir():
        return ["index.html"]  # the server fixture then fails: the book is not built
    return sorted(
        path.relative_to(HTML).as_posix()
        for path in HTML.rglob("*.html")
        if not path.relative_to(HTML).parts[0].startswith("_")
    )


PAGES = built_pages()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Keep pytest's output clean."""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """The book served by a threaded http.server on 127.0.0.1 and a random port."""
    if not (HTML / "index.html").is_file():
        pytest.fail(f"the book is not built in {HTML}: run `make book` (or `make test`) first")
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(HTML))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


# The server and the browser live as long as this module, not the session: playwright's sync
# API keeps an event loop running in the main thread until it stops, and a later test module
# calling asyncio.run would then fail.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module; each launch gets a fresh temporary user-data folder."""
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield instance
        instance.close()


@dataclass
class Log:
    """What went wrong while a page was open."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def clear(self) -> None:
        """Forget what happened so far (the per-page tests report it)."""
        for entries in (self.console_errors, self.page_errors, self.outside, self.failed):
            entries.clear()

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"uncaught exception: {m}" for m in self.page_errors]
            + [f"request leaving 127.0.0.1 (aborted): {u}" for u in self.outside]
            + [f"failed request: {u}" for u in self.failed]
        )


@contextmanager
def open_page(
    browser: Browser, viewport: dict[str, int] | None = None
) -> Iterator[tuple[Page, Log]]:
    """A fresh context and page whose every request is checked and whose errors are logged."""
    log = Log()
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)

    def route(route: Route, request: Request) -> None:
        if urlsplit(request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            log.outside.append(request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))
    page.on(
        "response",
        lambda r: log.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on(
        "requestfailed",
        lambda r: (
            log.failed.append(f"{r.failure} {r.url}")
            if urlsplit(r.url).hostname == "127.0.0.1"
            else None
        ),
    )
    try:
        yield page, log
    finally:
        context.close()


@dataclass
class Visit:
    """One page as the browser saw it."""

    url: str
    log: Log
    images: list[dict[str, Any]]
    figures: list[dict[str, str]]


_IMAGES_JS = """() => Array.from(document.images).map(i => ({
    src: i.getAttribute('src'), alt: (i.getAttribute('alt') || '').trim(),
    complete: i.complete, width: i.naturalWidth}))"""
_FIGURES_JS = """() => Array.from(document.querySelectorAll('figure')).map(f => {
    const c = f.querySelector('figcaption');
    return {id: f.id || '(no id)',
            caption: c ? c.textContent.replace(/\\s+/g, ' ').trim() : ''};
})"""


@pytest.fixture(scope="module")
def visit(browser: Browser, base_url: str) -> Callable[[str], Visit]:
    """Open a page once (cached for the module) and record what the tests check."""

    @functools.cache
    def _visit(path: str) -> Visit:
        with open_page(browser) as (page, log):
            page.goto(base_url + path, wait_until="load")
            if REFRESH.search((HTML / path).read_text(encoding="utf-8")):  # a redirect page
                page.wait_for_url(lambda url: url != base_url + path)
            page.wait_for_load_state("networkidle")
            for image in page.locator("img[loading=lazy]").all():
                image.scroll_into_view_if_needed()
            page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
            return Visit(page.url, log, page.evaluate(_IMAGES_JS), page.evaluate(_FIGURES_JS))

    return _visit


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors_or_outside_requests(
    visit: Callable[[str], Visit], path: str
) -> None:
    problems = visit(path).log.problems()
    assert not problems, f"{path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", PAGES)
def test_every_image_loads_and_has_alt_text(visit: Callable[[str], Visit], path: str) -> None:
    images = visit(path).images
    bad = [f"did not load: {i['src']}" for i in images if not i["complete"] or i["width"] == 0]
    bad += [f"no alt text: {i['src']}" for i in images if not i["alt"]]
    assert not bad, f"{path}:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", PAGES)
def test_every_figure_caption_is_numbered(visit: Callable[[str], Visit], path: str) -> None:
    bad = [
        f"figure {f['id']}: caption {f['caption'][:60]!r} does not start with 'Fig. N'"
        for f in visit(path).figures
        if not CAPTION.match(f["caption"])
    ]
    assert not bad, f"{path}:\n" + "\n".join(bad)


def test_the_book_has_figures_with_distinct_numbers(visit: Callable[[str], Visit]) -> None:
    """The per-page checks above would pass on a book without figures; this one would not."""
    numbers: dict[str, list[str]] = {}
    for path in PAGES:
        for figure in visit(path).figures:
            match = CAPTION.match(figure["caption"])
            if match:
                numbers.setdefault(match.group(1), []).append(f"{path}#{figure['id']}")
    assert numbers, "no numbered figure in the whole book"
    assert any(visit(p).images for p in PAGES), "no image in the whole book"
    duplicates = {n: where for n, where in numbers.items() if len(where) > 1}
    assert not duplicates, f"figure numbers used twice: {duplicates}"


def test_search_finds_a_known_term(browser: Browser, base_url: str) -> None:
    with open_page(browser) as (page, log):
        page.goto(base_url + "search.html?q=Jalalabad")
        log.clear()  # errors while loading are the per-page test's business; these are search's
        results = page.locator("#search-results ul.search li")
        results.first.wait_for(state="visible")
        hrefs = [a.get_attribute("href") or "" for a in results.locator("a").all()]
        assert results.count() > 0
        assert any("jalalabad" in h for h in hrefs), hrefs
        assert not log.problems(), log.problems()


def test_numref_link_lands_on_its_figure(browser: Browser, base_url: str) -> None:
    with open_page(browser) as (page, log):
        page.goto(base_url + "book/casualties.html")
        log.clear()
        link = page.locator("a.reference.internal:has(span.std-numref)").first
        href = link.get_attribute("href") or ""
        label = link.inner_text().strip()
        assert href.startswith("#") and CAPTION.match(label), (href, label)
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        link.click()
        page.wait_for_function("h => location.hash === h", arg=href)
        target = page.locator(f"[id='{href[1:]}']")
        try:  # scrolled to: in view and near the top (unless the page cannot scroll further)
            page.wait_for_function(
                """el => { const r = el.getBoundingClientRect();
                           const end = scrollY + innerHeight >= document.body.scrollHeight - 1;
                           return r.height > 0 && r.top >= -1 && r.bottom > 0
                                  && (r.top <= innerHeight / 4 || end); }""",
                arg=target.element_handle(),
                timeout=5_000,
            )
        except PlaywrightTimeoutError:
            box = target.bounding_box()
            pytest.fail(f"after the click, {href} is not scrolled into view: {box}")
        caption = target.locator("figcaption").inner_text()
        assert caption.startswith(label), f"link {label!r} lands on a figure captioned {caption!r}"
        assert not log.problems(), log.problems()


def test_navigation_works_at_phone_width(browser: Browser, base_url: str) -> None:
    with open_page(browser, viewport=PHONE) as (page, log):
        page.goto(base_url + "book/intro.html")
        log.clear()
        links = page.locator(".bd-sidenav a.reference.internal:visible")
        assert links.count() == 0, "the sidebar is open before the toggle is pressed"
        page.locator("button.primary-toggle:visible").first.click()
        try:
            links.first.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeoutError:
            pytest.fail("pressing the visible primary sidebar toggle did not open the sidebar")
        hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        target = next((h for h in hrefs if h.endswith(".html")), None)
        assert target, f"no link to another page in the opened sidebar: {hrefs}"
        page.locator(f".bd-sidenav a.reference.internal[href='{target}']:visible").click()
        page.wait_for_url(re.compile(re.escape(target.split("/")[-1]) + "$"))
        assert page.locator("article.bd-article h1").first.is_visible()
        assert not log.problems(), log.problems()


# ----------------------------------------------------------------------------- accessibility

#: axe-core, committed with its licence (tests/axe/README.md); injected inline, never fetched.
AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
#: Impacts that fail a page.
SERIOUS = ("critical", "serious")
#: Violations the theme makes impossible to fix from the book, by axe rule id: the CSS
#: selector prefix of the nodes concerned, and the reason. None today: the theme's faults
#: that no setting reaches (search and colour-mode button names, icon-only sidebar
#: toggles, the bibliography's list roles) are repaired by book/_ext/accessible.py.
THEME_LIMITS: dict[str, tuple[str, str]] = {}


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core over the open page; its violations of impact critical or serious."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )
    return [v for v in result if v["impact"] in SERIOUS]


def _unexcused(violations: list[dict[str, Any]]) -> list[str]:
    out = []
    for violation in violations:
        limit = THEME_LIMITS.get(violation["id"])
        nodes = [n for n in violation["nodes"]
                 if limit is None or not n.startswith(limit[0])]
        if nodes:
            out.append(f"{violation['impact']} {violation['id']} ({violation['help']}): "
                       + "; ".join(nodes[:5]) + (" ..." if len(nodes) > 5 else ""))
    return out


def test_axe_core_is_committed_with_its_licence() -> None:
    assert AXE.stat().st_size > 100_000
    assert AXE.read_text(encoding="utf-8").startswith("/*! axe v4.")
    assert "Mozilla Public License" in (AXE.parent / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PAGES)
def test_no_critical_or_serious_accessibility_violation(
    browser: Browser, base_url: str, path: str
) -> None:
    with open_page(browser) as (page, log):
        page.goto(base_url + path, wait_until="load")
        if REFRESH.search((HTML / path).read_text(encoding="utf-8")):  # a redirect page
            page.wait_for_url(lambda url: url != base_url + path)
        page.wait_for_load_state("networkidle")
        problems = _unexcused(axe_violations(page))
        assert not log.outside, log.outside
    assert not problems, f"{path}:\n" + "\n".join(problems)
# ---------------------------------------------------------------------------
# The network explorer
# ---------------------------------------------------------------------------

EXPLORER = "book/network_explorer.html"


def _explorer_state(page: Page) -> dict[str, Any]:
    return page.evaluate("""() => ({
        month: document.getElementById('nx-explorer').getAttribute('data-month'),
        label: document.getElementById('nx-month-label').textContent,
        caption: document.getElementById('nx-caption').textContent,
        edges: Array.from(document.querySelectorAll('#nx-drawing path'))
                    .map(p => p.getAttribute('data-pair')).sort().join('|'),
        rows: document.querySelectorAll('#nx-ties tbody tr').length,
        valuetext: document.getElementById('nx-month').getAttribute('aria-valuetext')})""")


def test_explorer_slider_changes_the_network_and_its_caption(browser: Browser,
                                                             base_url: str) -> None:
    with open_page(browser) as (page, log):
        page.goto(base_url + EXPLORER)
        page.locator("#nx-drawing svg").wait_for()
        first = _explorer_state(page)
        assert first["month"] == "1989-02" and first["caption"].startswith("February 1989")
        assert first["rows"] > 0 and first["edges"]
        assert page.locator("label[for='nx-month']").inner_text().strip()
        page.locator("#nx-month").fill("38")  # the last month, as a drag would set it
        last = _explorer_state(page)
        assert last["month"] == "1992-04" and last["caption"].startswith("April 1992")
        assert last["edges"] != first["edges"] and last["valuetext"] == "April 1992"
        page.locator("#nx-prev").click()
        assert _explorer_state(page)["month"] == "1992-03"
        link = page.locator("#nx-ties tbody a.nx-src").first
        assert "bibliography.html#" in (link.get_attribute("href") or "")
        assert not log.problems(), log.problems()


def test_explorer_works_from_the_keyboard(browser: Browser, base_url: str) -> None:
    with open_page(browser) as (page, log):
        page.goto(base_url + EXPLORER)
        page.locator("#nx-drawing svg").wait_for()
        page.locator("#nx-month").focus()
        page.keyboard.press("ArrowRight")
        state = _explorer_state(page)
        assert state["month"] == "1989-03" and state["caption"].startswith("March 1989")
        page.keyboard.press("End")
        assert _explorer_state(page)["month"] == "1992-04"
        page.keyboard.press("Tab")  # to the Next button, then back to Previous and press it
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        focused = page.evaluate("() => document.activeElement.id")
        assert focused == "nx-prev", focused
        page.keyboard.press("Enter")
        assert _explorer_state(page)["month"] == "1992-03"
        assert not log.problems(), log.problems()


# ---------------------------------------------------------------------------
# The book at a phone's width, figures at full size, no raw ids, a picture first
# ---------------------------------------------------------------------------

NARROW = {"width": 390, "height": 844}

#: Pages that show data ids on purpose: the API reference (docstring examples),
#: the codebook (it documents the id columns) and the generated row pages; and
#: the bibliography, whose style lowercases words in titles ("ussr").
RAW_ID_EXEMPT = ("book/api.html", "book/codebook.html", "book/generated/rows/",
                 "book/bibliography.html")


def _raw_ids() -> list[str]:
    """The actor ids that could only be a raw id in a reader's text.

    Ids with an underscore, and the bare ones that are not words of the book's
    prose (``hig``, ``ussr``...); ids that are also words or names (``iran``,
    ``un``, ``china``) are left out, since the test could not tell them apart.
    """
    import csv

    from analysis.paths import DATA_DIR

    words = {"un", "iran", "china", "india", "egypt", "hungary", "pakistan", "russia", "usa",
             "taliban", "isi", "cia", "gdr", "ncs", "aig", "khad"}
    with open(DATA_DIR / "actors.csv", newline="", encoding="utf-8") as handle:
        ids = [row["actor_id"] for row in csv.DictReader(handle)]
    return sorted(a for a in ids if "_" in a or a not in words)


@functools.cache
def _raw_id_pattern() -> re.Pattern[str]:
    return re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, _raw_ids())) + r")(?![\w-])")


@dataclass
class NarrowVisit:
    """One page at 390 px: its width, its figures' links and its text."""

    scroll_width: int
    figure_links: list[dict[str, Any]]
    text: str


_NARROW_JS = """() => ({
    scroll_width: document.documentElement.scrollWidth,
    figure_links: Array.from(document.querySelectorAll('figure[id^="fig-"] img')).map(i => {
        const a = i.closest('a');
        return {figure: i.closest('figure').id, href: a ? a.getAttribute('href') : null,
                resolved: a ? a.href : null};
    }),
    text: (() => {
        const root = (document.querySelector('article') || document.body).cloneNode(true);
        // "Data behind this chapter" names the rows it rests on, by their ids, on purpose
        root.querySelectorAll('section[id^="data-behind"], script, style').forEach(s => s.remove());
        return root.innerText;
    })()})"""


@pytest.fixture(scope="module")
def narrow(browser: Browser, base_url: str) -> Callable[[str], NarrowVisit]:
    """Open a page once at 390 px wide (cached for the module)."""

    @functools.cache
    def _visit(path: str) -> NarrowVisit:
        with open_page(browser, viewport=NARROW) as (page, _log):
            page.goto(base_url + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            return NarrowVisit(**page.evaluate(_NARROW_JS))

    return _visit


@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_wider_than_a_phone(narrow: Callable[[str], NarrowVisit], path: str) -> None:
    width = narrow(path).scroll_width
    assert width <= NARROW["width"], f"{path} is {width} px wide at a 390 px screen"


@pytest.mark.parametrize("path", PAGES)
def test_every_figure_image_links_to_its_full_size_file(
        narrow: Callable[[str], NarrowVisit], path: str) -> None:
    bad = []
    for link in narrow(path).figure_links:
        href = link["href"] or ""
        if not href.endswith(f"figures/{link['figure']}.svg"):
            bad.append(f"{link['figure']}: image links to {href!r}")
            continue
        target = HTML / urlsplit(link["resolved"]).path.lstrip("/")
        if not target.is_file():
            bad.append(f"{link['figure']}: {href} is not in the build")
    assert not bad, f"{path}:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", [p for p in PAGES if not p.startswith(RAW_ID_EXEMPT)])
def test_no_raw_data_id_in_a_page(narrow: Callable[[str], NarrowVisit], path: str) -> None:
    found = sorted(set(_raw_id_pattern().findall(narrow(path).text)))
    assert not found, f"{path} shows raw actor ids: {found}"


def test_no_raw_data_id_in_a_figure() -> None:
    svgs = sorted((HTML / "figures").glob("*.svg"))
    assert svgs, "no exported figure in the build"
    bad = {}
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        words = " ".join(re.findall(r"<!-- (.*?) -->", text)
                         + re.findall(r"<text[^>]*>([^<]*)</text>", text))
        found = sorted(set(_raw_id_pattern().findall(words)))
        if found:
            bad[svg.name] = found
    assert not bad, f"figures whose text shows raw actor ids: {bad}"


def test_the_landing_page_opens_with_a_picture(browser: Browser, base_url: str) -> None:
    with open_page(browser, viewport=NARROW) as (page, log):
        page.goto(base_url + "index.html")
        page.wait_for_url(re.compile(r"intro\.html$"))
        page.wait_for_load_state("networkidle")
        first = page.evaluate("""() => {
            const article = document.querySelector('article');
            const img = article.querySelector('img');
            const h2 = article.querySelector('h2');
            if (!img) return null;
            const before = !h2 || (img.compareDocumentPosition(h2)
                                   & Node.DOCUMENT_POSITION_FOLLOWING);
            const r = img.getBoundingClientRect();
            return {loaded: img.complete && img.naturalWidth > 0, before_text: !!before,
                    top: r.top, width: r.width, alt: img.alt};
        }""")
        assert first, "the landing page has no picture"
        assert first["loaded"] and first["before_text"] and first["alt"], first
        assert first["top"] < NARROW["height"] and first["width"] > 300, first
        assert not log.problems(), log.problems()
