"""Tests of analysis.ranges: adding ranges, choosing readings, spreads."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ranges import add_ranges, check_ranges, choose_one_per_fact, range_spread


def frame(rows: list[tuple], columns: str = "g low best high") -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split()).astype(
        {c: "float64" for c in ("low", "best", "high") if c in columns.split()})


# ----------------------------------------------------------------- check_ranges


@pytest.mark.parametrize(("row", "message"), [
    ((-1.0, None, 2.0), "low is negative"),
    ((3.0, 2.0, 4.0), "best is below low"),
    ((1.0, 5.0, 4.0), "high is below best"),
    ((5.0, None, 4.0), "high is below low"),
    ((1.0, math.inf, None), "best is infinite"),
])
def test_check_ranges_names_the_broken_rule(row: tuple, message: str) -> None:
    df = frame([("x", *row)], "id low best high")
    with pytest.raises(ValueError, match=message):
        check_ranges(df, "id")


def test_check_ranges_names_rows_by_id_and_counts_the_rest() -> None:
    df = frame([(f"r{i}", 5.0, 1.0, 9.0) for i in range(7)], "id low best high")
    with pytest.raises(ValueError, match=r"rows r0, r1, r2, r3, r4 and 2 more"):
        check_ranges(df, "id")


def test_check_ranges_needs_the_three_columns() -> None:
    with pytest.raises(ValueError, match="missing: high"):
        check_ranges(pd.DataFrame({"low": [1.0], "best": [1.0]}))


def test_check_ranges_refuses_text() -> None:
    with pytest.raises(ValueError, match="'low' is not numeric"):
        check_ranges(pd.DataFrame({"low": ["many"], "best": [1.0], "high": [2.0]}))


def test_check_ranges_accepts_missing_best_and_high() -> None:
    check_ranges(pd.DataFrame({"low": [None, 1.0], "best": [None, None],
                               "high": [None, None]}))


# ----------------------------------------------------------------- add_ranges


def test_add_ranges_rule() -> None:
    df = frame([("a", 1.0, 2.0, 3.0), ("a", 10.0, None, 30.0), ("b", 5.0, 5.0, None),
                ("b", None, 1.0, 2.0), ("c", 1.0, 1.0, 1.0), ("c", 2.0, 2.0, 2.0)])
    out = add_ranges(df, ["g"]).set_index("g")
    # a: best missing because one member has none; high closed
    assert out.loc["a", ["low", "high", "n_best_missing"]].tolist() == [11.0, 33.0, 1]
    assert math.isnan(out.loc["a", "best"])
    # b: an open-ended member leaves the sum open; a missing low counts as 0
    assert out.loc["b", "low"] == 5.0 and out.loc["b", "best"] == 6.0
    assert out.loc["b", "high_open"] and math.isnan(out.loc["b", "high"])
    # c: everything present
    assert out.loc["c", ["low", "best", "high"]].tolist() == [3.0, 3.0, 3.0]
    assert out["n_rows"].tolist() == [2, 2, 2]
    assert not out.loc["c", "high_open"]


def test_add_ranges_grand_total_and_ids() -> None:
    df = pd.DataFrame({"id": ["b", "a", "b"], "low": [1.0, 2.0, 3.0],
                       "best": [1.0, 2.0, 3.0], "high": [1.0, 2.0, 3.0]})
    out = add_ranges(df, ids="id")
    assert out.to_dict("records") == [{"low": 6.0, "best": 6.0, "high": 6.0,
                                       "high_open": False, "n_rows": 3, "n_best_missing": 0,
                                       "ids": "a,b"}]


def test_add_ranges_keeps_missing_keys_and_dtypes() -> None:
    df = pd.DataFrame({"year": pd.array([1990, None, 1990], dtype="Int64"),
                       "low": [1.0, 2.0, 3.0], "best": [1.0, 2.0, 3.0], "high": [1.0, 2.0, 3.0]})
    out = add_ranges(df, ["year"])
    assert str(out["year"].dtype) == "Int64"
    assert out["year"].isna().tolist() == [False, True]
    assert out["low"].tolist() == [4.0, 2.0]


def test_add_ranges_of_nothing_has_the_columns() -> None:
    df = pd.DataFrame({"g": pd.Series(dtype="str"), "unit": pd.Series(dtype="str"),
                       "low": pd.Series(dtype="float64"), "best": pd.Series(dtype="float64"),
                       "high": pd.Series(dtype="float64")})
    out = add_ranges(df, ["g"], ids="g")
    assert out.empty
    assert list(out.columns) == ["g", "unit", "low", "best", "high", "high_open", "n_rows",
                                 "n_best_missing", "gs"]
    assert add_ranges(df.drop(columns="unit")).empty


def test_add_ranges_refuses_mixed_units() -> None:
    df = pd.DataFrame({"g": ["a", "a"], "unit": ["usd_current", "tonnes"],
                       "low": [1.0, 2.0], "best": [1.0, 2.0], "high": [1.0, 2.0]})
    with pytest.raises(ValueError, match="different units in group.*tonnes, usd_current"):
        add_ranges(df, ["g"])
    with pytest.raises(ValueError, match="different units: tonnes, usd_current"):
        add_ranges(df)
    by_unit = add_ranges(df, ["g", "unit"])
    assert by_unit["unit"].tolist() == ["tonnes", "usd_current"]
    assert add_ranges(df.iloc[:1], ["g"])["unit"].tolist() == ["usd_current"]  # carried


def test_add_ranges_refuses_rows_without_unit() -> None:
    df = pd.DataFrame({"unit": ["tonnes", None], "low": [1.0, 2.0], "best": [1.0, 2.0],
                       "high": [1.0, 2.0]})
    with pytest.raises(ValueError, match="some rows have no unit"):
        add_ranges(df)


def test_add_ranges_unknown_column() -> None:
    with pytest.raises(ValueError, match="unknown column.*nope"):
        add_ranges(frame([("a", 1.0, 1.0, 1.0)]), ["nope"])


def test_add_ranges_checks_the_ranges() -> None:
    with pytest.raises(ValueError, match="best is below low"):
        add_ranges(frame([("a", 3.0, 1.0, 4.0)]), ["g"])


amount = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False)


@st.composite
def ranges(draw: st.DrawFn) -> pd.DataFrame:
    rows = []
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        low = draw(amount)
        best = low + draw(amount)
        high = best + draw(amount)
        rows.append((draw(st.sampled_from("abc")),
                     None if draw(st.booleans()) and draw(st.booleans()) else low,
                     best if draw(st.booleans()) else None,
                     high if draw(st.booleans()) else None))
    return frame(rows)


@settings(max_examples=200, deadline=None)
@given(ranges())
def test_property_sums_stay_ordered(df: pd.DataFrame) -> None:
    out = add_ranges(df, ["g"])
    check_ranges(out)  # low <= best <= high wherever present, nothing negative
    assert (out["low"] <= out["high"].fillna(math.inf)).all()
    assert (out["high_open"] == out["high"].isna()).all()
    assert out["n_rows"].sum() == len(df)
    # the grand total of the group totals is the grand total of the rows
    total = add_ranges(df).iloc[0]
    assert math.isclose(out["low"].sum(), total["low"], rel_tol=1e-12, abs_tol=1e-6)


# ----------------------------------------------------------------- choosing


READINGS = pd.DataFrame({
    "fact_id": ["f", "f", "f", "g", "g", "h", "h"],
    "id": ["c", "b", "a", "y", "x", "p", "q"],
    "confidence": ["medium", "high", "high", "low", "low", "medium", "medium"],
    "low": [1.0, 2.0, 3.0, 1.0, 1.0, 5.0, 5.0],
    "best": [1.0, None, 3.0, 1.0, 1.0, None, None],
    "high": [1.0, 4.0, 3.0, 1.0, 1.0, None, 9.0],
})


@pytest.mark.parametrize(("fact", "chosen", "set_aside", "why"), [
    ("f", "a", "b,c", "highest confidence, then a best figure"),
    ("g", "x", "y", "equal in all else: the smaller id"),
    ("h", "q", "p", "no best in either: the closed range"),
])
def test_choose_one_per_fact_rule(fact: str, chosen: str, set_aside: str, why: str) -> None:
    out = choose_one_per_fact(READINGS, id_column="id").set_index("fact_id")
    assert out.loc[fact, "id"] == chosen, why
    assert out.loc[fact, "set_aside"] == set_aside
    assert out["n_readings"].to_dict() == {"f": 3, "g": 2, "h": 2}


def test_choose_never_averages() -> None:
    out = choose_one_per_fact(READINGS, id_column="id")
    merged = out.merge(READINGS, on=["fact_id", "id"], suffixes=("", "_orig"))
    assert merged["low"].tolist() == merged["low_orig"].tolist()
    assert len(out) == READINGS["fact_id"].nunique()


def test_choose_with_preferences_and_extra_keys() -> None:
    df = pd.DataFrame({"fact_id": ["f", "f", "f"], "year": [1990, 1990, 1991],
                       "id": ["a", "b", "a"], "spread": [True, False, True],
                       "low": [1.0, 2.0, 1.0], "best": [1.0, 2.0, 1.0],
                       "high": [1.0, 2.0, 1.0]})
    out = choose_one_per_fact(df, ["fact_id", "year"], id_column="id",
                              prefer=[("spread", True)])
    assert out[["year", "id", "n_readings"]].values.tolist() == [[1990, "b", 2],
                                                                 [1991, "a", 1]]


def test_choose_without_confidence_column_and_unknown_confidence() -> None:
    df = READINGS.drop(columns="confidence")
    assert choose_one_per_fact(df, id_column="id").set_index("fact_id").loc["f", "id"] == "a"
    bad = READINGS.assign(confidence=["sure"] + ["low"] * 6)
    with pytest.raises(ValueError, match="unknown confidence in rows c"):
        choose_one_per_fact(bad, id_column="id")


def test_choose_missing_columns() -> None:
    with pytest.raises(ValueError, match="missing column.*fact_id"):
        choose_one_per_fact(READINGS.drop(columns="fact_id"), id_column="id")


def test_choose_of_nothing() -> None:
    out = choose_one_per_fact(READINGS.iloc[:0], id_column="id")
    assert out.empty and {"n_readings", "set_aside"} <= set(out.columns)


# ----------------------------------------------------------------- spread


def test_range_spread() -> None:
    df = pd.DataFrame({"fact_id": ["f", "f", "g", "g", "h", "h"],
                       "low": [None, 10.0, 0.0, 5.0, 1.0, 2.0],
                       "best": [20.0, 40.0, 0.0, 5.0, None, 2.0],
                       "high": [20.0, 50.0, 1.0, None, 1.0, 2.0]})
    out = range_spread(df, ["fact_id"]).set_index("fact_id")
    assert out.loc["f", ["n_readings", "min_low", "max_high", "min_best", "max_best",
                         "best_ratio"]].tolist() == [2, 0.0, 50.0, 20.0, 40.0, 2.0]
    assert out.loc["g", "high_open"] and math.isnan(out.loc["g", "max_high"])
    assert math.isnan(out.loc["g", "best_ratio"])  # the smallest best is 0
    assert math.isnan(out.loc["h", "best_ratio"])  # only one best
    assert out.loc["h", "max_best"] == 2.0


def test_range_spread_without_bests_and_unknown_column() -> None:
    df = pd.DataFrame({"f": ["a"], "low": [1.0], "best": [None], "high": [2.0]})
    out = range_spread(df, ["f"])
    assert math.isnan(out.loc[0, "min_best"]) and math.isnan(out.loc[0, "max_best"])
    with pytest.raises(ValueError, match="unknown column.*nope"):
        range_spread(df, ["nope"])
