"""Casualties: tolls with their uncertainty.

Every estimate carries a low, a best and a high figure. Functions here take the
``estimates`` table (see :func:`analysis.data.load_dataset`) and keep the three
apart through every step. Ranges are added by the one rule of
:mod:`analysis.ranges`: low = sum of lows, best = sum of bests only when every
best is present, and an open-ended high ("more than N", a missing high) leaves
the sum open (its ``high`` missing, ``high_open`` true).

Several sources' figures for one fact share a ``fact_id``; they are never
averaged. :func:`tolls_by` either counts one reading per fact, chosen by the
rule of :func:`analysis.ranges.choose_one_per_fact` (highest confidence, then a
figure with a best, then a closed range, then the smallest ``estimate_id``), or
keeps each source's figures as a series of its own.

Examples
--------
>>> import pandas as pd
>>> est = pd.DataFrame({"estimate_id": ["a", "b"], "fact_id": ["f", "f"],
...     "subject_type": ["event"] * 2, "subject_id": ["khost"] * 2,
...     "quantity": ["killed"] * 2, "category": ["combatants"] * 2,
...     "actor_id": ["afg_army"] * 2, "low": [150.0, 200.0], "best": [150.0, None],
...     "high": [150.0, None], "unit": ["persons"] * 2,
...     "period_start": pd.to_datetime(["1991-03-01"] * 2),
...     "period_end": pd.to_datetime(["1991-04-01"] * 2),
...     "period_precision": ["month"] * 2, "source": ["upi", "time"],
...     "confidence": ["low", "medium"]})
>>> tolls_by(est)[["year", "side", "low", "best", "high", "estimate_ids"]]
   year      side    low  best  high estimate_ids
0  1991  afg_army  200.0   NaN   NaN            b
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from analysis.checks import require_columns
from analysis.dates import period_ends
from analysis.figures import OKABE_ITO, add_source, new_figure
from analysis.prose import sum_phrase
from analysis.ranges import add_ranges, choose_one_per_fact, range_spread

__all__ = [
    "BATTLE_DEATH_SOURCES",
    "UCDP_SOURCE",
    "TOLL_QUANTITIES",
    "PERSON_QUANTITIES",
    "ALL_SIDES",
    "CONFIDENCE_COLOURS",
    "yearly_battle_deaths",
    "plot_yearly_battle_deaths",
    "tolls",
    "estimate_years",
    "aggregate_ranges",
    "tolls_by",
    "set_aside_estimates",
    "toll_table",
    "source_comparison",
    "compare_with_ucdp",
    "plot_source_comparison",
    "plot_source_panels",
    "plot_compilation_vs_ucdp",
]

#: The datasets that give Afghanistan's yearly battle deaths.
BATTLE_DEATH_SOURCES: tuple[str, ...] = ("prio_battledeaths_3_1", "ucdp_ged_23_1")


def yearly_battle_deaths(estimates: pd.DataFrame,
                         sources: tuple[str, ...] = BATTLE_DEATH_SOURCES) -> pd.DataFrame:
    """Yearly battle deaths in Afghanistan as the conflict datasets give them.

    Parameters
    ----------
    estimates
        The ``estimates`` table.
    sources
        Bibliography keys of the datasets to keep.

    Returns
    -------
    pandas.DataFrame
        One row per year and source: ``year``, ``low``, ``best``, ``high``,
        ``source``, sorted by year.

    Examples
    --------
    >>> import pandas as pd
    >>> est = pd.DataFrame({"subject_type": ["place"], "subject_id": ["afghanistan"],
    ...     "quantity": ["killed"], "category": ["all"], "low": [1.0], "best": [2.0],
    ...     "high": [3.0], "period_start": [pd.Timestamp("1990-01-01")],
    ...     "period_end": [pd.Timestamp("1990-01-01")], "period_precision": ["year"],
    ...     "source": ["ucdp_ged_23_1"]})
    >>> yearly_battle_deaths(est).iloc[0].to_dict()
    {'year': 1990, 'low': 1.0, 'best': 2.0, 'high': 3.0, 'source': 'ucdp_ged_23_1'}
    """
    start, end = estimates["period_start"], estimates["period_end"]
    whole_year = (estimates["period_precision"] == "year") & (start.dt.year == end.dt.year)
    keep = (
        (estimates["subject_type"] == "place")
        & (estimates["subject_id"] == "afghanistan")
        & (estimates["quantity"] == "killed")
        & estimates["source"].isin(sources)
        & whole_year
    )
    rows = estimates.loc[keep]
    out = pd.DataFrame({
        "year": rows["period_start"].dt.year.astype(int),
        "low": rows["low"].astype(float),
        "best": rows["best"].astype(float),
        "high": rows["high"].astype(float),
        "source": rows["source"].astype(str),
    })
    return out.sort_values(["year", "source"]).reset_index(drop=True)


def plot_yearly_battle_deaths(yearly: pd.DataFrame, source_line: str) -> Figure:
    """Bars of the best estimate per year, with the low-high range as a line.

    Years of the book's period (1989-1992) are drawn in the accent colour. A
    year without a best estimate gets its range only, no bar. Where the
    source changes from one year to the next (PRIO's battle deaths before
    1989, UCDP's georeferenced events after), a dashed line and a label
    mark the change, since the two count differently.

    Parameters
    ----------
    yearly
        The output of :func:`yearly_battle_deaths`.
    source_line
        Text for the figure's source line.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> yearly = pd.DataFrame({"year": [1988, 1989], "low": [1.0, 2.0],
    ...     "best": [2.0, 3.0], "high": [4.0, 5.0], "source": ["a", "b"]})
    >>> fig = plot_yearly_battle_deaths(yearly, "test")
    >>> len(fig.axes[0].patches)
    2
    """
    fig, ax = new_figure(7, 4.2)
    in_period = yearly["year"].between(1989, 1992)
    colours = [OKABE_ITO["vermillion"] if p else OKABE_ITO["grey"] for p in in_period]
    has_best = yearly["best"].notna()
    # a bar only where the source gives a best estimate; a range without one is drawn as a range
    ax.bar(yearly.loc[has_best, "year"], yearly.loc[has_best, "best"],
           color=[c for c, b in zip(colours, has_best, strict=True) if b], width=0.7, gid="best")
    ax.vlines(yearly["year"], yearly["low"], yearly["high"], color="#333333", linewidth=1.2,
              gid="range")
    ax.scatter(yearly["year"], yearly["low"], marker="_", s=60, color="#333333", zorder=3)
    ax.scatter(yearly["year"], yearly["high"], marker="_", s=60, color="#333333", zorder=3)
    sources = yearly["source"].astype(str).tolist()
    for k in range(1, len(yearly)):
        if sources[k] != sources[k - 1]:
            edge = (yearly["year"].iloc[k - 1] + yearly["year"].iloc[k]) / 2
            ax.axvline(edge, color="#555555", linestyle="dashed", linewidth=1,
                       gid="source-change")
            before = _SOURCE_NAMES.get(sources[k - 1], sources[k - 1])
            after = _SOURCE_NAMES.get(sources[k], sources[k])
            ax.annotate(f"change of source and method:\n{before} before, {after} after",
                        (edge, 1.0), xycoords=("data", "axes fraction"), xytext=(4, -4),
                        textcoords="offset points", ha="left", va="top", fontsize=7,
                        color="#333333", gid="source-change-label")
    ax.set_xticks(yearly["year"].tolist())
    ax.set_xlabel("Year")
    ax.set_ylabel("Battle deaths (bar: best; line: low–high)")
    ax.yaxis.set_major_formatter(lambda value, _pos: f"{value:,.0f}")
    ax.set_title("Battle deaths in Afghanistan per year")
    add_source(fig, source_line)
    return fig


#: Short names of the battle-death datasets, for the figures.
_SOURCE_NAMES: dict[str, str] = {
    "prio_battledeaths_3_1": "PRIO Battle Deaths 3.1",
    "ucdp_ged_23_1": "UCDP GED 23.1",
}


# --------------------------------------------------------------------------- tolls

#: The UCDP dataset whose yearly country totals the compilation is set against.
UCDP_SOURCE = "ucdp_ged_23_1"

#: The quantities that make a toll.
TOLL_QUANTITIES: tuple[str, ...] = ("killed", "casualties", "wounded")

#: The quantities counted in persons.
PERSON_QUANTITIES: tuple[str, ...] = (
    "killed", "wounded", "casualties", "captured", "displaced", "refugees", "troops",
    "commanders",
)

#: The ``side`` of an estimate that counts the people of all sides (no ``actor_id``).
ALL_SIDES = "(all sides)"

_BY_OPTIONS = ("year", "event", "subject", "side", "category")
_READINGS = ("choose", "by_source")
_ESTIMATE_COLUMNS = ("estimate_id", "fact_id", "subject_type", "subject_id", "quantity",
                     "category", "actor_id", "low", "best", "high", "unit", "period_start",
                     "period_end", "period_precision", "source")


def _require(df: pd.DataFrame, columns: Sequence[str], what: str = "estimates") -> None:
    require_columns(df, columns, what)


def _text(series: pd.Series) -> pd.Series:
    return series.astype("object")


def tolls(estimates: pd.DataFrame,
          quantities: Sequence[str] = TOLL_QUANTITIES) -> pd.DataFrame:
    """The estimates that count people killed, wounded or otherwise hurt.

    Parameters
    ----------
    estimates
        The ``estimates`` table.
    quantities
        The quantities to keep, each one of :data:`PERSON_QUANTITIES`.

    Returns
    -------
    pandas.DataFrame
        The matching rows, every column kept, in table order.

    Raises
    ------
    ValueError
        If a quantity is not counted in persons, or a matching row's unit is
        not ``persons`` (its ``estimate_id`` is named).

    Examples
    --------
    >>> import pandas as pd
    >>> est = pd.DataFrame({"estimate_id": ["a", "b"], "quantity": ["killed", "tanks"],
    ...                     "unit": ["persons", "items"]})
    >>> tolls(est)["estimate_id"].tolist()
    ['a']
    """
    unknown = [q for q in quantities if q not in PERSON_QUANTITIES]
    if unknown:
        raise ValueError(f"not a quantity of persons: {', '.join(unknown)}; "
                         f"expected some of: {', '.join(PERSON_QUANTITIES)}")
    _require(estimates, ("estimate_id", "quantity", "unit"))
    rows = estimates.loc[_text(estimates["quantity"]).isin(list(quantities))]
    wrong = _text(rows["unit"]) != "persons"
    if wrong.any():
        names = ", ".join(map(str, rows.loc[wrong, "estimate_id"]))
        raise ValueError(f"toll estimates whose unit is not persons: {names}")
    return rows.copy()


def estimate_years(estimates: pd.DataFrame) -> pd.Series:
    """The calendar year of each estimate's period, missing if it spans years.

    The period runs from ``period_start`` to the last day of the period
    ``period_end`` names (:func:`analysis.dates.period_ends`).

    Examples
    --------
    >>> import pandas as pd
    >>> est = pd.DataFrame({
    ...     "period_start": pd.to_datetime(["1989-03-01", "1989-12-01"]),
    ...     "period_end": pd.to_datetime(["1989-07-01", "1990-01-01"]),
    ...     "period_precision": ["month", "month"]})
    >>> estimate_years(est).tolist()
    [1989, <NA>]
    """
    _require(estimates, ("period_start", "period_end", "period_precision"))
    start = pd.to_datetime(estimates["period_start"])
    last = period_ends(pd.to_datetime(estimates["period_end"]), estimates["period_precision"])
    unknown = estimates["period_end"].notna() & last.isna()
    if unknown.any():
        bad = sorted(set(map(str, _text(estimates.loc[unknown, "period_precision"]))))
        raise ValueError(f"unknown period precision {bad}; expected day, month or year")
    years = start.dt.year.astype("Int64")
    return years.where(start.dt.year == last.dt.year, pd.NA).rename("year")


def aggregate_ranges(df: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Add up ``low``, ``best`` and ``high`` by groups (the rule of :mod:`analysis.ranges`).

    Low = sum of lows, high = sum of highs, with an open-ended member leaving
    the sum open (``high`` missing, ``high_open`` true); best = sum of bests
    only when every member has one. Rows in different units are never added.

    Parameters
    ----------
    df
        Rows with ``low``, ``best``, ``high`` (and ``unit``, ``estimate_id``
        if present: the ids used are listed in ``estimate_ids``).
    by
        The grouping columns.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"event": ["a", "a"], "low": [10.0, 5.0],
    ...                    "best": [20.0, 5.0], "high": [None, 9.0]})
    >>> aggregate_ranges(df, ["event"]).iloc[0][["low", "best", "high_open"]].to_dict()
    {'low': 15.0, 'best': 25.0, 'high_open': True}
    """
    ids = "estimate_id" if "estimate_id" in df.columns else None
    return add_ranges(df, by, ids=ids)


def _toll_rows(estimates: pd.DataFrame, quantity: str, subject_type: str) -> pd.DataFrame:
    """Toll rows of one quantity and subject type with ``year`` and ``side``."""
    _require(estimates, _ESTIMATE_COLUMNS)
    if subject_type not in ("event", "actor", "place"):
        raise ValueError(f"unknown subject_type '{subject_type}'; expected event, actor or "
                         "place")
    rows = tolls(estimates, (quantity,))
    rows = rows.loc[_text(rows["subject_type"]) == subject_type]
    actor = _text(rows["actor_id"])
    return rows.assign(
        year=estimate_years(rows),
        event=_text(rows["subject_id"]),
        subject=_text(rows["subject_id"]),
        side=actor.where(rows["actor_id"].notna(), ALL_SIDES),
        category=_text(rows["category"]),
        quantity=_text(rows["quantity"]),
        source=_text(rows["source"]),
    )


def tolls_by(estimates: pd.DataFrame, by: Sequence[str] = ("year",), *,
             quantity: str = "killed", subject_type: str = "event",
             readings: str = "choose") -> pd.DataFrame:
    """Tolls added up by year, event, side or category, ranges kept.

    Only one quantity and one subject type are added at a time: a country's
    yearly total and the tolls of its battles count the same dead, and so do
    the killed and the casualties of one battle. The groups always include
    ``quantity``, ``category`` and ``side`` (the ``actor_id`` whose people are
    counted, or :data:`ALL_SIDES`), so a toll of "all" is never added to a
    toll of civilians, nor a toll of all sides to one side's.

    Readings of one fact are never averaged. With ``readings="choose"`` one
    reading per ``fact_id`` counts (the rule of
    :func:`analysis.ranges.choose_one_per_fact`); with
    ``readings="by_source"`` each source's figures form a series of their own
    (a ``source`` column), one reading per fact and source.

    ``year`` is the calendar year of the estimate's period; an estimate whose
    period spans two or more years has a missing year and forms a group of
    its own rather than being split or dropped. Facts that overlap (a toll of
    the first week of a siege and one of the whole siege) are both counted:
    pass only the estimates you mean to add.

    Parameters
    ----------
    estimates
        The ``estimates`` table.
    by
        Some of ``year``, ``event`` (the subject, when ``subject_type`` is
        ``event``), ``subject``, ``side``, ``category``.
    quantity
        The one quantity to add, e.g. ``killed``.
    subject_type
        ``event``, ``actor`` or ``place``.
    readings
        ``choose`` or ``by_source``.

    Returns
    -------
    pandas.DataFrame
        The group columns, ``unit``, ``low``, ``best``, ``high``,
        ``high_open``, ``n_facts``, ``n_best_missing``, ``n_set_aside``
        (readings of the same facts left out) and ``estimate_ids``.

    Examples
    --------
    >>> import pandas as pd
    >>> est = pd.DataFrame({"estimate_id": ["a", "b"], "fact_id": ["f", "f"],
    ...     "subject_type": ["event"] * 2, "subject_id": ["x"] * 2,
    ...     "quantity": ["killed"] * 2, "category": ["all"] * 2, "actor_id": [None] * 2,
    ...     "low": [10.0, 30.0], "best": [10.0, 30.0], "high": [10.0, 30.0],
    ...     "unit": ["persons"] * 2, "period_start": pd.to_datetime(["1990-01-01"] * 2),
    ...     "period_end": pd.to_datetime(["1990-01-01"] * 2),
    ...     "period_precision": ["year"] * 2, "source": ["s1", "s2"],
    ...     "confidence": ["high"] * 2})
    >>> tolls_by(est, readings="by_source")[["year", "source", "best"]]
       year source  best
    0  1990     s1  10.0
    1  1990     s2  30.0
    """
    unknown = [b for b in by if b not in _BY_OPTIONS]
    if unknown:
        raise ValueError(f"cannot group tolls by {', '.join(unknown)}; "
                         f"choose from: {', '.join(_BY_OPTIONS)}")
    if "event" in by and subject_type != "event":
        raise ValueError("grouping by 'event' needs subject_type='event'; use 'subject'")
    if readings not in _READINGS:
        raise ValueError(f"unknown readings '{readings}'; expected one of: "
                         f"{', '.join(_READINGS)}")
    rows = _toll_rows(estimates, quantity, subject_type)
    per_source = readings == "by_source"
    keys = ["fact_id", "source"] if per_source else ["fact_id"]
    chosen = choose_one_per_fact(rows, keys, id_column="estimate_id")
    groups = list(dict.fromkeys([*by, "quantity", "category", "side"]
                                + (["source"] if per_source else [])))
    totals = aggregate_ranges(chosen, groups)
    aside = chosen.assign(n_set_aside=chosen["n_readings"] - 1) \
        .groupby(groups, dropna=False, sort=True, observed=True)["n_set_aside"].sum() \
        .reset_index()
    totals = totals.merge(aside, on=groups, how="left", validate="one_to_one")
    totals["n_set_aside"] = totals["n_set_aside"].astype("int64")
    totals = totals.rename(columns={"n_rows": "n_facts"})
    order = groups + ["unit", "low", "best", "high", "high_open", "n_facts",
                      "n_best_missing", "n_set_aside", "estimate_ids"]
    return totals[order]


def set_aside_estimates(estimates: pd.DataFrame, reasons: Mapping[str, str]
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split off the estimates that must not be added, each with its reason.

    Adding tolls counts each row once; rows that count the same dead twice
    under different facts (a battle's first week and the whole battle, one
    side's dead and all the dead of the same clash) must be left out by name.
    This function does that visibly: nothing is dropped without a reason.

    Parameters
    ----------
    estimates
        The ``estimates`` table (or a subset of its rows).
    reasons
        ``estimate_id -> reason`` for every row to leave out.

    Returns
    -------
    tuple of pandas.DataFrame
        The rows kept (every column, table order) and the rows set aside with
        a ``reason`` column (in table order).

    Raises
    ------
    ValueError
        If an id is not in the table or a reason is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> est = pd.DataFrame({"estimate_id": ["a", "b", "c"], "low": [1.0, 2.0, 3.0]})
    >>> kept, aside = set_aside_estimates(est, {"b": "part of a"})
    >>> kept["estimate_id"].tolist(), aside[["estimate_id", "reason"]].values.tolist()
    (['a', 'c'], [['b', 'part of a']])
    """
    _require(estimates, ("estimate_id",))
    ids = _text(estimates["estimate_id"])
    unknown = sorted(set(reasons) - set(ids))
    if unknown:
        raise ValueError(f"no estimate with the id(s): {', '.join(unknown)}")
    blank = sorted(i for i, reason in reasons.items() if not str(reason).strip())
    if blank:
        raise ValueError(f"give a reason for setting aside: {', '.join(blank)}")
    out = ids.isin(list(reasons))
    aside = estimates.loc[out].assign(reason=ids[out].map(dict(reasons)))
    return estimates.loc[~out].copy(), aside


def toll_table(totals: pd.DataFrame, events: pd.DataFrame | None = None,
               actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Added tolls as a table for readers: names for ids, one phrase per range.

    Parameters
    ----------
    totals
        The output of :func:`tolls_by`.
    events, actors
        Optionally the ``events`` and ``actors`` tables, to name the events
        and the sides (ids without a name are kept as they are).

    Returns
    -------
    pandas.DataFrame
        The group columns of ``totals`` that are present (``year``,
        ``event``, ``subject``, ``side``, ``category``, ``source``) with
        capitalised headers, ``Toll`` (:func:`analysis.prose.sum_phrase`), ``Facts`` and
        ``Rows`` (the estimate ids added).

    Examples
    --------
    >>> import pandas as pd
    >>> totals = pd.DataFrame({"year": [1991], "event": ["khost"], "side": ["afg_army"],
    ...     "category": ["combatants"], "unit": ["persons"], "low": [200.0],
    ...     "best": [None], "high": [None], "high_open": [True], "n_facts": [1],
    ...     "estimate_ids": ["est_0150"]})
    >>> toll_table(totals).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'Year': 1991, 'Event': 'khost', 'Side': 'afg_army', 'Category': 'combatants',
     'Toll': 'more than 200', 'Facts': 1, 'Rows': 'est_0150'}
    """
    _require(totals, ("low", "best", "high", "n_facts", "estimate_ids"), "totals")
    columns = [c for c in ("year", "event", "subject", "side", "category", "source")
               if c in totals.columns]
    out = totals[columns].copy()
    for column in columns:
        if column != "year":
            out[column] = _text(out[column])
    if events is not None and "event" in out.columns:
        _require(events, ("event_id", "name"), "events")
        names = dict(zip(_text(events["event_id"]), _text(events["name"]), strict=True))
        out["event"] = out["event"].map(lambda e: names.get(e, e))
    if actors is not None and "side" in out.columns:
        _require(actors, ("actor_id", "name"), "actors")
        names = dict(zip(_text(actors["actor_id"]), _text(actors["name"]), strict=True))
        out["side"] = out["side"].map(lambda a: names.get(a, a))
    opened = totals["high_open"] if "high_open" in totals.columns \
        else totals["high"].isna()
    units = totals["unit"] if "unit" in totals.columns \
        else pd.Series("persons", index=totals.index)
    out["Toll"] = [sum_phrase(lo, be, hi, str(un), bool(op)) for lo, be, hi, op, un in zip(
        totals["low"], totals["best"], totals["high"], opened, units, strict=True)]
    out["Facts"] = totals["n_facts"].astype("int64")
    out["Rows"] = _text(totals["estimate_ids"]).str.replace(",", ", ")
    return out.rename(columns={c: c.capitalize() for c in columns}).reset_index(drop=True)


def source_comparison(estimates: pd.DataFrame,
                      events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every reading of each fact that has two or more, with their spread.

    Parameters
    ----------
    estimates
        The ``estimates`` table (or a subset, e.g. :func:`tolls`).
    events
        Optionally the ``events`` table, to name event subjects.

    Returns
    -------
    pandas.DataFrame
        One row per reading of a fact with 2+ readings: ``fact_id``,
        ``subject_type``, ``subject_id``, ``subject_name``, ``quantity``,
        ``category``, ``unit``, ``estimate_id``, ``source``, ``confidence``,
        ``low``, ``best``, ``high``; then the fact's spread, the same on each
        of its rows: ``n_readings``, ``fact_min_low``, ``fact_max_high``
        (missing if a reading is open-ended, then ``fact_high_open`` is true),
        ``fact_best_ratio`` (largest best / smallest best; see
        :func:`analysis.ranges.range_spread`). Sorted by fact, source, id.

    Raises
    ------
    ValueError
        If one fact's readings are in different units, or an event subject is
        not in ``events``.

    Examples
    --------
    >>> import pandas as pd
    >>> est = pd.DataFrame({"estimate_id": ["a", "b", "c"], "fact_id": ["f", "f", "g"],
    ...     "subject_type": ["place"] * 3, "subject_id": ["kabul"] * 3,
    ...     "quantity": ["killed"] * 3, "category": ["all"] * 3, "unit": ["persons"] * 3,
    ...     "low": [900.0, 0.0, 5.0], "best": [None, None, 5.0], "high": [1000.0, 2000.0, 5.0],
    ...     "source": ["whitaker", "rawa", "x"], "confidence": ["medium"] * 3})
    >>> source_comparison(est)[["estimate_id", "fact_min_low", "fact_max_high"]]
      estimate_id  fact_min_low  fact_max_high
    0           b           0.0         2000.0
    1           a           0.0         2000.0
    """
    _require(estimates, ("estimate_id", "fact_id", "subject_type", "subject_id", "quantity",
                         "category", "unit", "low", "best", "high", "source"))
    facts = _text(estimates["fact_id"])
    counts = facts.map(facts.value_counts())
    rows = estimates.loc[counts >= 2].assign(fact_id=facts[counts >= 2])
    rows = rows.assign(**{c: _text(rows[c]) for c in ("subject_type", "subject_id", "quantity",
                                                      "category", "unit", "source")})
    if "confidence" not in rows.columns:
        rows = rows.assign(confidence=pd.Series(pd.NA, index=rows.index, dtype="object"))
    rows = rows.assign(confidence=_text(rows["confidence"]),
                       subject_name=_subject_names(rows, events))
    spread = range_spread(rows[["fact_id", "unit", "low", "best", "high"]], ["fact_id"])
    spread = spread.rename(columns={"min_low": "fact_min_low", "max_high": "fact_max_high",
                                    "high_open": "fact_high_open",
                                    "best_ratio": "fact_best_ratio"})
    columns = ["fact_id", "subject_type", "subject_id", "subject_name", "quantity",
               "category", "unit", "estimate_id", "source", "confidence", "low", "best", "high"]
    out = rows[columns].merge(
        spread[["fact_id", "n_readings", "fact_min_low", "fact_max_high", "fact_high_open",
                "fact_best_ratio"]], on="fact_id", how="left", validate="many_to_one")
    return out.sort_values(["fact_id", "source", "estimate_id"], kind="mergesort") \
        .reset_index(drop=True)


def _subject_names(rows: pd.DataFrame, events: pd.DataFrame | None) -> pd.Series:
    names = _text(rows["subject_id"])
    if events is None:
        return names
    _require(events, ("event_id", "name"), "events")
    lookup = dict(zip(_text(events["event_id"]), _text(events["name"]), strict=True))
    is_event = _text(rows["subject_type"]) == "event"
    unknown = sorted(set(names[is_event]) - set(lookup))
    if unknown:
        raise ValueError(f"estimates name events not in the events table: {', '.join(unknown)}")
    return names.where(~is_event, names.map(lookup))


def compare_with_ucdp(estimates: pd.DataFrame,
                      years: Sequence[int] = (1989, 1990, 1991, 1992), *,
                      ucdp_source: str = UCDP_SOURCE) -> pd.DataFrame:
    """The book's compiled yearly deaths next to UCDP's country-year figures.

    The compilation adds, for each year, the ``killed`` tolls of that year's
    events (estimates whose subject is an event and whose period lies within
    the year), one reading per fact by the rule of
    :func:`analysis.ranges.choose_one_per_fact`, over all categories and
    sides, with the range rule of :mod:`analysis.ranges`. Event facts that
    overlap are each counted (pass only the estimates you mean to add), and
    events that no source counted add nothing, so the compilation is a
    partial count, not an estimate of all deaths. Estimates spanning several
    years are left out of every year. UCDP's figures are the rows of
    ``ucdp_source`` for the place ``afghanistan`` (see
    :func:`yearly_battle_deaths`).

    Returns
    -------
    pandas.DataFrame
        One row per year: ``year``, ``compiled_low``, ``compiled_best``,
        ``compiled_high``, ``compiled_high_open``, ``n_facts``,
        ``n_best_missing``, ``estimate_ids``, ``ucdp_low``, ``ucdp_best``,
        ``ucdp_high``. A year without any compiled toll has missing compiled
        figures and ``n_facts`` 0 (no count is not zero deaths).

    Raises
    ------
    ValueError
        If UCDP gives two rows for one year.

    Examples
    --------
    >>> import pandas as pd
    >>> est = pd.DataFrame({"estimate_id": ["e", "u"], "fact_id": ["e", "u"],
    ...     "subject_type": ["event", "place"], "subject_id": ["khost", "afghanistan"],
    ...     "quantity": ["killed"] * 2, "category": ["combatants", "all"],
    ...     "actor_id": ["afg_army", None], "low": [150.0, 3156.0],
    ...     "best": [150.0, 3302.0], "high": [150.0, 3802.0], "unit": ["persons"] * 2,
    ...     "period_start": pd.to_datetime(["1991-03-01", "1991-01-01"]),
    ...     "period_end": pd.to_datetime(["1991-04-01", "1991-01-01"]),
    ...     "period_precision": ["month", "year"],
    ...     "source": ["upi", "ucdp_ged_23_1"], "confidence": ["low", "high"]})
    >>> compare_with_ucdp(est, [1991])[["year", "compiled_best", "ucdp_best"]]
       year  compiled_best  ucdp_best
    0  1991          150.0     3302.0
    """
    years = [int(y) for y in years]
    rows = _toll_rows(estimates, "killed", "event")
    rows = rows.loc[rows["year"].isin(years)]
    chosen = choose_one_per_fact(rows, ["fact_id"], id_column="estimate_id")
    compiled = aggregate_ranges(chosen, ["year"]).rename(columns={
        "low": "compiled_low", "best": "compiled_best", "high": "compiled_high",
        "high_open": "compiled_high_open", "n_rows": "n_facts"})
    ucdp = yearly_battle_deaths(estimates, sources=(ucdp_source,))
    repeated = sorted(set(ucdp.loc[ucdp["year"].duplicated(), "year"]))
    if repeated:
        raise ValueError(f"{ucdp_source} gives more than one figure for {repeated}")
    ucdp = ucdp.drop(columns="source").rename(
        columns={"low": "ucdp_low", "best": "ucdp_best", "high": "ucdp_high"})
    out = pd.DataFrame({"year": years}).astype("int64")
    compiled = compiled.assign(year=compiled["year"].astype("int64"))
    out = out.merge(compiled, on="year", how="left").merge(ucdp, on="year", how="left")
    out["n_facts"] = out["n_facts"].fillna(0).astype("int64")
    out["n_best_missing"] = out["n_best_missing"].fillna(0).astype("int64")
    out["compiled_high_open"] = out["compiled_high_open"].astype("boolean").fillna(False) \
        .astype("bool")
    out["estimate_ids"] = out["estimate_ids"].fillna("")
    columns = ["year", "compiled_low", "compiled_best", "compiled_high", "compiled_high_open",
               "n_facts", "n_best_missing", "estimate_ids", "ucdp_low", "ucdp_best",
               "ucdp_high"]
    return out[columns]


# --------------------------------------------------------------------------- figures


#: The colour of a reading in the forest plot, by its confidence.
CONFIDENCE_COLOURS: dict[str, str] = {
    "high": OKABE_ITO["blue"],
    "medium": OKABE_ITO["orange"],
    "low": OKABE_ITO["reddish_purple"],
}


def plot_source_comparison(comparison: pd.DataFrame, source_line: str, *,
                           label: str = "fact_id", xscale: str = "linear",
                           title: str = "What the sources say") -> Figure:
    """A forest plot: one line per reading from low to high, a dot at the best.

    Readings are grouped by fact (a labelled block per fact, in the order of
    the table), each labelled with its source and coloured by its confidence
    (:data:`CONFIDENCE_COLOURS`; grey without a ``confidence`` column). An
    open-ended reading ("more than low") runs to the right edge and ends in
    an arrowhead.

    Parameters
    ----------
    comparison
        The output of :func:`source_comparison`.
    source_line
        Text for the figure's source line.
    label
        The column naming each fact block (e.g. ``fact_id`` or
        ``subject_name``).
    xscale
        ``linear`` or ``symlog`` (for figures of very different sizes).
    title
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"fact_id": ["f", "f"], "source": ["a", "b"],
    ...     "confidence": ["high", "low"], "unit": ["persons"] * 2,
    ...     "low": [10.0, 20.0], "best": [15.0, None], "high": [30.0, None]})
    >>> fig = plot_source_comparison(df, "test")
    >>> ax = fig.axes[0]
    >>> sum(1 for line in ax.get_lines() if line.get_gid() == "range")
    2
    """
    _require(comparison, ("fact_id", "source", "low", "best", "high", label), "comparison")
    if xscale not in ("linear", "symlog"):
        raise ValueError(f"unknown xscale '{xscale}'; expected linear or symlog")
    rows = comparison.reset_index(drop=True)
    facts = list(dict.fromkeys(_text(rows["fact_id"])))
    confidence = _text(rows["confidence"]) if "confidence" in rows.columns \
        else pd.Series(pd.NA, index=rows.index, dtype="object")
    unknown = sorted(set(confidence.dropna()) - set(CONFIDENCE_COLOURS))
    if unknown:
        raise ValueError(f"unknown confidence {unknown}; expected high, medium or low")
    low = rows["low"].astype("float64").fillna(0.0)
    high = rows["high"].astype("float64")
    finite = pd.concat([low, high.dropna(), rows["best"].astype("float64").dropna()])
    right = float(finite.max()) * 1.08 if len(finite) and finite.max() > 0 else 1.0
    n_lines = len(rows) + len(facts)
    fig, ax = new_figure(7, max(2.5, 1.2 + 0.28 * n_lines))
    y, ticks, labels, seen = 0.0, [], [], set()
    for fact in facts:
        block = rows.loc[_text(rows["fact_id"]) == fact]
        ax.text(0.0, y, str(block[label].iloc[0]), transform=ax.get_yaxis_transform(),
                ha="left", va="center", fontweight="bold", fontsize=8, gid="fact-label")
        y -= 1
        for i in block.index:
            source = str(rows.at[i, "source"])
            level = confidence[i]
            colour = CONFIDENCE_COLOURS.get(level, OKABE_ITO["grey"]) \
                if pd.notna(level) else OKABE_ITO["grey"]
            is_open = bool(pd.isna(high[i]))
            end = right if is_open else float(high[i])
            legend = str(level) if pd.notna(level) and level not in seen else "_nolegend_"
            seen.add(level)
            ax.plot([low[i], end], [y, y], color=colour, linewidth=2, gid="range",
                    label=legend)
            if is_open:
                ax.plot([end], [y], marker=">", color=colour, gid="open")
            if pd.notna(rows.at[i, "best"]):
                ax.plot([float(rows.at[i, "best"])], [y], marker="o", color=colour,
                        markeredgecolor="black", gid="best")
            ticks.append(y)
            labels.append(source)
            y -= 1
    ax.set_yticks(ticks, labels)
    ax.set_ylim(y + 0.5, 0.5)
    ax.set_xscale(xscale, **({"linthresh": 10.0} if xscale == "symlog" else {}))
    ax.set_xlim(left=0.0, right=right * (1.02 if xscale == "linear" else 1.5))
    if xscale == "linear":
        ax.xaxis.set_major_formatter(lambda value, _pos: f"{value:,.0f}")
    unit = ", ".join(sorted(set(_text(rows["unit"])))) if "unit" in rows.columns else ""
    ax.set_xlabel(f"Figure ({unit}); line: low–high, dot: best, ▶: open-ended"
                  if unit else "Figure; line: low–high, dot: best, ▶: open-ended")
    ax.grid(axis="y", visible=False)
    ax.set_title(title)
    levels = [level for level in CONFIDENCE_COLOURS if level in seen]
    if levels:
        handles = {h.get_label(): h for h in ax.get_lines() if h.get_gid() == "range"}
        ax.legend([handles[level] for level in levels], levels, title="confidence",
                  loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    add_source(fig, source_line)
    return fig


def _reading_lines(ax: Axes, block: pd.DataFrame, confidence: pd.Series) -> float:
    """Draw one fact's readings on ``ax`` (top to bottom); return the right edge."""
    low = block["low"].astype("float64").fillna(0.0)
    high = block["high"].astype("float64")
    best = block["best"].astype("float64")
    finite = pd.concat([low, high.dropna(), best.dropna()])
    right = float(finite.max()) * 1.12 if len(finite) and finite.max() > 0 else 1.0
    for y, i in enumerate(block.index):
        level = confidence[i]
        colour = CONFIDENCE_COLOURS.get(level, OKABE_ITO["grey"]) \
            if pd.notna(level) else OKABE_ITO["grey"]
        is_open = bool(pd.isna(high[i]))
        end = right if is_open else float(high[i])
        ax.plot([low[i], end], [-y, -y], color=colour, linewidth=2.5, gid="range",
                solid_capstyle="butt")
        if is_open:
            ax.plot([end], [-y], marker=">", color=colour, gid="open")
        if pd.notna(best[i]):
            ax.plot([best[i]], [-y], marker="o", color=colour, markeredgecolor="black",
                    gid="best")
        elif not is_open and float(high[i]) == float(low[i]):
            ax.plot([low[i]], [-y], marker="|", color=colour, markersize=8, gid="point")
    return right


def plot_source_panels(comparison: pd.DataFrame, source_line: str, *,
                       label: str = "fact_id", ncols: int = 2,
                       title: str = "What the sources say") -> Figure:
    """One small forest plot per fact, each on its own linear scale.

    Facts of very different sizes (thousands of soldiers, a million
    civilians) cannot share one linear axis, and on a logarithmic one the
    differences between readings vanish. Each fact gets a panel whose
    horizontal axis starts at 0 and ends just beyond its largest figure: one
    line per reading from low to high, a dot at the best, an arrowhead where
    the source gives only a lower bound (the line then runs to the panel's
    edge). Colours give the reading's confidence (:data:`CONFIDENCE_COLOURS`).

    Parameters
    ----------
    comparison
        The output of :func:`source_comparison` (facts in the order wanted).
    source_line
        Text for the figure's source line.
    label
        The column giving each panel's title.
    ncols
        Panels per row.
    title
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"fact_id": ["f", "f", "g", "g"], "source": ["a", "b", "a", "c"],
    ...     "confidence": ["high", "low", "medium", "medium"], "unit": ["persons"] * 4,
    ...     "low": [10.0, 20.0, 1e6, 5e5], "best": [15.0, None, 1e6, None],
    ...     "high": [30.0, None, 1e6, 2e6]})
    >>> fig = plot_source_panels(df, "test")
    >>> [ax.get_title(loc="left") for ax in fig.axes]
    ['f', 'g']
    """
    _require(comparison, ("fact_id", "source", "low", "best", "high", label), "comparison")
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, not {ncols}")
    rows = comparison.reset_index(drop=True)
    facts = list(dict.fromkeys(_text(rows["fact_id"])))
    if not facts:
        raise ValueError("nothing to plot: the comparison has no rows")
    confidence = _text(rows["confidence"]) if "confidence" in rows.columns \
        else pd.Series(pd.NA, index=rows.index, dtype="object")
    unknown = sorted(set(confidence.dropna()) - set(CONFIDENCE_COLOURS))
    if unknown:
        raise ValueError(f"unknown confidence {unknown}; expected high, medium or low")
    ncols = min(ncols, len(facts))
    nrows = math.ceil(len(facts) / ncols)
    sizes = [int((_text(rows["fact_id"]) == f).sum()) for f in facts]
    heights = [max(sizes[r * ncols:(r + 1) * ncols]) + 1.6 for r in range(nrows)]
    fig, first = new_figure(8.0, 0.9 + 0.25 * sum(heights))
    first.remove()
    grid = fig.add_gridspec(nrows, ncols, height_ratios=heights)
    unit = ", ".join(sorted(set(_text(rows["unit"])))) if "unit" in rows.columns else ""
    for k, fact in enumerate(facts):
        ax = fig.add_subplot(grid[k // ncols, k % ncols])
        block = rows.loc[_text(rows["fact_id"]) == fact]
        right = _reading_lines(ax, block, confidence)
        ax.set_yticks([-y for y in range(len(block))], [str(s) for s in block["source"]],
                      fontsize=7)
        ax.set_ylim(-len(block) + 0.4, 0.6)
        ax.set_xlim(0.0, right * 1.03)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, min_n_ticks=2))
        ax.xaxis.set_major_formatter(lambda value, _pos: f"{value:,.0f}")
        ax.tick_params(axis="x", labelsize=7)
        ax.grid(axis="y", visible=False)
        ax.set_title(textwrap.fill(str(block[label].iloc[0]), 27), fontsize=8.5,
                     fontweight="bold", loc="left")
    present = [level for level in CONFIDENCE_COLOURS if level in set(confidence.dropna())]
    handles = [Line2D([], [], color=CONFIDENCE_COLOURS[level], linewidth=2.5)
               for level in present]
    if handles:
        fig.legend(handles, present, title="confidence", loc="outside upper right",
                   ncols=len(present), fontsize=7, title_fontsize=7)
    note = f"Figures in {unit}; " if unit else ""
    fig.supxlabel(f"{note}line: low–high, dot: best, ▶: lower bound only (open-ended)",
                  fontsize=8)
    fig.suptitle(title)
    add_source(fig, source_line)
    return fig


def plot_compilation_vs_ucdp(comparison: pd.DataFrame, source_line: str, *,
                             title: str = "Compiled event tolls and UCDP's yearly deaths"
                             ) -> Figure:
    """Per year, the compiled toll and UCDP's figure side by side, with ranges.

    Each series is a dot at its best (none where there is no best) and a
    vertical line from low to high; an open-ended compiled range is a
    triangle at its low.

    Parameters
    ----------
    comparison
        The output of :func:`compare_with_ucdp`.
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
    >>> df = pd.DataFrame({"year": [1989, 1990], "compiled_low": [100.0, 50.0],
    ...     "compiled_best": [120.0, None], "compiled_high": [150.0, None],
    ...     "ucdp_low": [1904.0, 1323.0], "ucdp_best": [5174.0, 1478.0],
    ...     "ucdp_high": [17051.0, 2275.0]})
    >>> fig = plot_compilation_vs_ucdp(df, "UCDP")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['compiled from event tolls', 'UCDP GED (country-year)']
    """
    _require(comparison, ("year", "compiled_low", "compiled_best", "compiled_high",
                          "ucdp_low", "ucdp_best", "ucdp_high"), "comparison")
    rows = comparison.sort_values("year").reset_index(drop=True)
    years = rows["year"].astype("int64").to_numpy()
    fig, ax = new_figure(7, 4)
    series = (("compiled", "compiled from event tolls", OKABE_ITO["orange"], -0.12),
              ("ucdp", "UCDP GED (country-year)", OKABE_ITO["blue"], 0.12))
    for prefix, name, colour, offset in series:
        x = years + offset
        low = rows[f"{prefix}_low"].astype("float64")
        best = rows[f"{prefix}_best"].astype("float64")
        high = rows[f"{prefix}_high"].astype("float64")
        closed = (low.notna() & high.notna()).to_numpy()
        ax.vlines(x[closed], low[closed], high[closed], colors=colour, linewidth=3,
                  alpha=0.6, gid=f"range-{prefix}")
        is_open = (low.notna() & high.isna()).to_numpy()
        if is_open.any():
            ax.plot(x[is_open], low[is_open], marker="^", linestyle="none", color=colour,
                    gid=f"open-{prefix}")
        ax.plot(x, best, marker="o", linestyle="none", color=colour, label=name,
                gid=f"best-{prefix}")
    ax.set_xticks(years.tolist())
    ax.set_xlabel("Year")
    ax.set_ylabel("Deaths (dot: best; line: low–high)")
    ax.yaxis.set_major_formatter(lambda value, _pos: f"{value:,.0f}")
    ax.set_title(title)
    ax.legend()
    add_source(fig, source_line)
    return fig
