"""How to cite the book, its data and each of its figures and rows.

Nothing here is typed twice. The authors, title, version and licence come
from ``CITATION.cff`` (which GitHub, Zenodo and ``cffconvert`` read; its
version must be ``analysis.__version__``), and the published book's base
URL from ``_config.yml`` (``html.baseurl``, which Sphinx uses as
``html_baseurl``); the repository is ``CITATION.cff``'s ``repository-code``.
Every permanent link made here is absolute: :func:`permalink` joins a page of
the book to the base URL.

The figure exports write these into ``index.json``, every figure in the HTML
carries a "Cite this figure" block made by :func:`figure_citation` and
:func:`figure_bibtex`, and :func:`row_citation` cites one row of the data.

Examples
--------
>>> text = figure_citation("fig-demo", "A demo", 3, "book/x.html#fig-demo")
>>> text.startswith(BOOK["authors"] + " (" + BOOK["year"] + "). “A demo” (Figure 3, fig-demo)")
True
>>> permalink("book/x.html#fig-demo") in text and BOOK["repository"] in text
True
>>> f"version {BOOK['version']}." in text
True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from analysis import __version__
from analysis.paths import ROOT

__all__ = ["BOOK", "read_book_metadata", "permalink", "author_list", "book_citation",
           "book_bibtex", "figure_citation", "figure_bibtex", "row_citation"]


@cache
def read_book_metadata(root: Path = ROOT) -> dict[str, Any]:
    """The book's citation metadata, from ``CITATION.cff`` and ``_config.yml``.

    Returns
    -------
    dict
        ``title``, ``authors`` (the names joined with "and"), ``author_names``
        (a tuple), ``year``, ``version``, ``licence``, ``url`` (the base URL,
        ending in "/") and ``repository``.

    Raises
    ------
    ValueError
        If ``CITATION.cff`` gives another version than the package, or
        ``_config.yml`` no absolute base URL.

    Examples
    --------
    >>> meta = read_book_metadata()
    >>> meta["version"] == __version__, meta["url"].startswith("https://")
    (True, True)
    """
    cff = yaml.safe_load((Path(root) / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8"))
    if str(cff["version"]) != __version__:
        raise ValueError(f"CITATION.cff gives version {cff['version']}, "
                         f"the package {__version__}")
    base = str((config.get("html") or {}).get("baseurl") or "")
    if not base.startswith(("https://", "http://")):
        raise ValueError("_config.yml: html.baseurl must be the absolute URL of the "
                         f"published book, not {base!r}")
    names = tuple(_person(p) for p in cff["authors"])
    return {
        "title": cff["title"],
        "authors": author_list(names),
        "author_names": names,
        "year": str(cff["date-released"])[:4],
        "version": __version__,
        "licence": str(cff["license"]).replace("CC-BY-4.0", "CC BY 4.0"),
        "url": base.rstrip("/") + "/",
        "repository": str(cff.get("repository-code") or ""),
    }


def _person(entry: dict[str, str]) -> str:
    """A CFF person or entity as one name ("Given Family", or the entity's name)."""
    if "name" in entry:
        return str(entry["name"])
    parts = [entry.get("name-particle"), entry.get("family-names"), entry.get("name-suffix")]
    family = " ".join(str(p) for p in parts if p)
    return f"{entry['given-names']} {family}".strip() if entry.get("given-names") else family


def author_list(names: tuple[str, ...] | list[str]) -> str:
    """Names as a reader writes them: "A", "A and B", "A, B and C".

    Examples
    --------
    >>> author_list(["A"]), author_list(["A", "B"]), author_list(["A", "B", "C"])
    ('A', 'A and B', 'A, B and C')
    """
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


#: The book's citation metadata (see :func:`read_book_metadata`).
BOOK: dict[str, Any] = read_book_metadata()


def permalink(page: str) -> str:
    """The absolute URL of a page (or anchor) of the book, given relative to its root.

    Examples
    --------
    >>> page = "book/khost.html#fig-khost-dates"
    >>> permalink(page) == BOOK["url"] + page
    True
    >>> permalink("https://elsewhere.example/x")
    'https://elsewhere.example/x'
    """
    if page.startswith(("https://", "http://")):
        return page
    return BOOK["url"] + page.lstrip("/")


def _tail() -> str:
    where = f" Repository: {BOOK['repository']}." if BOOK["repository"] else ""
    return f"{where} Licence {BOOK['licence']}."


def book_citation() -> str:
    """A plain-text citation of the book as a whole (its data included).

    Examples
    --------
    >>> book_citation().startswith(BOOK["authors"])
    True
    >>> f"version {BOOK['version']}. {BOOK['url']}." in book_citation()
    True
    """
    return (f"{BOOK['authors']} ({BOOK['year']}). {BOOK['title']}, version {BOOK['version']}. "
            f"{BOOK['url']}.{_tail()}")


def figure_citation(fig_id: str, title: str, number: int | str | None, url: str) -> str:
    """A plain-text citation of one figure.

    Parameters
    ----------
    fig_id
        The figure's stable id.
    title
        Its title.
    number
        Its number in the book, if known.
    url
        Its permanent anchor (absolute, or relative to the book's root:
        :func:`permalink` makes it absolute).
    """
    label = f"Figure {number}, {fig_id}" if number else fig_id
    return (f"{BOOK['authors']} ({BOOK['year']}). “{title}” ({label}). In {BOOK['title']}, "
            f"version {BOOK['version']}. {permalink(url)}.{_tail()}")


def row_citation(table: str, row_id: str, url: str) -> str:
    """A plain-text citation of one row of the data.

    Examples
    --------
    >>> text = row_citation("estimates", "est_0018", "book/generated/rows.html#est-0018")
    >>> "Row est_0018 of the table estimates" in text and BOOK["url"] in text
    True
    """
    return (f"{BOOK['authors']} ({BOOK['year']}). Row {row_id} of the table {table}. "
            f"In {BOOK['title']}, version {BOOK['version']}. {permalink(url)}.{_tail()}")


def _tex(text: str) -> str:
    return text.replace("–", "--").replace("&", r"\&").replace("%", r"\%")


def _bibtex_authors() -> str:
    """BibTeX's author field: each entity in braces, people as they are."""
    return " and ".join(f"{{{_tex(n)}}}" for n in BOOK["author_names"])


def book_bibtex() -> str:
    """A BibTeX entry for the book.

    Examples
    --------
    >>> print(book_bibtex().splitlines()[0])
    @book{afghanistan1989_1992,
    """
    lines = [
        "@book{afghanistan1989_1992,",
        f"  author    = {{{_bibtex_authors()}}},",
        f"  title     = {{{_tex(BOOK['title'])}}},",
        f"  edition   = {{version {BOOK['version']}}},",
        f"  year      = {{{BOOK['year']}}},",
        f"  url       = {{{BOOK['url']}}},",
    ]
    if BOOK["repository"]:
        lines.append(f"  note      = {{Repository {BOOK['repository']}. "
                     f"Licence {BOOK['licence']}}}")
    return "\n".join([*lines, "}"])


def figure_bibtex(fig_id: str, title: str, number: int | str | None, url: str) -> str:
    """A BibTeX entry for one figure.

    Examples
    --------
    >>> print(figure_bibtex("fig-demo", "A demo", None, "x.html#fig-demo").splitlines()[0])
    @misc{afghanistan1989_1992_fig_demo,
    """
    key = "afghanistan1989_1992_" + fig_id.replace("-", "_")
    label = f" (Figure {number})" if number else ""
    where = f"Repository {BOOK['repository']}. " if BOOK["repository"] else ""
    return "\n".join([
        f"@misc{{{key},",
        f"  author       = {{{_bibtex_authors()}}},",
        f"  title        = {{{_tex(title)}{label}}},",
        f"  howpublished = {{In: {_tex(BOOK['title'])}, version {BOOK['version']}}},",
        f"  year         = {{{BOOK['year']}}},",
        f"  url          = {{{permalink(url)}}},",
        f"  note         = {{Figure id {fig_id}. {where}Licence {BOOK['licence']}}}",
        "}",
    ])
