"""What the data's facts rest on: the strongest kind of source behind each fact.

A *fact* is what several rows may read differently: the rows of ``events``,
``estimates``, ``flows`` and ``relations`` that share a ``fact_id`` (a relation
read from several sources has a row per source, all with one ``fact_id``).
A fact rests on every source its rows cite, and its *support* is the
strongest kind among them, by the bibliography's ``sourcetype`` (see
:data:`analysis.schema.SOURCE_TYPES`), strongest first (:data:`STRENGTH`): scholarly, official
and NGO writing, then datasets, the press of the time, later journalism,
encyclopedias and unsourced reference compilations.

The sources-and-method page shows how many facts rest at best on each kind,
whether the targets of :data:`TARGETS` are met, and which facts rest only on
encyclopedias.

Examples
--------
>>> import pandas as pd
>>> events = pd.DataFrame({"event_id": ["a_wiki", "a_hrw", "b"], "fact_id": ["a", "a", "b"],
...                        "source": ["wiki", "hrw", "wiki"]})
>>> empty = pd.DataFrame({"fact_id": [], "source": []})
>>> bib = {"wiki": "encyclopedia", "hrw": "ngo"}
>>> support = fact_support({"events": events, "estimates": empty, "flows": empty,
...                         "relations": pd.DataFrame({"relation_id": [], "fact_id": [],
...                                                    "source": []})}, bib)
>>> support[["fact", "strongest"]].values.tolist()
[['a', 'ngo'], ['b', 'encyclopedia']]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.schema import SOURCE_TYPES

__all__ = [
    "STRENGTH",
    "TARGETS",
    "Target",
    "fact_support",
    "support_counts",
    "target_results",
    "encyclopedia_only",
    "source_support_markdown",
]

#: Source types from strongest to weakest: writing of scholars, officials and
#: NGOs, then datasets, the press, later journalism, encyclopedias, compilations.
STRENGTH: tuple[str, ...] = ("scholarly", "official", "ngo", "dataset", "press",
                             "press-retrospective", "encyclopedia", "reference")
assert set(STRENGTH) == set(SOURCE_TYPES)

#: Tables whose rows are grouped into facts by ``fact_id``.
FACT_TABLES: tuple[str, ...] = ("events", "estimates", "flows", "relations")

#: The row id column of each table.
ROW_KEYS: dict[str, str] = {"events": "event_id", "estimates": "estimate_id",
                            "flows": "flow_id", "relations": "relation_id"}

#: How the types are named on the method page.
TYPE_WORDS: dict[str, str] = {
    "scholarly": "scholarly works (books, articles, theses, military studies)",
    "official": "official documents (UN, governments, armies)",
    "dataset": "datasets",
    "ngo": "reports of non-governmental and humanitarian organisations",
    "press": "the press of the time",
    "press-retrospective": "later journalism",
    "encyclopedia": "encyclopedias",
    "reference": "unsourced reference compilations",
}


@dataclass(frozen=True)
class Target:
    """A share of facts that must be at most or at least a bound."""

    name: str
    types: frozenset[str]
    bound: float
    at_most: bool

    def met(self, share: float) -> bool:
        return share <= self.bound if self.at_most else share >= self.bound


#: The targets the data are held to.
TARGETS: tuple[Target, ...] = (
    Target("resting only on encyclopedias or reference works",
           frozenset({"encyclopedia", "reference"}), 0.10, True),
    Target("resting on scholarly, official, NGO or dataset sources",
           frozenset({"scholarly", "official", "ngo", "dataset"}), 0.40, False),
    Target("resting on scholarly, official or NGO writing",
           frozenset({"scholarly", "official", "ngo"}), 0.20, False),
)


def _types(bib: Mapping[str, Any]) -> dict[str, str]:
    """``{key: sourcetype}`` from a bibliography given as types or as entries."""
    return {key: (value if isinstance(value, str) else value.get("sourcetype", ""))
            for key, value in bib.items()}


def _tables(ds: Any) -> Mapping[str, pd.DataFrame]:
    return ds.tables if hasattr(ds, "tables") else ds


def fact_support(ds: Any, bib: Mapping[str, Any]) -> pd.DataFrame:
    """One row per fact: its table, rows, sources, their types, and the strongest type.

    Parameters
    ----------
    ds
        A :class:`~analysis.data.Dataset`, or a mapping of table names to frames
        holding at least ``events``, ``estimates``, ``flows`` and ``relations``.
    bib
        The bibliography: ``{key: sourcetype}``, or ``{key: {field: value}}`` as
        returned by :func:`analysis.data.read_bibliography`.

    Returns
    -------
    pandas.DataFrame
        Columns ``table``, ``fact``, ``rows`` (how many), ``sources`` and
        ``types`` (sorted, ``;``-separated) and ``strongest``; sorted by table
        and fact.

    Raises
    ------
    KeyError
        When a row cites a key that is not in the bibliography.
    """
    types = _types(bib)
    tables = _tables(ds)
    rank = {kind: i for i, kind in enumerate(STRENGTH)}
    records = []

    def add(table: str, fact: str, row_ids: list[str], sources: list[str]) -> None:
        kinds = sorted({types[s] for s in sources}, key=rank.__getitem__)
        records.append({"table": table, "fact": fact, "rows": len(sources),
                        "row_ids": ";".join(row_ids),
                        "sources": ";".join(sorted(set(sources))),
                        "types": ";".join(kinds), "strongest": kinds[0]})

    for table in FACT_TABLES:
        frame = tables[table]
        key = ROW_KEYS[table]
        ids = frame[key].astype(str) if key in frame else frame["fact_id"].astype(str)
        for fact, group in frame.assign(_id=ids).groupby(frame["fact_id"].astype(str), sort=True):
            add(table, fact, group["_id"].tolist(), group["source"].astype(str).tolist())
    frame = pd.DataFrame.from_records(
        records, columns=["table", "fact", "rows", "row_ids", "sources", "types", "strongest"])
    frame["strongest"] = pd.Categorical(frame["strongest"], categories=list(STRENGTH))
    return frame


def support_counts(support: pd.DataFrame) -> pd.DataFrame:
    """How many facts rest at best on each source type, with their share.

    Examples
    --------
    >>> s = pd.DataFrame({"strongest": pd.Categorical(["ngo", "press", "ngo"],
    ...                                               categories=list(STRENGTH))})
    >>> support_counts(s).loc["ngo"].tolist()
    [2.0, 0.6666666666666666]
    """
    counts = support["strongest"].value_counts().reindex(list(STRENGTH), fill_value=0)
    total = max(int(counts.sum()), 1)
    return pd.DataFrame({"facts": counts.astype(float), "share": counts / total},
                        index=pd.Index(list(STRENGTH), name="type"))


def target_results(support: pd.DataFrame) -> list[tuple[Target, float, bool]]:
    """Each target with the share of facts it measures and whether it is met.

    Examples
    --------
    >>> s = pd.DataFrame({"strongest": ["encyclopedia", "ngo", "ngo", "ngo"]})
    >>> [(round(share, 2), met) for _, share, met in target_results(s)]
    [(0.25, False), (0.75, True), (0.75, True)]
    """
    total = max(len(support), 1)
    out = []
    for target in TARGETS:
        share = float(support["strongest"].astype(str).isin(target.types).sum()) / total
        out.append((target, share, target.met(share)))
    return out


def encyclopedia_only(support: pd.DataFrame) -> pd.DataFrame:
    """The facts whose every source is an encyclopedia."""
    return support.loc[support["types"] == "encyclopedia"].reset_index(drop=True)


def _percent(share: float) -> str:
    return f"{100 * share:.1f} %"


def source_support_markdown(support: pd.DataFrame) -> str:
    """The method page's computed part: counts by type, the targets, the weak facts.

    Examples
    --------
    >>> s = pd.DataFrame({"table": ["events", "relations"], "fact": ["a", "r"],
    ...     "rows": [1, 1], "row_ids": ["a", "r"], "sources": ["w", "h"],
    ...     "types": ["encyclopedia", "ngo"],
    ...     "strongest": pd.Categorical(["encyclopedia", "ngo"], categories=list(STRENGTH))})
    >>> text = source_support_markdown(s)
    >>> "| encyclopedias | 1 | 50.0 % |" in text and "{ref}`a <row-events-a>`" in text
    True
    """
    from analysis.pages import md_escape, row_label

    counts = support_counts(support)
    total = len(support)
    out = [f"The data hold {total:,} facts: the rows of events, estimates, flows and "
           "relations that share a fact identifier (readings of one fact from different "
           "sources) count as one fact. "
           "Each fact is counted once, under the strongest kind of source among the rows "
           "that state it.\n",
           "| strongest source | facts | share |", "|---|---:|---:|"]
    for kind, row in counts.iterrows():
        out.append(f"| {TYPE_WORDS[kind]} | {int(row['facts']):,} | {_percent(row['share'])} |")
    out.append(f"| all facts | {total:,} | 100.0 % |\n")
    out.append("The targets the data are held to:\n")
    for target, share, met in target_results(support):
        bound = ("at most " if target.at_most else "at least ") + _percent(target.bound)
        verdict = "**met**" if met else "**not met**"
        out.append(f"- facts {target.name}: {_percent(share)} (target {bound}): {verdict}")
    weak = encyclopedia_only(support)
    out.append(f"\nThe {len(weak):,} facts that rest only on encyclopedias, by table "
               "(each links to its rows):\n")
    for table, group in weak.groupby("table", sort=False):
        items = []
        for row in group.itertuples():
            links = ", ".join(f"{{ref}}`{md_escape(r)} <{row_label(table, r)}>`"
                              for r in row.row_ids.split(";"))
            items.append(f"`{md_escape(row.fact)}` ({links})" if row.fact not in
                         row.row_ids.split(";") else links)
        out.append(f"- **{table}** ({len(group)}): " + "; ".join(items))
    return "\n".join(out) + "\n"
