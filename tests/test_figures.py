"""Tests of analysis.figures: style, colours and deterministic export."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.figures import (
    ACTOR_COLOURS,
    CAMP_COLOURS,
    OKABE_ITO,
    actor_colour,
    add_source,
    export_figure,
    file_digest,
    new_figure,
)


def _figure():
    fig, ax = new_figure(4, 3)
    ax.bar([1989, 1990], [3.0, 4.0])
    ax.set_title("Demo")
    add_source(fig, "a test")
    return fig


def test_palette_and_camps_use_the_colour_blind_safe_set() -> None:
    assert set(CAMP_COLOURS.values()) <= set(OKABE_ITO.values())
    assert all(c.startswith("#") and len(c) == 7 for c in ACTOR_COLOURS.values())


@pytest.mark.parametrize(("actor", "camp", "expected"), [
    ("hig", None, ACTOR_COLOURS["hig"]),
    ("hig", "government", ACTOR_COLOURS["hig"]),  # an actor's own colour wins over its camp's
    ("unknown", "resistance", CAMP_COLOURS["resistance"]),
    ("unknown", None, OKABE_ITO["grey"]),
])
def test_actor_colour(actor: str, camp: str | None, expected: str) -> None:
    assert actor_colour(actor, camp) == expected


def test_source_line_is_on_the_figure() -> None:
    fig = _figure()
    texts = [t.get_text() for t in fig.texts]
    assert texts == ["Source: a test"]


def test_export_writes_four_files_with_metadata(tmp_path: Path) -> None:
    data = pd.DataFrame({"year": [1989, 1990], "value": [3.0, 4.0]})
    paths = export_figure(_figure(), "fig-demo", tmp_path, data, title="Demo title",
                          source="Test source")
    assert {p.name for p in paths.values()} == {
        "fig-demo.png", "fig-demo.svg", "fig-demo.pdf", "fig-demo.csv"}
    assert "<dc:title>Demo title</dc:title>" in paths["svg"].read_text()
    assert b"Demo title" in paths["png"].read_bytes()
    assert b"Demo title" in paths["pdf"].read_bytes()
    assert pd.read_csv(paths["csv"]).equals(data)


def test_export_is_byte_identical(tmp_path: Path) -> None:
    data = pd.DataFrame({"x": [1]})
    first = export_figure(_figure(), "f", tmp_path / "a", data, title="T", source="S")
    second = export_figure(_figure(), "f", tmp_path / "b", data, title="T", source="S")
    for fmt in ("png", "svg", "pdf", "csv"):
        assert file_digest(first[fmt]) == file_digest(second[fmt]), fmt


def test_png_is_300_dpi(tmp_path: Path) -> None:
    from matplotlib.image import imread

    paths = export_figure(_figure(), "f", tmp_path, pd.DataFrame(), title="T", source="S")
    height, width = imread(paths["png"]).shape[:2]
    assert (width, height) == (4 * 300, 3 * 300)
