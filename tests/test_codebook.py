"""Tests of analysis.codebook, on the real descriptor."""

import pytest

from analysis.codebook import fields_table, keys_table, resource, tables_overview
from analysis.data import TABLES, read_descriptor


@pytest.fixture(scope="module")
def descriptor():
    return read_descriptor()


@pytest.mark.parametrize("name", TABLES)
def test_fields_table_lists_every_field_in_order(descriptor, name: str) -> None:
    table = fields_table(descriptor, name)
    expected = [f["name"] for f in resource(descriptor, name)["schema"]["fields"]]
    assert table["field"].tolist() == expected
    assert table["description"].str.len().gt(0).all(), "a field has no description"


def test_rules_show_enumerations_and_precision(descriptor) -> None:
    table = fields_table(descriptor, "events").set_index("field")
    assert "one of: day, month, year" in table.loc["start_precision", "rules"]
    assert "precision in start_precision" in table.loc["start_date", "rules"]
    assert table.loc["summary", "required"] == "yes"


def test_keys_table_shows_foreign_keys(descriptor) -> None:
    keys = keys_table(descriptor, "estimates")
    assert "foreign key by type" in keys["rule"].tolist()
    assert any("low ≤ best ≤ high" in d for d in keys["definition"])


def test_overview_counts(descriptor) -> None:
    overview = tables_overview(descriptor, {"actors": 7})
    assert overview["table"].tolist() == list(TABLES)
    assert overview.set_index("table").loc["actors", "rows"] == 7


def test_unknown_table_is_named(descriptor) -> None:
    with pytest.raises(KeyError, match="no table named 'x'"):
        resource(descriptor, "x")
