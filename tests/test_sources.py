"""Tests of analysis.sources: what each fact rests on, and the method page's figures."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data import load_dataset, read_bibliography
from analysis.sources import (
    STRENGTH,
    TARGETS,
    encyclopedia_only,
    fact_support,
    source_support_markdown,
    support_counts,
    target_results,
)

BIB = {"wiki": "encyclopedia", "gs": "reference", "hrw": "ngo", "ucdp": "dataset",
       "lat": "press", "maley": "scholarly"}


def _tables(**frames: pd.DataFrame) -> dict[str, pd.DataFrame]:
    empty = {"events": pd.DataFrame({"event_id": [], "fact_id": [], "source": []}),
             "estimates": pd.DataFrame({"estimate_id": [], "fact_id": [], "source": []}),
             "flows": pd.DataFrame({"flow_id": [], "fact_id": [], "source": []}),
             "relations": pd.DataFrame({"relation_id": [], "fact_id": [], "source": []})}
    empty.update(frames)
    return empty


def test_a_fact_rests_on_its_strongest_source() -> None:
    events = pd.DataFrame({"event_id": ["k_wiki", "k_lat", "k_maley", "j"],
                           "fact_id": ["k", "k", "k", "j"],
                           "source": ["wiki", "lat", "maley", "wiki"]})
    support = fact_support(_tables(events=events), BIB).set_index("fact")
    assert support.loc["k", "strongest"] == "scholarly"
    assert support.loc["k", "rows"] == 3
    assert support.loc["k", "types"] == "scholarly;press;encyclopedia"
    assert support.loc["j", "strongest"] == "encyclopedia"


def test_readings_of_one_tie_are_one_fact() -> None:
    relations = pd.DataFrame({"relation_id": ["r1", "r1_hrw", "r2"],
                              "fact_id": ["r1", "r1", "r2"], "source": ["wiki", "hrw", "wiki"]})
    support = fact_support(_tables(relations=relations), BIB).set_index("fact")
    assert support.index.tolist() == ["r1", "r2"]
    assert support.loc["r1", "strongest"] == "ngo"
    assert support.loc["r1", "rows"] == 2
    assert support.loc["r2", "strongest"] == "encyclopedia"
    assert support["table"].unique().tolist() == ["relations"]


def test_dataset_is_weaker_than_writing_and_stronger_than_the_press() -> None:
    order = list(STRENGTH)
    assert order.index("ngo") < order.index("dataset") < order.index("press")
    assert order[-2:] == ["encyclopedia", "reference"]


def test_targets_are_measured_on_the_strongest_type() -> None:
    support = pd.DataFrame({"strongest": ["encyclopedia", "reference", "dataset", "ngo",
                                          "scholarly", "press", "press", "official",
                                          "dataset", "press-retrospective"]})
    results = {t.name: (share, met) for t, share, met in target_results(support)}
    only_weak, with_data, writing = (results[t.name] for t in TARGETS)
    assert only_weak == (pytest.approx(0.2), False)
    assert with_data == (pytest.approx(0.5), True)
    assert writing == (pytest.approx(0.3), True)


def test_an_unknown_source_key_is_an_error() -> None:
    events = pd.DataFrame({"event_id": ["a"], "fact_id": ["a"], "source": ["nobody"]})
    with pytest.raises(KeyError):
        fact_support(_tables(events=events), BIB)


def test_the_real_data_every_fact_once() -> None:
    ds = load_dataset()
    support = fact_support(ds, read_bibliography())
    n_facts = sum(ds.tables[t]["fact_id"].nunique()
                  for t in ("events", "estimates", "flows", "relations"))
    assert len(support) == n_facts
    counts = support_counts(support)
    assert int(counts["facts"].sum()) == len(support)
    assert counts["share"].sum() == pytest.approx(1.0)
    weak = encyclopedia_only(support)
    assert (weak["strongest"] == "encyclopedia").all()


def test_the_method_page_text_names_every_type_and_target() -> None:
    support = fact_support(load_dataset(), read_bibliography())
    text = source_support_markdown(support)
    for target in TARGETS:
        assert target.name in text
    assert "**met**" in text or "**not met**" in text
    assert f"The data hold {len(support):,} facts" in text
    assert "seed" not in text.lower()
