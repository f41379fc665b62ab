"""Casualties: tolls with their uncertainty.

Every estimate carries a low, a best and a high figure. Functions here take the
``estimates`` table (see :func:`analysis.data.load_dataset`) and keep the three
apart through every step.

Examples
--------
>>> from analysis.data import load_dataset
>>> yearly = yearly_battle_deaths(load_dataset().estimates)
>>> list(yearly.columns)
['year', 'low', 'best', 'high', 'source']
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.figures import OKABE_ITO, add_source, new_figure

__all__ = ["yearly_battle_deaths", "plot_yearly_battle_deaths"]

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
    """Bars of the best estimate per year, with the low-high range as whiskers.

    Years of the book's period (1989-1992) are drawn in the accent colour.

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
    fig, ax = new_figure(7, 3.8)
    in_period = yearly["year"].between(1989, 1992)
    colours = [OKABE_ITO["vermillion"] if p else OKABE_ITO["grey"] for p in in_period]
    best = yearly["best"].fillna(yearly["low"])
    ax.bar(yearly["year"], best, color=colours, width=0.7, gid="best")
    ax.errorbar(yearly["year"], best,
                yerr=[best - yearly["low"], yearly["high"] - best],
                fmt="none", ecolor="#333333", capsize=3, linewidth=1, gid="range")
    ax.set_xticks(yearly["year"].tolist())
    ax.set_xlabel("Year")
    ax.set_ylabel("Battle deaths (best; whiskers: low–high)")
    ax.yaxis.set_major_formatter(lambda value, _pos: f"{value:,.0f}")
    ax.set_title("Battle deaths in Afghanistan per year")
    add_source(fig, source_line)
    return fig
