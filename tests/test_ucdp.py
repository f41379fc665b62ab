"""Tests of analysis.ucdp on SYNTHETIC fixtures.

Every row below is invented for the tests and is NOT UCDP data: names start
with "SYNTHETIC", UCDP-style ids are in the 9000s and 900000s, and the
values only exercise the code. Only the column names (the headers) follow
the public UCDP codebooks: GED 23.1, UCDP/PRIO Armed Conflict Dataset,
Non-State Conflict Dataset and Actor Dataset (v22.1).
"""

from __future__ import annotations

import copy
import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from conftest import MINI, write_table

from analysis.data import load_dataset, read_descriptor
from analysis.ucdp import (
    ACD_REQUIRED,
    ACTOR_REQUIRED,
    ESTIMATE_COLUMNS,
    EVENT_COLUMNS,
    GED_REQUIRED,
    NONSTATE_REQUIRED,
    PARTICIPANT_COLUMNS,
    RELATION_COLUMNS,
    acd_to_relations,
    actor_map_from_actors,
    ged_to_estimates,
    ged_to_events,
    ged_to_participants,
    nonstate_to_relations,
    parse_ids,
    read_acd,
    read_actors,
    read_ged,
    read_nonstate,
    repeated_ties,
)

# --- headers of the public files (column names only) ---------------------------------------

GED_HEADER = (
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
    "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,"
    "side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,"
    "source_date,source_headline,source_original,where_prec,where_coordinates,"
    "where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,"
    "country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,"
    "deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob")
ACD_HEADER = (
    "conflict_id,location,side_a,side_a_id,side_a_2nd,side_b,side_b_id,side_b_2nd,"
    "incompatibility,territory_name,year,intensity_level,cumulative_intensity,"
    "type_of_conflict,start_date,start_prec,start_date2,start_prec2,ep_end,ep_end_date,"
    "ep_end_prec,gwno_a,gwno_a_2nd,gwno_b,gwno_b_2nd,gwno_loc,region,version")
NONSTATE_HEADER = (
    "conflict_id,dyad_id,org,side_a_name,side_a_name_fulltext,side_a_name_mothertongue,"
    "side_a_id,side_a_components,side_a_2nd,gwno_a_2nd,side_b_name,side_b_name_fulltext,"
    "side_b_name_mothertongue,side_b_id,side_b_components,side_b_2nd,gwno_b_2nd,start_date,"
    "start_prec,start_date2,start_prec2,ep_end,ep_end_date,ep_end_prec,year,"
    "best_fatality_estimate,low_fatality_estimate,high_fatality_estimate,location,"
    "gwno_location,region,version")
ACTOR_HEADER = (
    "ActorId,NameData,NameOrig,NameOrigFull,NameOrigFullEng,NameChange,NewName,"
    "NewNameFullMotherTongue,NewNameFullEng,Org,ConflictId,DyadId,PrimaryParty,OSID,"
    "OSCoalition,OSCoalitionID,NSID,NSCoalition,NSCoalitionID,Splinter,NamePrev,ActorIdPrev,"
    "SplitTemp,NameSplitTemp,ActorIdSplitTemp,Alliance,NameAlliance,ActorIdAlliance,"
    "JoinGroup,GroupName,ActorIdGroup,Location,GWNOLoc,Region,Version")

# --- SYNTHETIC rows ---------------------------------------------------------------------


def ged_row(event_id: int, year: int, violence: int, dyad: int, a: int, b: int, start: str,
            end: str, prec: int, deaths: tuple[int, int, int, int], low: int, best: int,
            high: int, **extra: str) -> dict[str, str]:
    """One SYNTHETIC GED event."""
    row = {
        "id": event_id, "relid": f"SYNTHETIC-{event_id}", "year": year, "active_year": "1",
        "code_status": "Clear", "type_of_violence": violence, "conflict_dset_id": 9100,
        "conflict_new_id": 9100, "conflict_name": "SYNTHETIC: Government",
        "dyad_dset_id": dyad, "dyad_new_id": dyad,
        "dyad_name": f"SYNTHETIC side {a} - SYNTHETIC side {b}", "side_a_dset_id": a,
        "side_a_new_id": a, "side_a": f"SYNTHETIC side {a}", "side_b_dset_id": b,
        "side_b_new_id": b, "side_b": "Civilians" if violence == 3 else f"SYNTHETIC side {b}",
        "number_of_sources": 1, "source_article": "SYNTHETIC test row, not UCDP data",
        "where_prec": 1, "where_description": "SYNTHETIC place", "latitude": 34.5,
        "longitude": 69.2, "priogrid_gid": 1, "country": "Afghanistan", "country_id": 700,
        "region": "Asia", "event_clarity": 1, "date_prec": prec,
        "date_start": f"{start} 00:00:00.000", "date_end": f"{end} 00:00:00.000",
        "deaths_a": deaths[0], "deaths_b": deaths[1], "deaths_civilians": deaths[2],
        "deaths_unknown": deaths[3], "best": best, "high": high, "low": low,
        "gwnoa": "700", "gwnob": "",
    }
    row.update(extra)
    return {k: str(v) for k, v in row.items()}


GED_ROWS = [
    ged_row(900001, 1990, 1, 9200, 9001, 9002, "1990-03-06", "1990-03-06", 1, (2, 3, 0, 0),
            4, 5, 7),
    ged_row(900002, 1990, 1, 9200, 9001, 9002, "1990-06-01", "1990-06-30", 4, (1, 1, 1, 0),
            2, 3, 3),
    ged_row(900003, 1990, 2, 9201, 9002, 9003, "1990-02-01", "1990-11-30", 5, (4, 6, 0, 0),
            10, 10, 12, event_clarity="2"),
    ged_row(900004, 1990, 3, 9202, 9003, 1, "1990-12-30", "1991-01-02", 2, (0, 0, 8, 0),
            8, 8, 9),
    ged_row(900005, 1991, 1, 9200, 9001, 9002, "1991-04-11", "1991-04-12", 2, (0, 0, 0, 6),
            6, 6, 6),
]

ACD_ROWS = [
    {"conflict_id": "9100", "location": "Afghanistan", "side_a": "SYNTHETIC Government",
     "side_a_id": "9001", "side_a_2nd": "SYNTHETIC Supporter", "side_b":
     "SYNTHETIC side 9002, SYNTHETIC side 9003", "side_b_id": "9002, 9003", "side_b_2nd": "",
     "incompatibility": "2", "year": "1990", "intensity_level": "2",
     "cumulative_intensity": "1", "type_of_conflict": "4", "start_date": "1980-01-01",
     "start_prec": "6", "start_date2": "1980-01-01", "start_prec2": "1", "ep_end": "0",
     "gwno_a": "700", "gwno_loc": "700", "region": "3", "version": "0.0-synthetic"},
    {"conflict_id": "9100", "location": "Afghanistan", "side_a": "SYNTHETIC Government",
     "side_a_id": "9001", "side_a_2nd": "", "side_b": "SYNTHETIC side 9002",
     "side_b_id": "9002", "side_b_2nd": "", "incompatibility": "2", "year": "1991",
     "intensity_level": "1", "cumulative_intensity": "1", "type_of_conflict": "3",
     "ep_end": "1", "ep_end_date": "1991-12-31", "ep_end_prec": "1.0",
     "version": "0.0-synthetic"},
]

NONSTATE_ROWS = [
    {"conflict_id": "9300", "dyad_id": "9400", "org": "1", "side_a_name": "SYNTHETIC side 9002",
     "side_a_id": "9002", "side_b_name": "SYNTHETIC side 9003", "side_b_id": "9003",
     "start_date": "1990-05-10", "start_prec": "2", "ep_end": "1", "ep_end_date": "1991-07-31",
     "ep_end_prec": "3.0", "year": "1990", "best_fatality_estimate": "30",
     "low_fatality_estimate": "25", "high_fatality_estimate": "40", "location": "Afghanistan",
     "gwno_location": "700", "region": "3", "version": "0.0-synthetic"},
    {"conflict_id": "9300", "dyad_id": "9400", "org": "1", "side_a_name": "SYNTHETIC side 9002",
     "side_a_id": "9002", "side_b_name": "SYNTHETIC side 9003", "side_b_id": "9003",
     "year": "1991", "best_fatality_estimate": "12", "low_fatality_estimate": "12",
     "high_fatality_estimate": "20", "location": "Afghanistan", "version": "0.0-synthetic"},
]

ACTOR_ROWS = [
    {"ActorId": str(i), "NameData": f"SYNTHETIC side {i}", "NameOrig": f"SYNTHETIC side {i}",
     "Org": "1", "ConflictId": "9100, 9300", "DyadId": "9200, 9400", "Location": "Afghanistan",
     "GWNOLoc": "700", "Region": "3", "Version": "0.0-synthetic"}
    for i in (9001, 9002, 9003)
]

ACTOR_MAP = {9001: "gov_afg", 9002: "hig", 9003: "jamiat"}


def write_csv(path: Path, header: str, rows: list[dict[str, str]]) -> Path:
    columns = header.split(",")
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


# (reader, file name as UCDP distributes it, header, rows, required columns)
DATASETS = {
    "ged": (read_ged, "GEDEvent_v23_1.csv", GED_HEADER, GED_ROWS, GED_REQUIRED),
    "acd": (read_acd, "UcdpPrioConflict_v22_1.csv", ACD_HEADER, ACD_ROWS, ACD_REQUIRED),
    "nonstate": (read_nonstate, "NonState_v22_1.csv", NONSTATE_HEADER, NONSTATE_ROWS,
                 NONSTATE_REQUIRED),
    "actors": (read_actors, "ucdp_actor_v22_1.csv", ACTOR_HEADER, ACTOR_ROWS, ACTOR_REQUIRED),
}


def write_dataset(tmp_path: Path, name: str, rows=None, header=None) -> Path:
    _, file, default_header, default_rows, _ = DATASETS[name]
    return write_csv(tmp_path / file, header or default_header,
                     default_rows if rows is None else rows)


@pytest.fixture
def ged(tmp_path) -> pd.DataFrame:
    return read_ged(write_dataset(tmp_path, "ged"))


@pytest.fixture
def acd(tmp_path) -> pd.DataFrame:
    return read_acd(write_dataset(tmp_path, "acd"))


@pytest.fixture
def nonstate(tmp_path) -> pd.DataFrame:
    return read_nonstate(write_dataset(tmp_path, "nonstate"))


# --- readers ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(DATASETS))
def test_reader_reads_every_row_and_column(tmp_path, name) -> None:
    reader, _, header, rows, _ = DATASETS[name]
    frame = reader(write_dataset(tmp_path, name))
    assert list(frame.columns) == header.split(",")
    assert len(frame) == len(rows)


@pytest.mark.parametrize(("name", "column", "dtype"), [
    ("ged", "id", "Int64"), ("ged", "best", "Int64"), ("ged", "latitude", "float64"),
    ("ged", "date_start", "datetime64[ns]"), ("ged", "side_a", "str"),
    ("ged", "gwnob", "str"), ("acd", "year", "Int64"), ("acd", "side_b_id", "str"),
    ("acd", "ep_end_date", "datetime64[ns]"), ("acd", "version", "str"),
    ("nonstate", "ep_end_prec", "Int64"), ("nonstate", "start_date", "datetime64[ns]"),
    ("actors", "ActorId", "Int64"), ("actors", "NameChange", "str"),
])
def test_columns_are_typed(tmp_path, name, column, dtype) -> None:
    frame = DATASETS[name][0](write_dataset(tmp_path, name))
    assert frame[column].dtype == dtype


def test_values_are_read_exactly(ged, acd, nonstate) -> None:
    first = ged.iloc[0]
    assert first["date_start"] == pd.Timestamp("1990-03-06")
    assert (first["low"], first["best"], first["high"]) == (4, 5, 7)
    assert first["side_a"] == "SYNTHETIC side 9001"
    assert pd.isna(first["gwnob"])  # an empty cell stays missing
    assert acd["version"].tolist() == ["0.0-synthetic"] * 2
    assert nonstate["ep_end_prec"].tolist()[0] == 3  # "3.0" in the file


@pytest.mark.parametrize(("name", "column"), [
    (name, column) for name, spec in DATASETS.items() for column in spec[4]])
def test_missing_column_is_named(tmp_path, name, column) -> None:
    reader, file, header, rows, _ = DATASETS[name]
    kept = ",".join(c for c in header.split(",") if c != column)
    with pytest.raises(ValueError, match=rf"^{file}: missing required column\(s\) '{column}'$"):
        reader(write_dataset(tmp_path, name, header=kept))


@pytest.mark.parametrize(("name", "column", "value", "message"), [
    ("ged", "best", "many", "column 'best' is not a number in record.s. 2"),
    ("ged", "deaths_a", "2.5", "column 'deaths_a' is not a whole number in record.s. 2"),
    ("ged", "date_end", "1990-02-30", "column 'date_end' is not a date in record.s. 2"),
    ("ged", "id", "", "column 'id' is empty in record.s. 2"),
    ("acd", "side_b_id", "9002; x", "column 'side_b_id' is not a list of ids in record.s. 2"),
    ("nonstate", "dyad_id", "", "column 'dyad_id' is empty in record.s. 2"),
    ("actors", "NameData", " ", "column 'NameData' is empty in record.s. 2"),
])
def test_bad_values_are_named(tmp_path, name, column, value, message) -> None:
    reader, file, _, rows, _ = DATASETS[name]
    broken = [dict(r) for r in rows]
    broken[1][column] = value
    with pytest.raises(ValueError, match=f"^{file}: {message}$"):
        reader(write_dataset(tmp_path, name, rows=broken))


def test_many_bad_records_are_shortened(tmp_path) -> None:
    rows = [dict(GED_ROWS[0], id=str(i), best="x") for i in range(12)]
    with pytest.raises(ValueError, match=r"record\(s\) 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 \.\.\.$"):
        read_ged(write_dataset(tmp_path, "ged", rows=rows))


def test_reads_a_buffer() -> None:
    text = io.StringIO(ACTOR_HEADER + "\n" + ",".join(
        ACTOR_ROWS[0].get(c, "") if "," not in ACTOR_ROWS[0].get(c, "") else "9100"
        for c in ACTOR_HEADER.split(",")) + "\n")
    assert read_actors(text)["ActorId"].tolist() == [9001]
    with pytest.raises(ValueError, match="^<buffer>: missing required column"):
        read_actors(io.StringIO("ActorId\n1\n"))


@pytest.mark.parametrize(("value", "expected"), [
    ("292, 294, 299", [292, 294, 299]), ("130", [130]), (130, [130]), ("", []), (None, []),
    (float("nan"), []), ("3.0", [3]),
])
def test_parse_ids(value, expected) -> None:
    assert parse_ids(value) == expected


def test_parse_ids_refuses_text() -> None:
    with pytest.raises(ValueError, match="'a, b' is not a list of UCDP ids"):
        parse_ids("a, b")


# --- the project's tables: shapes -------------------------------------------------------

@pytest.mark.parametrize(("table", "columns"), [
    ("estimates", ESTIMATE_COLUMNS), ("events", EVENT_COLUMNS),
    ("event_participants", PARTICIPANT_COLUMNS), ("relations", RELATION_COLUMNS),
])
def test_column_lists_follow_the_contract(table, columns) -> None:
    resource = next(r for r in read_descriptor()["resources"] if r["name"] == table)
    assert tuple(f["name"] for f in resource["schema"]["fields"]) == columns


# --- actor map --------------------------------------------------------------------------

@pytest.fixture
def project_actors() -> pd.DataFrame:
    return pd.DataFrame({"actor_id": ["gov_afg", "hig", "jamiat", "usa"],
                         "ucdp_actor_id": pd.array([9001, 9002, 9003, None], dtype="Int64")})


def test_actor_map(project_actors, tmp_path) -> None:
    assert actor_map_from_actors(project_actors) == ACTOR_MAP
    ucdp = read_actors(write_dataset(tmp_path, "actors"))
    assert actor_map_from_actors(project_actors, ucdp) == ACTOR_MAP


def test_actor_map_refuses_a_shared_id(project_actors) -> None:
    project_actors.loc[3, "ucdp_actor_id"] = 9002
    with pytest.raises(ValueError, match="given to several actors: 9002: hig, usa"):
        actor_map_from_actors(project_actors)


def test_actor_map_checks_the_ucdp_list(project_actors, tmp_path) -> None:
    ucdp = read_actors(write_dataset(tmp_path, "actors", rows=ACTOR_ROWS[:2]))
    with pytest.raises(ValueError, match="not in the UCDP actor list: 9003"):
        actor_map_from_actors(project_actors, ucdp)


def test_actor_map_needs_its_columns(project_actors) -> None:
    with pytest.raises(ValueError, match="actors lacks the column 'ucdp_actor_id'"):
        actor_map_from_actors(project_actors.drop(columns="ucdp_actor_id"))


# --- GED -> estimates -------------------------------------------------------------------

def test_yearly_estimates(ged) -> None:
    out = ged_to_estimates(ged)
    assert list(out.columns) == list(ESTIMATE_COLUMNS)
    assert out["fact_id"].tolist() == ["battle_deaths_afg_1990", "nonstate_deaths_afg_1990",
                                       "onesided_deaths_afg_1990", "battle_deaths_afg_1991"]
    first = out.iloc[0]
    assert (first["low"], first["best"], first["high"]) == (6.0, 8.0, 10.0)
    assert first["locator"] == "type_of_violence=1, year=1990, id=900001 900002"
    assert first["period_start"] == first["period_end"] == pd.Timestamp("1990-01-01")
    assert "side A 3, side B 4, civilians 1, unknown 0" in first["note"]
    assert out["estimate_id"].is_unique
    assert pd.isna(first["actor_id"])
    assert (out[["subject_type", "subject_id", "quantity", "category", "unit"]].iloc[0]
            .tolist() == ["place", "afghanistan", "killed", "all", "persons"])


@pytest.mark.parametrize(("max_ids", "locator"), [
    (2, "type_of_violence=1, year=1990, id=900001 900002"),
    (1, "type_of_violence=1, year=1990 (2 events, id 900001..900002)"),
])
def test_locator_names_the_ged_ids(ged, max_ids, locator) -> None:
    assert ged_to_estimates(ged, max_ids=max_ids)["locator"].iloc[0] == locator


def test_total_is_preserved(ged) -> None:
    out = ged_to_estimates(ged)
    for column in ("low", "best", "high"):
        assert out[column].sum() == ged[column].sum()


def test_dyad_estimates(ged) -> None:
    out = ged_to_estimates(ged, ACTOR_MAP, by="dyad")
    rows = {r.estimate_id: r for r in out.itertuples()}
    # dyad 9200 in 1990: two events, side A lost 2 + 1, side B 3 + 1
    assert rows["ucdp_ged_dyad_9200_a_1990"].best == 3.0
    assert rows["ucdp_ged_dyad_9200_b_1990"].best == 4.0
    assert rows["ucdp_ged_dyad_9200_b_1990"].subject_id == "hig"
    assert rows["ucdp_ged_dyad_9200_b_1990"].category == "combatants"
    # one-sided violence: side B (civilians) is not an actor and gets no row
    assert "ucdp_ged_dyad_9202_a_1990" in rows
    assert "ucdp_ged_dyad_9202_b_1990" not in rows
    assert len(out) == 7
    assert (out["low"] == out["high"]).all()


def test_dyad_estimates_need_the_map(ged) -> None:
    with pytest.raises(ValueError, match="by='dyad' needs actor_map"):
        ged_to_estimates(ged, by="dyad")


def test_unknown_ids_are_all_listed(ged) -> None:
    with pytest.raises(ValueError, match=(r"no project actor .*: 9002 \(SYNTHETIC side 9002\); "
                                          r"9003 \(SYNTHETIC side 9003\)$")):
        ged_to_estimates(ged, {9001: "gov_afg"}, by="dyad")


def test_unknown_grouping(ged) -> None:
    with pytest.raises(ValueError, match="by must be 'year' or 'dyad', not 'month'"):
        ged_to_estimates(ged, by="month")


def test_events_outside_the_country_are_refused(ged) -> None:
    ged.loc[1, "country"] = "SYNTHETIC Neighbour"
    with pytest.raises(ValueError, match="1 GED event.s. lie outside Afghanistan "
                                         r"\(SYNTHETIC Neighbour\)"):
        ged_to_estimates(ged)
    assert len(ged_to_estimates(ged, country=None)) == 4


# --- GED -> events and participants -----------------------------------------------------

@pytest.mark.parametrize(("event_id", "start", "precision", "end", "end_precision"), [
    (900001, "1990-03-06", "day", None, None),       # one day
    (900002, "1990-06-01", "month", None, None),     # a window inside June
    (900003, "1990-01-01", "year", None, None),      # a window inside 1990
    (900004, "1990-12-30", "day", "1991-01-02", "day"),  # crosses the year: kept as a window
    (900005, "1991-04-01", "month", None, None),     # two days in April
])
def test_event_dates_follow_the_window(ged, event_id, start, precision, end,
                                       end_precision) -> None:
    row = ged_to_events(ged).set_index("event_id").loc[f"ucdp_ged_{event_id}"]
    assert row["start_date"] == pd.Timestamp(start)
    assert row["start_precision"] == precision
    assert (pd.isna(row["end_date"]) if end is None
            else row["end_date"] == pd.Timestamp(end))
    assert (pd.isna(row["end_precision"]) if end_precision is None
            else row["end_precision"] == end_precision)


def test_events_keep_ged_details(ged) -> None:
    out = ged_to_events(ged).set_index("event_id")
    assert list(out.reset_index().columns) == list(EVENT_COLUMNS)
    window = out.loc["ucdp_ged_900004", "note"]
    assert "date_start 1990-12-30, date_end 1991-01-02 (date_prec 2)" in window
    assert "window of uncertainty, not a duration" in window
    assert "window of uncertainty" not in out.loc["ucdp_ged_900002", "note"]
    assert out["kind"].tolist() == ["clash", "clash", "clash", "other", "clash"]
    assert out.loc["ucdp_ged_900003", "confidence"] == "medium"  # event_clarity 2
    assert out.loc["ucdp_ged_900001", "outcome"] == (
        "5 killed (UCDP best estimate; low 4, high 7)")
    assert "against civilians" in out.loc["ucdp_ged_900004", "summary"]
    assert out.loc["ucdp_ged_900001", "locator"] == "id=900001"


def test_event_kinds_can_be_chosen(ged) -> None:
    out = ged_to_events(ged.loc[ged["type_of_violence"] == 3], kinds={3: "massacre"})
    assert out["kind"].tolist() == ["massacre"]
    with pytest.raises(ValueError, match="no event kind for type_of_violence 1, 2"):
        ged_to_events(ged, kinds={3: "massacre"})


def test_events_without_clarity_column_are_high(ged) -> None:
    assert (ged_to_events(ged.drop(columns="event_clarity"))["confidence"] == "high").all()


@pytest.mark.parametrize(("column", "value", "message"), [
    ("date_prec", 7, "date_prec outside 1-5 in event.s. 900002"),
    ("date_end", pd.Timestamp("1990-01-01"), "date_end before date_start in event.s. 900002"),
])
def test_bad_ged_dates(ged, column, value, message) -> None:
    ged.loc[1, column] = value
    with pytest.raises(ValueError, match=message):
        ged_to_events(ged)


def test_participants(ged) -> None:
    out = ged_to_participants(ged, ACTOR_MAP)
    assert list(out.columns) == list(PARTICIPANT_COLUMNS)
    by_event = out.groupby("event_id")["actor_id"].apply(list).to_dict()
    assert by_event["ucdp_ged_900001"] == ["gov_afg", "hig"]
    assert by_event["ucdp_ged_900004"] == ["jamiat"]  # civilians are not an actor
    assert out["side"].tolist() == ["a", "b", "a", "b", "a", "b", "a", "a", "b"]
    with pytest.raises(ValueError, match=r"9003 \(SYNTHETIC side 9003\)"):
        ged_to_participants(ged, {9001: "gov_afg", 9002: "hig"})


# --- ACD and non-state -> relations ------------------------------------------------------

def test_acd_relations(acd) -> None:
    out = acd_to_relations(acd, ACTOR_MAP)
    assert list(out.columns) == list(RELATION_COLUMNS)
    assert out["relation_id"].tolist() == ["ucdp_acd_9100_1990_9001_9002",
                                           "ucdp_acd_9100_1990_9001_9003",
                                           "ucdp_acd_9100_1991_9001_9002"]
    assert out[["actor_a", "actor_b"]].values.tolist() == [
        ["gov_afg", "hig"], ["gov_afg", "jamiat"], ["gov_afg", "hig"]]
    assert (out["type"] == "armed_clash").all()
    assert out["sign"].tolist() == [-1, -1, -1]
    assert not out["directed"].any()
    assert (out["start_precision"] == "year").all()
    assert out["start_date"].tolist() == out["end_date"].tolist()
    assert out["start_date"].dt.year.tolist() == [1990, 1990, 1991]
    assert "Secondary supporters (not mapped): side A: SYNTHETIC Supporter" in out["note"].iloc[0]
    assert "Secondary" not in out["note"].iloc[2]
    assert out["locator"].iloc[2] == "conflict_id=9100, year=1991"


def test_acd_unknown_ids(acd) -> None:
    with pytest.raises(ValueError, match=r": 9001 \(SYNTHETIC Government\); 9003 "):
        acd_to_relations(acd, {9002: "hig"})


def test_one_actor_cannot_fight_itself(acd) -> None:
    with pytest.raises(ValueError, match="year=1990: both sides map to the project actor 'hig'"):
        acd_to_relations(acd, {9001: "hig", 9002: "hig", 9003: "jamiat"})


@pytest.mark.parametrize(("template", "expected"), [
    ("ucdp_ns_{dyad_id}", ["ucdp_ns_9400", "ucdp_ns_9400"]),
    (None, [None, None]),
])
def test_nonstate_relations(nonstate, template, expected) -> None:
    out = nonstate_to_relations(nonstate, ACTOR_MAP, event_id=template)
    assert out["relation_id"].tolist() == ["ucdp_ns_9400_1990", "ucdp_ns_9400_1991"]
    assert [None if pd.isna(e) else e for e in out["event_id"]] == expected
    assert out[["actor_a", "actor_b"]].values.tolist() == [["hig", "jamiat"]] * 2
    assert "fatalities 30 (low 25, high 40)" in out["note"].iloc[0]


def test_nonstate_coalition_sides(nonstate) -> None:
    nonstate.loc[0, "side_b_id"] = "9003, 9001"
    out = nonstate_to_relations(nonstate, ACTOR_MAP)
    assert out["relation_id"].tolist() == ["ucdp_ns_9400_1990_9002_9003",
                                           "ucdp_ns_9400_1990_9002_9001", "ucdp_ns_9400_1991"]


def test_nonstate_unknown_ids(nonstate) -> None:
    with pytest.raises(ValueError, match=r"9002 \(SYNTHETIC side 9002\)"):
        nonstate_to_relations(nonstate, {9003: "jamiat"})


# --- the mapped rows pass the project's own validation ---------------------------------

def as_cells(frame: pd.DataFrame) -> list[dict[str, str]]:
    def cell(value) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if isinstance(value, pd.Timestamp):
            return value.strftime("%Y-%m-%d")
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)
    return [{k: cell(v) for k, v in row.items()} for row in frame.to_dict("records")]


def test_mapped_rows_load_as_project_data(mini_data, ged, acd, nonstate) -> None:
    with open(mini_data / "references.bib", "a", encoding="utf-8") as handle:
        for key in ("ucdp_ged_23_1", "ucdp_acd_v22_1", "ucdp_nonstate_v22_1"):
            handle.write(f"@misc{{{key},\n  title = {{SYNTHETIC}},\n"
                         "  sourcetype = {dataset}\n}\n")
    events = ged_to_events(ged)
    write_table(mini_data, "events", MINI["events"] + as_cells(events))
    write_table(mini_data, "event_participants",
                MINI["event_participants"] + as_cells(ged_to_participants(ged, ACTOR_MAP)))
    estimates = pd.concat([ged_to_estimates(ged), ged_to_estimates(ged, ACTOR_MAP, by="dyad")])
    write_table(mini_data, "estimates", MINI["estimates"] + as_cells(estimates))
    relations = pd.concat([acd_to_relations(acd, ACTOR_MAP),
                           nonstate_to_relations(nonstate, ACTOR_MAP, event_id=None)])
    write_table(mini_data, "relations", MINI["relations"] + as_cells(relations))
    ds = load_dataset(mini_data)
    assert len(ds.events) == len(MINI["events"]) + len(events)
    assert len(ds.estimates) == len(MINI["estimates"]) + len(estimates)
    assert len(ds.relations) == len(MINI["relations"]) + len(relations)


# --- mapped ties that repeat the data's own ---------------------------------------------

def test_repeats_of_existing_ties_are_named_with_both_ids(mini_data, acd, nonstate) -> None:
    rows = copy.deepcopy(MINI["relations"])
    # a hand-transcribed clash of the same pair in 1990 (reversed order, month precision)
    rows.append({**rows[0], "relation_id": "rel_jamiat_hig_clash_hand", "actor_a": "jamiat",
                 "actor_b": "hig", "start_date": "1990-07-01", "start_precision": "month",
                 "end_date": "", "end_precision": ""})
    write_table(mini_data, "relations", rows)
    existing = load_dataset(mini_data).relations
    with pytest.raises(ValueError) as caught:
        nonstate_to_relations(nonstate, ACTOR_MAP, existing=existing)
    assert str(caught.value).startswith("1 mapped tie(s) repeat relations already in the data: "
                                        "ucdp_ns_9400_1990 repeats rel_jamiat_hig_clash_hand")
    kept = nonstate_to_relations(nonstate, ACTOR_MAP, existing=existing, repeats="drop")
    assert kept["relation_id"].tolist() == ["ucdp_ns_9400_1991"]
    # the ACD pairs (government against a party) repeat nothing here
    assert len(acd_to_relations(acd, ACTOR_MAP, existing=existing)) == 3
    with pytest.raises(ValueError, match="repeats must be"):
        acd_to_relations(acd, ACTOR_MAP, existing=existing, repeats="keep")


def test_repeated_ties_respects_direction_and_dates(nonstate) -> None:
    mapped = nonstate_to_relations(nonstate, ACTOR_MAP)
    hand = pd.DataFrame([
        {"relation_id": "late", "actor_a": "hig", "actor_b": "jamiat", "type": "armed_clash",
         "directed": False, "start_date": "1992-01-01", "start_precision": "year",
         "end_date": None, "end_precision": None},
        {"relation_id": "other_type", "actor_a": "hig", "actor_b": "jamiat",
         "type": "alliance", "directed": False, "start_date": "1990-01-01",
         "start_precision": "year", "end_date": None, "end_precision": None},
        {"relation_id": "spanning", "actor_a": "hig", "actor_b": "jamiat",
         "type": "armed_clash", "directed": False, "start_date": "1989-05-10",
         "start_precision": "day", "end_date": "1991-02-01", "end_precision": "day"},
    ])
    found = repeated_ties(mapped, hand)
    assert found[["mapped_id", "existing_id"]].values.tolist() == [
        ["ucdp_ns_9400_1990", "spanning"], ["ucdp_ns_9400_1991", "spanning"]]
    assert repeated_ties(mapped.iloc[0:0], hand).empty


def test_the_benchmarks_synthetic_ged_reads_typed(tmp_path) -> None:
    """The file `make bench` times the reader on (the timing itself is not a test)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench", Path(__file__).resolve().parent.parent / "scripts" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    ged = read_ged(bench.write_synthetic_ged(tmp_path / "ged.csv", 50))
    assert len(ged) == 50 and ged["best"].dtype == "Int64"
    assert ged["date_start"].dtype == "datetime64[ns]" and ged["gwnob"].isna().all()
    assert "ratio 1.10 (goal <= 1.5)   met" in bench.ged_report(1.1, 1.0, 50)
