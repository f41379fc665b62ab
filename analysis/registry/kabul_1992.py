"""Figures of the chapter on Kabul and the Peshawar Accords (April 1992)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.data import Dataset
from analysis.registry import FigureSpec, timeline_window

__all__ = ["SPECS", "FACT_LABELS"]

#: Row labels for the disputed facts, so that none is named after one of its readings.
FACT_LABELS: dict[str, str] = {
    "najibullah_ouster_1992": "Najibullah toppled",
    "civil_war_start_1992": "Militias fight in Kabul",
    "peshawar_accords_date": "Peshawar Accords",
}


def _april_timeline(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    events = ds.events
    rows = events.assign(name=events["fact_id"].map(FACT_LABELS).fillna(events["name"]))
    return timeline_window(rows, "1992-04-01", "1992-04-30", spec, max_label=60)


SPECS = [
    FigureSpec(
        fig_id="fig-kabul-april-1992",
        title="Kabul, April 1992",
        caption="Events of April 1992: one row per fact; a marker is an exact day, a solid bar a "
                "span of exact days, a hatched bar a date known only to the month; a grey band "
                "spans the readings of a disputed fact.",
        alt="Timeline of April 1992 with one row per event, from the UN plan of 10 April through "
            "Najibullah's fall in mid-April, Dostum's hold on the airport and Hekmatyar's threat "
            "on 17 April, to the fighting in Kabul from 24 to 27 April, the Peshawar Accords "
            "shown with readings from 24 to 26 April, and the interim government from 28 April.",
        source="events table of this book (sources per event)",
        chapter="book/kabul_1992",
        make=_april_timeline,
    ),
]
