"""Figures of the chapter on the alliance network.

The chapter and its figures share the constants below: the days of the
snapshots, the dates of the series (the 1st and 15th of every month of the
period, plus the snapshot days), the actors whose brokerage is followed, and
the seed and size of the null model.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.data import Dataset
from analysis.network import (
    balance_over_time,
    metrics_over_time,
    monthly_snapshots,
    plot_balance_over_time,
    short_name,
    snapshot,
)
from analysis.network_plots import (
    camp_layout,
    centrality_over_time,
    pair_months,
    plot_metrics_over_time,
    plot_network,
    plot_pair_months,
)
from analysis.registry import FigureSpec
from analysis.timeline import PERIOD_END, PERIOD_START

__all__ = ["SPECS", "SNAPSHOT_DATES", "MAIN_ACTORS", "DISPLAY_NAMES", "N_SHUFFLES", "SHUFFLE_STATE",
           "series_dates", "display_actors", "period_actors", "actor_labels", "actor_camps",
           "snapshot_layout"]

#: The day of each snapshot figure: just after the Soviet withdrawal, the day
#: of Tanai's coup attempt, the eve of Dostum's defection, and four days after
#: Najibullah's fall.
SNAPSHOT_DATES: dict[str, str] = {
    "fig-network-feb-1989": "1989-02-15",
    "fig-network-mar-1990": "1990-03-06",
    "fig-network-mar-1992": "1992-03-01",
    "fig-network-apr-1992": "1992-04-20",
}
#: The actors whose brokerage the metrics figure follows.
MAIN_ACTORS: tuple[str, ...] = ("gov_afg", "peshawar_seven", "hig", "jamiat", "pakistan",
                                "jowzjani_militia")
#: Labels used in the network figures instead of the module's short names
#: (which would pick, e.g., the alias "HIA" for Hezb-e Islami Gulbuddin).
DISPLAY_NAMES: dict[str, str] = {
    "gov_afg": "Government",
    "afg_army": "Army",
    "hig": "HIG",
    "jowzjani_militia": "Dostum's militia",
    "mujahideen_unspecified": "Mujahideen",
    "khad": "KHAD",
    "pdpa_khalq": "Khalq",
    "pdpa_parcham": "Parcham",
    "shura_nazar": "Shura-e Nazar",
    "harakat_inqilab": "Harakat Inqilab",
    "harakat_islami": "Harakat-i Islami",
    "jabha_nijat": "Jabha (ANLF)",
    "ismaili_forces": "Ismaili militia",
    "peshawar_seven": "Peshawar Seven",
    "ncs": "Commanders' Shura",
    "military_council_1992": "Military council (1992)",
    "isi_afghan_bureau": "ISI Afghan Bureau",
    "unknown_supplier": "Unknown supplier",
    "usa": "United States",
}
#: Shuffles of the null model and the state of their random generator.
N_SHUFFLES: int = 1000
SHUFFLE_STATE: int = 0

_MARKS = {"15 Feb 1989": "1989-02-15", "6 Mar 1990": "1990-03-06", "1 Mar 1992": "1992-03-01",
          "20 Apr 1992": "1992-04-20"}


def series_dates() -> pd.DatetimeIndex:
    """The dates of the series: every 1st and 15th of the period, and the snapshot days.

    Examples
    --------
    >>> dates = series_dates()
    >>> str(dates[0].date()), str(dates[-1].date())
    ('1989-02-15', '1992-04-20')
    >>> pd.Timestamp("1990-03-06") in dates
    True
    """
    grid = pd.date_range(PERIOD_START, PERIOD_END, freq="SMS")
    extra = pd.DatetimeIndex(pd.to_datetime(list(SNAPSHOT_DATES.values())))
    return grid.union(extra).as_unit("ns")


def display_actors(actors: pd.DataFrame) -> pd.DataFrame:
    """The actors table with the figures' labels as names.

    Examples
    --------
    >>> table = pd.DataFrame({"actor_id": ["hig", "x"], "name": ["Hezb-e Islami", "X"]})
    >>> display_actors(table)["name"].tolist()
    ['HIG', 'X']
    """
    ids = actors["actor_id"].astype(str)
    return actors.assign(name=ids.map(DISPLAY_NAMES).fillna(actors["name"].astype(str)))


def period_actors(ds: Dataset) -> list[str]:
    """Every actor with a tie in some month from February 1989 to April 1992.

    Sorted by the number of months in which the actor has a tie (most first),
    then by id: the order in which :func:`snapshot_layout` places each camp.
    """
    months = monthly_snapshots(ds.relations, PERIOD_START, PERIOD_END, ds.actors)
    counts: dict[str, int] = {}
    for graph in months.values():
        for node in graph.nodes:
            counts[str(node)] = counts.get(str(node), 0) + 1
    for day in SNAPSHOT_DATES.values():
        for node in snapshot(ds.relations, day, ds.actors).nodes:
            counts.setdefault(str(node), 0)
    return sorted(counts, key=lambda a: (-counts[a], a))


def actor_labels(actors: pd.DataFrame) -> dict[str, str]:
    """Actor id -> the name drawn in the network figures and the explorer.

    :data:`DISPLAY_NAMES` where it has one, else the short name of
    :func:`analysis.network.short_name`.

    Examples
    --------
    >>> table = pd.DataFrame({"actor_id": ["hig", "x"], "name": ["Hezb-e Islami Gulbuddin", "X"],
    ...                       "aliases": [None, None]})
    >>> actor_labels(table)
    {'hig': 'HIG', 'x': 'X'}
    """
    out = {}
    for row in actors.to_dict("records"):
        actor = str(row["actor_id"])
        aliases = row.get("aliases")
        name = str(row["name"])
        short = short_name(name, None if aliases is None or pd.isna(aliases) else str(aliases),
                           max_chars=22)
        # never a name cut short: a long name without a short alias is wrapped instead
        out[actor] = DISPLAY_NAMES.get(actor) or (name if short.endswith("…") else short)
    return out


#: Columns of each camp's band in the narrow layout of the explorer.
NARROW_COLUMNS = 3


def actor_camps(actors: pd.DataFrame) -> dict[str, str | None]:
    """Actor id -> camp (None where the table has none)."""
    return {str(a): (None if pd.isna(c) else str(c))
            for a, c in zip(actors["actor_id"], actors["camp"].astype("object"), strict=True)}


def snapshot_layout(ds: Dataset, *, narrow: bool = False) -> dict[str, tuple[float, float]]:
    """One place per actor of the period, the same in every snapshot and month.

    The government's side on the left, the resistance on the right, the
    foreign states and agencies (and any other camp) in a band below
    (:func:`analysis.network_plots.camp_layout`); within a camp, the actors
    tied in most months come first (top left). ``narrow`` stacks the camps
    in bands of three columns, one under the other, for a phone's screen.
    """
    camps = actor_camps(ds.actors)
    order = period_actors(ds)
    known = ("government", "resistance", "foreign", "international")
    groups: dict[str, list[str]] = {camp: [a for a in order if camps.get(a) == camp]
                                    for camp in known}
    for actor in order:
        if camps.get(actor) not in known:
            groups.setdefault(str(camps.get(actor) or "other"), []).append(actor)
    if narrow:
        return camp_layout(groups, band_columns=NARROW_COLUMNS, stacked=True)
    return camp_layout(groups)


def _snapshot(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    graph = snapshot(ds.relations, SNAPSHOT_DATES[spec.fig_id], ds.actors)
    pos = snapshot_layout(ds)
    camps = actor_camps(ds.actors)
    fig = plot_network(graph, pos, actor_labels(ds.actors),
                       {a: camps[a] or "other" for a in pos}, spec.title, spec.source)
    edges = pd.DataFrame(
        [{"actor_a": u, "actor_b": v, "sign": a["sign"], "type": a["type"],
          "relation_id": a["relation_id"], "ties": ";".join(a["ties"])}
         for u, v, a in sorted(graph.edges(data=True))],
        columns=["actor_a", "actor_b", "sign", "type", "relation_id", "ties"])
    return fig, edges


def _metrics(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    dates = series_dates()
    metrics = metrics_over_time(ds.relations, dates, ds.actors)
    cent = centrality_over_time(ds.relations, dates, MAIN_ACTORS, ds.actors)
    fig = plot_metrics_over_time(metrics, cent, spec.source, title=spec.title,
                                 actors=ds.actors, labels=DISPLAY_NAMES, marks=_MARKS)
    wide = cent.pivot(index="date", columns="actor_id", values="betweenness")
    wide = wide[list(MAIN_ACTORS)].add_prefix("betweenness_").reset_index()
    return fig, metrics.merge(wide, on="date", how="left")


#: Pairs drawn in the month-by-pair figure: of the pairs whose tie changes in the
#: period, those tied in most months.
PAIR_MONTHS_TOP: int = 40


def _pair_months(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    months = monthly_snapshots(ds.relations, PERIOD_START, PERIOD_END, ds.actors)
    matrix = pair_months(months, actor_labels(ds.actors), top=PAIR_MONTHS_TOP, changing=True)
    fig = plot_pair_months(matrix, spec.source, title=spec.title)
    return fig, matrix.rename_axis("pair").reset_index()


def _balance(ds: Dataset, spec: FigureSpec) -> tuple[Figure, pd.DataFrame]:
    data = balance_over_time(ds.relations, series_dates(), N_SHUFFLES, SHUFFLE_STATE, ds.actors)
    return plot_balance_over_time(data, spec.source, title=spec.title), data


_SOURCE = "relations table of this book (sources per tie)"
_SNAPSHOT_NOTE = ("Every actor of the period keeps one place in every snapshot and in the "
                  "network explorer: the government's side on the left, the resistance on the "
                  "right, foreign states and agencies below; actors without a tie that day are "
                  "hollow rings. Line styles give each tie's type, dark and blue lines are "
                  "cooperative, red ones hostile; a pair linked by several ties is drawn "
                  "hostile if any of them is.")


def _snapshot_spec(fig_id: str, title: str, alt: str) -> FigureSpec:
    return FigureSpec(fig_id=fig_id, title=title, caption=f"{title}. {_SNAPSHOT_NOTE}", alt=alt,
                      source=_SOURCE, chapter="book/network", make=_snapshot)


SPECS = [
    _snapshot_spec(
        "fig-network-feb-1989",
        "The alliance network on 15 February 1989",
        "Network diagram of the actors tied on 15 February 1989, in fixed places by camp "
        "(government's side left, resistance right, foreign actors below): cooperative lines "
        "link the government to the Soviet Union and its own bodies, and the mujahideen "
        "parties to the Peshawar Seven, the interim government and their foreign sponsors; "
        "red lines of armed clashes run from the government to the main mujahideen parties "
        "and between Hezb-e Islami and Jamiat.",
    ),
    _snapshot_spec(
        "fig-network-mar-1990",
        "The alliance network on 6 March 1990, the day of Tanai's coup attempt",
        "Network diagram of the actors tied on 6 March 1990, in the same fixed places by camp: "
        "the Tanai faction is linked by a red line to the government and by a cooperative "
        "line to Hezb-e Islami, which is also tied to the Khalq faction; red lines still run "
        "from the government to the main mujahideen parties.",
    ),
    _snapshot_spec(
        "fig-network-mar-1992",
        "The alliance network on 1 March 1992, before Dostum's defection",
        "Network diagram of the actors tied on 1 March 1992, in the same fixed places by camp: "
        "the Soviet actors are hollow rings, without ties; Dostum's militia is still under the "
        "government's command and linked to Jamiat only by a negotiation tie; red lines run "
        "from the government to the main mujahideen parties.",
    ),
    _snapshot_spec(
        "fig-network-apr-1992",
        "The alliance network on 20 April 1992, after Najibullah's fall",
        "Network diagram of the actors tied on 20 April 1992, in the same fixed places by camp: "
        "Dostum's militia is linked to the government by a red line, Junbish is allied with "
        "Jamiat and Wahdat, and parts of the army and the Ismaili militia cooperate with "
        "mujahideen parties.",
    ),
    FigureSpec(
        fig_id="fig-network-metrics",
        title="The alliance network over time, February 1989 to April 1992",
        caption="The alliance network over time, February 1989 to April 1992, measured on the "
                "1st and 15th of every month: cooperative and hostile ties (top), the actors "
                "with an active tie and those in the largest bloc of actors joined by "
                "cooperative ties (middle), and the betweenness among allies of the "
                "government, the Peshawar Seven, Hezb-e Islami, Jamiat, Pakistan and Dostum's "
                "militia (bottom). Dotted lines mark the days of the snapshot figures.",
        alt="Three stacked step charts sharing a time axis from February 1989 to April 1992: "
            "the number of cooperative ties, far above the number of hostile ties; the "
            "number of actors in the network and in its largest bloc, which stays close to "
            "it; and the betweenness of the government, the Peshawar Seven, Hezb-e Islami, "
            "Jamiat, Pakistan and Dostum's militia, with Hezb-e Islami rising in January "
            "1990 and Jamiat and Dostum's militia rising in early 1992.",
        source=_SOURCE,
        chapter="book/network",
        make=_metrics,
    ),
    FigureSpec(
        fig_id="fig-network-pair-months",
        title="Ties month by month, by pair, February 1989 to April 1992",
        caption="Ties month by month, by pair, February 1989 to April 1992: the pairs whose "
                "tie begins, ends or changes sign in the period (at most "
                f"{PAIR_MONTHS_TOP}, those tied in the most months), one row each in the "
                "order of their first tie; a cell is dark where the pair has a cooperative "
                "tie that month, red where it has a hostile one (a pair with both in one "
                "month counts as hostile), white where it has none.",
        alt="Heatmap with pairs of actors as rows and the months from February 1989 to April "
            "1992 as columns, for the pairs whose tie begins, ends or changes: Soviet ties "
            "that end in late 1991, clashes between Hezb-e Islami and Jamiat in 1989 and "
            "1990, the Tanai faction's ties of March 1990, and Dostum's militia turning "
            "from the government to Jamiat in March 1992.",
        source=_SOURCE,
        chapter="book/network",
        make=_pair_months,
    ),
    FigureSpec(
        fig_id="fig-network-balance",
        title="Structural balance of the alliance network against shuffled signs",
        caption="Structural balance of the alliance network against shuffled signs, on the "
                "1st and 15th of every month from February 1989 to April 1992: the observed "
                "share of balanced triangles (line with dots), and the mean (dashed) and "
                "mean plus or minus two standard deviations (band) of the same share over "
                f"{N_SHUFFLES:,} reshufflings of the signs on the same network.",
        alt="Line chart from February 1989 to April 1992 of the share of balanced triangles "
            "in the alliance network, between about one third and three quarters, drawn over "
            "a grey band for the shuffled-sign null model centred near 0.6; the observed line "
            "stays within the band, close to its lower edge in 1991 and April 1992.",
        source=_SOURCE,
        chapter="book/network",
        make=_balance,
    ),
]
