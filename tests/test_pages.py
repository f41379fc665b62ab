"""Tests of analysis.pages: the generated reference pages."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.data import load_dataset
from analysis.pages import (
    chronology_markdown,
    disagreements,
    disagreements_markdown,
    md_escape,
    rows_markdown,
    whoswho_markdown,
)

TS = pd.Timestamp


def _events() -> pd.DataFrame:
    return pd.DataFrame({
        "event_id": ["k_a", "k_b", "coup"], "fact_id": ["k", "k", "coup"],
        "name": ["Fall of Khost", "Fall of Khost", "Coup"],
        "kind": ["siege", "siege", "coup_attempt"],
        "start_date": [TS("1991-03-14"), TS("1991-04-11"), TS("1990-03-06")],
        "start_precision": ["day"] * 3, "end_date": [TS("1991-03-31"), pd.NaT, pd.NaT],
        "end_precision": ["day", None, None], "place_id": [None] * 3,
        "outcome": [None, None, "failed"], "summary": ["s1", "s2", "s3"],
        "source": ["a", "b", "c"], "locator": ["x", "y", "z"],
        "confidence": ["high"] * 3,
    })


def test_disagreements_keep_every_reading_and_only_disputed_facts() -> None:
    register = disagreements(events=_events())
    assert register["row_id"].tolist() == ["k_a", "k_b"]
    assert register["reading"].tolist() == ["14–31 March 1991", "11 April 1991"]


def test_agreeing_rows_are_not_a_disagreement() -> None:
    events = _events()
    events.loc[1, ["start_date", "end_date"]] = [TS("1991-03-14"), TS("1991-03-31")]
    events.loc[1, "end_precision"] = "day"
    assert disagreements(events=events).empty


def test_chronology_has_a_target_per_event_and_marks_disputes() -> None:
    actors = pd.DataFrame({"actor_id": ["haqqani"], "name": ["Haqqani network"]})
    participants = pd.DataFrame({"event_id": ["k_a"], "actor_id": ["haqqani"], "side": ["a"]})
    text = chronology_markdown(_events(), actors, participants)
    assert len(re.findall(r"^\(event-[a-z_]+\)=$", text, flags=re.M)) == 3
    assert text.index("## 1990") < text.index("## 1991")
    assert "{ref}`Haqqani network <actor-haqqani>`" in text
    assert text.count("Date disputed") == 2


def test_register_markdown_has_one_table_per_fact() -> None:
    text = disagreements_markdown(disagreements(events=_events()))
    assert text.count("(disputed-events-k)=") == 1
    assert text.count("| reading |") == 1


@pytest.mark.parametrize(("raw", "escaped"), [
    ("plain", "plain"), ("a|b", "a\\|b"), ("{x}", "\\{x\\}"), ("$5", "\\$5"),
])
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


def test_real_pages_cover_every_actor_and_event() -> None:
    ds = load_dataset()
    whoswho = whoswho_markdown(ds.actors)
    for actor_id in ds.actors["actor_id"]:
        assert f"(actor-{actor_id})=" in whoswho
    chronology = chronology_markdown(ds.events, ds.actors, ds.event_participants)
    for event_id in ds.events["event_id"]:
        assert f"(event-{event_id})=" in chronology
    register = disagreements(events=ds.events, estimates=ds.estimates, flows=ds.flows)
    # the seed's two readings of the fall of Khost are in the register
    khost = register.loc[register["fact_id"] == "khost_1991"]
    assert {"khost_1991_a", "khost_1991_b"} <= set(khost["row_id"])
    assert register.groupby(["table", "fact_id"]).ngroups >= 15


def test_whoswho_lists_people_with_their_roles() -> None:
    actors = pd.DataFrame({"actor_id": ["gov_afg"], "name": ["Government"], "aliases": [None],
                           "ucdp_name": [None], "ucdp_actor_id": [pd.NA], "kind": ["government"],
                           "camp": ["government"], "parent_id": [None], "leaders": [None],
                           "base_region": [None], "active_from": [pd.NaT],
                           "active_from_precision": [None], "active_to": [pd.NaT],
                           "active_to_precision": [None], "source": ["s"], "locator": ["x"]})
    people = pd.DataFrame({"person_id": ["najibullah"], "name": ["Najibullah"],
                           "aliases": ["Najib"], "birth_year": [1947], "death_year": [1996],
                           "summary": ["President."], "source": ["s"], "locator": ["p. 2"]})
    roles = pd.DataFrame({"role_id": ["pr1"], "person_id": ["najibullah"],
                          "actor_id": ["gov_afg"], "role": ["office"], "title": ["President"],
                          "start_date": [TS("1987-11-30")], "start_precision": ["day"],
                          "end_date": [TS("1992-04-16")], "end_precision": ["day"],
                          "end_reason": ["flight"], "source": ["s"], "locator": ["p. 3"]})
    text = whoswho_markdown(actors, people, roles)
    assert "(person-najibullah)=\n### Najibullah" in text
    assert "1947–1996" in text
    assert "- President, {ref}`Government <actor-gov_afg>`, 30 November 1987" in text
    assert "16 April 1992 (ended by flight) {cite:p}`s` (p. 3)" in text
    assert "{ref}`row <row-person_roles-pr1>`" in text
    assert "{ref}`all columns <row-people-najibullah>`" in text


def test_rows_page_has_a_target_per_row_and_links_other_readings() -> None:
    events = _events()
    register = disagreements(events=events)
    empty = pd.DataFrame({"actor_id": [], "name": [], "person_id": []})
    text = rows_markdown("events", events, empty, events, empty, register)
    assert len(re.findall(r"^\(row-events-[a-z_]+\)=$", text, flags=re.M)) == 3
    assert "*other rows:* " not in text
    assert "other rows: {ref}`k_b <row-events-k_b>`" in text
    assert "{ref}`the disagreement <disputed-events-k>`" in text
