"""Figures of the chapter on casualties.

Besides the specs, this module holds the two choices the chapter and its
figures share, so that the text and the figures cannot drift apart:

* :data:`TOLL_OVERLAPS`: event tolls that count dead already counted by
  another row, left out of every sum (with the reason);
* :func:`compilation_estimates`: the estimates the compilation adds (those
  rows and UCDP's own non-state counts set aside).
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.casualties import (
    compare_with_ucdp,
    plot_compilation_vs_ucdp,
    plot_source_panels,
    plot_yearly_battle_deaths,
    set_aside_estimates,
    source_comparison,
    tolls,
    yearly_battle_deaths,
)
from analysis.data import Dataset
from analysis.registry import FigureSpec

__all__ = [
    "SPECS",
    "COMPILATION_YEARS",
    "NONSTATE_SOURCE",
    "TOLL_OVERLAPS",
    "FACT_LABELS",
    "compilation_estimates",
    "toll_comparison",
]

#: The years of the book whose compiled tolls are set against UCDP's.
COMPILATION_YEARS: tuple[int, ...] = (1989, 1990, 1991, 1992)

#: UCDP's dataset of fighting between non-state groups.
NONSTATE_SOURCE = "ucdp_nonstate_v22_1"

#: Event tolls whose dead another counted row already includes (or may
#: include): adding them would count the same people twice.
TOLL_OVERLAPS: dict[str, str] = {
    "est_0126": "the same first week at Jalalabad as the rebel dead of "
                "jalalabad_first_week_mujahideen_dead (est_0124, est_0125); a toll of all "
                "sides from a guerrilla spokesman",
    "est_0138": "Jamiat's dead of the Farkhar fighting of August 1989, part of the 300 "
                "dead of the same claim (est_0137)",
    "est_0147": "government dead of the last two days at Khost, part of the toll of the "
                "whole 19-day attack (est_0150)",
    "est_0154": "dead at the Red Cross hospital on 26 April 1992, who may include the "
                "fighters of either party counted by est_0152 and est_0153",
}

#: Short labels of the facts in the comparison of sources, in the order shown.
FACT_LABELS: dict[str, str] = {
    "soviet_deaths_1979_1989": "Soviet soldiers killed, 1979–1989",
    "soviet_wounded_1979_1989": "Soviet soldiers wounded, 1979–1989",
    "afghan_deaths_1979_1989": "Afghans killed, 1979–1989",
    "afghan_civilian_deaths_1979_1989": "Afghan civilians killed, 1979–1989",
    "pdpa_prison_executions_1978_1979": "Prisoners executed under the PDPA, 1978–1979",
    "kabul_airport_rocket_oct1988_wounded": "Wounded by a rocket at Kabul airport, Oct. 1988",
    "jalalabad_first_week_mujahideen_dead": "Mujahideen killed, first week at Jalalabad, 1989",
    "farkhar_1989_jamiat_dead": "Massoud's men killed at Farkhar (Takhar), 1989",
}


def compilation_estimates(estimates: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The estimates the compilation adds, and those it sets aside with the reason.

    Set aside: UCDP's own non-state counts (a series of their own, which
    UCDP's state-based yearly totals leave out) and :data:`TOLL_OVERLAPS`.
    """
    source = estimates["source"].astype("object")
    reasons = {i: "UCDP Non-State count: kept apart from the compilation of the other "
                  "sources' tolls and shown with the non-state dyads"
               for i in estimates.loc[source == NONSTATE_SOURCE, "estimate_id"].astype(str)}
    return set_aside_estimates(estimates, {**reasons, **TOLL_OVERLAPS})


def toll_comparison(ds: Dataset) -> pd.DataFrame:
    """Every reading of each toll with two or more readings, labelled."""
    comparison = source_comparison(tolls(ds.estimates), ds.events)
    names = dict(zip(ds.actors["actor_id"].astype(str), ds.actors["name"].astype(str),
                     strict=True))
    subject = comparison["subject_name"].astype(str).map(lambda v: names.get(v, v))
    label = comparison["fact_id"].map(FACT_LABELS).fillna(subject)
    order = {fact: k for k, fact in enumerate(FACT_LABELS)}
    rank = comparison["fact_id"].map(order).fillna(len(order))
    return comparison.assign(label=label, _rank=rank) \
        .sort_values(["_rank", "fact_id"], kind="mergesort") \
        .drop(columns="_rank").reset_index(drop=True)


def _yearly(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    data = yearly_battle_deaths(ds.estimates)
    return plot_yearly_battle_deaths(data, spec.source), data


def _sources(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    data = toll_comparison(ds)
    fig = plot_source_panels(data, spec.source, label="label", title=spec.title)
    return fig, data


def _compilation(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    kept, _ = compilation_estimates(ds.estimates)
    data = compare_with_ucdp(kept, COMPILATION_YEARS)
    return plot_compilation_vs_ucdp(data, spec.source, title=spec.title), data


SPECS = [
    FigureSpec(
        fig_id="fig-yearly-battle-deaths",
        title="Battle deaths in Afghanistan per year",
        caption="Battle deaths in Afghanistan per year, 1985-1995: best estimate (bars) and the "
                "range from the low to the high estimate (whiskers); 1989-1992 highlighted.",
        alt="Bar chart of battle deaths in Afghanistan per year from 1985 to 1995, each bar "
            "with a whisker from the low to the high estimate; the years 1989 to 1992 are "
            "highlighted.",
        source="UCDP GED 23.1 (1989 on); PRIO Battle Deaths 3.1 (before 1989)",
        chapter="book/casualties",
        make=_yearly,
    ),
    FigureSpec(
        fig_id="fig-toll-source-comparison",
        title="Tolls on which the sources disagree",
        caption="Tolls on which the sources disagree: every toll (killed, wounded) that two "
                "or more rows give, one panel per toll with its own scale, one line per "
                "reading from its low to its high, a dot at its best and an arrowhead where "
                "the source gives only a lower bound; colours show the compilers' confidence "
                "in each reading.",
        alt="Eight small panels, one for each disputed toll, each with a horizontal line per "
            "source from its low to its high figure and a dot at its best: Soviet soldiers killed"
            " in 1979 to 1989, between 13,500 and 15,000 or more; Soviet soldiers wounded, about "
            "45,000 to 50,000; Afghans killed, from half a million to two million; Afghan "
            "civilians killed, from 600,000 to two million; prisoners executed in 1978 and 1979, "
            "up to 27,000 or 30,000; wounded of a rocket at Kabul airport in 1988, 17 or 18; "
            "mujahideen killed in the first week at Jalalabad, 1,500 or more than 2,000; and "
            "Massoud's men killed at Farkhar, from 11 to 36.",
        source="estimates table of this book (one source per line)",
        chapter="book/casualties",
        make=_sources,
    ),
    FigureSpec(
        fig_id="fig-compilation-vs-ucdp",
        title="Compiled event tolls and UCDP's yearly battle deaths, 1989–1992",
        caption="Compiled event tolls and UCDP's yearly battle deaths, 1989–1992: for each "
                "year, the sum of the killed that the book's sources count at individual "
                "events (orange; one reading per fact, overlapping rows and UCDP's non-state "
                "counts set aside) next to UCDP GED's battle-related deaths in state-based "
                "conflict (blue). Dots are best estimates, lines run from low to high, and a "
                "triangle marks the low of a sum that has no upper bound.",
        alt="Chart with two series for each year from 1989 to 1992: the compiled event "
            "tolls, about 14,000 to 17,000 in 1989 and only tens or hundreds in 1990, 1991 "
            "and 1992, and UCDP's yearly battle deaths, with best estimates of about 5,200, "
            "1,500, 3,300 and 4,300 and a range reaching 17,051 in 1989.",
        source="estimates table of this book (event tolls, sources per row); UCDP GED 23.1",
        chapter="book/casualties",
        make=_compilation,
    ),
]
