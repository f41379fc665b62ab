"""The data of the network explorer: one network per month, with every tie's evidence.

The explorer page (``book/network_explorer.md``) shows the alliance network
month by month, from February 1989 to April 1992, drawn in the browser by a
small script shipped with the book (``book/_static/network-explorer.js``).
Everything it shows is computed here, at build time, from the package:
:func:`analysis.network.monthly_snapshots` gives each month's network (the
ties active on at least one day of the month, a pair drawn hostile when any
of its ties is), :func:`analysis.network.blocs` its blocs, and
:func:`analysis.registry.network.snapshot_layout` the fixed places that the
snapshot figures of the network chapter also use. :func:`explorer_data`
returns it as a plain dictionary; :func:`explorer_markdown` writes the page
part that holds it (the controls, a text alternative for the first month, and
the data as JSON), deterministic from one build to the next.

Examples
--------
>>> from analysis.data import load_dataset
>>> data = explorer_data(load_dataset())
>>> data["months"][0]["label"], data["months"][-1]["label"]
('February 1989', 'April 1992')
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping

import networkx as nx
import pandas as pd

from analysis.data import Dataset
from analysis.figures import CAMP_COLOURS, OKABE_ITO
from analysis.network import blocs, monthly_snapshots
from analysis.network_plots import CAMP_REGION_TITLES, TIE_STYLES, camp_regions, tie_style
from analysis.prose import format_date, format_period
from analysis.timeline import PERIOD_END, PERIOD_START

__all__ = ["FIRST_MONTH", "LAST_MONTH", "explorer_data", "explorer_json", "explorer_markdown",
           "month_caption", "source_labels"]

#: The first and last month of the explorer.
FIRST_MONTH: str = "1989-02"
LAST_MONTH: str = "1992-04"


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def _period(row: Mapping[str, object]) -> str:
    start = pd.Timestamp(row["start_date"])
    end = row["end_date"]
    if end is None or pd.isna(end):
        return f"from {format_date(start, str(row['start_precision']))}, no end given"
    return format_period(start, str(row["start_precision"]), pd.Timestamp(end),
                         str(row["end_precision"]))


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def month_caption(label: str, graph: nx.Graph, labels: Mapping[str, str]) -> str:
    """The caption of one month's network: its size, signs and blocs, in words.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", sign=1); g.add_edge("b", "c", sign=-1)
    >>> text = month_caption("May 1990", g, {"a": "A", "b": "B", "c": "C"})
    >>> text[:60]
    'May 1990: 3 actors with a tie, 1 cooperative and 1 hostile p'
    >>> text[60:]
    'air; 2 blocs of actors joined by cooperative ties, the largest (2 actors) around A and B.'
    """
    positive = sum(1 for *_, s in graph.edges(data="sign") if s > 0)
    negative = graph.number_of_edges() - positive
    found = blocs(graph) if graph.number_of_nodes() else []
    pairs = "pair" if negative == 1 else "pairs"
    text = (f"{label}: {graph.number_of_nodes()} actors with a tie, {positive} cooperative and "
            f"{negative} hostile {pairs}")
    if not found:
        return text + "."
    largest = found[0]
    degree = {n: sum(1 for _, m, s in graph.edges(n, data="sign") if s > 0 and m in largest)
              for n in largest}
    hubs = sorted(largest, key=lambda n: (-degree[n], labels[n]))[:2]
    names = _join(sorted((labels[n] for n in hubs), key=str.lower))
    return (f"{text}; {len(found)} bloc{'s' if len(found) != 1 else ''} of actors joined by "
            f"cooperative ties, the largest ({len(largest)} actors) around {names}.")


def explorer_data(ds: Dataset) -> dict[str, object]:
    """Every month's network, the fixed places and the evidence of every tie.

    Returns
    -------
    dict
        ``actors`` (id -> label, camp), ``layouts`` (``wide`` for a
        desktop, ``narrow`` for a phone's width: each the fixed ``places``,
        id -> [x, y], and the ``regions``, one box and title per camp),
        ``styles`` (tie type -> label, sign, colour, dash
        pattern, width), ``camps`` (camp -> title, colour), ``ties`` (every
        tie active in some month: the two actors, type, sign, dates in words,
        source key, locator, confidence and line in ``data/relations.csv``),
        and ``months``: for each month its key (``YYYY-MM``), label, caption,
        ``edges`` (the collapsed pairs: actors, type, sign, number of ties),
        ``ties`` (indices into ``ties``) and ``blocs`` (the blocs of two or
        more actors, as lists of actor ids, largest first).
    """
    from analysis.registry.network import actor_camps, actor_labels, snapshot_layout

    labels = actor_labels(ds.actors)
    camps = actor_camps(ds.actors)
    pos = snapshot_layout(ds)
    narrow = snapshot_layout(ds, narrow=True)
    first = pd.Timestamp(FIRST_MONTH + "-01")
    last = pd.Timestamp(LAST_MONTH + "-01")
    if first < pd.Timestamp(PERIOD_START).to_period("M").to_timestamp() or \
            last > pd.Timestamp(PERIOD_END):
        raise ValueError("the explorer's months lie outside the book's period")
    months = monthly_snapshots(ds.relations, first, last, ds.actors)
    multi = monthly_snapshots(ds.relations, first, last, ds.actors, collapse=False)
    rows = {str(r["relation_id"]): r for r in ds.relations.to_dict("records")}
    tie_index: dict[str, int] = {}
    ties: list[dict[str, object]] = []
    out_months = []
    for month, graph in months.items():
        label = month.strftime("%B %Y")
        ids = sorted({str(k) for *_, k in multi[month].edges(keys=True)},
                     key=lambda r: (int(rows[r]["line"]), r))
        for rid in ids:
            if rid not in tie_index:
                row = rows[rid]
                style = tie_style(row["type"], row["sign"])
                tie_index[rid] = len(ties)
                ties.append({
                    "a": str(row["actor_a"]), "b": str(row["actor_b"]),
                    "type": str(row["type"]), "type_label": str(row["type"]).replace("_", " "),
                    "style": style[0], "sign": int(row["sign"]), "dates": _period(row),
                    "source": str(row["source"]), "locator": _text(row["locator"]) or "",
                    "confidence": _text(row["confidence"]) or "", "line": int(row["line"]),
                })
        edges = [{"a": u, "b": v, "type": str(a["type"]), "sign": int(a["sign"]),
                  "ties": len(a["ties"])}
                 for u, v, a in sorted(((*sorted((str(u), str(v))), a)
                                        for u, v, a in graph.edges(data=True)))]
        found = [sorted(b, key=lambda n: labels[n].lower()) for b in blocs(graph) if len(b) > 1]
        out_months.append({
            "key": month.strftime("%Y-%m"), "label": label,
            "caption": month_caption(label, graph, labels), "edges": edges,
            "ties": [tie_index[r] for r in ids], "blocs": found,
        })
    styles = {kind: {"label": s[0], "sign": s[1], "colour": s[2],
                     "dash": list(s[3]) if s[3] else None, "width": s[4]}
              for kind, s in TIE_STYLES.items()}
    for sign, name in ((1, "other+"), (-1, "other-")):
        s = tie_style("other", sign)
        styles[name] = {"label": s[0], "sign": s[1], "colour": s[2], "dash": list(s[3] or ()),
                        "width": s[4]}
    placed = {a: camps.get(a) or "other" for a in pos}
    return {
        "actors": {a: {"label": labels[a], "camp": placed[a]} for a in sorted(pos)},
        "layouts": {name: {"places": {a: [x, y] for a, (x, y) in sorted(at.items())},
                           "regions": camp_regions(at, placed)}
                    for name, at in (("wide", pos), ("narrow", narrow))},
        "camp_order": list(dict.fromkeys(placed[a] for a in pos)),
        "camps": {c: {"title": CAMP_REGION_TITLES.get(c, c),
                      "colour": CAMP_COLOURS.get(c, OKABE_ITO["grey"])}
                  for c in dict.fromkeys(placed.values())},
        "styles": styles,
        "ties": ties,
        "months": out_months,
    }


def explorer_json(data: Mapping[str, object]) -> str:
    """The explorer's data as compact JSON, safe inside an HTML ``<script>`` element.

    Examples
    --------
    >>> explorer_json({"a": "</script>"})
    '{"a":"<\\\\/script>"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"), allow_nan=False)
    return text.replace("</", "<\\/")


def source_labels(keys: set[str] | list[str], bibliography: object = None) -> dict[str, str]:
    """Bibliography key -> a short author-year label ("Maley (2002)"), from ``references.bib``.

    Examples
    --------
    >>> source_labels(["maley2002"])["maley2002"]
    'Maley (2002)'
    """
    from pybtex import errors
    from pybtex.database import parse_file

    from analysis.paths import BIBLIOGRAPHY

    strict = errors.strict
    errors.set_strict_mode(False)  # a repeated field is the bibliography test's business
    try:
        entries = parse_file(str(bibliography or BIBLIOGRAPHY), bib_format="bibtex").entries
    finally:
        errors.set_strict_mode(strict)
    out = {}
    for key in sorted(keys):
        if key not in entries:  # the data tests name unknown keys; the book never does
            out[key] = key
            continue
        entry = entries[key]
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [re.sub(r"[{}]", "", " ".join(p.last_names) or " ".join(p.first_names))
                 for p in people]
        if not names:
            names = [re.sub(r"[{}]", "", entry.fields.get("organization")
                            or entry.fields.get("publisher") or entry.fields.get("title", key))]
        who = names[0] if len(names) == 1 else f"{names[0]} and {names[1]}" \
            if len(names) == 2 else f"{names[0]} et al."
        year = re.sub(r"[{}]", "", entry.fields.get("year", "n.d."))
        out[key] = f"{who} ({year})"
    return out


def _sign_word(sign: int) -> str:
    return "cooperative (+)" if sign > 0 else "hostile (−)"


def _table_rows(data: Mapping[str, object], month: Mapping[str, object],
                cites: Mapping[str, str]) -> str:
    actors = data["actors"]
    rows = []
    for k in month["ties"]:
        tie = data["ties"][k]
        where = html.escape(tie["locator"])
        rows.append(
            "<tr>"
            f"<td>{html.escape(actors[tie['a']]['label'])} – "
            f"{html.escape(actors[tie['b']]['label'])}</td>"
            f"<td>{html.escape(tie['type_label'])}</td><td>{_sign_word(tie['sign'])}</td>"
            f"<td>{html.escape(tie['dates'])}</td>"
            f"<td><a class=\"nx-src\" data-key=\"{html.escape(tie['source'])}\" "
            f"href=\"#src-{html.escape(tie['source'])}\">{html.escape(cites[tie['source']])}</a>"
            f"{', ' + where if where else ''}</td>"
            f"<td>line {tie['line']}</td></tr>")
    return "".join(rows)


def explorer_markdown(ds: Dataset, static: str = "../_static",
                      bibliography: object = None) -> str:
    """The explorer's part of its page: controls, the first month as text, the data.

    The result is MyST Markdown: one raw HTML block (the slider with its
    label and buttons, the drawing area, the caption, the blocs, and the
    table of the month's ties, filled for February 1989 so that the page
    reads without the script), the data as JSON, the script, and the list
    of the sources of the ties with their citations (the table's links
    point to it, and it links to the bibliography).
    """
    data = explorer_data(ds)
    months = data["months"]
    first = months[0]
    keys = sorted({data["ties"][k]["source"] for m in months for k in m["ties"]})
    cites = source_labels(keys, bibliography)
    for tie in data["ties"]:
        tie["cite"] = cites[tie["source"]]
    controls = (
        '<div class="nx-explorer" id="nx-explorer">'
        '<div class="nx-controls">'
        '<label for="nx-month">Month</label>'
        '<button type="button" id="nx-prev" aria-controls="nx-month">◀ Previous</button>'
        f'<input type="range" id="nx-month" min="0" max="{len(months) - 1}" step="1" '
        f'value="0" aria-valuetext="{first["label"]}"/>'
        '<button type="button" id="nx-next" aria-controls="nx-month">Next ▶</button>'
        f'<output id="nx-month-label" for="nx-month">{first["label"]}</output>'
        '</div>'
        '<div class="nx-figure" id="nx-figure">'
        '<div class="nx-drawing" id="nx-drawing" role="img" '
        f'aria-label="Network of the actors tied in {first["label"]}"></div>'
        f'<p class="nx-caption" id="nx-caption" aria-live="polite">'
        f'{html.escape(first["caption"])}</p></div>'
        '<div class="nx-legend" id="nx-legend"></div>'
        '<div class="nx-blocs" id="nx-blocs"></div>'
        '<div class="nx-table-wrap table-scroll" tabindex="0" role="region" '
        'aria-labelledby="nx-table-caption">'
        '<table class="nx-table" id="nx-ties">'
        f'<caption id="nx-table-caption">Ties active in {first["label"]}</caption>'
        '<thead><tr><th scope="col">Actors</th><th scope="col">Type</th>'
        '<th scope="col">Sign</th><th scope="col">Dates</th>'
        '<th scope="col">Source, where in it</th><th scope="col">Row</th></tr></thead>'
        f'<tbody>{_table_rows(data, first, cites)}</tbody></table></div>'
        '</div>'
    )
    script = (f'<script type="application/json" id="nx-data">{explorer_json(data)}</script>\n'
              f'<script src="{static}/network-explorer.js"></script>')
    sources = "\n".join(f'- <span class="nx-source" id="src-{key}"></span>{{cite:t}}`{key}`'
                        for key in keys)
    return (f"{controls}\n\n{script}\n\n"
            "## Sources of the ties\n\n"
            "The table's source column links here; each entry links to the bibliography. "
            "The row is the line of `data/relations.csv` that holds the tie.\n\n"
            f"{sources}\n")
