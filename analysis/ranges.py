"""Ranges: adding low/best/high figures, and choosing one reading per fact.

Every amount and every toll in the data is a range: a ``low``, a ``best``
(missing when a source gives only a range) and a ``high`` (missing when a
source says "more than N"). :mod:`analysis.flows` and
:mod:`analysis.casualties` both add such ranges and both meet facts reported
by several sources; the rules for both live here, once.

Adding ranges (:func:`add_ranges`)
    * ``low`` is the sum of the lows. A missing low counts as 0: every
      quantity in the data is non-negative, so 0 is always a true lower bound.
    * ``high`` is the sum of the highs. A missing high is open-ended, and one
      open-ended member leaves the sum open: its ``high`` is missing and
      ``high_open`` is true ("more than ``low``").
    * ``best`` is the sum of the bests when every member has one; otherwise it
      is missing and ``n_best_missing`` says how many members lacked one. No
      midpoint is invented and nothing is averaged.
    * Sums are exact (:func:`math.fsum`, correctly rounded), so
      ``low <= best <= high`` holds for every sum of ordered ranges.
    * Figures in different units are never added: a group that mixes units
      raises :class:`ValueError`.

Choosing one reading per fact (:func:`choose_one_per_fact`)
    Rows sharing a ``fact_id`` are readings of the same fact by different
    sources (or one source in two places); adding them would count the fact
    twice. Exactly one reading counts: the one with the highest
    ``confidence`` (high > medium > low), then one that has a best figure,
    then one with a closed range (a high), then the caller's own preferences,
    then the smallest id in alphabetical order, so the choice is
    deterministic. The readings set aside are listed, never averaged in.

Spread between readings (:func:`range_spread`)
    The lowest low, the highest high (missing and ``high_open`` when a reading
    is open-ended) and the ratio of the largest best to the smallest.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"g": ["a", "a"], "low": [1.0, 2.0], "best": [2.0, None],
...                    "high": [3.0, 4.0]})
>>> add_ranges(df, ["g"])[["g", "low", "best", "high", "n_best_missing"]]
   g  low  best  high  n_best_missing
0  a  3.0   NaN   7.0               1
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "CONFIDENCE_RANK",
    "RANGE_COLUMNS",
    "check_ranges",
    "add_ranges",
    "choose_one_per_fact",
    "range_spread",
]

#: Order of the ``confidence`` values, most trusted first.
CONFIDENCE_RANK: dict[str, int] = {"high": 3, "medium": 2, "low": 1}

#: The three columns of a range.
RANGE_COLUMNS: tuple[str, str, str] = ("low", "best", "high")

_SHOWN = 5  # how many offending rows an error message names


def _names(df: pd.DataFrame, mask: pd.Series, id_column: str | None) -> str:
    """Name the rows selected by ``mask``: by id if there is one, else by index."""
    labels = df.loc[mask, id_column] if id_column in df.columns else df.index[mask]
    shown = [str(label) for label in list(labels)[:_SHOWN]]
    more = int(mask.sum()) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def check_ranges(df: pd.DataFrame, id_column: str | None = None) -> None:
    """Raise :class:`ValueError` unless every row is a valid range.

    A valid range has numeric ``low``, ``best`` and ``high`` columns, no
    negative or infinite value (an open-ended high is written as missing, not
    as infinity), and ``low <= best <= high`` wherever the values are present.

    Parameters
    ----------
    df
        A frame with ``low``, ``best`` and ``high`` columns.
    id_column
        The column naming rows in error messages (the index if ``None``).

    Examples
    --------
    >>> import pandas as pd
    >>> check_ranges(pd.DataFrame({"low": [1.0], "best": [None], "high": [2.0]}))
    >>> check_ranges(pd.DataFrame({"id": ["x"], "low": [3.0], "best": [2.0],
    ...                            "high": [4.0]}), "id")
    Traceback (most recent call last):
    ...
    ValueError: best is below low in rows x
    """
    missing = [c for c in RANGE_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError("a range needs the columns low, best, high; "
                         f"missing: {', '.join(missing)}")
    values = {}
    for column in RANGE_COLUMNS:
        if not (pd.api.types.is_numeric_dtype(df[column]) or df[column].isna().all()):
            raise ValueError(f"column '{column}' is not numeric")
        values[column] = df[column].astype("float64")
        bad = values[column].notna() & ~np.isfinite(values[column].fillna(0.0))
        if bad.any():
            raise ValueError(f"{column} is infinite in rows {_names(df, bad, id_column)}; "
                             "write an open-ended high as a missing value")
        negative = values[column] < 0
        if negative.any():
            raise ValueError(f"{column} is negative in rows {_names(df, negative, id_column)}")
    low, best, high = values["low"], values["best"], values["high"]
    for (lo_name, lo), (hi_name, hi) in [(("low", low), ("best", best)),
                                         (("best", best), ("high", high)),
                                         (("low", low), ("high", high))]:
        disorder = lo.notna() & hi.notna() & (hi < lo)
        if disorder.any():
            raise ValueError(f"{hi_name} is below {lo_name} in rows "
                             f"{_names(df, disorder, id_column)}")


def _check_units(df: pd.DataFrame, by: list[str]) -> None:
    """Refuse groups that mix units (when the frame has a ``unit`` column)."""
    if "unit" not in df.columns or "unit" in by or df.empty:
        return
    units = df["unit"].astype("object")
    if units.isna().any():
        raise ValueError("some rows have no unit; amounts without a unit cannot be added")
    groups = df.assign(_unit=units).groupby(by, dropna=False, sort=True, observed=True)["_unit"] \
        if by else [((), units)]
    for key, unit_values in groups:
        distinct = sorted(set(unit_values))
        if len(distinct) > 1:
            where = f" in group {key}" if by else ""
            raise ValueError(f"refusing to add amounts of different units{where}: "
                             f"{', '.join(distinct)}")


def _groups(df: pd.DataFrame, by: list[str]):
    if not by:
        return [((), df)] if not df.empty else []
    return df.groupby(by, dropna=False, sort=True, observed=True)


def _restore_dtypes(out: pd.DataFrame, df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    for column in by:
        out[column] = out[column].astype(df[column].dtype)
    return out


def add_ranges(df: pd.DataFrame, by: Sequence[str] = (), *, ids: str | None = None
               ) -> pd.DataFrame:
    """Add up ranges by group, with the rules of this module.

    Parameters
    ----------
    df
        Rows with ``low``, ``best``, ``high`` (and optionally ``unit``).
    by
        The grouping columns; empty for one grand total.
    ids
        An id column whose distinct values are listed, sorted and
        comma-separated, in a column ``<ids>s``, so that a reader can see
        which rows were added.

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` columns, ``unit`` (if the input has
        one), ``low``, ``best``, ``high``, ``high_open``, ``n_rows`` and
        ``n_best_missing``, sorted by group (missing keys last).

    Raises
    ------
    ValueError
        If a row is not a valid range (:func:`check_ranges`) or a group mixes
        units.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"id": ["a", "b"], "low": [10.0, 5.0], "best": [12.0, 6.0],
    ...                    "high": [15.0, None]})
    >>> add_ranges(df, ids="id").iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'low': 15.0, 'best': 18.0, 'high': nan, 'high_open': True, 'n_rows': 2,
     'n_best_missing': 0, 'ids': 'a,b'}
    """
    by = list(by)
    unknown = [c for c in by + ([ids] if ids else []) if c not in df.columns]
    if unknown:
        raise ValueError(f"unknown column(s) to group or list by: {', '.join(unknown)}")
    check_ranges(df, ids)
    _check_units(df, by)
    with_unit = "unit" in df.columns and "unit" not in by
    records = []
    for key, group in _groups(df, by):
        key = tuple(key)
        low = group["low"].astype("float64").fillna(0.0)
        best = group["best"].astype("float64")
        high = group["high"].astype("float64")
        record: dict[str, object] = dict(zip(by, key, strict=True))
        if with_unit:
            record["unit"] = str(group["unit"].astype("object").iloc[0])
        open_high = bool(high.isna().any())
        record.update(
            low=math.fsum(low),
            best=math.fsum(best) if best.notna().all() else math.nan,
            high=math.nan if open_high else math.fsum(high),
            high_open=open_high,
            n_rows=len(group),
            n_best_missing=int(best.isna().sum()),
        )
        if ids:
            record[f"{ids}s"] = ",".join(sorted({str(i) for i in group[ids]}))
        records.append(record)
    columns = by + (["unit"] if with_unit else []) + [
        "low", "best", "high", "high_open", "n_rows", "n_best_missing"
    ] + ([f"{ids}s"] if ids else [])
    out = pd.DataFrame.from_records(records, columns=columns)
    out = out.astype({"low": "float64", "best": "float64", "high": "float64",
                      "high_open": "bool", "n_rows": "int64", "n_best_missing": "int64"})
    return _restore_dtypes(out, df, by)


def _confidence_rank(df: pd.DataFrame, id_column: str) -> pd.Series:
    if "confidence" not in df.columns:
        return pd.Series(0, index=df.index, dtype="int64")
    rank = df["confidence"].astype("object").map(CONFIDENCE_RANK)
    unknown = rank.isna()
    if unknown.any():
        raise ValueError(f"unknown confidence in rows {_names(df, unknown, id_column)}; "
                         f"expected one of {', '.join(CONFIDENCE_RANK)}")
    return rank.astype("int64")


def choose_one_per_fact(df: pd.DataFrame, keys: Sequence[str] = ("fact_id",), *,
                        id_column: str, prefer: Sequence[tuple[str, bool]] = ()
                        ) -> pd.DataFrame:
    """Keep one reading per fact, by the documented rule of this module.

    Parameters
    ----------
    df
        Readings with the ``keys`` columns, ``id_column``, ``best``, ``high``
        and (optionally) ``confidence``.
    keys
        The columns that identify a fact (e.g. ``fact_id``, or ``fact_id`` and
        ``year`` once flows are spread over years).
    id_column
        The rows' ids: the last tie-breaker, and what ``set_aside`` lists.
    prefer
        Further tie-breakers applied after confidence, best and high and
        before the id: ``(column, ascending)`` pairs.

    Returns
    -------
    pandas.DataFrame
        The chosen rows (all columns kept) with ``n_readings`` (how many
        readings the fact had) and ``set_aside`` (the other readings' ids,
        comma-separated, empty if none), sorted by ``keys`` and id.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"fact_id": ["f", "f", "g"], "id": ["x", "y", "z"],
    ...     "confidence": ["low", "high", "low"], "low": [1.0, 2.0, 5.0],
    ...     "best": [1.0, None, 5.0], "high": [1.0, 3.0, 5.0]})
    >>> chosen = choose_one_per_fact(df, id_column="id")
    >>> chosen[["fact_id", "id", "n_readings", "set_aside"]].to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'fact_id': 'f', 'id': 'y', 'n_readings': 2, 'set_aside': 'x'},
     {'fact_id': 'g', 'id': 'z', 'n_readings': 1, 'set_aside': ''}]
    """
    keys = list(keys)
    needed = keys + [id_column, "best", "high"] + [c for c, _ in prefer]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise ValueError(f"cannot choose readings; missing column(s): {', '.join(missing)}")
    work = df.assign(
        _rank=_confidence_rank(df, id_column),
        _has_best=df["best"].notna(),
        _has_high=df["high"].notna(),
        _id=df[id_column].astype("object").astype(str),
    )
    sort_cols = ["_rank", "_has_best", "_has_high"] + [c for c, _ in prefer] + ["_id"]
    ascending = [False, False, False] + [a for _, a in prefer] + [True]
    work = work.sort_values(keys + sort_cols, ascending=[True] * len(keys) + ascending,
                            kind="mergesort", na_position="last")
    grouped = work.groupby(keys, dropna=False, sort=False, observed=True)["_id"]
    work = work.assign(n_readings=grouped.transform("size").astype("int64"),
                       _all=grouped.transform(lambda ids: ",".join(sorted(ids))))
    chosen = work.groupby(keys, dropna=False, sort=False, observed=True).head(1)
    set_aside = [",".join(i for i in all_ids.split(",") if i != own)
                 for own, all_ids in zip(chosen["_id"], chosen["_all"], strict=True)]
    chosen = chosen.assign(set_aside=pd.Series(set_aside, index=chosen.index, dtype="str"))
    chosen = chosen.sort_values(keys + ["_id"], kind="mergesort", na_position="last")
    return chosen.drop(columns=["_rank", "_has_best", "_has_high", "_id", "_all"]) \
        .reset_index(drop=True)


def range_spread(df: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """How far apart the readings of each group are.

    Parameters
    ----------
    df
        Readings with ``low``, ``best``, ``high`` (and optionally ``unit``).
    by
        The columns naming a group (e.g. ``fact_id``).

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` columns, ``n_readings``, ``min_low``
        (missing lows count as 0), ``max_high`` (missing, with ``high_open``
        true, if any reading is open-ended), ``min_best``, ``max_best`` and
        ``best_ratio`` = ``max_best / min_best`` (missing when fewer than two
        readings have a best, or the smallest best is 0).

    Raises
    ------
    ValueError
        If a row is not a valid range or a group mixes units.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"fact_id": ["f", "f"], "low": [100.0, 150.0],
    ...                    "best": [120.0, 300.0], "high": [200.0, 400.0]})
    >>> range_spread(df, ["fact_id"]).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'fact_id': 'f', 'n_readings': 2, 'min_low': 100.0, 'max_high': 400.0,
     'high_open': False, 'min_best': 120.0, 'max_best': 300.0, 'best_ratio': 2.5}
    """
    by = list(by)
    unknown = [c for c in by if c not in df.columns]
    if unknown:
        raise ValueError(f"unknown column(s) to group by: {', '.join(unknown)}")
    check_ranges(df)
    _check_units(df, by)
    records = []
    for key, group in _groups(df, by):
        key = tuple(key)
        best = group["best"].astype("float64").dropna()
        high = group["high"].astype("float64")
        open_high = bool(high.isna().any())
        ratio = math.nan
        if len(best) >= 2 and best.min() > 0:
            ratio = float(best.max() / best.min())
        records.append({
            **dict(zip(by, key, strict=True)),
            "n_readings": len(group),
            "min_low": float(group["low"].astype("float64").fillna(0.0).min()),
            "max_high": math.nan if open_high else float(high.max()),
            "high_open": open_high,
            "min_best": float(best.min()) if len(best) else math.nan,
            "max_best": float(best.max()) if len(best) else math.nan,
            "best_ratio": ratio,
        })
    columns = by + ["n_readings", "min_low", "max_high", "high_open", "min_best", "max_best",
                    "best_ratio"]
    out = pd.DataFrame.from_records(records, columns=columns)
    out = out.astype({"n_readings": "int64", "min_low": "float64", "max_high": "float64",
                      "high_open": "bool", "min_best": "float64", "max_best": "float64",
                      "best_ratio": "float64"})
    return _restore_dtypes(out, df, by)
