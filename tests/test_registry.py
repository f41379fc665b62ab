"""Tests of the figure registry and of its agreement with the chapters."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis.data import load_dataset
from analysis.paths import ROOT
from analysis.registry import FigureSpec, all_specs, get_spec, make_figure

SPECS = all_specs()
FIGURE = re.compile(r"```\{(glue:figure|data-figure)\} (\S+)\n(.*?)```", re.S)


def _chapter_figures() -> dict[str, tuple[str, str, str]]:
    """fig id -> (directive, options and caption text, chapter) for every figure in the book."""
    found = {}
    for path in (ROOT / "book").rglob("*.md"):
        for match in FIGURE.finditer(path.read_text(encoding="utf-8")):
            found[match.group(2)] = (
                match.group(1),
                match.group(3),
                path.relative_to(ROOT).with_suffix("").as_posix(),
            )
    return found


def test_ids_are_unique_and_well_formed() -> None:
    ids = [s.fig_id for s in SPECS]
    assert len(ids) == len(set(ids))
    with pytest.raises(ValueError, match="not of the form"):
        FigureSpec("Figure 1", "t", "c", "a", "s", "book/x", lambda ds, spec: None)
    with pytest.raises(ValueError, match="empty alt"):
        FigureSpec("fig-x", "t", "c", " ", "s", "book/x", lambda ds, spec: None)


def test_every_registered_figure_is_shown_in_its_chapter_with_its_alt_and_title() -> None:
    figures = _chapter_figures()
    for spec in SPECS:
        assert spec.fig_id in figures, f"{spec.fig_id} is not shown in any chapter"
        directive, block, chapter = figures[spec.fig_id]
        assert chapter == spec.chapter, f"{spec.fig_id} is in {chapter}, not {spec.chapter}"
        if directive == "data-figure":
            # the alt text and the anchor come from the registry: nothing to repeat
            assert ":alt:" not in block and ":name:" not in block, spec.fig_id
            continue  # the directive puts the registry's title at the head of the caption
        assert f":name: {spec.fig_id}\n" in block
        alt = re.search(r":alt: (.*)\n", block)
        assert alt and alt.group(1).strip() == spec.alt, f"alt text of {spec.fig_id} differs"
        caption = re.sub(r"\s+", " ", block.split("\n\n", 1)[1])
        assert caption.startswith(spec.title), f"caption of {spec.fig_id} must start with its title"


def test_every_figure_in_the_book_is_registered() -> None:
    registered = {s.fig_id for s in SPECS}
    assert set(_chapter_figures()) <= registered


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.mark.parametrize("spec", SPECS, ids=[s.fig_id for s in SPECS])
def test_each_figure_draws_with_its_source_line_and_data(spec: FigureSpec, dataset) -> None:
    fig, data = make_figure(spec.fig_id, dataset)
    assert isinstance(fig, Figure)
    assert isinstance(data, pd.DataFrame) and not data.empty
    texts = [t.get_text() for t in fig.texts]
    assert f"Source: {spec.source}" in texts


def test_unknown_id() -> None:
    with pytest.raises(KeyError, match="no figure 'fig-none'"):
        get_spec("fig-none")


def test_chapters_named_by_specs_exist() -> None:
    for spec in SPECS:
        assert Path(ROOT / f"{spec.chapter}.md").is_file(), spec.chapter
