"""The figure registry: every figure of the book, by its stable id.

Each figure has one :class:`FigureSpec`: a stable, readable id (never reused
for another figure), a title, a plain-text caption, alt text, a source line,
the chapter it appears in, and the function that draws it from the dataset.
Chapters show a figure with the ``{data-figure}`` directive
(``book/_ext/data_figure.py``), which shows the PNG that the export step
(:func:`analysis.exports.export_all`, run by ``scripts/build_book.py``) drew
for the figure pack: each figure is drawn once per build, and the book and the
downloads cannot differ. The alt text is kept here only.

Specs are declared in the submodules of this package, one per chapter; all
of them are collected here.

Examples
--------
>>> spec = get_spec("fig-yearly-battle-deaths")
>>> spec.chapter
'book/casualties'
>>> all(s.fig_id.startswith("fig-") for s in all_specs())
True
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from analysis.data import Dataset

__all__ = ["FigureSpec", "all_specs", "get_spec", "make_figure", "figure_png", "show_figure",
           "timeline_window"]

Maker = Callable[[Dataset, "FigureSpec"], tuple[Figure, pd.DataFrame]]


@dataclass(frozen=True)
class FigureSpec:
    """What the book says about one figure, and how to draw it.

    Attributes
    ----------
    fig_id
        Stable id, ``fig-`` followed by lowercase words and hyphens; also the
        figure's anchor in the HTML and its file name in the exports.
    title
        Short title; the chapter's caption starts with it.
    caption
        Plain-text caption for the exports and the gallery.
    alt
        Alt text saying what the figure shows; the chapter uses it verbatim.
    source
        The source line drawn on the figure and written into its files.
    chapter
        The chapter (document name) it appears in, e.g. ``book/casualties``.
    make
        ``make(dataset, spec) -> (figure, data as plotted)``.
    """

    fig_id: str
    title: str
    caption: str
    alt: str
    source: str
    chapter: str
    make: Maker

    def __post_init__(self) -> None:
        if not re.fullmatch(r"fig-[a-z0-9]+(-[a-z0-9]+)*", self.fig_id):
            raise ValueError(f"figure id '{self.fig_id}' is not of the form fig-words-with-hyphens")
        for name in ("title", "caption", "alt", "source", "chapter"):
            if not getattr(self, name).strip():
                raise ValueError(f"figure {self.fig_id} has an empty {name}")


def all_specs() -> list[FigureSpec]:
    """Every registered figure, in chapter-module order then declaration order.

    Raises
    ------
    ValueError
        If two specs share an id.
    """
    specs: list[FigureSpec] = []
    package = importlib.import_module(__name__)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        specs.extend(getattr(module, "SPECS", []))
    seen: dict[str, str] = {}
    for spec in specs:
        if spec.fig_id in seen:
            raise ValueError(f"figure id '{spec.fig_id}' is declared twice "
                             f"({seen[spec.fig_id]} and {spec.chapter})")
        seen[spec.fig_id] = spec.chapter
    return specs


def get_spec(fig_id: str) -> FigureSpec:
    """The spec of one figure.

    Examples
    --------
    >>> get_spec("fig-nonexistent")
    Traceback (most recent call last):
    ...
    KeyError: "no figure 'fig-nonexistent' in the registry"
    """
    for spec in all_specs():
        if spec.fig_id == fig_id:
            return spec
    raise KeyError(f"no figure '{fig_id}' in the registry")


def make_figure(fig_id: str, dataset: Dataset) -> tuple[Figure, pd.DataFrame]:
    """Draw a registered figure; returns the figure and the data as plotted."""
    spec = get_spec(fig_id)
    return spec.make(dataset, spec)


def timeline_window(events: pd.DataFrame, start: str, end: str, spec: FigureSpec,
                    **options: object) -> tuple[Figure, pd.DataFrame]:
    """A time line of the events in a window, and the chronology it plots.

    The shared maker of the chapters' time-line figures: the spec gives the
    title and source line; ``options`` go to
    :func:`analysis.timeline.plot_timeline`.
    """
    from analysis.timeline import chronology, plot_timeline

    fig = plot_timeline(events, start=start, end=end, source_line=spec.source,
                        title=spec.title, **options)
    return fig, chronology(events, start, end)


def figure_png(fig: Figure, dpi: int = 200) -> bytes:
    """The figure as PNG bytes, without metadata that would vary between runs.

    Examples
    --------
    >>> from analysis.figures import new_figure
    >>> figure_png(new_figure(2, 1)[0])[1:4]
    b'PNG'
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def show_figure(fig_id: str, dataset: Dataset) -> Figure:
    """Draw a registered figure and glue it under its id, for ``{glue:figure}``.

    The figure is glued as a PNG image (200 dpi), so the page shows the same
    picture whatever the notebook's plotting backend. Only usable inside a
    notebook executed by Jupyter Book (it imports ``myst_nb``). Returns the
    figure.
    """
    from IPython.display import Image
    from myst_nb import glue

    fig, _ = make_figure(fig_id, dataset)
    glue(fig_id, Image(data=figure_png(fig), format="png"), display=False)
    return fig
