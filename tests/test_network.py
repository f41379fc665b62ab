"""Tests of analysis.network: snapshots, metrics, balance, side switches and plots.

The ties below are hand-made fixtures, not data of the book.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.data import load_dataset
from analysis.dates import period_end
from analysis.figures import actor_colour
from analysis.network import (
    COLLAPSE_RULES,
    active_mask,
    balance,
    balance_null_model,
    balance_over_time,
    blocs,
    centrality,
    fixed_layout,
    make_relations,
    metrics_over_time,
    plot_balance_over_time,
    plot_snapshot,
    short_name,
    side_switches,
    snapshot,
    snapshot_metrics,
    snapshots,
)

SETTINGS = settings(deadline=None, max_examples=80, database=None)


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------

@pytest.fixture
def actors() -> pd.DataFrame:
    return pd.DataFrame({
        "actor_id": ["gov_afg", "ussr", "jowzjani_militia", "jamiat", "wahdat", "hig",
                     "afg_army"],
        "name": ["Republic of Afghanistan government", "USSR", "Jowzjani militia",
                 "Jamiat-e Islami", "Hezb-e Wahdat", "Hezb-e Islami Gulbuddin", "Army"],
        "aliases": [None, None, "Dostum's militia", None, None, "HIG", None],
        "kind": ["government", "state", "militia", "party", "party", "party", "armed_force"],
        "camp": ["government", "foreign", "government", "resistance", "resistance",
                 "resistance", "government"],
    })


@pytest.fixture
def defection() -> pd.DataFrame:
    """Dostum's militia leaves the government for Jamiat in March 1992."""
    return make_relations([
        ("gov_ussr", "gov_afg", "ussr", 1, "1989", None, "sponsorship"),
        ("gov_army", "gov_afg", "afg_army", 1, "1989", None, "command"),
        ("gov_dostum", "gov_afg", "jowzjani_militia", 1, "1989", "1992-02", "command"),
        ("gov_jamiat", "gov_afg", "jamiat", -1, "1989", None, "armed_clash"),
        ("jamiat_wahdat", "jamiat", "wahdat", 1, "1991", None, "cooperation"),
        ("dostum_gov", "jowzjani_militia", "gov_afg", -1, "1992-03", None, "armed_clash"),
        ("dostum_jamiat", "jowzjani_militia", "jamiat", 1, "1992-03", None, "alliance"),
        ("dostum_wahdat", "jowzjani_militia", "wahdat", 1, "1992-03-20", None, "alliance"),
    ])


def signed_graph(edges: list[tuple[object, object, int]]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_edges_from((u, v, {"sign": s}) for u, v, s in edges)
    return graph


def naive_frustration(graph: nx.Graph) -> int:
    """The frustration index by trying every 2-colouring (small graphs only)."""
    index = {n: k for k, n in enumerate(graph.nodes)}
    if graph.number_of_edges() == 0:
        return 0
    sides = np.array(list(itertools.product((1, -1), repeat=len(index))))
    u, v, s = zip(*((index[a], index[b], sign) for a, b, sign in graph.edges(data="sign")),
                  strict=True)
    frustrated = sides[:, list(u)] * sides[:, list(v)] * np.array(s) < 0
    return int(frustrated.sum(axis=1).min())


@st.composite
def signed_graphs(draw: st.DrawFn, max_nodes: int = 9, all_positive: bool = False) -> nx.Graph:
    n = draw(st.integers(1, max_nodes))
    pairs = list(itertools.combinations(range(n), 2))
    present = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    signs = draw(st.lists(st.sampled_from([1] if all_positive else [1, -1]),
                          min_size=len(pairs), max_size=len(pairs)))
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((u, v, {"sign": s})
                         for (u, v), keep, s in zip(pairs, present, signs, strict=True) if keep)
    return graph


# ---------------------------------------------------------------------------
# Building the table and the snapshots
# ---------------------------------------------------------------------------

def test_make_relations_types_and_precisions() -> None:
    rel = make_relations([("r1", "a", "b", 1, "1990", "1991-03"),
                          ("r2", "b", "c", -1, "1990-05-06", None, "rivalry"),
                          ("r3", "c", "a", 1, "1990", None, "sponsorship")])
    assert rel["start_precision"].tolist() == ["year", "day", "year"]
    assert rel["end_precision"].isna().tolist() == [False, True, True]
    assert rel["type"].tolist() == ["alliance", "rivalry", "sponsorship"]
    assert rel["directed"].tolist() == [False, False, True]
    assert rel["sign"].dtype == "Int64" and rel["start_date"].dtype == "datetime64[ns]"
    assert rel["end_date"].isna().tolist() == [False, True, True]


@pytest.mark.parametrize(("row", "message"), [
    (("r1", "a", "b", 1, "1990"), "6 or 7 items"),
    (("r1", "a", "b", 1, "1990-05-06-07", None), "cannot read the date"),
])
def test_make_relations_rejects_bad_rows(row: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_relations([row])


@pytest.mark.parametrize(("start", "end", "day", "active"), [
    ("1990-05", "1990-06", "1990-04-30", False),
    ("1990-05", "1990-06", "1990-05-01", True),   # a month start counts from the 1st
    ("1990-05", "1990-06", "1990-06-30", True),   # a month end covers the whole month
    ("1990-05", "1990-06", "1990-07-01", False),
    ("1990", "1990", "1990-12-31", True),         # a year covers the whole year
    ("1990", "1990", "1991-01-01", False),
    ("1990-05-10", "1990-05-10", "1990-05-10", True),
    ("1990-05-10", "1990-05-10", "1990-05-11", False),
    ("1990-05-10", None, "2001-12-31", True),     # open-ended
])
def test_activity_convention(start: str, end: str | None, day: str, active: bool) -> None:
    rel = make_relations([("r1", "a", "b", 1, start, end)])
    assert bool(active_mask(rel, [day]).loc[pd.Timestamp(day), "r1"]) is active
    assert snapshot(rel, day).number_of_edges() == int(active)


def test_time_of_day_is_ignored() -> None:
    rel = make_relations([("r1", "a", "b", 1, "1990-05-10", "1990-05-10")])
    assert snapshot(rel, pd.Timestamp("1990-05-10 18:30")).number_of_edges() == 1


def test_active_mask_keeps_table_order() -> None:
    rel = make_relations([("z", "a", "b", 1, "1991", None), ("a", "b", "c", 1, "1990", None)])
    mask = active_mask(rel, ["1990-06-01", "1991-06-01"])
    assert mask.columns.tolist() == ["z", "a"]
    assert mask.to_numpy().tolist() == [[False, True], [True, True]]


def _as_text(day: pd.Timestamp, precision: str) -> str:
    return {"day": day.strftime("%Y-%m-%d"), "month": day.strftime("%Y-%m"),
            "year": day.strftime("%Y")}[precision]


@st.composite
def tie_tables(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.Timestamp]:
    base = pd.Timestamp("1989-01-01")
    rows = []
    for k in range(draw(st.integers(0, 12))):
        a, b = draw(st.lists(st.sampled_from("abcde"), min_size=2, max_size=2, unique=True))
        start = base + pd.Timedelta(days=draw(st.integers(0, 1200)))
        start_precision = draw(st.sampled_from(["day", "month", "year"]))
        end = None
        if draw(st.booleans()):
            end_day = start + pd.Timedelta(days=draw(st.integers(0, 700)))
            end = _as_text(end_day, draw(st.sampled_from(["day", "month", "year"])))
        rows.append((f"r{k}", a, b, draw(st.sampled_from([1, -1])),
                     _as_text(start, start_precision), end))
    day = base + pd.Timedelta(days=draw(st.integers(-30, 2000)))
    return make_relations(rows), day


@SETTINGS
@given(tie_tables())
def test_snapshot_holds_exactly_the_active_ties(table: tuple[pd.DataFrame, pd.Timestamp]) -> None:
    rel, day = table
    expected = set()
    for row in rel.itertuples():
        end = (pd.Timestamp.max if pd.isna(row.end_date)
               else period_end(row.end_date, row.end_precision))
        if row.start_date <= day <= end:
            expected.add(row.relation_id)
    multi = snapshot(rel, day, collapse=False)
    assert {key for _, _, key in multi.edges(keys=True)} == expected
    simple = snapshot(rel, day)
    assert sorted(t for _, _, ties in simple.edges(data="ties") for t in ties) == sorted(expected)
    for u, v, data in simple.edges(data=True):
        signs = [multi.edges[u, v, t]["sign"] for t in data["ties"]]
        assert data["sign"] == (-1 if -1 in signs else 1)  # the default rule: hostile decides
    assert set(simple.nodes) == set(multi.nodes)


def test_multigraph_keeps_every_tie_and_its_direction() -> None:
    rel = make_relations([("r1", "ussr", "gov", 1, "1989", None, "sponsorship"),
                          ("r2", "gov", "ussr", 1, "1989-05", None, "cooperation")])
    multi = snapshot(rel, "1990-01-01", collapse=False)
    edge = multi.edges["gov", "ussr", "r1"]
    assert (edge["actor_a"], edge["actor_b"], edge["directed"]) == ("ussr", "gov", True)
    assert edge["end"] is None and edge["start"] == pd.Timestamp("1989-01-01")
    assert multi.number_of_edges() == 2


@pytest.mark.parametrize(("rule", "day", "sign", "deciding"), [
    ("hostile", "1990-06-15", -1, "clash"),      # a clash during an alliance: hostile
    ("recent", "1990-06-15", 1, "truce"),        # the truce started after the clash
    ("hostile", "1990-03-01", -1, "clash"),
    ("recent", "1990-03-01", -1, "clash"),       # the clash started after the alliance
    ("recent", "1990-01-10", -1, "clash_same"),  # same start day: hostile first
    ("hostile", "1989-06-01", 1, "alliance"),
])
def test_collapse_rules(rule: str, day: str, sign: int, deciding: str) -> None:
    rel = make_relations([
        ("alliance", "a", "b", 1, "1989", None),
        ("clash", "b", "a", -1, "1990-02", "1990-12"),
        ("truce", "a", "b", 1, "1990-06", "1990-06", "ceasefire"),
        ("clash_same", "a", "b", -1, "1990-01-10", "1990-01-10"),
        ("ally_same", "a", "b", 1, "1990-01-10", "1990-01-10"),
    ])
    edge = snapshot(rel, day, rule=rule).edges["a", "b"]
    assert (edge["sign"], edge["relation_id"]) == (sign, deciding)
    assert edge["ties"][0] == "alliance"  # oldest first


def test_edge_and_node_attributes(actors: pd.DataFrame) -> None:
    rel = make_relations([("r1", "gov_afg", "ussr", 1, "1989", None, "sponsorship")])
    rel.loc[0, "event_id"] = "airlift"
    graph = snapshot(rel, "1990-01-01", actors)
    edge = graph.edges["gov_afg", "ussr"]
    assert {k: edge[k] for k in ("sign", "type", "relation_id", "event_id", "source")} == {
        "sign": 1, "type": "sponsorship", "relation_id": "r1", "event_id": "airlift",
        "source": "example"}
    assert graph.nodes["ussr"] == {"name": "USSR", "camp": "foreign", "kind": "state"}
    assert set(graph.nodes) == {"gov_afg", "ussr"}  # only actors with an active tie


def test_minimal_columns_are_enough() -> None:
    rel = make_relations([("r1", "a", "b", 1, "1989", None)]).drop(
        columns=["event_id", "source", "directed", "locator", "confidence", "note"])
    edge = snapshot(rel, "1990-01-01").edges["a", "b"]
    assert (edge["event_id"], edge["source"]) == (None, None)


def test_loaded_tables_work(mini_data: Path) -> None:
    ds = load_dataset(mini_data)
    graph = snapshot(ds.relations, "1989-06-01", ds.actors)
    assert sorted(graph.edges(data="sign")) == [("gov_afg", "ussr", 1), ("hig", "jamiat", -1)]
    assert graph.nodes["hig"]["camp"] == "resistance"
    assert snapshot(ds.relations, "1991-12-31").has_edge("ussr", "gov_afg")  # month precision
    assert not snapshot(ds.relations, "1992-01-01").has_edge("ussr", "gov_afg")


def _edit(rel: pd.DataFrame, column: str, value: object) -> pd.DataFrame:
    out = rel.copy()
    if column in ("start_precision", "end_precision", "actor_a", "relation_id"):
        out[column] = out[column].astype("object")
    out.loc[1, column] = value
    return out


@pytest.mark.parametrize(("column", "value", "message"), [
    ("actor_b", "martians", r"relation\(s\) r2 \(actor_b 'martians'\): unknown actor id"),
    ("actor_a", "nobody", r"r2 \(actor_a 'nobody'\): unknown actor id"),
    ("actor_b", "gov_afg", "r2: a tie joins an actor to itself"),
    ("actor_b", None, "r2: an actor id is missing"),
    ("sign", 0, "r2: sign must be"),
    ("sign", pd.NA, "r2: sign must be"),
    ("start_date", pd.NaT, "r2: start_date is missing"),
    ("start_precision", "week", "r2: unknown start_precision"),
    ("end_precision", None, "r2: unknown end_precision"),
    ("end_date", pd.Timestamp("1988-01-01"), "r2: the tie ends before it starts"),
    ("relation_id", "r1", "repeats the relation_id"),
    ("relation_id", None, "without relation_id"),
])
def test_bad_relations_are_named(actors: pd.DataFrame, column: str, value: object,
                                 message: str) -> None:
    rel = make_relations([("r1", "gov_afg", "ussr", 1, "1989", None),
                          ("r2", "gov_afg", "jamiat", -1, "1989", "1990")])
    with pytest.raises(ValueError, match=message):
        snapshot(_edit(rel, column, value), "1989-06-01", actors)


def test_unknown_actor_is_an_error_only_with_actors(actors: pd.DataFrame) -> None:
    rel = make_relations([("r9", "gov_afg", "martians", 1, "1989", None)])
    assert snapshot(rel, "1990-01-01").number_of_edges() == 1
    with pytest.raises(ValueError, match="r9"):
        snapshot(rel, "1990-01-01", actors)


@pytest.mark.parametrize(("change", "message"), [
    (lambda rel, act: (rel.drop(columns=["sign"]), act), "lacks the column"),
    (lambda rel, act: (rel, act.drop(columns=["actor_id"])), "actors lacks the column actor_id"),
    (lambda rel, act: (rel, pd.concat([act, act.head(1)])), "repeats the actor_id"),
])
def test_bad_tables(actors: pd.DataFrame, change, message: str) -> None:
    rel = make_relations([("r1", "gov_afg", "ussr", 1, "1989", None)])
    rel, act = change(rel, actors)
    with pytest.raises(ValueError, match=message):
        snapshot(rel, "1990-01-01", act)


def test_bad_rule_and_missing_date() -> None:
    rel = make_relations([("r1", "a", "b", 1, "1989", None)])
    with pytest.raises(ValueError, match="unknown rule 'majority'"):
        snapshot(rel, "1990-01-01", rule="majority")
    with pytest.raises(ValueError, match="a date is missing"):
        snapshot(rel, pd.NaT)
    assert COLLAPSE_RULES == ("hostile", "recent")


@pytest.mark.parametrize("freq", ["MS", "D", "QS"])
def test_snapshots_match_single_snapshots(defection: pd.DataFrame, freq: str) -> None:
    found = snapshots(defection, "1991-11-01", "1992-05-01", freq=freq)
    expected_dates = pd.date_range("1991-11-01", "1992-05-01", freq=freq)
    assert list(found) == list(expected_dates)
    for day, graph in found.items():
        single = snapshot(defection, day)
        assert sorted(graph.edges(data="sign")) == sorted(single.edges(data="sign"))
    graphs = list(found.values())
    assert len({id(g) for g in graphs}) == len(graphs)  # no graph shared between dates


# ---------------------------------------------------------------------------
# Metrics of one snapshot
# ---------------------------------------------------------------------------

@pytest.fixture
def two_blocs() -> nx.Graph:
    return signed_graph([("a", "b", 1), ("b", "c", 1), ("a", "c", 1), ("c", "d", -1),
                         ("d", "e", 1), ("e", "f", -1)])


def test_snapshot_metrics(two_blocs: nx.Graph) -> None:
    assert snapshot_metrics(two_blocs) == {"nodes": 6, "edges": 6, "positive": 4,
                                           "negative": 2, "density": 6 / 15}
    assert snapshot_metrics(nx.Graph())["density"] == 0.0


def test_centrality(two_blocs: nx.Graph) -> None:
    table = centrality(two_blocs)
    assert table.index.tolist() == ["a", "b", "c", "d", "e", "f"]
    assert table.loc["c"].tolist() == [3, 2, 1, 0.0]
    assert table.loc["e", ["degree", "positive_degree", "negative_degree"]].tolist() == [2, 1, 1]
    chain = centrality(signed_graph([("a", "b", 1), ("b", "c", 1), ("a", "c", -1)]))
    assert chain["betweenness"].tolist() == [0.0, 1.0, 0.0]  # hostile a-c carries no path


def test_blocs_sorted(two_blocs: nx.Graph) -> None:
    assert blocs(two_blocs) == [{"a", "b", "c"}, {"d", "e"}, {"f"}]
    assert blocs(signed_graph([("z", "y", 1), ("b", "c", 1)])) == [{"b", "c"}, {"y", "z"}]


@pytest.mark.parametrize("function", [snapshot_metrics, centrality, blocs, balance])
def test_metrics_need_a_simple_signed_graph(function) -> None:
    multi = nx.MultiGraph()
    multi.add_edge("a", "b", sign=1)
    with pytest.raises(ValueError, match="collapsed snapshot"):
        function(multi)
    with pytest.raises(ValueError, match="edge a-b has sign None"):
        function(nx.Graph([("a", "b")]))


def test_metrics_over_time_matches_snapshots(defection: pd.DataFrame) -> None:
    dates = ["1992-04-01", "1990-01-01", "1992-01-01", "1992-03-01", "1992-03-25"]
    table = metrics_over_time(defection, dates)
    assert table["date"].tolist() == [pd.Timestamp(d) for d in dates]  # order kept
    for row in table.itertuples():
        graph = snapshot(defection, row.date)
        found = blocs(graph)
        assert {k: getattr(row, k) for k in snapshot_metrics(graph)} == snapshot_metrics(graph)
        assert (row.blocs, row.largest_bloc) == (len(found), len(found[0]))
    assert table.loc[2, "largest_bloc"] == 4  # gov, army, ussr, dostum
    assert blocs(snapshot(defection, "1992-03-25")) == [
        {"afg_army", "gov_afg", "ussr"}, {"jamiat", "jowzjani_militia", "wahdat"}]


def test_metrics_over_time_without_ties() -> None:
    rel = make_relations([])
    table = metrics_over_time(rel, ["1990-01-01", "1990-02-01"])
    assert table[["nodes", "edges", "blocs", "largest_bloc"]].to_numpy().tolist() == [[0] * 4] * 2
    assert len(metrics_over_time(make_relations([("r", "a", "b", 1, "1989", None)]), [])) == 0


# ---------------------------------------------------------------------------
# Structural balance
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(("edges", "frustration", "share"), [
    ([("a", "b", 1), ("b", "c", 1), ("a", "c", -1)], 1, 0.0),
    ([("a", "b", -1), ("b", "c", -1), ("a", "c", -1)], 1, 0.0),
    ([("a", "b", -1), ("b", "c", -1), ("a", "c", 1)], 0, 1.0),
    ([(u, v, -1) for u, v in itertools.combinations("abcd", 2)], 2, 0.0),
    ([(u, v, -1) for u, v in itertools.combinations("abcde", 2)], 4, 0.0),
    ([(k, (k + 1) % 5, -1 if k == 0 else 1) for k in range(5)], 1, math.nan),  # odd cycle
    ([(k, (k + 1) % 4, -1 if k < 2 else 1) for k in range(4)], 0, math.nan),  # even cycle
    ([("a", "b", 1)], 0, math.nan),
    ([], 0, math.nan),
])
def test_known_balance(edges: list, frustration: int, share: float) -> None:
    out = balance(signed_graph(edges))
    assert out["frustration"] == frustration and out["frustration_method"] == "exact"
    assert out["balanced_share"] == share or (math.isnan(share)
                                              and math.isnan(out["balanced_share"]))


def test_petersen_all_hostile_has_frustration_three() -> None:
    graph = nx.petersen_graph()
    nx.set_edge_attributes(graph, -1, "sign")  # 15 edges, max cut 12
    assert balance(graph)["frustration"] == 3
    assert balance(graph, method="heuristic")["frustration"] == 3


def test_counts_of_triangles(two_blocs: nx.Graph) -> None:
    graph = two_blocs.copy()
    graph.add_edge("b", "d", sign=-1)  # triangle b-c-d: + - - balanced
    out = balance(graph)
    assert (out["triangles"], out["balanced_triangles"], out["balanced_share"]) == (2, 2, 1.0)
    assert (out["edges"], out["negative_edges"]) == (7, 3)


@SETTINGS
@given(signed_graphs(all_positive=True))
def test_all_positive_graph_is_balanced(graph: nx.Graph) -> None:
    out = balance(graph)
    assert out["frustration"] == 0
    assert out["balanced_share"] == 1.0 or out["triangles"] == 0


@SETTINGS
@given(signed_graphs())
def test_balanced_share_is_a_share(graph: nx.Graph) -> None:
    out = balance(graph)
    assert out["triangles"] == sum(nx.triangles(graph).values()) // 3
    if out["triangles"]:
        assert 0.0 <= out["balanced_share"] <= 1.0
    else:
        assert math.isnan(out["balanced_share"])


@SETTINGS
@given(st.integers(1, 12), st.data())
def test_graphs_built_from_two_camps_are_balanced(n: int, data: st.DataObject) -> None:
    side = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    pairs = list(itertools.combinations(range(n), 2))
    keep = data.draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    graph = signed_graph([(u, v, 1 if side[u] == side[v] else -1)
                          for (u, v), k in zip(pairs, keep, strict=True) if k])
    out = balance(graph)
    assert out["frustration"] == 0
    assert out["balanced_share"] == 1.0 or out["triangles"] == 0


@settings(deadline=None, max_examples=300, database=None)
@given(signed_graphs(max_nodes=10))
def test_exact_frustration_equals_brute_force(graph: nx.Graph) -> None:
    expected = naive_frustration(graph)
    assert balance(graph)["frustration"] == expected
    assert balance(graph, method="exact")["frustration"] == expected
    assert balance(graph, method="heuristic", n_starts=4)["frustration"] >= expected


@pytest.mark.parametrize("seed", range(40))
def test_exact_frustration_on_sparse_graphs(seed: int) -> None:
    # sparse graphs exercise the reduction: pendant trees, chains, loops, lone cycles
    rng = np.random.default_rng(seed)
    n = int(rng.integers(6, 15))
    graph = nx.gnm_random_graph(n, int(rng.integers(n - 1, 2 * n)), seed=seed)
    nx.set_edge_attributes(graph, {e: int(rng.choice([1, -1])) for e in graph.edges}, "sign")
    assert balance(graph)["frustration"] == naive_frustration(graph)


@pytest.mark.parametrize("seed", range(30))
def test_heuristic_finds_the_exact_value_on_small_graphs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    graph = nx.gnm_random_graph(14, 30, seed=seed)
    nx.set_edge_attributes(graph, {e: int(rng.choice([1, -1])) for e in graph.edges}, "sign")
    exact = balance(graph, method="exact")
    heuristic = balance(graph, method="heuristic")
    assert heuristic["frustration_method"] == "heuristic"
    assert heuristic["frustration"] == exact["frustration"]


def test_auto_switches_to_the_heuristic_for_large_components() -> None:
    graph = nx.random_regular_graph(3, 16, seed=2)
    rng = np.random.default_rng(2)
    nx.set_edge_attributes(graph, {e: int(rng.choice([1, -1])) for e in graph.edges}, "sign")
    exact = balance(graph)
    small = balance(graph, exact_max_nodes=3)
    assert exact["frustration_method"] == "exact" and small["frustration_method"] == "heuristic"
    assert small["frustration"] >= exact["frustration"]


def test_exact_refuses_huge_components_and_bad_methods() -> None:
    graph = nx.random_regular_graph(3, 80, seed=1)
    nx.set_edge_attributes(graph, -1, "sign")
    with pytest.raises(ValueError, match="enumerates at most 26"):
        balance(graph, method="exact")
    assert balance(graph)["frustration_method"] == "heuristic"
    with pytest.raises(ValueError, match="unknown method 'magic'"):
        balance(graph, method="magic")


def test_components_and_pendant_trees_add_up() -> None:
    square = [("a", "b", -1), ("b", "c", 1), ("c", "d", 1), ("d", "a", 1)]  # frustration 1
    k4 = [(u, v, -1) for u, v in itertools.combinations("wxyz", 2)]       # frustration 2
    tail = [("a", "t1", -1), ("t1", "t2", -1), ("w", "t3", 1)]
    loop_on_branch = [("w", "l1", -1), ("l1", "l2", 1), ("l2", "w", 1)]    # a lone odd cycle
    graph = signed_graph(square + k4 + tail + loop_on_branch)
    assert balance(graph)["frustration"] == 1 + 2 + 1 == naive_frustration(graph)


# ---------------------------------------------------------------------------
# The null model
# ---------------------------------------------------------------------------

@pytest.fixture
def mixed_graph() -> nx.Graph:
    rng = np.random.default_rng(5)
    graph = nx.gnm_random_graph(9, 20, seed=5)
    nx.set_edge_attributes(graph, {e: int(rng.choice([1, 1, -1])) for e in graph.edges}, "sign")
    return graph


def test_null_model_is_reproducible(mixed_graph: nx.Graph) -> None:
    first = balance_null_model(mixed_graph, 300, seed=7)
    assert first == balance_null_model(mixed_graph, 300, seed=7)
    assert first["null_mean"] != balance_null_model(mixed_graph, 300, seed=8)["null_mean"]
    assert first["frustration_null_method"] == "exact"
    assert 0 < first["p_value"] <= 1 and 0 < first["frustration_p_value"] <= 1


def test_null_model_values_match_explicit_shuffles(mixed_graph: nx.Graph) -> None:
    out = balance_null_model(mixed_graph, 50, seed=3)
    edges = sorted((min(u, v), max(u, v)) for u, v in mixed_graph.edges)
    signs = np.array([mixed_graph.edges[e]["sign"] for e in edges])
    shuffled = np.random.default_rng(3).permuted(np.tile(signs, (50, 1)), axis=1)
    shares, frustrations = [], []
    for row in shuffled:
        assert (row < 0).sum() == (signs < 0).sum()  # the number of hostile edges is kept
        graph = signed_graph([(u, v, int(s)) for (u, v), s in zip(edges, row, strict=True)])
        result = balance(graph)
        shares.append(result["balanced_share"])
        frustrations.append(result["frustration"])
    assert out["null_mean"] == pytest.approx(np.mean(shares))
    assert out["null_sd"] == pytest.approx(np.std(shares, ddof=1))
    assert out["frustration_null_mean"] == pytest.approx(np.mean(frustrations))
    assert out["z"] == pytest.approx((out["balanced_share"] - np.mean(shares))
                                     / np.std(shares, ddof=1))


def test_null_mean_matches_the_expected_share() -> None:
    graph = nx.complete_graph(4)
    nx.set_edge_attributes(graph, 1, "sign")
    graph.edges[0, 1]["sign"] = graph.edges[2, 3]["sign"] = -1
    out = balance_null_model(graph, 4000, seed=0)
    # 12 of the 15 placements of two hostile edges share a node (share 0.5), 3 do not (0)
    assert out["null_mean"] == pytest.approx(0.4, abs=0.02)
    assert out["balanced_share"] == 0.0 and out["z"] < 0


def test_null_model_edge_cases() -> None:
    positive = signed_graph([("a", "b", 1), ("b", "c", 1), ("a", "c", 1)])
    out = balance_null_model(positive, 20)
    assert (out["null_mean"], out["null_sd"]) == (1.0, 0.0) and math.isnan(out["z"])
    no_triangle = balance_null_model(signed_graph([("a", "b", -1), ("b", "c", 1)]), 20)
    assert math.isnan(no_triangle["null_mean"]) and math.isnan(no_triangle["z"])
    with pytest.raises(ValueError, match="at least 2"):
        balance_null_model(positive, 1)


def test_null_frustration_skipped_when_too_large(mixed_graph: nx.Graph) -> None:
    skipped = balance_null_model(mixed_graph, 20, null_exact_max_nodes=1)
    assert skipped["frustration_null_method"].startswith("skipped: a reduced component needs")
    assert math.isnan(skipped["frustration_null_mean"])
    assert not math.isnan(skipped["null_mean"])  # the triangle part is still there
    off = balance_null_model(mixed_graph, 20, frustration=False)
    assert off["frustration_null_method"] == "not requested"


def test_balance_over_time(defection: pd.DataFrame) -> None:
    dates = ["1991-06-01", "1992-01-01", "1992-03-01", "1992-03-25", "1992-04-01"]
    table = balance_over_time(defection, dates, n_shuffles=100, seed=2)
    assert table["date"].tolist() == [pd.Timestamp(d) for d in dates]
    assert table["triangles"].tolist() == [0, 0, 1, 2, 2]
    assert table["frustration"].tolist() == [0, 0, 0, 0, 0]
    expected = balance_null_model(snapshot(defection, "1992-04-01"), 100, seed=2)
    assert table.loc[4, "null_mean"] == expected["null_mean"]
    assert table.loc[3, "balanced_share"] == 1.0
    bare = balance_over_time(defection, dates, n_shuffles=0)
    assert bare["null_mean"].isna().all() and (bare["frustration_method"] == "exact").all()
    with pytest.raises(ValueError, match="0 or at least 2"):
        balance_over_time(defection, dates, n_shuffles=1)


# ---------------------------------------------------------------------------
# Side switches
# ---------------------------------------------------------------------------

def test_side_switch_is_found(defection: pd.DataFrame) -> None:
    months = pd.date_range("1991-10-01", "1992-05-01", freq="MS")
    found = side_switches(defection, months)
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["date"], row["actor"], row["kind"]) == (
        pd.Timestamp("1992-03-01"), "jowzjani_militia", "sign_change")
    assert row["from_bloc"] == ("gov_afg",) and row["to_bloc"] == ("jamiat",)
    assert row["turned_against"] == ("gov_afg",) and row["turned_towards"] == ("jamiat",)
    assert row["relation_ids"] == ("dostum_gov", "dostum_jamiat", "gov_dostum")


def test_side_switch_daily_and_by_camp(defection: pd.DataFrame, actors: pd.DataFrame) -> None:
    days = pd.date_range("1992-01-01", "1992-04-30", freq="D")
    daily = side_switches(defection, days)
    assert daily[["date", "actor"]].values.tolist() == [
        [pd.Timestamp("1992-03-01"), "jowzjani_militia"]]
    camps = dict(zip(actors["actor_id"], actors["camp"], strict=True))
    by_camp = side_switches(defection, days, blocs_of=camps)
    assert by_camp.iloc[0]["from_bloc"] == ("government",)
    assert by_camp.iloc[0]["to_bloc"] == ("resistance",)
    # with the actors table, camps are the default blocs
    assert side_switches(defection, days, actors=actors).equals(by_camp)
    by_component = side_switches(defection, days, blocs_of=blocs, actors=actors)
    assert by_component.iloc[0]["from_bloc"] == ("gov_afg",)


def test_a_bridging_tie_hides_the_switch_from_components_not_from_camps(
        defection: pd.DataFrame, actors: pd.DataFrame) -> None:
    talks = make_relations([("talks", "jowzjani_militia", "jamiat", 1, "1992-01", "1992-02",
                             "negotiation")])
    rel = pd.concat([defection, talks], ignore_index=True)
    months = pd.date_range("1992-01-01", "1992-04-01", freq="MS")
    # the talks join both sides into one positive component: no bloc is left
    assert side_switches(rel, months, blocs_of=blocs).empty
    by_camp = side_switches(rel, months, actors=actors)
    assert by_camp[["actor", "from_bloc"]].values.tolist() == [
        ["jowzjani_militia", ("government",)]]


def test_a_clash_inside_a_bloc_is_not_a_switch() -> None:
    rel = make_relations([
        ("ab", "a", "b", 1, "1989", None), ("ac", "a", "c", 1, "1989", None),
        ("bc", "b", "c", 1, "1989", None), ("ad", "a", "d", 1, "1989", None),
        ("clash", "a", "b", -1, "1990-07", "1990-07"),
    ])
    assert side_switches(rel, pd.date_range("1990-05-01", "1990-10-01", freq="MS")).empty


def test_explicit_defection_relation_is_listed(actors: pd.DataFrame) -> None:
    rel = make_relations([
        ("gov_ussr", "gov_afg", "ussr", 1, "1989", None),
        ("gov_dostum", "gov_afg", "jowzjani_militia", 1, "1989", "1992-02"),
        ("defects", "jowzjani_militia", "gov_afg", -1, "1992-03", "1992-03", "defection"),
        ("old", "hig", "wahdat", -1, "1988", "1988", "defection"),  # before the dates
    ])
    found = side_switches(rel, pd.date_range("1992-01-01", "1992-06-01", freq="MS"),
                          blocs_of=blocs, actors=actors)
    kinds = found.set_index("kind")
    assert set(kinds.index) == {"defection", "sign_change"}
    assert kinds.loc["defection", "actor"] == "jowzjani_militia"
    assert kinds.loc["defection", "date"] == pd.Timestamp("1992-03-01")
    assert kinds.loc["defection", "turned_against"] == ("gov_afg",)
    assert kinds.loc["defection", "from_bloc"] == ("gov_afg",)
    assert "defects" in kinds.loc["defection", "relation_ids"]


def test_side_switches_checks_its_input(defection: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="strictly increasing"):
        side_switches(defection, ["1992-03-01", "1992-01-01"])
    with pytest.raises(ValueError, match="no bloc for the actor"):
        side_switches(defection, ["1992-01-01", "1992-04-01"], blocs_of={"gov_afg": "x"})
    empty = side_switches(defection, [])
    assert empty.columns.tolist() == ["date", "actor", "kind", "from_bloc", "to_bloc",
                                      "turned_against", "turned_towards", "relation_ids"]
    assert empty.empty


# ---------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "aliases", "expected"), [
    ("USSR", None, "USSR"),
    ("Hezb-e Islami Gulbuddin", "Hezb-e Islami (Hekmatyar); HIG", "HIG"),
    ("Republic of Afghanistan government", None, "Republic of Afg…"),
    ("Republic of Afghanistan government", "A very long alias indeed", "Republic of Afg…"),
])
def test_short_name(name: str, aliases: str | None, expected: str) -> None:
    assert short_name(name, aliases) == expected
    assert len(short_name(name, aliases)) <= 16


def test_fixed_layout_groups_camps_on_a_circle(actors: pd.DataFrame) -> None:
    camps = dict(zip(actors["actor_id"], actors["camp"], strict=True))
    pos = fixed_layout(actors["actor_id"], camps)
    assert pos == fixed_layout(reversed(actors["actor_id"].tolist()), camps)
    assert all(math.isclose(math.hypot(x, y), 1.0) for x, y in pos.values())
    assert pos["afg_army"] == (0.0, 1.0)  # government first, from the top
    angles = {a: math.atan2(y, x) for a, (x, y) in pos.items()}
    order = sorted(angles, key=lambda a: (math.pi / 2 - angles[a]) % (2 * math.pi))
    assert order == ["afg_army", "gov_afg", "jowzjani_militia", "hig", "jamiat", "wahdat",
                     "ussr"]
    assert len({(round(x, 9), round(y, 9)) for x, y in pos.values()}) == len(pos)
    # an unknown camp comes after the known ones, actors without a camp last,
    # with one empty slot between groups (5 slots for 3 actors)
    other = fixed_layout(["z", "y", "x"], {"x": "rebels", "y": None})
    assert other["x"] == (0.0, 1.0)
    assert np.allclose(other["y"], (math.cos(math.pi / 2 - 4 * math.pi / 5),
                                    math.sin(math.pi / 2 - 4 * math.pi / 5)))


@pytest.fixture
def drawn(defection: pd.DataFrame, actors: pd.DataFrame):
    graph = snapshot(defection, "1992-04-01", actors)
    return graph, plot_snapshot(graph, actors, "April 1992", "fixture")


def test_plot_snapshot_draws_every_actor_and_tie(drawn) -> None:
    graph, fig = drawn
    ax = fig.axes[0]
    collections = {c.get_gid(): c for c in ax.collections}
    positive = collections["positive-ties"]
    negative = collections["negative-ties"]
    metrics = snapshot_metrics(graph)
    assert len(positive.get_segments()) == metrics["positive"] == 5
    assert len(negative.get_segments()) == metrics["negative"] == 2
    assert positive.get_linestyle()[0][1] is None  # solid
    assert negative.get_linestyle()[0][1] is not None  # dashed
    assert not np.allclose(positive.get_color(), negative.get_color())
    nodes = collections["actors"]
    assert len(nodes.get_offsets()) == graph.number_of_nodes() == 6
    assert [t.get_text() for t in ax.texts] == ["Army", "Republic of Afg…", "Jamiat-e Islami",
                                                "Jowzjani militia", "USSR", "Hezb-e Wahdat"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "cooperative tie (+1)", "hostile tie (−1)"]
    assert ax.get_title() == "April 1992"
    assert any(t.get_text() == "Source: fixture" for t in fig.texts)


def test_plot_snapshot_colours_and_places_are_fixed(drawn, actors: pd.DataFrame) -> None:
    graph, fig = drawn
    nodes = sorted(graph.nodes)
    offsets = fig.axes[0].collections[2].get_offsets()
    camps = dict(zip(actors["actor_id"], actors["camp"], strict=True))
    layout = fixed_layout(actors["actor_id"], camps)
    assert np.allclose(offsets, [layout[n] for n in nodes])
    from matplotlib.colors import to_rgba
    assert np.allclose(fig.axes[0].collections[2].get_facecolors(),
                       [to_rgba(actor_colour(n, camps[n])) for n in nodes])


def test_plot_snapshot_with_given_positions_and_empty(actors: pd.DataFrame) -> None:
    graph = signed_graph([("gov_afg", "ussr", 1)])
    fig = plot_snapshot(graph, actors, "t", "s", pos={"gov_afg": (0, 0), "ussr": (2, 1)})
    assert np.allclose(fig.axes[0].collections[2].get_offsets(), [[0, 0], [2, 1]])
    empty = plot_snapshot(nx.Graph(), actors, "nothing", "s")
    assert [t.get_text() for t in empty.axes[0].texts] == ["no active ties"]


@pytest.mark.parametrize(("graph", "pos", "message"), [
    (signed_graph([("gov_afg", "martians", 1)]), None, "lacks the node"),
    (signed_graph([("gov_afg", "ussr", 1)]), {"gov_afg": (0, 0)}, "no position for the node"),
])
def test_plot_snapshot_rejects(actors: pd.DataFrame, graph: nx.Graph, pos, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        plot_snapshot(graph, actors, "t", "s", pos=pos)
    with pytest.raises(ValueError, match="actor_id"):
        plot_snapshot(graph, actors.drop(columns=["actor_id"]), "t", "s")


def test_plot_balance_over_time() -> None:
    df = pd.DataFrame({"date": pd.date_range("1990-01-01", periods=4, freq="MS"),
                       "balanced_share": [0.9, 0.8, math.nan, 1.0],
                       "null_mean": [0.5, 0.55, 0.6, 0.5], "null_sd": [0.1, 0.05, 0.1, 0.1]})
    fig = plot_balance_over_time(df, "fixture")
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert list(lines) == ["null model mean", "observed"]
    assert np.allclose(lines["observed"].get_ydata(), df["balanced_share"], equal_nan=True)
    assert lines["null model mean"].get_linestyle() == "--"
    band = next(c for c in ax.collections if c.get_gid() == "null-band")
    vertices = band.get_paths()[0].vertices
    assert np.isclose(vertices[:, 1].max(), 0.8) and np.isclose(vertices[:, 1].min(), 0.3)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "null model: mean ± 2 sd (shuffled signs)", "null model mean", "observed"]
    assert ax.get_ylabel() == "Share of balanced triangles" and ax.get_xlabel() == "Date"
    assert any(t.get_text() == "Source: fixture" for t in fig.texts)
    with pytest.raises(ValueError, match="null_sd"):
        plot_balance_over_time(df.drop(columns=["null_sd"]), "fixture")
