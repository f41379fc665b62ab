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
    ledger_totals,
    pledged_vs_delivered,
    plot_flow_ledger,
    plot_pledged_vs_delivered,
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

#: The stages drawn as yearly series (pledges have a figure of their own).
YEARLY_STAGES: tuple[str, ...] = ("appropriated", "delivered")

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
    data = money_by_stage(ds)
    series = data.drop_duplicates("series")
    camps = _camps(ds)
    colours = {s: actor_colour(str(d), camps.get(str(d)))
               for s, d in zip(series["series"], series["donor_id"], strict=True)}
    styles = {s: STAGE_LINESTYLES[str(st)]
              for s, st in zip(series["series"], series["stage"], strict=True)}
    markers = {s: STAGE_MARKERS[str(st)]
               for s, st in zip(series["series"], series["stage"], strict=True)}
    fig = plot_yearly_flows(data, spec.source, group="series", title=spec.title,
                            colours=colours, linestyles=styles, markers=markers,
                            legend_title="donor, stage")
    return fig, data


def _sipri(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    data = sipri_selection(ds)
    return plot_sipri_by_supplier(data, spec.source, title=spec.title), data


def _pledged(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    kept, _ = money_selection(ds)
    data = pledged_vs_delivered(kept, ("donor_id",), stages=("pledged", "appropriated",
                                                             "delivered"),
                                deflators=ds.deflators, base_year=BASE_YEAR)
    return plot_pledged_vs_delivered(data, spec.source, by=("donor_id",),
                                     title=spec.title), data


def _ledger(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    kept, _ = money_selection(ds)
    data = ledger_totals(kept, stage="delivered", deflators=ds.deflators,
                         base_year=BASE_YEAR)
    return plot_flow_ledger(data, spec.source, title=spec.title, camps=_camps(ds)), data


SPECS = [
    FigureSpec(
        fig_id="fig-flows-by-donor",
        title="Money for the war per year, by donor and stage, in US dollars of 1992",
        caption="Money for the war per year, by donor and stage, in US dollars of 1992: one "
                "line per donor and stage (appropriated by Congress, or delivered), dots at "
                "the best figure, vertical bars from low to high; lines join consecutive "
                "years only. Only rows whose period lies within 1986-1992 and that give an "
                "amount for a year are added, one reading per fact and year.",
        alt="Line chart of yearly amounts in billions of 1992 dollars from 1986 to 1991: "
            "Soviet deliveries to the Kabul government of about 3.4 and 3.2 billion in 1989 "
            "and 1990 and 2.1 to 3.1 billion in 1991; US appropriations of 0.35 to 0.7 "
            "billion in 1986, about 0.86 billion in 1987, and about 0.3 and 0.26 billion in "
            "1990 and 1991; and a US cash payment of about half a million in 1990, near "
            "zero on this scale.",
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
    FigureSpec(
        fig_id="fig-pledged-vs-delivered",
        title="Pledged, appropriated and delivered money by donor, in US dollars of 1992",
        caption="Pledged, appropriated and delivered money by donor, in US dollars of 1992: "
                "for each donor and year, one bar per stage recorded (no bar: no record), "
                "whiskers from low to high, and \"0\" where the record is a pledge of "
                "nothing. Stages are never added to one another.",
        alt="Grouped bar chart by donor and year from 1986 to 1992: US appropriations "
            "for 1986, 1987, 1990 and 1991, a US pledge (the budget request) for 1991 "
            "slightly above that year's appropriation, Soviet deliveries of two to three "
            "billion a year from 1989 to 1991, and pledges of zero by both the United "
            "States and the Soviet Union for 1992.",
        source="flows table of this book (one reading per fact and year; sources per row); "
               "US CPI-U (BLS) for constant dollars",
        chapter="book/flows",
        make=_pledged,
    ),
    FigureSpec(
        fig_id="fig-flow-ledger",
        title="Delivered money from donor through channel to recipient, 1986–1992",
        caption="Delivered money from donor through channel to recipient, 1986–1992, in US "
                "dollars of 1992: each flow through an intermediary is one row of the data, "
                "drawn as two legs (donor to channel, channel to recipient) and counted once "
                "for the donor and once for the recipient; direct flows run straight from "
                "donor to recipient. Line width is proportional to the amount.",
        alt="Three-column diagram with donors on the left, channels in the middle and "
            "recipients on the right: a thick line runs directly from the Soviet Union to "
            "the Kabul government, and a thin line runs from the United States through the "
            "CIA to Massoud's Shura-e Nazar.",
        source="flows table of this book (one reading per fact and year; sources per row); "
               "US CPI-U (BLS) for constant dollars",
        chapter="book/flows",
        make=_ledger,
    ),
]
