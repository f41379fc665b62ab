"""Timelines: events as intervals, with their precision and their disputes.

An event's dates follow the convention of :mod:`analysis.dates`: a date with
month precision stands for the whole month, one with year precision for the
whole year. :func:`chronology` turns every row of the ``events`` table into
the interval it stands for; rows that share a ``fact_id`` are readings of one
fact, and the fact is *disputed* when its readings give different intervals.
Readings are never merged or averaged: each stays its own row, and
:func:`disputed_dates` lists them side by side.

Examples
--------
>>> import pandas as pd
>>> events = pd.DataFrame({
...     "event_id": ["fall_a", "fall_b"], "fact_id": ["fall", "fall"],
...     "name": ["Fall", "Fall"], "kind": ["siege", "siege"],
...     "start_date": pd.to_datetime(["1991-03-14", "1991-04-11"]),
...     "start_precision": ["day", "day"],
...     "end_date": pd.to_datetime(["1991-03-31", None]),
...     "end_precision": ["day", None], "source": ["a", "b"]})
>>> chronology(events)[["event_id", "days", "disputed"]].to_dict("list")
{'event_id': ['fall_a', 'fall_b'], 'days': [18, 1], 'disputed': [True, True]}
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from analysis.checks import require_columns
from analysis.dates import period_ends
from analysis.figures import OKABE_ITO, add_source, new_figure

__all__ = [
    "PERIOD_START",
    "PERIOD_END",
    "KIND_STYLES",
    "chronology",
    "disputed_dates",
    "plot_timeline",
]

#: First day of the book's period, when the last Soviet troops left (15 Feb 1989).
PERIOD_START = pd.Timestamp("1989-02-15")
#: Last day of the book's period, the month of the Peshawar Accords (April 1992).
PERIOD_END = pd.Timestamp("1992-04-30")

#: Colour and marker of each event kind, with one colour per family of kinds
#: (fighting, changes of power, politics, withdrawal, violence against
#: civilians, other), one marker per kind within a family.
KIND_STYLES: dict[str, tuple[str, str]] = {
    "battle": (OKABE_ITO["vermillion"], "o"),
    "siege": (OKABE_ITO["vermillion"], "s"),
    "offensive": (OKABE_ITO["vermillion"], ">"),
    "clash": (OKABE_ITO["vermillion"], "D"),
    "invasion": (OKABE_ITO["vermillion"], "^"),
    "massacre": (OKABE_ITO["reddish_purple"], "v"),
    "coup": (OKABE_ITO["orange"], "*"),
    "coup_attempt": (OKABE_ITO["orange"], "P"),
    "defection": (OKABE_ITO["orange"], "h"),
    "agreement": (OKABE_ITO["blue"], "s"),
    "announcement": (OKABE_ITO["sky_blue"], "o"),
    "appointment": (OKABE_ITO["sky_blue"], "D"),
    "political": (OKABE_ITO["blue"], "o"),
    "withdrawal": (OKABE_ITO["bluish_green"], "<"),
    "other": (OKABE_ITO["grey"], "o"),
}

_REQUIRED = ("event_id", "fact_id", "name", "kind", "start_date", "start_precision",
             "end_date", "end_precision")
_PRECISIONS = ("day", "month", "year")


def _check_precision(events: pd.DataFrame, date: str, precision: str) -> None:
    values = events[precision].astype("object")
    present = events[date].notna()
    unknown = values.notna() & ~values.isin(_PRECISIONS)
    if unknown.any():
        bad = sorted(set(values[unknown].astype(str)))
        raise ValueError(f"unknown {precision} {', '.join(map(repr, bad))} (events "
                         f"{', '.join(events.loc[unknown, 'event_id'].astype(str))}); "
                         "expected day, month or year")
    lacking = present & values.isna()
    if lacking.any():
        raise ValueError(f"{date} without {precision} in events "
                         f"{', '.join(events.loc[lacking, 'event_id'].astype(str))}")


def _intervals(events: pd.DataFrame) -> pd.DataFrame:
    """Add ``fact``, ``interval_start``, ``interval_end``, ``days`` and ``imprecise``."""
    require_columns(events, _REQUIRED, "events")
    if events["start_date"].isna().any():
        ids = events.loc[events["start_date"].isna(), "event_id"].astype(str)
        raise ValueError(f"events without start_date: {', '.join(ids)}")
    _check_precision(events, "start_date", "start_precision")
    _check_precision(events, "end_date", "end_precision")
    out = events.reset_index(drop=True)
    has_end = out["end_date"].notna()
    start = out["start_date"].astype("datetime64[ns]")
    end = out["end_date"].where(has_end, out["start_date"]).astype("datetime64[ns]")
    end_precision = out["end_precision"].astype("object").where(
        has_end, out["start_precision"].astype("object"))
    out["fact"] = out["fact_id"].astype("object").fillna(out["event_id"].astype("object"))
    out["interval_start"] = start
    out["interval_end"] = period_ends(end, end_precision)
    backwards = out["interval_end"] < out["interval_start"]
    if backwards.any():
        raise ValueError("events ending before they start: "
                         f"{', '.join(out.loc[backwards, 'event_id'].astype(str))}")
    out["days"] = (out["interval_end"] - out["interval_start"]).dt.days.astype(int) + 1
    out["imprecise"] = (out["start_precision"].astype("object") != "day") | (
        end_precision != "day")
    return out


def chronology(events: pd.DataFrame, start: pd.Timestamp | str | None = None,
               end: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """Events in order, each with the interval its dates stand for.

    Parameters
    ----------
    events
        The ``events`` table (at least ``event_id``, ``fact_id``, ``name``,
        ``kind``, ``start_date``, ``start_precision``, ``end_date``,
        ``end_precision``; other columns are kept).
    start, end
        Keep the facts that have a reading overlapping this window (inclusive);
        all readings of a kept fact are kept.

    Returns
    -------
    pandas.DataFrame
        The input columns plus ``fact`` (the ``fact_id``, or the
        ``event_id`` where that is empty), ``interval_start`` and
        ``interval_end`` (first and last day the dates stand for: a month
        precision covers the whole month), ``days`` (the interval's length,
        both ends included), ``imprecise`` (a bound has month or year
        precision), ``readings`` (rows of the fact) and ``disputed`` (the
        fact's readings give different intervals). Sorted by the fact's
        earliest start, the readings of a fact next to each other.

    Raises
    ------
    ValueError
        For a missing column, a missing start date, an unknown precision or
        an interval that ends before it starts.

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({"event_id": ["a"], "fact_id": ["a"], "name": ["A"],
    ...     "kind": ["coup"], "start_date": pd.to_datetime(["1990-03-01"]),
    ...     "start_precision": ["month"], "end_date": pd.to_datetime([None]),
    ...     "end_precision": [None]})
    >>> row = chronology(events).iloc[0]
    >>> str(row["interval_end"].date()), int(row["days"]), bool(row["imprecise"])
    ('1990-03-31', 31, True)
    """
    out = _intervals(events)
    if start is not None or end is not None:
        lo = pd.Timestamp(start) if start is not None else out["interval_start"].min()
        hi = pd.Timestamp(end) if end is not None else out["interval_end"].max()
        overlaps = (out["interval_end"] >= lo) & (out["interval_start"] <= hi)
        out = out.loc[out["fact"].isin(out.loc[overlaps, "fact"])]
    facts = out.groupby("fact", sort=False)
    out = out.assign(
        readings=facts["event_id"].transform("size").astype(int),
        disputed=(facts["interval_start"].transform("nunique") > 1)
        | (facts["interval_end"].transform("nunique") > 1),
        _fact_start=facts["interval_start"].transform("min"),
    )
    out = out.sort_values(["_fact_start", "fact", "interval_start", "interval_end", "event_id"],
                          kind="stable")
    return out.drop(columns="_fact_start").reset_index(drop=True)


def disputed_dates(events: pd.DataFrame) -> pd.DataFrame:
    """The facts whose readings give different dates, one row per reading.

    Parameters
    ----------
    events
        The ``events`` table.

    Returns
    -------
    pandas.DataFrame
        ``fact_id``, ``event_id``, ``name``, the reading's ``start_date``,
        ``start_precision``, ``end_date``, ``end_precision``,
        ``interval_start``, ``interval_end`` and ``source``, then per fact:
        ``spread_days`` (the largest gap between the readings' starts or
        between their ends, in days) and ``overlap`` (whether one day lies in
        every reading's interval: readings that differ only in precision, such
        as "1989" and "9 July 1989", overlap; contradictions do not). Sorted by
        fact, then by the reading's start.

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({
    ...     "event_id": ["fall_a", "fall_b"], "fact_id": ["fall", "fall"],
    ...     "name": ["Fall", "Fall"], "kind": ["siege", "siege"],
    ...     "start_date": pd.to_datetime(["1991-03-14", "1991-04-11"]),
    ...     "start_precision": ["day", "day"],
    ...     "end_date": pd.to_datetime(["1991-03-31", None]),
    ...     "end_precision": ["day", None], "source": ["a", "b"]})
    >>> disputed_dates(events)[["event_id", "spread_days", "overlap"]].to_dict("list")
    {'event_id': ['fall_a', 'fall_b'], 'spread_days': [28, 28], 'overlap': [False, False]}
    """
    rows = chronology(events)
    rows = rows.loc[rows["disputed"]]
    facts = rows.groupby("fact", sort=False)
    start_gap = facts["interval_start"].transform("max") - facts["interval_start"].transform("min")
    end_gap = facts["interval_end"].transform("max") - facts["interval_end"].transform("min")
    spread = pd.concat([start_gap.dt.days, end_gap.dt.days], axis=1).max(axis=1)
    overlap = facts["interval_start"].transform("max") <= facts["interval_end"].transform("min")
    source = rows["source"] if "source" in rows.columns else pd.Series(pd.NA, index=rows.index)
    out = pd.DataFrame({
        "fact_id": rows["fact"].astype(str),
        "event_id": rows["event_id"].astype(str),
        "name": rows["name"].astype(str),
        "start_date": rows["start_date"],
        "start_precision": rows["start_precision"].astype("object"),
        "end_date": rows["end_date"],
        "end_precision": rows["end_precision"].astype("object"),
        "interval_start": rows["interval_start"],
        "interval_end": rows["interval_end"],
        "source": source,
        "spread_days": spread.astype(int),
        "overlap": overlap.astype(bool),
    })
    out = out.sort_values(["fact_id", "interval_start", "interval_end", "event_id"],
                          kind="stable")
    return out.reset_index(drop=True)


def _select_actors(events: pd.DataFrame, actors: Iterable[str] | None,
                   participants: pd.DataFrame | None) -> pd.DataFrame:
    if actors is None:
        return events
    actors = list(actors)
    if participants is None:
        raise ValueError("selecting events by actor needs the event_participants table "
                         "(participants=...)")
    require_columns(participants, ("event_id", "actor_id"), "participants")
    known = set(participants["actor_id"].astype(str))
    unknown = [a for a in actors if a not in known]
    if unknown:
        raise ValueError(f"actor(s) {', '.join(map(repr, unknown))} take part in no event")
    chosen = set(participants.loc[participants["actor_id"].isin(actors), "event_id"])
    fact = events["fact_id"].astype("object").fillna(events["event_id"].astype("object"))
    return events.loc[fact.isin(fact[events["event_id"].isin(chosen)])]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _readings(rows: pd.DataFrame) -> pd.DataFrame:
    """The distinct readings of one fact (identical intervals drawn once)."""
    keys = ["interval_start", "interval_end", "imprecise"]
    grouped = rows.groupby(keys, sort=True)
    return pd.DataFrame({
        "event_ids": grouped["event_id"].agg(lambda ids: "+".join(map(str, ids))),
        "kind": grouped["kind"].agg(lambda kinds: str(kinds.iloc[0])),
    }).reset_index()


def _draw_reading(ax, reading: pd.Series, y: float, height: float) -> None:
    colour, marker = KIND_STYLES[reading["kind"]]
    x0 = mdates.date2num(reading["interval_start"])
    width = (reading["interval_end"] - reading["interval_start"]).days + 1
    ids = reading["event_ids"]
    if reading["imprecise"]:
        ax.add_patch(Rectangle((x0, y - height / 2), width, height, facecolor="white",
                               edgecolor=colour, hatch="////", linewidth=1.0,
                               gid=f"imprecise:{ids}", zorder=3))
    elif width > 1:
        ax.add_patch(Rectangle((x0, y - height / 2), width, height, facecolor=colour,
                               edgecolor=colour, linewidth=0.5, gid=f"bar:{ids}", zorder=3))
    else:
        ax.add_line(Line2D([x0], [y], marker=marker, markersize=7, color=colour,
                           markeredgecolor="#333333", markeredgewidth=0.5, linestyle="none",
                           gid=f"marker:{ids}", zorder=4))


def plot_timeline(events: pd.DataFrame, actors: Iterable[str] | None = None, *,
                  participants: pd.DataFrame | None = None,
                  start: pd.Timestamp | str = PERIOD_START,
                  end: pd.Timestamp | str = PERIOD_END,
                  source_line: str = "events table of this book (sources per event)",
                  title: str | None = None, width: float = 7.5,
                  max_label: int = 50) -> Figure:
    """Draw the events as a timeline, one row per fact.

    A one-day event with an exact date is a marker; an event lasting several
    exactly dated days is a solid bar; an event with a month or year
    precision is an open hatched bar covering the whole period its dates
    stand for; the axis shows the window, so a reading reaching beyond it is
    cut at its edge. A disputed fact keeps one row: a grey band spans all its
    readings and each distinct reading is drawn inside it. Kinds differ by
    colour (families of kinds) and marker; the legend names them.

    Parameters
    ----------
    events
        The ``events`` table.
    actors
        Optional actor ids: draw only the facts in which one of them takes
        part (needs ``participants``).
    participants
        The ``event_participants`` table (``event_id``, ``actor_id``).
    start, end
        The window: facts with a reading overlapping it are drawn.
    source_line
        Text for the figure's source line.
    title
        The title; by default it names the window.
    width
        Figure width in inches; the height grows with the number of rows.
    max_label
        Longer event names are cut to this many characters (ending in "…").

    Returns
    -------
    matplotlib.figure.Figure
        Artists carry a ``gid``: ``marker:<ids>``, ``bar:<ids>``,
        ``imprecise:<ids>`` (``<ids>`` are the event ids of a reading joined
        by ``+``) and ``dispute:<fact>``.

    Raises
    ------
    ValueError
        For no event in the window, an unknown kind or actor, or bad dates.

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({"event_id": ["a", "b"], "fact_id": ["a", "b"],
    ...     "name": ["A", "B"], "kind": ["coup", "battle"],
    ...     "start_date": pd.to_datetime(["1990-03-06", "1990-06-01"]),
    ...     "start_precision": ["day", "month"], "end_date": pd.to_datetime([None, None]),
    ...     "end_precision": [None, None]})
    >>> fig = plot_timeline(events, source_line="test")
    >>> sorted(a.get_gid().split(":")[0] for a in fig.axes[0].lines + fig.axes[0].patches)
    ['imprecise', 'marker']
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    rows = chronology(_select_actors(events, actors, participants), start, end)
    if rows.empty:
        raise ValueError(f"no events between {start.date()} and {end.date()}")
    kinds = rows["kind"].astype(str)
    unknown = sorted(set(kinds) - set(KIND_STYLES))
    if unknown:
        raise ValueError(f"unknown event kind(s) {', '.join(map(repr, unknown))}")
    rows = rows.assign(kind=kinds)
    facts = list(dict.fromkeys(rows["fact"]))
    fig, ax = new_figure(width, max(2.5, 0.32 * len(facts) + 1.6))
    labels = []
    for y, fact in enumerate(facts):
        fact_rows = rows.loc[rows["fact"] == fact]
        readings = _readings(fact_rows)
        label = _shorten(str(fact_rows["name"].iloc[0]), max_label)
        if len(readings) > 1:
            x0 = mdates.date2num(readings["interval_start"].min())
            x1 = mdates.date2num(readings["interval_end"].max()) + 1
            ax.add_patch(Rectangle((x0, y - 0.42), x1 - x0, 0.84, facecolor="#eeeeee",
                                   edgecolor="#888888", linestyle="--", linewidth=0.6,
                                   gid=f"dispute:{fact}", zorder=1))
            label += f" ({len(readings)} readings)"
        height = 0.7 / len(readings)
        for k, reading in readings.iterrows():
            _draw_reading(ax, reading, y - 0.35 + (k + 0.5) * height, height * 0.85)
        labels.append(label)
    ax.set_yticks(range(len(facts)), labels)
    ax.set_ylim(len(facts) - 0.5, -0.5)
    ax.set_xlim(mdates.date2num(start - pd.Timedelta(days=15)),
                mdates.date2num(end + pd.Timedelta(days=16)))
    ax.xaxis_date()
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="y", visible=False)
    handles = [Line2D([], [], marker=KIND_STYLES[k][1], color=KIND_STYLES[k][0],
                      markeredgecolor="#333333", markeredgewidth=0.5, linestyle="none",
                      label=k.replace("_", " ")) for k in KIND_STYLES if k in set(kinds)]
    handles.append(Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="#555555",
                             hatch="////", label="imprecise date"))
    if rows["disputed"].any():
        handles.append(Rectangle((0, 0), 1, 1, facecolor="#eeeeee", edgecolor="#888888",
                                 linestyle="--", label="disputed: range of readings"))
    fig.legend(handles=handles, loc="outside upper center", ncols=5, fontsize=7)
    ax.set_xlabel("Date")
    ax.set_title(title or f"Events, {start:%d %b %Y} – {end:%d %b %Y}")
    add_source(fig, source_line)
    return fig
