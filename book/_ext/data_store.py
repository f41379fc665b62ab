"""Local Sphinx extension: the book's data, loaded once per build, and what pages use.

The data roles (:mod:`data_roles`) and the list of data behind a chapter
(:mod:`data_behind`) ask this module for rows. The dataset is loaded and
validated with :func:`analysis.data.load_dataset` on first use in a process
(so a rebuild that reads no page using data does not load it), and indexed by
row id. Which rows each page uses is kept in the build environment
(``env.bookdata_rows``), purged and merged per document so that parallel reads
work; a page notes a dependency on the CSV file of each table it reads, so
Sphinx reads it again when that file changes, and only then. A notebook
(which loads every table) depends on every data file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

__all__ = ["DataIndex", "data_dir", "data_index", "note_use", "rows_used", "setup"]

#: Tables a page may name, with the file each is read from (as in datapackage.json).
TABLE_FILES: dict[str, str] = {
    "events": "events.csv",
    "estimates": "estimates.csv",
    "flows": "flows.csv",
    "relations": "relations.csv",
    "people": "people.csv",
    "person_roles": "person_roles.csv",
    "actors": "actors.csv",
}


@dataclass(frozen=True)
class DataIndex:
    """Every nameable row by table and id, and the rows of each fact."""

    rows: dict[str, dict[str, dict[str, Any]]]
    facts: dict[str, list[tuple[str, str]]]

    def row(self, table: str, row_id: str) -> dict[str, Any] | None:
        """The row, as a mapping of column to value, or ``None``."""
        return self.rows.get(table, {}).get(row_id)

    def names(self) -> dict[str, str]:
        """Actor display names by id."""
        return {k: str(v["name"]) for k, v in self.rows.get("actors", {}).items()}


_CACHE: dict[tuple, DataIndex] = {}


def data_dir(srcdir: str | Path) -> Path:
    """The data folder of the book at ``srcdir`` (the project's own if it has none)."""
    srcdir = Path(srcdir)
    if (srcdir / "data" / "datapackage.json").exists():
        return srcdir / "data"
    from analysis.paths import DATA_DIR

    return DATA_DIR


def data_index(env: BuildEnvironment) -> DataIndex:
    """The validated dataset of this build, indexed (loaded once per process and data state)."""
    folder = data_dir(env.srcdir)
    stamp = (str(folder),) + tuple(
        (name, (folder / name).stat().st_mtime_ns) for name in sorted(TABLE_FILES.values())
        if (folder / name).exists())
    if stamp not in _CACHE:
        from analysis.data import load_dataset
        from analysis.prose import FACT_TABLES, ROW_KEYS

        ds = load_dataset(folder)
        rows: dict[str, dict[str, dict[str, Any]]] = {}
        facts: dict[str, list[tuple[str, str]]] = {}
        for table, key in ROW_KEYS.items():
            frame = ds.tables[table]
            records = frame.to_dict("records")
            rows[table] = {str(r[key]): r for r in records}
            if table in FACT_TABLES:
                for record in records:
                    facts.setdefault(str(record["fact_id"]), []).append((table, str(record[key])))
        _CACHE.clear()
        _CACHE[stamp] = DataIndex(rows, facts)
    return _CACHE[stamp]


def note_use(env: BuildEnvironment, tables: tuple[str, ...], rows: list[tuple[str, str]]) -> None:
    """Record that the current page reads these tables and names these rows."""
    folder = data_dir(env.srcdir)
    for table in tables:
        path = folder / TABLE_FILES[table]
        env.note_dependency(os.path.relpath(path, env.srcdir))
    used = env.bookdata_rows.setdefault(env.docname, [])
    for item in rows:
        if item not in used:
            used.append(item)


def rows_used(env: BuildEnvironment, docname: str) -> list[tuple[str, str]]:
    """The rows a page names, in order of first use: ``(table, id)`` pairs."""
    return list(getattr(env, "bookdata_rows", {}).get(docname, []))


def _notebook_reads_data(app: Sphinx, docname: str, source: list[str]) -> None:
    """A notebook loads the whole dataset: it is read again when any data file changes."""
    if not source or not source[0].startswith("---\njupytext:"):
        return
    folder = data_dir(app.env.srcdir)
    for path in sorted(folder.glob("*.csv")) + [folder / "datapackage.json"]:
        app.env.note_dependency(os.path.relpath(path, app.env.srcdir))


def _env_init(app: Sphinx) -> None:
    if not hasattr(app.env, "bookdata_rows"):
        app.env.bookdata_rows = {}


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "bookdata_rows", {}).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str],
           other: BuildEnvironment) -> None:
    if not hasattr(env, "bookdata_rows"):
        env.bookdata_rows = {}
    for docname in docnames:
        if docname in getattr(other, "bookdata_rows", {}):
            env.bookdata_rows[docname] = other.bookdata_rows[docname]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _env_init)
    app.connect("source-read", _notebook_reads_data)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
