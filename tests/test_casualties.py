"""Tests of analysis.casualties: tolls, their sums, their sources, the figures."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
import pytest
from conftest import MINI, write_table
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from analysis.casualties import (
    ALL_SIDES,
    CONFIDENCE_COLOURS,
    aggregate_ranges,
    compare_with_ucdp,
    estimate_years,
    plot_compilation_vs_ucdp,
    plot_source_comparison,
    plot_source_panels,
    plot_yearly_battle_deaths,
    set_aside_estimates,
    source_comparison,
    toll_table,
    tolls,
    tolls_by,
    yearly_battle_deaths,
)
from analysis.data import load_dataset
from analysis.figures import OKABE_ITO
from analysis.ranges import check_ranges

DEFAULTS = {
    "subject_type": "event", "subject_id": "battle", "quantity": "killed", "category": "all",
    "actor_id": None, "unit": "persons", "period_precision": "year", "source": "fixture2000",
    "locator": "p. 1", "confidence": "high", "note": "",
}


def make_estimates(*rows: dict) -> pd.DataFrame:
    """Estimates from partial rows: ``value`` sets low = best = high, ``year`` the period
    (1990 unless a year or a period is given)."""
    full = []
    for i, row in enumerate(rows):
        row = dict(row)
        if "value" in row:
            value = row.pop("value")
            row.update(low=value, best=value, high=value)
        year = row.pop("year", 1990)
        if "period_start" not in row:
            row.update(period_start=f"{year}-01-01", period_end=f"{year}-01-01")
        estimate_id = row.get("estimate_id", f"e{i}")
        full.append({**DEFAULTS, "estimate_id": estimate_id, "fact_id": estimate_id, **row})
    df = pd.DataFrame(full)
    return df.astype({"low": "float64", "best": "float64", "high": "float64",
                      "period_start": "datetime64[ns]", "period_end": "datetime64[ns]"})


@pytest.fixture
def battle_deaths() -> pd.DataFrame:
    """Country-year rows of two datasets, and rows that are not country-year deaths."""
    place = {"subject_type": "place", "subject_id": "afghanistan"}
    return make_estimates(
        {**place, "year": 1990, "low": 1323.0, "best": 1478.0, "high": 2275.0,
         "source": "ucdp_ged_23_1"},
        {**place, "year": 1989, "low": 1904.0, "best": 5174.0, "high": 17051.0,
         "source": "ucdp_ged_23_1"},
        {**place, "year": 1988, "low": 1500.0, "best": 30000.0, "high": 36364.0,
         "source": "prio_battledeaths_3_1"},
        {**place, "year": 1991, "value": 9.0, "source": "somebody"},  # not a dataset
        {**place, "year": 1991, "value": 9.0, "source": "ucdp_ged_23_1",
         "quantity": "wounded"},
        {**place, "value": 9.0, "source": "ucdp_ged_23_1", "period_start": "1991-03-01",
         "period_end": "1991-03-01", "period_precision": "month"},  # not a whole year
        {**place, "value": 9.0, "source": "ucdp_ged_23_1", "period_start": "1991-01-01",
         "period_end": "1992-01-01"},  # two years
        {"subject_id": "battle", "year": 1990, "value": 50.0, "source": "ucdp_ged_23_1"},
    )


# ----------------------------------------------------------------- the existing two


def test_yearly_battle_deaths(battle_deaths: pd.DataFrame) -> None:
    out = yearly_battle_deaths(battle_deaths)
    assert list(out.columns) == ["year", "low", "best", "high", "source"]
    assert out[["year", "source"]].values.tolist() == [[1988, "prio_battledeaths_3_1"],
                                                       [1989, "ucdp_ged_23_1"],
                                                       [1990, "ucdp_ged_23_1"]]
    assert out.loc[1, ["low", "best", "high"]].tolist() == [1904.0, 5174.0, 17051.0]


def test_yearly_battle_deaths_chosen_sources(battle_deaths: pd.DataFrame) -> None:
    assert yearly_battle_deaths(battle_deaths, ("somebody",))["year"].tolist() == [1991]
    assert yearly_battle_deaths(battle_deaths, ()).empty


def test_plot_yearly_battle_deaths(battle_deaths: pd.DataFrame) -> None:
    fig = plot_yearly_battle_deaths(yearly_battle_deaths(battle_deaths), "UCDP; PRIO")
    ax = fig.axes[0]
    assert [p.get_height() for p in ax.patches] == [30000.0, 5174.0, 1478.0]
    colours = [to_hex(p.get_facecolor()).upper() for p in ax.patches]
    assert colours == [OKABE_ITO["grey"], OKABE_ITO["vermillion"], OKABE_ITO["vermillion"]]
    assert [int(t) for t in ax.get_xticks()] == [1988, 1989, 1990]
    assert ax.get_title() == "Battle deaths in Afghanistan per year"
    assert source_text(fig) == "Source: UCDP; PRIO"


# ----------------------------------------------------------------- tolls


def test_tolls_keeps_the_toll_quantities() -> None:
    est = make_estimates({"quantity": "killed", "year": 1990, "value": 1.0},
                         {"quantity": "troops", "year": 1990, "value": 1.0},
                         {"quantity": "wounded", "year": 1990, "value": 1.0},
                         {"quantity": "tanks", "unit": "items", "year": 1990, "value": 1.0})
    assert tolls(est)["estimate_id"].tolist() == ["e0", "e2"]
    assert tolls(est, ("troops",))["estimate_id"].tolist() == ["e1"]


def test_tolls_refuses() -> None:
    est = make_estimates({"quantity": "killed", "unit": "percent", "year": 1990, "value": 1.0})
    with pytest.raises(ValueError, match="unit is not persons: e0"):
        tolls(est)
    with pytest.raises(ValueError, match="not a quantity of persons: tanks"):
        tolls(est, ("tanks",))
    with pytest.raises(ValueError, match="lacks the column"):
        tolls(est.drop(columns="unit"))


def test_estimate_years() -> None:
    est = make_estimates(
        {"period_start": "1989-03-05", "period_end": "1989-03-11", "period_precision": "day",
         "value": 1.0},
        {"period_start": "1989-12-01", "period_end": "1990-01-01",
         "period_precision": "month", "value": 1.0},
        {"year": 1991, "value": 1.0},
        {"period_start": "1991-01-01", "period_end": "1992-01-01", "value": 1.0},
    )
    assert estimate_years(est).tolist() == [1989, pd.NA, 1991, pd.NA]
    with pytest.raises(ValueError, match="unknown period precision \\['week'\\]"):
        estimate_years(est.assign(period_precision="week"))


def test_aggregate_ranges() -> None:
    est = make_estimates({"subject_id": "a", "low": 10.0, "best": 20.0, "high": None},
                         {"subject_id": "a", "low": 5.0, "best": 5.0, "high": 9.0},
                         {"subject_id": "b", "low": 1.0, "best": None, "high": 2.0})
    out = aggregate_ranges(est, ["subject_id"]).set_index("subject_id")
    assert out.loc["a", ["low", "best", "high_open", "estimate_ids"]].tolist() == [
        15.0, 25.0, True, "e0,e1"]
    assert math.isnan(out.loc["a", "high"])  # open-ended stays open
    assert math.isnan(out.loc["b", "best"]) and out.loc["b", "high"] == 2.0
    with pytest.raises(ValueError, match="different units"):
        aggregate_ranges(est.assign(unit=["persons", "items", "persons"]), ["subject_id"])


# ----------------------------------------------------------------- tolls_by


@pytest.fixture
def event_tolls() -> pd.DataFrame:
    return make_estimates(
        # two readings of one fact: the high-confidence one counts
        {"estimate_id": "k1", "fact_id": "khost", "subject_id": "khost", "year": 1991,
         "category": "combatants", "actor_id": "afg_army", "value": 150.0,
         "confidence": "low", "source": "upi"},
        {"estimate_id": "k2", "fact_id": "khost", "subject_id": "khost", "year": 1991,
         "category": "combatants", "actor_id": "afg_army", "low": 200.0, "best": None,
         "high": None, "confidence": "medium", "source": "time"},
        {"estimate_id": "k3", "subject_id": "khost", "year": 1991, "category": "combatants",
         "actor_id": "mujahideen", "value": 150.0, "source": "time"},
        {"estimate_id": "j1", "subject_id": "jalalabad", "year": 1989, "category": "civilians",
         "low": 12000.0, "best": None, "high": 15000.0},
        {"estimate_id": "j2", "subject_id": "jalalabad", "year": 1989, "value": 40.0},
        {"estimate_id": "j3", "subject_id": "jalalabad", "year": 1989, "quantity": "wounded",
         "value": 200.0},
        {"estimate_id": "x1", "subject_id": "jalalabad", "period_start": "1989-01-01",
         "period_end": "1990-01-01", "value": 7.0},
        {"estimate_id": "p1", "subject_type": "place", "subject_id": "afghanistan",
         "year": 1991, "value": 3302.0, "source": "ucdp_ged_23_1"},
    )


def test_tolls_by_year_keeps_categories_and_sides_apart(event_tolls: pd.DataFrame) -> None:
    out = tolls_by(event_tolls)
    assert list(out.columns[:4]) == ["year", "quantity", "category", "side"]
    rows = out.assign(year=out["year"].astype("object")).set_index(
        ["year", "category", "side"])
    assert rows.loc[(1989, "civilians", ALL_SIDES), "low"] == 12000.0
    assert rows.loc[(1989, "all", ALL_SIDES), "best"] == 40.0  # not added to civilians
    khost = rows.loc[(1991, "combatants", "afg_army")]
    assert khost[["low", "high_open", "n_facts", "n_set_aside", "estimate_ids"]].tolist() == [
        200.0, True, 1, 1, "k2"]
    assert rows.loc[(1991, "combatants", "mujahideen"), "best"] == 150.0
    # wounded and the place total are other quantities and subjects: not in here
    assert set(out["quantity"]) == {"killed"} and "p1" not in ",".join(out["estimate_ids"])
    # the estimate spanning two years is kept, in a group without a year
    assert out.loc[out["year"].isna(), "estimate_ids"].tolist() == ["x1"]


def test_tolls_by_event_and_source(event_tolls: pd.DataFrame) -> None:
    by_event = tolls_by(event_tolls, ("event",))
    khost = by_event.loc[by_event["event"] == "khost"]
    assert khost["side"].tolist() == ["afg_army", "mujahideen"]
    by_source = tolls_by(event_tolls, ("event",), readings="by_source")
    khost = by_source.loc[(by_source["event"] == "khost") & (by_source["side"] == "afg_army")]
    assert khost[["source", "low"]].values.tolist() == [["time", 200.0], ["upi", 150.0]]
    wounded = tolls_by(event_tolls, ("category",), quantity="wounded")
    assert wounded["best"].tolist() == [200.0]


def test_tolls_by_other_subjects(event_tolls: pd.DataFrame) -> None:
    out = tolls_by(event_tolls, ("subject", "year"), subject_type="place")
    assert out[["subject", "best"]].values.tolist() == [["afghanistan", 3302.0]]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"by": ("month",)}, "cannot group tolls by month"),
    ({"by": ("event",), "subject_type": "place"}, "needs subject_type='event'"),
    ({"readings": "average"}, "unknown readings 'average'"),
    ({"subject_type": "country"}, "unknown subject_type 'country'"),
    ({"quantity": "tanks"}, "not a quantity of persons"),
])
def test_tolls_by_refuses(event_tolls: pd.DataFrame, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tolls_by(event_tolls, **kwargs)


def test_tolls_by_needs_the_columns(event_tolls: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="lacks the column\\(s\\): period_precision"):
        tolls_by(event_tolls.drop(columns="period_precision"))


@st.composite
def estimate_tables(draw: st.DrawFn) -> pd.DataFrame:
    rows = []
    for i in range(draw(st.integers(min_value=1, max_value=10))):
        low = draw(st.floats(min_value=0, max_value=1e7, allow_nan=False))
        best = low + draw(st.floats(min_value=0, max_value=1e7, allow_nan=False))
        high = best + draw(st.floats(min_value=0, max_value=1e7, allow_nan=False))
        rows.append({
            "estimate_id": f"e{i}", "fact_id": draw(st.sampled_from(["f", "g", f"e{i}"])),
            "subject_id": draw(st.sampled_from(["a", "b"])),
            "category": draw(st.sampled_from(["all", "civilians"])),
            "actor_id": draw(st.sampled_from([None, "hig"])),
            "year": draw(st.integers(min_value=1989, max_value=1992)),
            "low": low, "best": best if draw(st.booleans()) else None,
            "high": high if draw(st.booleans()) else None,
            "source": draw(st.sampled_from(["s1", "s2"])),
            "confidence": draw(st.sampled_from(["high", "medium", "low"])),
        })
    return make_estimates(*rows)


@settings(max_examples=15, deadline=None)
@given(estimate_tables())
def test_property_aggregated_tolls_stay_ordered(est: pd.DataFrame) -> None:
    for by in (("year",), ("event",), ("side", "category")):
        for readings in ("choose", "by_source"):
            out = tolls_by(est, by, readings=readings)
            check_ranges(out)  # low <= best <= high wherever present
            assert ((out["low"] <= out["high"]) | out["high_open"]).all()
    # one reading per fact: as many facts counted as there are facts
    assert tolls_by(est, ("year",))["n_facts"].sum() == est["fact_id"].nunique()


# ----------------------------------------------------------------- sources compared


@pytest.fixture
def readings() -> pd.DataFrame:
    return make_estimates(
        {"estimate_id": "a", "fact_id": "soviet", "subject_type": "actor", "subject_id": "ussr",
         "value": 13833.0, "source": "maley2002"},
        {"estimate_id": "b", "fact_id": "soviet", "subject_type": "actor", "subject_id": "ussr",
         "low": 15000.0, "best": None, "high": None, "source": "irishexaminer",
         "confidence": "medium"},
        {"estimate_id": "c", "fact_id": "soviet", "subject_type": "actor", "subject_id": "ussr",
         "value": 15000.0, "source": "latimes", "confidence": "medium"},
        {"estimate_id": "d", "fact_id": "week", "subject_id": "jalalabad_1989", "value": 1500.0,
         "source": "latimes", "confidence": "low"},
        {"estimate_id": "e", "fact_id": "week", "subject_id": "jalalabad_1989",
         "low": 2000.0, "best": None, "high": None, "source": "levine", "confidence": "low"},
        {"estimate_id": "f", "fact_id": "alone", "value": 3.0},
    )


def test_source_comparison(readings: pd.DataFrame) -> None:
    out = source_comparison(readings)
    assert out["estimate_id"].tolist() == ["b", "c", "a", "d", "e"]  # by fact, then source
    soviet = out.loc[out["fact_id"] == "soviet"].iloc[0]
    assert soviet[["n_readings", "fact_min_low", "fact_high_open"]].tolist() == [
        3, 13833.0, True]
    assert math.isnan(soviet["fact_max_high"])
    assert soviet["fact_best_ratio"] == pytest.approx(15000 / 13833)
    assert math.isnan(out.loc[out["fact_id"] == "week", "fact_best_ratio"].iloc[0])
    assert out["subject_name"].tolist() == out["subject_id"].tolist()


def test_source_comparison_names_events(readings: pd.DataFrame) -> None:
    events = pd.DataFrame({"event_id": ["jalalabad_1989"], "name": ["Battle of Jalalabad"]})
    out = source_comparison(readings, events)
    assert set(out.loc[out["fact_id"] == "week", "subject_name"]) == {"Battle of Jalalabad"}
    assert set(out.loc[out["fact_id"] == "soviet", "subject_name"]) == {"ussr"}
    with pytest.raises(ValueError, match="not in the events table: jalalabad_1989"):
        source_comparison(readings, events.assign(event_id=["khost"]))


def test_source_comparison_refuses_mixed_units(readings: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="different units"):
        source_comparison(readings.assign(unit=["persons", "items"] + ["persons"] * 4))


def test_source_comparison_without_confidence(readings: pd.DataFrame) -> None:
    out = source_comparison(readings.drop(columns="confidence"))
    assert out["confidence"].isna().all() and len(out) == 5


# ----------------------------------------------------------------- compared with UCDP


def test_compare_with_ucdp(event_tolls: pd.DataFrame, battle_deaths: pd.DataFrame) -> None:
    est = pd.concat([event_tolls, battle_deaths], ignore_index=True)
    out = compare_with_ucdp(est)
    assert out["year"].tolist() == [1989, 1990, 1991, 1992]
    y1989, y1990, y1991, y1992 = (out.iloc[i] for i in range(4))
    # 1989: the jalalabad civilians (12000-15000, no best) and 40 killed of all sides
    assert y1989[["compiled_low", "compiled_high", "n_facts"]].tolist() == [12040.0, 15040.0,
                                                                           2]
    assert math.isnan(y1989["compiled_best"]) and y1989["estimate_ids"] == "j1,j2"
    assert y1989[["ucdp_low", "ucdp_best", "ucdp_high"]].tolist() == [1904.0, 5174.0, 17051.0]
    # 1990: the 50 killed in "battle" (an event row of the fixture)
    assert y1990["compiled_best"] == 50.0
    # 1991: one reading of khost's army dead (open-ended) plus the mujahideen's
    assert y1991[["compiled_low", "compiled_high_open", "n_facts"]].tolist() == [350.0, True,
                                                                                 2]
    # 1992: nothing compiled, nothing from UCDP: missing, not zero
    assert y1992["n_facts"] == 0 and math.isnan(y1992["compiled_low"])
    assert math.isnan(y1992["ucdp_best"]) and y1992["estimate_ids"] == ""


def test_compare_with_ucdp_refuses_two_ucdp_rows(battle_deaths: pd.DataFrame) -> None:
    doubled = pd.concat([battle_deaths, battle_deaths.iloc[:1]], ignore_index=True)
    with pytest.raises(ValueError, match="more than one figure for \\[1990\\]"):
        compare_with_ucdp(doubled)


def test_on_loaded_typed_data(mini_data: Path) -> None:
    rows = [*MINI["estimates"],
            {"estimate_id": "e3", "fact_id": "f2", "subject_type": "event",
             "subject_id": "battle_a", "quantity": "killed", "category": "civilians",
             "low": "11000", "best": "13000", "high": "13000", "unit": "persons",
             "period_start": "1989-03-01", "period_end": "1989-07-01",
             "period_precision": "month", "confidence": "low"},
            {"estimate_id": "e4", "fact_id": "f4", "subject_type": "place",
             "subject_id": "afghanistan", "quantity": "killed", "category": "all",
             "low": "1", "best": "2", "high": "5", "unit": "persons",
             "period_start": "1990-01-01", "period_end": "1990-01-01",
             "period_precision": "year", "source": "fixture2000"}]
    write_table(mini_data, "estimates", rows)
    ds = load_dataset(mini_data)
    est = ds.estimates
    assert isinstance(est["quantity"].dtype, pd.CategoricalDtype)
    by_year = tolls_by(est)
    assert by_year[["year", "low", "high", "estimate_ids"]].values.tolist() == [
        [1989, 12000.0, 15000.0, "e2"]]  # high confidence beats the reading with a best
    compared = source_comparison(est, ds.events)
    assert compared["estimate_id"].tolist() == ["e2", "e3"]
    assert set(compared["subject_name"]) == {"Battle"}
    versus = compare_with_ucdp(est, [1989, 1990], ucdp_source="fixture2000")
    assert versus["ucdp_best"].tolist() == [2.0, 2.0]
    assert versus["n_facts"].tolist() == [1, 0]
    assert versus.loc[0, "compiled_low"] == 12000.0 and math.isnan(versus.loc[1, "compiled_low"])


# ----------------------------------------------------------------- figures


def source_text(fig: Figure) -> str:
    return next(t.get_text() for t in fig.texts if t.get_gid() == "source-line")


def test_plot_source_comparison(readings: pd.DataFrame) -> None:
    comparison = source_comparison(readings)
    fig = plot_source_comparison(comparison, "many")
    ax = fig.axes[0]
    by_gid: dict[str, list] = {}
    for line in ax.get_lines():
        by_gid.setdefault(line.get_gid(), []).append(line)
    assert len(by_gid["range"]) == 5  # one line per reading
    assert len(by_gid["best"]) == 3  # a dot where there is a best
    assert len(by_gid["open"]) == 2  # the two "more than" readings
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "irishexaminer", "latimes", "maley2002", "latimes", "levine"]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "fact-label"] == ["soviet",
                                                                             "week"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["high", "medium", "low"]
    maley = by_gid["range"][2]
    assert to_hex(maley.get_color()).upper() == CONFIDENCE_COLOURS["high"]
    assert list(maley.get_xdata()) == [13833.0, 13833.0]
    open_line = by_gid["range"][0]
    assert open_line.get_xdata()[1] == pytest.approx(15000.0 * 1.08)  # to the right edge
    assert source_text(fig) == "Source: many"
    assert ax.get_xscale() == "linear"


def test_plot_source_comparison_options(readings: pd.DataFrame) -> None:
    events = pd.DataFrame({"event_id": ["jalalabad_1989"], "name": ["Battle of Jalalabad"]})
    comparison = source_comparison(readings, events)
    fig = plot_source_comparison(comparison, "x", label="subject_name", xscale="symlog")
    ax = fig.axes[0]
    assert ax.get_xscale() == "symlog"
    assert "Battle of Jalalabad" in [t.get_text() for t in ax.texts]
    bare = plot_source_comparison(comparison.drop(columns=["confidence", "unit"]), "x")
    assert bare.axes[0].get_legend() is None
    assert bare.axes[0].get_xlabel().startswith("Figure;")
    with pytest.raises(ValueError, match="unknown xscale"):
        plot_source_comparison(comparison, "x", xscale="log")
    with pytest.raises(ValueError, match="unknown confidence"):
        plot_source_comparison(comparison.assign(confidence="sure"), "x")


def test_plot_compilation_vs_ucdp(event_tolls: pd.DataFrame,
                                  battle_deaths: pd.DataFrame) -> None:
    comparison = compare_with_ucdp(pd.concat([event_tolls, battle_deaths], ignore_index=True))
    fig = plot_compilation_vs_ucdp(comparison, "UCDP GED 23.1; the book's tables")
    ax = fig.axes[0]
    lines = {line.get_gid(): line for line in ax.get_lines()}
    assert list(lines["best-ucdp"].get_ydata()[:2]) == [5174.0, 1478.0]
    assert list(lines["best-compiled"].get_ydata()[1:2]) == [50.0]
    assert list(lines["open-compiled"].get_ydata()) == [350.0]  # 1991 is open-ended
    ranges = {c.get_gid(): c for c in ax.collections}
    assert len(ranges["range-ucdp"].get_segments()) == 3  # 1989, 1990, 1991
    assert len(ranges["range-compiled"].get_segments()) == 2  # 1989 and 1990
    assert [int(t) for t in ax.get_xticks()] == [1989, 1990, 1991, 1992]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "compiled from event tolls", "UCDP GED (country-year)"]
    assert source_text(fig) == "Source: UCDP GED 23.1; the book's tables"


def svg_bytes(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


@pytest.mark.parametrize("which", ["battle_deaths", "sources", "panels", "ucdp"])
def test_figures_are_deterministic(which: str, readings: pd.DataFrame,
                                   event_tolls: pd.DataFrame,
                                   battle_deaths: pd.DataFrame) -> None:
    def draw() -> Figure:
        if which == "battle_deaths":
            return plot_yearly_battle_deaths(yearly_battle_deaths(battle_deaths), "x")
        if which == "sources":
            return plot_source_comparison(source_comparison(readings), "x")
        if which == "panels":
            return plot_source_panels(source_comparison(readings), "x")
        return plot_compilation_vs_ucdp(
            compare_with_ucdp(pd.concat([event_tolls, battle_deaths], ignore_index=True)), "x")

    assert svg_bytes(draw()) == svg_bytes(draw())


# ----------------------------------------------------------------- set aside, tables


def test_set_aside_estimates_keeps_the_rest_in_order(event_tolls: pd.DataFrame) -> None:
    kept, aside = set_aside_estimates(event_tolls, {"j2": "within j1", "k1": "a reading"})
    assert kept["estimate_id"].tolist() == ["k2", "k3", "j1", "j3", "x1", "p1"]
    assert aside[["estimate_id", "reason"]].values.tolist() == [["k1", "a reading"],
                                                                ["j2", "within j1"]]
    assert list(kept.columns) == list(event_tolls.columns)
    assert len(kept) + len(aside) == len(event_tolls)  # nothing lost
    kept_all, none = set_aside_estimates(event_tolls, {})
    assert len(kept_all) == len(event_tolls) and none.empty


@pytest.mark.parametrize(("reasons", "message"), [
    ({"zz": "x"}, "no estimate with the id\\(s\\): zz"),
    ({"j2": "  "}, "give a reason for setting aside: j2"),
])
def test_set_aside_estimates_refuses(event_tolls: pd.DataFrame, reasons: dict,
                                     message: str) -> None:
    with pytest.raises(ValueError, match=message):
        set_aside_estimates(event_tolls, reasons)


def test_set_aside_then_tolls_by_adds_without_the_overlap(event_tolls: pd.DataFrame) -> None:
    both = tolls_by(event_tolls, ("year",))
    all_1989 = both.loc[(both["year"] == 1989) & (both["category"] == "all")]
    assert all_1989["best"].tolist() == [40.0]
    kept, _ = set_aside_estimates(event_tolls, {"j2": "overlaps j1"})
    out = tolls_by(kept, ("year",))
    assert out.loc[(out["year"] == 1989) & (out["category"] == "all")].empty



def test_toll_table_names_and_phrases(event_tolls: pd.DataFrame) -> None:
    totals = tolls_by(event_tolls, ("year", "event"))
    events = pd.DataFrame({"event_id": ["khost"], "name": ["Fall of Khost"]})
    actors = pd.DataFrame({"actor_id": ["afg_army"], "name": ["Afghan Army"]})
    table = toll_table(totals, events, actors)
    assert list(table.columns) == ["Year", "Event", "Side", "Category", "Toll", "Facts",
                                   "Rows"]
    assert len(table) == len(totals)
    army = table.loc[table["Side"] == "Afghan Army"].iloc[0]
    assert army[["Event", "Toll", "Facts", "Rows"]].tolist() == [
        "Fall of Khost", "more than 200", 1, "k2"]
    civilians = table.loc[table["Category"] == "civilians"].iloc[0]
    assert civilians[["Event", "Side", "Toll"]].tolist() == [
        "jalalabad", ALL_SIDES, "12,000–15,000"]  # unnamed ids kept as they are


def test_toll_table_without_optional_columns() -> None:
    totals = pd.DataFrame({"source": ["ucdp"], "low": [1.0], "best": [2.0], "high": [3.0],
                           "n_facts": [2], "estimate_ids": ["a,b"]})
    table = toll_table(totals)
    assert table.iloc[0].tolist() == ["ucdp", "2 (range 1–3)", 2, "a, b"]
    with pytest.raises(ValueError, match="lacks the column"):
        toll_table(totals.drop(columns="n_facts"))
    with pytest.raises(ValueError, match="events table lacks"):
        toll_table(totals.assign(event="x"), pd.DataFrame({"event_id": ["x"]}))
    with pytest.raises(ValueError, match="actors table lacks"):
        toll_table(totals.assign(side="x"), None, pd.DataFrame({"actor_id": ["x"]}))


# ----------------------------------------------------------------- small multiples


def test_plot_source_panels(readings: pd.DataFrame) -> None:
    comparison = source_comparison(readings)
    fig = plot_source_panels(comparison, "many", title="Disputed tolls")
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in panels] == ["soviet", "week"]
    soviet, week = panels
    lines = {}
    for line in soviet.get_lines():
        lines.setdefault(line.get_gid(), []).append(line)
    assert len(lines["range"]) == 3 and len(lines["best"]) == 2 and len(lines["open"]) == 1
    assert [t.get_text() for t in soviet.get_yticklabels()] == [
        "irishexaminer", "latimes", "maley2002"]
    # each panel has its own linear scale, from 0 to just beyond its largest figure
    assert soviet.get_xlim() == pytest.approx((0.0, 15000.0 * 1.12 * 1.03))
    assert week.get_xlim() == pytest.approx((0.0, 2000.0 * 1.12 * 1.03))
    maley = lines["range"][2]
    assert to_hex(maley.get_color()).upper() == CONFIDENCE_COLOURS["high"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["high", "medium", "low"]
    assert fig.get_suptitle() == "Disputed tolls"
    assert "Figures in persons" in fig.get_supxlabel()
    assert source_text(fig) == "Source: many"


def test_plot_source_panels_layout_and_labels(readings: pd.DataFrame) -> None:
    comparison = source_comparison(readings).assign(
        label=lambda df: df["fact_id"].map({"soviet": "Soviet soldiers killed, 1979–1989",
                                            "week": "First week"}))
    fig = plot_source_panels(comparison, "x", label="label", ncols=1)
    panels = fig.axes
    assert panels[0].get_title(loc="left") == "Soviet soldiers killed,\n1979–1989"  # wrapped
    assert panels[0].get_subplotspec().colspan.start == panels[1].get_subplotspec().colspan.start
    bare = plot_source_panels(comparison.drop(columns=["confidence", "unit"]), "x")
    assert not bare.legends and bare.get_supxlabel().startswith("line:")
    point = source_comparison(make_estimates(
        {"estimate_id": "a", "fact_id": "f", "low": 5.0, "best": None, "high": 5.0},
        {"estimate_id": "b", "fact_id": "f", "low": 0.0, "best": None, "high": 0.0}))
    marks = [line.get_gid() for line in plot_source_panels(point, "x").axes[0].get_lines()]
    assert marks.count("point") == 2  # a figure without a best but a single value


@pytest.mark.parametrize(("change", "message"), [
    ({"confidence": "sure"}, "unknown confidence"),
])
def test_plot_source_panels_refuses(readings: pd.DataFrame, change: dict,
                                    message: str) -> None:
    comparison = source_comparison(readings)
    with pytest.raises(ValueError, match=message):
        plot_source_panels(comparison.assign(**change), "x")
    with pytest.raises(ValueError, match="ncols must be at least 1"):
        plot_source_panels(comparison, "x", ncols=0)
    with pytest.raises(ValueError, match="no rows"):
        plot_source_panels(comparison.iloc[0:0], "x")
    with pytest.raises(ValueError, match="lacks the column"):
        plot_source_panels(comparison, "x", label="nothing")


# ----------------------------------------------------------------- the real data


def test_real_estimates_smoke() -> None:
    ds = load_dataset()
    versus = compare_with_ucdp(ds.estimates)
    assert versus["year"].tolist() == [1989, 1990, 1991, 1992]
    assert versus["ucdp_best"].notna().all()
    compared = source_comparison(tolls(ds.estimates), ds.events)
    assert (compared["n_readings"] >= 2).all() and compared["subject_name"].notna().all()
    check_ranges(tolls_by(ds.estimates, ("event",)))


def test_plot_yearly_battle_deaths_marks_the_change_of_source(battle_deaths: pd.DataFrame) -> None:
    fig = plot_yearly_battle_deaths(yearly_battle_deaths(battle_deaths), "UCDP; PRIO")
    ax = fig.axes[0]
    changes = [line for line in ax.get_lines() if line.get_gid() == "source-change"]
    assert len(changes) == 1 and changes[0].get_xdata()[0] == 1988.5
    label = next(t for t in ax.texts if t.get_gid() == "source-change-label").get_text()
    assert "PRIO Battle Deaths 3.1 before, UCDP GED 23.1 after" in label


def test_plot_yearly_battle_deaths_draws_a_range_without_a_best_as_a_range() -> None:
    yearly = pd.DataFrame({"year": [1990, 1991], "low": [10.0, 20.0], "best": [15.0, None],
                           "high": [30.0, 40.0], "source": ["a", "a"]})
    ax = plot_yearly_battle_deaths(yearly, "test").axes[0]
    assert [p.get_height() for p in ax.patches] == [15.0]
    ranges = next(c for c in ax.collections if c.get_gid() == "range")
    assert len(ranges.get_segments()) == 2
