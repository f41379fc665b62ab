"""Figures of the chapter on casualties."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.casualties import plot_yearly_battle_deaths, yearly_battle_deaths
from analysis.data import Dataset
from analysis.registry import FigureSpec

__all__ = ["SPECS"]


def _yearly(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    data = yearly_battle_deaths(ds.estimates)
    return plot_yearly_battle_deaths(data, spec.source), data


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
]
