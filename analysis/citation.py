"""How to cite the book and each of its figures.

The book's metadata is kept here once; ``CITATION.cff`` repeats it for
citation tools (a test checks that the two agree), the figure exports write it
into ``index.json``, and every figure in the HTML carries a "Cite this figure"
block made by :func:`figure_citation` and :func:`figure_bibtex`.

Examples
--------
>>> text = figure_citation("fig-demo", "A demo", 3, "book/x.html#fig-demo")
>>> text.startswith("The Afghanistan 1989–1992 data history team (2026). “A demo”")
True
>>> "(Figure 3, fig-demo)" in text and f"version {BOOK['version']}." in text
True
"""

from __future__ import annotations

from analysis import __version__

__all__ = ["BOOK", "figure_citation", "figure_bibtex"]

#: The book's citation metadata (the version is analysis.__version__).
BOOK: dict[str, str] = {
    "title": "Afghanistan 1989–1992: a reference data history",
    "authors": "The Afghanistan 1989–1992 data history team",
    "year": "2026",
    "version": __version__,
    "licence": "CC BY 4.0",
}


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
        Its permanent anchor (absolute, or relative to the book's root).
    """
    label = f"Figure {number}, {fig_id}" if number else fig_id
    return (f"{BOOK['authors']} ({BOOK['year']}). “{title}” ({label}). In {BOOK['title']}, "
            f"version {BOOK['version']}. {url}. Licence {BOOK['licence']}.")


def _tex(text: str) -> str:
    return text.replace("–", "--").replace("&", r"\&").replace("%", r"\%")


def figure_bibtex(fig_id: str, title: str, number: int | str | None, url: str) -> str:
    """A BibTeX entry for one figure.

    Examples
    --------
    >>> print(figure_bibtex("fig-demo", "A demo", None, "x.html#fig-demo").splitlines()[0])
    @misc{afghanistan1989_1992_fig_demo,
    """
    key = "afghanistan1989_1992_" + fig_id.replace("-", "_")
    label = f" (Figure {number})" if number else ""
    return "\n".join([
        f"@misc{{{key},",
        f"  author       = {{{{{_tex(BOOK['authors'])}}}}},",
        f"  title        = {{{_tex(title)}{label}}},",
        f"  howpublished = {{In: {_tex(BOOK['title'])}, version {BOOK['version']}}},",
        f"  year         = {{{BOOK['year']}}},",
        f"  url          = {{{url}}},",
        f"  note         = {{Figure id {fig_id}. Licence {BOOK['licence']}}}",
        "}",
    ])
