"""Flows: aid and arms from donors, through channels, to recipients.

Functions here take the ``flows`` table (see :func:`analysis.data.load_dataset`)
and, for constant dollars, the ``deflators`` table. Three rules keep the
totals honest.

Spreading over years (:func:`annualise`)
    A ``per_year`` row repeats its amount in each year from ``year_start`` to
    ``year_end``. A ``total`` row is spread evenly: each of its years gets
    ``amount / number of years`` (low, best and high alike). The column
    ``spread`` marks the rows so obtained from a multi-year total; an even
    spread is an assumption, not a fact of the source.

One reading per fact and year (:func:`counted_flows`)
    Rows sharing a ``fact_id`` are different sources' readings of the same
    flow. For each fact and year one reading counts, chosen by the rule of
    :mod:`analysis.ranges` (highest confidence, then a best figure, then a
    closed range), then preferring a figure stated for the year over one
    spread from a total, a shorter period over a longer one, and the smaller
    ``flow_id``. The others are listed in ``set_aside``. Facts that overlap
    one another (a yearly figure and a multi-year total of the same money
    under different ``fact_id``) are both counted: pass only the facts you
    mean to add.

Never counting money twice (:func:`ledger`)
    A flow through an intermediary is one row (``usa`` → ``isi`` →
    ``hig``), never two. Its ledger has two legs, donor → channel and
    channel → recipient, with the same ``flow_id``; a direct flow has one leg.
    The flags ``counts_for_donor`` and ``counts_for_recipient`` mark the one
    leg of each flow that counts for what a donor gave and the one that counts
    for what a recipient received, so each flow is counted once on each side
    and the channel is neither a donor nor a recipient of it.

Ranges are added with :func:`analysis.ranges.add_ranges` (low = sum of lows,
best = sum of bests only when every best is present, an open-ended high keeps
the sum open) and amounts of different units are never added.

Examples
--------
>>> import pandas as pd
>>> flows = pd.DataFrame({"flow_id": ["f1"], "fact_id": ["f1"], "donor_id": ["usa"],
...     "channel_id": ["isi"], "recipient_id": ["hig"], "stage": ["delivered"],
...     "amount_low": [30.0], "amount_best": [30.0], "amount_high": [60.0],
...     "unit": ["usd_current"], "basis": ["total"], "year_start": [1989],
...     "year_end": [1991]})
>>> yearly_totals(flows)[["donor_id", "year", "low", "best", "high"]]
  donor_id  year   low  best  high
0      usa  1989  10.0  10.0  20.0
1      usa  1990  10.0  10.0  20.0
2      usa  1991  10.0  10.0  20.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.checks import require_columns
from analysis.figures import ACTOR_COLOURS, OKABE_ITO, actor_colour, add_source, new_figure
from analysis.prose import sum_phrase
from analysis.ranges import add_ranges, choose_one_per_fact, range_spread

__all__ = [
    "UNITS",
    "STAGES",
    "BASES",
    "ROLES",
    "DIRECT",
    "SIPRI_SOURCE",
    "to_constant_dollars",
    "to_current_dollars",
    "annualise",
    "select_flows",
    "counted_flows",
    "yearly_totals",
    "stage_totals",
    "flow_table",
    "ledger",
    "ledger_totals",
    "totals_by_role",
    "pledged_vs_delivered",
    "sipri_deliveries",
    "conflicting_flows",
    "plot_yearly_flows",
    "plot_sipri_by_supplier",
    "plot_pledged_vs_delivered",
    "plot_flow_ledger",
]

#: Units of the amounts.
UNITS: tuple[str, ...] = ("usd_current", "tonnes", "units", "sipri_tiv_million")
#: Stages of a flow, from promise to delivery.
STAGES: tuple[str, ...] = ("pledged", "appropriated", "ordered", "delivered")
#: ``total`` is the amount over the whole period, ``per_year`` each year's.
BASES: tuple[str, ...] = ("total", "per_year")
#: The roles an actor can have in a flow.
ROLES: tuple[str, ...] = ("donor", "channel", "recipient")
#: The channel label of a flow without intermediary (not a possible actor id).
DIRECT = "(direct)"
#: The bibliography key of the SIPRI Arms Transfers Database.
SIPRI_SOURCE = "sipri_arms_transfers"

_REQUIRED = ("flow_id", "fact_id", "donor_id", "channel_id", "recipient_id", "stage",
             "amount_low", "amount_best", "amount_high", "unit", "basis", "year_start",
             "year_end")
_AMOUNTS = {"amount_low": "low", "amount_best": "best", "amount_high": "high"}
_UNIT_LABELS = {"usd_current": "US$, current", "tonnes": "tonnes", "units": "units",
                "sipri_tiv_million": "SIPRI TIV, millions"}
_STAGE_COLOURS = {"pledged": OKABE_ITO["sky_blue"], "appropriated": OKABE_ITO["orange"],
                  "ordered": OKABE_ITO["yellow"], "delivered": OKABE_ITO["blue"]}
_LEGS = ("donor_to_channel", "channel_to_recipient", "direct")


# --------------------------------------------------------------------------- checks


def _require(df: pd.DataFrame, columns: Iterable[str], what: str = "flows") -> None:
    require_columns(df, columns, what)


def _one_of(value: str, allowed: Sequence[str], name: str) -> None:
    if value not in allowed:
        raise ValueError(f"unknown {name} '{value}'; expected one of: {', '.join(allowed)}")


def _text(series: pd.Series) -> pd.Series:
    """A column as plain Python strings (categoricals and NA-safe)."""
    return series.astype("object")


# --------------------------------------------------------------------------- dollars


def _deflator_index(deflators: pd.DataFrame) -> dict[int, float]:
    _require(deflators, ("year", "index_value"), "deflators")
    years = deflators["year"]
    if years.isna().any():
        raise ValueError("the deflators table has a row without a year")
    duplicated = sorted({int(y) for y in years[years.duplicated()]})
    if duplicated:
        raise ValueError(f"the deflators table repeats the year(s): {duplicated}")
    values = deflators["index_value"].astype("float64")
    if not (values > 0).all():
        raise ValueError("every deflator index value must be positive")
    return dict(zip((int(y) for y in years), values, strict=True))


def _factors(years: pd.Series | Sequence[int], deflators: pd.DataFrame, base_year: int
             ) -> np.ndarray:
    """Return index[year] / index[base_year] for each year."""
    index = _deflator_index(deflators)
    years = pd.Series(years)
    if years.isna().any():
        raise ValueError("a year is missing; every amount needs its year to be deflated")
    wanted = {int(y) for y in years} | {int(base_year)}
    unknown = sorted(wanted - set(index))
    if unknown:
        raise ValueError(f"no deflator for the year(s) {', '.join(map(str, unknown))}")
    return np.array([index[int(y)] for y in years], dtype="float64") / index[int(base_year)]


def _same_length(amounts: pd.Series, years: pd.Series | Sequence[int]) -> None:
    if len(amounts) != len(years):
        raise ValueError(f"{len(amounts)} amounts but {len(years)} years")


def to_constant_dollars(amounts: pd.Series | Sequence[float],
                        years: pd.Series | Sequence[int],
                        deflators: pd.DataFrame, base_year: int) -> pd.Series:
    """Express current dollars of each year in dollars of ``base_year``.

    ``constant = current * index[base_year] / index[year]``. Missing amounts
    stay missing.

    Parameters
    ----------
    amounts
        Amounts in current US dollars.
    years
        The year of each amount (same length).
    deflators
        The ``deflators`` table (``year``, ``index_value``).
    base_year
        The year whose dollars to express the amounts in.

    Returns
    -------
    pandas.Series
        The amounts in dollars of ``base_year`` (index of ``amounts``).

    Raises
    ------
    ValueError
        Naming every year (or base year) the deflators do not cover.

    Examples
    --------
    >>> import pandas as pd
    >>> deflators = pd.DataFrame({"year": [1989, 1990], "index_value": [100.0, 125.0]})
    >>> to_constant_dollars(pd.Series([10.0, 10.0]), [1989, 1990], deflators, 1990).tolist()
    [12.5, 10.0]
    >>> to_constant_dollars(pd.Series([10.0]), [1995], deflators, 1990)
    Traceback (most recent call last):
    ...
    ValueError: no deflator for the year(s) 1995
    """
    amounts = pd.Series(amounts, dtype="float64")
    _same_length(amounts, years)
    return amounts / _factors(years, deflators, base_year)


def to_current_dollars(amounts: pd.Series | Sequence[float],
                       years: pd.Series | Sequence[int],
                       deflators: pd.DataFrame, base_year: int) -> pd.Series:
    """The inverse of :func:`to_constant_dollars`: back to each year's dollars.

    Examples
    --------
    >>> import pandas as pd
    >>> deflators = pd.DataFrame({"year": [1989, 1990], "index_value": [100.0, 125.0]})
    >>> to_current_dollars(pd.Series([12.5, 10.0]), [1989, 1990], deflators, 1990).tolist()
    [10.0, 10.0]
    """
    amounts = pd.Series(amounts, dtype="float64")
    _same_length(amounts, years)
    return amounts * _factors(years, deflators, base_year)


# --------------------------------------------------------------------------- years


def annualise(flows: pd.DataFrame) -> pd.DataFrame:
    """One row per flow and year, ``total`` rows spread evenly over their years.

    A ``per_year`` row repeats its amounts in each year of its period; a
    ``total`` row gives each of its ``n`` years ``1/n`` of its low, best and
    high. The even spread is an assumption: ``spread`` is true for rows that
    come from a multi-year total.

    Parameters
    ----------
    flows
        The ``flows`` table (or a subset of its rows).

    Returns
    -------
    pandas.DataFrame
        Every column of ``flows``, the amounts now per year, with ``year``,
        ``n_years`` (the length of the row's period) and ``spread``; sorted
        by flow and year.

    Raises
    ------
    ValueError
        If a column is missing, a period is missing or reversed, or a basis
        is unknown.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"flow_id": ["a", "b"], "fact_id": ["a", "b"],
    ...     "donor_id": ["ussr", "usa"], "channel_id": [None, "isi"],
    ...     "recipient_id": ["gov_afg", "hig"], "stage": ["delivered"] * 2,
    ...     "amount_low": [4.0, 3.0], "amount_best": [4.0, None], "amount_high": [4.0, 3.0],
    ...     "unit": ["usd_current"] * 2, "basis": ["total", "per_year"],
    ...     "year_start": [1989, 1990], "year_end": [1990, 1990]})
    >>> annualise(flows)[["flow_id", "year", "amount_low", "spread"]]
      flow_id  year  amount_low  spread
    0       a  1989         2.0    True
    1       a  1990         2.0    True
    2       b  1990         3.0   False
    """
    _require(flows, _REQUIRED)
    start, end = flows["year_start"], flows["year_end"]
    ids = flows["flow_id"]
    if start.isna().any() or end.isna().any():
        no_period = ids[start.isna() | end.isna()]
        raise ValueError(f"flows without a period: {', '.join(map(str, no_period))}")
    if (end < start).any():
        raise ValueError(f"flows whose year_end precedes year_start: "
                         f"{', '.join(map(str, ids[end < start]))}")
    basis = _text(flows["basis"])
    unknown = sorted(set(basis) - set(BASES), key=str)
    if unknown:
        raise ValueError(f"unknown basis {unknown}; expected one of: {', '.join(BASES)}")
    n_years = (end.astype("int64") - start.astype("int64") + 1).to_numpy()
    rows = flows.reset_index(drop=True)
    out = rows.loc[rows.index.repeat(n_years)].copy()
    offset = out.groupby(level=0).cumcount().to_numpy()
    out["year"] = (out["year_start"].astype("int64").to_numpy() + offset).astype("int64")
    out["n_years"] = np.repeat(n_years, n_years).astype("int64")
    total = (_text(out["basis"]) == "total").to_numpy()
    divisor = np.where(total, out["n_years"].to_numpy(), 1)
    for column in _AMOUNTS:
        out[column] = out[column].astype("float64") / divisor
    out["spread"] = total & (out["n_years"].to_numpy() > 1)
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- selection


def select_flows(flows: pd.DataFrame, years: tuple[int, int], *,
                 set_aside: Mapping[str, str] | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows fit to be added year by year, and the others with their reason.

    Facts recorded under different ``fact_id`` can overlap: an average over
    a whole war and a figure for one of its years, a cumulative total and
    the yearly amounts inside it. :func:`counted_flows` cannot see such
    overlaps, so a sum should only be made over a selection that excludes
    them. This function makes that selection visible. A row is left out,
    for the first of these reasons that applies:

    1. the caller sets it aside by its ``flow_id`` (with the caller's reason);
    2. its period reaches outside ``years`` (averages and totals over longer
       periods overlap the yearly figures within them);
    3. it is a total over several years (spreading it evenly would put an
       assumption in each year);
    4. it records no amount at all.

    Parameters
    ----------
    flows
        The ``flows`` table (or a subset, e.g. one unit's rows).
    years
        ``(first, last)``: the window the rows' periods must lie in.
    set_aside
        ``flow_id -> reason`` for rows to leave out by name.

    Returns
    -------
    tuple of pandas.DataFrame
        The rows kept (every column, table order) and the rows left out with
        a ``reason`` column (table order).

    Raises
    ------
    ValueError
        If the years are reversed, a named id is not in the table or a
        reason is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"flow_id": ["avg", "y90", "tot"],
    ...     "amount_low": [2e8, 3e8, 6e8], "amount_best": [None, 3e8, 6e8],
    ...     "amount_high": [None, 3e8, 6e8], "basis": ["per_year", "per_year", "total"],
    ...     "year_start": [1979, 1990, 1989], "year_end": [1991, 1990, 1990]})
    >>> kept, left_out = select_flows(flows, (1986, 1992))
    >>> kept["flow_id"].tolist()
    ['y90']
    >>> left_out["reason"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['period 1979–1991 reaches outside 1986–1992',
     'a total over 1989–1990; spreading it over the years would be an assumption']
    """
    _require(flows, ("flow_id", "amount_low", "amount_best", "amount_high", "basis",
                     "year_start", "year_end"))
    first, last = (int(y) for y in years)
    if first > last:
        raise ValueError(f"years ({first}, {last}) are reversed")
    set_aside = dict(set_aside or {})
    ids = _text(flows["flow_id"])
    unknown = sorted(set(set_aside) - set(ids))
    if unknown:
        raise ValueError(f"no flow with the id(s): {', '.join(unknown)}")
    blank = sorted(i for i, reason in set_aside.items() if not str(reason).strip())
    if blank:
        raise ValueError(f"give a reason for setting aside: {', '.join(blank)}")
    reasons = []
    for flow_id, start, end, basis, *amounts in zip(
            ids, flows["year_start"], flows["year_end"], _text(flows["basis"]),
            flows["amount_low"], flows["amount_best"], flows["amount_high"], strict=True):
        period = f"{start}–{end}" if start != end else f"{start}"
        if flow_id in set_aside:
            reasons.append(str(set_aside[flow_id]))
        elif pd.isna(start) or pd.isna(end) or start < first or end > last:
            reasons.append(f"period {period} reaches outside {first}–{last}")
        elif basis == "total" and end > start:
            reasons.append(f"a total over {period}; spreading it over the years would be "
                           "an assumption")
        elif all(pd.isna(a) for a in amounts):
            reasons.append("no amount recorded")
        else:
            reasons.append("")
    reason = pd.Series(reasons, index=flows.index, dtype="object")
    kept = reason == ""
    return flows.loc[kept].copy(), flows.loc[~kept].assign(reason=reason[~kept])


# --------------------------------------------------------------------------- totals


def counted_flows(flows: pd.DataFrame, *, unit: str | None = "usd_current",
                  stage: str = "delivered", deflators: pd.DataFrame | None = None,
                  base_year: int | None = None) -> pd.DataFrame:
    """The flow-years that count: one unit, one stage, one reading per fact and year.

    Parameters
    ----------
    flows
        The ``flows`` table.
    unit
        The unit to keep (``None``: the one unit the rows have; several raise).
    stage
        The stage to keep; stages are never added together.
    deflators, base_year
        Give both to express US dollars in dollars of ``base_year``; the
        ``unit`` column then reads ``usd_<base_year>``.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`annualise` that count, with ``n_readings`` and
        ``set_aside`` from :func:`analysis.ranges.choose_one_per_fact`.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"flow_id": ["a", "b"], "fact_id": ["f", "f"],
    ...     "donor_id": ["usa"] * 2, "channel_id": [None] * 2, "recipient_id": ["hig"] * 2,
    ...     "stage": ["delivered"] * 2, "amount_low": [2.0, 3.0], "amount_best": [2.0, 3.0],
    ...     "amount_high": [2.0, 3.0], "unit": ["usd_current"] * 2,
    ...     "basis": ["per_year"] * 2, "year_start": [1990] * 2, "year_end": [1990] * 2,
    ...     "confidence": ["medium", "high"]})
    >>> counted_flows(flows)[["flow_id", "year", "amount_best", "set_aside"]]
      flow_id  year  amount_best set_aside
    0       b  1990          3.0         a
    """
    _require(flows, _REQUIRED)
    _one_of(stage, STAGES, "stage")
    if unit is not None:
        _one_of(unit, UNITS, "unit")
    rows = flows.loc[_text(flows["stage"]) == stage]
    if unit is not None:
        rows = rows.loc[_text(rows["unit"]) == unit]
    units = sorted(set(_text(rows["unit"])), key=str)
    if len(units) > 1:
        raise ValueError(f"refusing to add amounts of different units: {', '.join(units)}; "
                         "choose one with unit=")
    years = annualise(rows)
    if (deflators is None) != (base_year is None):
        raise ValueError("give both deflators and base_year to use constant dollars, or neither")
    if deflators is not None:
        if units and units != ["usd_current"]:
            raise ValueError(f"only usd_current amounts can be deflated, not {units[0]}")
        for column in _AMOUNTS:
            years[column] = to_constant_dollars(years[column], years["year"], deflators,
                                                int(base_year)).to_numpy()
        years["unit"] = f"usd_{int(base_year)}"
    ranged = years.rename(columns=_AMOUNTS)
    chosen = choose_one_per_fact(ranged, ("fact_id", "year"), id_column="flow_id",
                                 prefer=(("spread", True), ("n_years", True)))
    return chosen.rename(columns={v: k for k, v in _AMOUNTS.items()})


def _as_ranges(rows: pd.DataFrame) -> pd.DataFrame:
    """Rename the amount columns to the range columns of :mod:`analysis.ranges`."""
    out = rows.drop(columns=[c for c in ("low", "best", "high") if c in rows.columns])
    out = out.rename(columns=_AMOUNTS)
    out["unit"] = _text(out["unit"])
    if "channel_id" in out.columns:
        out["channel_id"] = _text(out["channel_id"]).where(out["channel_id"].notna(), DIRECT)
    return out


def yearly_totals(flows: pd.DataFrame, by: Sequence[str] = ("donor_id",),
                  unit: str | None = "usd_current", stage: str = "delivered",
                  deflators: pd.DataFrame | None = None, base_year: int | None = None
                  ) -> pd.DataFrame:
    """Totals per year and group, low, best and high carried separately.

    The flows that count are those of :func:`counted_flows` (one unit, one
    stage, one reading per fact and year); they are added with
    :func:`analysis.ranges.add_ranges`: low = sum of lows, high = sum of
    highs (missing and ``high_open`` if any high is open-ended), best = sum of
    bests only when every contributing flow has one (else missing, and
    ``n_best_missing`` counts the flows without). A missing ``channel_id`` is
    grouped as :data:`DIRECT`.

    Parameters
    ----------
    flows
        The ``flows`` table.
    by
        Grouping columns of the flows table (``year`` is always added).
    unit, stage, deflators, base_year
        As in :func:`counted_flows`.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``year``, ``unit``, ``low``, ``best``, ``high``,
        ``high_open``, ``n_rows`` (flow-years added), ``n_best_missing``,
        ``n_spread`` (of them spread from totals), ``n_set_aside`` (readings of
        the same facts left out) and ``flow_ids``.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"flow_id": ["a", "b"], "fact_id": ["a", "b"],
    ...     "donor_id": ["usa", "usa"], "channel_id": ["isi", None],
    ...     "recipient_id": ["hig", "jamiat"], "stage": ["delivered"] * 2,
    ...     "amount_low": [1.0, 2.0], "amount_best": [None, 2.0], "amount_high": [3.0, None],
    ...     "unit": ["usd_current"] * 2, "basis": ["per_year"] * 2,
    ...     "year_start": [1990] * 2, "year_end": [1990] * 2})
    >>> yearly_totals(flows).iloc[0][["low", "best", "high", "high_open"]].to_dict()
    {'low': 3.0, 'best': nan, 'high': nan, 'high_open': True}
    """
    by = list(by)
    if "year" in by:
        raise ValueError("'year' is always a grouping column; do not pass it in by")
    _require(flows, by)
    counted = counted_flows(flows, unit=unit, stage=stage, deflators=deflators,
                            base_year=base_year)
    ranges = _as_ranges(counted)
    keys = by + ["year"]
    totals = add_ranges(ranges, keys, ids="flow_id")
    extra = ranges.assign(_spread=ranges["spread"].astype("int64"),
                          _aside=ranges["n_readings"].astype("int64") - 1) \
        .groupby(keys, dropna=False, sort=True, observed=True)[["_spread", "_aside"]].sum() \
        .reset_index().rename(columns={"_spread": "n_spread", "_aside": "n_set_aside"})
    if totals.empty:
        extra = extra.astype({"n_spread": "int64", "n_set_aside": "int64"})
    totals = totals.merge(extra, on=keys, how="left", validate="one_to_one")
    order = keys + ["unit", "low", "best", "high", "high_open", "n_rows", "n_best_missing",
                    "n_spread", "n_set_aside", "flow_ids"]
    return totals[order]


def stage_totals(flows: pd.DataFrame, stages: Sequence[str] = ("appropriated", "delivered"),
                 by: Sequence[str] = ("donor_id",), unit: str | None = "usd_current",
                 deflators: pd.DataFrame | None = None, base_year: int | None = None
                 ) -> pd.DataFrame:
    """:func:`yearly_totals` of several stages, one below the other, never added.

    Each stage is totalled on its own; the rows say which stage they are, and
    ``series`` names the group and the stage (e.g. ``usa, appropriated``) so
    that a figure can draw each as a line of its own.

    Parameters
    ----------
    flows
        The ``flows`` table.
    stages
        The stages to total.
    by, unit, deflators, base_year
        As in :func:`yearly_totals`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`yearly_totals` with ``stage`` and ``series``
        after the ``by`` columns; sorted by stage (in the order given), group
        and year.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"flow_id": ["p", "d"], "fact_id": ["p", "d"],
    ...     "donor_id": ["usa"] * 2, "channel_id": [None] * 2, "recipient_id": ["hig"] * 2,
    ...     "stage": ["appropriated", "delivered"], "amount_low": [10.0, 6.0],
    ...     "amount_best": [10.0, 6.0], "amount_high": [10.0, 8.0],
    ...     "unit": ["usd_current"] * 2, "basis": ["per_year"] * 2,
    ...     "year_start": [1990] * 2, "year_end": [1990] * 2})
    >>> stage_totals(flows)[["series", "year", "best"]]
                  series  year  best
    0  usa, appropriated  1990  10.0
    1     usa, delivered  1990   6.0
    """
    by = list(by)
    if not stages:
        raise ValueError("name at least one stage")
    parts = []
    for stage in stages:
        totals = yearly_totals(flows, by, unit=unit, stage=stage, deflators=deflators,
                               base_year=base_year)
        labels = [", ".join([*(str(v) for v in values), stage])
                  for values in zip(*(totals[c] for c in by), strict=True)] if by \
            else [stage] * len(totals)
        parts.append(totals.assign(stage=stage, series=pd.Series(labels, index=totals.index,
                                                                 dtype="object")))
    out = pd.concat(parts, ignore_index=True)
    order = by + ["stage", "series"] + [c for c in out.columns
                                         if c not in by + ["stage", "series"]]
    return out[order].reset_index(drop=True)


def flow_table(totals: pd.DataFrame, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Totals as a table for readers: names for ids, one phrase per amount.

    Parameters
    ----------
    totals
        The output of :func:`yearly_totals`, :func:`stage_totals`,
        :func:`ledger_totals` or :func:`totals_by_role`.
    actors
        Optionally the ``actors`` table, to name the actors.

    Returns
    -------
    pandas.DataFrame
        The descriptive columns present (``donor_id``, ``channel_id``,
        ``recipient_id``, ``from_id``, ``to_id``, ``stage``, ``year``) with
        readable headers, ``Amount`` (:func:`analysis.prose.sum_phrase`) and ``Rows``
        (the flow ids added).

    Examples
    --------
    >>> import pandas as pd
    >>> totals = pd.DataFrame({"donor_id": ["ussr"], "year": [1991], "unit": ["usd_1992"],
    ...     "low": [2.06e9], "best": [None], "high": [3.09e9], "high_open": [False],
    ...     "flow_ids": ["ussr_aid_latimes_sep1991"]})
    >>> flow_table(totals).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'Donor': 'ussr', 'Year': 1991, 'Amount': '$2.06 billion–$3.09 billion',
     'Rows': 'ussr_aid_latimes_sep1991'}
    """
    _require(totals, ("unit", "low", "best", "high", "flow_ids"), "totals")
    headers = {"donor_id": "Donor", "channel_id": "Channel", "recipient_id": "Recipient",
               "from_id": "From", "to_id": "To", "stage": "Stage", "year": "Year"}
    columns = [c for c in headers if c in totals.columns]
    out = totals[columns].copy()
    names: dict[str, str] = {}
    if actors is not None:
        _require(actors, ("actor_id", "name"), "actors")
        names = dict(zip(_text(actors["actor_id"]), _text(actors["name"]), strict=True))
    for column in columns:
        if column.endswith("_id"):
            out[column] = _text(out[column]).map(lambda a: names.get(a, a))
    opened = totals["high_open"] if "high_open" in totals.columns \
        else totals["high"].isna()
    out["Amount"] = [sum_phrase(lo, be, hi, str(un), bool(op)) for lo, be, hi, un, op in zip(
        totals["low"], totals["best"], totals["high"], totals["unit"], opened, strict=True)]
    out["Rows"] = _text(totals["flow_ids"]).str.replace(",", ", ")
    return out.rename(columns=headers).reset_index(drop=True)


def ledger(flows: pd.DataFrame) -> pd.DataFrame:
    """The legs of each flow: donor → channel → recipient, or donor → recipient.

    Parameters
    ----------
    flows
        The ``flows`` table or any subset of its rows (e.g. the output of
        :func:`counted_flows`); every column is kept.

    Returns
    -------
    pandas.DataFrame
        One row per leg with ``leg`` (``donor_to_channel``,
        ``channel_to_recipient`` or ``direct``), ``from_id``, ``to_id``,
        ``counts_for_donor`` (true on the one leg that counts for what the
        donor gave) and ``counts_for_recipient`` (true on the one leg that
        counts for what the recipient received). Summing the amounts of all
        legs would count intermediated flows twice; sum those with a flag.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"flow_id": ["a"], "donor_id": ["usa"],
    ...     "channel_id": ["isi"], "recipient_id": ["hig"]})
    >>> legs = ledger(flows)
    >>> legs[["leg", "from_id", "to_id", "counts_for_donor", "counts_for_recipient"]]
                        leg from_id to_id  counts_for_donor  counts_for_recipient
    0      donor_to_channel     usa   isi              True                 False
    1  channel_to_recipient     isi   hig             False                  True
    """
    _require(flows, ("flow_id", "donor_id", "channel_id", "recipient_id"))
    rows = flows.reset_index(drop=True)
    via = rows["channel_id"].notna()
    donor, channel, recipient = (_text(rows[c]) for c in ("donor_id", "channel_id",
                                                           "recipient_id"))
    parts = [
        rows.loc[via].assign(leg="donor_to_channel", from_id=donor[via], to_id=channel[via],
                             counts_for_donor=True, counts_for_recipient=False),
        rows.loc[via].assign(leg="channel_to_recipient", from_id=channel[via],
                             to_id=recipient[via], counts_for_donor=False,
                             counts_for_recipient=True),
        rows.loc[~via].assign(leg="direct", from_id=donor[~via], to_id=recipient[~via],
                              counts_for_donor=True, counts_for_recipient=True),
    ]
    out = pd.concat(parts).rename_axis("_row").reset_index()
    out["_leg"] = out["leg"].map({leg: i for i, leg in enumerate(_LEGS)})
    out = out.sort_values(["_row", "_leg"], kind="mergesort")
    return out.drop(columns=["_row", "_leg"]).reset_index(drop=True)


def _within(rows: pd.DataFrame, years: tuple[int, int] | None) -> pd.DataFrame:
    if years is None:
        return rows
    first, last = years
    if first > last:
        raise ValueError(f"years ({first}, {last}) are reversed")
    return rows.loc[rows["year"].between(first, last)]


def ledger_totals(flows: pd.DataFrame, unit: str | None = "usd_current",
                  stage: str = "delivered", years: tuple[int, int] | None = None,
                  deflators: pd.DataFrame | None = None, base_year: int | None = None
                  ) -> pd.DataFrame:
    """The ledger's legs added up over the years: the edges of a flow diagram.

    Parameters
    ----------
    flows
        The ``flows`` table.
    unit, stage, deflators, base_year
        As in :func:`counted_flows`.
    years
        ``(first, last)`` years to add, inclusive; ``None`` for all.

    Returns
    -------
    pandas.DataFrame
        One row per leg type and pair of actors: ``leg``, ``from_id``,
        ``to_id``, ``unit``, ``low``, ``best``, ``high``, ``high_open``,
        ``n_rows``, ``n_best_missing``, ``flow_ids``.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"flow_id": ["a"], "fact_id": ["a"], "donor_id": ["usa"],
    ...     "channel_id": ["isi"], "recipient_id": ["hig"], "stage": ["delivered"],
    ...     "amount_low": [5.0], "amount_best": [5.0], "amount_high": [5.0],
    ...     "unit": ["usd_current"], "basis": ["per_year"], "year_start": [1989],
    ...     "year_end": [1990]})
    >>> ledger_totals(flows)[["leg", "from_id", "to_id", "best"]]
                        leg from_id to_id  best
    0  channel_to_recipient     isi   hig  10.0
    1      donor_to_channel     usa   isi  10.0
    """
    counted = _within(counted_flows(flows, unit=unit, stage=stage, deflators=deflators,
                                    base_year=base_year), years)
    legs = _as_ranges(ledger(counted).drop(columns=["channel_id"]))
    return add_ranges(legs, ["leg", "from_id", "to_id"], ids="flow_id")


def totals_by_role(flows: pd.DataFrame, role: str = "donor", unit: str | None = "usd_current",
                   stage: str = "delivered", years: tuple[int, int] | None = None,
                   deflators: pd.DataFrame | None = None, base_year: int | None = None
                   ) -> pd.DataFrame:
    """What each actor gave, passed on or received, each flow counted once.

    A flow ``usa`` → ``isi`` → ``hig`` counts once for ``usa`` as donor,
    once for ``hig`` as recipient and once for ``isi`` as channel; ``isi``
    is neither a donor nor a recipient of it. Direct flows appear under the
    channel :data:`DIRECT`.

    Parameters
    ----------
    flows
        The ``flows`` table.
    role
        ``donor``, ``channel`` or ``recipient``.
    unit, stage, years, deflators, base_year
        As in :func:`ledger_totals`.

    Returns
    -------
    pandas.DataFrame
        ``<role>_id``, ``unit``, ``low``, ``best``, ``high``, ``high_open``,
        ``n_rows``, ``n_best_missing``, ``flow_ids``.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"flow_id": ["a"], "fact_id": ["a"], "donor_id": ["usa"],
    ...     "channel_id": ["isi"], "recipient_id": ["hig"], "stage": ["delivered"],
    ...     "amount_low": [5.0], "amount_best": [5.0], "amount_high": [5.0],
    ...     "unit": ["usd_current"], "basis": ["total"], "year_start": [1989],
    ...     "year_end": [1989]})
    >>> totals_by_role(flows, "recipient")[["recipient_id", "best"]]
      recipient_id  best
    0          hig   5.0
    """
    _one_of(role, ROLES, "role")
    counted = _within(counted_flows(flows, unit=unit, stage=stage, deflators=deflators,
                                    base_year=base_year), years)
    return add_ranges(_as_ranges(counted), [f"{role}_id"], ids="flow_id")


def pledged_vs_delivered(flows: pd.DataFrame, by: Sequence[str] = ("donor_id", "recipient_id"),
                         unit: str | None = "usd_current",
                         stages: Sequence[str] = ("pledged", "delivered"),
                         deflators: pd.DataFrame | None = None, base_year: int | None = None
                         ) -> pd.DataFrame:
    """Each stage's yearly totals side by side, per group and year.

    Parameters
    ----------
    flows
        The ``flows`` table.
    by
        Grouping columns (``year`` is always added).
    unit, deflators, base_year
        As in :func:`counted_flows`.
    stages
        The stages to set side by side, each totalled on its own with
        :func:`yearly_totals`.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``year``, ``unit``, and for each stage
        ``<stage>_low``, ``<stage>_best``, ``<stage>_high``,
        ``<stage>_high_open`` and ``<stage>_n_rows``. A group-year without
        a record of a stage has missing amounts there and ``<stage>_n_rows``
        0: no record is not the same as zero.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"flow_id": ["p", "d"], "fact_id": ["p", "d"],
    ...     "donor_id": ["usa"] * 2, "channel_id": [None] * 2, "recipient_id": ["hig"] * 2,
    ...     "stage": ["pledged", "delivered"], "amount_low": [10.0, 6.0],
    ...     "amount_best": [10.0, 6.0], "amount_high": [10.0, 8.0],
    ...     "unit": ["usd_current"] * 2, "basis": ["per_year"] * 2,
    ...     "year_start": [1990] * 2, "year_end": [1990] * 2})
    >>> pledged_vs_delivered(flows)[["year", "pledged_best", "delivered_best"]]
       year  pledged_best  delivered_best
    0  1990          10.0             6.0
    """
    by = list(by)
    if not stages:
        raise ValueError("name at least one stage")
    for stage in stages:
        _one_of(stage, STAGES, "stage")
    keys = by + ["year"]
    merged: pd.DataFrame | None = None
    units: set[str] = set()
    for stage in stages:
        totals = yearly_totals(flows, by, unit=unit, stage=stage, deflators=deflators,
                               base_year=base_year)
        units |= set(totals["unit"])
        fields = ["low", "best", "high", "high_open", "n_rows"]
        part = totals[keys + fields].rename(columns={f: f"{stage}_{f}" for f in fields})
        merged = part if merged is None else merged.merge(part, on=keys, how="outer")
    if len(units) > 1:
        raise ValueError(f"refusing to compare stages in different units: "
                         f"{', '.join(sorted(units))}; choose one with unit=")
    merged = merged.sort_values(keys, kind="mergesort").reset_index(drop=True)
    for stage in stages:
        merged[f"{stage}_n_rows"] = merged[f"{stage}_n_rows"].fillna(0).astype("int64")
        merged[f"{stage}_high_open"] = merged[f"{stage}_high_open"].astype("boolean") \
            .fillna(False).astype("bool")
    merged.insert(len(keys), "unit", units.pop() if units else (unit or ""))
    return merged


def sipri_deliveries(flows: pd.DataFrame, source: str = SIPRI_SOURCE) -> pd.DataFrame:
    """SIPRI's trend-indicator values of deliveries, by year and supplier.

    Keeps the rows of the SIPRI Arms Transfers Database in SIPRI TIV (the
    rows counting weapons in units are left to other functions) at the stage
    ``delivered``. SIPRI gives each order's deliveries over a span of years;
    the TIV of an order is spread evenly over those years
    (:func:`annualise`), which SIPRI's own yearly figures need not match.

    Parameters
    ----------
    flows
        The ``flows`` table.
    source
        The bibliography key of SIPRI's database.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``supplier``, ``unit``, ``low``, ``best``, ``high``,
        ``high_open``, ``n_orders`` and ``flow_ids``, sorted by year and
        supplier.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"flow_id": ["s1"], "fact_id": ["s1"], "donor_id": ["ussr"],
    ...     "channel_id": [None], "recipient_id": ["gov_afg"], "stage": ["delivered"],
    ...     "amount_low": [30.0], "amount_best": [30.0], "amount_high": [30.0],
    ...     "unit": ["sipri_tiv_million"], "basis": ["total"], "year_start": [1989],
    ...     "year_end": [1991], "source": ["sipri_arms_transfers"]})
    >>> sipri_deliveries(flows)[["year", "supplier", "best"]]
       year supplier  best
    0  1989     ussr  10.0
    1  1990     ussr  10.0
    2  1991     ussr  10.0
    """
    _require(flows, ("source",))
    rows = flows.loc[(_text(flows["source"]) == source)
                     & (_text(flows["unit"]) == "sipri_tiv_million")]
    totals = yearly_totals(rows, ("donor_id",), unit="sipri_tiv_million", stage="delivered")
    totals = totals.rename(columns={"donor_id": "supplier", "n_rows": "n_orders"})
    columns = ["year", "supplier", "unit", "low", "best", "high", "high_open", "n_orders",
               "flow_ids"]
    return totals[columns].sort_values(["year", "supplier"], kind="mergesort") \
        .reset_index(drop=True)


def conflicting_flows(flows: pd.DataFrame) -> pd.DataFrame:
    """Facts whose readings disagree: more than one row and different amounts.

    Readings are compared as recorded (per unit; a fact read in two units is
    reported once per unit). The ``bases`` column says whether a fact mixes
    per-year and total readings, which are then not directly comparable.

    Returns
    -------
    pandas.DataFrame
        One row per fact and unit: ``fact_id``, ``unit``, ``n_readings``,
        ``flow_ids``, ``sources``, ``bases``, ``min_low``, ``max_high``,
        ``high_open``, ``min_best``, ``max_best`` and ``best_ratio``
        (see :func:`analysis.ranges.range_spread`).

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"flow_id": ["a", "b"], "fact_id": ["f", "f"],
    ...     "amount_low": [250.0, 280.0], "amount_best": [250.0, 280.0],
    ...     "amount_high": [250.0, 280.0], "unit": ["usd_current"] * 2,
    ...     "basis": ["per_year"] * 2, "source": ["time", "nyt"]})
    >>> conflicting_flows(flows)[["fact_id", "n_readings", "best_ratio"]]
      fact_id  n_readings  best_ratio
    0       f           2        1.12
    """
    _require(flows, ("flow_id", "fact_id", "amount_low", "amount_best", "amount_high",
                     "unit", "basis", "source"))
    rows = flows.rename(columns=_AMOUNTS).assign(
        fact_id=_text(flows["fact_id"]), unit=_text(flows["unit"]))
    keys = ["fact_id", "unit"]
    amounts = rows[["low", "best", "high"]].astype("float64").fillna(-1.0)
    rows = rows.assign(_amounts=[tuple(v) for v in amounts.to_numpy()])
    grouped = rows.groupby(keys, sort=True)
    summary = grouped.agg(
        _n=("flow_id", "size"),
        _distinct=("_amounts", "nunique"),
        flow_ids=("flow_id", lambda s: ",".join(sorted(map(str, s)))),
        sources=("source", lambda s: ",".join(sorted(set(map(str, s))))),
        bases=("basis", lambda s: ",".join(sorted(set(map(str, s))))),
    ).reset_index()
    summary = summary.loc[(summary["_n"] > 1) & (summary["_distinct"] > 1)]
    conflicts = rows.merge(summary[keys], on=keys)
    spread = range_spread(conflicts[keys + ["low", "best", "high"]], keys)
    out = spread.merge(summary.drop(columns=["_n", "_distinct"]), on=keys)
    columns = keys + ["n_readings", "flow_ids", "sources", "bases", "min_low", "max_high",
                      "high_open", "min_best", "max_best", "best_ratio"]
    return out[columns].sort_values(keys, kind="mergesort").reset_index(drop=True)


# --------------------------------------------------------------------------- figures


def _unit_label(unit: str) -> str:
    if unit in _UNIT_LABELS:
        return _UNIT_LABELS[unit]
    if unit.startswith("usd_") and unit[4:].isdigit():
        return f"US$ of {unit[4:]}"
    return unit


def _single_unit(df: pd.DataFrame) -> str:
    _require(df, ("unit",), "plotted")
    units = sorted(set(_text(df["unit"])), key=str)
    if len(units) != 1:
        raise ValueError(f"a figure shows one unit; got {units or 'none'}")
    return str(units[0])


def _short(value: float) -> str:
    """A compact amount: 2.5 bn, 300 M, 12 k."""
    for size, suffix in ((1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if abs(value) >= size:
            return f"{value / size:,.3g}{suffix}"
    return f"{value:,.3g}"


def _format_axis(ax: Axes, axis: str = "y") -> None:
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(lambda value, _pos: _short(value))


def _colours(ids: Sequence[str]) -> dict[str, str]:
    """Fixed actor colours; other ids take unused palette colours in order."""
    palette = [c for name, c in OKABE_ITO.items() if name not in {"grey"}]
    taken = {ACTOR_COLOURS[i] for i in ids if i in ACTOR_COLOURS}
    spare = [c for c in palette if c not in taken] or palette
    out, k = {}, 0
    for actor in ids:
        if actor in ACTOR_COLOURS:
            out[actor] = ACTOR_COLOURS[actor]
        else:
            out[actor] = spare[k % len(spare)]
            k += 1
    return out


def _height(df: pd.DataFrame, prefix: str = "") -> pd.Series:
    """The height to draw: the best, or the low where there is no best."""
    return df[f"{prefix}best"].astype("float64").fillna(df[f"{prefix}low"].astype("float64"))


def _break_at_gaps(years: pd.Series, x: np.ndarray, y: pd.Series
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Insert a missing point between non-consecutive years, so a line breaks there."""
    years = years.astype("int64").to_numpy()
    xs, ys = [], []
    for k, (year, xv, yv) in enumerate(zip(years, x, y.to_numpy(), strict=True)):
        if k and year - years[k - 1] > 1:
            xs.append(np.nan)
            ys.append(np.nan)
        xs.append(xv)
        ys.append(yv)
    return np.array(xs, dtype="float64"), np.array(ys, dtype="float64")


def plot_yearly_flows(totals: pd.DataFrame, source_line: str, *, group: str = "donor_id",
                      title: str = "Flows per year",
                      colours: Mapping[str, str] | None = None,
                      linestyles: Mapping[str, str] | None = None,
                      markers: Mapping[str, str] | None = None,
                      legend_title: str | None = None) -> Figure:
    """Lines of the best amount per year and group, with low–high ranges.

    The best amounts are joined by a line between consecutive years only (a
    gap where a best or a year is missing: no record is not a trend); each
    year's range is a vertical bar from low to high; an open-ended range
    ("more than low") is a triangle pointing up at its low.

    Parameters
    ----------
    totals
        The output of :func:`yearly_totals` (one unit).
    source_line
        Text for the figure's source line.
    group
        The column whose values are the lines (e.g. ``donor_id``).
    title
        The figure's title.
    colours, linestyles, markers
        Optional colour, line style and marker of some lines, by group value
        (the others: an actor's fixed colour, or an unused palette colour; a
        solid line; round markers).
    legend_title
        The legend's title (default: ``group`` without ``_id``).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> totals = pd.DataFrame({"donor_id": ["usa", "usa"], "year": [1989, 1990],
    ...     "unit": ["usd_current"] * 2, "low": [1e8, 2e8], "best": [2e8, None],
    ...     "high": [3e8, None]})
    >>> fig = plot_yearly_flows(totals, "test")
    >>> [line.get_label() for line in fig.axes[0].get_lines() if line.get_gid() == "best-usa"]
    ['usa']
    """
    _require(totals, (group, "year", "low", "best", "high"), "totals")
    unit = _single_unit(totals)
    fig, ax = new_figure(7, 4)
    groups = sorted(set(_text(totals[group])), key=str)
    unknown = sorted((set(colours or {}) | set(linestyles or {}) | set(markers or {}))
                     - set(groups))
    if unknown:
        raise ValueError(f"styles given for groups not in the data: "
                         f"{', '.join(unknown)}")
    palette = {**_colours(groups), **(colours or {})}
    for name in groups:
        rows = totals.loc[_text(totals[group]) == name].sort_values("year")
        x = rows["year"].astype("float64").to_numpy()  # each point at its own year, no dodge
        low, high = rows["low"].astype("float64"), rows["high"].astype("float64")
        colour = palette[name]
        line_x, line_y = _break_at_gaps(rows["year"], x, rows["best"].astype("float64"))
        ax.plot(line_x, line_y, marker=(markers or {}).get(name, "o"), color=colour,
                label=name, gid=f"best-{name}", linestyle=(linestyles or {}).get(name, "-"))
        closed = high.notna().to_numpy()
        if closed.any():
            ax.vlines(x[closed], low[closed], high[closed], colors=colour, linewidth=2,
                      alpha=0.6, gid=f"range-{name}")
        if (~closed).any():
            ax.plot(x[~closed], low[~closed], marker="^", linestyle="none", color=colour,
                    gid=f"open-{name}", label="_nolegend_")
    years = [int(y) for y in totals["year"]]
    ax.set_xticks(list(range(min(years), max(years) + 1)) if years else [])
    ax.set_xlabel("Year")
    ax.set_ylabel(f"Amount ({_unit_label(unit)}); bars: low–high, ▲: more than")
    _format_axis(ax)
    ax.set_title(title)
    if groups:
        ax.legend(title=group.removesuffix("_id") if legend_title is None else legend_title)
    add_source(fig, source_line)
    return fig


def plot_sipri_by_supplier(deliveries: pd.DataFrame, source_line: str, *,
                           title: str = "Arms deliveries by supplier (SIPRI TIV)",
                           names: Mapping[str, str] | None = None) -> Figure:
    """Stacked bars of SIPRI TIV per year, one colour per supplier.

    Suppliers are stacked from the largest total (bottom) to the smallest;
    a bar's height is the best value (the low where there is no best).

    Parameters
    ----------
    deliveries
        The output of :func:`sipri_deliveries`.
    source_line
        Text for the figure's source line.
    title
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"year": [1989, 1989, 1990], "supplier": ["ussr", "usa", "ussr"],
    ...     "unit": ["sipri_tiv_million"] * 3, "low": [10.0, 1.0, 8.0],
    ...     "best": [10.0, 1.0, 8.0], "high": [10.0, 1.0, 8.0]})
    >>> fig = plot_sipri_by_supplier(df, "SIPRI")
    >>> len(fig.axes[0].patches)  # 2 years x 2 suppliers
    4
    """
    _require(deliveries, ("year", "supplier", "low", "best"), "deliveries")
    unit = _single_unit(deliveries)
    fig, ax = new_figure(7, 4)
    rows = deliveries.assign(_h=_height(deliveries), _s=_text(deliveries["supplier"]))
    years = sorted(set(int(y) for y in rows["year"]))
    table = rows.pivot_table(index="year", columns="_s", values="_h", aggfunc="sum",
                             fill_value=0.0).reindex(years, fill_value=0.0)
    totals = table.sum()
    suppliers = sorted(table.columns, key=lambda s: (-totals[s], s))
    colours = _colours(suppliers)
    bottom = np.zeros(len(years))
    for supplier in suppliers:
        heights = table[supplier].to_numpy(dtype="float64")
        ax.bar(years, heights, bottom=bottom, color=colours[supplier],
               label=(names or {}).get(supplier, supplier), width=0.7, gid=f"bar-{supplier}")
        bottom = bottom + heights
    ax.set_xticks(years)
    ax.set_xlabel("Year of delivery")
    ax.set_ylabel(f"{_unit_label(unit)}\n(orders spread evenly over delivery years)")
    ax.set_title(title)
    if suppliers:
        ax.legend(title="supplier")
    add_source(fig, source_line)
    return fig


def plot_pledged_vs_delivered(table: pd.DataFrame, source_line: str, *,
                              by: Sequence[str] = ("donor_id", "recipient_id"),
                              title: str = "Pledged and delivered") -> Figure:
    """Bars per stage side by side, per group and year, with low–high whiskers.

    A bar's height is the best amount (the low where there is no best); a
    stage without a record for a group-year has no bar, and a recorded zero
    (a pledge of nothing) is marked "0"; an open-ended range has a triangle
    at the top of its bar instead of a whisker.

    Parameters
    ----------
    table
        The output of :func:`pledged_vs_delivered`.
    source_line
        Text for the figure's source line.
    by
        The grouping columns the table was made with.
    title
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"donor_id": ["usa"], "recipient_id": ["hig"], "year": [1990],
    ...     "unit": ["usd_current"], "pledged_low": [10.0], "pledged_best": [10.0],
    ...     "pledged_high": [10.0], "delivered_low": [6.0], "delivered_best": [None],
    ...     "delivered_high": [None]})
    >>> fig = plot_pledged_vs_delivered(table, "test")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['pledged', 'delivered']
    """
    by = list(by)
    _require(table, by + ["year"], "pledged-vs-delivered")
    unit = _single_unit(table)
    stages = [s for s in STAGES if f"{s}_low" in table.columns]
    if not stages:
        raise ValueError("the table has no <stage>_low column; make it with "
                         "pledged_vs_delivered()")
    rows = table.sort_values(by + ["year"], kind="mergesort").reset_index(drop=True)
    fig, ax = new_figure(max(5.0, 1.2 + 0.9 * len(rows)), 4)
    x = np.arange(len(rows), dtype="float64")
    width = 0.8 / len(stages)
    for j, stage in enumerate(stages):
        present = rows[f"{stage}_low"].notna().to_numpy()
        xs = x[present] - 0.4 + width * (j + 0.5)
        heights = _height(rows, f"{stage}_")[present]
        low = rows.loc[present, f"{stage}_low"].astype("float64")
        high = rows.loc[present, f"{stage}_high"].astype("float64")
        colour = _STAGE_COLOURS[stage]
        ax.bar(xs, heights, width=width * 0.95, color=colour, label=stage, gid=f"bar-{stage}")
        for x_zero in xs[(heights == 0).to_numpy()]:
            ax.text(x_zero, 0.0, "0", ha="center", va="bottom", fontsize=7,
                    gid=f"zero-{stage}")
        closed = high.notna().to_numpy()
        if closed.any():
            ax.errorbar(xs[closed], heights[closed],
                        yerr=[heights[closed] - low[closed], high[closed] - heights[closed]],
                        fmt="none", ecolor="#333333", capsize=3, linewidth=1,
                        gid=f"range-{stage}")
        if (~closed).any():
            ax.plot(xs[~closed], heights[~closed], marker="^", linestyle="none",
                    color="#333333", gid=f"open-{stage}")
    labels = [" → ".join(str(r[c]) for c in by) + f"\n{int(r['year'])}"
              for _, r in rows.iterrows()]
    ax.set_xticks(x, labels)
    ax.set_ylabel(f"Amount ({_unit_label(unit)})")
    _format_axis(ax)
    ax.set_title(title)
    ax.legend()
    add_source(fig, source_line)
    return fig


def _ledger_nodes(edges: pd.DataFrame) -> dict[int, list[tuple[str, float, bool]]]:
    """Nodes of each column (0 donors, 1 channels, 2 recipients).

    Each node is ``(actor, amount, partial)``: the amount it gave, passed on
    or received, and whether a low stood in for a missing best in it.
    """
    ends = {  # leg: (column of from_id, column of to_id)
        "donor_to_channel": (0, 1), "channel_to_recipient": (1, 2), "direct": (0, 2)}
    amounts: dict[int, dict[str, float]] = {0: {}, 1: {}, 2: {}}
    partial: dict[int, dict[str, bool]] = {0: {}, 1: {}, 2: {}}

    def add(col: int, actor: str, value: float, low_used: bool) -> None:
        amounts[col][actor] = amounts[col].get(actor, 0.0) + value
        partial[col][actor] = partial[col].get(actor, False) or low_used

    for leg, from_id, to_id, value, low_used in zip(
            edges["leg"], edges["from_id"], edges["to_id"], edges["_value"], edges["_partial"],
            strict=True):
        a, b = ends[leg]
        add(a, from_id, value, low_used)
        if leg == "donor_to_channel":  # a channel's amount is what it passed on
            add(b, to_id, 0.0, False)
        else:
            add(b, to_id, value, low_used)
    return {col: sorted(((actor, amount, partial[col][actor])
                         for actor, amount in nodes.items()), key=lambda n: (-n[1], n[0]))
            for col, nodes in amounts.items()}


def plot_flow_ledger(edges: pd.DataFrame, source_line: str, *,
                     title: str = "Who gave, through whom, to whom",
                     camps: Mapping[str, str] | None = None) -> Figure:
    """A three-column diagram: donors, channels, recipients, joined by lines.

    Each leg of :func:`ledger_totals` is a straight line whose width is
    proportional to its best amount (its low where there is no best, marked
    with a star on the nodes it touches); direct flows run from the donor
    column to the recipient column. Within a column
    the nodes are ordered by amount, largest at the top (ties by id), so the
    layout is fixed by the data.

    Parameters
    ----------
    edges
        The output of :func:`ledger_totals` (one unit).
    source_line
        Text for the figure's source line.
    title
        The figure's title.
    camps
        Optional ``actor_id -> camp`` to colour actors without a colour of
        their own by camp.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> edges = pd.DataFrame({"leg": ["donor_to_channel", "channel_to_recipient", "direct"],
    ...     "from_id": ["usa", "isi", "ussr"], "to_id": ["isi", "hig", "gov_afg"],
    ...     "unit": ["usd_current"] * 3, "low": [1.0, 1.0, 3.0], "best": [2.0, 2.0, 3.0],
    ...     "high": [2.0, 2.0, 3.0]})
    >>> fig = plot_flow_ledger(edges, "test")
    >>> sum(1 for line in fig.axes[0].get_lines() if str(line.get_gid()).startswith("edge"))
    3
    """
    _require(edges, ("leg", "from_id", "to_id", "low", "best"), "ledger")
    unit = _single_unit(edges)
    unknown = sorted(set(_text(edges["leg"])) - set(_LEGS), key=str)
    if unknown:
        raise ValueError(f"unknown leg(s) {unknown}; expected: {', '.join(_LEGS)}")
    edges = edges.assign(_value=_height(edges), _partial=edges["best"].isna(),
                         leg=_text(edges["leg"]),
                         from_id=_text(edges["from_id"]), to_id=_text(edges["to_id"]))
    nodes = _ledger_nodes(edges)
    position: dict[tuple[int, str], tuple[float, float]] = {}
    for col, members in nodes.items():
        for k, (actor, _, _) in enumerate(members):
            position[(col, actor)] = (float(col), 1.0 - (k + 0.5) / len(members))
    height = max(3.0, 1.5 + 0.35 * max(len(m) for m in nodes.values()))
    fig, ax = new_figure(7, height)
    largest = float(edges["_value"].max()) if len(edges) else 0.0
    ends = {"donor_to_channel": (0, 1), "channel_to_recipient": (1, 2), "direct": (0, 2)}
    camps = camps or {}
    actors = sorted({a for members in nodes.values() for a, _, _ in members})
    colours = _colours(actors)
    for actor in actors:
        if actor not in ACTOR_COLOURS and actor in camps:
            colours[actor] = actor_colour(actor, camps[actor])
    ordered = edges.sort_values(["_value", "leg", "from_id", "to_id"],
                                ascending=[False, True, True, True], kind="mergesort")
    for leg, from_id, to_id, value in zip(ordered["leg"], ordered["from_id"],
                                          ordered["to_id"], ordered["_value"], strict=True):
        a, b = ends[leg]
        (x0, y0), (x1, y1) = position[(a, from_id)], position[(b, to_id)]
        width = 0.8 + 11.0 * (value / largest if largest > 0 else 0.0)
        ax.plot([x0, x1], [y0, y1], linewidth=width, color=colours[from_id], alpha=0.55,
                solid_capstyle="butt", gid=f"edge-{leg}-{from_id}-{to_id}")
    align = {0: ("right", -0.06), 1: ("center", 0.0), 2: ("left", 0.06)}
    for col, members in nodes.items():
        for actor, amount, low_used in members:
            x, y = position[(col, actor)]
            ax.plot([x], [y], marker="o", markersize=7, color=colours[actor],
                    linestyle="none", gid=f"node-{col}-{actor}")
            ha, dx = align[col]
            dy = 0.045 if col == 1 else 0.0
            star = "*" if low_used else ""
            ax.text(x + dx, y + dy, f"{actor} ({_short(amount)}{star})", ha=ha, va="center",
                    fontsize=8, gid=f"label-{col}-{actor}",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
    for col, heading in enumerate(("Donor", "Channel", "Recipient")):
        ax.text(col, 1.04, heading, ha="center", va="bottom", fontweight="bold",
                gid=f"heading-{col}")
    if edges["_partial"].any():
        ax.text(2.9, -0.02, "* includes lows where a source gives no best", ha="right",
                va="bottom", fontsize=7, color="#555555", gid="partial-note")
    ax.set_xlim(-0.9, 2.9)
    ax.set_ylim(-0.02, 1.12)
    ax.set_axis_off()
    ax.set_title(f"{title}\n(line width ∝ best amount, {_unit_label(unit)})")
    add_source(fig, source_line)
    return fig
