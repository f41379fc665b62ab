"""Figures of the chapter on the fall of Khost (1991)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.data import Dataset
from analysis.prose import event_date_phrase
from analysis.registry import FigureSpec
from analysis.timeline import plot_timeline

__all__ = ["SPECS", "readings_as_rows"]

#: The fact whose readings the figure compares.
KHOST_FACT = "khost_1991"


def readings_as_rows(events: pd.DataFrame, fact_id: str) -> pd.DataFrame:
    """The readings of one fact, each made a fact of its own for a timeline.

    :func:`analysis.timeline.plot_timeline` draws one row per fact; giving
    each reading its own ``fact_id`` draws one row per reading instead,
    labelled with its source key and the date it gives.

    Examples
    --------
    >>> ev = pd.DataFrame({"event_id": ["a", "b"], "fact_id": ["f", "f"],
    ...     "name": ["A", "B"], "source": ["s1", "s2"],
    ...     "start_date": pd.to_datetime(["1991-03-31", "1991-04-11"]),
    ...     "start_precision": ["day", "day"], "end_date": pd.to_datetime([None, None]),
    ...     "end_precision": [None, None]})
    >>> readings_as_rows(ev, "f")["name"].tolist()
    ['s1: 31 March 1991', 's2: 11 April 1991']
    """
    rows = events.loc[events["fact_id"] == fact_id].copy()
    if rows.empty:
        raise ValueError(f"no event has the fact_id '{fact_id}'")
    rows["name"] = [f"{row.source}: {event_date_phrase(rows, row.event_id)}"
                    for row in rows.itertuples()]
    rows["fact_id"] = rows["event_id"]
    return rows.sort_values(["start_date", "event_id"], kind="stable").reset_index(drop=True)


def _khost_dates(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    rows = readings_as_rows(ds.events, KHOST_FACT)
    fig = plot_timeline(rows, start="1990-01-01", end="1991-04-30", source_line=spec.source,
                        title=spec.title, max_label=60)
    return fig, rows[["event_id", "source", "start_date", "start_precision", "end_date",
                      "end_precision", "confidence"]]


SPECS = [
    FigureSpec(
        fig_id="fig-khost-dates",
        title="When did Khost fall? The readings of the sources",
        caption="The date of the fall of Khost according to each source read: one row per "
                "reading, labelled with its bibliography key; a marker is an exact day, a "
                "solid bar a span of exact days, a hatched bar a date known only to the month "
                "or year.",
        alt="Timeline from January 1990 to April 1991 with one row per reading of the fall "
            "of Khost: a hatched bar covering all of 1990 for one source; hatched bars over "
            "March 1991 for two sources and over March and April 1991 for one; bars from 14 "
            "to 31 and from 21 to 31 March 1991; markers on 31 March 1991 for two sources and "
            "on 11 April 1991 for two.",
        source="events table of this book (fact khost_1991; sources per row)",
        chapter="book/khost",
        make=_khost_dates,
    ),
]
