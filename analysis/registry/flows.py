"""Figures of the chapter on aid and arms flows.

The choices the chapter and its figures share live here, once:

* :data:`BASE_YEAR`: the year whose dollars every amount is expressed in;
* :func:`money_selection`: the money rows that may be added year by year
  (:func:`analysis.flows.select_flows` over :data:`MONEY_YEARS`, with
  :data:`MONEY_SET_ASIDE`), and the rows left out with the reason;
* :func:`sipri_selection`: the SIPRI deliveries to Afghan recipients in the
  years the book's extract of the register covers.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.data import Dataset
from analysis.figures import actor_colour
from analysis.flows import (
    SIPRI_SOURCE,
    plot_sipri_by_supplier,
    plot_yearly_flows,
    select_flows,
    sipri_deliveries,
    stage_totals,
)
from analysis.registry import FigureSpec

__all__ = [
    "SPECS",
    "BASE_YEAR",
    "MONEY_YEARS",
    "MONEY_SET_ASIDE",
    "YEARLY_STAGES",
    "STAGE_LINESTYLES",
    "STAGE_MARKERS",
    "SIPRI_YEARS",
    "SIPRI_SET_ASIDE",
    "money_selection",
    "money_by_stage",
    "sipri_selection",
]

#: Amounts are expressed in US dollars of this year (CPI-U, ``deflators.csv``).
BASE_YEAR = 1992

#: The window the periods of added money rows must lie in.
MONEY_YEARS: tuple[int, int] = (1986, 1992)

#: Money rows inside the window that must still not be added, with the reason.
MONEY_SET_ASIDE: dict[str, str] = {
    "us_massoud_stipend_before": "a monthly stipend times twelve, paid only until the CIA "
                                 "cut it in early 1990: a yearly rate, not the money paid "
                                 "in 1990",
    "us_massoud_stipend_after": "the reduced monthly stipend times twelve, paid only after "
                                "the cut of early 1990: a yearly rate, not the money paid "
                                "in 1990",
}

#: The stages drawn as yearly series: promises and payments on one chart, never added.
YEARLY_STAGES: tuple[str, ...] = ("pledged", "appropriated", "delivered")

#: The line style of each stage in the yearly figure (colour: the donor's).
STAGE_LINESTYLES: dict[str, str] = {"pledged": ":", "appropriated": "--", "ordered": "-.",
                                    "delivered": "-"}

#: The marker of each stage in the yearly figure.
STAGE_MARKERS: dict[str, str] = {"pledged": "D", "appropriated": "s", "ordered": "v",
                                 "delivered": "o"}

#: The years of deliveries that the book's extract of the SIPRI register covers.
SIPRI_YEARS: tuple[int, int] = (1988, 1992)

#: SIPRI rows that are not transfers to Afghan recipients.
SIPRI_SET_ASIDE: dict[str, str] = {
    "sipri_29_tiv": "the US buy-back of Stingers from the mujahideen in 1992: a transfer "
                    "out of Afghanistan, not to it",
}


def money_selection(ds: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The money rows (current US$) fit to be added year by year, and the rest."""
    money = ds.flows.loc[ds.flows["unit"].astype("object") == "usd_current"]
    return select_flows(money, MONEY_YEARS, set_aside=MONEY_SET_ASIDE)


def money_by_stage(ds: Dataset, stages: tuple[str, ...] = YEARLY_STAGES) -> pd.DataFrame:
    """Yearly totals of the selected money by donor and stage, in dollars of 1992."""
    kept, _ = money_selection(ds)
    return stage_totals(kept, stages, ("donor_id",), deflators=ds.deflators,
                        base_year=BASE_YEAR)


def sipri_selection(ds: Dataset) -> pd.DataFrame:
    """SIPRI's deliveries to Afghan recipients by year and supplier, in TIV."""
    flows = ds.flows
    rows = flows.loc[(flows["source"].astype("object") == SIPRI_SOURCE)
                     & ~flows["flow_id"].astype("object").isin(list(SIPRI_SET_ASIDE))]
    deliveries = sipri_deliveries(rows)
    first, last = SIPRI_YEARS
    return deliveries.loc[deliveries["year"].between(first, last)].reset_index(drop=True)


def _camps(ds: Dataset) -> dict[str, str]:
    return dict(zip(ds.actors["actor_id"].astype("object"),
                    ds.actors["camp"].astype("object"), strict=True))


def _yearly(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    from analysis.registry.network import actor_labels

    data = money_by_stage(ds)
    names = actor_labels(ds.actors)
    data = data.assign(series=[f"{names.get(str(d), str(d))}, {st}"
                               for d, st in zip(data["donor_id"], data["stage"], strict=True)])
    zero = data["best"].eq(0) & data["high"].eq(0)
    drawn = data.loc[~zero]  # nothing cannot sit on a log scale: marked below instead
    series = drawn.drop_duplicates("series")
    camps = _camps(ds)
    colours = {s: actor_colour(str(d), camps.get(str(d)))
               for s, d in zip(series["series"], series["donor_id"], strict=True)}
    styles = {s: STAGE_LINESTYLES[str(st)]
              for s, st in zip(series["series"], series["stage"], strict=True)}
    markers = {s: STAGE_MARKERS[str(st)]
               for s, st in zip(series["series"], series["stage"], strict=True)}
    fig = plot_yearly_flows(drawn, spec.source, group="series", title=spec.title,
                            colours=colours, linestyles=styles, markers=markers,
                            legend_title="donor, stage")
    ax = fig.axes[0]
    ax.set_yscale("log")  # Soviet aid was ten times American: both must stay readable
    from matplotlib.ticker import LogLocator

    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v / 1e9:g} bn" if v >= 1e9
                                 else f"{v / 1e6:g} M")
    ax.yaxis.set_minor_formatter(lambda v, _: "")
    ax.set_ylabel("US$ of 1992 (log scale)\nline: low–high; ▲: at least")
    years = data["year"].astype(int)
    ax.set_xticks(list(range(int(years.min()), int(years.max()) + 1)))
    ax.set_xlim(years.min() - 0.5, years.max() + 0.5)
    for k, row in enumerate(data.loc[zero].itertuples()):
        colour = actor_colour(str(row.donor_id), camps.get(str(row.donor_id)))
        ax.annotate(f"{names.get(str(row.donor_id), row.donor_id)}: pledge of nothing",
                    (row.year, 0.0), xycoords=("data", "axes fraction"),
                    xytext=(-4, 60 + 11 * k), textcoords="offset points", ha="right",
                    fontsize=7, color=colour, gid=f"zero-pledge:{row.donor_id}",
                    arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.6})
    return fig, data


def _sipri(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    data = sipri_selection(ds)
    names = dict(zip(ds.actors["actor_id"].astype(str), ds.actors["name"].astype(str),
                     strict=True))
    return plot_sipri_by_supplier(data, spec.source, title=spec.title, names=names), data


SPECS = [
    FigureSpec(
        fig_id="fig-flows-by-donor",
        title="Money for the war per year, by donor and stage, in US dollars of 1992",
        caption="Money for the war per year, by donor and stage, in US dollars of 1992: one "
                "line per donor and stage (pledged, appropriated by Congress, or delivered), "
                "each point at its own year, marks at the best figure, vertical lines from "
                "low to high, a triangle where the source gives only a floor; lines join "
                "consecutive years only, and stages are never added to one another. The "
                "scale is logarithmic, so that Soviet and American sums both read. Only rows "
                "whose period lies within 1986-1992 and that give an amount for a year are "
                "added, one reading per fact and year.",
        alt="Chart on a logarithmic scale of yearly amounts in 1992 dollars from 1986 to "
            "1992: Soviet deliveries to the Kabul government of about 3.4 and 3.2 billion in "
            "1989 and 1990 and 2.1 to 3.1 billion in 1991; US appropriations of 0.35 to 0.7 "
            "billion in 1986, about 0.78 billion in 1987, and about 0.3 and 0.26 billion in "
            "1990 and 1991; a US pledge of about 0.31 billion for 1991; US deliveries known "
            "only as floors in 1987 and 1990; and pledges of nothing by both powers for "
            "1992, marked at the foot of the chart.",
        source="flows table of this book (one reading per fact and year; sources per row); "
               "US CPI-U (BLS) for constant dollars",
        chapter="book/flows",
        make=_yearly,
    ),
    FigureSpec(
        fig_id="fig-sipri-by-supplier",
        title="Arms delivered to Afghan recipients by supplier, 1988–1991, in SIPRI TIV",
        caption="Arms delivered to Afghan recipients by supplier, 1988–1991, in SIPRI "
                "trend-indicator values (TIV, a measure of military capability, not of "
                "money): each order's TIV is spread evenly over its years of delivery; the "
                "1992 buy-back of Stingers by the United States is left out.",
        alt="Stacked bar chart of arms deliveries per year from 1988 to 1991 in millions of "
            "SIPRI trend-indicator values: Soviet deliveries to the Kabul government make up "
            "almost all of each bar, about 1,500 in 1988, 1,700 in 1989, 1,560 in 1990 and "
            "1,000 in 1991, while Chinese, Egyptian, US and unknown suppliers' deliveries to "
            "the mujahideen are thin slivers in 1988 and 1989.",
        source="SIPRI Arms Transfers Database, trade register (extract for 1988–1992)",
        chapter="book/flows",
        make=_sipri,
    ),
]
