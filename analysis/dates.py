"""Dates with a precision: the convention every table follows.

A date in the data is stored as the first day of the period its precision
names: ``1991-04-01`` with precision ``month`` means "some day in April 1991",
``1991-01-01`` with precision ``year`` means "some day in 1991". These helpers
turn such a date into the interval it stands for.

Examples
--------
>>> import pandas as pd
>>> period_end(pd.Timestamp("1991-04-01"), "month")
Timestamp('1991-04-30 00:00:00')
"""

from __future__ import annotations

import pandas as pd

__all__ = ["period_end", "period_ends"]

_OFFSETS = {
    "day": pd.offsets.Day(0),
    "month": pd.offsets.MonthEnd(0),
    "year": pd.offsets.YearEnd(0),
}


def period_end(date: pd.Timestamp, precision: str) -> pd.Timestamp:
    """Return the last day of the period a date with this precision stands for.

    Examples
    --------
    >>> import pandas as pd
    >>> period_end(pd.Timestamp("1989-01-01"), "year")
    Timestamp('1989-12-31 00:00:00')
    >>> period_end(pd.Timestamp("1989-02-15"), "day")
    Timestamp('1989-02-15 00:00:00')
    """
    if precision not in _OFFSETS:
        raise ValueError(f"unknown precision '{precision}'; expected day, month or year")
    return date + _OFFSETS[precision]


def period_ends(dates: pd.Series, precisions: pd.Series) -> pd.Series:
    """Vectorised :func:`period_end`; missing dates stay missing.

    Examples
    --------
    >>> import pandas as pd
    >>> s = period_ends(pd.Series(pd.to_datetime(["1990-06-01", None])),
    ...                 pd.Series(["month", None]))
    >>> s.dt.strftime("%Y-%m-%d").tolist()
    ['1990-06-30', nan]
    """
    out = pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
    for precision in _OFFSETS:
        mask = (precisions.astype("object") == precision) & dates.notna()
        out[mask] = dates[mask] + _OFFSETS[precision]
    return out
