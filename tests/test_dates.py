"""Tests of analysis.dates."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.dates import period_end, period_ends


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [
        ("1989-02-15", "day", "1989-02-15"),
        ("1992-02-01", "month", "1992-02-29"),  # leap year
        ("1991-02-01", "month", "1991-02-28"),
        ("1990-12-01", "month", "1990-12-31"),
        ("1990-01-01", "year", "1990-12-31"),
    ],
)
def test_period_end(date: str, precision: str, expected: str) -> None:
    assert period_end(pd.Timestamp(date), precision) == pd.Timestamp(expected)


def test_unknown_precision_is_named() -> None:
    with pytest.raises(ValueError, match="unknown precision 'week'"):
        period_end(pd.Timestamp("1990-01-01"), "week")


@given(st.dates(min_value=pd.Timestamp("1978-01-01").date(),
                max_value=pd.Timestamp("2001-12-31").date()),
       st.sampled_from(["day", "month", "year"]))
def test_period_end_never_precedes_the_date(date, precision) -> None:
    start = pd.Timestamp(date)
    if precision == "month":
        start = start.replace(day=1)
    elif precision == "year":
        start = start.replace(month=1, day=1)
    end = period_end(start, precision)
    assert end >= start
    assert end.year == start.year


def test_vectorised_matches_scalar() -> None:
    dates = pd.Series(pd.to_datetime(["1989-03-01", "1989-03-05", "1990-01-01", None]))
    precisions = pd.Series(["month", "day", "year", None])
    out = period_ends(dates, precisions)
    assert out.iloc[0] == pd.Timestamp("1989-03-31")
    assert out.iloc[1] == pd.Timestamp("1989-03-05")
    assert out.iloc[2] == pd.Timestamp("1990-12-31")
    assert pd.isna(out.iloc[3])
