"""Series, tables and a multi-panel figure for the chapter on the alliance network.

Built on :mod:`analysis.network` (snapshots, metrics, blocs), which this module
does not change: it follows a few actors' brokerage through time
(:func:`centrality_over_time`), shows how a measure moves when chosen ties are
left out (:func:`metrics_without_ties`), lists the cooperative ties that join
actors of different camps (:func:`bridging_ties`) the pairs linked by more
than one tie on a day (:func:`several_ties`) and the days on which the two
rules for collapsing them disagree (:func:`rule_differences`), the signed triangles of a
snapshot (:func:`signed_triangles`), places actors on two arcs so
that every label has room (:func:`arc_layout`), and draws the metrics of the
network over time in three panels (:func:`plot_metrics_over_time`).

Examples
--------
>>> from analysis.network import make_relations, snapshot
>>> rel = make_relations([("r1", "a", "b", 1, "1990", None),
...                       ("r2", "a", "b", -1, "1990-06", "1990-06")])
>>> several_ties(snapshot(rel, "1990-06-10"), rel)[["ties", "mixed", "sign"]].values.tolist()
[[('r1', 'r2'), True, -1]]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import matplotlib.dates as mdates
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.figures import CAMP_COLOURS, OKABE_ITO, actor_colour, add_source, new_figure
from analysis.network import (
    COLLAPSE_RULES,
    active_mask,
    centrality,
    metrics_over_time,
    short_name,
    snapshot,
)

__all__ = [
    "LINESTYLES",
    "centrality_over_time",
    "metrics_without_ties",
    "bridging_ties",
    "several_ties",
    "rule_differences",
    "signed_triangles",
    "arc_layout",
    "plot_metrics_over_time",
    "TIE_STYLES",
    "CAMP_REGION_TITLES",
    "tie_style",
    "wrap_label",
    "camp_layout",
    "camp_regions",
    "plot_network",
    "pair_months",
    "plot_pair_months",
]

#: Line styles given to the actors of the brokerage panel in turn, so that two
#: actors sharing a colour (their camp's) still differ.
LINESTYLES: tuple[object, ...] = ("solid", "dashed", "dotted", "dashdot", (0, (5, 1)),
                                  (0, (3, 1, 1, 1, 1, 1)))

_CENTRALITY_COLUMNS = ["degree", "positive_degree", "negative_degree", "betweenness"]
_METRIC_COLUMNS = ("nodes", "edges", "positive", "negative", "density", "blocs", "largest_bloc")
_POSITIVE_COLOUR = "#444444"


def _days(dates: Iterable[object]) -> pd.DatetimeIndex:
    index = pd.DatetimeIndex(pd.to_datetime(list(dates)))
    if index.isna().any():
        raise ValueError("a date is missing (NaT)")
    return index.normalize().as_unit("ns")


def centrality_over_time(relations: pd.DataFrame, dates: Iterable[object],
                         actor_ids: Iterable[str], actors: pd.DataFrame | None = None, *,
                         rule: str = "hostile") -> pd.DataFrame:
    """The degrees and brokerage of chosen actors in the snapshot of every date.

    Parameters
    ----------
    relations
        The ``relations`` table.
    dates
        The days to look at.
    actor_ids
        The actors to follow (at least one, no repeats).
    actors
        The ``actors`` table; when given, an id it lacks is an error.
    rule
        How several ties between a pair collapse (see
        :func:`analysis.network.snapshot`).

    Returns
    -------
    pandas.DataFrame
        One row per date and actor (dates in the given order, actors in the
        given order): ``date``, ``actor_id``, ``present`` (the actor has an
        active tie that day), ``degree``, ``positive_degree``,
        ``negative_degree`` (``Int64``) and ``betweenness`` (among allies,
        as :func:`analysis.network.centrality` computes it). The measures
        are missing (``<NA>``, NaN) on the days an actor is absent: an actor
        without ties is not in the network, rather than in it with no
        brokerage.

    Raises
    ------
    ValueError
        For no actor, a repeated actor, an actor unknown to ``actors``, or a
        missing date.

    Examples
    --------
    >>> from analysis.network import make_relations
    >>> rel = make_relations([("r1", "a", "b", 1, "1990", None),
    ...                       ("r2", "b", "c", 1, "1991", None)])
    >>> out = centrality_over_time(rel, ["1990-06-01", "1991-06-01"], ["b", "c"])
    >>> out[["actor_id", "present", "degree", "betweenness"]].values.tolist()
    [['b', True, 1, 0.0], ['c', False, <NA>, nan], ['b', True, 2, 1.0], ['c', True, 1, 0.0]]
    """
    ids = [str(a) for a in actor_ids]
    if not ids:
        raise ValueError("actor_ids is empty: name at least one actor")
    repeated = sorted({a for a in ids if ids.count(a) > 1})
    if repeated:
        raise ValueError(f"actor_ids repeats {', '.join(repeated)}")
    if actors is not None:
        known = set(actors["actor_id"].astype(str))
        unknown = [a for a in ids if a not in known]
        if unknown:
            raise ValueError(f"unknown actor id(s) {', '.join(unknown)}")
    days = _days(dates)
    rows = []
    cache: dict[pd.Timestamp, pd.DataFrame] = {}
    for day in days:
        if day not in cache:
            cache[day] = centrality(snapshot(relations, day, actors, rule=rule))
        table = cache[day]
        for actor in ids:
            present = actor in table.index
            if present:
                values = {c: table.loc[actor, c] for c in _CENTRALITY_COLUMNS}
            else:
                values = {c: pd.NA for c in _CENTRALITY_COLUMNS} | {"betweenness": np.nan}
            rows.append({"date": day, "actor_id": actor, "present": present, **values})
    frame = pd.DataFrame(rows, columns=["date", "actor_id", "present", *_CENTRALITY_COLUMNS])
    return frame.astype({"date": "datetime64[ns]", "actor_id": "object", "present": bool,
                         "degree": "Int64", "positive_degree": "Int64",
                         "negative_degree": "Int64", "betweenness": "float64"})


def metrics_without_ties(relations: pd.DataFrame, dates: Iterable[object],
                         drops: Mapping[str, Iterable[str]],
                         actors: pd.DataFrame | None = None, *, column: str = "largest_bloc",
                         rule: str = "hostile") -> pd.DataFrame:
    """One network measure, recomputed with chosen ties left out.

    Parameters
    ----------
    relations
        The ``relations`` table.
    dates
        The days to measure.
    drops
        Variant name -> the ``relation_id`` values to leave out (an empty
        list keeps every tie). Each variant is computed from the full table
        less its own drops.
    actors, rule
        As in :func:`analysis.network.metrics_over_time`.
    column
        The measure, a column of :func:`analysis.network.metrics_over_time`:
        ``nodes``, ``edges``, ``positive``, ``negative``, ``density``,
        ``blocs`` or ``largest_bloc``.

    Returns
    -------
    pandas.DataFrame
        One row per variant (in the given order, index named ``variant``),
        one column per date.

    Raises
    ------
    ValueError
        For no variant, an unknown measure, or a relation id that is not in
        the table (nothing is left out silently).

    Examples
    --------
    >>> from analysis.network import make_relations
    >>> rel = make_relations([("r1", "a", "b", 1, "1990", None),
    ...                       ("r2", "b", "c", 1, "1990", None)])
    >>> out = metrics_without_ties(rel, ["1990-06-01"], {"all": [], "without r2": ["r2"]})
    >>> out.iloc[:, 0].to_dict()
    {'all': 3, 'without r2': 2}
    """
    if not drops:
        raise ValueError("drops is empty: give at least one variant")
    if column not in _METRIC_COLUMNS:
        raise ValueError(f"unknown measure '{column}'; expected one of "
                         f"{', '.join(_METRIC_COLUMNS)}")
    ids = relations["relation_id"].astype(str)
    days = _days(dates)
    rows = {}
    for name, dropped in drops.items():
        dropped = {str(r) for r in dropped}
        unknown = sorted(dropped - set(ids))
        if unknown:
            raise ValueError(f"variant '{name}': unknown relation id(s) {', '.join(unknown)}")
        kept = relations.loc[~ids.isin(dropped)]
        rows[name] = metrics_over_time(kept, days, actors, rule=rule)[column].to_numpy()
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=days)
    frame.index.name = "variant"
    return frame


def _camp_of(graph: nx.Graph, camps: Mapping[str, str | None] | None) -> dict[str, str]:
    found = {}
    for node, camp in graph.nodes(data="camp"):
        value = camps.get(node) if camps is not None else camp
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        found[node] = str(value)
    missing = sorted(str(n) for n in graph.nodes if n not in found)
    if missing:
        raise ValueError(f"no camp for the actor(s) {', '.join(missing)}")
    return found


def bridging_ties(graph: nx.Graph, camps: Mapping[str, str | None] | None = None) -> pd.DataFrame:
    """The cooperative ties of a snapshot that join actors of different camps.

    Blocs are the components of the cooperative ties
    (:func:`analysis.network.blocs`), so these ties are the ones that can
    merge camps into one bloc.

    Parameters
    ----------
    graph
        A collapsed snapshot.
    camps
        Actor id -> camp; by default the nodes' ``camp`` attribute (a
        snapshot built with the ``actors`` table has it).

    Returns
    -------
    pandas.DataFrame
        ``actor_a``, ``actor_b`` (in order of their ids as text), ``camp_a``, ``camp_b``,
        ``type`` and ``relation_id`` of the deciding tie, sorted by the two
        camps and the actors.

    Raises
    ------
    ValueError
        For an actor without a camp, or a graph that is not a collapsed
        snapshot.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("gov", "hig", sign=1, type="alliance", relation_id="r1")
    >>> g.add_edge("hig", "jamiat", sign=-1, type="armed_clash", relation_id="r2")
    >>> camps = {"gov": "government", "hig": "resistance", "jamiat": "resistance"}
    >>> bridging_ties(g, camps)[["actor_a", "actor_b", "relation_id"]].values.tolist()
    [['gov', 'hig', 'r1']]
    """
    if graph.is_multigraph() or graph.is_directed():
        raise ValueError("expected a collapsed snapshot (an undirected simple nx.Graph)")
    camp = _camp_of(graph, camps)
    rows = []
    for u, v, attrs in graph.edges(data=True):
        a, b = sorted((u, v), key=str)
        if attrs.get("sign") == 1 and camp[a] != camp[b]:
            rows.append({"actor_a": a, "actor_b": b, "camp_a": camp[a], "camp_b": camp[b],
                         "type": attrs.get("type"), "relation_id": attrs.get("relation_id")})
    frame = pd.DataFrame(rows, columns=["actor_a", "actor_b", "camp_a", "camp_b", "type",
                                        "relation_id"])
    order = frame.assign(_camps=[tuple(sorted(p)) for p in zip(frame["camp_a"],
                                                                frame["camp_b"], strict=True)])
    order = order.assign(_a=order["actor_a"].astype(str), _b=order["actor_b"].astype(str))
    order = order.sort_values(["_camps", "_a", "_b"], kind="stable").drop(columns=["_a", "_b"])
    return order.drop(columns="_camps").reset_index(drop=True)


def several_ties(graph: nx.Graph, relations: pd.DataFrame) -> pd.DataFrame:
    """The pairs of a snapshot linked by more than one active tie, and how they collapsed.

    Parameters
    ----------
    graph
        A collapsed snapshot (its edges carry ``ties``, the ids of the active
        ties, and ``sign`` and ``relation_id`` of the deciding one).
    relations
        The ``relations`` table the snapshot was built from.

    Returns
    -------
    pandas.DataFrame
        ``actor_a``, ``actor_b``, ``ties`` (tuple of ids, oldest first),
        ``types`` and ``signs`` (tuples, same order), ``mixed`` (both signs
        among them), ``sign`` and ``decided_by`` (the pair's sign in the
        snapshot and the tie that gave it); sorted by the actors.

    Raises
    ------
    ValueError
        For an edge without ``ties``, or a tie id not in ``relations``.

    Examples
    --------
    >>> from analysis.network import make_relations, snapshot
    >>> rel = make_relations([("r1", "a", "b", 1, "1990", None),
    ...                       ("r2", "a", "b", 1, "1990-06", None, "cooperation")])
    >>> several_ties(snapshot(rel, "1990-07-01"), rel)[["types", "mixed"]].values.tolist()
    [[('alliance', 'cooperation'), False]]
    """
    table = relations.assign(relation_id=relations["relation_id"].astype(str)).set_index(
        "relation_id")
    rows = []
    for u, v, attrs in graph.edges(data=True):
        if "ties" not in attrs:
            raise ValueError(f"edge {u}-{v} has no 'ties': pass a collapsed snapshot")
        ties = tuple(str(t) for t in attrs["ties"])
        if len(ties) < 2:
            continue
        unknown = [t for t in ties if t not in table.index]
        if unknown:
            raise ValueError(f"tie(s) {', '.join(unknown)} of edge {u}-{v} not in relations")
        signs = tuple(int(table.loc[t, "sign"]) for t in ties)
        a, b = sorted((str(u), str(v)))
        rows.append({"actor_a": a, "actor_b": b, "ties": ties,
                     "types": tuple(str(table.loc[t, "type"]) for t in ties), "signs": signs,
                     "mixed": len(set(signs)) > 1, "sign": int(attrs["sign"]),
                     "decided_by": str(attrs["relation_id"])})
    frame = pd.DataFrame(rows, columns=["actor_a", "actor_b", "ties", "types", "signs", "mixed",
                                        "sign", "decided_by"])
    frame = frame.astype({"mixed": bool})
    return frame.sort_values(["actor_a", "actor_b"], kind="stable").reset_index(drop=True)


def rule_differences(relations: pd.DataFrame, dates: Iterable[object],
                     actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """The pairs whose sign depends on the rule that collapses several ties.

    Compares, for every date, the snapshot under each rule of
    :data:`analysis.network.COLLAPSE_RULES` (``"hostile"``: any hostile tie
    decides; ``"recent"``: the tie that started last decides). Days with the
    same set of active ties are compared once.

    Parameters
    ----------
    relations
        The ``relations`` table.
    dates
        The days to compare.
    actors
        The ``actors`` table (optional, as in :func:`analysis.network.snapshot`).

    Returns
    -------
    pandas.DataFrame
        One row per date and pair that differ: ``date``, ``actor_a``,
        ``actor_b`` and one ``sign_<rule>`` column per rule; sorted by date
        and pair.

    Examples
    --------
    >>> from analysis.network import make_relations
    >>> rel = make_relations([("r1", "a", "b", -1, "1990", None),
    ...                       ("r2", "a", "b", 1, "1990-06-01", "1990-06-02", "ceasefire")])
    >>> out = rule_differences(rel, ["1990-05-31", "1990-06-01", "1990-06-03"])
    >>> out[["date", "sign_hostile", "sign_recent"]].astype(str).values.tolist()
    [['1990-06-01', '-1', '1']]
    """
    days = _days(dates)
    mask = active_mask(relations, days).to_numpy()
    columns = ["date", "actor_a", "actor_b", *(f"sign_{r}" for r in COLLAPSE_RULES)]
    cache: dict[bytes, list[tuple[str, str, int, int]]] = {}
    rows = []
    for day, active in zip(days, mask, strict=True):
        key = active.tobytes()
        if key not in cache:
            signs = [{tuple(sorted((str(u), str(v)))): int(s) for u, v, s in
                      snapshot(relations, day, actors, rule=rule).edges(data="sign")}
                     for rule in COLLAPSE_RULES]
            cache[key] = [(a, b, *(sign[(a, b)] for sign in signs))
                          for a, b in sorted(signs[0]) if len({s[(a, b)] for s in signs}) > 1]
        rows.extend((day, *pair) for pair in cache[key])
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"date": "datetime64[ns]"})


def signed_triangles(graph: nx.Graph) -> pd.DataFrame:
    """Every triangle of a snapshot with its three signs, balanced or not.

    A triangle is balanced when the product of its signs is positive (as in
    :func:`analysis.network.balance`).

    Returns
    -------
    pandas.DataFrame
        ``actor_a``, ``actor_b``, ``actor_c`` (in id order), ``sign_ab``,
        ``sign_bc``, ``sign_ac`` and ``balanced``, sorted by the actors.

    Raises
    ------
    ValueError
        For a graph that is not a collapsed snapshot or a sign other than
        +1 and -1.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("gov", "pak", sign=1); g.add_edge("pak", "hig", sign=1)
    >>> g.add_edge("gov", "hig", sign=-1)
    >>> signed_triangles(g).values.tolist()
    [['gov', 'hig', 'pak', -1, 1, 1, False]]
    """
    if graph.is_multigraph() or graph.is_directed():
        raise ValueError("expected a collapsed snapshot (an undirected simple nx.Graph)")
    for u, v, sign in graph.edges(data="sign"):
        if sign not in (1, -1):
            raise ValueError(f"edge {u}-{v} has sign {sign!r}; expected +1 or -1")
    rows = []
    for clique in nx.enumerate_all_cliques(graph):
        if len(clique) < 3:
            continue
        if len(clique) > 3:
            break
        a, b, c = sorted(clique, key=str)
        signs = [int(graph.edges[x, y]["sign"]) for x, y in ((a, b), (b, c), (a, c))]
        rows.append({"actor_a": a, "actor_b": b, "actor_c": c, "sign_ab": signs[0],
                     "sign_bc": signs[1], "sign_ac": signs[2],
                     "balanced": signs[0] * signs[1] * signs[2] > 0})
    frame = pd.DataFrame(rows, columns=["actor_a", "actor_b", "actor_c", "sign_ab", "sign_bc",
                                        "sign_ac", "balanced"]).astype({"balanced": bool})
    keys = frame[["actor_a", "actor_b", "actor_c"]].astype(str)
    return frame.iloc[keys.apply(tuple, axis=1).argsort(kind="stable")].reset_index(drop=True)


def arc_layout(left: Sequence[Sequence[str]], right: Sequence[Sequence[str]], *,
               span: float = 120.0) -> dict[str, tuple[float, float]]:
    """Actors on two arcs of the unit circle, leaving its top and bottom free.

    Each side is a list of groups of actor ids, placed top to bottom with one
    empty slot between groups, at evenly spaced heights (so that labels
    beside the points never crowd, as they do at the top and bottom of a full
    circle). The right arc runs from ``+span/2`` to ``-span/2`` degrees, the
    left one from ``180 - span/2`` to ``180 + span/2``; a side with a single
    slot sits at mid-height.

    Parameters
    ----------
    left, right
        The groups of each side.
    span
        The angle each arc covers, in degrees (more than 0, at most 180).

    Returns
    -------
    dict
        Actor id -> (x, y).

    Raises
    ------
    ValueError
        For an actor placed twice or a span out of range.

    Examples
    --------
    >>> pos = arc_layout([["gov", "army"]], [["hig"]])
    >>> pos["hig"]
    (1.0, 0.0)
    >>> [round(v, 3) for v in pos["gov"]], [round(v, 3) for v in pos["army"]]
    ([-0.5, 0.866], [-0.5, -0.866])
    """
    if not 0 < span <= 180:
        raise ValueError(f"span must be more than 0 and at most 180 degrees, not {span}")
    every = [str(a) for side in (left, right) for group in side for a in group]
    repeated = sorted({a for a in every if every.count(a) > 1})
    if repeated:
        raise ValueError(f"actor(s) placed twice: {', '.join(repeated)}")
    top = math.sin(math.radians(span / 2))
    pos: dict[str, tuple[float, float]] = {}
    for sign, side in ((-1.0, left), (1.0, right)):
        slots: list[str | None] = []
        for group in side:
            if not group:
                continue
            if slots:
                slots.append(None)
            slots.extend(str(a) for a in group)
        heights = np.linspace(top, -top, len(slots)) if len(slots) > 1 else np.zeros(len(slots))
        for actor, y in zip(slots, heights, strict=True):
            if actor is not None:
                x = sign * math.sqrt(max(0.0, 1.0 - float(y) ** 2))
                pos[actor] = (round(x, 12) + 0.0, round(float(y), 12) + 0.0)
    return pos


def _check(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks the column(s) {', '.join(missing)}")
    if frame.empty:
        raise ValueError(f"{what} is empty")


def _labels(actor_ids: list[str], actors: pd.DataFrame | None,
            labels: Mapping[str, str] | None) -> tuple[dict[str, str], dict[str, str | None]]:
    names: dict[str, str] = {a: a for a in actor_ids}
    camps: dict[str, str | None] = dict.fromkeys(actor_ids)
    if actors is not None:
        for row in actors.to_dict("records"):
            actor = str(row["actor_id"])
            if actor in names:
                aliases = row.get("aliases")
                names[actor] = short_name(str(row.get("name") or actor),
                                          None if pd.isna(aliases) else str(aliases))
                camp = row.get("camp")
                camps[actor] = None if camp is None or pd.isna(camp) else str(camp)
    names.update({a: str(t) for a, t in (labels or {}).items() if a in names})
    return names, camps


def plot_metrics_over_time(metrics: pd.DataFrame, centrality: pd.DataFrame, source_line: str,
                           *, title: str = "The alliance network over time",
                           actors: pd.DataFrame | None = None,
                           labels: Mapping[str, str] | None = None,
                           marks: Mapping[str, object] | None = None) -> Figure:
    """Ties by sign, the largest bloc and the brokerage of chosen actors, in three panels.

    Each value holds from its date to the next, so the lines are steps.

    Parameters
    ----------
    metrics
        The output of :func:`analysis.network.metrics_over_time` (``date``,
        ``positive``, ``negative``, ``nodes``, ``largest_bloc``).
    centrality
        The output of :func:`centrality_over_time` (``date``, ``actor_id``,
        ``betweenness``); an actor's line breaks where it is absent.
    source_line
        The figure's source line.
    title
        The figure's title.
    actors
        The ``actors`` table, for the actors' short names and camps (their
        colours); without it, lines are named by id.
    labels
        Actor id -> label, overriding the short names.
    marks
        Label -> date: a dotted vertical line on every panel, labelled on
        the top one (e.g. the dates of the snapshots drawn elsewhere).

    Returns
    -------
    matplotlib.figure.Figure
        Three axes. Lines carry a ``gid``: ``positive``, ``negative``,
        ``nodes``, ``largest-bloc``, ``betweenness:<actor_id>`` and
        ``mark:<label>``.

    Raises
    ------
    ValueError
        For a missing column or an empty table.

    Examples
    --------
    >>> import pandas as pd
    >>> metrics = pd.DataFrame({"date": pd.to_datetime(["1990-01-01", "1990-02-01"]),
    ...     "positive": [3, 4], "negative": [1, 2], "nodes": [4, 5], "largest_bloc": [3, 4]})
    >>> cent = pd.DataFrame({"date": pd.to_datetime(["1990-01-01", "1990-02-01"]),
    ...     "actor_id": ["hig", "hig"], "betweenness": [0.0, 0.5]})
    >>> fig = plot_metrics_over_time(metrics, cent, "test")
    >>> [line.get_gid() for ax in fig.axes for line in ax.get_lines()]
    ['positive', 'negative', 'nodes', 'largest-bloc', 'betweenness:hig']
    """
    _check(metrics, ("date", "positive", "negative", "nodes", "largest_bloc"), "metrics")
    _check(centrality, ("date", "actor_id", "betweenness"), "centrality")
    fig, axes = new_figure(7.5, 7.2, nrows=3, ncols=1)
    fig.get_layout_engine().set(hspace=0.08)
    for ax in axes[1:]:
        ax.sharex(axes[0])
    dates = pd.to_datetime(metrics["date"]).to_numpy()
    steps = {"drawstyle": "steps-post", "linewidth": 1.5}
    top, middle, bottom = axes
    top.plot(dates, metrics["positive"].to_numpy(dtype=float), color=_POSITIVE_COLOUR,
             label="cooperative ties (+1)", gid="positive", **steps)
    top.plot(dates, metrics["negative"].to_numpy(dtype=float), color=OKABE_ITO["vermillion"],
             linestyle="dashed", label="hostile ties (−1)", gid="negative", **steps)
    top.set_ylabel("Pairs of actors")
    top.set_title("Ties in the network, by sign", loc="left", fontsize=9)
    middle.plot(dates, metrics["nodes"].to_numpy(dtype=float), color=OKABE_ITO["grey"],
                label="actors with an active tie", gid="nodes", **steps)
    middle.plot(dates, metrics["largest_bloc"].to_numpy(dtype=float), color=OKABE_ITO["blue"],
                label="actors in the largest bloc", gid="largest-bloc", **steps)
    middle.set_ylabel("Actors")
    middle.set_title("The largest bloc (actors joined by cooperative ties)", loc="left",
                     fontsize=9)
    ids = list(dict.fromkeys(centrality["actor_id"].astype(str)))
    names, camps = _labels(ids, actors, labels)
    for k, actor in enumerate(ids):
        rows = centrality.loc[centrality["actor_id"].astype(str) == actor]
        bottom.plot(pd.to_datetime(rows["date"]).to_numpy(),
                    rows["betweenness"].to_numpy(dtype=float, na_value=np.nan),
                    color=actor_colour(actor, camps[actor]),
                    linestyle=LINESTYLES[k % len(LINESTYLES)], label=names[actor],
                    gid=f"betweenness:{actor}", **steps)
    bottom.set_ylabel("Betweenness among allies")
    bottom.set_title("Brokerage: share of shortest cooperative paths through the actor",
                     loc="left", fontsize=9)
    bottom.set_xlabel("Date")
    for ax in axes:
        ax.set_ylim(bottom=0)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7)
    for ax in axes[:2]:
        ax.tick_params(labelbottom=False)
    for label, when in (marks or {}).items():
        day = pd.Timestamp(when)
        for ax in axes:
            ax.axvline(day, color="#777777", linestyle="dotted", linewidth=0.8,
                       gid=f"mark:{label}")
        top.annotate(str(label), (day, 0.42), xycoords=("data", "axes fraction"),
                     xytext=(2, 0), textcoords="offset points", fontsize=6, rotation=90,
                     va="center", ha="left", color="#555555", gid=f"mark-label:{label}")
    locator = mdates.AutoDateLocator()
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    fig.suptitle(title, fontsize=10)
    add_source(fig, source_line)
    return fig


# ---------------------------------------------------------------------------
# The network drawn with fixed places by camp
# ---------------------------------------------------------------------------

_HOSTILE = "#A8001C"

#: The drawing style of each type of tie, as a tuple of its legend label, sign,
#: colour, dash pattern in points (None for a solid line) and width. The
#: explorer page draws ties with the same styles (the dash patterns become
#: SVG ``stroke-dasharray``).
TIE_STYLES: dict[str, tuple[str, int, str, tuple[float, ...] | None, float]] = {
    "alliance": ("alliance", 1, "#222222", None, 2.4),
    "membership": ("membership or command", 1, "#222222", None, 0.9),
    "command": ("membership or command", 1, "#222222", None, 0.9),
    "sponsorship": ("sponsorship", 1, OKABE_ITO["blue"], None, 1.3),
    "cooperation": ("cooperation", 1, "#222222", (1.2, 1.8), 1.4),
    "negotiation": ("negotiation or ceasefire", 1, "#777777", (4.0, 2.0), 1.4),
    "ceasefire": ("negotiation or ceasefire", 1, "#777777", (4.0, 2.0), 1.4),
    "armed_clash": ("armed clash", -1, _HOSTILE, (6.0, 2.5), 1.7),
    "rivalry": ("rivalry", -1, _HOSTILE, (1.5, 2.0), 1.4),
    "defection": ("defection", -1, _HOSTILE, (6.0, 2.0, 1.5, 2.0), 1.7),
    "treaty": ("treaty clause (treaty datasets)", 1, "#9A9A9A", (1.0, 2.5), 0.9),
}
_OTHER_TIE = {1: ("other cooperative tie", 1, "#222222", (3.0, 3.0), 1.0),
              -1: ("other hostile tie", -1, _HOSTILE, (3.0, 3.0), 1.0)}

#: The title of each camp's region.
CAMP_REGION_TITLES: dict[str, str] = {
    "government": "Government side",
    "resistance": "Resistance",
    "foreign": "Foreign states and agencies",
    "international": "International organisations",
}


def tie_style(kind: object, sign: object) -> tuple[str, int, str, tuple[float, ...] | None, float]:
    """The drawing style of a tie: its type's, or a generic one for its sign.

    Examples
    --------
    >>> tie_style("armed_clash", -1)[0]
    'armed clash'
    >>> tie_style("something new", 1)[0]
    'other cooperative tie'
    """
    style = TIE_STYLES.get(str(kind))
    if style is not None and style[1] == int(sign):  # type: ignore[call-overload]
        return style
    return _OTHER_TIE[1 if int(sign) > 0 else -1]  # type: ignore[call-overload]


def wrap_label(text: str, width: int = 12) -> str:
    """Break a label into lines of at most ``width`` characters at spaces.

    Examples
    --------
    >>> wrap_label("Dostum's militia")
    "Dostum's\\nmilitia"
    >>> wrap_label("HIG")
    'HIG'
    """
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def camp_layout(groups: Mapping[str, Sequence[str]], *, columns: Mapping[str, int] | None = None,
                band_columns: int = 6, stacked: bool = False) -> dict[str, tuple[float, float]]:
    """Fixed places by camp: government left, resistance right, the others in bands below.

    The government's actors fill a block of columns on the left, the
    resistance's a block on the right with an empty column between them;
    each other camp (foreign, international, then any other, in the order
    given) fills a band of ``band_columns`` columns below, its last row
    centred to the nearest column. Within a block actors fill rows left to right in the order
    given, and every other column is set half a row lower, so that a straight
    tie between two actors of one row does not run through a third. A column
    is one unit wide, a row 0.8 units high; y grows upwards (the first row is
    at the top).

    Parameters
    ----------
    groups
        Camp -> its actors, in the order to place them.
    columns
        Columns of the ``government`` and ``resistance`` blocks (default 2
        and 3).
    band_columns
        Columns of the bands below.
    stacked
        Put every camp in a band of ``band_columns`` columns, one under the
        other (the government's first, then the resistance's, then the
        others): the narrow layout, for a screen as wide as a phone's.

    Returns
    -------
    dict
        Actor id -> (x, y).

    Raises
    ------
    ValueError
        For an actor placed twice.

    Examples
    --------
    >>> pos = camp_layout({"government": ["gov", "army"], "resistance": ["hig"],
    ...                    "foreign": ["pak"]})
    >>> pos["gov"], pos["army"], pos["hig"]
    ((0.0, 0.0), (1.0, -0.4), (3.0, 0.0))
    >>> pos["pak"]
    (2.0, -1.6)
    >>> narrow = camp_layout({"government": ["gov", "army"], "resistance": ["hig"],
    ...                       "foreign": ["pak"]}, band_columns=3, stacked=True)
    >>> narrow["gov"], narrow["hig"], narrow["pak"]
    ((0.0, 0.0), (1.0, -1.68), (1.0, -2.96))
    """
    every = [str(a) for members in groups.values() for a in members]
    repeated = sorted({a for a in every if every.count(a) > 1})
    if repeated:
        raise ValueError(f"actor(s) placed twice: {', '.join(repeated)}")
    cols = {"government": 2, "resistance": 3} | dict(columns or {})
    row_height, stagger = 0.8, 0.4
    pos: dict[str, tuple[float, float]] = {}

    def place(members: Sequence[str], first_col: float, ncols: int, first_row: float,
              centre_last: bool) -> int:
        rows = math.ceil(len(members) / ncols) if members else 0
        for k, actor in enumerate(members):
            row, col = divmod(k, ncols)
            in_row = min(ncols, len(members) - row * ncols)
            shift = (ncols - in_row) // 2 if centre_last else 0
            x = first_col + col + shift
            y = -(first_row + row) * row_height - (stagger if (col + shift) % 2 else 0.0)
            pos[str(actor)] = (round(x, 9) + 0.0, round(y, 9) + 0.0)
        return rows

    if stacked:
        sides = [c for c in ("government", "resistance") if c in groups]
        row = 0.0
        for camp in sides + [c for c in groups if c not in sides]:
            if groups[camp]:
                row += place(list(groups[camp]), 0.0, band_columns, row, True) + 0.6
        return pos
    gov = list(groups.get("government", []))
    res = list(groups.get("resistance", []))
    gov_cols = cols["government"]
    top_rows = max(place(gov, 0.0, gov_cols, 0.0, False),
                   place(res, gov_cols + 1.0, cols["resistance"], 0.0, False))
    width = gov_cols + 1 + cols["resistance"]
    row = top_rows + (1.0 if top_rows else 0.0)
    band = min(band_columns, width)
    for camp, members in groups.items():
        if camp in ("government", "resistance") or not members:
            continue
        row += place(list(members), (width - band) / 2, band, row, True) + 0.6
    return pos


def camp_regions(pos: Mapping[str, tuple[float, float]],
                 camps: Mapping[str, str | None]) -> list[dict[str, object]]:
    """The box and title of each camp's region around its actors' places.

    Returns
    -------
    list of dict
        One per camp, in order of first appearance: ``camp``, ``title``,
        ``x``, ``y`` (lower left corner), ``width``, ``height``, ``title_x``,
        ``title_y`` (lower left of the title), in layout units.

    Examples
    --------
    >>> box = camp_regions({"a": (0.0, 0.0), "b": (1.0, -0.4)},
    ...                    {"a": "government", "b": "government"})[0]
    >>> box["title"], box["width"]
    ('Government side', 1.9)
    """
    out = []
    for camp in dict.fromkeys(str(camps[a]) for a in pos):
        xs = [pos[a][0] for a in pos if str(camps[a]) == camp]
        ys = [pos[a][1] for a in pos if str(camps[a]) == camp]
        out.append({"camp": camp, "title": CAMP_REGION_TITLES.get(camp, camp.capitalize()),
                    "x": round(min(xs) - 0.45, 6), "y": round(min(ys) - 0.42, 6),
                    "width": round(max(xs) - min(xs) + 0.9, 6),
                    "height": round(max(ys) - min(ys) + 0.72, 6),
                    "title_x": round(min(xs) - 0.42, 6), "title_y": round(max(ys) + 0.27, 6)})
    return out


def plot_network(graph: nx.Graph, pos: Mapping[str, tuple[float, float]],
                 labels: Mapping[str, str], camps: Mapping[str, str | None], title: str,
                 source_line: str, *, width: float = 6.4) -> Figure:
    """Draw a snapshot on fixed places: every placed actor, ties styled by type and sign.

    Actors of the snapshot are dots in their camp's colour with their label
    below; placed actors without a tie that day are hollow grey rings, so
    every actor keeps its place from one date to the next. A shaded box with
    a title marks each camp's region. Ties are gently curved lines in the
    style of their type (:data:`TIE_STYLES`); the legend below the network
    lists the camps and the tie styles present.

    Parameters
    ----------
    graph
        A collapsed snapshot (edges carry ``sign`` and ``type``).
    pos
        Actor id -> (x, y) for every actor to draw (e.g. :func:`camp_layout`).
    labels
        Actor id -> display name (wrapped at spaces).
    camps
        Actor id -> camp (for colours and regions).
    title, source_line
        The figure's title and source line.
    width
        Width in inches; the height follows the layout.

    Returns
    -------
    matplotlib.figure.Figure
        Artists carry a ``gid``: ``actor:<id>`` (dots), ``label:<id>``,
        ``tie:<a>:<b>``, ``region:<camp>``; the legends ``legend-camps``
        and ``legend-ties``.

    Raises
    ------
    ValueError
        For a node without a place, a label or a camp.

    Examples
    --------
    >>> g = nx.Graph(); g.add_edge("a", "b", sign=-1, type="armed_clash")
    >>> pos = camp_layout({"government": ["a"], "resistance": ["b", "c"]})
    >>> fig = plot_network(g, pos, {"a": "A", "b": "B", "c": "C"},
    ...                    {"a": "government", "b": "resistance", "c": "resistance"}, "T", "s")
    >>> sorted(t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label"))
    ['A', 'B', 'C']
    """
    from matplotlib import patheffects
    from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

    _require_simple(graph)
    missing = sorted(str(n) for n in graph.nodes if n not in pos)
    if missing:
        raise ValueError(f"no position for the node(s) {', '.join(missing)}")
    unnamed = sorted(a for a in pos if a not in labels or a not in camps or camps[a] is None)
    if unnamed:
        raise ValueError(f"no label or camp for the actor(s) {', '.join(unnamed)}")
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x0, x1, y0, y1 = min(xs) - 0.6, max(xs) + 0.6, min(ys) - 0.55, max(ys) + 0.55
    height = (y1 - y0) / (x1 - x0) * width + 2.4
    fig, ax = new_figure(width, height)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    for region in camp_regions(pos, camps):
        colour = CAMP_COLOURS.get(region["camp"], OKABE_ITO["grey"])
        ax.add_patch(FancyBboxPatch((region["x"], region["y"]), region["width"],
                                    region["height"],
                                    boxstyle="round,pad=0.02,rounding_size=0.12",
                                    facecolor=colour, alpha=0.07, edgecolor=colour,
                                    linewidth=0.6, zorder=0, gid=f"region:{region['camp']}"))
        ax.text(region["title_x"], region["title_y"], region["title"], fontsize=8,
                fontweight="bold", color="#333333", ha="left", va="bottom",
                gid=f"region-title:{region['camp']}")
    seen_styles: dict[str, tuple[str, int, str, tuple[float, ...] | None, float]] = {}
    for u, v, attrs in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        a, b = sorted((str(u), str(v)))
        style = tie_style(attrs.get("type"), _edge_sign(u, v, attrs.get("sign")))
        seen_styles.setdefault(style[0], style)
        label, _, colour, dashes, lw = style
        patch = FancyArrowPatch(pos[a], pos[b], arrowstyle="-", connectionstyle="arc3,rad=0.12",
                                color=colour, linewidth=lw, zorder=1, shrinkA=6, shrinkB=6,
                                gid=f"tie:{a}:{b}")
        if dashes is not None:
            patch.set_linestyle((0, dashes))
        ax.add_patch(patch)
    active = {str(n) for n in graph.nodes}
    halo = [patheffects.withStroke(linewidth=2.4, foreground="white")]
    for actor in sorted(pos):
        x, y = pos[actor]
        here = actor in active
        colour = CAMP_COLOURS.get(str(camps[actor]), OKABE_ITO["grey"])
        ax.add_patch(Circle((x, y), 0.1, facecolor=colour if here else "white",
                            edgecolor="#222222" if here else "#9a9a9a",
                            linewidth=0.8, zorder=2, gid=f"actor:{actor}"))
        ax.text(x, y - 0.14, wrap_label(labels[actor]), fontsize=7.5, ha="center", va="top",
                color="#111111" if here else "#666666", linespacing=1.0, zorder=3,
                gid=f"label:{actor}", path_effects=halo)
    if not active:
        ax.text(0.5, 0.5, "no active ties", transform=ax.transAxes, ha="center", va="center")
    present_camps = list(dict.fromkeys(camps[a] for a in pos))
    camp_handles = [Line2D([], [], marker="o", linestyle="none", markersize=7,
                           markerfacecolor=CAMP_COLOURS.get(str(c), OKABE_ITO["grey"]),
                           markeredgecolor="#222222",
                           label=CAMP_REGION_TITLES.get(str(c), str(c))) for c in present_camps]
    camp_handles.append(Line2D([], [], marker="o", linestyle="none", markersize=7,
                               markerfacecolor="white", markeredgecolor="#9a9a9a",
                               label="no tie on this date"))
    order = list(dict.fromkeys(s[0] for s in TIE_STYLES.values())) + [
        _OTHER_TIE[1][0], _OTHER_TIE[-1][0]]
    tie_handles = []
    for name in order:
        if name in seen_styles:
            _, sign, colour, dashes, lw = seen_styles[name]
            handle = Line2D([], [], color=colour, linewidth=lw,
                            label=f"{name} ({'+' if sign > 0 else '−'})")
            if dashes is not None:
                handle.set_dashes(dashes)
            tie_handles.append(handle)
    first = ax.legend(handles=camp_handles, loc="upper left", bbox_to_anchor=(0.0, 0.0),
                      fontsize=7.5, title="Camps (side in February 1989)", title_fontsize=7.5,
                      alignment="left", borderaxespad=0.2)
    first.set_gid("legend-camps")
    ax.add_artist(first)
    second = ax.legend(handles=tie_handles, loc="upper right", bbox_to_anchor=(1.0, 0.0),
                       fontsize=7.5, title="Ties: type (sign)", title_fontsize=7.5,
                       alignment="left", handlelength=3.2, borderaxespad=0.2)
    second.set_gid("legend-ties")
    fig.suptitle(title, fontsize=10)
    add_source(fig, source_line)
    return fig


def _require_simple(graph: nx.Graph) -> None:
    if graph.is_multigraph() or graph.is_directed():
        raise ValueError("expected a collapsed snapshot (an undirected simple nx.Graph)")


def _edge_sign(u: object, v: object, sign: object) -> int:
    if sign not in (1, -1):
        raise ValueError(f"edge {u}-{v} has sign {sign!r}; expected +1 or -1")
    return int(sign)  # type: ignore[call-overload]


# ---------------------------------------------------------------------------
# Month by pair: which pairs were tied, and with which sign, month by month
# ---------------------------------------------------------------------------

def pair_months(months: Mapping[pd.Timestamp, nx.Graph], labels: Mapping[str, str], *,
                min_months: int = 1, top: int | None = None,
                changing: bool = False) -> pd.DataFrame:
    """The sign of each pair in each month: +1, -1, or 0 for no tie.

    Parameters
    ----------
    months
        Month -> collapsed snapshot (:func:`analysis.network.monthly_snapshots`).
    labels
        Actor id -> display name (the rows are named "A – B").
    min_months
        Keep the pairs tied in at least this many months.
    top
        Keep at most this many pairs, those tied in most months.
    changing
        Keep only the pairs whose state (no tie, cooperative, hostile)
        changes at least once over the months.

    Returns
    -------
    pandas.DataFrame
        One row per pair (sorted by the first month of a tie, then by name),
        one column per month (``YYYY-MM``), values -1, 0 or 1.

    Examples
    --------
    >>> g1, g2 = nx.Graph(), nx.Graph()
    >>> g1.add_edge("a", "b", sign=1); g2.add_edge("a", "b", sign=-1)
    >>> m = pair_months({pd.Timestamp("1990-01-01"): g1, pd.Timestamp("1990-02-01"): g2},
    ...                 {"a": "A", "b": "B"})
    >>> m.loc["A – B"].tolist()
    [1, -1]
    """
    cells: dict[str, dict[str, int]] = {}
    keys = [pd.Timestamp(m).strftime("%Y-%m") for m in months]
    for key, graph in zip(keys, months.values(), strict=True):
        for u, v, sign in graph.edges(data="sign"):
            a, b = sorted((str(u), str(v)), key=lambda x: labels.get(x, x).lower())
            cells.setdefault(f"{labels.get(a, a)} – {labels.get(b, b)}", {})[key] = int(sign)
    frame = pd.DataFrame.from_dict(cells, orient="index").reindex(columns=keys).fillna(0)
    frame = frame.astype(int)
    active = (frame != 0).sum(axis=1)
    frame = frame.loc[active >= min_months]
    if changing:
        frame = frame.loc[frame.nunique(axis=1) > 1]
    if top is not None:
        keep = active.loc[frame.index].sort_values(ascending=False, kind="stable")
        keep = keep.groupby(keep.index).head(1).head(top).index
        frame = frame.loc[[i for i in frame.index if i in set(keep)]]
    first = (frame != 0).to_numpy().argmax(axis=1)
    order = sorted(range(len(frame)), key=lambda i: (first[i], frame.index[i].lower()))
    return frame.iloc[order]


def plot_pair_months(matrix: pd.DataFrame, source_line: str, *,
                     title: str = "Ties month by month, by pair") -> Figure:
    """A heatmap (seaborn) of the pairs' signs month by month.

    Cooperative months are dark grey, hostile ones vermillion, months
    without a tie white; the months run left to right, one row per pair.

    Returns
    -------
    matplotlib.figure.Figure
        One heatmap axes; its y tick labels are the pairs, and the legend
        ``legend`` names the three cell colours.

    Examples
    --------
    >>> m = pd.DataFrame([[1, -1], [0, 1]], index=["A – B", "A – C"],
    ...                  columns=["1990-01", "1990-02"])
    >>> fig = plot_pair_months(m, "test")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['A – B', 'A – C']
    """
    import seaborn as sns
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    height = 1.6 + 0.19 * len(matrix)
    fig, ax = new_figure(7.0, height)
    cmap = ListedColormap([OKABE_ITO["vermillion"], "#ffffff", "#333333"])
    sns.heatmap(matrix, ax=ax, cmap=cmap, vmin=-1.5, vmax=1.5, cbar=False, linewidths=0.4,
                linecolor="#e4e4e4", square=False)
    labels = list(matrix.columns)
    ticks = [k for k, m in enumerate(labels) if m.endswith("-01") or k == 0]
    ax.set_xticks([k + 0.5 for k in ticks])
    ax.set_xticklabels([pd.Timestamp(labels[k] + "-01").strftime("%b %Y") for k in ticks],
                       rotation=0, fontsize=7)
    ax.set_yticks([k + 0.5 for k in range(len(matrix))])
    ax.set_yticklabels(list(matrix.index), fontsize=7)
    ax.set_xlabel("Month (a tie counts in every month it is active on at least one day)")
    ax.set_ylabel("")
    ax.tick_params(length=0)
    legend = fig.legend(handles=[Patch(facecolor="#333333", label="cooperative tie (+)"),
                                 Patch(facecolor=OKABE_ITO["vermillion"],
                                       label="hostile tie (−)"),
                                 Patch(facecolor="#ffffff", edgecolor="#bbbbbb",
                                       label="no tie")],
                        loc="outside upper center", ncols=3, fontsize=7)
    legend.set_gid("legend")
    ax.set_title(title)
    add_source(fig, source_line)
    return fig
