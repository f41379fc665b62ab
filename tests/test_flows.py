"""Tests of analysis.flows: dollars, years, totals, the ledger and the figures."""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import MINI, write_table
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from analysis.data import load_dataset
from analysis.figures import CAMP_COLOURS
from analysis.flows import (
    DIRECT,
    annualise,
    conflicting_flows,
    counted_flows,
    flow_table,
    ledger,
    ledger_totals,
    pledged_vs_delivered,
    plot_flow_ledger,
    plot_pledged_vs_delivered,
    plot_sipri_by_supplier,
    plot_yearly_flows,
    select_flows,
    sipri_deliveries,
    stage_totals,
    to_constant_dollars,
    to_current_dollars,
    totals_by_role,
    yearly_totals,
)
from analysis.ranges import check_ranges

DEFAULTS = {
    "channel_id": None, "kind": "money", "item": "", "stage": "delivered",
    "unit": "usd_current", "basis": "per_year", "source": "fixture2000", "confidence": "high",
}


def make_flows(*rows: dict) -> pd.DataFrame:
    """Flows from partial rows: ``amount`` sets low = best = high."""
    full = []
    for i, row in enumerate(rows):
        row = dict(row)
        if "amount" in row:
            value = row.pop("amount")
            row.update(amount_low=value, amount_best=value, amount_high=value)
        flow_id = row.get("flow_id", f"fl{i}")
        full.append({**DEFAULTS, "flow_id": flow_id, "fact_id": flow_id, **row})
    df = pd.DataFrame(full)
    return df.astype({"amount_low": "float64", "amount_best": "float64",
                      "amount_high": "float64", "year_start": "Int64", "year_end": "Int64"})


@pytest.fixture
def deflators() -> pd.DataFrame:
    return pd.DataFrame({"year": pd.array([1989, 1990, 1991, 1992], dtype="Int64"),
                         "index_value": [124.0, 130.7, 136.2, 140.3]})


@pytest.fixture
def isi_flow() -> pd.DataFrame:
    """One flow USA -> ISI -> HIG and one direct flow USSR -> government."""
    return make_flows(
        {"flow_id": "via_isi", "donor_id": "usa", "channel_id": "isi", "recipient_id": "hig",
         "amount": 100.0, "year_start": 1990, "year_end": 1990},
        {"flow_id": "direct", "donor_id": "ussr", "recipient_id": "gov_afg",
         "amount": 40.0, "year_start": 1990, "year_end": 1990},
    )


# ----------------------------------------------------------------- dollars


def test_constant_dollars_values(deflators: pd.DataFrame) -> None:
    out = to_constant_dollars(pd.Series([124.0, 130.7]), [1989, 1990], deflators, 1992)
    assert out.tolist() == pytest.approx([140.3, 140.3])
    back = to_current_dollars(out, [1989, 1990], deflators, 1992)
    assert back.tolist() == pytest.approx([124.0, 130.7])


def test_constant_dollars_keeps_index_and_missing(deflators: pd.DataFrame) -> None:
    amounts = pd.Series([1.0, None], index=[10, 20])
    out = to_constant_dollars(amounts, pd.Series([1990, 1991]), deflators, 1990)
    assert out.index.tolist() == [10, 20] and math.isnan(out[20])


@pytest.mark.parametrize(("years", "base", "named"), [
    ([1988], 1990, "1988"),
    ([1990], 2023, "2023"),
    ([1975, 1990, 1999], 1990, "1975, 1999"),
])
def test_unknown_year_is_named(deflators: pd.DataFrame, years: list[int], base: int,
                               named: str) -> None:
    with pytest.raises(ValueError, match=f"no deflator for the year\\(s\\) {named}$"):
        to_constant_dollars(pd.Series([1.0] * len(years)), years, deflators, base)
    with pytest.raises(ValueError, match=named):
        to_current_dollars(pd.Series([1.0] * len(years)), years, deflators, base)


@pytest.mark.parametrize(("change", "message"), [
    ("duplicate", "repeats the year"),
    ("zero", "must be positive"),
    ("no_year", "without a year"),
    ("no_column", "lacks the column"),
])
def test_bad_deflators(deflators: pd.DataFrame, change: str, message: str) -> None:
    if change == "duplicate":
        deflators = pd.concat([deflators, deflators.iloc[:1]])
    elif change == "zero":
        deflators = deflators.assign(index_value=[0.0, 1.0, 1.0, 1.0])
    elif change == "no_year":
        deflators = deflators.assign(year=pd.array([None, 1990, 1991, 1992], dtype="Int64"))
    else:
        deflators = deflators.drop(columns="index_value")
    with pytest.raises(ValueError, match=message):
        to_constant_dollars(pd.Series([1.0]), [1990], deflators, 1990)


def test_missing_year_or_length_mismatch(deflators: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="a year is missing"):
        to_constant_dollars(pd.Series([1.0]), pd.Series([None], dtype="Int64"), deflators, 1990)
    with pytest.raises(ValueError, match="2 amounts but 1 years"):
        to_current_dollars(pd.Series([1.0, 2.0]), [1990], deflators, 1990)


@settings(max_examples=200, deadline=None)
@given(amounts=st.lists(st.floats(min_value=0, max_value=1e13, allow_nan=False), min_size=1,
                        max_size=8),
       data=st.data())
def test_property_constant_dollars_round_trip(amounts: list[float], data: st.DataObject
                                              ) -> None:
    deflators = pd.DataFrame({"year": [1989, 1990, 1991, 1992],
                              "index_value": [124.0, 130.7, 136.2, 140.3]})
    years = [data.draw(st.sampled_from([1989, 1990, 1991, 1992])) for _ in amounts]
    base = data.draw(st.sampled_from([1989, 1990, 1991, 1992]))
    constant = to_constant_dollars(pd.Series(amounts), years, deflators, base)
    back = to_current_dollars(constant, years, deflators, base)
    for before, after in zip(amounts, back, strict=True):
        assert math.isclose(before, after, rel_tol=1e-12, abs_tol=1e-9)
    # the other way round too
    again = to_constant_dollars(to_current_dollars(pd.Series(amounts), years, deflators, base),
                                years, deflators, base)
    assert np.allclose(again.to_numpy(), amounts, rtol=1e-12, atol=1e-9)


# ----------------------------------------------------------------- annualise


def test_annualise_repeats_per_year_and_spreads_totals() -> None:
    flows = make_flows(
        {"flow_id": "py", "donor_id": "ussr", "recipient_id": "gov_afg", "amount": 3.0,
         "year_start": 1989, "year_end": 1991},
        {"flow_id": "tot", "donor_id": "usa", "recipient_id": "hig", "basis": "total",
         "amount_low": 30.0, "amount_best": None, "amount_high": 60.0, "year_start": 1989,
         "year_end": 1991},
        {"flow_id": "one", "donor_id": "usa", "recipient_id": "hig", "basis": "total",
         "amount": 7.0, "year_start": 1990, "year_end": 1990},
    )
    out = annualise(flows)
    assert len(out) == 7
    per_year = out.loc[out["flow_id"] == "py"]
    assert per_year["year"].tolist() == [1989, 1990, 1991]
    assert per_year["amount_best"].tolist() == [3.0, 3.0, 3.0]
    assert not per_year["spread"].any()
    spread = out.loc[out["flow_id"] == "tot"]
    assert spread["amount_low"].tolist() == [10.0, 10.0, 10.0]
    assert spread["amount_high"].tolist() == [20.0, 20.0, 20.0]
    assert spread["amount_best"].isna().all() and spread["spread"].all()
    assert spread["n_years"].tolist() == [3, 3, 3]
    one = out.loc[out["flow_id"] == "one"]
    assert one["amount_best"].tolist() == [7.0] and not one["spread"].any()


@settings(max_examples=100, deadline=None)
@given(amount=st.floats(min_value=0, max_value=1e12, allow_nan=False),
       start=st.integers(min_value=1978, max_value=2001), length=st.integers(0, 12))
def test_property_spread_totals_add_back_up(amount: float, start: int, length: int) -> None:
    flows = make_flows({"donor_id": "a", "recipient_id": "b", "basis": "total",
                        "amount": amount, "year_start": start, "year_end": start + length})
    out = annualise(flows)
    assert len(out) == length + 1
    assert math.isclose(math.fsum(out["amount_best"]), amount, rel_tol=1e-9, abs_tol=1e-6)


@pytest.mark.parametrize(("change", "message"), [
    ({"year_end": 1988}, "year_end precedes year_start: fl0"),
    ({"year_start": None}, "without a period: fl0"),
    ({"basis": "monthly"}, "unknown basis"),
])
def test_annualise_refuses_bad_rows(change: dict, message: str) -> None:
    row = {"donor_id": "a", "recipient_id": "b", "amount": 1.0, "year_start": 1989,
           "year_end": 1990, **change}
    with pytest.raises(ValueError, match=message):
        annualise(make_flows(row))


def test_missing_column_is_named() -> None:
    flows = make_flows({"donor_id": "a", "recipient_id": "b", "amount": 1.0,
                        "year_start": 1989, "year_end": 1989}).drop(columns="basis")
    with pytest.raises(ValueError, match="lacks the column\\(s\\): basis"):
        annualise(flows)


# ----------------------------------------------------------------- counted flows


@pytest.fixture
def readings() -> pd.DataFrame:
    """Three readings of one fact (aid 1989-1990) and one of another."""
    return make_flows(
        {"flow_id": "seed", "fact_id": "aid", "donor_id": "ussr", "recipient_id": "gov_afg",
         "amount_low": 2.0, "amount_best": None, "amount_high": 6.0, "year_start": 1989,
         "year_end": 1991, "confidence": "low"},
        {"flow_id": "crile", "fact_id": "aid", "donor_id": "ussr", "recipient_id": "gov_afg",
         "amount": 3.0, "year_start": 1989, "year_end": 1990, "confidence": "medium"},
        {"flow_id": "total", "fact_id": "aid", "donor_id": "ussr", "recipient_id": "gov_afg",
         "amount": 8.0, "basis": "total", "year_start": 1989, "year_end": 1990,
         "confidence": "medium"},
        {"flow_id": "food", "fact_id": "food", "donor_id": "ussr", "recipient_id": "gov_afg",
         "amount": 5.0, "unit": "tonnes", "year_start": 1989, "year_end": 1989},
    )


def test_counted_flows_one_reading_per_fact_and_year(readings: pd.DataFrame) -> None:
    out = counted_flows(readings)
    assert out[["year", "flow_id"]].values.tolist() == [[1989, "crile"], [1990, "crile"],
                                                        [1991, "seed"]]
    # the per-year figure wins over the spread total of equal confidence
    assert out["set_aside"].tolist() == ["seed,total", "seed,total", ""]
    assert out["n_readings"].tolist() == [3, 3, 1]


def test_counted_flows_units(readings: pd.DataFrame) -> None:
    assert counted_flows(readings, unit="tonnes")["flow_id"].tolist() == ["food"]
    with pytest.raises(ValueError, match="different units: tonnes, usd_current"):
        counted_flows(readings, unit=None)
    one_unit = counted_flows(readings.loc[readings["unit"] == "tonnes"], unit=None)
    assert one_unit["amount_best"].tolist() == [5.0]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"stage": "promised"}, "unknown stage 'promised'"),
    ({"unit": "roubles"}, "unknown unit 'roubles'"),
    ({"base_year": 1990}, "give both deflators and base_year"),
])
def test_counted_flows_bad_arguments(readings: pd.DataFrame, kwargs: dict, message: str
                                     ) -> None:
    with pytest.raises(ValueError, match=message):
        counted_flows(readings, **kwargs)


def test_counted_flows_in_constant_dollars(readings: pd.DataFrame,
                                           deflators: pd.DataFrame) -> None:
    out = counted_flows(readings, deflators=deflators, base_year=1990)
    assert set(out["unit"]) == {"usd_1990"}
    assert out["amount_best"].iloc[0] == pytest.approx(3.0 * 130.7 / 124.0)
    with pytest.raises(ValueError, match="only usd_current amounts can be deflated"):
        counted_flows(readings, unit="tonnes", deflators=deflators, base_year=1990)


# ----------------------------------------------------------------- yearly totals


def test_yearly_totals_adds_ranges_by_the_rule() -> None:
    flows = make_flows(
        {"donor_id": "usa", "channel_id": "isi", "recipient_id": "hig", "amount": 10.0,
         "year_start": 1990, "year_end": 1990},
        {"donor_id": "usa", "recipient_id": "jamiat", "amount_low": 1.0, "amount_best": None,
         "amount_high": 3.0, "year_start": 1990, "year_end": 1991},
        {"donor_id": "usa", "recipient_id": "jamiat", "amount_low": 4.0, "amount_best": 5.0,
         "amount_high": None, "year_start": 1991, "year_end": 1991},
        {"donor_id": "ussr", "recipient_id": "gov_afg", "amount": 6.0, "basis": "total",
         "year_start": 1990, "year_end": 1992},
    )
    out = yearly_totals(flows).set_index(["donor_id", "year"])
    assert out.loc[("usa", 1990), ["low", "high", "n_rows", "n_best_missing"]].tolist() == [
        11.0, 13.0, 2, 1]
    assert math.isnan(out.loc[("usa", 1990), "best"])
    assert out.loc[("usa", 1991), "high_open"] and math.isnan(out.loc[("usa", 1991), "high"])
    assert out.loc[("ussr", 1992), ["low", "best", "high", "n_spread"]].tolist() == [
        2.0, 2.0, 2.0, 1]
    assert out.loc[("usa", 1990), "flow_ids"] == "fl0,fl1"
    assert set(out["unit"]) == {"usd_current"}


def test_yearly_totals_by_channel_names_direct_flows(isi_flow: pd.DataFrame) -> None:
    out = yearly_totals(isi_flow, by=("channel_id",))
    assert out["channel_id"].tolist() == [DIRECT, "isi"]
    assert out["best"].tolist() == [40.0, 100.0]


def test_yearly_totals_counts_readings_set_aside(readings: pd.DataFrame) -> None:
    out = yearly_totals(readings)
    assert out["best"].tolist()[:2] == [3.0, 3.0]  # never 3 + 4 + ... nor an average
    assert out["n_set_aside"].tolist() == [2, 2, 0]


def test_yearly_totals_refuses(readings: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="'year' is always a grouping column"):
        yearly_totals(readings, by=("year",))
    with pytest.raises(ValueError, match="lacks the column\\(s\\): nope"):
        yearly_totals(readings, by=("nope",))
    with pytest.raises(ValueError, match="different units"):
        yearly_totals(readings, unit=None)


def test_yearly_totals_of_nothing(readings: pd.DataFrame) -> None:
    out = yearly_totals(readings, stage="pledged")
    assert out.empty and "n_set_aside" in out.columns


def test_yearly_totals_on_loaded_typed_data(mini_data: Path) -> None:
    rows = [dict(MINI["flows"][0]),
            {"flow_id": "fl2", "fact_id": "fl1", "donor_id": "ussr", "recipient_id": "gov_afg",
             "kind": "money", "stage": "delivered", "amount_low": "3", "amount_best": "4",
             "amount_high": "5", "unit": "usd_current", "basis": "total",
             "year_start": "1989", "year_end": "1989", "confidence": "medium"},
             {"flow_id": "fl3", "fact_id": "fl3", "donor_id": "ussr", "channel_id": "afg_army",
              "recipient_id": "gov_afg", "kind": "money", "stage": "delivered",
              "amount_low": "1", "amount_best": "1", "amount_high": "1", "unit": "usd_current",
              "basis": "per_year", "year_start": "1990", "year_end": "1990"}]
    write_table(mini_data, "flows", rows)
    ds = load_dataset(mini_data)
    flows = ds.flows
    assert isinstance(flows["stage"].dtype, pd.CategoricalDtype)
    out = yearly_totals(flows)
    # 1989: fl1 (high confidence, no best) counts, not fl2 (medium) nor their sum
    assert out["year"].tolist() == [1989, 1990, 1991]
    assert out["flow_ids"].tolist() == ["fl1", "fl1,fl3", "fl1"]
    assert out.loc[1, "low"] == 3.0 and out.loc[1, "high"] == 7.0
    by_channel = yearly_totals(flows, by=("channel_id",))
    assert set(by_channel["channel_id"]) == {DIRECT, "afg_army"}
    assert ledger(flows)["leg"].tolist().count("direct") == 2
    with pytest.raises(ValueError, match="no deflator for the year\\(s\\) 1990, 1991"):
        yearly_totals(flows, deflators=ds.deflators, base_year=1989)


@st.composite
def flow_tables(draw: st.DrawFn) -> pd.DataFrame:
    rows = []
    for i in range(draw(st.integers(min_value=1, max_value=8))):
        low = draw(st.floats(min_value=0, max_value=1e10, allow_nan=False))
        best = low + draw(st.floats(min_value=0, max_value=1e10, allow_nan=False))
        high = best + draw(st.floats(min_value=0, max_value=1e10, allow_nan=False))
        start = draw(st.integers(min_value=1988, max_value=1992))
        rows.append({
            "flow_id": f"f{i}", "fact_id": draw(st.sampled_from(["a", "b", f"f{i}"])),
            "donor_id": draw(st.sampled_from(["usa", "ussr"])),
            "channel_id": draw(st.sampled_from([None, "isi"])), "recipient_id": "hig",
            "amount_low": low, "amount_best": best if draw(st.booleans()) else None,
            "amount_high": high if draw(st.booleans()) else None,
            "basis": draw(st.sampled_from(["total", "per_year"])),
            "confidence": draw(st.sampled_from(["high", "medium", "low"])),
            "year_start": start, "year_end": start + draw(st.integers(0, 3)),
        })
    return make_flows(*rows)


@settings(max_examples=30, deadline=None)
@given(flow_tables())
def test_property_yearly_totals_stay_ordered_and_count_each_flow_once(
        flows: pd.DataFrame) -> None:
    deflators = pd.DataFrame({"year": list(range(1988, 1996)), "index_value":
                              [118.3, 124.0, 130.7, 136.2, 140.3, 144.5, 148.2, 152.4]})
    for kwargs in ({}, {"deflators": deflators, "base_year": 1990}):
        totals = yearly_totals(flows, by=("donor_id",), **kwargs)
        check_ranges(totals)
        counted = counted_flows(flows, **kwargs)
        assert len(counted) == counted[["fact_id", "year"]].drop_duplicates().shape[0]
        assert totals["n_rows"].sum() == len(counted)
        for role in ("donor", "recipient", "channel"):
            by_role = totals_by_role(flows, role, **kwargs)
            assert math.isclose(by_role["low"].sum(), counted["amount_low"].fillna(0).sum(),
                                rel_tol=1e-9, abs_tol=1e-3)


# ----------------------------------------------------------------- the ledger


def test_ledger_legs(isi_flow: pd.DataFrame) -> None:
    legs = ledger(isi_flow)
    assert legs[["flow_id", "leg", "from_id", "to_id"]].values.tolist() == [
        ["via_isi", "donor_to_channel", "usa", "isi"],
        ["via_isi", "channel_to_recipient", "isi", "hig"],
        ["direct", "direct", "ussr", "gov_afg"],
    ]
    assert legs["counts_for_donor"].tolist() == [True, False, True]
    assert legs["counts_for_recipient"].tolist() == [False, True, True]
    # the flags count every flow exactly once on each side
    for flag in ("counts_for_donor", "counts_for_recipient"):
        assert legs.loc[legs[flag], "flow_id"].value_counts().eq(1).all()
        assert legs.loc[legs[flag], "amount_best"].sum() == isi_flow["amount_best"].sum()


def test_flow_via_isi_counts_once_for_donor_and_recipient(isi_flow: pd.DataFrame) -> None:
    donors = totals_by_role(isi_flow, "donor").set_index("donor_id")["best"].to_dict()
    recipients = totals_by_role(isi_flow, "recipient").set_index("recipient_id")["best"]
    channels = totals_by_role(isi_flow, "channel").set_index("channel_id")["best"].to_dict()
    assert donors == {"usa": 100.0, "ussr": 40.0}  # once, not 200
    assert recipients.to_dict() == {"gov_afg": 40.0, "hig": 100.0}
    assert channels == {DIRECT: 40.0, "isi": 100.0}
    assert "isi" not in donors and "isi" not in recipients  # a channel gives nothing itself
    assert sum(donors.values()) == sum(recipients) == isi_flow["amount_best"].sum()


def test_ledger_totals_and_years(isi_flow: pd.DataFrame) -> None:
    edges = ledger_totals(isi_flow)
    assert edges[["leg", "from_id", "to_id", "best"]].values.tolist() == [
        ["channel_to_recipient", "isi", "hig", 100.0],
        ["direct", "ussr", "gov_afg", 40.0],
        ["donor_to_channel", "usa", "isi", 100.0],
    ]
    assert ledger_totals(isi_flow, years=(1991, 1992)).empty
    with pytest.raises(ValueError, match="reversed"):
        ledger_totals(isi_flow, years=(1992, 1989))


def test_totals_by_role_refuses_unknown_role(isi_flow: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="unknown role 'broker'"):
        totals_by_role(isi_flow, "broker")


def test_ledger_needs_the_actor_columns() -> None:
    with pytest.raises(ValueError, match="channel_id"):
        ledger(pd.DataFrame({"flow_id": ["a"], "donor_id": ["x"], "recipient_id": ["y"]}))


# ----------------------------------------------------------------- stages, SIPRI, conflicts


@pytest.fixture
def staged() -> pd.DataFrame:
    return make_flows(
        {"donor_id": "usa", "channel_id": "isi", "recipient_id": "hig", "stage": "pledged",
         "amount": 300.0, "year_start": 1991, "year_end": 1991},
        {"donor_id": "usa", "channel_id": "isi", "recipient_id": "hig", "stage": "delivered",
         "amount_low": 250.0, "amount_best": None, "amount_high": None, "year_start": 1990,
         "year_end": 1991},
        {"donor_id": "usa", "recipient_id": "hig", "stage": "appropriated", "amount": 5.0,
         "year_start": 1991, "year_end": 1991},
    )


def test_pledged_vs_delivered_side_by_side(staged: pd.DataFrame) -> None:
    out = pledged_vs_delivered(staged)
    assert out["year"].tolist() == [1990, 1991]
    assert list(out.columns[:4]) == ["donor_id", "recipient_id", "year", "unit"]
    assert out.loc[1, ["pledged_best", "delivered_low"]].tolist() == [300.0, 250.0]
    assert out.loc[1, "delivered_high_open"] and not out.loc[1, "pledged_high_open"]
    # 1990 has no pledge on record: missing, not zero
    assert math.isnan(out.loc[0, "pledged_best"]) and out.loc[0, "pledged_n_rows"] == 0
    three = pledged_vs_delivered(staged, by=("donor_id",),
                                 stages=("pledged", "appropriated", "delivered"))
    assert three.loc[1, "appropriated_best"] == 5.0


def test_pledged_vs_delivered_refuses(staged: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="unknown stage"):
        pledged_vs_delivered(staged, stages=("hoped",))
    with pytest.raises(ValueError, match="at least one stage"):
        pledged_vs_delivered(staged, stages=())
    mixed = staged.assign(unit=["tonnes", "usd_current", "usd_current"])
    with pytest.raises(ValueError, match="stages in different units"):
        pledged_vs_delivered(mixed, unit=None)


def test_pledged_vs_delivered_without_records(staged: pd.DataFrame) -> None:
    out = pledged_vs_delivered(staged, unit="tonnes")
    assert out.empty and out["unit"].tolist() == []


# ----------------------------------------------------------------- selection


@pytest.fixture
def overlapping() -> pd.DataFrame:
    """A war-long average, a yearly figure, a multi-year total, a row without amount."""
    return make_flows(
        {"flow_id": "avg", "donor_id": "usa", "recipient_id": "hig", "amount_low": 2e8,
         "amount_best": None, "amount_high": None, "year_start": 1979, "year_end": 1991},
        {"flow_id": "y90", "donor_id": "usa", "recipient_id": "hig", "amount": 3e8,
         "year_start": 1990, "year_end": 1990},
        {"flow_id": "rate", "donor_id": "usa", "recipient_id": "hig", "amount": 2.4e6,
         "year_start": 1990, "year_end": 1990},
        {"flow_id": "tot", "donor_id": "usa", "recipient_id": "hig", "amount": 6e8,
         "basis": "total", "year_start": 1989, "year_end": 1990},
        {"flow_id": "one", "donor_id": "usa", "recipient_id": "hig", "amount": 5e5,
         "basis": "total", "year_start": 1990, "year_end": 1990},
        {"flow_id": "none", "donor_id": "saudi_arabia", "recipient_id": "hig",
         "amount_low": None, "amount_best": None, "amount_high": None, "year_start": 1989,
         "year_end": 1990},
        {"flow_id": "late", "donor_id": "usa", "recipient_id": "hig", "amount": 1.0,
         "year_start": 1992, "year_end": 1993},
    )


def test_select_flows_reasons(overlapping: pd.DataFrame) -> None:
    kept, left_out = select_flows(overlapping, (1986, 1992), set_aside={"rate": "a rate"})
    assert kept["flow_id"].tolist() == ["y90", "one"]  # a one-year total is year-specific
    assert dict(zip(left_out["flow_id"], left_out["reason"], strict=True)) == {
        "avg": "period 1979–1991 reaches outside 1986–1992",
        "rate": "a rate",
        "tot": "a total over 1989–1990; spreading it over the years would be an assumption",
        "none": "no amount recorded",
        "late": "period 1992–1993 reaches outside 1986–1992",
    }
    assert len(kept) + len(left_out) == len(overlapping)  # nothing dropped silently
    assert list(kept.columns) == list(overlapping.columns)


def test_select_flows_prevents_the_double_count(overlapping: pd.DataFrame) -> None:
    naive = yearly_totals(overlapping)
    in_1990 = naive.loc[naive["year"] == 1990].iloc[0]
    assert in_1990["high_open"]  # the war-long average leaves the sum open
    kept, _ = select_flows(overlapping, (1986, 1992), set_aside={"rate": "a rate"})
    total = yearly_totals(kept)
    assert total[["year", "low", "best", "high"]].values.tolist() == [
        [1990, 3.005e8, 3.005e8, 3.005e8]]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"years": (1992, 1986)}, "reversed"),
    ({"years": (1986, 1992), "set_aside": {"nope": "x"}}, "no flow with the id\\(s\\): nope"),
    ({"years": (1986, 1992), "set_aside": {"y90": ""}}, "give a reason"),
])
def test_select_flows_refuses(overlapping: pd.DataFrame, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        select_flows(overlapping, **kwargs)


def test_select_flows_needs_the_columns(overlapping: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="lacks the column\\(s\\): basis"):
        select_flows(overlapping.drop(columns="basis"), (1986, 1992))


# ----------------------------------------------------------------- stages, tables


def test_stage_totals_keeps_stages_apart(staged: pd.DataFrame,
                                         deflators: pd.DataFrame) -> None:
    out = stage_totals(staged, ("pledged", "appropriated", "delivered"))
    assert list(out.columns[:4]) == ["donor_id", "stage", "series", "year"]
    assert out[["series", "year", "low"]].values.tolist() == [
        ["usa, pledged", 1991, 300.0], ["usa, appropriated", 1991, 5.0],
        ["usa, delivered", 1990, 250.0], ["usa, delivered", 1991, 250.0]]
    constant = stage_totals(staged, ("pledged",), deflators=deflators, base_year=1992)
    assert constant["unit"].tolist() == ["usd_1992"]
    assert constant["best"].tolist() == pytest.approx([300.0 * 140.3 / 136.2])
    no_group = stage_totals(staged, ("pledged",), by=())
    assert no_group["series"].tolist() == ["pledged"]
    with pytest.raises(ValueError, match="at least one stage"):
        stage_totals(staged, ())



def test_flow_table(staged: pd.DataFrame, isi_flow: pd.DataFrame) -> None:
    actors = pd.DataFrame({"actor_id": ["usa", "isi"], "name": ["United States", "ISI"]})
    table = flow_table(stage_totals(staged, ("pledged", "delivered")), actors)
    assert list(table.columns) == ["Donor", "Stage", "Year", "Amount", "Rows"]
    assert table.values.tolist() == [
        ["United States", "pledged", 1991, "$300", "fl0"],
        ["United States", "delivered", 1990, "more than $250", "fl1"],
        ["United States", "delivered", 1991, "more than $250", "fl1"]]
    legs = flow_table(ledger_totals(isi_flow), actors)
    assert list(legs.columns) == ["From", "To", "Amount", "Rows"]
    assert legs["From"].tolist() == ["ISI", "ussr", "United States"]  # unnamed ids kept
    roles = flow_table(totals_by_role(isi_flow, "recipient").assign(
        flow_ids="direct,via_isi"))
    assert roles["Rows"].tolist() == ["direct, via_isi", "direct, via_isi"]
    with pytest.raises(ValueError, match="lacks the column"):
        flow_table(ledger_totals(isi_flow).drop(columns="flow_ids"))
    with pytest.raises(ValueError, match="actors table lacks"):
        flow_table(ledger_totals(isi_flow), pd.DataFrame({"actor_id": ["usa"]}))


@pytest.fixture
def sipri() -> pd.DataFrame:
    return make_flows(
        {"flow_id": "s1_tiv", "donor_id": "ussr", "recipient_id": "gov_afg", "kind": "weapons",
         "amount": 30.0, "unit": "sipri_tiv_million", "basis": "total", "year_start": 1988,
         "year_end": 1990, "source": "sipri_arms_transfers"},
        {"flow_id": "s1_units", "donor_id": "ussr", "recipient_id": "gov_afg",
         "kind": "weapons", "amount": 300.0, "unit": "units", "basis": "total",
         "year_start": 1988, "year_end": 1990, "source": "sipri_arms_transfers"},
        {"flow_id": "s2_tiv", "donor_id": "china", "channel_id": "pakistan",
         "recipient_id": "mujahideen_unspecified", "kind": "weapons", "amount": 2.0,
         "unit": "sipri_tiv_million", "basis": "total", "year_start": 1989,
         "year_end": 1989, "source": "sipri_arms_transfers"},
        {"flow_id": "other", "donor_id": "ussr", "recipient_id": "gov_afg", "amount": 99.0,
         "unit": "sipri_tiv_million", "year_start": 1989, "year_end": 1989,
         "source": "somebody_else"},
    )


def test_sipri_deliveries(sipri: pd.DataFrame) -> None:
    out = sipri_deliveries(sipri)
    assert out[["year", "supplier", "best", "n_orders"]].values.tolist() == [
        [1988, "ussr", 10.0, 1], [1989, "china", 2.0, 1], [1989, "ussr", 10.0, 1],
        [1990, "ussr", 10.0, 1]]
    assert set(out["unit"]) == {"sipri_tiv_million"}
    assert "other" not in ",".join(out["flow_ids"])


def test_conflicting_flows() -> None:
    flows = make_flows(
        {"flow_id": "a", "fact_id": "fy85", "donor_id": "usa", "recipient_id": "hig",
         "amount": 250.0, "year_start": 1985, "year_end": 1985, "source": "time"},
        {"flow_id": "b", "fact_id": "fy85", "donor_id": "usa", "recipient_id": "hig",
         "amount": 280.0, "year_start": 1985, "year_end": 1985, "source": "nyt"},
        {"flow_id": "c", "fact_id": "fy85", "donor_id": "usa", "recipient_id": "hig",
         "amount_low": 200.0, "amount_best": None, "amount_high": None, "basis": "total",
         "year_start": 1985, "year_end": 1985, "source": "wapo"},
        {"flow_id": "d", "fact_id": "agree", "donor_id": "usa", "recipient_id": "hig",
         "amount": 5.0, "year_start": 1985, "year_end": 1985},
        {"flow_id": "e", "fact_id": "agree", "donor_id": "usa", "recipient_id": "hig",
         "amount": 5.0, "year_start": 1985, "year_end": 1985},
        {"flow_id": "f", "fact_id": "alone", "donor_id": "usa", "recipient_id": "hig",
         "amount": 1.0, "year_start": 1985, "year_end": 1985},
        {"flow_id": "g", "fact_id": "fy85", "donor_id": "usa", "recipient_id": "hig",
         "amount": 9.0, "unit": "units", "year_start": 1985, "year_end": 1985},
    )
    out = conflicting_flows(flows)
    assert out["fact_id"].tolist() == ["fy85"]  # agreeing and single readings are not listed
    row = out.iloc[0]
    assert row["unit"] == "usd_current" and row["n_readings"] == 3
    assert row["flow_ids"] == "a,b,c" and row["sources"] == "nyt,time,wapo"
    assert row["bases"] == "per_year,total"
    assert row["min_low"] == 200.0 and row["high_open"] and math.isnan(row["max_high"])
    assert row["best_ratio"] == pytest.approx(280 / 250)


# ----------------------------------------------------------------- figures


def source_text(fig: Figure) -> str:
    return next(t.get_text() for t in fig.texts if t.get_gid() == "source-line")


def test_plot_yearly_flows() -> None:
    totals = pd.DataFrame({
        "donor_id": ["usa", "usa", "ussr", "ussr"], "year": [1989, 1990, 1989, 1990],
        "unit": ["usd_current"] * 4, "low": [1e8, 2e8, 2e9, 3e9],
        "best": [2e8, None, 3e9, 3e9], "high": [3e8, None, 4e9, 3e9]})
    fig = plot_yearly_flows(totals, "CIA; Braithwaite")
    ax = fig.axes[0]
    best_lines = {line.get_gid(): line for line in ax.get_lines()
                  if str(line.get_gid()).startswith("best-")}
    assert sorted(best_lines) == ["best-usa", "best-ussr"]
    assert list(best_lines["best-ussr"].get_ydata()) == [3e9, 3e9]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["usa", "ussr"]
    ranges = {c.get_gid(): c for c in ax.collections}
    assert len(ranges["range-usa"].get_segments()) == 1  # 1990 is open-ended
    assert len(ranges["range-ussr"].get_segments()) == 2
    opens = [line for line in ax.get_lines() if line.get_gid() == "open-usa"]
    assert list(opens[0].get_ydata()) == [2e8]
    assert [int(t) for t in ax.get_xticks()] == [1989, 1990]
    assert "US$, current" in ax.get_ylabel()
    assert ax.get_title() and source_text(fig) == "Source: CIA; Braithwaite"
    assert ax.yaxis.get_major_formatter()(3e9, 0) == "3 bn"


def test_plot_yearly_flows_breaks_lines_at_gaps_and_takes_styles() -> None:
    totals = pd.DataFrame({
        "series": ["usa, appropriated"] * 3 + ["ussr, delivered"], "year": [1986, 1987, 1990,
                                                                           1990],
        "unit": ["usd_1992"] * 4, "low": [1.0, 2.0, 3.0, 4.0], "best": [1.0, 2.0, 3.0, 4.0],
        "high": [1.0, 2.0, 3.0, 4.0]})
    fig = plot_yearly_flows(totals, "x", group="series",
                            colours={"usa, appropriated": "#0072B2"},
                            linestyles={"usa, appropriated": "--"},
                            markers={"usa, appropriated": "s"}, legend_title="donor, stage")
    ax = fig.axes[0]
    line = next(li for li in ax.get_lines() if li.get_gid() == "best-usa, appropriated")
    ydata = list(line.get_ydata())
    assert ydata[:2] == [1.0, 2.0] and math.isnan(ydata[2]) and ydata[3] == 3.0
    assert line.get_linestyle() == "--" and line.get_marker() == "s"
    assert line.get_color() == "#0072B2"
    assert [int(t) for t in ax.get_xticks()] == [1986, 1987, 1988, 1989, 1990]  # every year
    assert ax.get_legend().get_title().get_text() == "donor, stage"
    with pytest.raises(ValueError, match="styles given for groups not in the data: nobody"):
        plot_yearly_flows(totals, "x", group="series", colours={"nobody": "#000000"})


@pytest.mark.parametrize(("unit", "label"), [
    ("usd_1990", "US$ of 1990"), ("tonnes", "tonnes"), ("widgets", "widgets")])
def test_plot_yearly_flows_unit_label(unit: str, label: str) -> None:
    totals = pd.DataFrame({"donor_id": ["a"], "year": [1989], "unit": [unit], "low": [1.0],
                           "best": [1.0], "high": [1.0]})
    assert f"Amount ({label})" in plot_yearly_flows(totals, "x").axes[0].get_ylabel()


def test_plot_yearly_flows_refuses_mixed_units() -> None:
    totals = pd.DataFrame({"donor_id": ["a", "b"], "year": [1989, 1989],
                           "unit": ["usd_current", "tonnes"], "low": [1.0, 1.0],
                           "best": [1.0, 1.0], "high": [1.0, 1.0]})
    with pytest.raises(ValueError, match="one unit"):
        plot_yearly_flows(totals, "x")


def test_plot_sipri_by_supplier(sipri: pd.DataFrame) -> None:
    deliveries = sipri_deliveries(sipri)
    fig = plot_sipri_by_supplier(deliveries, "SIPRI Arms Transfers Database")
    ax = fig.axes[0]
    assert len(ax.patches) == 3 * 2  # three years, two suppliers (zero-height bars kept)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["ussr", "china"]
    bars = {(p.get_gid(), round(p.get_x() + p.get_width() / 2)): p for p in ax.patches}
    assert bars[("bar-ussr", 1989)].get_height() == 10.0
    assert bars[("bar-china", 1989)].get_height() == 2.0
    assert bars[("bar-china", 1988)].get_height() == 0.0
    assert bars[("bar-china", 1989)].get_y() == 10.0  # stacked on the USSR's bar
    assert "SIPRI TIV" in ax.get_ylabel()
    assert source_text(fig) == "Source: SIPRI Arms Transfers Database"


def test_plot_pledged_vs_delivered(staged: pd.DataFrame) -> None:
    table = pledged_vs_delivered(staged)
    fig = plot_pledged_vs_delivered(table, "Tampa Bay Times")
    ax = fig.axes[0]
    bars: dict[str, list[float]] = {}
    for patch in ax.patches:
        bars.setdefault(patch.get_gid(), []).append(patch.get_height())
    assert bars == {"bar-pledged": [300.0], "bar-delivered": [250.0, 250.0]}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["usa → hig\n1990",
                                                            "usa → hig\n1991"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["pledged", "delivered"]
    opens = [line for line in ax.get_lines() if line.get_gid() == "open-delivered"]
    assert len(opens[0].get_xdata()) == 2
    assert source_text(fig) == "Source: Tampa Bay Times"
    with pytest.raises(ValueError, match="no <stage>_low column"):
        plot_pledged_vs_delivered(table[["donor_id", "recipient_id", "year", "unit"]], "x")


def test_plot_pledged_vs_delivered_marks_pledges_of_zero() -> None:
    flows = make_flows(
        {"donor_id": "usa", "recipient_id": "hig", "stage": "pledged", "amount": 0.0,
         "year_start": 1992, "year_end": 1992},
        {"donor_id": "usa", "recipient_id": "hig", "stage": "delivered", "amount": 5.0,
         "year_start": 1991, "year_end": 1991})
    fig = plot_pledged_vs_delivered(pledged_vs_delivered(flows, ("donor_id",)), "x",
                                    by=("donor_id",))
    zeros = [t for t in fig.axes[0].texts if t.get_gid() == "zero-pledged"]
    assert [(t.get_text(), t.get_position()[1]) for t in zeros] == [("0", 0.0)]
    assert not [t for t in fig.axes[0].texts if t.get_gid() == "zero-delivered"]


def test_plot_flow_ledger(isi_flow: pd.DataFrame) -> None:
    extra = make_flows({"flow_id": "small", "donor_id": "saudi_arabia", "channel_id": "isi",
                        "recipient_id": "hig", "amount_low": 10.0, "amount_best": None,
                        "amount_high": None, "year_start": 1990, "year_end": 1990})
    edges = ledger_totals(pd.concat([isi_flow, extra], ignore_index=True))
    fig = plot_flow_ledger(edges, "fixture", camps={"saudi_arabia": "foreign"})
    recoloured = plot_flow_ledger(edges.replace({"saudi_arabia": "egypt"}), "fixture",
                                  camps={"egypt": "international"})
    egypt = next(line for line in recoloured.axes[0].get_lines()
                 if line.get_gid() == "node-0-egypt")
    assert egypt.get_color() == CAMP_COLOURS["international"]
    ax = fig.axes[0]
    lines = {line.get_gid(): line for line in ax.get_lines()}
    edge_ids = sorted(g for g in lines if g.startswith("edge-"))
    assert edge_ids == ["edge-channel_to_recipient-isi-hig", "edge-direct-ussr-gov_afg",
                        "edge-donor_to_channel-saudi_arabia-isi",
                        "edge-donor_to_channel-usa-isi"]
    # width proportional to amount: the 110 leg is the widest, the 10 leg the thinnest
    widths = {g: lines[g].get_linewidth() for g in edge_ids}
    assert max(widths, key=widths.get) == "edge-channel_to_recipient-isi-hig"
    assert min(widths, key=widths.get) == "edge-donor_to_channel-saudi_arabia-isi"
    # three columns: donors at x=0, the channel at x=1, recipients at x=2
    assert lines["node-0-usa"].get_xdata()[0] == 0 and lines["node-1-isi"].get_xdata()[0] == 1
    assert lines["node-2-hig"].get_xdata()[0] == 2
    # the direct flow skips the channel column
    assert list(lines["edge-direct-ussr-gov_afg"].get_xdata()) == [0.0, 2.0]
    # nodes ordered by amount, largest on top
    assert lines["node-0-usa"].get_ydata()[0] > lines["node-0-ussr"].get_ydata()[0]
    labels = {t.get_gid(): t.get_text() for t in ax.texts}
    assert labels["label-1-isi"] == "isi (110*)"  # a low stood in for a best
    assert labels["label-0-usa"] == "usa (100)"
    assert "partial-note" in labels
    assert [labels[f"heading-{i}"] for i in range(3)] == ["Donor", "Channel", "Recipient"]
    assert source_text(fig) == "Source: fixture"


def test_plot_flow_ledger_refuses_unknown_leg() -> None:
    edges = pd.DataFrame({"leg": ["sideways"], "from_id": ["a"], "to_id": ["b"],
                          "unit": ["usd_current"], "low": [1.0], "best": [1.0]})
    with pytest.raises(ValueError, match="unknown leg"):
        plot_flow_ledger(edges, "x")


def svg_bytes(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


@pytest.mark.parametrize("which", ["yearly", "sipri", "stages", "ledger"])
def test_figures_are_deterministic(which: str, sipri: pd.DataFrame, staged: pd.DataFrame,
                                   isi_flow: pd.DataFrame) -> None:
    def draw() -> Figure:
        if which == "yearly":
            return plot_yearly_flows(yearly_totals(staged), "x")
        if which == "sipri":
            return plot_sipri_by_supplier(sipri_deliveries(sipri), "x")
        if which == "stages":
            return plot_pledged_vs_delivered(pledged_vs_delivered(staged), "x")
        return plot_flow_ledger(ledger_totals(isi_flow), "x")

    assert svg_bytes(draw()) == svg_bytes(draw())


# ----------------------------------------------------------------- the real data


def test_real_flows_smoke() -> None:
    ds = load_dataset()
    flows = ds.flows
    period = (1989, 1992)
    donors = totals_by_role(flows, "donor", years=period)
    recipients = totals_by_role(flows, "recipient", years=period)
    # each flow counted once as given and once as received
    assert donors["low"].sum() == pytest.approx(recipients["low"].sum())
    assert "isi" not in set(donors["donor_id"]) | set(recipients["recipient_id"])
    totals = yearly_totals(flows, deflators=ds.deflators, base_year=1990)
    check_ranges(totals)
    assert set(totals["unit"]) == {"usd_1990"}
    sipri = sipri_deliveries(flows)
    assert len(sipri) > 0 and set(sipri["unit"]) == {"sipri_tiv_million"}
    assert (conflicting_flows(flows)["n_readings"] >= 2).all()
