"""Tests of analysis.data: the loaders, on the real data and on broken copies."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import MINI, write_table

from analysis.data import (
    TABLES,
    DataValidationError,
    load_boundaries,
    load_dataset,
    load_roads,
    load_table,
    read_bibliography_keys,
    read_descriptor,
)


def test_mini_dataset_loads_typed(mini_data: Path) -> None:
    ds = load_dataset(mini_data)
    assert set(ds.tables) == set(TABLES)
    assert ds.events["start_date"].dtype == "datetime64[ns]"
    assert isinstance(ds.events["kind"].dtype, pd.CategoricalDtype)
    assert ds.relations["sign"].tolist() == [-1, 1]
    assert ds.relations["directed"].tolist() == [False, True]
    # the file line of each record is kept, so a reader can find it
    assert ds.actors["line"].tolist() == [2, 3, 4, 5, 6]


def test_returned_frames_are_copies(mini_data: Path) -> None:
    first = load_dataset(mini_data)
    first.actors.loc[2, "name"] = "changed"
    assert load_dataset(mini_data).actors.loc[2, "name"] == "Government"


def test_edited_file_is_read_again(mini_data: Path) -> None:
    assert load_dataset(mini_data).deflators["index_value"].tolist() == [124.0]
    rows = copy.deepcopy(MINI["deflators"])
    rows[0]["index_value"] = "125.5"
    write_table(mini_data, "deflators", rows)
    assert load_dataset(mini_data).deflators["index_value"].tolist() == [125.5]


def test_unknown_table_is_named() -> None:
    with pytest.raises(KeyError, match="no table named 'nonsense'"):
        load_table("nonsense")


# One malformed fixture per rule: (table, record index, column, bad value, message).
BROKEN = [
    ("events", 0, "start_date", "1989-02-30", "is not a calendar date"),
    ("events", 0, "start_date", "15/02/1989", "is not a date in the form YYYY-MM-DD"),
    ("events", 0, "start_date", "1977-12-31", "below the minimum 1978-01-01"),
    ("events", 0, "end_date", "2002-01-01", "above the maximum 2001-12-31"),
    ("events", 0, "kind", "skirmish", "is not one of"),
    ("events", 0, "summary", "", "is required but empty"),
    ("events", 1, "event_id", "battle_a", "repeats the value on line 2"),
    ("events", 0, "event_id", "Battle A", "does not match the pattern"),
    ("events", 0, "end_date", "1989-02-01", "end_date (1989-02-01) is before start_date"),
    ("events", 0, "end_date", "1989-07-15", "a month-precision date must be the first"),
    ("events", 0, "start_precision", "", "is required but empty"),
    ("events", 0, "place_id", "atlantis", "'atlantis' is not an id of places.csv"),
    ("estimates", 1, "low", "-5", "is below the minimum 0"),
    ("estimates", 0, "low", "many", "is not a number"),
    ("estimates", 0, "best", "0.5", "best (0.5) is below low (1.0)"),
    ("estimates", 1, "high", "11000", "high (11000.0) is below low (12000.0)"),
    ("estimates", 0, "period_end", "1989-06-01", "a year-precision date must be 1 January"),
    ("estimates", 0, "subject_id", "kandahar", "'kandahar' is not an id of places.csv"),
    ("estimates", 0, "source", "nobody1999", "is not a key of the bibliography"),
    ("estimates", 0, "confidence", "certain", "is not one of"),
    ("event_participants", 0, "actor_id", "martians", "'martians' is not an id of actors.csv"),
    ("event_participants", 1, "actor_id", "hig", "repeats the row on line 2"),
    ("relations", 0, "sign", "0", "is not one of"),
    ("relations", 0, "directed", "yes", "is not 'true' or 'false'"),
    ("relations", 1, "event_id", "no_such_event", "is not an id of events.csv"),
    ("actors", 1, "parent_id", "nobody", "'nobody' is not an id of actors.csv"),
    ("flows", 0, "year_start", "1989.5", "is not a whole number"),
    ("flows", 0, "year_end", "1988", "year_end (1988) is before year_start (1989)"),
    ("flows", 0, "donor_id", "atlantis", "is not an id of actors.csv"),
    ("places", 0, "lat", "95", "is above the maximum 90"),
    ("deflators", 0, "index_value", "0", "must be positive"),
]


@pytest.mark.parametrize(("table", "index", "column", "value", "message"), BROKEN)
def test_each_rule_names_file_line_and_column(
    mini_data: Path, table: str, index: int, column: str, value: str, message: str
) -> None:
    rows = copy.deepcopy(MINI[table])
    rows[index][column] = value
    write_table(mini_data, table, rows)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(mini_data)
    problems = caught.value.problems
    resource = next(r for r in read_descriptor(mini_data)["resources"] if r["name"] == table)
    hits = [p for p in problems if message in p.message]
    assert hits, f"no problem says {message!r}: {[str(p) for p in problems]}"
    assert hits[0].file == resource["path"]
    assert hits[0].line == index + 2  # the header is line 1
    assert column in hits[0].column
    assert resource["path"] in str(caught.value) and f"line {index + 2}" in str(caught.value)


def test_short_row_is_reported_not_dropped(mini_data: Path) -> None:
    path = mini_data / "actors.csv"
    path.write_text(path.read_text() + "extra_actor,Only a name\n")
    with pytest.raises(DataValidationError, match=r"actors.csv, line 7: has 2 fields"):
        load_dataset(mini_data)


def test_unterminated_quote_is_reported(mini_data: Path) -> None:
    path = mini_data / "places.csv"
    path.write_text(path.read_text() + 'kabul,"Kabul,city\n')
    with pytest.raises(DataValidationError, match=r"places.csv.*is not valid CSV"):
        load_dataset(mini_data)


@pytest.mark.parametrize("change", ["drop", "rename", "reorder"])
def test_header_problems(mini_data: Path, change: str) -> None:
    path = mini_data / "deflators.csv"
    header, *rest = path.read_text().splitlines()
    cols = header.split(",")
    if change == "drop":
        cols = cols[1:]
        rest = [",".join(r.split(",")[1:]) for r in rest]
    elif change == "rename":
        cols[0] = "yr"
    else:
        cols[0], cols[1] = cols[1], cols[0]
    path.write_text("\n".join([",".join(cols), *rest]) + "\n")
    with pytest.raises(DataValidationError, match=r"deflators.csv, line 1"):
        load_dataset(mini_data)


def test_missing_file_is_named(mini_data: Path) -> None:
    (mini_data / "flows.csv").unlink()
    with pytest.raises(DataValidationError, match=r"flows.csv: file is missing"):
        load_dataset(mini_data)


# ----------------------------------------------------------------- the real data


def test_real_data_passes() -> None:
    ds = load_dataset()
    assert all(len(frame) > 0 for frame in ds.tables.values())


def test_every_source_key_resolves_and_every_entry_is_used() -> None:
    """No row cites a missing entry; no entry is cited by nothing (data or book)."""
    from analysis.paths import BOOK_DIR

    ds = load_dataset()
    keys = read_bibliography_keys()
    cited = set().union(*(set(frame["source"]) for frame in ds.tables.values()))
    assert cited <= keys
    notes = " ".join(" ".join(frame["note"].dropna()) for frame in ds.tables.values())
    book_text = "\n".join(p.read_text(encoding="utf-8") for p in BOOK_DIR.rglob("*.md"))
    uncited = sorted(k for k in keys - cited
                     if not re.search(rf"\b{re.escape(k)}\b", book_text + notes))
    assert not uncited, f"bibliography entries nothing cites: {uncited}"


# ----------------------------------------------------------------- one clear error per bad input


def test_undecodable_byte_is_reported_once_at_its_line_and_column(mini_data: Path) -> None:
    path = mini_data / "actors.csv"
    lines = path.read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b"Jamiat", b"Jami\xe2t", 1)  # line 5, column 'name'
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(DataValidationError) as caught:
        load_dataset(mini_data)
    problems = caught.value.problems
    undecodable = [p for p in problems if "not UTF-8" in p.message]
    assert len(undecodable) == 1
    assert (undecodable[0].file, undecodable[0].line, undecodable[0].column) == (
        "actors.csv", 5, "name")
    assert "byte 0xe2 at character 12 of the line" in undecodable[0].message
    # the tables that point at actors are not reported row by row: one line says so
    assert not [p for p in problems if "is not an id of actors.csv" in p.message]
    skipped = [p for p in problems if "were not checked" in p.message]
    assert len(skipped) == 1 and skipped[0].file == "actors.csv"
    assert "events" not in skipped[0].message and "relations.csv" in skipped[0].message
    assert len(problems) == 2, [str(p) for p in problems]


def test_broken_header_does_not_cascade(mini_data: Path) -> None:
    path = mini_data / "events.csv"
    path.write_text(path.read_text().replace("event_id,", "eventid,", 1))
    with pytest.raises(DataValidationError) as caught:
        load_dataset(mini_data)
    problems = caught.value.problems
    assert not [p for p in problems if "is not an id of events.csv" in p.message]
    assert sum("were not checked" in p.message for p in problems) == 1
    assert [p.line for p in problems if p.file == "events.csv"] == [1, 1, None]


def test_byte_order_mark_is_accepted(mini_data: Path) -> None:
    path = mini_data / "actors.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    ds = load_dataset(mini_data)
    assert ds.actors.columns[1] == "actor_id"
    assert ds.actors["actor_id"].iloc[0] == "gov_afg"


@pytest.mark.parametrize(("row", "message"), [
    # Jalalabad with its latitude's sign flipped
    ({"lat": "-34.4", "province": "Nangarhar"}, "is said to be in Afghanistan (province "
     "'Nangarhar') but lies"),
    # Peshawar's coordinates for a place said to be in an Afghan province
    ({"lat": "34.017", "lon": "71.583", "province": "Nangarhar"}, "53 km outside its outline"),
    # no province: the borderlands box applies
    ({"lat": "-34.4", "province": ""}, "is outside Afghanistan and its borderlands"),
    ({"lat": "", "province": ""}, "is empty but the other coordinate is set"),
])
def test_coordinates_must_lie_where_the_row_says(mini_data: Path, row: dict, message: str
                                                  ) -> None:
    rows = copy.deepcopy(MINI["places"])
    rows[1].update(row)
    write_table(mini_data, "places", rows)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(mini_data)
    (problem,) = caught.value.problems
    assert message in problem.message
    assert (problem.file, problem.line) == ("places.csv", 3)
    assert problem.column in {"lat", "lon"}


def test_places_abroad_may_lie_outside_the_borderlands(mini_data: Path) -> None:
    rows = copy.deepcopy(MINI["places"])
    rows.append({"place_id": "geneva", "name": "Geneva", "kind": "city", "lat": "46.2",
                 "lon": "6.15", "province": "Geneva (Switzerland)"})
    write_table(mini_data, "places", rows)
    assert len(load_dataset(mini_data).places) == 3


@pytest.mark.parametrize("entry, message", [
    ("@misc{fixture2000,\n  title = {Fixture}\n}\n", "entry 'fixture2000' has no sourcetype"),
    ("@misc{fixture2000,\n  title = {Fixture},\n  sourcetype = {blog}\n}\n",
     "entry 'fixture2000' has the unknown source type 'blog'"),
])
def test_bibliography_entry_needs_a_known_source_type(
    mini_data: Path, entry: str, message: str
) -> None:
    (mini_data / "references.bib").write_text(entry)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(mini_data)
    problem = caught.value.problems[0]
    assert (problem.file, problem.column) == ("references.bib", "sourcetype")
    assert problem.message.startswith(message)


def test_every_bibliography_entry_has_author_title_year_and_type() -> None:
    """Each entry names an author or organisation, a title, a year and a source type."""
    from analysis.data import read_bibliography
    from analysis.paths import DATA_DIR
    from analysis.schema import check_bibliography

    problems = check_bibliography("references.bib", read_bibliography(DATA_DIR), complete=True)
    assert not problems, "\n".join(map(str, problems))


def test_a_bibliography_field_given_twice_is_refused(mini_data: Path) -> None:
    (mini_data / "references.bib").write_text(
        "@misc{fixture2000,\n  title = {Fixture},\n  title = {Again},\n"
        "  sourcetype = {dataset}\n}\n")
    with pytest.raises(DataValidationError) as caught:
        load_dataset(mini_data)
    assert "gives the field 'title' twice" in caught.value.problems[0].message


def test_an_unclosed_bibliography_entry_is_refused(mini_data: Path) -> None:
    (mini_data / "references.bib").write_text(
        "@misc{fixture2000,\n  title = {Fixture},\n  sourcetype = {dataset}\n\n"
        "@misc{other2001,\n  title = {Other},\n  sourcetype = {dataset}\n}\n")
    with pytest.raises(DataValidationError) as caught:
        load_dataset(mini_data)
    assert "entry 'fixture2000' is not closed" in caught.value.problems[0].message


# ----------------------------------------------------------------- the maps' files

ROADS_HEADER = "road_id,name,places,source,locator,note\n"


def write_roads(folder: Path, *rows: str) -> Path:
    """Write ``boundaries/roads.csv`` under a data folder: the header, then ``rows``."""
    (folder / "boundaries").mkdir(exist_ok=True)
    path = folder / "boundaries" / "roads.csv"
    path.write_text(ROADS_HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def test_roads_load_typed(mini_data: Path) -> None:
    write_roads(mini_data, "east,East road,afghanistan;jalalabad,fixture2000,p. 2,")
    roads = load_roads(mini_data)
    assert roads["places"].tolist() == ["afghanistan;jalalabad"]
    assert roads["line"].tolist() == [2]
    assert roads["note"].isna().all()


def test_the_real_roads_load() -> None:
    roads = load_roads()
    assert len(roads) >= 5 and roads["road_id"].is_unique


def test_a_road_through_an_unknown_place_is_one_problem_at_its_row(mini_data: Path) -> None:
    write_roads(mini_data, "east,East road,afghanistan;jalalabad,fixture2000,p. 2,",
                "west,West road,jalalabad;atlantis,fixture2000,p. 3,")
    with pytest.raises(DataValidationError) as caught:
        load_roads(mini_data)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column) == ("boundaries/roads.csv", 3, "places")
    assert problem.message == "'atlantis' is not an id of places.csv"


@pytest.mark.parametrize(("row", "column", "message"), [
    ("east,East road,jalalabad,fixture2000,p. 2,", "places", "names one place"),
    ("east,East road,afghanistan;jalalabad,nobody2020,p. 2,", "source",
     "'nobody2020' is not a key of the bibliography"),
    ("East road,East road,afghanistan;jalalabad,fixture2000,p. 2,", "road_id",
     "does not match the pattern"),
    ("east,East road,,fixture2000,p. 2,", "places", "is required but empty"),
])
def test_bad_roads_are_named_by_row_and_column(mini_data: Path, row: str, column: str,
                                               message: str) -> None:
    write_roads(mini_data, row)
    with pytest.raises(DataValidationError) as caught:
        load_roads(mini_data)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column) == ("boundaries/roads.csv", 2, column)
    assert message in problem.message


def test_a_repeated_road_is_refused(mini_data: Path) -> None:
    row = "east,East road,afghanistan;jalalabad,fixture2000,p. 2,"
    write_roads(mini_data, row, row)
    with pytest.raises(DataValidationError, match="line 3, column 'road_id'.*repeats"):
        load_roads(mini_data)


def test_boundaries_are_read_only_and_cached() -> None:
    first, second = load_boundaries(), load_boundaries()
    assert set(first) == {"countries", "provinces", "lakes"}
    ring = first["countries"]["Afghanistan"][0][0]
    assert ring is second["countries"]["Afghanistan"][0][0]  # read once
    assert not ring.flags.writeable
    first["provinces"].clear()  # the lists are the caller's own
    assert second["provinces"]


def test_a_missing_boundary_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "boundaries").mkdir()
    with pytest.raises(DataValidationError,
                       match="boundaries/ne_10m_admin_0_countries.geojson: file is missing"):
        load_boundaries(tmp_path)
