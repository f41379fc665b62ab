"""The alliance network: signed ties between actors, day by day.

A row of the ``relations`` table is a tie between two actors with a sign (+1
cooperative, -1 hostile) and an interval. This module turns the table into the
network of any day, measures it, tests its structural balance against
shuffled signs, finds the actors who changed sides, and draws it.

Conventions
-----------
When a tie is active
    A tie is active on day ``d`` when ``start <= d <= end``. ``start`` is the
    stored ``start_date``: a start known only to the month or the year counts
    from the first day of that period (the widest reading, the mirror image
    of the end). ``end`` is the last day of the period ``end_date`` names
    (:func:`analysis.dates.period_ends`), so a tie ending "March 1992" is
    still active on 31 March 1992; an empty ``end_date`` keeps the tie active
    for ever after. Dates with a time of day are taken as that day.
Several ties between one pair
    The balance measures need one sign per pair. By default (``rule="hostile"``)
    a pair is hostile on a day when any of its active ties is hostile: two
    actors that fight each other are not allies that day, whatever agreement
    also links them (a ceasefire or a negotiation does not make enemies
    friends). ``rule="recent"`` takes instead the sign of the tie that started
    last (hostile first among ties that started the same day). The collapsed
    edge keeps the deciding tie's ``relation_id``, ``type``, ``event_id`` and
    ``source``, and every active tie's id in ``ties`` (oldest first);
    ``snapshot(..., collapse=False)`` returns the full multigraph instead,
    one edge per tie keyed by ``relation_id``.
Nodes
    A snapshot holds the actors that have at least one active tie that day;
    densities are over those actors. Direction (sponsor to client, defector
    to the defected-from) is kept as edge attributes; the network itself is
    undirected.
Balance
    A triangle is balanced when the product of its three signs is positive;
    the balanced share is NaN for a graph without triangles. The frustration
    index is the smallest number of edges whose sign change (or removal)
    makes the graph balanced, i.e. the least number of frustrated edges over
    all 2-colourings of the actors. It is computed exactly: pendant trees
    are dropped (they never need a frustrated edge), chains of degree-2
    actors are contracted into one edge (frustrated at most once), and in
    each remaining component the 2-colourings of a vertex cover are
    enumerated at once with numpy, the actors outside the cover (independent
    of each other) each taking their better side. A component whose cover
    has more than ``exact_max_nodes`` (20) actors (more than 2**19
    colourings) is solved instead by seeded local search from many starts,
    which gives an upper bound; the returned ``frustration_method`` says
    which was used.
Speed
    The table is checked once per call and turned into arrays; which ties
    are active on which day is one numpy comparison, and the ``*_over_time``
    functions build and measure each distinct set of active ties only once.
    The null model shuffles all signs at once (an ``n_shuffles x edges``
    matrix) and scores every shuffle with matrix products.

Examples
--------
>>> rel = make_relations([("r1", "gov", "dostum", 1, "1989-02", "1992-02"),
...                       ("r2", "dostum", "gov", -1, "1992-03", None),
...                       ("r3", "dostum", "jamiat", 1, "1992-03", None)])
>>> g = snapshot(rel, "1992-03-15")
>>> sorted(g.edges(data="sign"))
[('dostum', 'gov', -1), ('dostum', 'jamiat', 1)]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.dates import period_ends
from analysis.figures import CAMP_COLOURS, OKABE_ITO, actor_colour, add_source, new_figure

__all__ = [
    "COLLAPSE_RULES",
    "EXACT_MAX_NODES",
    "make_relations",
    "active_mask",
    "snapshot",
    "snapshots",
    "period_snapshot",
    "monthly_snapshots",
    "snapshot_metrics",
    "centrality",
    "blocs",
    "metrics_over_time",
    "balance",
    "balance_null_model",
    "balance_over_time",
    "side_switches",
    "short_name",
    "fixed_layout",
    "plot_snapshot",
    "plot_balance_over_time",
]

#: How several active ties between one pair become one signed edge.
COLLAPSE_RULES: tuple[str, ...] = ("hostile", "recent")

#: Largest vertex cover of a reduced component whose colourings are enumerated.
EXACT_MAX_NODES: int = 20

#: Largest cover that ``method="exact"`` accepts (2**25 colourings).
_EXACT_HARD_LIMIT = 26

#: Largest component for which the null model computes frustration exactly.
_NULL_EXACT_MAX_NODES = 12

_REQUIRED = ("relation_id", "actor_a", "actor_b", "type", "sign", "start_date",
             "start_precision", "end_date", "end_precision")
_PRECISIONS = ("day", "month", "year")
_DIRECTED_TYPES = ("sponsorship", "command", "membership", "defection")
_OPEN_END = np.iinfo(np.int64).max
_DAY_NS = 86_400 * 10**9

_POSITIVE_COLOUR = "#444444"
_NEGATIVE_COLOUR = OKABE_ITO["vermillion"]
_CAMP_ORDER = tuple(CAMP_COLOURS)

_SWITCH_COLUMNS = ["date", "actor", "kind", "from_bloc", "to_bloc", "turned_against",
                   "turned_towards", "relation_ids"]


# ---------------------------------------------------------------------------
# Building the table and the snapshots
# ---------------------------------------------------------------------------

def _parse_short_date(text: str) -> tuple[pd.Timestamp, str]:
    parts = str(text).split("-")
    precision = {1: "year", 2: "month", 3: "day"}.get(len(parts))
    if precision is None:
        raise ValueError(f"cannot read the date '{text}'; expected YYYY, YYYY-MM or YYYY-MM-DD")
    padded = "-".join(parts + ["01"] * (3 - len(parts)))
    return pd.Timestamp(padded), precision


def make_relations(rows: Iterable[Sequence[object]]) -> pd.DataFrame:
    """Build a small ``relations`` table from short tuples (examples and tests).

    Parameters
    ----------
    rows
        Tuples ``(relation_id, actor_a, actor_b, sign, start, end[, type])``.
        Dates are strings ``YYYY-MM-DD`` (day precision), ``YYYY-MM`` (month)
        or ``YYYY`` (year); ``end`` may be None (open-ended). ``type``
        defaults to ``alliance`` for +1 and ``armed_clash`` for -1.

    Returns
    -------
    pandas.DataFrame
        Every column of the ``relations`` contract, typed as the loader types
        them (``sign`` Int64, ``directed`` boolean, dates ``datetime64[ns]``).

    Examples
    --------
    >>> rel = make_relations([("r1", "a", "b", -1, "1990-05", None)])
    >>> rel.loc[0, ["start_date", "start_precision", "type"]].tolist()
    [Timestamp('1990-05-01 00:00:00'), 'month', 'armed_clash']
    """
    records = []
    for row in rows:
        if len(row) not in (6, 7):
            raise ValueError(f"a relation tuple has 6 or 7 items, not {len(row)}: {row!r}")
        rid, a, b, sign, start, end = row[:6]
        kind = row[6] if len(row) == 7 else ("alliance" if int(sign) > 0 else "armed_clash")
        start_date, start_precision = _parse_short_date(str(start))
        end_date, end_precision = (pd.NaT, None) if end is None else _parse_short_date(str(end))
        records.append({
            "relation_id": rid, "actor_a": a, "actor_b": b, "type": kind, "sign": int(sign),
            "directed": kind in _DIRECTED_TYPES, "start_date": start_date,
            "start_precision": start_precision, "end_date": end_date,
            "end_precision": end_precision, "event_id": None, "source": "example",
            "locator": "example", "confidence": "high", "note": None,
        })
    frame = pd.DataFrame(records, columns=list(_REQUIRED[:5]) + [
        "directed", "start_date", "start_precision", "end_date", "end_precision", "event_id",
        "source", "locator", "confidence", "note"])
    return frame.astype({"sign": "Int64", "directed": "boolean",
                         "start_date": "datetime64[ns]", "end_date": "datetime64[ns]"})


def _text(value: object) -> str | None:
    """A cell as text, or None when it is missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


@dataclass(frozen=True)
class _Ties:
    """The relations table checked and turned into arrays, in chronological order."""

    relation_id: np.ndarray
    pair: list[tuple[str, str]]
    sign: np.ndarray
    start: np.ndarray
    start_last: np.ndarray
    end: np.ndarray
    edge_attrs: list[dict[str, object]]
    node_attrs: dict[str, dict[str, object]] | None = field(default=None)


def _fail(ids: np.ndarray, mask: np.ndarray, what: str) -> None:
    if mask.any():
        named = ", ".join(str(x) for x in ids[mask])
        raise ValueError(f"relation(s) {named}: {what}")


def _actor_attrs(actors: pd.DataFrame) -> dict[str, dict[str, object]]:
    if "actor_id" not in actors.columns:
        raise ValueError("actors lacks the column actor_id")
    ids = actors["actor_id"].astype("object")
    repeated = ids[ids.duplicated()].unique().tolist()
    if repeated:
        raise ValueError(f"actors repeats the actor_id(s) {', '.join(map(str, repeated))}")
    attrs: dict[str, dict[str, object]] = {}
    for row in actors.to_dict("records"):
        attrs[str(row["actor_id"])] = {
            key: _text(row.get(key)) for key in ("name", "camp", "kind")
        }
    return attrs


def _prepare(relations: pd.DataFrame, actors: pd.DataFrame | None = None) -> _Ties:
    """Check the relations table and turn it into arrays."""
    missing = [c for c in _REQUIRED if c not in relations.columns]
    if missing:
        raise ValueError(f"relations lacks the column(s) {', '.join(missing)}")
    rel = relations.reset_index(drop=True)
    ids = rel["relation_id"].astype("object").to_numpy()
    if pd.isna(ids).any():
        raise ValueError("relations has a row without relation_id")
    ids = ids.astype(str)
    repeated = pd.Series(ids)[pd.Series(ids).duplicated()].unique().tolist()
    if repeated:
        raise ValueError(f"relations repeats the relation_id(s) {', '.join(repeated)}")
    a = rel["actor_a"].astype("object").to_numpy()
    b = rel["actor_b"].astype("object").to_numpy()
    _fail(ids, pd.isna(a) | pd.isna(b), "an actor id is missing")
    _fail(ids, a == b, "a tie joins an actor to itself")
    sign_obj = rel["sign"].astype("object")
    _fail(ids, ~sign_obj.isin([1, -1]).to_numpy(), "sign must be +1 or -1")
    start_precision = rel["start_precision"].astype("object")
    _fail(ids, ~start_precision.isin(_PRECISIONS).to_numpy(),
          "unknown start_precision; expected day, month or year")
    start = pd.to_datetime(rel["start_date"]).astype("datetime64[ns]")
    _fail(ids, start.isna().to_numpy(), "start_date is missing")
    end_date = pd.to_datetime(rel["end_date"]).astype("datetime64[ns]")
    end_precision = rel["end_precision"].astype("object")
    _fail(ids, (end_date.notna() & ~end_precision.isin(_PRECISIONS)).to_numpy(),
          "unknown end_precision for a given end_date; expected day, month or year")
    end = period_ends(end_date, end_precision)
    start_last = period_ends(start, start_precision).to_numpy().view("i8")
    _fail(ids, (end < start).to_numpy(), "the tie ends before it starts")
    node_attrs = None
    if actors is not None:
        node_attrs = _actor_attrs(actors)
        known = set(node_attrs)
        unknown_a = np.array([x not in known for x in a], dtype=bool)
        unknown_b = np.array([x not in known for x in b], dtype=bool)
        for mask, column, values in ((unknown_a, "actor_a", a), (unknown_b, "actor_b", b)):
            if mask.any():
                named = ", ".join(f"{r} ({column} '{v}')" for r, v in zip(ids[mask], values[mask],
                                                                         strict=True))
                raise ValueError(f"relation(s) {named}: unknown actor id")
    start_ns = start.to_numpy().view("i8")
    end_ns = np.where(end.isna().to_numpy(), _OPEN_END, end.to_numpy().view("i8"))
    order = np.lexsort((ids, start_ns))
    optional = {c: rel[c].astype("object").to_numpy() if c in rel.columns else
                np.full(len(rel), None, dtype=object) for c in ("event_id", "source", "directed")}
    types = rel["type"].astype("object").to_numpy()
    signs = sign_obj.to_numpy()
    attrs, pairs = [], []
    for i in order:
        u, v = sorted((str(a[i]), str(b[i])))
        pairs.append((u, v))
        directed = optional["directed"][i]
        attrs.append({
            "sign": int(signs[i]), "type": _text(types[i]), "relation_id": str(ids[i]),
            "event_id": _text(optional["event_id"][i]), "source": _text(optional["source"][i]),
            "directed": bool(directed) if _text(directed) is not None else False,
            "actor_a": str(a[i]), "actor_b": str(b[i]),
            "start": pd.Timestamp(start_ns[i]),
            "end": None if end_ns[i] == _OPEN_END else pd.Timestamp(end_ns[i]),
        })
    return _Ties(relation_id=ids[order], pair=pairs,
                 sign=np.array([int(s) for s in signs[order]], dtype=np.int8),
                 start=start_ns[order], start_last=start_last[order], end=end_ns[order],
                 edge_attrs=attrs,
                 node_attrs=node_attrs)


def _days(dates: Iterable[object] | object) -> pd.DatetimeIndex:
    """Dates as a day-normalised DatetimeIndex; a missing date is an error."""
    if isinstance(dates, str | pd.Timestamp) or not isinstance(dates, Iterable):
        dates = [dates]
    index = pd.DatetimeIndex(pd.to_datetime(list(dates)))
    if index.isna().any():
        raise ValueError("a date is missing (NaT)")
    return index.normalize().as_unit("ns")


def _mask(ties: _Ties, days: pd.DatetimeIndex) -> np.ndarray:
    d = days.asi8[:, None]
    return (ties.start[None, :] <= d) & (d <= ties.end[None, :])


def _mask_ns(ties: _Ties, day: int) -> np.ndarray:
    return (ties.start <= day) & (day <= ties.end)


def active_mask(relations: pd.DataFrame, dates: Iterable[object]) -> pd.DataFrame:
    """Which ties are active on which day.

    Parameters
    ----------
    relations
        The ``relations`` table.
    dates
        The days to look at.

    Returns
    -------
    pandas.DataFrame
        Booleans, one row per date and one column per ``relation_id`` (in the
        table's order).

    Examples
    --------
    >>> rel = make_relations([("r1", "a", "b", 1, "1990-05", "1990-06")])
    >>> active_mask(rel, ["1990-04-30", "1990-05-01", "1990-06-30", "1990-07-01"])["r1"].tolist()
    [False, True, True, False]
    """
    ties = _prepare(relations)
    days = _days(dates)
    frame = pd.DataFrame(_mask(ties, days), index=days, columns=ties.relation_id)
    return frame[relations["relation_id"].astype(str).tolist()]


def _decide(ties: _Ties, members: list[int], rule: str) -> int:
    """The tie that gives a pair its sign; members are in chronological order."""
    if rule == "recent":
        latest = ties.start[members[-1]]
        members = [i for i in members if ties.start[i] == latest]
    hostile = [i for i in members if ties.sign[i] < 0]
    return (hostile or members)[-1]


def _check_rule(rule: str) -> None:
    if rule not in COLLAPSE_RULES:
        raise ValueError(f"unknown rule '{rule}'; expected one of {', '.join(COLLAPSE_RULES)}")


def _graph(ties: _Ties, active: np.ndarray, collapse: bool, rule: str) -> nx.Graph:
    """The graph of the ties whose indices are active (a boolean row)."""
    idx = np.flatnonzero(active).tolist()
    graph: nx.Graph = nx.Graph() if collapse else nx.MultiGraph()
    nodes = sorted({x for i in idx for x in ties.pair[i]})
    if ties.node_attrs is None:
        graph.add_nodes_from(nodes)
    else:
        graph.add_nodes_from((n, ties.node_attrs[n]) for n in nodes)
    if not collapse:
        graph.add_edges_from((*ties.pair[i], ties.relation_id[i], dict(ties.edge_attrs[i]))
                             for i in idx)
        return graph
    groups: dict[tuple[str, str], list[int]] = {}
    for i in idx:
        groups.setdefault(ties.pair[i], []).append(i)
    for pair in sorted(groups):
        members = groups[pair]
        chosen = ties.edge_attrs[_decide(ties, members, rule)]
        graph.add_edge(*pair, sign=chosen["sign"], type=chosen["type"],
                       relation_id=chosen["relation_id"], event_id=chosen["event_id"],
                       source=chosen["source"],
                       ties=[str(ties.relation_id[i]) for i in members])
    return graph


def snapshot(relations: pd.DataFrame, date: object, actors: pd.DataFrame | None = None, *,
             collapse: bool = True, rule: str = "hostile") -> nx.Graph:
    """The network of the ties active on one day.

    Parameters
    ----------
    relations
        The ``relations`` table.
    date
        The day (anything :class:`pandas.Timestamp` reads).
    actors
        The ``actors`` table; when given, nodes carry ``name``, ``camp`` and
        ``kind``, and an actor id unknown to it is an error.
    collapse
        True (default): a simple graph, one signed edge per pair (see
        ``rule``). False: the multigraph, one edge per tie keyed by
        ``relation_id``, with ``sign``, ``type``, ``relation_id``,
        ``event_id``, ``source``, ``directed``, ``actor_a``, ``actor_b``,
        ``start`` and ``end``.
    rule
        ``"hostile"`` (a hostile tie decides the pair's sign) or ``"recent"``
        (the tie that started last decides).

    Returns
    -------
    networkx.Graph or networkx.MultiGraph

    Raises
    ------
    ValueError
        Naming the relation of an unknown actor, a bad sign or precision.

    Examples
    --------
    >>> rel = make_relations([("r1", "a", "b", 1, "1990", None),
    ...                       ("r2", "a", "b", -1, "1990-06-01", "1990-06-03")])
    >>> snapshot(rel, "1990-06-02").edges["a", "b"]["sign"], \
    snapshot(rel, "1990-06-04").edges["a", "b"]["sign"]
    (-1, 1)
    >>> snapshot(rel, "1990-06-02").edges["a", "b"]["ties"]
    ['r1', 'r2']
    >>> snapshot(rel, "1990-06-02", collapse=False).number_of_edges()
    2
    """
    _check_rule(rule)
    ties = _prepare(relations, actors)
    return _graph(ties, _mask(ties, _days(date))[0], collapse, rule)


def _graph_series(ties: _Ties, days: pd.DatetimeIndex, collapse: bool,
                  rule: str) -> tuple[list[nx.Graph], np.ndarray]:
    """One graph per distinct set of active ties, and each day's graph number."""
    mask = _mask(ties, days)
    if len(days) == 0 or mask.shape[1] == 0:
        return [_graph(ties, np.zeros(mask.shape[1], dtype=bool), collapse, rule)], \
            np.zeros(len(days), dtype=int)
    unique, inverse = np.unique(mask, axis=0, return_inverse=True)
    graphs = [_graph(ties, row, collapse, rule) for row in unique]
    return graphs, inverse.reshape(-1)


def snapshots(relations: pd.DataFrame, start: object, end: object, freq: str = "MS",
              actors: pd.DataFrame | None = None, *, collapse: bool = True,
              rule: str = "hostile") -> dict[pd.Timestamp, nx.Graph]:
    """Snapshots at every date of a pandas date range.

    Parameters
    ----------
    relations
        The ``relations`` table.
    start, end, freq
        Passed to :func:`pandas.date_range` (``"MS"``: month starts, ``"D"``:
        days, ``"QS"``: quarter starts, ...).
    actors, collapse, rule
        As in :func:`snapshot`.

    Returns
    -------
    dict
        Date to graph, in date order; every graph is its own object.

    Examples
    --------
    >>> rel = make_relations([("r1", "a", "b", 1, "1990-02", None)])
    >>> {d.strftime("%Y-%m"): g.number_of_edges()
    ...  for d, g in snapshots(rel, "1990-01-01", "1990-03-01").items()}
    {'1990-01': 0, '1990-02': 1, '1990-03': 1}
    """
    _check_rule(rule)
    ties = _prepare(relations, actors)
    days = _days(pd.date_range(start, end, freq=freq))
    mask = _mask(ties, days)
    return {day: _graph(ties, mask[k], collapse, rule) for k, day in enumerate(days)}


def period_snapshot(relations: pd.DataFrame, start: object, end: object,
                    actors: pd.DataFrame | None = None, *, collapse: bool = True,
                    rule: str = "hostile") -> nx.Graph:
    """The network of the ties active on at least one day of a period.

    A tie counts when its interval overlaps ``start``..``end`` (both days
    included), read as :func:`snapshot` reads one day. Several ties of a pair
    collapse as in :func:`snapshot`: with ``rule="hostile"`` a pair that
    fought at any time in the period is hostile for the period.

    Parameters
    ----------
    relations
        The ``relations`` table.
    start, end
        The first and last day of the period.
    actors, collapse, rule
        As in :func:`snapshot`.

    Returns
    -------
    networkx.Graph or networkx.MultiGraph

    Examples
    --------
    >>> rel = make_relations([("r1", "a", "b", 1, "1990", None),
    ...                       ("r2", "a", "b", -1, "1990-06-10", "1990-06-12")])
    >>> g = period_snapshot(rel, "1990-06-01", "1990-06-30")
    >>> g.edges["a", "b"]["sign"], g.edges["a", "b"]["ties"]
    (-1, ['r1', 'r2'])
    >>> period_snapshot(rel, "1990-07-01", "1990-07-31").edges["a", "b"]["sign"]
    1
    """
    _check_rule(rule)
    ties = _prepare(relations, actors)
    first, last = _days([start, end])
    if last < first:
        raise ValueError(f"the period ends ({last.date()}) before it starts ({first.date()})")
    active = (ties.start <= last.value) & (first.value <= ties.end)
    return _graph(ties, active, collapse, rule)


def monthly_snapshots(relations: pd.DataFrame, start: object, end: object,
                      actors: pd.DataFrame | None = None, *, collapse: bool = True,
                      rule: str = "hostile") -> dict[pd.Timestamp, nx.Graph]:
    """One network per calendar month: the ties active on at least one day of it.

    Parameters
    ----------
    relations
        The ``relations`` table.
    start, end
        Any day of the first and of the last month.
    actors, collapse, rule
        As in :func:`snapshot`.

    Returns
    -------
    dict
        The first day of each month to its graph (:func:`period_snapshot`),
        in date order.

    Examples
    --------
    >>> rel = make_relations([("r1", "a", "b", 1, "1990-02-20", "1990-03-02")])
    >>> {d.strftime("%Y-%m"): g.number_of_edges()
    ...  for d, g in monthly_snapshots(rel, "1990-01", "1990-04").items()}
    {'1990-01': 0, '1990-02': 1, '1990-03': 1, '1990-04': 0}
    """
    _check_rule(rule)
    ties = _prepare(relations, actors)
    first = pd.Timestamp(start).to_period("M").to_timestamp()
    months = pd.date_range(first, pd.Timestamp(end), freq="MS")
    out = {}
    for month in months:
        last = (month + pd.offsets.MonthEnd(0)).normalize()
        active = (ties.start <= last.value) & (month.value <= ties.end)
        out[pd.Timestamp(month).as_unit("ns")] = _graph(ties, active, collapse, rule)
    return out


# ---------------------------------------------------------------------------
# Metrics of one snapshot
# ---------------------------------------------------------------------------

def _require_graph(graph: nx.Graph) -> None:
    if graph.is_multigraph() or graph.is_directed():
        raise ValueError("expected the collapsed snapshot (an undirected simple nx.Graph); "
                         "call snapshot(..., collapse=True)")


def _edge_sign(u: Hashable, v: Hashable, sign: object) -> int:
    if sign not in (1, -1):
        raise ValueError(f"edge {u}-{v} has sign {sign!r}; expected +1 or -1")
    return int(sign)  # type: ignore[call-overload]


def snapshot_metrics(graph: nx.Graph) -> dict[str, float]:
    """Size, signs and density of one collapsed snapshot.

    Returns
    -------
    dict
        ``nodes``, ``edges``, ``positive``, ``negative`` (edge counts by
        sign) and ``density`` (edges over possible pairs; 0 below two nodes).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", sign=1); g.add_edge("b", "c", sign=-1)
    >>> snapshot_metrics(g)
    {'nodes': 3, 'edges': 2, 'positive': 1, 'negative': 1, 'density': 0.6666666666666666}
    """
    _require_graph(graph)
    signs = [_edge_sign(u, v, s) for u, v, s in graph.edges(data="sign")]
    positive = sum(1 for s in signs if s > 0)
    return {"nodes": graph.number_of_nodes(), "edges": len(signs), "positive": positive,
            "negative": len(signs) - positive, "density": float(nx.density(graph))}


def _positive_subgraph(graph: nx.Graph) -> nx.Graph:
    positive = nx.Graph()
    positive.add_nodes_from(graph.nodes)
    positive.add_edges_from((u, v) for u, v, s in graph.edges(data="sign")
                            if _edge_sign(u, v, s) > 0)
    return positive


def centrality(graph: nx.Graph) -> pd.DataFrame:
    """Degrees by sign and brokerage among allies.

    ``betweenness`` is computed on the positive subgraph (normalised): how
    often an actor lies on the shortest chains of cooperation between two
    others. Paths through hostile ties carry no brokerage, so they are left
    out.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``actor_id`` (sorted): ``degree``, ``positive_degree``,
        ``negative_degree``, ``betweenness``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", sign=1); g.add_edge("b", "c", sign=1)
    >>> g.add_edge("a", "c", sign=-1)
    >>> centrality(g)["betweenness"].to_dict()
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    _require_graph(graph)
    nodes = sorted(graph.nodes, key=str)
    positive = _positive_subgraph(graph)
    between = nx.betweenness_centrality(positive, normalized=True)
    frame = pd.DataFrame({
        "degree": [graph.degree(n) for n in nodes],
        "positive_degree": [positive.degree(n) for n in nodes],
        "betweenness": [float(between[n]) for n in nodes],
    }, index=pd.Index(nodes, name="actor_id", dtype=object))
    frame.insert(2, "negative_degree", frame["degree"] - frame["positive_degree"])
    return frame


def blocs(graph: nx.Graph) -> list[set[str]]:
    """The blocs of a snapshot: connected components of its positive ties.

    An actor with only hostile ties is a bloc of its own. Blocs are sorted by
    size (largest first), then by their smallest actor id.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", sign=1); g.add_edge("b", "c", sign=-1)
    >>> g.add_edge("c", "d", sign=1); g.add_edge("c", "e", sign=1)
    >>> [sorted(bloc) for bloc in blocs(g)]
    [['c', 'd', 'e'], ['a', 'b']]
    """
    _require_graph(graph)
    components = [set(c) for c in nx.connected_components(_positive_subgraph(graph))]
    return sorted(components, key=lambda c: (-len(c), min(map(str, c))))


def metrics_over_time(relations: pd.DataFrame, dates: Iterable[object],
                      actors: pd.DataFrame | None = None, *,
                      rule: str = "hostile") -> pd.DataFrame:
    """The metrics of the snapshot of every date.

    Days with the same set of active ties share one computation, so daily
    series cost little.

    Returns
    -------
    pandas.DataFrame
        One row per date (in the given order): ``date``, the keys of
        :func:`snapshot_metrics`, ``blocs`` (number of blocs) and
        ``largest_bloc`` (actors in the largest; 0 for an empty network).

    Examples
    --------
    >>> rel = make_relations([("r1", "a", "b", 1, "1990-02", None),
    ...                       ("r2", "b", "c", -1, "1990-03", None)])
    >>> metrics_over_time(rel, ["1990-02-01", "1990-03-01"])[["edges", "negative", "blocs"]]
       edges  negative  blocs
    0      1         0      1
    1      2         1      2
    """
    _check_rule(rule)
    ties = _prepare(relations, actors)
    days = _days(dates)
    graphs, inverse = _graph_series(ties, days, True, rule)
    rows = []
    for graph in graphs:
        found = blocs(graph)
        rows.append({**snapshot_metrics(graph), "blocs": len(found),
                     "largest_bloc": len(found[0]) if found else 0})
    columns = ["nodes", "edges", "positive", "negative", "density", "blocs", "largest_bloc"]
    frame = pd.DataFrame([rows[k] for k in inverse], columns=columns)
    frame.insert(0, "date", days)
    return frame


# ---------------------------------------------------------------------------
# Structural balance
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Signed:
    """A simple signed graph as arrays: edges (i < j) in sorted order."""

    nodes: list[Hashable]
    ei: np.ndarray
    ej: np.ndarray
    sign: np.ndarray


def _signed(graph: nx.Graph) -> _Signed:
    _require_graph(graph)
    nodes = sorted(graph.nodes, key=str)
    index = {n: k for k, n in enumerate(nodes)}
    rows = sorted(
        (min(index[u], index[v]), max(index[u], index[v]), _edge_sign(u, v, s))
        for u, v, s in graph.edges(data="sign")
    )
    arr = np.array(rows, dtype=np.int64).reshape(-1, 3)
    return _Signed(nodes, arr[:, 0], arr[:, 1], arr[:, 2].astype(np.int8))


def _triangles(net: _Signed) -> np.ndarray:
    """The triangles as triples of edge indices, shape (t, 3)."""
    n, m = len(net.nodes), len(net.ei)
    if m == 0:
        return np.zeros((0, 3), dtype=np.int64)
    eid = np.full((n, n), -1, dtype=np.int64)
    eid[net.ei, net.ej] = np.arange(m)
    eid[net.ej, net.ei] = np.arange(m)
    adj = eid >= 0
    common = adj[net.ei] & adj[net.ej] & (np.arange(n)[None, :] > net.ej[:, None])
    edge, k = np.nonzero(common)
    return np.stack([edge, eid[net.ei[edge], k], eid[net.ej[edge], k]], axis=1)


@dataclass(frozen=True)
class _Component:
    """One component of the reduced graph: k branch nodes, pseudo-edges between them.

    ``chains`` maps original edges to pseudo-edges (m x p, 0/1): a pseudo-edge
    is negative when its chain holds an odd number of negative edges.
    ``cover`` is a vertex cover (the nodes whose colourings are enumerated);
    the other nodes are independent, so each takes its best side on its own.
    """

    k: int
    pi: np.ndarray
    pj: np.ndarray
    chains: np.ndarray
    cover: np.ndarray = field(init=False)
    position: np.ndarray = field(init=False)
    inner: np.ndarray = field(init=False)
    free: list[tuple[np.ndarray, np.ndarray]] = field(init=False)

    def __post_init__(self) -> None:
        neighbours: list[set[int]] = [set() for _ in range(self.k)]
        for i, j in zip(self.pi.tolist(), self.pj.tolist(), strict=True):
            neighbours[i].add(j)
            neighbours[j].add(i)
        remaining, free = set(range(self.k)), []
        while remaining:
            v = min(remaining, key=lambda x: (len(neighbours[x] & remaining), x))
            free.append(v)
            remaining -= neighbours[v] | {v}
        cover = sorted(set(range(self.k)) - set(free))
        position = np.full(self.k, -1, dtype=np.int64)
        position[cover] = np.arange(len(cover))
        inner = np.flatnonzero((position[self.pi] >= 0) & (position[self.pj] >= 0))
        edges_of_free = []
        for r in sorted(free):
            idx = np.flatnonzero((self.pi == r) | (self.pj == r))
            other = np.where(self.pi[idx] == r, self.pj[idx], self.pi[idx])
            edges_of_free.append((idx, position[other]))
        object.__setattr__(self, "cover", np.array(cover, dtype=np.int64))
        object.__setattr__(self, "inner", inner)
        object.__setattr__(self, "free", edges_of_free)
        object.__setattr__(self, "position", position)

    def cover_ends(self) -> tuple[np.ndarray, np.ndarray]:
        """Positions in the cover of the two ends of each inner pseudo-edge."""
        return self.position[self.pi[self.inner]], self.position[self.pj[self.inner]]


@dataclass(frozen=True)
class _Reduced:
    """The frustration problem reduced; ``constants`` are loops and lone cycles."""

    components: list[_Component]
    constants: np.ndarray  # (m, c) 0/1: each column a cycle whose parity always counts

    def negativity(self, columns: np.ndarray, neg: np.ndarray) -> np.ndarray:
        """Parity of negative edges in each column, shape (s, c)."""
        return (neg @ columns) % 2


def _reduce(n: int, ei: np.ndarray, ej: np.ndarray) -> _Reduced:
    """Reduce the graph without looking at signs.

    Pendant trees never need a frustrated edge and are dropped; a chain of
    degree-2 nodes between two branch nodes is frustrated at most once and
    becomes one pseudo-edge whose sign is the product of its signs.
    """
    m = len(ei)
    adj: list[dict[int, int]] = [{} for _ in range(n)]
    for e, (i, j) in enumerate(zip(ei.tolist(), ej.tolist(), strict=True)):
        adj[i][j] = e
        adj[j][i] = e
    degree = [len(a) for a in adj]
    alive = [True] * n
    stack = [v for v in range(n) if degree[v] <= 1]
    while stack:
        v = stack.pop()  # each node is pushed once: its degree only falls
        alive[v] = False
        for w in adj[v]:
            if alive[w]:
                degree[w] -= 1
                if degree[w] == 1:
                    stack.append(w)
    core = [{w: e for w, e in adj[v].items() if alive[w]} if alive[v] else {}
            for v in range(n)]
    branch = [v for v in range(n) if alive[v] and len(core[v]) >= 3]
    is_branch = set(branch)
    seen: set[int] = set()
    chains: list[tuple[int, int, list[int]]] = []
    for u in branch:
        for w, e in sorted(core[u].items()):
            if e in seen:
                continue
            edges, came, cur = [e], e, w
            while cur not in is_branch:
                came = next(x for x in core[cur].values() if x != came)
                edges.append(came)
                cur = next(y for y, x in core[cur].items() if x == came)
            seen.update(edges)
            chains.append((u, cur, edges))
    cycles: list[list[int]] = []
    for v in range(n):
        if not alive[v] or v in is_branch:
            continue
        for e in core[v].values():
            if e in seen:
                continue
            # a cycle of degree-2 nodes with no branch node: walk it round
            edges, came, cur = [e], e, next(y for y, x in core[v].items() if x == e)
            while cur != v:
                came = next(x for x in core[cur].values() if x != came)
                edges.append(came)
                cur = next(y for y, x in core[cur].items() if x == came)
            seen.update(edges)
            cycles.append(edges)
    cycles += [edges for u, w, edges in chains if u == w]
    constants = np.zeros((m, len(cycles)), dtype=np.int64)
    for c, edges in enumerate(cycles):
        constants[edges, c] = 1
    graph = nx.Graph()
    graph.add_nodes_from(branch)
    graph.add_edges_from((u, w) for u, w, _ in chains if u != w)
    components = []
    for nodes in sorted(nx.connected_components(graph), key=min):
        local = {v: k for k, v in enumerate(sorted(nodes))}
        mine = [(u, w, edges) for u, w, edges in chains if u != w and u in local]
        columns = np.zeros((m, len(mine)), dtype=np.int64)
        for c, (_, _, edges) in enumerate(mine):
            columns[edges, c] = 1
        components.append(_Component(
            k=len(local), pi=np.array([local[u] for u, _, _ in mine], dtype=np.int64),
            pj=np.array([local[w] for _, w, _ in mine], dtype=np.int64), chains=columns))
    return _Reduced(components, constants)


def _exact_min(comp: _Component, parity: np.ndarray) -> np.ndarray:
    """Exact least number of frustrated pseudo-edges for each row of ``parity``.

    The first cover node is fixed on one side and all colourings of the other
    cover nodes are enumerated in chunks. With X (colourings x pseudo-edges,
    0/1) saying which pseudo-edges cross the cut and P (rows x pseudo-edges)
    which are negative, the frustrated count is
    sum(X xor P) = X.sum() + P.sum() - 2 X @ P.T. A node outside the cover
    has all its neighbours in it, so it frustrates min(a, degree - a) of its
    pseudo-edges, where a is the count with the node on side 0.
    """
    rows, n_cover = parity.shape[0], len(comp.cover)
    total = 1 << max(n_cover - 1, 0)
    chunk = int(max(1, min(total, 1 << 15, (1 << 22) // max(rows, 1))))
    p = parity.astype(np.float32)
    inner_p = p[:, comp.inner]
    ends_i, ends_j = comp.cover_ends()
    free = [(p[:, idx].T.copy(), other, float(len(idx))) for idx, other in comp.free]
    best = np.full(rows, np.inf, dtype=np.float32)
    shifts = np.maximum(np.arange(n_cover, dtype=np.int64) - 1, 0)
    for first in range(0, total, chunk):
        codes = np.arange(first, min(first + chunk, total), dtype=np.int64)
        bits = (codes[:, None] >> shifts[None, :]) & 1
        bits[:, :1] = 0
        bits = bits.astype(np.float32)
        crossing = np.abs(bits[:, ends_i] - bits[:, ends_j])
        cost = crossing.sum(axis=1)[:, None] + inner_p.sum(axis=1)[None, :] \
            - 2.0 * (crossing @ inner_p.T)
        for free_p, other, degree in free:
            # min(count, degree - count) = degree / 2 - |count - degree / 2|, in place
            side = bits[:, other]
            count = side @ free_p
            count *= -2.0
            count += side.sum(axis=1)[:, None]
            count += (free_p.sum(axis=0) - degree / 2.0)[None, :]
            np.abs(count, out=count)
            cost -= count
            cost += degree / 2.0
        best = np.minimum(best, cost.min(axis=0))
    return np.rint(best).astype(np.int64)


def _heuristic_min(comp: _Component, parity: np.ndarray, n_starts: int,
                   seed: int) -> int:
    """Local search: steepest single-actor flips from many seeded starts."""
    tau = 1.0 - 2.0 * parity.astype(np.float64)
    coupling = np.zeros((comp.k, comp.k))
    np.add.at(coupling, (comp.pi, comp.pj), tau)
    np.add.at(coupling, (comp.pj, comp.pi), tau)
    rng = np.random.default_rng(seed)
    spins = rng.choice(np.array([-1.0, 1.0]), size=(max(n_starts, 1), comp.k))
    spins[0] = 1.0
    rows = np.arange(spins.shape[0])
    while True:
        gain = spins * (spins @ coupling)  # flipping i changes the count by gain[:, i]
        best = gain.argmin(axis=1)
        improving = gain[rows, best] < -1e-9
        if not improving.any():
            break
        spins[rows[improving], best[improving]] *= -1.0
    energy = np.einsum("ri,ij,rj->r", spins, coupling, spins) / 2.0
    return int(np.rint((len(tau) - energy.max()) / 2.0))


def _frustration(net: _Signed, reduced: _Reduced, method: str, exact_max_nodes: int,
                 n_starts: int, seed: int) -> tuple[int, str]:
    neg = (net.sign < 0).astype(np.int64)[None, :]
    total = int(reduced.negativity(reduced.constants, neg).sum())
    used = "exact"
    for comp in reduced.components:
        parity = reduced.negativity(comp.chains, neg)
        size = len(comp.cover)
        too_big = size > exact_max_nodes
        if method == "exact" and size > _EXACT_HARD_LIMIT:
            raise ValueError(f"a component needs {size} actors enumerated; method='exact' "
                             f"enumerates at most {_EXACT_HARD_LIMIT}")
        if method == "heuristic" or (method == "auto" and too_big):
            total += _heuristic_min(comp, parity[0], n_starts, seed)
            used = "heuristic"
        else:
            total += int(_exact_min(comp, parity)[0])
    return total, used


def _balance(net: _Signed, triangles: np.ndarray, reduced: _Reduced, method: str,
             exact_max_nodes: int, n_starts: int, seed: int) -> dict[str, object]:
    if method not in ("auto", "exact", "heuristic"):
        raise ValueError(f"unknown method '{method}'; expected auto, exact or heuristic")
    products = net.sign[triangles].prod(axis=1) if len(triangles) else np.zeros(0)
    balanced = int((products > 0).sum())
    frustration, used = _frustration(net, reduced, method, exact_max_nodes, n_starts, seed)
    return {
        "edges": len(net.ei), "negative_edges": int((net.sign < 0).sum()),
        "triangles": len(triangles), "balanced_triangles": balanced,
        "balanced_share": balanced / len(triangles) if len(triangles) else math.nan,
        "frustration": frustration, "frustration_method": used,
    }


def balance(graph: nx.Graph, *, method: str = "auto", exact_max_nodes: int = EXACT_MAX_NODES,
            n_starts: int = 256, seed: int = 0) -> dict[str, object]:
    """Structural balance of a collapsed snapshot.

    Parameters
    ----------
    graph
        A collapsed snapshot (edges carry ``sign`` +1 or -1).
    method
        ``"auto"``: exact, except for a reduced component whose vertex cover
        has more than ``exact_max_nodes`` actors, solved by local search;
        ``"exact"``: always exact (up to a cover of 26 actors);
        ``"heuristic"``: always local search.
    exact_max_nodes
        The threshold of ``"auto"``.
    n_starts, seed
        Random starts of the local search and their seed.

    Returns
    -------
    dict
        ``edges``, ``negative_edges``, ``triangles``, ``balanced_triangles``,
        ``balanced_share`` (NaN without triangles), ``frustration`` and
        ``frustration_method`` (``"exact"`` or ``"heuristic"``: an upper
        bound).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", sign=1); g.add_edge("b", "c", sign=1)
    >>> g.add_edge("a", "c", sign=-1)
    >>> out = balance(g)
    >>> out["triangles"], out["balanced_share"], out["frustration"], out["frustration_method"]
    (1, 0.0, 1, 'exact')
    """
    net = _signed(graph)
    return _balance(net, _triangles(net), _reduce(len(net.nodes), net.ei, net.ej), method,
                    exact_max_nodes, n_starts, seed)


def _summary(observed: float, null: np.ndarray, larger_is_extreme: bool) -> dict[str, float]:
    """Mean, sd, z-score and one-sided permutation p-value of a null sample."""
    if null.size == 0 or np.isnan(observed) or np.isnan(null).any():
        return {"mean": math.nan, "sd": math.nan, "z": math.nan, "p": math.nan}
    mean, sd = float(null.mean()), float(null.std(ddof=1))
    z = (observed - mean) / sd if sd > 0 else math.nan
    extreme = null >= observed - 1e-12 if larger_is_extreme else null <= observed + 1e-12
    return {"mean": mean, "sd": sd, "z": float(z),
            "p": float((1 + extreme.sum()) / (null.size + 1))}


def _null_model(net: _Signed, triangles: np.ndarray, reduced: _Reduced, observed: dict,
                n_shuffles: int, seed: int, frustration: bool,
                null_exact_max_nodes: int) -> dict[str, object]:
    rng = np.random.default_rng(seed)
    m = len(net.ei)
    shuffled = rng.permuted(np.tile(net.sign, (n_shuffles, 1)), axis=1)
    if len(triangles) and m:
        prod = shuffled[:, triangles[:, 0]] * shuffled[:, triangles[:, 1]] \
            * shuffled[:, triangles[:, 2]]
        null_share = (prod > 0).mean(axis=1)
    else:
        null_share = np.full(n_shuffles, math.nan)
    share = _summary(float(observed["balanced_share"]), null_share, larger_is_extreme=True)
    largest = max((len(c.cover) for c in reduced.components), default=0)
    if not frustration:
        how = "not requested"
    elif largest > null_exact_max_nodes:
        how = (f"skipped: a reduced component needs {largest} actors enumerated "
               f"(the null model enumerates at most {null_exact_max_nodes})")
    else:
        how = "exact"
    if how == "exact":
        neg = (shuffled < 0).astype(np.int64)
        null_frus = reduced.negativity(reduced.constants, neg).sum(axis=1).astype(np.float64)
        for comp in reduced.components:
            null_frus += _exact_min(comp, reduced.negativity(comp.chains, neg))
        frus = _summary(float(observed["frustration"]), null_frus, larger_is_extreme=False)
    else:
        frus = {"mean": math.nan, "sd": math.nan, "z": math.nan, "p": math.nan}
    return {
        **observed, "n_shuffles": n_shuffles, "seed": seed,
        "null_mean": share["mean"], "null_sd": share["sd"], "z": share["z"],
        "p_value": share["p"],
        "frustration_null_mean": frus["mean"], "frustration_null_sd": frus["sd"],
        "frustration_z": frus["z"], "frustration_p_value": frus["p"],
        "frustration_null_method": how,
    }


def balance_null_model(graph: nx.Graph, n_shuffles: int = 1000, seed: int = 0, *,
                       frustration: bool = True,
                       null_exact_max_nodes: int = _NULL_EXACT_MAX_NODES,
                       method: str = "auto") -> dict[str, object]:
    """Balance compared with the same network under shuffled signs.

    The signs are permuted over the edges (``numpy.random.Generator.permuted``
    on an ``n_shuffles x edges`` matrix): the network and its number of
    hostile edges stay fixed, only which pairs are hostile changes.

    Parameters
    ----------
    graph
        A collapsed snapshot.
    n_shuffles
        Number of shuffles (at least 2).
    seed
        Seed of the shuffles: the same seed gives the same result.
    frustration
        Also compare the frustration index; it is computed exactly for every
        shuffle when each reduced component has at most
        ``null_exact_max_nodes`` (12) actors to enumerate, and skipped otherwise
        (``frustration_null_method`` says so).
    method
        As in :func:`balance`, for the observed values.

    Returns
    -------
    dict
        The keys of :func:`balance`, ``n_shuffles``, ``seed``; for the
        balanced share ``null_mean``, ``null_sd``, ``z`` (observed minus null
        mean over null sd; NaN when the sd is 0) and ``p_value`` (share of
        shuffles at least as balanced, with the +1 correction); the same for
        frustration as ``frustration_null_mean``, ``frustration_null_sd``,
        ``frustration_z``, ``frustration_p_value`` (share of shuffles at most
        as frustrated), and ``frustration_null_method``.

    Examples
    --------
    >>> g = nx.complete_graph(4)
    >>> nx.set_edge_attributes(g, 1, "sign"); g.edges[0, 1]["sign"] = -1
    >>> g.edges[2, 3]["sign"] = -1
    >>> out = balance_null_model(g, n_shuffles=200, seed=1)
    >>> out["balanced_share"], round(out["null_mean"], 1), out["frustration_null_method"]
    (0.0, 0.4, 'exact')
    """
    if n_shuffles < 2:
        raise ValueError(f"n_shuffles must be at least 2, not {n_shuffles}")
    net = _signed(graph)
    triangles = _triangles(net)
    reduced = _reduce(len(net.nodes), net.ei, net.ej)
    observed = _balance(net, triangles, reduced, method, EXACT_MAX_NODES, 256, seed)
    return _null_model(net, triangles, reduced, observed, n_shuffles, seed, frustration,
                       null_exact_max_nodes)


_BALANCE_COLUMNS = ["edges", "negative_edges", "triangles", "balanced_triangles",
                    "balanced_share", "null_mean", "null_sd", "z", "p_value", "frustration",
                    "frustration_method", "frustration_null_mean", "frustration_null_sd",
                    "frustration_z", "frustration_p_value", "frustration_null_method"]


def balance_over_time(relations: pd.DataFrame, dates: Iterable[object], n_shuffles: int = 1000,
                      seed: int = 0, actors: pd.DataFrame | None = None, *,
                      rule: str = "hostile", frustration: bool = True,
                      null_exact_max_nodes: int = _NULL_EXACT_MAX_NODES,
                      method: str = "auto") -> pd.DataFrame:
    """Balance and its null model for the snapshot of every date.

    Each date's null model uses the same ``seed``, so two dates with the same
    network get the same null values (and are computed once).

    Parameters
    ----------
    relations, dates, actors, rule
        As in :func:`metrics_over_time`.
    n_shuffles
        Shuffles per date; 0 skips the null model (its columns are NaN).
    seed, frustration, null_exact_max_nodes, method
        As in :func:`balance_null_model`.

    Returns
    -------
    pandas.DataFrame
        One row per date: ``date`` and the keys of :func:`balance_null_model`
        (without ``n_shuffles`` and ``seed``).

    Examples
    --------
    >>> rel = make_relations([("r1", "a", "b", 1, "1990", None), ("r2", "b", "c", 1, "1990", None),
    ...                       ("r3", "a", "c", -1, "1990-06", None)])
    >>> out = balance_over_time(rel, ["1990-01-01", "1990-07-01"], n_shuffles=0)
    >>> out[["triangles", "balanced_share", "frustration"]]
       triangles  balanced_share  frustration
    0          0             NaN            0
    1          1             0.0            1
    """
    _check_rule(rule)
    if n_shuffles < 0 or n_shuffles == 1:
        raise ValueError(f"n_shuffles must be 0 or at least 2, not {n_shuffles}")
    ties = _prepare(relations, actors)
    days = _days(dates)
    graphs, inverse = _graph_series(ties, days, True, rule)
    rows = []
    for graph in graphs:
        if n_shuffles:
            rows.append(balance_null_model(graph, n_shuffles, seed, frustration=frustration,
                                           null_exact_max_nodes=null_exact_max_nodes,
                                           method=method))
        else:
            rows.append(balance(graph, method=method, seed=seed))
    frame = pd.DataFrame([rows[k] for k in inverse], columns=_BALANCE_COLUMNS)
    frame = frame.astype({c: "float64" for c in _BALANCE_COLUMNS
                          if c not in ("frustration_method", "frustration_null_method", "edges",
                                       "negative_edges", "triangles", "balanced_triangles",
                                       "frustration")})
    frame.insert(0, "date", days)
    return frame


# ---------------------------------------------------------------------------
# Side switches
# ---------------------------------------------------------------------------

BlocsOf = Callable[[nx.Graph], list[set[str]]] | Mapping[str, str]


def _bloc_labels(graph: nx.Graph, later: nx.Graph, blocs_of: BlocsOf) -> dict[str, set[str]]:
    """Blocs of ``graph`` by label: a mapping's labels, or each found bloc's hub actor."""
    if isinstance(blocs_of, Mapping):
        nodes = set(graph.nodes) | set(later.nodes)
        missing = sorted(str(n) for n in nodes if n not in blocs_of)
        if missing:
            raise ValueError(f"blocs_of gives no bloc for the actor(s) {', '.join(missing)}")
        labelled: dict[str, set[str]] = {}
        for actor, label in blocs_of.items():
            labelled.setdefault(str(label), set()).add(actor)
        return labelled
    found = blocs_of(graph)
    positive = _positive_subgraph(graph)
    labelled = {}
    for members in found:
        hub = min(members, key=lambda a: (-positive.degree(a) if a in positive else 0, str(a)))
        labelled[str(hub)] = set(members)
    return labelled


def _sign_of(graph: nx.Graph, x: str, y: str) -> int:
    return int(graph.edges[x, y]["sign"]) if graph.has_edge(x, y) else 0


def _shift(before: nx.Graph, after: nx.Graph, x: str,
           labelled: Mapping[str, set[str]]) -> dict[str, tuple[str, ...]]:
    """How actor x's net ties to each bloc changed between two snapshots."""
    from_blocs, to_blocs, against, towards = [], [], set(), set()
    for label in sorted(labelled):
        members = [y for y in labelled[label] if y != x]
        net0 = sum(_sign_of(before, x, y) for y in members)
        net1 = sum(_sign_of(after, x, y) for y in members)
        if net0 > 0 and net1 < 0:
            from_blocs.append(label)
            against.update(y for y in members
                           if _sign_of(after, x, y) < 0 and _sign_of(before, x, y) >= 0)
        elif net0 <= 0 and net1 > 0:
            to_blocs.append(label)
            towards.update(y for y in members
                           if _sign_of(after, x, y) > 0 and _sign_of(before, x, y) <= 0)
    evidence = set()
    for y in against | towards:
        for graph in (before, after):
            if graph.has_edge(x, y):
                evidence.add(graph.edges[x, y]["relation_id"])
    return {"from_bloc": tuple(from_blocs), "to_bloc": tuple(to_blocs),
            "turned_against": tuple(sorted(against)), "turned_towards": tuple(sorted(towards)),
            "relation_ids": tuple(sorted(evidence))}


def _changed_actors(before: nx.Graph, after: nx.Graph) -> list[str]:
    pairs = set(before.edges) | set(after.edges)
    changed = {x for u, v in pairs if _sign_of(before, u, v) != _sign_of(after, u, v)
               for x in (u, v)}
    return sorted(changed, key=str)


def side_switches(relations: pd.DataFrame, dates: Iterable[object],
                  blocs_of: BlocsOf | None = None, actors: pd.DataFrame | None = None, *,
                  rule: str = "hostile") -> pd.DataFrame:
    """Actors that turned against a bloc between consecutive snapshots.

    For two consecutive dates, the blocs are those of the earlier snapshot
    (so both dates are read against the same blocs). An actor's net tie to a
    bloc is the sum of its signs to the bloc's other members (0 for no tie).
    A switch is recorded when the net tie to a bloc goes from positive to
    negative (``from_bloc``); ``to_bloc`` lists the blocs whose net tie went
    from zero or negative to positive at the same time. An actor that only
    clashes with one ally while keeping its other allies is not a switcher;
    when a bloc holds only the two actors of a broken tie, both are listed.
    Each ``type == "defection"`` relation starting within the dates is also
    a row (``kind="defection"``, ``actor`` the defector), read by comparing
    the day before its start with the last day of its start period.

    Parameters
    ----------
    relations
        The ``relations`` table.
    dates
        Increasing dates (e.g. every day, or every month start).
    blocs_of
        How to find blocs: a mapping actor id to a fixed label, or a function
        from a snapshot to a list of sets (such as :func:`blocs`; each bloc
        is then labelled by its member with the most positive ties, ties
        broken by id). The default (None) is the actors' ``camp`` when
        ``actors`` is given, else :func:`blocs`. Fixed camps are the sturdier
        reading: a single cooperative tie across the lines (a negotiation,
        say) merges two positive components into one bloc, and a switch
        inside one bloc shows only as a defection row.
    actors, rule
        As in :func:`snapshot`.

    Returns
    -------
    pandas.DataFrame
        ``date`` (the first snapshot showing the change), ``actor``,
        ``kind`` (``sign_change`` or ``defection``), ``from_bloc`` and
        ``to_bloc`` (tuples of labels), ``turned_against`` and
        ``turned_towards`` (the counterparts whose tie to the actor turned
        hostile or cooperative), ``relation_ids`` (the ties deciding those
        pairs before and after), sorted by date, actor and kind.

    Examples
    --------
    >>> rel = make_relations([("r1", "gov", "dostum", 1, "1989", "1992-02"),
    ...     ("r2", "gov", "ussr", 1, "1989", None), ("r3", "gov", "jamiat", -1, "1989", None),
    ...     ("r4", "dostum", "gov", -1, "1992-03", None),
    ...     ("r5", "dostum", "jamiat", 1, "1992-03", None)])
    >>> out = side_switches(rel, ["1992-02-01", "1992-03-01"])
    >>> out.loc[0, ["actor", "from_bloc", "to_bloc", "relation_ids"]].tolist()
    ['dostum', ('gov',), ('jamiat',), ('r1', 'r4', 'r5')]
    """
    _check_rule(rule)
    ties = _prepare(relations, actors)
    days = _days(dates)
    if len(days) > 1 and not (np.diff(days.asi8) > 0).all():
        raise ValueError("dates must be strictly increasing")
    if blocs_of is None:
        blocs_of = blocs if ties.node_attrs is None else {
            actor: attrs["camp"] or "no camp" for actor, attrs in ties.node_attrs.items()}
    rows: list[dict[str, object]] = []
    mask = _mask(ties, days)
    for k in range(1, len(days)):
        if np.array_equal(mask[k - 1], mask[k]):
            continue
        before = _graph(ties, mask[k - 1], True, rule)
        after = _graph(ties, mask[k], True, rule)
        labelled = _bloc_labels(before, after, blocs_of)
        for x in _changed_actors(before, after):
            shift = _shift(before, after, x, labelled)
            if shift["from_bloc"]:
                rows.append({"date": days[k], "actor": x, "kind": "sign_change", **shift})
    if len(days):
        rows += _defections(ties, days[0], days[-1], blocs_of, rule)
    frame = pd.DataFrame(rows, columns=_SWITCH_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    return frame.sort_values(["date", "actor", "kind"], ignore_index=True)


def _defections(ties: _Ties, first: pd.Timestamp, last: pd.Timestamp, blocs_of: BlocsOf,
                rule: str) -> list[dict[str, object]]:
    rows = []
    for i, attrs in enumerate(ties.edge_attrs):
        if attrs["type"] != "defection" or not first.value <= ties.start[i] <= last.value:
            continue
        x, y = str(attrs["actor_a"]), str(attrs["actor_b"])
        before = _graph(ties, _mask_ns(ties, ties.start[i] - _DAY_NS), True, rule)
        after = _graph(ties, _mask_ns(ties, ties.start_last[i]), True, rule)
        labelled = _bloc_labels(before, after, blocs_of)
        shift = _shift(before, after, x, labelled)
        own = tuple(label for label, members in sorted(labelled.items()) if y in members)
        rows.append({
            "date": attrs["start"], "actor": x, "kind": "defection",
            "from_bloc": tuple(sorted(set(shift["from_bloc"]) | set(own))),
            "to_bloc": tuple(label for label in shift["to_bloc"] if label not in own),
            "turned_against": tuple(sorted(set(shift["turned_against"]) | {y})),
            "turned_towards": shift["turned_towards"],
            "relation_ids": tuple(sorted(set(shift["relation_ids"]) | {attrs["relation_id"]})),
        })
    return rows


# ---------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------

def short_name(name: str, aliases: str | None = None, max_chars: int = 16) -> str:
    """A label short enough for a network plot.

    The name itself when short enough; otherwise the shortest alias that
    fits (aliases are ``;``-separated); otherwise the name cut at
    ``max_chars`` with an ellipsis.

    Examples
    --------
    >>> short_name("Jamiat-e Islami")
    'Jamiat-e Islami'
    >>> short_name("Hezb-e Islami Gulbuddin", "Hezb-e Islami (Hekmatyar); HIG")
    'HIG'
    >>> short_name("Islamic Unity of Afghan Mujahideen")
    'Islamic Unity o…'
    """
    name = str(name).strip()
    if len(name) <= max_chars:
        return name
    fitting = sorted((a.strip() for a in str(aliases or "").split(";")
                      if a.strip() and len(a.strip()) <= max_chars), key=lambda a: (len(a), a))
    if fitting:
        return fitting[0]
    return name[: max_chars - 1].rstrip() + "…"


def fixed_layout(actor_ids: Iterable[str],
                 camps: Mapping[str, str | None] | None = None) -> dict[str, tuple[float, float]]:
    """One fixed position per actor, the same in every snapshot.

    Actors sit on the unit circle, clockwise from the top, grouped by camp
    (government, resistance, foreign, international, then any other camp,
    then actors without one) with one empty slot between groups, sorted by id
    within a group. The positions depend only on the actors given, so pass
    every actor (not a snapshot's nodes) to keep places fixed.

    Examples
    --------
    >>> pos = fixed_layout(["b", "a"])
    >>> pos["a"]
    (0.0, 1.0)
    >>> [round(v, 3) for v in pos["b"]]
    [0.0, -1.0]
    """
    camps = camps or {}
    ids = sorted({str(a) for a in actor_ids})
    known = list(_CAMP_ORDER)

    def group(actor: str) -> tuple[int, str]:
        camp = camps.get(actor)
        if camp is None or (not isinstance(camp, str) and pd.isna(camp)):
            return (len(known) + 1, "")
        return (known.index(camp), camp) if camp in known else (len(known), str(camp))

    ordered = sorted(ids, key=lambda a: (group(a), a))
    slots, previous = [], None
    for actor in ordered:
        if previous is not None and group(actor) != previous:
            slots.append(None)
        slots.append(actor)
        previous = group(actor)
    if len(slots) > 1 and group(ordered[0]) != group(ordered[-1]):
        slots.append(None)
    pos = {}
    for k, actor in enumerate(slots):
        if actor is not None:
            angle = math.pi / 2 - 2 * math.pi * k / len(slots)
            pos[actor] = (round(math.cos(angle), 12) + 0.0, round(math.sin(angle), 12) + 0.0)
    return pos


def _actor_table(actors: pd.DataFrame) -> dict[str, dict[str, object]]:
    if "actor_id" not in actors.columns:
        raise ValueError("actors lacks the column actor_id")
    table = {}
    for row in actors.to_dict("records"):
        table[str(row["actor_id"])] = {
            "camp": _text(row.get("camp")),
            "label": short_name(_text(row.get("name")) or str(row["actor_id"]),
                                _text(row.get("aliases"))),
        }
    return table


def plot_snapshot(graph: nx.Graph, actors: pd.DataFrame, title: str, source_line: str,
                  pos: Mapping[str, tuple[float, float]] | None = None) -> Figure:
    """Draw one snapshot: actors in their colours, ties by sign.

    Cooperative ties are solid dark grey lines, hostile ties dashed
    vermillion lines; each actor is a dot in its colour
    (:func:`analysis.figures.actor_colour`) labelled with its short name.

    Parameters
    ----------
    graph
        A collapsed snapshot.
    actors
        The ``actors`` table (``actor_id``, ``name``, ``camp``, optional
        ``aliases``); it must hold every node.
    title, source_line
        The figure's title and source line.
    pos
        Positions by actor; default :func:`fixed_layout` of every actor in
        ``actors``, so an actor keeps its place from one snapshot to the next.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> actors = pd.DataFrame({"actor_id": ["a", "b", "c"], "name": ["A", "B", "C"],
    ...                        "camp": ["government", "resistance", "resistance"]})
    >>> g = nx.Graph(); g.add_edge("a", "b", sign=-1); g.add_edge("b", "c", sign=1)
    >>> fig = plot_snapshot(g, actors, "Test", "none")
    >>> [c.get_gid() for c in fig.axes[0].collections]
    ['positive-ties', 'negative-ties', 'actors']
    """
    _require_graph(graph)
    table = _actor_table(actors)
    unknown = sorted(str(n) for n in graph.nodes if str(n) not in table)
    if unknown:
        raise ValueError(f"the actors table lacks the node(s) {', '.join(unknown)}")
    if pos is None:
        pos = fixed_layout(table, {a: t["camp"] for a, t in table.items()})
    unplaced = sorted(str(n) for n in graph.nodes if n not in pos)
    if unplaced:
        raise ValueError(f"no position for the node(s) {', '.join(unplaced)}")
    fig, ax = new_figure(7, 6.2)
    segments: dict[int, list] = {1: [], -1: []}
    for u, v, s in sorted(graph.edges(data="sign"), key=lambda e: (str(e[0]), str(e[1]))):
        segments[_edge_sign(u, v, s)].append([pos[u], pos[v]])
    ax.add_collection(LineCollection(segments[1], colors=_POSITIVE_COLOUR, linewidths=1.4,
                                     linestyles="solid", zorder=1, gid="positive-ties"))
    ax.add_collection(LineCollection(segments[-1], colors=_NEGATIVE_COLOUR, linewidths=1.4,
                                     linestyles="dashed", zorder=1, gid="negative-ties"))
    nodes = sorted(graph.nodes, key=str)
    xy = np.array([pos[n] for n in nodes], dtype=float).reshape(-1, 2)
    ax.scatter(xy[:, 0], xy[:, 1], s=180, zorder=2, edgecolors="black", linewidths=0.6,
               c=[actor_colour(str(n), table[str(n)]["camp"]) for n in nodes], gid="actors")
    for n, (x, y) in zip(nodes, xy, strict=True):
        radius = math.hypot(x, y)
        dx, dy = (x / radius, y / radius) if radius > 0 else (0.0, 1.0)
        ax.text(x + 0.09 * dx, y + 0.09 * dy, str(table[str(n)]["label"]), fontsize=7,
                ha="left" if dx > 0.2 else "right" if dx < -0.2 else "center",
                va="bottom" if dy > 0.2 else "top" if dy < -0.2 else "center", zorder=3)
    if not nodes:
        ax.text(0.5, 0.5, "no active ties", transform=ax.transAxes, ha="center", va="center")
    every = np.array(list(pos.values()), dtype=float).reshape(-1, 2)
    span = max(float(np.abs(every).max()) if every.size else 1.0, 1e-9)
    ax.set_xlim(-1.5 * span, 1.5 * span)
    ax.set_ylim(-1.3 * span, 1.3 * span)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.legend(handles=[
        Line2D([], [], color=_POSITIVE_COLOUR, linestyle="solid", label="cooperative tie (+1)"),
        Line2D([], [], color=_NEGATIVE_COLOUR, linestyle="dashed", label="hostile tie (−1)"),
    ], loc="lower left", fontsize=7)
    ax.set_title(title)
    add_source(fig, source_line)
    return fig


def plot_balance_over_time(df: pd.DataFrame, source_line: str,
                           title: str = "Structural balance of the alliance network") -> Figure:
    """The observed balanced share against its null model, over time.

    Parameters
    ----------
    df
        The output of :func:`balance_over_time` (``date``, ``balanced_share``,
        ``null_mean``, ``null_sd``).
    source_line, title
        The figure's source line and title.

    Returns
    -------
    matplotlib.figure.Figure
        A line of the observed share, a dashed line of the null mean and a
        band of the null mean plus or minus two standard deviations (clipped
        to the possible range, 0 to 1).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": pd.to_datetime(["1990-01-01", "1990-02-01"]),
    ...     "balanced_share": [0.8, 0.9], "null_mean": [0.5, 0.5], "null_sd": [0.1, 0.1]})
    >>> fig = plot_balance_over_time(df, "test")
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['null model mean', 'observed']
    """
    needed = ["date", "balanced_share", "null_mean", "null_sd"]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise ValueError(f"df lacks the column(s) {', '.join(missing)}")
    fig, ax = new_figure(7, 3.8)
    dates = pd.to_datetime(df["date"]).to_numpy()
    mean = df["null_mean"].to_numpy(dtype=float)
    sd = df["null_sd"].to_numpy(dtype=float)
    low, high = np.clip(mean - 2 * sd, 0.0, 1.0), np.clip(mean + 2 * sd, 0.0, 1.0)
    ax.fill_between(dates, low, high, color=OKABE_ITO["grey"], alpha=0.3,
                    linewidth=0, label="null model: mean ± 2 sd (shuffled signs)", gid="null-band")
    ax.plot(dates, mean, color=OKABE_ITO["grey"], linestyle="dashed", linewidth=1,
            label="null model mean", gid="null-mean")
    ax.plot(dates, df["balanced_share"].to_numpy(dtype=float), color=OKABE_ITO["blue"],
            marker="o", markersize=3, linewidth=1.4, label="observed", gid="observed")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("Date")
    ax.set_ylabel("Share of balanced triangles")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=3, fontsize=7)
    add_source(fig, source_line)
    return fig
