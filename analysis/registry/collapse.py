"""Figures of the chapter on the collapse of the Kabul government (1991–1992)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.data import Dataset
from analysis.registry import FigureSpec, timeline_window

__all__ = ["SPECS", "COLLAPSE_FACTS"]

#: The facts the chapter follows, with the row label of each on the timeline
#: (one label per fact, so that a disputed fact is not named after one reading).
COLLAPSE_FACTS: dict[str, str] = {
    "karmal_return_1991": "Babrak Karmal returns from Moscow",
    "soviet_coup_collapse_1991": "Hard-line coup in Moscow collapses",
    "yeltsin_aid_cut_1991": "Yeltsin announces end of direct aid",
    "us_soviet_arms_cutoff_1991": "US–Soviet agreement to halt arms",
    "soviet_dissolution_1991": "Dissolution of the Soviet Union",
    "arms_cutoff_1992": "Agreed end of arms deliveries",
    "air_force_grounded_1992": "Air force grounded for lack of fuel",
    "pakistan_supports_un_1992": "Pakistan backs the UN plan",
    "isi_durrani_replaced_1992": "ISI chief Durrani replaced",
    "dostum_defection_1992": "Dostum breaks with Najibullah",
    "mazar_takeover_1992": "Dostum's forces take Mazar-i-Sharif",
    "najibullah_resignation_offer_1992": "Najibullah offers to resign",
}


def _collapse_timeline(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    rows = ds.events.loc[ds.events["fact_id"].isin(COLLAPSE_FACTS)]
    rows = rows.assign(name=rows["fact_id"].map(COLLAPSE_FACTS))
    return timeline_window(rows, "1991-06-01", "1992-03-31", spec)


SPECS = [
    FigureSpec(
        fig_id="fig-collapse-timeline",
        title="From the Moscow coup to Najibullah's offer to resign",
        caption="Events from June 1991 to March 1992: one row per fact; a marker is an exact "
                "day, a hatched bar a date known only to the month or year; a grey band spans "
                "the readings of a disputed fact.",
        alt="Timeline from June 1991 to March 1992 with one row per event, from Karmal's return "
            "in June 1991 and the failed Moscow coup in August to the arms cut-off on 1 January "
            "1992 and the events of March 1992; the rows for Dostum's break with Najibullah "
            "and the taking of Mazar-i-Sharif show several readings inside a grey band.",
        source="events table of this book (sources per event)",
        chapter="book/collapse",
        make=_collapse_timeline,
    ),
]
