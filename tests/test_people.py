"""Tests of the people tables: schema and keys, the loader's rules, the who's who."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import MINI, write_table

from analysis.data import DataValidationError, load_dataset
from analysis.pages import people_markdown, person_label, role_words, whoswho_markdown


def _rewrite(folder: Path, table: str, change) -> None:
    rows = copy.deepcopy(MINI[table])
    change(rows)
    write_table(folder, table, rows)


def _problems(folder: Path) -> list:
    with pytest.raises(DataValidationError) as caught:
        load_dataset(folder)
    return caught.value.problems


def test_mini_people_load(mini_data: Path) -> None:
    ds = load_dataset(mini_data)
    assert ds.people["person_id"].tolist() == ["najibullah", "tanai"]
    assert ds.person_roles["start_date"].dtype.kind == "M"
    assert ds.event_people["person_id"].tolist() == ["tanai"]


def test_a_role_must_name_a_known_organisation(mini_data: Path) -> None:
    _rewrite(mini_data, "person_roles", lambda rows: rows[1].update(actor_id="nobody"))
    (problem,) = _problems(mini_data)
    assert (problem.file, problem.column) == ("person_roles.csv", "actor_id")


def test_a_role_must_name_a_known_person(mini_data: Path) -> None:
    _rewrite(mini_data, "person_roles", lambda rows: rows[1].update(person_id="nobody"))
    (problem,) = _problems(mini_data)
    assert (problem.file, problem.column) == ("person_roles.csv", "person_id")


def test_a_role_may_not_end_before_it_starts(mini_data: Path) -> None:
    _rewrite(mini_data, "person_roles",
             lambda rows: rows[1].update(end_date="1989-01-01", end_precision="day"))
    (problem,) = _problems(mini_data)
    assert (problem.file, problem.line, problem.column) == ("person_roles.csv", 3, "end_date")


def test_a_role_lies_inside_the_span(mini_data: Path) -> None:
    _rewrite(mini_data, "person_roles",
             lambda rows: rows[1].update(start_date="1975-01-01", start_precision="day"))
    (problem,) = _problems(mini_data)
    assert (problem.file, problem.column) == ("person_roles.csv", "start_date")


def test_a_role_lies_inside_its_holders_life(mini_data: Path) -> None:
    _rewrite(mini_data, "person_roles", lambda rows: rows[0].update(
        start_date="1997-01-01", start_precision="year", end_date="1998-01-01",
        end_precision="year"))
    problems = _problems(mini_data)
    assert {(p.file, p.column) for p in problems} == {("person_roles.csv", "start_date"),
                                                      ("person_roles.csv", "end_date")}
    assert "after the death of 'najibullah' in 1996" in problems[0].message


def test_a_person_is_not_born_after_dying(mini_data: Path) -> None:
    _rewrite(mini_data, "people", lambda rows: rows[0].update(birth_year="2000"))
    problems = _problems(mini_data)
    assert ("people.csv", "death_year") in {(p.file, p.column) for p in problems}


def test_event_participants_must_resolve(mini_data: Path) -> None:
    _rewrite(mini_data, "event_people", lambda rows: rows[0].update(person_id="nobody"))
    (problem,) = _problems(mini_data)
    assert (problem.file, problem.column) == ("event_people.csv", "person_id")
    _rewrite(mini_data, "event_people", lambda rows: rows[0].update(event_id="nothing"))
    (problem,) = _problems(mini_data)
    assert (problem.file, problem.column) == ("event_people.csv", "event_id")


def test_real_people_keys_resolve() -> None:
    ds = load_dataset()
    people = set(ds.people["person_id"])
    assert len(people) == len(ds.people)
    assert set(ds.person_roles["person_id"]) <= people
    assert set(ds.person_roles["actor_id"]) <= set(ds.actors["actor_id"])
    assert set(ds.event_people["person_id"]) <= people
    assert set(ds.event_people["event_id"]) <= set(ds.events["event_id"])
    for column in ("start_date", "end_date"):
        dates = ds.person_roles[column].dropna()
        assert ((dates >= "1978-01-01") & (dates <= "2001-12-31")).all()


def test_the_whos_who_lists_every_person_with_a_target() -> None:
    ds = load_dataset()
    text = whoswho_markdown(ds.actors, ds.people, ds.person_roles)
    for row in ds.people.itertuples():
        assert f"({person_label(row.person_id)})=" in text
        assert f"### {row.name}" in text
    for role in ds.person_roles.itertuples():
        assert role.title.replace("|", "\\|") in text


def test_a_role_in_words_carries_its_dates_and_source(mini_data: Path) -> None:
    ds = load_dataset(mini_data)
    names = dict(zip(ds.actors["actor_id"], ds.actors["name"], strict=True))
    words = role_words(ds.person_roles.iloc[0], names)
    assert words.startswith("President, {ref}`")
    assert "until July 1989" in words and "(ended by flight)" in words
    assert "{cite:p}`fixture2000`" in words
    text = people_markdown(ds.people, ds.person_roles, ds.actors)
    assert "1947–1996" in text and text.index("Najibullah") < text.index("Tanai")
