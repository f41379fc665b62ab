"""UCDP data: read the standard files and map them into this project's tables.

The book transcribes a few UCDP figures by hand (see ``data/``). A researcher
who wants to extend it with the full data can read the public UCDP files
with the loaders here and turn them into rows shaped like the project's
``estimates``, ``events``, ``event_participants`` and ``relations``.

Readers
    :func:`read_ged` (Georeferenced Event Dataset, GED 23.1),
    :func:`read_acd` (UCDP/PRIO Armed Conflict Dataset),
    :func:`read_nonstate` (Non-State Conflict Dataset) and
    :func:`read_actors` (Actor Dataset) each check that the columns of the
    public codebook that the mappings use are present (a :class:`ValueError`
    names the file and the missing columns), type the columns they know and
    keep every other column as text. Like :mod:`analysis.data`, they read
    files: they are loaders, of external data.

Mappings
    UCDP actor ids become project ``actor_id`` through the ``ucdp_actor_id``
    column of the project's ``actors`` table (:func:`actor_map_from_actors`).
    A UCDP id with no project actor is never dropped: the mapping functions
    collect all of them and raise one :class:`ValueError` that lists every
    unknown id with its UCDP name, so the actors table can be completed first.

Dates in GED
    ``date_start`` and ``date_end`` are the earliest and the latest day on
    which an event can have taken place; ``date_prec`` says how precisely
    the sources date it. From memory of the GED codebook (check the codebook
    of the version you use): 1 = the exact day, 2 = a span of 2-6 days,
    3 = the week, 4 = the month or a span of 8-30 days, 5 = the year or a
    longer span. :func:`ged_to_events` therefore derives the project's
    precision from the window itself, not from the code: one day -> ``day``;
    a window inside one calendar month -> that month (``month`` precision);
    inside one calendar year -> ``year``; a window that crosses a year
    boundary is kept as ``date_start``..``date_end`` with ``day`` precision
    and a note saying that it is a window of uncertainty, not a duration.
    The exact GED dates and ``date_prec`` always go into the note.

Ties already in the data
    The relations mapped from the ACD and the non-state dataset may repeat a
    tie that the project already holds, transcribed by hand (the same pair
    of actors, the same type, overlapping dates). :func:`repeated_ties` lists
    such pairs with both ids; given ``existing=``, the two mappers raise one
    :class:`ValueError` naming every repeat, or drop the repeats when asked.

Examples
--------
>>> import io
>>> csv = ("ActorId,NameData,Org,ConflictId,DyadId,Location,Version\\n"
...        "9001,SYNTHETIC Rebels,1,9100,9200,Testland,0.0\\n")
>>> read_actors(io.StringIO(csv))[["ActorId", "NameData"]].to_dict("records")
[{'ActorId': 9001, 'NameData': 'SYNTHETIC Rebels'}]
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import IO

import pandas as pd

__all__ = [
    "GED_TYPES",
    "ACD_TYPES",
    "NONSTATE_TYPES",
    "ACTOR_TYPES",
    "GED_REQUIRED",
    "ACD_REQUIRED",
    "NONSTATE_REQUIRED",
    "ACTOR_REQUIRED",
    "VIOLENCE",
    "ESTIMATE_COLUMNS",
    "EVENT_COLUMNS",
    "PARTICIPANT_COLUMNS",
    "RELATION_COLUMNS",
    "parse_ids",
    "read_ged",
    "read_acd",
    "read_nonstate",
    "read_actors",
    "actor_map_from_actors",
    "ged_to_estimates",
    "ged_to_events",
    "ged_to_participants",
    "acd_to_relations",
    "nonstate_to_relations",
    "repeated_ties",
]

Source = str | PathLike | IO[str]

# Column types of the public files ("ids" = a comma-separated list of ids, kept as text).
#: GED 23.1 event file (GEDEvent_v23_1.csv), every column of the codebook.
GED_TYPES: dict[str, str] = {
    "id": "int", "relid": "str", "year": "int", "active_year": "str", "code_status": "str",
    "type_of_violence": "int", "conflict_dset_id": "str", "conflict_new_id": "int",
    "conflict_name": "str", "dyad_dset_id": "str", "dyad_new_id": "int", "dyad_name": "str",
    "side_a_dset_id": "str", "side_a_new_id": "int", "side_a": "str", "side_b_dset_id": "str",
    "side_b_new_id": "int", "side_b": "str", "number_of_sources": "int",
    "source_article": "str", "source_office": "str", "source_date": "str",
    "source_headline": "str", "source_original": "str", "where_prec": "int",
    "where_coordinates": "str", "where_description": "str", "adm_1": "str", "adm_2": "str",
    "latitude": "float", "longitude": "float", "geom_wkt": "str", "priogrid_gid": "int",
    "country": "str", "country_id": "int", "region": "str", "event_clarity": "int",
    "date_prec": "int", "date_start": "date", "date_end": "date", "deaths_a": "int",
    "deaths_b": "int", "deaths_civilians": "int", "deaths_unknown": "int", "best": "int",
    "high": "int", "low": "int", "gwnoa": "str", "gwnob": "str",
}
#: UCDP/PRIO Armed Conflict Dataset (conflict-year file).
ACD_TYPES: dict[str, str] = {
    "conflict_id": "int", "location": "str", "side_a": "str", "side_a_id": "ids",
    "side_a_2nd": "str", "side_b": "str", "side_b_id": "ids", "side_b_2nd": "str",
    "incompatibility": "int", "territory_name": "str", "year": "int",
    "intensity_level": "int", "cumulative_intensity": "int", "type_of_conflict": "int",
    "start_date": "date", "start_prec": "int", "start_date2": "date", "start_prec2": "int",
    "ep_end": "int", "ep_end_date": "date", "ep_end_prec": "int", "gwno_a": "str",
    "gwno_a_2nd": "str", "gwno_b": "str", "gwno_b_2nd": "str", "gwno_loc": "str",
    "region": "str", "version": "str",
}
#: UCDP Non-State Conflict Dataset (dyad-year file).
NONSTATE_TYPES: dict[str, str] = {
    "conflict_id": "int", "dyad_id": "int", "org": "int", "side_a_name": "str",
    "side_a_name_fulltext": "str", "side_a_name_mothertongue": "str", "side_a_id": "ids",
    "side_a_components": "str", "side_a_2nd": "str", "gwno_a_2nd": "str",
    "side_b_name": "str", "side_b_name_fulltext": "str", "side_b_name_mothertongue": "str",
    "side_b_id": "ids", "side_b_components": "str", "side_b_2nd": "str", "gwno_b_2nd": "str",
    "start_date": "date", "start_prec": "int", "start_date2": "date", "start_prec2": "int",
    "ep_end": "int", "ep_end_date": "date", "ep_end_prec": "int", "year": "int",
    "best_fatality_estimate": "int", "low_fatality_estimate": "int",
    "high_fatality_estimate": "int", "location": "str", "gwno_location": "str",
    "region": "str", "version": "str",
}
#: UCDP Actor Dataset (the columns this module types; others are kept as text).
ACTOR_TYPES: dict[str, str] = {
    "ActorId": "int", "NameData": "str", "NameOrig": "str", "NameOrigFull": "str",
    "NameOrigFullEng": "str", "Org": "int", "ConflictId": "ids", "DyadId": "ids",
    "Location": "str", "GWNOLoc": "str", "Region": "str", "Version": "str",
}

#: Columns each reader requires (those the mappings use).
GED_REQUIRED: tuple[str, ...] = (
    "id", "year", "type_of_violence", "conflict_new_id", "conflict_name", "dyad_new_id",
    "dyad_name", "side_a_new_id", "side_a", "side_b_new_id", "side_b", "where_prec",
    "latitude", "longitude", "country", "date_start", "date_end", "date_prec", "deaths_a",
    "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
)
ACD_REQUIRED: tuple[str, ...] = (
    "conflict_id", "location", "side_a", "side_a_id", "side_a_2nd", "side_b", "side_b_id",
    "side_b_2nd", "incompatibility", "year", "intensity_level", "type_of_conflict", "version",
)
NONSTATE_REQUIRED: tuple[str, ...] = (
    "conflict_id", "dyad_id", "org", "side_a_name", "side_a_id", "side_b_name", "side_b_id",
    "year", "best_fatality_estimate", "low_fatality_estimate", "high_fatality_estimate",
    "location", "version",
)
ACTOR_REQUIRED: tuple[str, ...] = ("ActorId", "NameData", "Org", "ConflictId", "DyadId",
                                   "Location", "Version")

# Columns that must hold a value in every row.
_GED_FILLED = ("id", "year", "type_of_violence", "dyad_new_id", "side_a_new_id",
               "side_b_new_id", "date_start", "date_end", "date_prec", "deaths_a", "deaths_b",
               "deaths_civilians", "deaths_unknown", "best", "high", "low")
_ACD_FILLED = ("conflict_id", "year", "side_a_id", "side_b_id")
_NONSTATE_FILLED = ("conflict_id", "dyad_id", "year", "side_a_id", "side_b_id",
                    "best_fatality_estimate", "low_fatality_estimate", "high_fatality_estimate")
_ACTOR_FILLED = ("ActorId", "NameData")

#: GED's ``type_of_violence`` codes, each with a slug used in ids and a description.
VIOLENCE: dict[int, tuple[str, str]] = {
    1: ("battle", "state-based conflict"),
    2: ("nonstate", "non-state conflict"),
    3: ("onesided", "one-sided violence"),
}

#: The project's table columns, in contract order (data/COLUMNS.md).
ESTIMATE_COLUMNS: tuple[str, ...] = (
    "estimate_id", "fact_id", "subject_type", "subject_id", "quantity", "category", "actor_id",
    "low", "best", "high", "unit", "period_start", "period_end", "period_precision", "source",
    "locator", "confidence", "note")
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "fact_id", "name", "kind", "start_date", "start_precision", "end_date",
    "end_precision", "place_id", "outcome", "summary", "source", "locator", "confidence",
    "note")
PARTICIPANT_COLUMNS: tuple[str, ...] = (
    "event_id", "actor_id", "side", "role", "source", "locator", "confidence", "note")
RELATION_COLUMNS: tuple[str, ...] = (
    "relation_id", "fact_id", "actor_a", "actor_b", "type", "sign", "directed", "start_date",
    "start_precision", "end_date", "end_precision", "event_id", "source", "locator",
    "confidence", "note")

_DATE_COLUMNS = {"period_start", "period_end", "start_date", "end_date"}
_FLOAT_COLUMNS = {"low", "best", "high"}


# --- reading ----------------------------------------------------------------------------

def parse_ids(value: object) -> list[int]:
    """Split a UCDP id list (``"292, 294"``) into integers; empty gives ``[]``.

    Examples
    --------
    >>> parse_ids("292, 294, 299"), parse_ids(130), parse_ids("")
    ([292, 294, 299], [130], [])
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    parts = [p.strip() for p in str(value).split(",") if p.strip()]
    try:
        return [int(float(p)) for p in parts]
    except ValueError:
        raise ValueError(f"{value!r} is not a list of UCDP ids") from None


def _name(source: Source) -> str:
    if isinstance(source, (str, PathLike)):
        return Path(source).name
    return getattr(source, "name", "<buffer>")


def _bad(file: str, column: str, mask: pd.Series, what: str) -> ValueError:
    records = (mask[mask].index + 1).tolist()
    shown = ", ".join(map(str, records[:10])) + (" ..." if len(records) > 10 else "")
    return ValueError(f"{file}: column '{column}' {what} in record(s) {shown}")


def _typed(raw: pd.Series, kind: str, file: str, column: str) -> pd.Series:
    text = raw.str.strip()
    empty = text == ""
    if kind in ("str", "ids"):
        if kind == "ids":
            for value in text[~empty]:
                try:
                    parse_ids(value)
                except ValueError:
                    raise _bad(file, column, text == value, "is not a list of ids") from None
        return text.where(~empty, None).astype("str")
    if kind == "date":
        parsed = pd.to_datetime(text.where(~empty, None), format="ISO8601", errors="coerce")
        if (parsed.isna() & ~empty).any():
            raise _bad(file, column, parsed.isna() & ~empty, "is not a date")
        return parsed.dt.normalize().astype("datetime64[ns]")
    numbers = pd.to_numeric(text.where(~empty, None), errors="coerce")
    if (numbers.isna() & ~empty).any():
        raise _bad(file, column, numbers.isna() & ~empty, "is not a number")
    if kind == "float":
        return numbers.astype("float64")
    if (numbers.dropna() % 1 != 0).any():
        raise _bad(file, column, numbers.notna() & (numbers % 1 != 0), "is not a whole number")
    return numbers.astype("Int64")


def _read(source: Source, types: Mapping[str, str], required: Iterable[str],
          filled: Iterable[str]) -> pd.DataFrame:
    """Read a UCDP file in one pass of pandas' C parser, typing as it reads.

    Numbers are parsed by the parser itself (whole numbers as ``Int64``),
    dates from the text; a file with a value that does not fit its column is
    read again as text, and :func:`_typed` names the column and the records
    at fault.
    """
    file = _name(source)
    if not isinstance(source, (str, PathLike)):
        source = io.StringIO(source.read())
    numeric = {"int": "Int64", "float": "float64"}
    dtypes = defaultdict(lambda: "str", {c: numeric[k] for c, k in types.items() if k in numeric})
    options = {"keep_default_na": False, "na_values": [""], "skipinitialspace": True}
    try:
        raw, fast = pd.read_csv(source, dtype=dtypes, **options), True
    except (ValueError, TypeError, OverflowError):
        if isinstance(source, io.StringIO):
            source.seek(0)
        raw, fast = pd.read_csv(source, dtype="str", **options), False
    missing = [c for c in required if c not in raw.columns]
    if missing:
        raise ValueError(f"{file}: missing required column(s) {', '.join(map(repr, missing))}")
    for column in raw.columns:
        kind = types.get(column, "str")
        if fast and kind in numeric:
            continue
        values = raw[column]
        if kind == "date":
            parsed = pd.to_datetime(values, format="ISO8601", errors="coerce")
            if not (parsed.isna() & values.notna()).any():
                raw[column] = parsed.dt.normalize().astype("datetime64[ns]")
                continue
        if kind != "str":
            raw[column] = _typed(values.fillna(""), kind, file, column)
    for column in filled:
        if raw[column].isna().any():
            raise _bad(file, column, raw[column].isna(), "is empty")
    return raw


def read_ged(path: Source) -> pd.DataFrame:
    """Read a UCDP GED event file (CSV, GED 23.1 codebook columns).

    Parameters
    ----------
    path
        A path or an open text buffer.

    Returns
    -------
    pandas.DataFrame
        One row per event: ids, years, counts and precisions as ``Int64``,
        coordinates as floats, ``date_start``/``date_end`` as dates, every
        other column as text.

    Raises
    ------
    ValueError
        Naming the file and the missing columns (:data:`GED_REQUIRED`), or a
        column and the records whose values are empty or not of its type.

    Examples
    --------
    >>> import io
    >>> header = ",".join(GED_REQUIRED)
    >>> row = ("900001,1990,1,9100,SYNTHETIC: Government,9200,SYNTHETIC A - SYNTHETIC B,"
    ...        "9001,SYNTHETIC A,9002,SYNTHETIC B,1,34.5,69.2,Testland,"
    ...        "1990-03-06 00:00:00.000,1990-03-06 00:00:00.000,1,2,3,0,0,5,7,4")
    >>> ged = read_ged(io.StringIO(header + "\\n" + row + "\\n"))
    >>> ged.loc[0, "date_start"], int(ged.loc[0, "best"])
    (Timestamp('1990-03-06 00:00:00'), 5)
    """
    return _read(path, GED_TYPES, GED_REQUIRED, _GED_FILLED)


def read_acd(path: Source) -> pd.DataFrame:
    """Read a UCDP/PRIO Armed Conflict Dataset file (one row per conflict and year).

    ``side_a_id`` and ``side_b_id`` stay text (UCDP writes lists such as
    ``"292, 294"``; see :func:`parse_ids`). Raises like :func:`read_ged`.

    Examples
    --------
    >>> import io
    >>> csv = (",".join(ACD_REQUIRED) + "\\n"
    ...        + '9100,Testland,SYNTHETIC Gov,9001,,SYNTHETIC B,"9002, 9003",,2,1990,1,3,0\\n')
    >>> parse_ids(read_acd(io.StringIO(csv)).loc[0, "side_b_id"])
    [9002, 9003]
    """
    return _read(path, ACD_TYPES, ACD_REQUIRED, _ACD_FILLED)


def read_nonstate(path: Source) -> pd.DataFrame:
    """Read a UCDP Non-State Conflict Dataset file (one row per dyad and year).

    Raises like :func:`read_ged`.

    Examples
    --------
    >>> import io
    >>> csv = (",".join(NONSTATE_REQUIRED) + "\\n"
    ...        + "9300,9400,1,SYNTHETIC A,9001,SYNTHETIC B,9002,1990,30,25,40,Testland,0\\n")
    >>> int(read_nonstate(io.StringIO(csv)).loc[0, "best_fatality_estimate"])
    30
    """
    return _read(path, NONSTATE_TYPES, NONSTATE_REQUIRED, _NONSTATE_FILLED)


def read_actors(path: Source) -> pd.DataFrame:
    """Read a UCDP Actor Dataset file (one row per actor).

    Raises like :func:`read_ged`. See the module's example.

    Examples
    --------
    >>> import io
    >>> read_actors(io.StringIO("ActorId,NameData\\n1,x\\n"))
    Traceback (most recent call last):
    ...
    ValueError: <buffer>: missing required column(s) 'Org', 'ConflictId', 'DyadId', \
'Location', 'Version'
    """
    return _read(path, ACTOR_TYPES, ACTOR_REQUIRED, _ACTOR_FILLED)


# --- mapping ----------------------------------------------------------------------------

def actor_map_from_actors(actors: pd.DataFrame,
                          ucdp_actors: pd.DataFrame | None = None) -> dict[int, str]:
    """Build the map UCDP ActorId -> project ``actor_id`` from the project's actors table.

    Parameters
    ----------
    actors
        The project's ``actors`` table (``actor_id``, ``ucdp_actor_id``);
        actors without a UCDP id are not in the map.
    ucdp_actors
        Optionally the UCDP Actor Dataset (:func:`read_actors`): every
        ``ucdp_actor_id`` must then be one of its ``ActorId``.

    Raises
    ------
    ValueError
        When one UCDP id is given to several project actors, or an id is not
        in ``ucdp_actors``.

    Examples
    --------
    >>> import pandas as pd
    >>> actors = pd.DataFrame({"actor_id": ["gov_afg", "hig", "usa"],
    ...     "ucdp_actor_id": pd.array([130, 299, None], dtype="Int64")})
    >>> actor_map_from_actors(actors)
    {130: 'gov_afg', 299: 'hig'}
    """
    for column in ("actor_id", "ucdp_actor_id"):
        if column not in actors.columns:
            raise ValueError(f"actors lacks the column '{column}'")
    rows = actors.loc[actors["ucdp_actor_id"].notna(), ["actor_id", "ucdp_actor_id"]]
    ids = rows["ucdp_actor_id"].astype(int)
    shared = rows.groupby(ids)["actor_id"].agg(lambda a: sorted(set(map(str, a))))
    shared = shared[shared.map(len) > 1]
    if len(shared):
        listed = "; ".join(f"{i}: {', '.join(a)}" for i, a in shared.items())
        raise ValueError(f"UCDP actor ids given to several actors: {listed}")
    if ucdp_actors is not None:
        unknown = sorted(set(ids) - set(ucdp_actors["ActorId"].dropna().astype(int)))
        if unknown:
            raise ValueError("ucdp_actor_id(s) not in the UCDP actor list: "
                             f"{', '.join(map(str, unknown))}")
    return dict(sorted(zip(ids.tolist(), rows["actor_id"].astype(str), strict=True)))


def _lookup(pairs: Iterable[tuple[int, str]], actor_map: Mapping[int, str]) -> None:
    """Raise one ValueError naming every UCDP id that has no project actor."""
    unknown: dict[int, set[str]] = {}
    for ucdp_id, name in pairs:
        if ucdp_id not in actor_map:
            unknown.setdefault(ucdp_id, set()).add(name)
    if unknown:
        listed = "; ".join(f"{i} ({' / '.join(sorted(n))})" for i, n in sorted(unknown.items()))
        raise ValueError(f"UCDP actor id(s) with no project actor (set ucdp_actor_id in "
                         f"actors.csv): {listed}")


def _lookup_sides(table: pd.DataFrame, name_a: str, name_b: str,
                  actor_map: Mapping[int, str]) -> None:
    """Check the side ids of every row (``side_a_id``, ``side_b_id``) against the map."""
    pairs = []
    for _, row in table.iterrows():
        pairs += [(i, str(row[name_a])) for i in parse_ids(row["side_a_id"])]
        pairs += [(i, str(row[name_b])) for i in parse_ids(row["side_b_id"])]
    _lookup(pairs, actor_map)


def _frame(rows: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=list(columns))
    for column in columns:
        if column in _DATE_COLUMNS:
            out[column] = pd.to_datetime(out[column]).astype("datetime64[ns]")
        elif column in _FLOAT_COLUMNS:
            out[column] = out[column].astype("float64")
        elif column == "sign":
            out[column] = out[column].astype("Int64")
        elif column == "directed":
            out[column] = out[column].astype("boolean")
        else:
            out[column] = out[column].astype("str")
    return out


def _check_country(ged: pd.DataFrame, country: str | None) -> None:
    if country is None:
        return
    others = ged.loc[ged["country"] != country, "country"]
    if len(others):
        raise ValueError(f"{len(others)} GED event(s) lie outside {country} "
                         f"({', '.join(sorted(set(others.astype(str))))}); select the events "
                         "first or pass country=None")


def _ids_locator(prefix: str, ids: pd.Series, max_ids: int) -> str:
    ids = sorted(ids.astype(int))
    if len(ids) <= max_ids:
        return f"{prefix}, id={' '.join(map(str, ids))}"
    return f"{prefix} ({len(ids)} events, id {ids[0]}..{ids[-1]})"


def ged_to_estimates(ged: pd.DataFrame, actor_map: Mapping[int, str] | None = None, *,
                     by: str = "year", place_id: str = "afghanistan",
                     country: str | None = "Afghanistan", source: str = "ucdp_ged_23_1",
                     fact_id: str = "{violence}_deaths_afg_{year}",
                     max_ids: int = 20) -> pd.DataFrame:
    """Sum GED events into rows shaped like the ``estimates`` table.

    Parameters
    ----------
    ged
        GED events (:func:`read_ged`), already selected (e.g. one country,
        some years).
    actor_map
        UCDP ActorId -> project ``actor_id``; needed for ``by="dyad"``.
    by
        ``"year"``: one row per year and type of violence for the place:
        low, best and high are the sums of the events' ``low``, ``best`` and
        ``high``; category ``all`` (GED's totals include civilians).
        ``"dyad"``: per year and dyad, one row for each side's own dead
        (the sum of ``deaths_a`` or ``deaths_b``; GED gives a single figure,
        so low = best = high), subject and actor the side's project actor,
        category ``combatants``. One-sided violence (type 3) has civilians as
        side B, who are not an actor: only side A's row is written; the
        civilians killed are in the ``"year"`` rows.
    place_id
        The place the yearly rows are about.
    country
        Every event must lie in this GED ``country`` (None: no check).
    source
        The bibliography key.
    fact_id
        Template of the yearly rows' ``fact_id`` (``{violence}`` is
        ``battle``, ``nonstate`` or ``onesided``; ``{year}``), so that they
        share the fact of rows transcribed from the same figures.
    max_ids
        The ``locator`` lists the GED ids up to this many events; beyond,
        it gives the selection, the count and the id range.

    Returns
    -------
    pandas.DataFrame
        The ``estimates`` columns (:data:`ESTIMATE_COLUMNS`), sorted by year.

    Raises
    ------
    ValueError
        For an unknown ``by``, events outside ``country``, or (``"dyad"``) a
        missing ``actor_map`` or UCDP ids not in it (all listed).

    Examples
    --------
    >>> import pandas as pd
    >>> ged = pd.DataFrame({"id": [1, 2], "year": [1990, 1990], "type_of_violence": [1, 1],
    ...     "country": ["Afghanistan"] * 2, "low": [3, 4], "best": [5, 6], "high": [7, 9],
    ...     "deaths_a": [1, 2], "deaths_b": [4, 4], "deaths_civilians": [0, 0],
    ...     "deaths_unknown": [0, 0]})
    >>> ged_to_estimates(ged)[["fact_id", "low", "best", "high", "locator"]].values.tolist()
    [['battle_deaths_afg_1990', 7.0, 11.0, 16.0, 'type_of_violence=1, year=1990, id=1 2']]
    """
    if by not in ("year", "dyad"):
        raise ValueError(f"by must be 'year' or 'dyad', not {by!r}")
    _check_country(ged, country)
    if by == "dyad":
        return _ged_dyad_estimates(ged, actor_map, source, max_ids)
    rows = []
    for (year, violence), group in ged.groupby(["year", "type_of_violence"], sort=True):
        slug, description = VIOLENCE[int(violence)]
        sums = {c: int(group[c].sum()) for c in ("low", "best", "high", "deaths_a", "deaths_b",
                                                 "deaths_civilians", "deaths_unknown")}
        rows.append({
            "estimate_id": f"ucdp_ged_{slug}_{place_id}_{year}",
            "fact_id": fact_id.format(violence=slug, year=year, place=place_id),
            "subject_type": "place", "subject_id": place_id, "quantity": "killed",
            "category": "all", "actor_id": None,
            "low": sums["low"], "best": sums["best"], "high": sums["high"], "unit": "persons",
            "period_start": f"{year}-01-01", "period_end": f"{year}-01-01",
            "period_precision": "year", "source": source,
            "locator": _ids_locator(f"type_of_violence={violence}, year={year}", group["id"],
                                    max_ids),
            "confidence": "high",
            "note": (f"Sum of {len(group)} GED events of {description} in {year}. Best estimate "
                     f"by status: side A {sums['deaths_a']}, side B {sums['deaths_b']}, "
                     f"civilians {sums['deaths_civilians']}, unknown "
                     f"{sums['deaths_unknown']}."),
        })
    return _frame(rows, ESTIMATE_COLUMNS)


def _ged_dyad_estimates(ged: pd.DataFrame, actor_map: Mapping[int, str] | None, source: str,
                        max_ids: int) -> pd.DataFrame:
    if actor_map is None:
        raise ValueError("by='dyad' needs actor_map (UCDP ActorId -> actor_id)")
    armed_b = ged["type_of_violence"] != 3
    _lookup(list(zip(ged["side_a_new_id"].astype(int), ged["side_a"].astype(str),
                     strict=True))
            + list(zip(ged.loc[armed_b, "side_b_new_id"].astype(int),
                       ged.loc[armed_b, "side_b"].astype(str), strict=True)), actor_map)
    rows = []
    for (year, dyad), group in ged.groupby(["year", "dyad_new_id"], sort=True):
        first = group.iloc[0]
        sides = ["a"] if int(first["type_of_violence"]) == 3 else ["a", "b"]
        for side in sides:
            actor = actor_map[int(first[f"side_{side}_new_id"])]
            dead = int(group[f"deaths_{side}"].sum())
            rows.append({
                "estimate_id": f"ucdp_ged_dyad_{dyad}_{side}_{year}",
                "fact_id": f"ged_dyad_{dyad}_{actor}_deaths_{year}",
                "subject_type": "actor", "subject_id": actor, "quantity": "killed",
                "category": "combatants", "actor_id": actor,
                "low": dead, "best": dead, "high": dead, "unit": "persons",
                "period_start": f"{year}-01-01", "period_end": f"{year}-01-01",
                "period_precision": "year", "source": source,
                "locator": _ids_locator(f"dyad_new_id={dyad}, year={year}", group["id"],
                                        max_ids),
                "confidence": "high",
                "note": (f"Deaths of side {side.upper()} ({first[f'side_{side}']}) in the GED "
                         f"dyad {first['dyad_name']}, {year}: sum of deaths_{side} over "
                         f"{len(group)} events. GED gives one best estimate per side, "
                         "recorded as low = best = high."),
            })
    return _frame(rows, ESTIMATE_COLUMNS)


def _window(start: pd.Timestamp, end: pd.Timestamp) -> tuple[pd.Timestamp, str, object, object]:
    """GED's window of possible dates -> (start_date, precision, end_date, end_precision)."""
    if start == end:
        return start, "day", None, None
    if (start.year, start.month) == (end.year, end.month):
        return start.replace(day=1), "month", None, None
    if start.year == end.year:
        return start.replace(month=1, day=1), "year", None, None
    return start, "day", end, "day"


def ged_to_events(ged: pd.DataFrame, *, place_id: str = "afghanistan",
                  country: str | None = "Afghanistan", source: str = "ucdp_ged_23_1",
                  kinds: Mapping[int, str] | None = None) -> pd.DataFrame:
    """Turn GED events into rows shaped like the ``events`` table.

    Dates follow the module's rule (a window of possible dates becomes the
    month or year it lies in; see the module docstring); the GED dates,
    ``date_prec``, coordinates and ``where_prec`` go into the note.

    Parameters
    ----------
    ged
        GED events (:func:`read_ged`).
    place_id
        The project place of every event (GED's coordinates are kept in the
        note; matching them to the project's places is left to the user).
    country
        Every event must lie in this GED ``country`` (None: no check).
    source
        The bibliography key.
    kinds
        ``type_of_violence`` -> event ``kind``; by default ``clash`` for
        state-based (1) and non-state (2) fighting and ``other`` for
        one-sided violence (3): not every killing of civilians is a
        massacre.

    Returns
    -------
    pandas.DataFrame
        The ``events`` columns (``EVENT_COLUMNS``); ``event_id`` and
        ``fact_id`` are ``ucdp_ged_<id>``. ``confidence`` is ``high``, or
        ``medium`` where GED's ``event_clarity`` is 2.

    Raises
    ------
    ValueError
        For a ``date_prec`` outside 1-5, a ``date_end`` before
        ``date_start``, an unknown ``type_of_violence`` or events outside
        ``country``.

    Examples
    --------
    >>> import pandas as pd
    >>> ged = pd.DataFrame({"id": [7], "type_of_violence": [1], "country": ["Afghanistan"],
    ...     "conflict_name": ["SYNTHETIC"], "dyad_name": ["SYNTHETIC A - B"],
    ...     "side_a": ["A"], "side_b": ["B"], "date_prec": [4],
    ...     "date_start": [pd.Timestamp("1990-06-01")], "date_end": [pd.Timestamp("1990-06-30")],
    ...     "where_prec": [1], "latitude": [34.5], "longitude": [69.2],
    ...     "low": [1], "best": [2], "high": [3]})
    >>> ged_to_events(ged)[["event_id", "start_date", "start_precision"]].values.tolist()
    [['ucdp_ged_7', Timestamp('1990-06-01 00:00:00'), 'month']]
    """
    kinds = dict(kinds or {1: "clash", 2: "clash", 3: "other"})
    _check_country(ged, country)
    bad_prec = ~ged["date_prec"].isin([1, 2, 3, 4, 5])
    if bad_prec.any():
        raise ValueError("GED date_prec outside 1-5 in event(s) "
                         f"{', '.join(map(str, ged.loc[bad_prec, 'id']))}")
    backwards = ged["date_end"] < ged["date_start"]
    if backwards.any():
        raise ValueError("GED date_end before date_start in event(s) "
                         f"{', '.join(map(str, ged.loc[backwards, 'id']))}")
    unknown = sorted(set(ged["type_of_violence"].astype(int)) - set(kinds))
    if unknown:
        raise ValueError(f"no event kind for type_of_violence {', '.join(map(str, unknown))}")
    clarity = ged["event_clarity"] if "event_clarity" in ged.columns else pd.Series(
        1, index=ged.index)
    rows = []
    for (_, event), clear in zip(ged.iterrows(), clarity, strict=True):
        violence = int(event["type_of_violence"])
        start, precision, end, end_precision = _window(event["date_start"], event["date_end"])
        window = (f"GED date_start {event['date_start']:%Y-%m-%d}, date_end "
                  f"{event['date_end']:%Y-%m-%d} (date_prec {event['date_prec']}): the "
                  "earliest and latest possible day")
        if end is not None:
            window += "; kept as a window of uncertainty, not a duration"
        what = (f"Violence by {event['side_a']} against civilians" if violence == 3
                else f"Fighting between {event['side_a']} and {event['side_b']}")
        rows.append({
            "event_id": f"ucdp_ged_{event['id']}", "fact_id": f"ucdp_ged_{event['id']}",
            "name": f"{event['dyad_name']} (GED {event['id']})", "kind": kinds[violence],
            "start_date": start, "start_precision": precision, "end_date": end,
            "end_precision": end_precision, "place_id": place_id,
            "outcome": (f"{event['best']} killed (UCDP best estimate; low {event['low']}, "
                        f"high {event['high']})"),
            "summary": f"{what} ({event['conflict_name']}), as coded by UCDP GED.",
            "source": source, "locator": f"id={event['id']}",
            "confidence": "medium" if clear == 2 else "high",
            "note": (f"{window}. Location {event['latitude']}, {event['longitude']} "
                     f"(where_prec {event['where_prec']})."),
        })
    return _frame(rows, EVENT_COLUMNS)


def ged_to_participants(ged: pd.DataFrame, actor_map: Mapping[int, str], *,
                        source: str = "ucdp_ged_23_1") -> pd.DataFrame:
    """Rows shaped like ``event_participants`` for the events of :func:`ged_to_events`.

    Side A of each event is side ``a``; side B is side ``b``, except in
    one-sided violence (type 3), whose side B (civilians) is not an actor.

    Raises
    ------
    ValueError
        Listing every UCDP id not in ``actor_map``.

    Examples
    --------
    >>> import pandas as pd
    >>> ged = pd.DataFrame({"id": [7], "type_of_violence": [1], "side_a_new_id": [130],
    ...     "side_a": ["Gov"], "side_b_new_id": [299], "side_b": ["Hizb"]})
    >>> ged_to_participants(ged, {130: "gov_afg", 299: "hig"})[["actor_id", "side"]].values
    array([['gov_afg', 'a'],
           ['hig', 'b']], dtype=object)
    """
    rows, pairs = [], []
    for _, event in ged.iterrows():
        sides = ["a"] if int(event["type_of_violence"]) == 3 else ["a", "b"]
        for side in sides:
            ucdp_id = int(event[f"side_{side}_new_id"])
            pairs.append((ucdp_id, str(event[f"side_{side}"])))
            rows.append({"event_id": f"ucdp_ged_{event['id']}", "_ucdp": ucdp_id, "side": side,
                         "role": None, "source": source,
                         "locator": f"id={event['id']}, side_{side}_new_id={ucdp_id}",
                         "confidence": "high", "note": f"UCDP name: {event[f'side_{side}']}"})
    _lookup(pairs, actor_map)
    for row in rows:
        row["actor_id"] = actor_map[row.pop("_ucdp")]
    return _frame(rows, PARTICIPANT_COLUMNS)


def _relation(relation_id: str, a: str, b: str, year: int, source: str, locator: str,
              note: str, event_id: str | None = None) -> dict:
    if a == b:
        raise ValueError(f"{locator}: both sides map to the project actor '{a}'")
    return {"relation_id": relation_id, "fact_id": relation_id, "actor_a": a, "actor_b": b,
            "type": "armed_clash",
            "sign": -1, "directed": False, "start_date": f"{year}-01-01",
            "start_precision": "year", "end_date": f"{year}-01-01", "end_precision": "year",
            "event_id": event_id, "source": source, "locator": locator, "confidence": "high",
            "note": note}


def _period_end(dates: pd.Series, precisions: pd.Series) -> pd.Series:
    """The last day each (date, precision) can stand for."""
    year_end = dates + pd.offsets.YearEnd(0)
    month_end = dates + pd.offsets.MonthEnd(0)
    return year_end.where(precisions == "year", month_end.where(precisions == "month", dates))


def _span(relations: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    start = pd.to_datetime(relations["start_date"]).astype("datetime64[ns]")
    end = pd.to_datetime(relations["end_date"]).astype("datetime64[ns]")
    end_precision = relations["end_precision"].astype(object)
    missing = end.isna()
    end = end.where(~missing, start)
    end_precision = end_precision.where(~missing, relations["start_precision"].astype(object))
    return start, _period_end(end, end_precision)


def repeated_ties(mapped: pd.DataFrame, existing: pd.DataFrame) -> pd.DataFrame:
    """Pairs of a mapped relation and an existing one that record the same tie.

    Two rows record the same tie when they join the same two actors (in
    either order, unless both are directed), have the same ``type`` and their
    periods overlap (a date of ``month`` or ``year`` precision stands for its
    whole month or year; an empty end for the start's period).

    Parameters
    ----------
    mapped
        Relations made by :func:`acd_to_relations` or :func:`nonstate_to_relations`.
    existing
        The project's relations (``load_dataset().relations`` or rows shaped alike).

    Returns
    -------
    pandas.DataFrame
        Columns ``mapped_id``, ``existing_id``, ``actor_a``, ``actor_b``, ``type``,
        one row per repeat, in the order of ``mapped``.

    Examples
    --------
    >>> import pandas as pd
    >>> hand = pd.DataFrame({"relation_id": ["rel_hig_jamiat_clash_rubin"],
    ...     "actor_a": ["jamiat"], "actor_b": ["hig"], "type": ["armed_clash"],
    ...     "directed": [False], "start_date": ["1990-07-01"], "start_precision": ["month"],
    ...     "end_date": [None], "end_precision": [None]})
    >>> ns = pd.DataFrame({"conflict_id": [9300], "dyad_id": [9400], "year": [1990],
    ...     "side_a_name": ["SYNTHETIC A"], "side_a_id": ["9001"],
    ...     "side_b_name": ["SYNTHETIC B"], "side_b_id": ["9002"],
    ...     "best_fatality_estimate": [30], "low_fatality_estimate": [25],
    ...     "high_fatality_estimate": [40]})
    >>> mapped = nonstate_to_relations(ns, {9001: "hig", 9002: "jamiat"})
    >>> repeated_ties(mapped, hand)[["mapped_id", "existing_id"]].values.tolist()
    [['ucdp_ns_9400_1990', 'rel_hig_jamiat_clash_rubin']]
    """
    columns = ["mapped_id", "existing_id", "actor_a", "actor_b", "type"]
    if mapped.empty or existing.empty:
        return pd.DataFrame(columns=columns)
    m_start, m_end = _span(mapped)
    e_start, e_end = _span(existing)
    index: dict[tuple, list[int]] = {}
    for j, (a, b, kind, directed) in enumerate(zip(existing["actor_a"], existing["actor_b"],
                                                   existing["type"], existing["directed"],
                                                   strict=True)):
        index.setdefault((a, b, kind), []).append(j)
        if not bool(directed):
            index.setdefault((b, a, kind), []).append(j)
    rows = []
    for i, (rid, a, b, kind, directed) in enumerate(zip(
            mapped["relation_id"], mapped["actor_a"], mapped["actor_b"], mapped["type"],
            mapped["directed"], strict=True)):
        candidates = index.get((a, b, kind), [])
        if not bool(directed):
            candidates = sorted(set(candidates) | set(index.get((b, a, kind), [])))
        for j in candidates:
            if m_start.iloc[i] <= e_end.iloc[j] and e_start.iloc[j] <= m_end.iloc[i]:
                rows.append((rid, existing["relation_id"].iloc[j], a, b, kind))
    return pd.DataFrame(rows, columns=columns)


def _against(mapped: pd.DataFrame, existing: pd.DataFrame | None, repeats: str) -> pd.DataFrame:
    """Raise on (or drop) mapped ties that repeat one of ``existing``."""
    if existing is None:
        return mapped
    if repeats not in {"raise", "drop"}:
        raise ValueError(f"repeats must be 'raise' or 'drop', not {repeats!r}")
    found = repeated_ties(mapped, existing)
    if found.empty:
        return mapped
    if repeats == "drop":
        return mapped[~mapped["relation_id"].isin(found["mapped_id"])].reset_index(drop=True)
    listed = "; ".join(f"{r.mapped_id} repeats {r.existing_id} ({r.actor_a}-{r.actor_b}, {r.type})"
                       for r in found.itertuples())
    raise ValueError(f"{len(found)} mapped tie(s) repeat relations already in the data: {listed}"
                     " (pass repeats='drop' to leave them out)")


def acd_to_relations(acd: pd.DataFrame, actor_map: Mapping[int, str], *,
                     source: str = "ucdp_acd_v22_1", existing: pd.DataFrame | None = None,
                     repeats: str = "raise") -> pd.DataFrame:
    """One ``armed_clash`` tie per opposing pair of organisations and year of the ACD.

    Each conflict-year row gives a tie between every side-A id and every
    side-B id (in an intrastate conflict: the government and each
    opposition organisation UCDP lists that year): sign -1, undirected,
    start and end the year (``year`` precision). Secondary supporters
    (``side_a_2nd``, ``side_b_2nd``) have no ids in the ACD; they are named in
    the note, not mapped.

    Parameters
    ----------
    acd
        The conflict-year file (:func:`read_acd`).
    actor_map
        UCDP ActorId -> project ``actor_id``.
    source
        The bibliography key.
    existing
        The project's relations: a mapped tie that repeats one of them
        (:func:`repeated_ties`) raises, or is dropped with ``repeats="drop"``.
    repeats
        ``"raise"`` or ``"drop"``.

    Raises
    ------
    ValueError
        Listing every UCDP id not in ``actor_map``; when both sides of a
        tie map to one project actor; or listing every repeat of ``existing``
        with both ids.

    Examples
    --------
    >>> import pandas as pd
    >>> acd = pd.DataFrame({"conflict_id": [9100], "year": [1990], "side_a": ["SYNTHETIC Gov"],
    ...     "side_a_id": ["9001"], "side_b": ["SYNTHETIC B, SYNTHETIC C"],
    ...     "side_b_id": ["9002, 9003"], "side_a_2nd": [""], "side_b_2nd": [""],
    ...     "intensity_level": [1]})
    >>> rel = acd_to_relations(acd, {9001: "gov", 9002: "b", 9003: "c"})
    >>> rel[["actor_a", "actor_b", "sign"]].values.tolist()
    [['gov', 'b', -1], ['gov', 'c', -1]]
    """
    _lookup_sides(acd, "side_a", "side_b", actor_map)
    rows = []
    for _, row in acd.iterrows():
        conflict, year = int(row["conflict_id"]), int(row["year"])
        support = "; ".join(f"side {s.upper()}: {row.get(f'side_{s}_2nd')}" for s in ("a", "b")
                            if isinstance(row.get(f"side_{s}_2nd"), str)
                            and row.get(f"side_{s}_2nd"))
        for a_id in parse_ids(row["side_a_id"]):
            for b_id in parse_ids(row["side_b_id"]):
                a, b = actor_map[a_id], actor_map[b_id]
                note = (f"UCDP/PRIO conflict {conflict} ({row['side_a']} vs {row['side_b']}), "
                        f"intensity_level {row['intensity_level']}; UCDP ids {a_id} vs {b_id}.")
                if support:
                    note += f" Secondary supporters (not mapped): {support}."
                rows.append(_relation(f"ucdp_acd_{conflict}_{year}_{a_id}_{b_id}", a, b, year,
                                      source, f"conflict_id={conflict}, year={year}", note))
    return _against(_frame(rows, RELATION_COLUMNS), existing, repeats)


def nonstate_to_relations(nonstate: pd.DataFrame, actor_map: Mapping[int, str], *,
                          source: str = "ucdp_nonstate_v22_1",
                          event_id: str | None = "ucdp_ns_{dyad_id}",
                          existing: pd.DataFrame | None = None,
                          repeats: str = "raise") -> pd.DataFrame:
    """One ``armed_clash`` tie per non-state dyad and year.

    Parameters
    ----------
    nonstate
        The Non-State Conflict Dataset (:func:`read_nonstate`).
    actor_map
        UCDP ActorId -> project ``actor_id``.
    source
        The bibliography key.
    event_id
        Template of the ``event_id`` evidencing each tie (``{dyad_id}``), the
        project's one event per non-state dyad; None leaves it empty.
    existing
        The project's relations: a mapped tie that repeats one of them
        (:func:`repeated_ties`) raises, or is dropped with ``repeats="drop"``.
    repeats
        ``"raise"`` or ``"drop"``.

    Raises
    ------
    ValueError
        Listing every UCDP id not in ``actor_map``; when both sides map
        to one project actor; or listing every repeat of ``existing`` with
        both ids.

    Examples
    --------
    >>> import pandas as pd
    >>> ns = pd.DataFrame({"conflict_id": [9300], "dyad_id": [9400], "year": [1990],
    ...     "side_a_name": ["SYNTHETIC A"], "side_a_id": ["9001"],
    ...     "side_b_name": ["SYNTHETIC B"], "side_b_id": ["9002"],
    ...     "best_fatality_estimate": [30], "low_fatality_estimate": [25],
    ...     "high_fatality_estimate": [40]})
    >>> nonstate_to_relations(ns, {9001: "a", 9002: "b"})[["relation_id", "event_id"]].values
    array([['ucdp_ns_9400_1990', 'ucdp_ns_9400']], dtype=object)
    """
    _lookup_sides(nonstate, "side_a_name", "side_b_name", actor_map)
    rows = []
    for _, row in nonstate.iterrows():
        dyad, year = int(row["dyad_id"]), int(row["year"])
        a_ids, b_ids = parse_ids(row["side_a_id"]), parse_ids(row["side_b_id"])
        several = len(a_ids) * len(b_ids) > 1
        for a_id in a_ids:
            for b_id in b_ids:
                suffix = f"_{a_id}_{b_id}" if several else ""
                note = (f"UCDP non-state dyad {dyad} ({row['side_a_name']} vs "
                        f"{row['side_b_name']}) in {year}: fatalities "
                        f"{row['best_fatality_estimate']} (low {row['low_fatality_estimate']}, "
                        f"high {row['high_fatality_estimate']}).")
                rows.append(_relation(
                    f"ucdp_ns_{dyad}_{year}{suffix}", actor_map[a_id], actor_map[b_id], year,
                    source, f"conflict_id={row['conflict_id']}, dyad_id={dyad}, year={year}",
                    note, event_id.format(dyad_id=dyad) if event_id else None))
    return _against(_frame(rows, RELATION_COLUMNS), existing, repeats)
