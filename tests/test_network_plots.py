"""Tests of analysis.network_plots: series, tables, the arc layout and the metrics figure.

The ties below are hand-made fixtures, not data of the book.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.figures import actor_colour
from analysis.network import (
    balance,
    blocs,
    centrality,
    make_relations,
    metrics_over_time,
    snapshot,
)
from analysis.network_plots import (
    LINESTYLES,
    arc_layout,
    bridging_ties,
    centrality_over_time,
    metrics_without_ties,
    plot_metrics_over_time,
    rule_differences,
    several_ties,
    signed_triangles,
)

SETTINGS = settings(deadline=None, max_examples=60, database=None)


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------

@pytest.fixture
def actors() -> pd.DataFrame:
    return pd.DataFrame({
        "actor_id": ["gov_afg", "ussr", "jowzjani_militia", "jamiat", "hig", "pakistan"],
        "name": ["Government of Afghanistan", "Soviet Union", "Jowzjani militia",
                 "Jamiat-e Islami", "Hezb-e Islami Gulbuddin", "Pakistan"],
        "aliases": [None, "USSR", "Dostum's militia", None, "HIG; Hezb-e Islami (Hekmatyar)",
                    None],
        "kind": ["government", "state", "militia", "party", "party", "state"],
        "camp": ["government", "foreign", "government", "resistance", "resistance", "foreign"],
    })


@pytest.fixture
def relations() -> pd.DataFrame:
    """The militia leaves the government for Jamiat in March 1992."""
    return make_relations([
        ("gov_ussr", "gov_afg", "ussr", 1, "1989", "1991-12", "sponsorship"),
        ("gov_militia", "gov_afg", "jowzjani_militia", 1, "1989", "1992-02", "command"),
        ("gov_jamiat", "gov_afg", "jamiat", -1, "1989", None, "armed_clash"),
        ("gov_hig", "gov_afg", "hig", -1, "1989", None, "armed_clash"),
        ("pak_hig", "pakistan", "hig", 1, "1989", None, "sponsorship"),
        ("hig_jamiat", "hig", "jamiat", -1, "1990-06", "1990-06", "armed_clash"),
        ("hig_jamiat_p7", "hig", "jamiat", 1, "1989", "1991", "membership"),
        ("talks", "jowzjani_militia", "jamiat", 1, "1992-01", "1992-03-18", "negotiation"),
        ("militia_gov", "jowzjani_militia", "gov_afg", -1, "1992-03-19", None, "defection"),
        ("militia_jamiat", "jowzjani_militia", "jamiat", 1, "1992-03-19", None, "alliance"),
    ])


def graph_of(edges: list[tuple[str, str, int]], **attrs: object) -> nx.Graph:
    graph = nx.Graph()
    graph.add_edges_from((u, v, {"sign": s, "type": "alliance" if s > 0 else "armed_clash",
                                 "relation_id": f"{u}-{v}", **attrs}) for u, v, s in edges)
    return graph


# ---------------------------------------------------------------------------
# centrality_over_time
# ---------------------------------------------------------------------------

def test_centrality_over_time_matches_each_snapshot(relations, actors) -> None:
    dates = ["1990-06-15", "1992-02-01", "1992-04-01"]
    out = centrality_over_time(relations, dates, ["hig", "jowzjani_militia"], actors)
    assert out.columns.tolist() == ["date", "actor_id", "present", "degree", "positive_degree",
                                    "negative_degree", "betweenness"]
    assert len(out) == 6
    for day in dates:
        expected = centrality(snapshot(relations, day, actors))
        rows = out.loc[out["date"] == pd.Timestamp(day)].set_index("actor_id")
        for actor in ("hig", "jowzjani_militia"):
            assert rows.loc[actor, "degree"] == expected.loc[actor, "degree"]
            assert rows.loc[actor, "betweenness"] == pytest.approx(
                expected.loc[actor, "betweenness"])


def test_centrality_over_time_marks_absent_actors(relations) -> None:
    out = centrality_over_time(relations, ["1988-06-01", "1989-06-01"], ["ussr"])
    assert out["present"].tolist() == [False, True]
    assert out["degree"].isna().tolist() == [True, False]
    assert math.isnan(out.loc[0, "betweenness"])
    assert out["degree"].dtype == "Int64" and out["betweenness"].dtype == "float64"


def test_centrality_over_time_keeps_date_and_actor_order(relations) -> None:
    out = centrality_over_time(relations, ["1991-01-01", "1990-01-01"], ["pakistan", "hig"])
    assert out["actor_id"].tolist() == ["pakistan", "hig", "pakistan", "hig"]
    assert out["date"].dt.year.tolist() == [1991, 1991, 1990, 1990]


@pytest.mark.parametrize(("ids", "message"), [
    ([], "actor_ids is empty"),
    (["hig", "hig"], "repeats hig"),
    (["hig", "taliban"], "unknown actor id"),
])
def test_centrality_over_time_rejects_bad_actors(relations, actors, ids, message) -> None:
    with pytest.raises(ValueError, match=message):
        centrality_over_time(relations, ["1990-01-01"], ids, actors)


def test_centrality_over_time_rejects_a_missing_date(relations) -> None:
    with pytest.raises(ValueError, match="date is missing"):
        centrality_over_time(relations, ["1990-01-01", None], ["hig"])


# ---------------------------------------------------------------------------
# metrics_without_ties
# ---------------------------------------------------------------------------

def test_metrics_without_ties_recomputes_each_variant(relations, actors) -> None:
    days = ["1992-01-15", "1992-04-01"]
    out = metrics_without_ties(relations, days, {"all": [], "no talks": ["talks"]}, actors)
    assert out.index.tolist() == ["all", "no talks"] and out.index.name == "variant"
    assert out.columns.tolist() == list(pd.to_datetime(days))
    full = metrics_over_time(relations, days, actors)["largest_bloc"].tolist()
    kept = relations.loc[relations["relation_id"] != "talks"]
    without = metrics_over_time(kept, days, actors)["largest_bloc"].tolist()
    assert out.loc["all"].tolist() == full
    assert out.loc["no talks"].tolist() == without
    assert full != without  # the negotiation joins the militia's bloc to Jamiat's


@pytest.mark.parametrize("column", ["nodes", "edges", "negative", "blocs"])
def test_metrics_without_ties_any_measure(relations, column) -> None:
    out = metrics_without_ties(relations, ["1990-06-15"], {"all": []}, column=column)
    assert out.iloc[0, 0] == metrics_over_time(relations, ["1990-06-15"])[column].iloc[0]


@pytest.mark.parametrize(("drops", "column", "message"), [
    ({}, "largest_bloc", "drops is empty"),
    ({"all": []}, "diameter", "unknown measure"),
    ({"bad": ["no_such_tie"]}, "largest_bloc", "variant 'bad': unknown relation id"),
])
def test_metrics_without_ties_rejects(relations, drops, column, message) -> None:
    with pytest.raises(ValueError, match=message):
        metrics_without_ties(relations, ["1990-01-01"], drops, column=column)


# ---------------------------------------------------------------------------
# bridging_ties, several_ties, signed_triangles
# ---------------------------------------------------------------------------

def test_bridging_ties_are_the_cross_camp_cooperative_edges(relations, actors) -> None:
    graph = snapshot(relations, "1992-04-01", actors)
    out = bridging_ties(graph)
    pairs = list(zip(out["actor_a"], out["actor_b"], strict=True))
    assert ("jamiat", "jowzjani_militia") in pairs
    assert ("hig", "pakistan") in pairs
    assert ("gov_afg", "jamiat") not in pairs  # hostile
    assert all(a != b for a, b in zip(out["camp_a"], out["camp_b"], strict=True))
    assert out.loc[pairs.index(("jamiat", "jowzjani_militia")), "relation_id"] == \
        "militia_jamiat"


def test_bridging_ties_with_explicit_camps_and_none() -> None:
    graph = graph_of([("a", "b", 1), ("b", "c", 1)])
    assert bridging_ties(graph, {"a": "x", "b": "x", "c": "x"}).empty
    out = bridging_ties(graph, {"a": "x", "b": "y", "c": "y"})
    assert out[["actor_a", "actor_b", "camp_a", "camp_b"]].values.tolist() == [["a", "b", "x",
                                                                                 "y"]]


def test_bridging_ties_needs_every_camp() -> None:
    graph = graph_of([("a", "b", 1)])
    with pytest.raises(ValueError, match="no camp for the actor"):
        bridging_ties(graph, {"a": "x", "b": float("nan")})
    with pytest.raises(ValueError, match="no camp"):
        bridging_ties(graph)


def test_bridging_ties_rejects_a_multigraph(relations) -> None:
    with pytest.raises(ValueError, match="collapsed snapshot"):
        bridging_ties(snapshot(relations, "1990-06-15", collapse=False))


def test_several_ties_reports_collapsed_pairs(relations) -> None:
    out = several_ties(snapshot(relations, "1990-06-15"), relations)
    assert out[["actor_a", "actor_b"]].values.tolist() == [["hig", "jamiat"]]
    row = out.iloc[0]
    assert row["ties"] == ("hig_jamiat_p7", "hig_jamiat")
    assert row["types"] == ("membership", "armed_clash")
    assert row["signs"] == (1, -1)
    assert bool(row["mixed"]) and row["sign"] == -1 and row["decided_by"] == "hig_jamiat"


def test_several_ties_is_empty_when_every_pair_has_one_tie(relations) -> None:
    out = several_ties(snapshot(relations, "1989-06-01"), relations)
    assert out.empty and "decided_by" in out.columns


def test_several_ties_rejects_bad_input(relations) -> None:
    plain = graph_of([("a", "b", 1)])
    with pytest.raises(ValueError, match="no 'ties'"):
        several_ties(plain, relations)
    graph = snapshot(relations, "1990-06-15")
    with pytest.raises(ValueError, match="not in relations"):
        several_ties(graph, relations.loc[relations["relation_id"] != "hig_jamiat_p7"])


def test_rule_differences_finds_the_days_a_rule_matters(relations) -> None:
    rel = pd.concat([relations, make_relations([
        ("truce", "gov_afg", "hig", 1, "1990-07", "1990-07", "ceasefire")])], ignore_index=True)
    days = pd.date_range("1990-06-29", "1990-08-02")
    out = rule_differences(rel, days)
    assert out.columns.tolist() == ["date", "actor_a", "actor_b", "sign_hostile", "sign_recent"]
    assert out["date"].min() == pd.Timestamp("1990-07-01")
    assert out["date"].max() == pd.Timestamp("1990-07-31") and len(out) == 31
    assert set(zip(out["actor_a"], out["actor_b"], strict=True)) == {("gov_afg", "hig")}
    assert out[["sign_hostile", "sign_recent"]].drop_duplicates().values.tolist() == [[-1, 1]]


def test_rule_differences_is_empty_without_mixed_pairs(relations) -> None:
    out = rule_differences(relations, ["1989-06-01", "1992-04-01"])
    assert out.empty and out["date"].dtype == "datetime64[ns]"


def test_signed_triangles_flags_unbalanced() -> None:
    graph = graph_of([("gov", "pak", 1), ("pak", "hig", 1), ("gov", "hig", -1),
                      ("hig", "jamiat", -1), ("gov", "jamiat", -1), ("x", "y", 1)])
    out = signed_triangles(graph)
    assert out[["actor_a", "actor_b", "actor_c"]].values.tolist() == [
        ["gov", "hig", "jamiat"], ["gov", "hig", "pak"]]
    assert out["balanced"].tolist() == [False, False]


def test_signed_triangles_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="collapsed snapshot"):
        signed_triangles(nx.MultiGraph())
    with pytest.raises(ValueError, match="expected \\+1 or -1"):
        signed_triangles(graph_of([("a", "b", 0)]))


@st.composite
def signed_graphs(draw: st.DrawFn) -> nx.Graph:
    n = draw(st.integers(0, 8))
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    for u in range(n):
        for v in range(u + 1, n):
            if draw(st.booleans()):
                graph.add_edge(u, v, sign=draw(st.sampled_from([1, -1])))
    return graph


@SETTINGS
@given(signed_graphs())
def test_signed_triangles_agree_with_balance(graph: nx.Graph) -> None:
    out = signed_triangles(graph)
    expected = balance(graph)
    assert len(out) == expected["triangles"]
    assert int(out["balanced"].sum()) == expected["balanced_triangles"]


@SETTINGS
@given(signed_graphs())
def test_bridges_are_the_only_links_between_camp_blocs(graph: nx.Graph) -> None:
    camps = {n: "x" if int(n) % 2 else "y" for n in graph.nodes}
    bridges = bridging_ties(graph, camps)
    inner = graph.copy()
    inner.remove_edges_from(zip(bridges["actor_a"], bridges["actor_b"], strict=True))
    for bloc in blocs(inner):
        assert len({camps[n] for n in bloc}) == 1


# ---------------------------------------------------------------------------
# arc_layout
# ---------------------------------------------------------------------------

def test_arc_layout_sides_groups_and_gaps() -> None:
    pos = arc_layout([["a", "b"], ["c"]], [["r1", "r2", "r3"]], span=120)
    assert all(pos[k][0] < 0 for k in "abc") and all(pos[k][0] > 0 for k in ("r1", "r2", "r3"))
    top = math.sin(math.radians(60))  # slots a, b, gap, c: evenly spaced from top to -top
    assert [pos[k][1] for k in ("a", "b", "c")] == pytest.approx([top, top / 3, -top])
    assert pos["r2"] == (1.0, 0.0)
    for x, y in pos.values():
        assert math.hypot(x, y) == pytest.approx(1.0)


@SETTINGS
@given(st.lists(st.integers(0, 6), min_size=1, max_size=4), st.floats(10, 180))
def test_arc_layout_spacing_is_even(sizes: list[int], span: float) -> None:
    groups = [[f"g{k}_{i}" for i in range(n)] for k, n in enumerate(sizes)]
    pos = arc_layout(groups, [])
    ys = [pos[a][1] for group in groups for a in group]
    assert len(pos) == sum(sizes)
    assert ys == sorted(ys, reverse=True)
    if len(ys) > 1:
        assert max(ys) <= math.sin(math.radians(90)) + 1e-9
        gaps = np.diff(ys)
        assert (gaps < 0).all()


@pytest.mark.parametrize(("left", "right", "span", "message"), [
    ([["a"]], [["a"]], 120, "placed twice: a"),
    ([["a"]], [], 0, "span must be"),
    ([["a"]], [], 200, "span must be"),
])
def test_arc_layout_rejects(left, right, span, message) -> None:
    with pytest.raises(ValueError, match=message):
        arc_layout(left, right, span=span)


def test_arc_layout_handles_empty_sides_and_groups() -> None:
    assert arc_layout([], []) == {}
    assert arc_layout([[], ["a"]], [[]]) == {"a": (-1.0, 0.0)}


# ---------------------------------------------------------------------------
# plot_metrics_over_time
# ---------------------------------------------------------------------------

@pytest.fixture
def series(relations, actors) -> tuple[pd.DataFrame, pd.DataFrame]:
    dates = pd.date_range("1989-01-01", "1992-04-01", freq="QS")
    metrics = metrics_over_time(relations, dates, actors)
    cent = centrality_over_time(relations, dates, ["gov_afg", "hig", "jowzjani_militia"],
                                actors)
    return metrics, cent


def test_plot_metrics_has_three_panels_with_the_data(series, actors) -> None:
    metrics, cent = series
    fig = plot_metrics_over_time(metrics, cent, "test source", actors=actors,
                                 labels={"gov_afg": "Government"},
                                 marks={"coup": "1990-03-06"})
    assert len(fig.axes) == 3
    top, middle, bottom = fig.axes
    lines = {line.get_gid(): line for ax in fig.axes for line in ax.get_lines()}
    assert np.array_equal(lines["positive"].get_ydata(), metrics["positive"].to_numpy(float))
    assert np.array_equal(lines["negative"].get_ydata(), metrics["negative"].to_numpy(float))
    assert np.array_equal(lines["largest-bloc"].get_ydata(),
                          metrics["largest_bloc"].to_numpy(float))
    hig = cent.loc[cent["actor_id"] == "hig", "betweenness"].to_numpy(float)
    assert np.allclose(lines["betweenness:hig"].get_ydata(), hig, equal_nan=True)
    assert lines["betweenness:hig"].get_color() == actor_colour("hig")
    assert lines["betweenness:hig"].get_linestyle() != lines["betweenness:gov_afg"].get_linestyle()
    labels = [t.get_text() for t in bottom.get_legend().get_texts()]
    assert labels == ["Government", "HIG", "Jowzjani militia"]
    assert sum(line.get_gid() == "mark:coup" for ax in fig.axes for line in ax.get_lines()) == 3
    assert any(t.get_text() == "coup" for t in top.texts)
    assert "Source: test source" in [t.get_text() for t in fig.texts]
    assert all(line.get_drawstyle() == "steps-post" for line in middle.get_lines()
               if not line.get_gid().startswith("mark:"))


def test_plot_metrics_names_by_id_without_actors(series) -> None:
    metrics, cent = series
    fig = plot_metrics_over_time(metrics, cent, "s", title="T")
    assert [t.get_text() for t in fig.axes[2].get_legend().get_texts()] == [
        "gov_afg", "hig", "jowzjani_militia"]
    assert fig._suptitle.get_text() == "T"


def test_plot_metrics_cycles_line_styles() -> None:
    n = len(LINESTYLES) + 1
    dates = pd.to_datetime(["1990-01-01"] * n)
    metrics = pd.DataFrame({"date": dates[:1], "positive": [1], "negative": [0], "nodes": [2],
                            "largest_bloc": [2]})
    cent = pd.DataFrame({"date": dates, "actor_id": [f"a{k}" for k in range(n)],
                         "betweenness": [0.0] * n})
    lines = plot_metrics_over_time(metrics, cent, "s").axes[2].get_lines()
    assert lines[0].get_linestyle() == lines[-1].get_linestyle()


@pytest.mark.parametrize(("which", "drop", "message"), [
    ("metrics", "largest_bloc", "metrics lacks the column"),
    ("centrality", "betweenness", "centrality lacks the column"),
    ("metrics", None, "metrics is empty"),
])
def test_plot_metrics_rejects(series, which, drop, message) -> None:
    metrics, cent = series
    frames = {"metrics": metrics, "centrality": cent}
    frames[which] = frames[which].drop(columns=drop) if drop else frames[which].iloc[0:0]
    with pytest.raises(ValueError, match=message):
        plot_metrics_over_time(frames["metrics"], frames["centrality"], "s")


# ---------------------------------------------------------------------------
# The network on fixed places by camp
# ---------------------------------------------------------------------------

from analysis.network import monthly_snapshots, period_snapshot  # noqa: E402
from analysis.network_plots import (  # noqa: E402
    TIE_STYLES,
    camp_layout,
    camp_regions,
    plot_network,
    tie_style,
    wrap_label,
)


def _labels_and_camps(actors: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    labels = dict(zip(actors["actor_id"], actors["name"], strict=True))
    camps = dict(zip(actors["actor_id"], actors["camp"], strict=True))
    return labels, camps


def _layout(actors: pd.DataFrame) -> dict[str, tuple[float, float]]:
    groups: dict[str, list[str]] = {}
    for actor, camp in zip(actors["actor_id"], actors["camp"], strict=True):
        groups.setdefault(camp, []).append(actor)
    return camp_layout(groups)


def test_camp_layout_puts_each_camp_in_its_own_region(actors: pd.DataFrame) -> None:
    pos = _layout(actors)
    gov = [pos[a] for a in ("gov_afg", "jowzjani_militia")]
    res = [pos[a] for a in ("jamiat", "hig")]
    foreign = [pos[a] for a in ("ussr", "pakistan")]
    assert max(x for x, _ in gov) < min(x for x, _ in res)
    assert max(y for _, y in foreign) < min(y for _, y in gov + res)
    assert len(set(pos.values())) == len(pos)


def test_camp_layout_rejects_an_actor_placed_twice() -> None:
    with pytest.raises(ValueError, match="placed twice"):
        camp_layout({"government": ["a"], "resistance": ["a"]})


@given(st.integers(1, 30), st.integers(0, 30), st.integers(0, 14))
@SETTINGS
def test_camp_layout_never_puts_two_actors_in_one_place(gov: int, res: int, other: int) -> None:
    groups = {"government": [f"g{k}" for k in range(gov)],
              "resistance": [f"r{k}" for k in range(res)],
              "foreign": [f"f{k}" for k in range(other)]}
    pos = camp_layout(groups)
    assert len(pos) == gov + res + other
    for (x1, y1), (x2, y2) in ((pos[a], pos[b]) for a in pos for b in pos if a < b):
        assert math.hypot(x1 - x2, y1 - y2) >= 0.8 - 1e-9


def test_camp_regions_enclose_their_actors(actors: pd.DataFrame) -> None:
    pos = _layout(actors)
    _, camps = _labels_and_camps(actors)
    for region in camp_regions(pos, camps):
        for actor, (x, y) in pos.items():
            if camps[actor] == region["camp"]:
                assert region["x"] < x < region["x"] + region["width"]
                assert region["y"] < y < region["y"] + region["height"]


def test_tie_styles_keep_the_sign_of_their_type() -> None:
    assert {s[1] for k, s in TIE_STYLES.items() if k in ("armed_clash", "rivalry")} == {-1}
    assert tie_style("alliance", -1)[0] == "other hostile tie"
    assert wrap_label("Military council (1992)") == "Military\ncouncil\n(1992)"


def test_period_snapshot_takes_every_tie_active_in_the_period(relations: pd.DataFrame) -> None:
    march = period_snapshot(relations, "1992-03-01", "1992-03-31")
    assert march.edges["gov_afg", "jowzjani_militia"]["sign"] == -1
    assert march.edges["jamiat", "jowzjani_militia"]["ties"] == ["talks", "militia_jamiat"]
    with pytest.raises(ValueError, match="before it starts"):
        period_snapshot(relations, "1992-03-31", "1992-03-01")


def test_monthly_snapshots_give_one_graph_per_month(relations: pd.DataFrame) -> None:
    months = monthly_snapshots(relations, "1992-01-15", "1992-04-01")
    assert [d.strftime("%Y-%m") for d in months] == ["1992-01", "1992-02", "1992-03", "1992-04"]
    assert months[pd.Timestamp("1992-02-01")].edges["gov_afg", "jowzjani_militia"]["sign"] == 1


def test_plot_network_draws_every_placed_actor_with_its_label_and_a_legend(
        actors: pd.DataFrame, relations: pd.DataFrame) -> None:
    pos = _layout(actors)
    labels, camps = _labels_and_camps(actors)
    graph = snapshot(relations, "1992-03-20", actors)
    fig = plot_network(graph, pos, labels, camps, "Test", "source")
    ax = fig.axes[0]
    dots = [p for p in ax.patches if (p.get_gid() or "").startswith("actor:")]
    assert len(dots) == len(pos)
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    assert {texts[f"label:{a}"].replace("\n", " ") for a in pos} == set(labels.values())
    ties = [p for p in ax.patches if (p.get_gid() or "").startswith("tie:")]
    assert len(ties) == graph.number_of_edges()
    legends = {leg.get_gid(): [t.get_text() for t in leg.get_texts()]
               for leg in ax.findobj(lambda a: a.__class__.__name__ == "Legend")}
    assert "Resistance" in legends["legend-camps"]
    assert "no tie on this date" in legends["legend-camps"]
    assert "armed clash (−)" in legends["legend-ties"]
    assert "negotiation or ceasefire (+)" not in legends["legend-ties"]  # ended on the 18th
    assert "defection (−)" in legends["legend-ties"]
    assert "alliance (+)" in legends["legend-ties"]


def test_plot_network_labels_do_not_overlap(actors: pd.DataFrame,
                                            relations: pd.DataFrame) -> None:
    pos = _layout(actors)
    labels, camps = _labels_and_camps(actors)
    fig = plot_network(snapshot(relations, "1990-06-15", actors), pos, labels, camps, "T", "s")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts
             if (t.get_gid() or "").startswith("label:")]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def test_plot_network_needs_a_place_for_every_node(actors: pd.DataFrame,
                                                   relations: pd.DataFrame) -> None:
    labels, camps = _labels_and_camps(actors)
    with pytest.raises(ValueError, match="no position"):
        plot_network(snapshot(relations, "1990-06-15", actors), {}, labels, camps, "T", "s")
