"""Tests of analysis.geo: the WKB decoder, Natural Earth's outlines, counts and the map.

Places and events here are fixtures built for the tests, not the book's data.
"""

from __future__ import annotations

import io
import struct

import numpy as np
import pandas as pd
import pyogrio
import pyogrio.raw
import pytest
from hypothesis import given
from hypothesis import strategies as st

import analysis.geo as geo
from analysis.geo import (
    AFGHANISTAN_EXTENT,
    NATURAL_EARTH_CREDIT,
    REGION,
    decode_wkb,
    events_by_place,
    load_countries,
    natural_earth_path,
    plot_event_map,
)

SQUARE = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
HOLE = [(0.2, 0.2), (0.4, 0.2), (0.4, 0.4), (0.2, 0.2)]


def polygon_wkb(rings, endian: str = "<", code: int = 3, extra: int = 0) -> bytes:
    """WKB of one polygon; ``extra`` coordinates (z, m) are appended to each point."""
    out = struct.pack(f"{endian}BI", 1 if endian == "<" else 0, code)
    out += struct.pack(f"{endian}I", len(rings))
    for ring in rings:
        out += struct.pack(f"{endian}I", len(ring))
        for x, y in ring:
            out += struct.pack(f"{endian}{2 + extra}d", x, y, *([9.0] * extra))
    return out


def multipolygon_wkb(polygons, endian: str = "<") -> bytes:
    out = struct.pack(f"{endian}BII", 1 if endian == "<" else 0, 6, len(polygons))
    return out + b"".join(polygon_wkb(rings, endian) for rings in polygons)


# --- decode_wkb -----------------------------------------------------------------------

@pytest.mark.parametrize("endian", ["<", ">"])
def test_polygon_either_byte_order(endian) -> None:
    (ring,) = decode_wkb(polygon_wkb([SQUARE], endian))
    assert ring.tolist() == [list(p) for p in SQUARE]


@pytest.mark.parametrize(("code", "extra"), [(1003, 1), (2003, 1), (3003, 2)])
def test_z_and_m_coordinates_are_dropped(code, extra) -> None:
    (ring,) = decode_wkb(polygon_wkb([SQUARE], code=code, extra=extra))
    assert ring.shape == (5, 2)
    assert ring.tolist() == [list(p) for p in SQUARE]


def test_holes_and_multipolygons_keep_every_ring() -> None:
    assert len(decode_wkb(polygon_wkb([SQUARE, HOLE]))) == 2
    shifted = [(x + 5, y) for x, y in SQUARE]
    rings = decode_wkb(multipolygon_wkb([[SQUARE, HOLE], [shifted]], ">"))
    assert [len(r) for r in rings] == [5, 4, 5]
    assert rings[2][:, 0].min() == 5.0


@pytest.mark.parametrize(("blob", "message"), [
    (struct.pack("<BIdd", 1, 1, 0.0, 0.0), "geometry type 1 is not a polygon"),
    (b"\x02" + polygon_wkb([SQUARE])[1:], "bad WKB byte-order flag 2"),
    (polygon_wkb([SQUARE])[:-8], "truncated"),
    (polygon_wkb([SQUARE])[:7], "truncated"),
    (struct.pack("<BII", 1, 6, 1) + struct.pack("<BIdd", 1, 1, 0.0, 0.0), "not a polygon"),
    (struct.pack("<BII", 1, 6, 1) + polygon_wkb([SQUARE], code=6), "not a polygon"),
])
def test_bad_wkb_is_refused(blob, message) -> None:
    with pytest.raises(ValueError, match=message):
        decode_wkb(blob)


@given(st.lists(st.tuples(st.floats(-180, 180), st.floats(-90, 90)), min_size=3, max_size=30),
       st.sampled_from(["<", ">"]))
def test_decoding_returns_the_coordinates_encoded(points, endian) -> None:
    (ring,) = decode_wkb(polygon_wkb([points], endian))
    assert ring.tolist() == [list(p) for p in points]


# --- Natural Earth --------------------------------------------------------------------

@pytest.fixture(scope="module")
def countries() -> dict[str, list[np.ndarray]]:
    return load_countries()


def test_region_is_loaded_in_order(countries) -> None:
    assert tuple(countries) == REGION
    assert all(r.ndim == 2 and r.shape[1] == 2 for rings in countries.values() for r in rings)
    # every ring is closed
    assert all((r[0] == r[-1]).all() for rings in countries.values() for r in rings)


def test_afghanistan_lies_where_it_should(countries) -> None:
    (ring,) = countries["Afghanistan"]
    west, east, south, north = AFGHANISTAN_EXTENT
    assert west < ring[:, 0].min() < ring[:, 0].max() < east
    assert south < ring[:, 1].min() < ring[:, 1].max() < north


def test_decoder_agrees_with_the_file_bounds() -> None:
    _, _, _, fields = pyogrio.raw.read(natural_earth_path(), columns=["name"])
    everything = load_countries(fields[0].tolist())
    points = np.concatenate([r for rings in everything.values() for r in rings])
    bounds = pyogrio.read_info(natural_earth_path())["total_bounds"]
    assert np.allclose([*points.min(axis=0), *points.max(axis=0)], bounds)


def test_unknown_country_is_named() -> None:
    with pytest.raises(ValueError, match="no country named 'Atlantis'"):
        load_countries(["Afghanistan", "Atlantis"])


def test_missing_resource_is_explained(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(geo, "NATURAL_EARTH", tmp_path / "gone.shp")
    with pytest.raises(FileNotFoundError, match=f"pyogrio {pyogrio.__version__} does not ship"):
        natural_earth_path()


# --- events_by_place ------------------------------------------------------------------

@pytest.fixture
def places() -> pd.DataFrame:
    return pd.DataFrame({
        "place_id": ["afghanistan", "kabul", "jalalabad", "khost", "samarkhel", "geneva"],
        "name": ["Afghanistan", "Kabul", "Jalalabad", "Khost", "Samarkhel", "Geneva"],
        "kind": pd.Categorical(["country", "city", "city", "city", "base", "city"]),
        "province": ["", "Kabul", "Nangarhar", "Paktia", "Nangarhar", ""],
        "lat": [33.0, 34.5, 34.4, 33.3, None, 46.2],
        "lon": [65.0, 69.2, 70.4, 69.9, None, 6.1],
    })


@pytest.fixture
def events() -> pd.DataFrame:
    rows = [("a", "a", "kabul"), ("b", "b", "kabul"), ("c", "c", "kabul"),
            ("d1", "d", "khost"), ("d2", "d", "khost"), ("e", "e", "jalalabad"),
            ("f", "f", "samarkhel"), ("g", "g", "geneva"), ("h", "h", "afghanistan"),
            ("i", None, None), ("j", "j", None)]
    return pd.DataFrame(rows, columns=["event_id", "fact_id", "place_id"])


def test_counts_per_place(events, places) -> None:
    out = events_by_place(events, places)
    assert out["name"].tolist() == ["Kabul", "Afghanistan", "Geneva", "Jalalabad", "Khost",
                                    "Samarkhel", "(no place given)"]
    counts = out.set_index("name")
    assert counts.loc["Kabul", "events"] == 3
    # two readings of one fact count once
    assert counts.loc["Khost", "events"] == 1
    assert counts.loc["Khost", "readings"] == 2
    assert counts.loc["(no place given)", "events"] == 2


def test_nothing_is_dropped(events, places) -> None:
    out = events_by_place(events, places)
    assert out["readings"].sum() == len(events)
    assert out.loc[~out["located"], "name"].tolist() == ["Samarkhel", "(no place given)"]
    assert pd.isna(out["place_id"].iloc[-1])


@given(st.lists(st.sampled_from(["kabul", "khost", "samarkhel", None]), max_size=25))
def test_readings_always_add_up(place_ids) -> None:
    places = pd.DataFrame({"place_id": ["kabul", "khost", "samarkhel"], "name": ["K", "H", "S"],
                           "kind": ["city"] * 3, "lat": [34.5, 33.3, None],
                           "lon": [69.2, 69.9, None]})
    events = pd.DataFrame({"event_id": [f"e{i}" for i in range(len(place_ids))],
                           "fact_id": [f"f{i % 4}" for i in range(len(place_ids))],
                           "place_id": pd.Series(place_ids, dtype="object")})
    out = events_by_place(events, places)
    assert out["readings"].sum() == len(events)
    assert (out["events"] <= out["readings"]).all()


def test_without_province_column(events, places) -> None:
    out = events_by_place(events, places.drop(columns="province"))
    assert out["province"].isna().all()


@pytest.mark.parametrize(("frame", "column", "message"), [
    ("events", "place_id", "events lacks the column.*'place_id'"),
    ("places", "lat", "places lacks the column.*'lat'"),
])
def test_missing_columns_are_named(events, places, frame, column, message) -> None:
    tables = {"events": events, "places": places}
    tables[frame] = tables[frame].drop(columns=column)
    with pytest.raises(ValueError, match=message):
        events_by_place(tables["events"], tables["places"])


def test_unknown_place_is_named(events, places) -> None:
    events.loc[0, "place_id"] = "atlantis"
    with pytest.raises(ValueError, match="place_id.*'atlantis' are not in places"):
        events_by_place(events, places)


# --- plot_event_map -------------------------------------------------------------------

def box(west, south, east, north) -> np.ndarray:
    return np.array([[west, south], [east, south], [east, north], [west, north],
                     [west, south]], dtype=float)


@pytest.fixture
def outlines() -> dict[str, list[np.ndarray]]:
    return {"Afghanistan": [box(61, 30, 71, 38)],
            "Pakistan": [box(71, 24, 77, 37), box(80, 20, 81, 21)],
            "Faraway": [box(100, 0, 101, 1)]}


@pytest.fixture
def fig(events, places, outlines):
    return plot_event_map(events, places, outlines, source_line="test data")


def test_one_polygon_per_ring(fig) -> None:
    gids = [p.get_gid() for p in fig.axes[0].patches]
    assert gids == ["country:Afghanistan:0", "country:Pakistan:0", "country:Pakistan:1",
                    "country:Faraway:0"]


def test_outlines_keep_every_vertex(fig, outlines) -> None:
    drawn = {p.get_gid(): p.get_xy() for p in fig.axes[0].patches}
    for name, rings in outlines.items():
        for i, ring in enumerate(rings):
            assert np.array_equal(drawn[f"country:{name}:{i}"], ring)


def test_afghanistan_is_emphasised(fig) -> None:
    widths = {p.get_gid(): p.get_linewidth() for p in fig.axes[0].patches}
    assert widths["country:Afghanistan:0"] > widths["country:Pakistan:0"]


def test_points_sized_by_count(fig) -> None:
    (points,) = [c for c in fig.axes[0].collections if c.get_gid() == "places"]
    # Kabul, Jalalabad, Khost: Geneva is outside, Samarkhel has no coordinates,
    # Afghanistan is a whole country
    assert points.get_offsets().tolist() == [[69.2, 34.5], [70.4, 34.4], [69.9, 33.3]]
    assert points.get_sizes().tolist() == [60.0, 20.0, 20.0]


def test_labels(fig) -> None:
    texts = {t.get_gid(): t.get_text() for t in fig.axes[0].texts}
    assert {k: v for k, v in texts.items() if k.startswith("label:")} == {
        "label:kabul": "Kabul", "label:jalalabad": "Jalalabad", "label:khost": "Khost"}
    # neighbours inside the window are named; Faraway lies outside it
    assert texts["country-label:Pakistan"] == "Pakistan"
    assert "country-label:Faraway" not in texts
    assert "country-label:Afghanistan" not in texts


def test_what_is_not_shown_is_said(fig) -> None:
    (note,) = [t for t in fig.axes[0].texts if t.get_gid() == "not-shown"]
    text = note.get_text().replace("\n", " ")
    for part in ("Afghanistan (whole country, 1)", "Samarkhel (no coordinates, 1)",
                 "Geneva (outside the map, 1)", "no place given (2)"):
        assert part in text


def test_axes_and_credits(fig) -> None:
    ax = fig.axes[0]
    assert ax.get_xlim() == AFGHANISTAN_EXTENT[:2]
    assert ax.get_ylim() == AFGHANISTAN_EXTENT[2:]
    assert ax.get_aspect() == 1.0
    assert ax.get_xlabel() == "Longitude (°E)"
    sources = [t.get_text() for t in fig.texts if t.get_gid() == "source-line"]
    assert sources == [f"Source: test data; {NATURAL_EARTH_CREDIT}"]
    assert "public domain" in NATURAL_EARTH_CREDIT
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["1 event", "3 events"]


def test_labels_avoid_each_other(places, outlines) -> None:
    crowded = pd.concat([places, pd.DataFrame({
        "place_id": ["kabul_airport", "paghman"], "name": ["Kabul airport", "Paghman"],
        "kind": ["airfield", "town"], "province": ["Kabul", "Kabul"],
        "lat": [34.56, 34.58], "lon": [69.21, 68.95]})], ignore_index=True)
    events = pd.DataFrame({"event_id": ["a", "b", "c", "d"], "fact_id": ["a", "b", "c", "d"],
                           "place_id": ["kabul", "kabul", "kabul_airport", "paghman"]})
    fig = plot_event_map(events, crowded, outlines)
    labels = [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label:")]
    assert len({t.xyann for t in labels}) == 3
    # a label moved away from its point is tied to it by a leader line
    assert any(t.arrow_patch is not None for t in labels)


def test_empty_map_has_no_legend(places, outlines) -> None:
    events = pd.DataFrame({"event_id": ["a"], "fact_id": ["a"], "place_id": ["geneva"]})
    fig = plot_event_map(events, places, outlines)
    (points,) = fig.axes[0].collections
    assert len(points.get_offsets()) == 0
    assert fig.axes[0].get_legend() is None


def test_real_outlines_are_drawn(events, places, countries) -> None:
    fig = plot_event_map(events, places, countries)
    assert len(fig.axes[0].patches) == sum(len(r) for r in countries.values())
    names = {t.get_text() for t in fig.axes[0].texts if t.get_gid().startswith("country-")}
    assert {"Pakistan", "Iran", "Turkmenistan", "Uzbekistan", "Tajikistan"} <= names


def test_deterministic(events, places, outlines) -> None:
    def svg() -> bytes:
        buffer = io.BytesIO()
        plot_event_map(events, places, outlines).savefig(buffer, format="svg",
                                                          metadata={"Date": None})
        return buffer.getvalue()
    assert svg() == svg()
