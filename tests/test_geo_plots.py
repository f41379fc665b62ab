"""Tests of analysis.geo_plots: the reference map, the event maps by phase, the control map.

Boundaries, places and events here are fixtures built for the tests, not the book's data.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from analysis.geo import AFGHANISTAN_EXTENT, SMALL_MAP_EXTENT, city_control, road_lines
from analysis.geo_plots import (
    NATURAL_EARTH_10M_CREDIT,
    SIDE_COLOURS,
    plot_city_control,
    plot_event_maps_by_phase,
    plot_reference_map,
)


def box(west, south, east, north) -> np.ndarray:
    return np.array([[west, south], [east, south], [east, north], [west, north],
                     [west, south]], dtype=float)


@pytest.fixture
def boundaries() -> dict[str, object]:
    return {"countries": {"Afghanistan": [[box(61, 30, 71, 38), box(65, 33, 66, 34)]],
                          "Pakistan": [[box(71, 24, 77, 37)], [box(80, 20, 81, 21)]],
                          "Faraway": [[box(100, 0, 101, 1)]]},
            "provinces": [np.array([[65.0, 30.0], [65.0, 38.0]]),
                          np.array([[61.0, 34.0], [71.0, 34.0]])],
            "lakes": [[box(62.0, 31.0, 62.3, 31.2)]]}


@pytest.fixture
def places() -> pd.DataFrame:
    return pd.DataFrame({
        "place_id": ["afghanistan", "kabul", "jalalabad", "khost", "samarkhel", "geneva",
                     "salang_pass", "torkham", "kabul_airport", "paghman"],
        "name": ["Afghanistan", "Kabul", "Jalalabad", "Khost", "Samarkhel", "Geneva",
                 "Salang Pass", "Torkham", "Kabul Airfield", "Paghman"],
        "kind": ["country", "city", "city", "city", "base", "city", "pass",
                 "border_crossing", "airfield", "town"],
        "province": ["", "Kabul", "Nangarhar", "Khost", "Nangarhar", "", "Parwan",
                     "Nangarhar", "Kabul", "Kabul"],
        "lat": [33.0, 34.5, 34.4, 33.3, None, 46.2, 35.3, 34.1, 34.56, 34.58],
        "lon": [65.0, 69.2, 70.4, 69.9, None, 6.1, 69.0, 71.1, 69.21, 68.95],
    })


@pytest.fixture
def roads(places) -> pd.DataFrame:
    table = pd.DataFrame({"road_id": ["kabul_torkham", "kabul_salang"],
                          "name": ["Kabul–Torkham", "Kabul–Salang"],
                          "places": ["kabul;jalalabad;torkham", "kabul;salang_pass"]})
    return road_lines(table, places)


@pytest.fixture
def reference(places, boundaries, roads):
    return plot_reference_map(places, boundaries, roads, source_line="test data")


def texts_by_gid(ax) -> dict[str, str]:
    return {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}


def label_boxes(fig, ax, prefix: str = "label:") -> list:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    return [t.get_window_extent(renderer) for t in ax.texts
            if (t.get_gid() or "").startswith(prefix)]


# --- the reference map -----------------------------------------------------------------

def test_one_patch_per_polygon(reference) -> None:
    gids = [p.get_gid() for p in reference.axes[0].patches]
    assert gids == ["country:Afghanistan:0", "country:Pakistan:0", "country:Pakistan:1",
                    "country:Faraway:0", "lake:0"]


def test_outlines_keep_every_vertex_and_hole(reference, boundaries) -> None:
    drawn = {p.get_gid(): p.get_path() for p in reference.axes[0].patches}
    for name, polygons in boundaries["countries"].items():
        for k, poly in enumerate(polygons):
            vertices = drawn[f"country:{name}:{k}"].vertices
            assert np.array_equal(vertices, np.concatenate(poly))


def test_afghanistan_is_emphasised(reference) -> None:
    widths = {p.get_gid(): p.get_linewidth() for p in reference.axes[0].patches}
    assert widths["country:Afghanistan:0"] > widths["country:Pakistan:0"]


def test_province_lines_and_roads_are_drawn(reference, roads) -> None:
    ax = reference.axes[0]
    (provinces,) = [c for c in ax.collections if c.get_gid() == "province-lines"]
    assert len(provinces.get_segments()) == 2
    drawn = {line.get_gid(): line for line in ax.lines}
    for row in roads.itertuples():
        line = drawn[f"road:{row.road_id}"]
        assert tuple(line.get_xdata()) == row.lons and tuple(line.get_ydata()) == row.lats


def test_the_places_drawn_and_their_labels(reference) -> None:
    ax = reference.axes[0]
    points = sorted(line.get_gid() for line in ax.lines
                    if (line.get_gid() or "").startswith("place:"))
    # the airfield sits on Kabul, Geneva lies outside, a base and a country are not drawn
    assert points == ["place:jalalabad", "place:kabul", "place:khost", "place:paghman",
                      "place:salang_pass", "place:torkham"]
    texts = texts_by_gid(ax)
    assert {k: v for k, v in texts.items() if k.startswith("label:")} == {
        "label:kabul": "Kabul", "label:jalalabad": "Jalalabad", "label:khost": "Khost",
        "label:paghman": "Paghman", "label:salang_pass": "Salang Pass",
        "label:torkham": "Torkham"}
    # neighbours inside the window are named; Faraway lies outside it
    assert texts["country-label:Pakistan"] == "Pakistan"
    assert texts["country-label:Afghanistan"] == "AFGHANISTAN"
    assert "country-label:Faraway" not in texts


def test_axes_legend_scale_and_credits(reference) -> None:
    ax = reference.axes[0]
    assert ax.get_xlim() == AFGHANISTAN_EXTENT[:2]
    assert ax.get_ylim() == AFGHANISTAN_EXTENT[2:]
    assert ax.get_aspect() == pytest.approx(1 / np.cos(np.radians(34.25)))
    assert texts_by_gid(ax)["scale-label"] == "200 km"
    assert ax.get_legend().get_gid() == "legend"
    assert "province boundary (today's)" in [t.get_text() for t in ax.get_legend().get_texts()]
    sources = [t.get_text() for t in reference.texts if t.get_gid() == "source-line"]
    assert sources == [f"Source: test data; {NATURAL_EARTH_10M_CREDIT}"]
    assert "public domain" in NATURAL_EARTH_10M_CREDIT


def test_labels_avoid_each_other(reference) -> None:
    boxes = label_boxes(reference, reference.axes[0])
    assert len(boxes) == 6
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_a_crowded_label_moves_away_on_a_leader_line(places, boundaries, roads) -> None:
    crowded = pd.concat([places, pd.DataFrame({
        "place_id": ["t1", "t2", "t3", "t4"], "name": ["Town one", "Town two", "Town three",
                                                       "Town four"],
        "kind": ["town"] * 4, "province": ["Kabul"] * 4,
        "lat": [34.75, 34.3, 34.75, 34.3], "lon": [69.2, 69.2, 68.9, 68.9]})],
        ignore_index=True)
    fig = plot_reference_map(crowded, boundaries, roads, source_line="test data")
    labels = [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label:")]
    assert len({t.xyann for t in labels}) > 1
    assert any(t.arrow_patch is not None for t in labels)


def test_reference_map_is_deterministic(places, boundaries, roads) -> None:
    def svg() -> bytes:
        buffer = io.BytesIO()
        plot_reference_map(places, boundaries, roads, source_line="x").savefig(
            buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()
    assert svg() == svg()


# --- the event maps by phase -----------------------------------------------------------

@pytest.fixture
def events() -> pd.DataFrame:
    rows = [("a", "a", "kabul", "1989-03-01"), ("b", "b", "kabul", "1989-05-01"),
            ("c", "c", "kabul", "1989-07-01"), ("d1", "d", "khost", "1989-04-01"),
            ("d2", "d", "khost", "1989-04-02"), ("e", "e", "jalalabad", "1989-03-06"),
            ("f", "f", "samarkhel", "1989-08-01"), ("g", "g", "geneva", "1989-04-14"),
            ("h", "h", "afghanistan", "1989-02-15"), ("i", None, None, "1989-09-01"),
            ("k", "k", "khost", "1991-03-31")]
    return pd.DataFrame(rows, columns=["event_id", "fact_id", "place_id", "start_date"])


PHASES = {"1989": ("1989-01-01", "1989-12-31"), "1990 and 1991": ("1990-01-01", "1991-12-31")}


@pytest.fixture
def phases(events, places, boundaries):
    return plot_event_maps_by_phase(events, places, boundaries, PHASES, source_line="test data")


def test_one_panel_per_phase(phases) -> None:
    assert [ax.get_title(loc="left") for ax in phases.axes] == list(PHASES)
    for ax in phases.axes:
        assert ax.get_xlim() == SMALL_MAP_EXTENT[:2]
        # the small maps draw no province lines
        assert not [c for c in ax.collections if c.get_gid() == "province-lines"]


def test_circles_sized_by_count(phases) -> None:
    (points,) = [c for c in phases.axes[0].collections if c.get_gid() == "places:1989"]
    # Kabul, Jalalabad, Khost: Geneva is outside, Samarkhel has no coordinates,
    # Afghanistan is a whole country; two readings of Khost's one event count once
    assert points.get_offsets().tolist() == [[69.2, 34.5], [70.4, 34.4], [69.9, 33.3]]
    assert points.get_sizes().tolist() == [66.0, 22.0, 22.0]
    labels = {k: v for k, v in texts_by_gid(phases.axes[0]).items() if k.startswith("label:")}
    assert labels == {"label:1989:kabul": "Kabul (3)", "label:1989:jalalabad": "Jalalabad (1)",
                      "label:1989:khost": "Khost (1)"}


def test_what_is_not_shown_is_counted(phases) -> None:
    first, second = (texts_by_gid(ax) for ax in phases.axes)
    # 9 events in 1989 (d1 and d2 are one); Samarkhel, Geneva, the country and no place: 4
    assert first["not-shown:1989"].startswith("9 events; 4 not on the map")
    assert second["not-shown:1990 and 1991"].startswith("1 events; 0 not on the map")


def test_phase_labels_avoid_each_other(phases) -> None:
    for ax in phases.axes:
        boxes = label_boxes(phases, ax)
        assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_phase_credits(phases) -> None:
    sources = [t.get_text() for t in phases.texts if t.get_gid() == "source-line"]
    assert sources == [f"Source: test data; {NATURAL_EARTH_10M_CREDIT}"]


# --- the control map -------------------------------------------------------------------

@pytest.fixture
def control(places) -> pd.DataFrame:
    events = pd.DataFrame({"event_id": ["fall"], "fact_id": ["fall"], "place_id": ["khost"],
                           "start_date": pd.to_datetime(["1991-03-31"]),
                           "start_precision": ["day"], "source": ["src"]})
    return city_control(events, places, ["1991-01-01", "1991-06-01"], extra=["kabul"],
                        records={"fall": ("khost", "government", "mujahideen")})


def test_control_points_take_the_colour_of_their_side(control, boundaries) -> None:
    fig = plot_city_control(control, boundaries, source_line="test data")
    assert len(fig.axes) == 2
    points = {line.get_gid(): line for ax in fig.axes for line in ax.lines}
    assert points["city:1991-01-01:khost"].get_markerfacecolor() == SIDE_COLOURS["government"]
    assert points["city:1991-06-01:khost"].get_markerfacecolor() == SIDE_COLOURS["mujahideen"]
    kabul = points["city:1991-06-01:kabul"]
    assert kabul.get_markerfacecolor() == SIDE_COLOURS["no sourced record"]
    assert kabul.get_markeredgecolor() == "#777777"
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["1 January 1991", "1 June 1991"]
    legend = fig.legends[0]
    assert legend.get_gid() == "legend"
    assert [t.get_text() for t in legend.get_texts()] == list(SIDE_COLOURS)
