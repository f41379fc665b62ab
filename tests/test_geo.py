"""Tests of analysis.geo: events counted per place, the reference map's places, roads, control.

Places and events here are fixtures built for the tests, not the book's data.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.geo import (
    AFGHANISTAN_EXTENT,
    city_control,
    control_records,
    events_by_place,
    reference_places,
    road_lines,
)

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


# --- reference_places -----------------------------------------------------------------

def test_reference_places_keep_the_window_the_kinds_and_the_capital_first() -> None:
    places = pd.DataFrame({
        "place_id": ["paghman", "kabul", "kabul_airport", "salang_pass", "geneva", "base"],
        "name": ["Paghman", "Kabul", "Kabul Airfield", "Salang Pass", "Geneva", "Base"],
        "kind": ["town", "city", "airfield", "pass", "city", "base"],
        "lon": [68.95, 69.17, 69.21, 69.0, 6.1, 70.0],
        "lat": [34.58, 34.53, 34.56, 35.3, 46.2, 33.0]})
    out = reference_places(places)
    # the capital first; then by kind (pass before town); the airfield sits on its city
    # (closer than 0.2 degree) and is left out; Geneva lies outside the window, and a
    # base is not a kind the map draws
    assert out["place_id"].tolist() == ["kabul", "salang_pass", "paghman"]
    assert out["kind"].tolist() == ["capital", "pass", "town"]
    west, east, south, north = AFGHANISTAN_EXTENT
    assert out["lon"].between(west, east).all() and out["lat"].between(south, north).all()


def test_reference_places_name_an_airfield_without_the_word() -> None:
    places = pd.DataFrame({"place_id": ["bagram"], "name": ["Bagram Airfield"],
                           "kind": ["airfield"], "lon": [69.26], "lat": [34.95]})
    assert reference_places(places)["name"].tolist() == ["Bagram"]


# --- road_lines -----------------------------------------------------------------------

def test_road_lines_follow_the_places_in_order(places) -> None:
    roads = pd.DataFrame({"road_id": ["east", "back"], "places": ["kabul;jalalabad",
                                                                   "khost;kabul"]})
    out = road_lines(roads, places)
    assert out["lons"].tolist() == [(69.2, 70.4), (69.9, 69.2)]
    assert out["lats"].tolist() == [(34.5, 34.4), (33.3, 34.5)]
    assert out["road_id"].tolist() == ["east", "back"]


@pytest.mark.parametrize(("joined", "message"), [
    ("kabul;atlantis", "road r: unknown place.*atlantis"),
    ("kabul;samarkhel", "road r: place.*samarkhel have no coordinates"),
])
def test_road_lines_refuse_what_cannot_be_drawn(places, joined, message) -> None:
    roads = pd.DataFrame({"road_id": ["r"], "places": [joined]})
    with pytest.raises(ValueError, match=message):
        road_lines(roads, places)


def test_road_lines_need_the_columns(places) -> None:
    with pytest.raises(ValueError, match="roads table lacks the column.*places"):
        road_lines(pd.DataFrame({"road_id": ["r"]}), places)


# --- who held the cities --------------------------------------------------------------

def control_events() -> pd.DataFrame:
    rows = [("fall_a", "fall", "khost", "1991-03-31", "day", "src_a"),
            ("fall_b", "fall", "khost", "1991-04-02", "day", "src_b"),
            ("siege", "siege", "jalalabad", "1989-03-05", "day", "src_c")]
    return pd.DataFrame(rows, columns=["event_id", "fact_id", "place_id", "start_date",
                                       "start_precision", "source"])


RECORDS = {"fall_a": ("khost", "government", "mujahideen"),
           "fall_b": ("khost", "government", "mujahideen"),
           "siege": ("jalalabad", "government", "government")}


def test_city_control_before_between_and_after_a_change_of_hands(places) -> None:
    out = city_control(control_events(), places, ["1991-03-01", "1991-04-01", "1991-05-01"],
                       records=RECORDS)
    khost = out.loc[out["place_id"] == "khost"]
    assert khost["side"].tolist() == ["government", "disputed", "mujahideen"]
    assert khost["certainty"].tolist() == ["recorded", "disputed", "recorded"]
    assert khost["sources"].iloc[1] == ("src_a", "src_b")


def test_a_city_held_against_an_attack_counts_for_a_year(places) -> None:
    out = city_control(control_events(), places, ["1989-06-01", "1990-06-01"],
                       records=RECORDS, extra=["kabul"])
    jalalabad = out.loc[out["place_id"] == "jalalabad"]
    assert jalalabad["side"].tolist() == ["government", "no sourced record"]
    assert out.loc[out["place_id"] == "kabul", "certainty"].tolist() == ["none", "none"]


def test_control_records_name_what_the_events_lack() -> None:
    with pytest.raises(ValueError, match="control record.*are not in events"):
        control_records(control_events())
