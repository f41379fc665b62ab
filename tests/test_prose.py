"""Tests of analysis.prose: phrases made from rows of the data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.prose import (
    estimate_phrase,
    event_date_phrase,
    flow_phrase,
    format_date,
    format_number,
    format_period,
    format_range,
    reading_phrase,
    relation_phrase,
    sum_phrase,
    value_phrase,
)

TS = pd.Timestamp


@pytest.mark.parametrize(("low", "best", "high", "unit", "expected"), [
    (3000, 3000, 3000, "persons", "3,000"),
    (12000, None, 15000, "persons", "12,000–15,000"),
    (400, None, None, "persons", "more than 400"),
    (None, None, 2000, "persons", "up to 2,000"),
    (float("nan"), float("nan"), 2000, "persons", "up to 2,000"),
    (1904, 5174, 17051, "persons", "5,174 (range 1,904–17,051)"),
    (2e9, None, 6e9, "usd_current_per_year", "$2 billion–$6 billion"),
    (230000, 230000, 230000, "tonnes_per_year", "230,000"),
    (60, 60, 60, "percent", "60%"),
    (5, 5, 5, "sipri_tiv_million", "5 million TIV"),
    (5, None, 5, "persons", "5"),
    (None, 10, 20, "persons", "10 (range ?–20)"),
])
def test_format_range(low, best, high, unit, expected) -> None:
    assert format_range(low, best, high, unit) == expected


def test_empty_estimate_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        format_range(None, None, None)


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (1568, "persons", "1,568"), (0.5, "persons", "0.5"), (695000, "usd_current", "$695,000"),
    (1.25e6, "usd_current", "$1.25 million"),
])
def test_format_number(value, unit, expected) -> None:
    assert format_number(value, unit) == expected


@pytest.mark.parametrize(("date", "precision", "expected"), [
    ("1992-04-26", "day", "26 April 1992"), ("1991-08-01", "month", "August 1991"),
    ("1985-01-01", "year", "1985"),
])
def test_format_date(date, precision, expected) -> None:
    assert format_date(TS(date), precision) == expected


def test_format_date_rejects_unknown_precision() -> None:
    with pytest.raises(ValueError, match="unknown precision 'decade'"):
        format_date(TS("1990-01-01"), "decade")


@pytest.mark.parametrize(("start", "sp", "end", "ep", "expected"), [
    ("1991-03-14", "day", "1991-03-31", "day", "14–31 March 1991"),
    ("1991-03-14", "day", "1991-04-11", "day", "14 March – 11 April 1991"),
    ("1988-05-15", "day", "1989-02-15", "day", "15 May 1988 – 15 February 1989"),
    ("1990-04-01", "month", "1990-06-01", "month", "April–June 1990"),
    ("1992-12-01", "month", "1992-12-01", "month", "December 1992"),
    ("1991-08-01", "month", "1991-11-02", "day", "August 1991 – 2 November 1991"),
    ("1989-03-05", "day", "1989-07-01", "month", "5 March – July 1989"),
    ("1990-03-06", "day", "1990-03-06", "day", "6 March 1990"),
    ("1989-01-01", "year", "1992-01-01", "year", "1989–1992"),
])
def test_format_period(start, sp, end, ep, expected) -> None:
    assert format_period(TS(start), sp, TS(end), ep) == expected


def test_row_phrases_and_unknown_ids() -> None:
    est = pd.DataFrame({"estimate_id": ["e"], "low": [1.0], "best": [2.0], "high": [3.0],
                        "unit": ["persons"]})
    assert estimate_phrase(est, "e") == "2 (range 1–3)"
    with pytest.raises(KeyError, match="no row with estimate_id 'nope'"):
        estimate_phrase(est, "nope")
    flows = pd.DataFrame({"flow_id": ["f"], "amount_low": [1e6], "amount_best": [1e6],
                          "amount_high": [1e6], "unit": ["usd_current"]})
    assert flow_phrase(flows, "f") == "$1 million"
    events = pd.DataFrame({"event_id": ["k"], "start_date": [TS("1991-03-14")],
                           "start_precision": ["day"], "end_date": [TS("1991-03-31")],
                           "end_precision": ["day"]})
    assert event_date_phrase(events, "k") == "14–31 March 1991"


@pytest.mark.parametrize(("values", "expected"), [
    ((350.0, math.nan, math.nan, "persons", True), "more than 350"),
    ((12.0, 12.0, math.nan, "persons", False), "more than 12"),  # a missing high is open too
    ((math.nan, math.nan, math.nan, "persons", True), "more than 0"),
    ((14029.0, math.nan, 17029.0, "persons", False), "14,029–17,029"),
    ((1904.0, 5174.0, 17051.0, "persons", False), "5,174 (range 1,904–17,051)"),
    ((50.0, 50.0, 50.0, "persons", False), "50"),
    ((2e9, math.nan, 3e9, "usd_1992", False), "$2 billion–$3 billion"),
    ((2e8, math.nan, math.nan, "usd_current", True), "more than $200 million"),
    ((math.nan, math.nan, math.nan, "usd_current", True), "more than $0"),
    ((0.0, 0.0, 0.0, "usd_current", False), "$0"),
    ((230000.0, 230000.0, 230000.0, "tonnes", False), "230,000"),
])
def test_sum_phrase(values: tuple, expected: str) -> None:
    assert sum_phrase(*values) == expected


def test_reading_phrase_of_each_fact_table() -> None:
    assert reading_phrase("flows", {"amount_low": 2e9, "amount_best": None,
                                    "amount_high": 6e9, "unit": "usd_current"}) \
        == "$2 billion–$6 billion"
    assert reading_phrase("estimates", {"low": None, "best": None, "high": None,
                                        "unit": "persons"}) == "no figure given"
    with pytest.raises(ValueError, match="has no readings"):
        reading_phrase("actors", {})


def test_relation_phrase_without_a_date() -> None:
    row = {"actor_a": "a", "actor_b": "b", "type": "alliance", "start_date": pd.NaT,
           "start_precision": None, "end_date": pd.NaT, "end_precision": None}
    assert relation_phrase(row, {"a": "A"}) == "A and b, alliance"


@pytest.mark.parametrize(("row", "column", "expected"), [
    ({"amount_high": 6e9, "unit": "usd_current"}, "amount_high", "$6 billion"),
    ({"period_start": TS("1989-03-01"), "period_precision": "month"}, "period_start",
     "March 1989"),
    ({"item": "R-17 Elbrus"}, "item", "R-17 Elbrus"),
    ({"year_end": 1991.0}, "year_end", "1991"),
])
def test_value_phrase(row: dict, column: str, expected: str) -> None:
    assert value_phrase(row, column) == expected


def test_value_phrase_refuses_missing_and_empty_columns() -> None:
    with pytest.raises(KeyError, match="no column 'x'"):
        value_phrase({}, "x")
    with pytest.raises(ValueError, match="empty"):
        value_phrase({"low": float("nan")}, "low")
