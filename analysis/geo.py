"""Maps, the computing half: where the events happened and who held the cities.

This module takes tables and returns tables: the events counted per place
(:func:`events_by_place`), the places the reference map draws
(:func:`reference_places`), the roads as lines through their towns
(:func:`road_lines`), and which side held each city on given days, as far as
sourced event rows say (:func:`city_control`). It reads no file (the
boundaries and the roads are read by :mod:`analysis.data`) and draws nothing
(:mod:`analysis.geo_plots` draws the maps).

Places are points in WGS84 longitude and latitude.

Examples
--------
>>> from analysis.data import load_dataset, load_roads
>>> places = load_dataset().places
>>> lines = road_lines(load_roads(), places)
>>> lines.set_index("road_id").loc["kabul_peshawar", "lons"][0] == float(
...     places.set_index("place_id").loc["kabul", "lon"])
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.checks import require_columns

__all__ = [
    "AFGHANISTAN_EXTENT",
    "SMALL_MAP_EXTENT",
    "REFERENCE_KINDS",
    "events_by_place",
    "reference_places",
    "road_lines",
    "CONTROL_FACTS",
    "CONTROL_EVENTS",
    "control_records",
    "HOLD_DAYS",
    "city_control",
]

#: The default map window (west, east, south, north) in degrees.
AFGHANISTAN_EXTENT: tuple[float, float, float, float] = (60.0, 75.5, 29.0, 39.5)
#: The window of the small maps (cities of the control map, places of the phases).
SMALL_MAP_EXTENT: tuple[float, float, float, float] = (60.3, 73.8, 29.3, 38.6)
#: The kinds of place the reference map draws, in order of precedence.
REFERENCE_KINDS: tuple[str, ...] = ("city", "border_crossing", "pass", "town", "airfield")


_PLACE_COLUMNS = ("place_id", "name", "kind", "lat", "lon")


def events_by_place(events: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Count the events at each place, with the place's coordinates.

    Readings of one fact (rows sharing a ``fact_id``) count once per place.

    Parameters
    ----------
    events
        The ``events`` table (``event_id``, ``fact_id``, ``place_id``).
    places
        The ``places`` table (``place_id``, ``name``, ``kind``, ``lat``,
        ``lon``; ``province`` is kept if present).

    Returns
    -------
    pandas.DataFrame
        One row per place with at least one event: ``place_id``, ``name``,
        ``kind``, ``province``, ``lat``, ``lon``, ``events`` (distinct facts),
        ``readings`` (event rows) and ``located`` (False where the place has
        no coordinates). Events without a place are not dropped: they form a
        last row whose ``place_id`` is missing and ``name`` is
        ``"(no place given)"``, so ``readings`` always sums to the number of
        events. Sorted by ``events`` (descending), then name.

    Raises
    ------
    ValueError
        For a missing column or a ``place_id`` that is not in ``places``.

    Examples
    --------
    >>> import pandas as pd
    >>> places = pd.DataFrame({"place_id": ["kabul", "khost"], "name": ["Kabul", "Khost"],
    ...     "kind": ["city", "city"], "lat": [34.5, None], "lon": [69.2, None]})
    >>> events = pd.DataFrame({"event_id": ["a", "b", "c"], "fact_id": ["a", "b", "b"],
    ...     "place_id": ["kabul", "khost", "khost"]})
    >>> events_by_place(events, places)[["place_id", "events", "readings", "located"]].values
    array([['kabul', 1, 1, True],
           ['khost', 1, 2, False]], dtype=object)
    """
    for frame, what, columns in ((events, "events", ("event_id", "fact_id", "place_id")),
                                 (places, "places", _PLACE_COLUMNS)):
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise ValueError(f"{what} lacks the column(s) {', '.join(map(repr, missing))}")
    place = events["place_id"].astype("object")
    unknown = sorted(set(place.dropna()) - set(places["place_id"]))
    if unknown:
        raise ValueError(f"place_id(s) {', '.join(map(repr, unknown))} are not in places")
    fact = events["fact_id"].astype("object").fillna(events["event_id"].astype("object"))
    tally = pd.DataFrame({"place_id": place, "fact": fact}).groupby(
        "place_id", dropna=False, sort=False).agg(events=("fact", "nunique"),
                                                  readings=("fact", "size"))
    info = places.assign(province=places["province"] if "province" in places.columns
                         else pd.NA)[["place_id", "name", "kind", "province", "lat", "lon"]]
    info = info.astype({"place_id": "object", "name": "object", "kind": "object",
                        "province": "object", "lat": float, "lon": float})
    tally = tally.reset_index().astype({"place_id": "object"})
    out = tally.merge(info, on="place_id", how="left")
    out["name"] = out["name"].where(out["place_id"].notna(), "(no place given)")
    out["located"] = out["lat"].notna() & out["lon"].notna()
    out["_unplaced"] = out["place_id"].isna()
    out = out.sort_values(["_unplaced", "events", "name"], ascending=[True, False, True],
                          kind="stable")
    columns = ["place_id", "name", "kind", "province", "lat", "lon", "events", "readings",
               "located"]
    return out[columns].astype({"events": int, "readings": int}).reset_index(drop=True)


def reference_places(places: pd.DataFrame, extent: Sequence[float] = AFGHANISTAN_EXTENT,
                     capital: str = "kabul", min_gap: float = 0.2) -> pd.DataFrame:
    """The places the reference map draws: cities, crossings, passes, towns, airfields.

    Places with coordinates inside the window, of a kind in
    :data:`REFERENCE_KINDS`; a place closer than ``min_gap`` degrees to one
    already kept (cities first) is left out, so that an airport does not sit
    on its city.

    Returns
    -------
    pandas.DataFrame
        ``place_id``, ``name``, ``kind`` (``capital`` for ``capital``),
        ``lon``, ``lat``, in order of precedence then name.

    Examples
    --------
    >>> from analysis.data import load_dataset
    >>> table = reference_places(load_dataset().places)
    >>> "kabul_airport" in set(table["place_id"]), table.iloc[0]["kind"]
    (False, 'capital')
    """
    west, east, south, north = extent
    rank = {k: i for i, k in enumerate(REFERENCE_KINDS)}
    table = places.loc[places["kind"].isin(REFERENCE_KINDS)
                       & places["lon"].between(west, east) & places["lat"].between(south, north)]
    table = table.assign(_rank=[-1 if p == capital else rank[k]
                                for p, k in zip(table["place_id"], table["kind"], strict=True)])
    table = table.sort_values(["_rank", "name"], kind="stable")
    kept: list[dict[str, object]] = []
    for row in table.itertuples():
        if all(np.hypot(row.lon - k["lon"], row.lat - k["lat"]) >= min_gap for k in kept):
            kept.append({"place_id": row.place_id, "name": str(row.name).removesuffix(" Airfield"),
                         "kind": "capital" if row.place_id == capital else row.kind,
                         "lon": float(row.lon), "lat": float(row.lat)})
    return pd.DataFrame(kept, columns=["place_id", "name", "kind", "lon", "lat"])


def road_lines(roads: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """The roads with the coordinates of the towns each joins, in order.

    Parameters
    ----------
    roads
        The roads table (:func:`analysis.data.load_roads`): ``road_id`` and
        ``places``, the ids it joins separated by ``;``.
    places
        The ``places`` table (``place_id``, ``lon``, ``lat``).

    Returns
    -------
    pandas.DataFrame
        ``roads`` with ``lons`` and ``lats`` (tuples, in the order of
        ``places``).

    Raises
    ------
    ValueError
        For a missing column, or a road naming a place that ``places`` lacks
        or that has no coordinates.

    Examples
    --------
    >>> import pandas as pd
    >>> places = pd.DataFrame({"place_id": ["a", "b"], "lon": [69.2, 70.4],
    ...                        "lat": [34.5, 34.4]})
    >>> roads = pd.DataFrame({"road_id": ["ab"], "places": ["a;b"]})
    >>> road_lines(roads, places)[["lons", "lats"]].iloc[0].tolist()
    [(69.2, 70.4), (34.5, 34.4)]
    """
    require_columns(roads, ("road_id", "places"), "roads")
    require_columns(places, ("place_id", "lon", "lat"), "places")
    where = places.set_index("place_id")[["lon", "lat"]].astype(float)
    lons, lats = [], []
    for road_id, joined in zip(roads["road_id"], roads["places"], strict=True):
        ids = str(joined).split(";")
        unknown = [p for p in ids if p not in where.index]
        if unknown:
            raise ValueError(f"road {road_id}: unknown place(s) {', '.join(unknown)}")
        located = where.loc[ids]
        unlocated = located.index[located.isna().any(axis=1)].tolist()
        if unlocated:
            raise ValueError(f"road {road_id}: place(s) {', '.join(unlocated)} have no "
                             "coordinates")
        lons.append(tuple(located["lon"].tolist()))
        lats.append(tuple(located["lat"].tolist()))
    return roads.assign(lons=lons, lats=lats)


# ---------------------------------------------------------------------------
# Who held the cities: only what sourced event rows record
# ---------------------------------------------------------------------------

#: The facts whose readings record who held a city, as fact id -> (place id,
#: side before, side after): every reading of the fact placed at that city
#: counts. A fact whose two sides are the same records a city held against
#: an attack, the others a change of hands. The sides are read from the
#: readings' outcomes.
CONTROL_FACTS: dict[str, tuple[str, str, str]] = {
    "kunduz_1988": ("kunduz", "government", "government"),
    "khost_1991": ("khost", "government", "mujahideen"),
    "mazar_takeover_1992": ("mazar_i_sharif", "government", "northern coalition"),
    "najibullah_ouster_1992": ("kabul", "government", "contested"),
}
#: Single event rows that record who held a city, as event id -> (place id,
#: side before, side after), for facts whose other readings are about
#: something else (the battle of Jalalabad beyond the city, Dostum's
#: defection beyond Mazar-i-Sharif).
CONTROL_EVENTS: dict[str, tuple[str, str, str]] = {
    "jalalabad_1989": ("jalalabad", "government", "government"),
    "dostum_defection_1992_csi": ("mazar_i_sharif", "government", "northern coalition"),
    "dostum_defection_1992": ("mazar_i_sharif", "government", "northern coalition"),
}


def control_records(events: pd.DataFrame) -> dict[str, tuple[str, str, str]]:
    """Event id -> (place id, side before, side after) of every row that records who held a city.

    The rows of :data:`CONTROL_FACTS` placed at their city, and the rows of
    :data:`CONTROL_EVENTS`.

    Raises
    ------
    ValueError
        For a fact or event named above that the table lacks.

    Examples
    --------
    >>> from analysis.data import load_dataset
    >>> records = control_records(load_dataset().events)
    >>> sorted({place for place, _, _ in records.values()})
    ['jalalabad', 'kabul', 'khost', 'kunduz', 'mazar_i_sharif']
    """
    facts = events["fact_id"].astype("object").fillna(events["event_id"].astype("object"))
    missing = sorted(set(CONTROL_FACTS) - set(facts)) + sorted(
        set(CONTROL_EVENTS) - set(events["event_id"]))
    if missing:
        raise ValueError(f"control record(s) {', '.join(missing)} are not in events")
    out: dict[str, tuple[str, str, str]] = {}
    for event_id, fact, place in zip(events["event_id"], facts, events["place_id"],
                                     strict=True):
        if fact in CONTROL_FACTS and place == CONTROL_FACTS[fact][0]:
            out[str(event_id)] = CONTROL_FACTS[fact]
    out.update(CONTROL_EVENTS)
    return out


#: How long a record of a city held against an attack counts (days).
HOLD_DAYS: int = 365
_CONTROL_COLUMNS = ["date", "place_id", "name", "lon", "lat", "side", "certainty", "records",
                    "sources", "note"]


def city_control(events: pd.DataFrame, places: pd.DataFrame, dates: Iterable[object],
                 extra: Iterable[str] = (),
                 records: Mapping[str, tuple[str, str, str]] | None = None) -> pd.DataFrame:
    """Which side held each city on given days, as far as sourced event rows say.

    For each city of :func:`control_records` (and each place of ``extra``,
    drawn without a record): a change of hands gives the side before it
    until its earliest reading and the side after it from its latest
    reading on; between them, where the readings of the date disagree, the
    city is ``disputed``. A city held against an attack counts as held for
    :data:`HOLD_DAYS` days from the attack. Otherwise: ``no sourced
    record``. Dates of a reading are read at their precision (a month or a
    year spans the whole period).

    Returns
    -------
    pandas.DataFrame
        One row per date and city: ``date``, ``place_id``, ``name``,
        ``lon``, ``lat``, ``side``, ``certainty`` (``recorded``,
        ``disputed`` or ``none``), ``records`` (event ids), ``sources``
        (their bibliography keys) and ``note`` (in words).

    Examples
    --------
    >>> from analysis.data import load_dataset
    >>> ds = load_dataset()
    >>> out = city_control(ds.events, ds.places, ["1991-06-01"])
    >>> out.set_index("place_id").loc["khost", "side"]
    'mujahideen'
    >>> out.set_index("place_id").loc["jalalabad", "side"]
    'no sourced record'
    """
    from analysis.dates import period_ends
    from analysis.prose import format_date

    records = dict(records or control_records(events))
    rows = events.set_index("event_id")
    unknown = sorted(set(records) - set(rows.index))
    if unknown:
        raise ValueError(f"control record(s) {', '.join(unknown)} are not in events")
    where = places.set_index("place_id")
    by_place: dict[str, list[str]] = {}
    for event_id, (place, _, _) in records.items():
        by_place.setdefault(place, []).append(event_id)
    for place in extra:
        by_place.setdefault(str(place), [])
    out = []
    for day in pd.to_datetime(list(dates)):
        for place, ids in by_place.items():
            starts = {e: pd.Timestamp(rows.loc[e, "start_date"]) for e in ids}
            lasts = {e: pd.Timestamp(period_ends(pd.Series([starts[e]]),
                                                 pd.Series([rows.loc[e, "start_precision"]]))[0])
                     for e in ids}
            side, certainty, used, note = "no sourced record", "none", [], "no sourced row"
            changes = [e for e in ids if records[e][1] != records[e][2]]
            holds = [e for e in ids if records[e][1] == records[e][2]]
            if changes:
                before, after = records[changes[0]][1], records[changes[0]][2]
                earliest = min(changes, key=lambda e: (starts[e], e))
                first = starts[earliest]
                last = max(lasts[e] for e in changes)
                precision = str(rows.loc[earliest, "start_precision"])
                used = changes
                if day < first:
                    side, certainty = before, "recorded"
                    note = f"{before} until the change of hands ({_span(first, last, precision)})"
                elif day > last:
                    side, certainty = after, "recorded"
                    note = f"{after} since the change of hands ({_span(first, last, precision)})"
                else:
                    side, certainty = "disputed", "disputed"
                    note = f"the sources date the change of hands {_span(first, last, precision)}"
            live = [e for e in holds if starts[e] <= day <= lasts[e] + pd.Timedelta(days=HOLD_DAYS)]
            if live and certainty == "none":
                held = records[live[0]][2]
                side, certainty, used = held, "recorded", live
                when = format_date(starts[live[0]], str(rows.loc[live[0], "start_precision"]))
                note = f"{held}, held against the attack of {when}"
            sources = sorted({str(rows.loc[e, "source"]) for e in used})
            out.append({"date": day, "place_id": place, "name": str(where.loc[place, "name"]),
                        "lon": float(where.loc[place, "lon"]),
                        "lat": float(where.loc[place, "lat"]), "side": side,
                        "certainty": certainty, "records": tuple(used),
                        "sources": tuple(sources), "note": note})
    return pd.DataFrame(out, columns=_CONTROL_COLUMNS)


def _span(first: pd.Timestamp, last: pd.Timestamp, precision: str = "day") -> str:
    from analysis.prose import format_date

    if first.normalize() == last.normalize():
        return f"on {format_date(first, 'day')}"
    return f"between {format_date(first, precision)} and {format_date(last, 'day')}"
