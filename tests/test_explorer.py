"""Tests of analysis.explorer: the month-by-month data of the network explorer page."""

from __future__ import annotations

import json
import re

import pytest

from analysis.data import load_dataset
from analysis.explorer import explorer_data, explorer_json, explorer_markdown, source_labels


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


@pytest.fixture(scope="module")
def data(ds):
    return explorer_data(ds)


def test_every_month_from_february_1989_to_april_1992(data) -> None:
    keys = [m["key"] for m in data["months"]]
    assert keys[0] == "1989-02" and keys[-1] == "1992-04" and len(keys) == 39


def test_every_edge_joins_placed_actors_and_every_tie_has_its_evidence(data) -> None:
    for month in data["months"]:
        for edge in month["edges"]:
            assert edge["a"] in data["actors"] and edge["b"] in data["actors"]
            assert edge["sign"] in (1, -1)
        for k in month["ties"]:
            tie = data["ties"][k]
            assert tie["source"] and tie["line"] >= 2 and tie["dates"]
        assert sum(e["ties"] for e in month["edges"]) == len(month["ties"])
        assert month["caption"].startswith(month["label"] + ":")


def test_places_are_fixed_and_labels_are_names(ds, data) -> None:
    ids = set(ds.actors["actor_id"])
    for entry in data["actors"].values():
        assert entry["label"] not in ids or entry["label"] in ("Taliban",)
        assert "_" not in entry["label"]


def test_april_1992_shows_dostum_breaking_with_the_government(data) -> None:
    april = data["months"][-1]
    pairs = {(e["a"], e["b"]): e["sign"] for e in april["edges"]}
    assert pairs[("gov_afg", "jowzjani_militia")] == -1


def test_the_json_is_deterministic_and_safe_in_a_script_element(data) -> None:
    text = explorer_json(data)
    assert text == explorer_json(json.loads(text))
    assert "</" not in text


def test_the_page_part_has_a_labelled_slider_buttons_a_table_and_its_sources(ds, data) -> None:
    text = explorer_markdown(ds)
    assert '<label for="nx-month">' in text and 'type="range"' in text
    assert 'id="nx-prev"' in text and 'id="nx-next"' in text
    assert text.count("<tr>") == 1 + len(data["months"][0]["ties"])
    keys = set(re.findall(r'id="src-([^"]+)"', text))
    assert keys == {t["source"] for t in data["ties"]}
    assert "\n\n" not in text.split("\n\n")[0]  # the HTML block has no blank line


def test_source_labels_are_author_and_year() -> None:
    labels = source_labels(["maley2002", "ucdp_acd_v22_1"])
    assert labels["maley2002"] == "Maley (2002)"
    assert re.search(r"\(\d{4}\)$", labels["ucdp_acd_v22_1"])
