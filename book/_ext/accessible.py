"""Local Sphinx extension: repair the theme's markup that assistive technology misreads.

axe-core (``tests/test_browser.py``) finds four faults on every page of an
unmodified Jupyter Book 1.x (sphinx-book-theme 1.3, pydata-sphinx-theme 0.17)
that no book setting can reach, because the theme writes them from its own
templates and Python. When an HTML build ends, each written page is
rewritten once, in place, with these repairs (nothing else changes):

* the search buttons carry ``aria-label="Search"`` while they show "Search
  Ctrl+K": the label is dropped, so their name is the text they show
  (axe ``label-content-name-mismatch``);
* the colour-mode button's three icons carry ``title`` attributes, which Font
  Awesome turns into text ("Light Dark System Settings") that its label
  "Color mode" does not contain: the icons' titles are dropped (the button
  keeps its label and tooltip);
* the sidebar's ``<summary>`` toggles hold only an icon: each gets an
  ``aria-label`` (axe ``summary-name``);
* the bibliography is a ``role="list"`` of ``role="doc-biblioentry"``
  entries, a role ARIA 1.2 deprecates and axe does not accept as a list's
  child: the entries become ``role="listitem"`` (axe
  ``aria-required-children``, critical).

:func:`repair` is pure and idempotent; pages that need no repair are left
untouched, so their bytes and dates do not change.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

__all__ = ["repair", "setup"]

_SEARCH = re.compile(r'(<button class="[^"]*search-button-field[^"]*"[^>]*?) aria-label="Search"')
_THEME_ICON = re.compile(r'(<i class="theme-switch [^"]*" data-mode="[a-z]+")\s+title="[^"]*"')
_SUMMARY = re.compile(r'<summary>(\s*<span class="toctree-toggle")')
_BIBENTRY = re.compile(r'(<div class="citation" id="[^"]+") role="doc-biblioentry"')


def repair(page: str) -> str:
    """The page with the theme's accessibility faults repaired.

    Examples
    --------
    >>> repair('<button class="btn search-button-field" title="Search" aria-label="Search">')
    '<button class="btn search-button-field" title="Search">'
    >>> repair('<summary><span class="toctree-toggle">')
    '<summary aria-label="Show or hide the sections"><span class="toctree-toggle">'
    >>> repair('<div class="citation" id="cite-x" role="doc-biblioentry">')
    '<div class="citation" id="cite-x" role="listitem">'
    >>> repair(repair('<i class="theme-switch fa-sun" data-mode="light" title="Light"></i>'))
    '<i class="theme-switch fa-sun" data-mode="light"></i>'
    """
    page = _SEARCH.sub(r"\1", page)
    page = _THEME_ICON.sub(r"\1", page)
    page = _SUMMARY.sub(r'<summary aria-label="Show or hide the sections">\1', page)
    return _BIBENTRY.sub(r'\1 role="listitem"', page)


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for path in sorted(Path(app.outdir).rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        repaired = repair(text)
        if repaired != text:
            path.write_text(repaired, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
