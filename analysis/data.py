"""Loaders: the only code in the project that reads the data files.

Each table in ``data/`` is read as text, checked against the Frictionless
descriptor ``data/datapackage.json`` (see :mod:`analysis.schema`), and
returned as a typed :class:`pandas.DataFrame`: dates as ``datetime64``,
enumerations as categoricals, optional integers as ``Int64``. A table that
breaks a rule raises :class:`~analysis.schema.DataValidationError`, which
names the file, the line and the column of every problem; no row is dropped.

The maps' files in ``data/boundaries/`` are read here too:
:func:`load_boundaries` reads the Natural Earth extracts and
:func:`load_roads` the roads table, checked against :data:`ROADS` in the same
way.

Examples
--------
>>> from analysis.data import load_dataset
>>> ds = load_dataset()
>>> sorted(ds.tables)[:3]
['actors', 'deflators', 'estimates']
>>> ds.events["start_date"].dtype.kind
'M'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.paths import BOUNDARIES_DIR, DATA_DIR
from analysis.schema import (
    DataValidationError,
    Problem,
    bibliography_entries,
    bibliography_keys,
    check_bibliography,
    check_foreign_keys,
    check_people,
    check_sources,
    check_table,
)

__all__ = [
    "Dataset",
    "DataValidationError",
    "TABLES",
    "read_descriptor",
    "read_bibliography_keys",
    "read_bibliography",
    "load_table",
    "load_dataset",
    "ROADS",
    "load_roads",
    "load_boundaries",
]

#: The tables of the data package, in load order.
TABLES: tuple[str, ...] = (
    "actors",
    "places",
    "events",
    "event_participants",
    "estimates",
    "flows",
    "relations",
    "people",
    "person_roles",
    "event_people",
    "deflators",
)

_PANDAS_TYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "str"}


def read_descriptor(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """Read the Frictionless descriptor ``datapackage.json``.

    Examples
    --------
    >>> read_descriptor()["profile"]
    'tabular-data-package'
    """
    with open(Path(data_dir) / "datapackage.json", encoding="utf-8") as handle:
        return json.load(handle)


def read_bibliography_keys(data_dir: Path = DATA_DIR) -> set[str]:
    """Return the keys of the bibliography the descriptor names.

    Examples
    --------
    >>> "wiki_afghan_civil_war_1989_1992" in read_bibliography_keys()
    True
    """
    path = Path(data_dir) / read_descriptor(data_dir).get("x-bibliography", "references.bib")
    return bibliography_keys(path.read_text(encoding="utf-8"))


def read_bibliography(data_dir: Path = DATA_DIR) -> dict[str, dict[str, str]]:
    """Return the bibliography's entries as ``{key: {field: value}}``.

    Raises :class:`DataValidationError`, naming ``references.bib``, the entry
    and the field, when an entry has no ``sourcetype`` or an unknown one.

    Examples
    --------
    >>> read_bibliography()["wiki_afghan_civil_war_1989_1992"]["sourcetype"]
    'encyclopedia'
    """
    path = Path(data_dir) / read_descriptor(data_dir).get("x-bibliography", "references.bib")
    entries = bibliography_entries(path.read_text(encoding="utf-8"))
    problems = check_bibliography(path.name, entries)
    if problems:
        raise DataValidationError(problems)
    return entries


def _resource(descriptor: Mapping[str, Any], name: str) -> dict[str, Any]:
    for resource in descriptor["resources"]:
        if resource["name"] == name:
            return resource
    raise KeyError(f"no table named '{name}' in datapackage.json; known: {', '.join(TABLES)}")


def _read_records(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Read a CSV file as text: its header and ``(line, cells)`` records.

    A leading UTF-8 byte-order mark is accepted and dropped. A byte that is
    not UTF-8, or a record that is not valid CSV, raises one
    :class:`DataValidationError` naming the line and the column where it is.
    """
    if not path.exists():
        raise DataValidationError([Problem(path.name, None, None, "file is missing")])
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataValidationError([_undecodable(path.name, data, exc)]) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
        records, line = [], reader.line_num
        for cells in reader:
            if cells:  # a blank line is not a record
                records.append((line + 1, cells))
            line = reader.line_num
    except csv.Error as exc:
        raise DataValidationError(
            [Problem(path.name, reader.line_num, None, f"is not valid CSV: {exc}")]
        ) from None
    return header, records


def _undecodable(file: str, data: bytes, exc: UnicodeDecodeError) -> Problem:
    """The one problem of a file that is not UTF-8: its line, column and byte.

    Examples
    --------
    >>> data = b"id,name\\nx,Caf\\xe9\\n"
    >>> try:
    ...     data.decode("utf-8")
    ... except UnicodeDecodeError as exc:
    ...     problem = _undecodable("t.csv", data, exc)
    >>> problem.line, problem.column
    (2, 'name')
    >>> problem.message.split(" (")[0]
    'byte 0xe9 at character 6 of the line is not UTF-8'
    """
    start = data.rfind(b"\n", 0, exc.start) + 1
    line = data.count(b"\n", 0, exc.start) + 1
    before = data[start:exc.start].decode("utf-8", errors="replace")
    header_end = data.find(b"\n")
    header = next(csv.reader([data[:header_end].decode("utf-8-sig", errors="replace")]), [])
    cells = next(csv.reader([before + "x"]), [""]) if line > 1 else []
    column = header[len(cells) - 1] if line > 1 and 0 < len(cells) <= len(header) else None
    return Problem(file, line, column,
                   f"byte 0x{data[exc.start]:02x} at character {len(before) + 1} of the line "
                   "is not UTF-8 (the file must be saved as UTF-8)")


def _check(name: str, data_dir: Path) -> tuple[dict[str, Any], list[dict], list[Problem]]:
    descriptor = read_descriptor(data_dir)
    resource = _resource(descriptor, name)
    header, records = _read_records(Path(data_dir) / resource["path"])
    rows, problems = check_table(resource, header, records)
    if any(f["name"] == "source" for f in resource["schema"]["fields"]):
        problems += check_sources(resource["path"], rows, read_bibliography_keys(data_dir))
    return resource, rows, problems


def _frame(resource: Mapping[str, Any], rows: list[dict]) -> pd.DataFrame:
    fields = resource["schema"]["fields"]
    frame = pd.DataFrame(rows, columns=["_line"] + [f["name"] for f in fields])
    for field in fields:
        name, ftype = field["name"], field.get("type", "string")
        enum = field.get("constraints", {}).get("enum")
        if ftype == "date":
            frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ns]")
        elif enum is not None and ftype == "string":
            frame[name] = pd.Categorical(frame[name], categories=enum)
        else:
            frame[name] = frame[name].astype(_PANDAS_TYPES[ftype])
    return frame.rename(columns={"_line": "line"}).set_index("line", drop=False).rename_axis(None)


def load_table(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Load and validate one table on its own (foreign keys are not checked).

    Parameters
    ----------
    name
        One of :data:`TABLES`.
    data_dir
        The folder holding ``datapackage.json`` and the CSV files.

    Returns
    -------
    pandas.DataFrame
        One row per record, typed by the schema; the column ``line`` keeps
        the record's line in the file so that a reader can find it.

    Raises
    ------
    DataValidationError
        Naming the file, line and column of every broken rule.

    Examples
    --------
    >>> deflators = load_table("deflators")
    >>> bool((deflators["index_value"] > 0).all())
    True
    """
    resource, rows, problems = _check(name, Path(data_dir))
    if problems:
        raise DataValidationError(problems)
    return _frame(resource, rows)


@dataclass(frozen=True)
class Dataset:
    """Every table of the data package, validated together.

    Attributes are the tables by name (``ds.events``), and ``tables`` maps
    names to frames.
    """

    tables: Mapping[str, pd.DataFrame]

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise AttributeError(name) from None


def load_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    """Load every table, checking each one and the keys between them.

    Results are cached per folder and per file state, so repeated calls in a
    notebook cost little while an edited file is read again; each call returns
    fresh copies, so a caller may modify its frames freely.

    Examples
    --------
    >>> ds = load_dataset()
    >>> set(ds.tables) == set(TABLES)
    True
    """
    data_dir = Path(data_dir).resolve()
    stamp = tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.glob("*"))
        if p.is_file()
    )
    cached = _load_dataset(data_dir, stamp)
    return Dataset({name: frame.copy() for name, frame in cached.tables.items()})


@cache
def _load_dataset(data_dir: Path, _stamp: tuple) -> Dataset:
    descriptor = read_descriptor(data_dir)
    checked, problems, unreadable = {}, [], []
    try:
        read_bibliography(data_dir)
    except DataValidationError as exc:
        problems += exc.problems
    for name in TABLES:
        try:
            resource, rows, table_problems = _check(name, data_dir)
        except DataValidationError as exc:
            problems += exc.problems
            unreadable.append(name)
            continue
        if table_problems and not rows:  # a broken header: no record could be read
            unreadable.append(name)
        checked[name] = (resource, rows)
        problems += table_problems
    readable = {n: rows for n, (_, rows) in checked.items() if n not in unreadable}
    problems += check_foreign_keys(descriptor, readable)
    problems += check_people(readable)
    if problems:
        raise DataValidationError(problems)
    return Dataset({name: _frame(res, rows) for name, (res, rows) in checked.items()})


# --------------------------------------------------------------------------- the maps' files

#: The folder of the maps' files, relative to the data folder.
_BOUNDARIES = BOUNDARIES_DIR.relative_to(DATA_DIR)

#: The schema of ``data/boundaries/roads.csv``, the main roads of the reference
#: map (a table of the maps, not of the data package): one row per road, its
#: ``places`` the ids of ``places.csv`` it joins in order, separated by ``;``.
ROADS: dict[str, Any] = {
    "name": "roads",
    "path": str(_BOUNDARIES / "roads.csv"),
    "schema": {
        "fields": [
            {"name": "road_id", "type": "string",
             "constraints": {"required": True, "unique": True,
                             "pattern": "^[a-z0-9]+(_[a-z0-9]+)*$"}},
            {"name": "name", "type": "string", "constraints": {"required": True}},
            {"name": "places", "type": "string", "constraints": {"required": True}},
            {"name": "source", "type": "string", "constraints": {"required": True}},
            {"name": "locator", "type": "string", "constraints": {"required": True}},
            {"name": "note", "type": "string"},
        ],
        "primaryKey": "road_id",
    },
}


def load_roads(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Load and validate the roads of the reference map (``boundaries/roads.csv``).

    The table is checked against :data:`ROADS`; each ``source`` must be a key
    of the bibliography, and each id of the ``;``-separated ``places`` an id
    of ``places.csv`` (a road joins at least two places).

    Returns
    -------
    pandas.DataFrame
        One row per road (``road_id``, ``name``, ``places``, ``source``,
        ``locator``, ``note``), with the column ``line`` as :func:`load_table`
        keeps it.

    Raises
    ------
    DataValidationError
        Naming the file, line and column of every broken rule.

    Examples
    --------
    >>> roads = load_roads()
    >>> roads.set_index("road_id").loc["kabul_peshawar", "places"]
    'kabul;jalalabad;torkham;peshawar'
    """
    data_dir = Path(data_dir)
    file = ROADS["path"]
    header, records = _read_records(data_dir / file)
    rows, problems = check_table(ROADS, header, records)
    problems += check_sources(file, rows, read_bibliography_keys(data_dir))
    places = set(load_table("places", data_dir)["place_id"])
    for row in rows:
        if row["places"] is None:
            continue
        ids = row["places"].split(";")
        if len(ids) < 2:
            problems.append(Problem(file, row["_line"], "places",
                                    f"'{row['places']}' names one place; a road joins two or more"))
        unknown = [p for p in ids if p not in places]
        if unknown:
            problems.append(Problem(file, row["_line"], "places",
                                    f"{', '.join(map(repr, unknown))} "
                                    f"{'is not an id' if len(unknown) == 1 else 'are not ids'} "
                                    "of places.csv"))
    if problems:
        raise DataValidationError(problems)
    return _frame(ROADS, rows)


def load_boundaries(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """Read the committed Natural Earth extracts of ``boundaries/``.

    Results are cached per folder and per file state, like
    :func:`load_dataset`'s; the arrays are read-only, and each call returns
    new lists and dictionaries holding them.

    Returns
    -------
    dict
        ``countries``: name -> list of polygons (each a list of rings, the
        first the outline, the others holes; ``(n, 2)`` arrays of longitude
        and latitude); ``provinces``: the province boundary lines (a list of
        ``(n, 2)`` arrays); ``lakes``: a list of polygons.

    Examples
    --------
    >>> b = load_boundaries()
    >>> "Afghanistan" in b["countries"], len(b["provinces"]) > 100
    (True, True)
    """
    folder = (Path(data_dir) / _BOUNDARIES).resolve()
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                  for p in sorted(folder.glob("*.geojson")))
    cached = _load_boundaries(folder, stamp)
    return {"countries": {name: [list(poly) for poly in polygons]
                          for name, polygons in cached["countries"].items()},
            "provinces": list(cached["provinces"]),
            "lakes": [list(poly) for poly in cached["lakes"]]}


def _array(coordinates: list) -> np.ndarray:
    out = np.asarray(coordinates, dtype=float)
    out.flags.writeable = False
    return out


@cache
def _load_boundaries(folder: Path, _stamp: tuple) -> dict[str, Any]:
    def read(name: str) -> list[dict]:
        path = folder / name
        if not path.exists():
            raise DataValidationError([Problem(str(_BOUNDARIES / name), None, None,
                                               "file is missing")])
        return json.loads(path.read_text(encoding="utf-8"))["features"]

    countries: dict[str, list[list[np.ndarray]]] = {}
    for feature in read("ne_10m_admin_0_countries.geojson"):
        polygons = [[_array(r) for r in poly] for poly in feature["geometry"]["coordinates"]]
        countries.setdefault(str(feature["properties"]["NAME"]), []).extend(polygons)
    provinces = [_array(line) for f in read("ne_10m_admin_1_lines.geojson")
                 for line in f["geometry"]["coordinates"]]
    lakes = [[_array(r) for r in poly] for f in read("ne_10m_lakes.geojson")
             for poly in f["geometry"]["coordinates"]]
    return {"countries": countries, "provinces": provinces, "lakes": lakes}
