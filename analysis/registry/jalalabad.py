"""Figures of the chapter on the battle of Jalalabad (1989)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.data import Dataset
from analysis.registry import FigureSpec, timeline_window

__all__ = ["SPECS", "JALALABAD_PLACES", "JALALABAD_WINDOW", "JALALABAD_LABELS"]

#: The places of the battle: the city and its airport, the Samarkhel garrison
#: and Khushgumbad to the east.
JALALABAD_PLACES: tuple[str, ...] = ("jalalabad", "samarkhel", "khushgumbad")
#: The window of the figure: from the attack to the army's July counter-offensive.
JALALABAD_WINDOW: tuple[str, str] = ("1989-03-01", "1989-07-31")
#: One label per fact. A fact's row in the timeline is otherwise named after
#: its earliest reading, which for a disputed fact may be its least reliable.
JALALABAD_LABELS: dict[str, str] = {
    "jalalabad_1989_start": "Attack on Jalalabad begins",
    "jalalabad_1989_end": "Battle of Jalalabad, whole course",
    "samarkhel_siege_1989": "Siege of Samarkhel",
    "jalalabad_airfield_1989": "Fighting for Jalalabad airfield",
    "samarkhel_capture_1989": "Rebels take the Samarkhel garrison",
    "jalalabad_airport_second_1989": "Second battle at the airport",
    "jalalabad_mid_may_1989": "Offensive stalls",
    "samarkhel_recapture_1989": "Army retakes Samarkhel",
    "khushgumbad_1989": "Government takes Khushgumbad (claim)",
    "gov_offensive_july_1989": "Government offensive towards the border",
    "samarkhel_guerrilla_claim_1989": "Guerrillas claim Samarkhel back",
}


def _battle_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events at the battle's places, each fact named by its label."""
    rows = events.loc[events["place_id"].astype("object").isin(JALALABAD_PLACES)]
    fact = rows["fact_id"].astype("object").fillna(rows["event_id"].astype("object"))
    return rows.assign(name=fact.map(JALALABAD_LABELS).fillna(rows["name"].astype("object")))


def _timeline(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    events = _battle_events(ds.events)
    start, end = JALALABAD_WINDOW
    return timeline_window(events, start, end, spec)


SPECS = [
    FigureSpec(
        fig_id="fig-jalalabad-timeline",
        title="The battle of Jalalabad, March to July 1989",
        caption="The battle of Jalalabad, March to July 1989: one row per fact, with every "
                "source's reading of its date; markers are single days, solid bars exact "
                "periods, hatched bars dates known only to the month, and grey bands span "
                "readings that disagree. A reading of March 1988 for the start of the attack, "
                "probably a misprint, lies off the chart to the left.",
        alt="Timeline from March to July 1989 with one row for each event of the battle of "
            "Jalalabad: the start of the attack, the whole battle, the siege of Samarkhel, "
            "the fighting for the airfield, the fall of the Samarkhel garrison, the stalled "
            "offensive in May, the army's recapture of Samarkhel and the government's June "
            "and July offensives; "
            "grey bands mark the events whose sources give different dates.",
        source="events table of this book (sources per event)",
        chapter="book/jalalabad",
        make=_timeline,
    ),
]
