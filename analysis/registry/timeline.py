"""Figures of the chapter on the chronology (and the selection of the period's events).

An event belongs to the period when one of the readings of its fact began, or
may have begun given the precision of its date, between 15 February 1989 and
30 April 1992: a reading dated "1989" counts, one that certainly began before
15 February 1989 does not. All the readings of such a fact are kept, so a
disagreement stays visible even when one reading lies outside the period. A
fact that merely reaches into the period, such as the Soviet withdrawal of
1988–1989, is background. The map chapter uses the same selection.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.data import Dataset
from analysis.dates import period_ends
from analysis.registry import FigureSpec, timeline_window
from analysis.timeline import PERIOD_END, PERIOD_START, chronology, disputed_dates, plot_timeline

__all__ = ["SPECS", "PERIODS", "FACT_LABELS", "period_events", "label_facts"]

#: The window of each timeline figure.
PERIODS: dict[str, tuple[str, str]] = {
    "fig-timeline-1989": ("1989-02-15", "1989-12-31"),
    "fig-timeline-1990-1991": ("1990-01-01", "1991-12-31"),
    "fig-timeline-1992": ("1992-01-01", "1992-04-30"),
}

#: One row label per disputed fact; otherwise a row is named after the fact's
#: earliest reading, which for a disputed fact may be its least reliable.
FACT_LABELS: dict[str, str] = {
    "civil_war_start_1992": "Militias fight in Kabul; civil war begins",
    "dostum_defection_1992": "Dostum defects to the mujahideen",
    "farkhar_1989": "Farkhar massacre of Massoud's men",
    "hamid_gul_dismissal": "Hamid Gul removed as ISI chief",
    "jalalabad_1989_end": "Battle of Jalalabad (start to end)",
    "jalalabad_1989_start": "Attack on Jalalabad begins",
    "jalalabad_airfield_1989": "Fighting for Jalalabad airfield",
    "jamal_execution": "Execution of Jamal Agha",
    "khost_1991": "Fall of Khost",
    "mazar_takeover_1992": "Dostum takes Mazar-i-Sharif",
    "najibullah_ouster_1992": "Najibullah toppled",
    "peshawar_accords_date": "Peshawar Accords",
    "samarkhel_capture_1989": "Rebels take the Samarkhel garrison",
    "samarkhel_recapture_1989": "Army retakes Samarkhel",
    "tanai_coup_1990": "Tanai coup attempt",
}


def period_events(events: pd.DataFrame, start: pd.Timestamp | str = PERIOD_START,
                  end: pd.Timestamp | str = PERIOD_END) -> pd.DataFrame:
    """The rows of every fact with a reading that began, or may have begun, in the window.

    A reading may have begun in the window when its start date, read at its
    precision (a month or a whole year), reaches into it.

    Parameters
    ----------
    events
        The ``events`` table.
    start, end
        The window (both days included).

    Returns
    -------
    pandas.DataFrame
        The selected rows of ``events``, in the table's order.

    Examples
    --------
    >>> ev = pd.DataFrame({"event_id": ["a1", "a2", "b"], "fact_id": ["a", "a", "b"],
    ...     "name": ["A", "A", "B"], "kind": ["siege"] * 3,
    ...     "start_date": pd.to_datetime(["1988-03-01", "1989-03-05", "1979-12-24"]),
    ...     "start_precision": ["month", "day", "day"],
    ...     "end_date": pd.to_datetime([None, None, "1989-02-15"]),
    ...     "end_precision": [None, None, "day"]})
    >>> period_events(ev)["event_id"].tolist()
    ['a1', 'a2']
    >>> year = ev.assign(start_date=pd.to_datetime(["1989-01-01"] * 3),
    ...                  start_precision=["year"] * 3, end_date=pd.NaT, end_precision=None)
    >>> len(period_events(year))
    3
    """
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    rows = chronology(events)
    latest = period_ends(rows["start_date"], rows["start_precision"].astype("object"))
    begins = (rows["interval_start"] <= hi) & (latest >= lo)
    facts = set(rows.loc[begins, "fact"])
    fact = events["fact_id"].astype("object").fillna(events["event_id"].astype("object"))
    return events.loc[fact.isin(facts)]


def label_facts(events: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Name every reading of a fact by the fact's label, where there is one.

    The label is ``labels[fact]`` (default :data:`FACT_LABELS`), else the name
    of the reading whose ``event_id`` is the fact's id; a fact with neither
    keeps its readings' names.

    Examples
    --------
    >>> ev = pd.DataFrame({"event_id": ["k_a", "k_b", "x", "x_2"],
    ...     "fact_id": ["khost_1991", "khost_1991", "x", "x"],
    ...     "name": ["Khost (a)", "Khost (b)", "Main", "Other"]})
    >>> label_facts(ev)["name"].tolist()
    ['Fall of Khost', 'Fall of Khost', 'Main', 'Main']
    """
    labels = FACT_LABELS if labels is None else labels
    fact = events["fact_id"].astype("object").fillna(events["event_id"].astype("object"))
    own = events.loc[events["event_id"].astype("object") == fact]
    named = dict(zip(own["event_id"].astype(str), own["name"].astype(str), strict=True))
    named.update(labels)
    return events.assign(name=fact.map(named).fillna(events["name"].astype("object")))


def _timeline(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    start, end = PERIODS[spec.fig_id]
    return timeline_window(label_facts(period_events(ds.events, start, end)), start, end, spec)


def _disputed(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    events = label_facts(period_events(ds.events))
    facts = set(disputed_dates(events)["fact_id"])
    fact = events["fact_id"].astype("object").fillna(events["event_id"].astype("object"))
    chosen = events.loc[fact.isin(facts)]
    fig = plot_timeline(chosen, source_line=spec.source, title=spec.title)
    return fig, disputed_dates(chosen)


_SOURCE = "events table of this book (sources per event)"
_KEY = ("one row per fact, with every source's reading of its date: markers are single days, "
        "solid bars exact periods, hatched bars dates known only to the month or year, and "
        "grey bands span readings that disagree")

SPECS = [
    FigureSpec(
        fig_id="fig-timeline-1989",
        title="Events from the Soviet withdrawal to the end of 1989",
        caption=f"Events from the Soviet withdrawal to the end of 1989: {_KEY}. A reading of "
                "March 1988 for the start of the attack on Jalalabad lies off the chart to the "
                "left.",
        alt="Timeline from February to December 1989, one row per event: the completed Soviet "
            "withdrawal, the election of the interim government's president, the battle of "
            "Jalalabad with its airfield and Samarkhel episodes, the June and July "
            "government offensives, the Farkhar massacre, fighting between mujahideen "
            "parties, and a Khalqi plot in December; grey bands mark the events whose "
            "sources give different dates.",
        source=_SOURCE,
        chapter="book/timeline",
        make=_timeline,
    ),
    FigureSpec(
        fig_id="fig-timeline-1990-1991",
        title="Events of 1990 and 1991",
        caption=f"Events of 1990 and 1991: {_KEY}.",
        alt="Timeline from January 1990 to December 1991, one row per event: Tanai's coup "
            "attempt and the bombing of airfields in March 1990, the Paghman offensive, the "
            "Jamiat–Hezb-e Islami battles of June 1990, the fall of Khost with its many "
            "readings between 1990 and April 1991, and the end of Soviet support in the "
            "second half of 1991; grey bands mark the events whose sources give different "
            "dates.",
        source=_SOURCE,
        chapter="book/timeline",
        make=_timeline,
    ),
    FigureSpec(
        fig_id="fig-timeline-1992",
        title="Events from January to April 1992",
        caption=f"Events from January to April 1992: {_KEY}. Bars reaching the right edge "
                "continue after April 1992.",
        alt="Timeline from January to April 1992, one row per event: the grounded air force, "
            "Dostum's defection with readings from January to March, Najibullah's offer to "
            "resign, the UN plan, the mujahideen advance on Kabul, Najibullah's overthrow in "
            "mid-April, the fighting in Kabul and the Peshawar Accords at the end of April; "
            "grey bands mark the events whose sources give different dates.",
        source=_SOURCE,
        chapter="book/timeline",
        make=_timeline,
    ),
    FigureSpec(
        fig_id="fig-disputed-dates",
        title="Disputed dates, February 1989 to April 1992",
        caption="Disputed dates, February 1989 to April 1992: the events whose sources "
                "disagree on the date, "
                "one row per fact, each reading drawn inside a grey band that spans them all. "
                "Readings a few days apart look like one mark at this scale; the register of "
                "disagreements lists every reading.",
        alt="Timeline from February 1989 to April 1992 with one row for each event whose "
            "sources give different dates, each with a grey band over the span of its "
            "readings: wide bands for the start of the attack on Jalalabad, the Farkhar "
            "massacre, the execution of Jamal Agha, the removal of Hamid Gul, the fall of "
            "Khost and Dostum's defection, narrow ones for the coup attempt, the fall of "
            "Najibullah and the Peshawar Accords.",
        source=_SOURCE,
        chapter="book/timeline",
        make=_disputed,
    ),
]
