"""Reference pages generated from the data: who's who, chronology, disagreements.

The book's reference appendices are written by these functions as MyST
Markdown, at build time (``scripts/generate_pages.py``), so that every actor
and every event has a stable link target: a chapter links an actor with
``{ref}`Hezb-e Islami <actor-hig>``` and an event with
``{ref}`the battle <event-jalalabad_1989>```, one click from the text to the
entry, and from the entry to its source.

Examples
--------
>>> actor_label("hig"), event_label("khost_1991_a")
('actor-hig', 'event-khost_1991_a')
>>> md_escape("a*b|c")
'a\\\\*b\\\\|c'
"""

from __future__ import annotations

import html
import re

import pandas as pd

from analysis.prose import format_date, format_period, format_range

__all__ = [
    "actor_label",
    "person_label",
    "people_markdown",
    "role_words",
    "row_label",
    "row_anchor",
    "cite_row",
    "event_label",
    "fact_label",
    "md_escape",
    "whoswho_markdown",
    "alias_list",
    "chronology_markdown",
    "disagreements",
    "disagreements_markdown",
    "gallery_markdown",
    "rows_markdown",
    "ROW_PAGES",
]

CAMP_TITLES = {
    "government": "The government and its forces",
    "resistance": "The resistance",
    "foreign": "Foreign states and their agencies",
    "international": "International organisations",
}


def actor_label(actor_id: str) -> str:
    """The link target of an actor's who's-who entry.

    Examples
    --------
    >>> actor_label("jamiat")
    'actor-jamiat'
    """
    return f"actor-{actor_id}"


def person_label(person_id: str) -> str:
    """The link target of a person's who's-who entry.

    Examples
    --------
    >>> person_label("najibullah")
    'person-najibullah'
    """
    return f"person-{person_id}"


def row_label(table: str, row_id: str) -> str:
    """The link target of one row on its table's page of rows.

    Examples
    --------
    >>> row_label("estimates", "est_0018")
    'row-estimates-est_0018'
    """
    return f"row-{table}-{row_id}"


def row_anchor(table: str, row_id: str) -> str:
    """The page and HTML anchor of a row's entry, relative to the book's root.

    Sphinx writes a label's id lowercased, with every other run of characters
    than letters and digits as one hyphen.

    Examples
    --------
    >>> row_anchor("estimates", "est_0018")
    'book/generated/rows/estimates.html#row-estimates-est-0018'
    """
    anchor = re.sub(r"[^a-z0-9]+", "-", row_label(table, row_id).lower()).strip("-")
    return f"book/generated/rows/{table}.html#{anchor}"


def cite_row(table: str, row_id: str) -> str:
    """How to cite one row: its table, id and absolute link, with the book's metadata.

    Examples
    --------
    >>> "Row est_0018 of the table estimates" in cite_row("estimates", "est_0018")
    True
    """
    from analysis.citation import row_citation

    return row_citation(table, row_id, row_anchor(table, row_id))


def event_label(event_id: str) -> str:
    """The link target of an event's entry in the chronology.

    Examples
    --------
    >>> event_label("tanai_coup_1990")
    'event-tanai_coup_1990'
    """
    return f"event-{event_id}"


def fact_label(table: str, fact_id: str) -> str:
    """The link target of a fact in the register of disagreements.

    Examples
    --------
    >>> fact_label("events", "khost_1991")
    'disputed-events-khost_1991'
    """
    return f"disputed-{table}-{fact_id}"


def md_escape(text: object) -> str:
    """Escape the characters that MyST would read as markup.

    Examples
    --------
    >>> md_escape("Hezb-e Islami (HIG) [Hekmatyar]")
    'Hezb-e Islami (HIG) \\\\[Hekmatyar\\\\]'
    >>> md_escape(None)
    ''
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return re.sub(r"([\\`*|<>\[\]{}$])", r"\\\1", str(text).replace("\n", " "))


def _cite(row: pd.Series) -> str:
    locator = md_escape(row.get("locator", ""))
    return f"{{cite:p}}`{row['source']}` ({locator})" if locator else f"{{cite:p}}`{row['source']}`"


def _present(value: object) -> bool:
    return not (value is None or (not isinstance(value, str) and pd.isna(value)) or value == "")


#: Actors formed after this day are listed apart in the who's who.
FORMED_AFTER = "1989-02-15"
LATER_TITLE = "Formed after February 1989"
LATER_NOTE = ("These actors did not exist in February 1989, when the camps of the other "
              "entries are taken; each entry names the side its forerunners then stood on.")


def alias_list(aliases: str) -> str:
    """The ``;``-separated aliases of a row as a readable list.

    Examples
    --------
    >>> alias_list("Junbish;Junbish-i-Milli; National Islamic Movement")
    'Junbish, Junbish-i-Milli, National Islamic Movement'
    """
    parts = [a.strip() for a in str(aliases).split(";") if a.strip()]
    return ", ".join(md_escape(a) for a in parts)


def whoswho_markdown(actors: pd.DataFrame, people: pd.DataFrame | None = None,
                     roles: pd.DataFrame | None = None) -> str:
    """The who's who: one entry per actor, grouped by camp, with link targets.

    Examples
    --------
    >>> actors = pd.DataFrame({"actor_id": ["hig"], "name": ["Hezb-e Islami"],
    ...     "aliases": ["HIG"], "ucdp_name": [None], "ucdp_actor_id": [pd.NA],
    ...     "kind": ["party"], "camp": ["resistance"], "parent_id": [None],
    ...     "leaders": ["Gulbuddin Hekmatyar"], "base_region": [None],
    ...     "active_from": [pd.NaT], "active_from_precision": [None], "active_to": [pd.NaT],
    ...     "active_to_precision": [None], "source": ["s"], "locator": ["p. 1"]})
    >>> text = whoswho_markdown(actors)
    >>> "(actor-hig)=" in text and "Gulbuddin Hekmatyar" in text
    True
    """
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    # the camp is the side in February 1989: an actor formed later is listed apart,
    # with the side its forerunners stood on, not filed under a side it never joined
    later = actors["active_from"].notna() & (pd.to_datetime(actors["active_from"])
                                             > pd.Timestamp(FORMED_AFTER))
    out = []
    groups = [(title, (actors["camp"] == camp) & ~later) for camp, title in CAMP_TITLES.items()]
    groups.append((LATER_TITLE, later))
    for title, mask in groups:
        group = actors.loc[mask].sort_values("name", key=lambda s: s.str.lower())
        if group.empty:
            continue
        out.append(f"## {title}\n")
        if title == LATER_TITLE:
            out.append(LATER_NOTE + "\n")
        for _, row in group.iterrows():
            out.append(f"({actor_label(row['actor_id'])})=\n### {md_escape(row['name'])}\n")
            facts = [f"*{str(row['kind']).replace('_', ' ')}*"]
            if title == LATER_TITLE and _present(row["camp"]):
                facts.append(f"side of its forerunners in February 1989: {row['camp']}")
            if _present(row["aliases"]):
                facts.append("also: " + alias_list(row["aliases"]))
            if _present(row["ucdp_name"]):
                ucdp = md_escape(row["ucdp_name"])
                facts.append(f"UCDP: {ucdp} (actor {row['ucdp_actor_id']})"
                             if _present(row["ucdp_actor_id"]) else f"UCDP: {ucdp}")
            if _present(row["parent_id"]):
                parent = row["parent_id"]
                facts.append(f"part of {{ref}}`{md_escape(names[parent])} <{actor_label(parent)}>`")
            if _present(row["leaders"]):
                facts.append("leaders: " + alias_list(row["leaders"]))
            if _present(row["base_region"]):
                facts.append("based in: " + md_escape(row["base_region"]))
            if _present(row["active_from"]):
                span = format_date(row["active_from"], str(row["active_from_precision"]))
                if _present(row["active_to"]):
                    span += " to " + format_date(row["active_to"], str(row["active_to_precision"]))
                facts.append("active: " + span)
            out.append(" · ".join(facts) + f". Source: {_cite(row)}.\n")
    if people is not None and not people.empty:
        out.append(people_markdown(people, roles, actors))
    return "\n".join(out)


#: How a role ended, in words.
END_WORDS = {"death": "until death", "killed": "until killed", "dismissal": "until dismissed",
             "resignation": "until resignation", "defection": "until defection",
             "flight": "until flight", "arrest": "until arrest", "replaced": "until replaced",
             "dissolution": "until dissolved", "end_of_term": "until the end of the term",
             "collapse": "until the collapse", "other": ""}


def role_words(role: pd.Series, actor_names: dict[str, str]) -> str:
    """One dated role in words, with a link to its organisation and its source.

    Examples
    --------
    >>> role = pd.Series({"role_id": "r", "actor_id": "isi", "role": "office",
    ...     "title": "Director-General", "start_date": pd.Timestamp("1990-01-01"),
    ...     "start_precision": "year", "end_date": pd.Timestamp("1992-01-01"),
    ...     "end_precision": "year", "end_reason": None, "source": "coll2004",
    ...     "locator": "principal characters"})
    >>> text = role_words(role, {"isi": "ISI"})
    >>> text.startswith("Director-General, {ref}`ISI <actor-isi>`, 1990–1992 {cite:p}`coll2004`")
    True
    >>> text.endswith("· {ref}`row <row-person_roles-r>`")
    True
    """
    actor = str(role["actor_id"])
    name = actor_names.get(actor, actor)
    text = f"{md_escape(role['title'])}, {{ref}}`{md_escape(name)} <{actor_label(actor)}>`"
    start = role.get("start_date")
    end = role.get("end_date")
    if _present(start) and _present(end):
        when = format_period(start, str(role["start_precision"]), end, str(role["end_precision"]))
    elif _present(start):
        when = "from " + format_date(start, str(role["start_precision"]))
    elif _present(end):
        when = "until " + format_date(end, str(role["end_precision"]))
    else:
        when = "dates not given"
    reason = role.get("end_reason")
    if _present(reason) and END_WORDS.get(str(reason)) and _present(end):
        when += " (ended by " + str(reason).replace("_", " ") + ")"
    row = f"{{ref}}`row <{row_label('person_roles', str(role['role_id']))}>`"
    return f"{text}, {when} {_cite(role)} · {row}"


def people_markdown(people: pd.DataFrame, roles: pd.DataFrame | None = None,
                    actors: pd.DataFrame | None = None) -> str:
    """The who's who of people: one entry per person, with a link target.

    Each entry has the person's name, other spellings, years of birth and death
    where a source gives them, a line on who the person was, the source, and the
    dated roles (offices, commands, leadership, missions) in order, each with
    its own source.

    Examples
    --------
    >>> people = pd.DataFrame({"person_id": ["gul"], "name": ["Hamid Gul"],
    ...     "aliases": [None], "birth_year": [pd.NA], "death_year": [pd.NA],
    ...     "summary": ["ISI chief"], "source": ["coll2004"], "locator": ["p. 1"]})
    >>> text = people_markdown(people)
    >>> "(person-gul)=" in text and "### Hamid Gul" in text
    True
    """
    names = (dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str), strict=True))
             if actors is not None else {})
    by_person: dict[str, list[pd.Series]] = {}
    if roles is not None and not roles.empty:
        ordered = roles.assign(_start=roles["start_date"].fillna(roles["end_date"]))
        ordered = ordered.sort_values(["_start", "role_id"], na_position="last")
        for _, role in ordered.iterrows():
            by_person.setdefault(str(role["person_id"]), []).append(role)
    out = ["## People\n",
           "Every person the data name, with the offices, commands and party roles "
           "the sources date. Each line cites its source.\n"]
    for _, row in people.sort_values("name", key=lambda s: s.str.lower()).iterrows():
        pid = str(row["person_id"])
        out.append(f"({person_label(pid)})=\n### {md_escape(row['name'])}\n")
        facts = []
        if _present(row.get("aliases")):
            facts.append("also: " + alias_list(row["aliases"]))
        born, died = (row.get(c) for c in ("birth_year", "death_year"))
        if _present(born) and _present(died):
            facts.append(f"{int(born)}–{int(died)}")
        elif _present(born):
            facts.append(f"born {int(born)}")
        elif _present(died):
            facts.append(f"died {int(died)}")
        if _present(row.get("summary")):
            facts.append(md_escape(row["summary"]))
        facts.append(f"{{ref}}`all columns <{row_label('people', pid)}>`")
        out.append(" · ".join(facts) + f" Source: {_cite(row)}.\n")
        person_roles = by_person.get(pid, [])
        if person_roles:
            out.append("\n".join(f"- {role_words(r, names)}." for r in person_roles) + "\n")
    return "\n".join(out)


def chronology_markdown(events: pd.DataFrame, actors: pd.DataFrame,
                        participants: pd.DataFrame) -> str:
    """The chronology: every event row by year, with a link target each.

    Events that share a ``fact_id`` with rows giving other dates are marked
    as disputed and link to the register of disagreements.

    Examples
    --------
    >>> ev = pd.DataFrame({"event_id": ["a"], "fact_id": ["a"], "name": ["Coup"],
    ...     "kind": ["coup_attempt"], "start_date": [pd.Timestamp("1990-03-06")],
    ...     "start_precision": ["day"], "end_date": [pd.NaT], "end_precision": [None],
    ...     "place_id": [None], "outcome": ["failed"], "summary": ["A coup."],
    ...     "source": ["s"], "locator": ["x"], "confidence": ["high"]})
    >>> text = chronology_markdown(ev, pd.DataFrame({"actor_id": [], "name": []}),
    ...     pd.DataFrame({"event_id": [], "actor_id": [], "side": []}))
    >>> "(event-a)=" in text and "6 March 1990" in text
    True
    """
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    disputed = set(disagreements(events=events)["fact_id"])
    by_event = participants.groupby("event_id", observed=True)["actor_id"].apply(list).to_dict()
    ordered = events.sort_values(["start_date", "event_id"])
    out = []
    for year, group in ordered.groupby(ordered["start_date"].dt.year, sort=True):
        out.append(f"## {year}\n")
        for _, row in group.iterrows():
            when = format_period(row["start_date"], str(row["start_precision"]),
                                 row["end_date"] if _present(row["end_date"]) else None,
                                 str(row["end_precision"]) if _present(row["end_precision"])
                                 else None)
            line = f"({event_label(row['event_id'])})=\n**{when}**: {md_escape(row['name'])}. " \
                   f"{md_escape(row['summary'])}"
            if _present(row.get("outcome")):
                line += f" *Outcome:* {md_escape(row['outcome'])}."
            actors_here = by_event.get(row["event_id"], [])
            if actors_here:
                links = ", ".join(f"{{ref}}`{md_escape(names[a])} <{actor_label(a)}>`"
                                  for a in actors_here)
                line += f" *Actors:* {links}."
            if row["fact_id"] in disputed:
                line += f" *Date disputed:* {{ref}}`other readings " \
                        f"<{fact_label('events', row['fact_id'])}>`."
            out.append(line + f" {_cite(row)}.\n")
    return "\n".join(out)


def _reading(low: object, best: object, high: object, unit: str) -> str:
    if not any(_present(v) for v in (low, best, high)):
        return "no figure given"
    return format_range(low, best, high, unit)


def disagreements(events: pd.DataFrame | None = None, estimates: pd.DataFrame | None = None,
                  flows: pd.DataFrame | None = None,
                  names: dict[str, str] | None = None) -> pd.DataFrame:
    """Every fact whose rows disagree: one row per reading.

    A fact is disputed when its rows (sharing a ``fact_id``) give different
    dates (events) or different figures (estimates, flows).

    Examples
    --------
    >>> est = pd.DataFrame({"estimate_id": ["a", "b", "c"], "fact_id": ["f", "f", "g"],
    ...     "low": [1.0, 2.0, 5.0], "best": [1.0, 2.0, 5.0], "high": [1.0, 2.0, 5.0],
    ...     "unit": ["persons"] * 3, "source": ["s", "t", "u"], "locator": ["", "", ""],
    ...     "confidence": ["high"] * 3, "quantity": ["killed"] * 3,
    ...     "subject_id": ["x"] * 3})
    >>> disagreements(estimates=est)["row_id"].tolist()
    ['a', 'b']
    """
    frames = []
    if events is not None:
        ev = events.assign(
            reading=[format_period(r.start_date, str(r.start_precision),
                                   r.end_date if _present(r.end_date) else None,
                                   str(r.end_precision) if _present(r.end_precision) else None)
                     for r in events.itertuples()],
            what=events["name"], row_id=events["event_id"], table="events")
        frames.append(ev)
    if estimates is not None:
        est = estimates.assign(
            reading=[_reading(r.low, r.best, r.high, str(r.unit))
                     for r in estimates.itertuples()],
            what=estimates["quantity"].astype(str).str.replace("_", " ") + " — "
            + estimates["subject_id"].astype(str).map(lambda v: (names or {}).get(v, v)),
            row_id=estimates["estimate_id"], table="estimates")
        frames.append(est)
    if flows is not None:
        fl = flows.assign(
            reading=[_reading(r.amount_low, r.amount_best, r.amount_high, str(r.unit))
                     for r in flows.itertuples()],
            what=flows["donor_id"].astype(str).map(lambda v: (names or {}).get(v, v)) + " → "
            + flows["recipient_id"].astype(str).map(lambda v: (names or {}).get(v, v))
            + " (" + flows["kind"].astype(str) + ", " + flows["stage"].astype(str) + ")",
            row_id=flows["flow_id"], table="flows")
        frames.append(fl)
    columns = ["table", "fact_id", "row_id", "what", "reading", "source", "locator", "confidence"]
    if not frames:
        return pd.DataFrame(columns=columns)
    rows = pd.concat([f[columns] for f in frames], ignore_index=True)
    counts = rows.groupby(["table", "fact_id"])["reading"].transform("nunique")
    return rows.loc[counts > 1].sort_values(["table", "fact_id", "row_id"]).reset_index(drop=True)


def disagreements_markdown(register: pd.DataFrame) -> str:
    """The register of disagreements as MyST Markdown, one table per fact.

    Examples
    --------
    >>> reg = pd.DataFrame({"table": ["events"] * 2, "fact_id": ["k"] * 2,
    ...     "row_id": ["k_a", "k_b"], "what": ["Khost"] * 2,
    ...     "reading": ["March 1991", "11 April 1991"], "source": ["s", "t"],
    ...     "locator": ["x", "y"], "confidence": ["high", "high"]})
    >>> "(disputed-events-k)=" in disagreements_markdown(reg)
    True
    """
    titles = {"events": "Dates", "estimates": "Figures", "flows": "Aid and arms"}
    out = []
    for table, title in titles.items():
        part = register.loc[register["table"] == table]
        if part.empty:
            continue
        out.append(f"## {title}\n")
        for fact_id, rows in part.groupby("fact_id", sort=True):
            what = md_escape(rows["what"].iloc[0])
            out.append(f"({fact_label(table, fact_id)})=\n**{what}**\n")
            out.append("| reading | source | where | confidence | row |\n|---|---|---|---|---|")
            for _, row in rows.iterrows():
                target = f"{{ref}}`{row['row_id']} <{row_label(table, row['row_id'])}>`"
                out.append(f"| {md_escape(row['reading'])} | {{cite:p}}`{row['source']}` | "
                           f"{md_escape(row['locator'])} | {row['confidence']} | {target} |")
            out.append("")
    return "\n".join(out)


def gallery_markdown(specs: list, page: str = "book/generated/gallery",
                     figures_dir: str = "figures") -> str:
    """The figure gallery: a thumbnail per registered figure, linking to it.

    The thumbnails are the exported PNGs in the HTML build's ``figures/``
    folder (raw HTML, so that the pages can be built while the figures are
    still being exported).

    Parameters
    ----------
    specs
        The figure specs (:func:`analysis.registry.all_specs`).
    page
        The gallery's own document name, to make relative links.
    figures_dir
        The folder of the exported figures, relative to the HTML root.

    Examples
    --------
    >>> from analysis.registry import all_specs
    >>> text = gallery_markdown(all_specs()[:1])
    >>> "{numref}`fig-yearly-battle-deaths`" in text
    True
    """
    up = "../" * page.count("/")
    out = ['<div class="gallery-grid">\n']
    for spec in specs:
        target = f"{up}{spec.chapter}.html#{spec.fig_id}"
        alt = html.escape(spec.alt, quote=True)
        out.append(
            f'<div class="gallery-item"><a href="{target}">'
            f'<img src="{up}{figures_dir}/{spec.fig_id}.png" alt="{alt}" loading="lazy"/></a>\n\n'
            f"{{numref}}`{spec.fig_id}`: {md_escape(spec.title)} (`{spec.fig_id}`)\n\n"
            "</div>\n"
        )
    out.append("</div>\n")
    return "\n".join(out)


#: The title of each generated page of rows, and what one of its rows is.
ROW_PAGES: dict[str, tuple[str, str]] = {
    "events": ("Events, row by row", "a dated event as one source gives it"),
    "estimates": ("Estimates, row by row", "one source's figure for a toll, a force or a stock"),
    "flows": ("Flows of aid and arms, row by row", "one source's amount of aid or arms"),
    "relations": ("Relations, row by row", "one source's tie between two actors"),
    "people": ("People, row by row", "a person the data names"),
    "person_roles": ("Roles of people, row by row", "a dated office, command or mission"),
}

#: Columns holding an actor id, an event id or a person id, by table.
_ACTOR_COLUMNS = ("actor_id", "donor_id", "channel_id", "recipient_id", "actor_a", "actor_b")
_PRECISION_OF = {"start_date": "start_precision", "end_date": "end_precision",
                 "period_start": "period_precision", "period_end": "period_precision",
                 "active_from": "active_from_precision", "active_to": "active_to_precision"}


def _words(column: str, row: pd.Series, names: dict[str, str], events: set[str],
           people: dict[str, str]) -> str | None:
    """One cell of a row in words (MyST), or ``None`` when empty or folded into another."""
    from analysis.prose import format_number

    value = row[column]
    if column == "line" or column.endswith("_precision") or not _present(value):
        return None
    if column in _PRECISION_OF:
        precision = row.get(_PRECISION_OF[column])
        return format_date(value, str(precision) if _present(precision) else "day")
    if column in _ACTOR_COLUMNS and str(value) in names:
        return f"{{ref}}`{md_escape(names[str(value)])} <{actor_label(str(value))}>`"
    if column == "person_id" and str(value) in people:
        return f"{{ref}}`{md_escape(people[str(value)])} <{person_label(str(value))}>`"
    if (column == "event_id" or (column == "subject_id" and row.get("subject_type") == "event")) \
            and str(value) in events:
        return f"{{ref}}`{md_escape(value)} <{row_label('events', str(value))}>`"
    if column == "subject_id" and row.get("subject_type") == "actor" and str(value) in names:
        return f"{{ref}}`{md_escape(names[str(value)])} <{actor_label(str(value))}>`"
    if column in ("low", "best", "high") or column.startswith("amount_"):
        return format_number(float(value), str(row.get("unit", "persons")))
    if isinstance(value, bool) or str(value) in ("True", "False"):
        return "yes" if str(value) == "True" else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return md_escape(str(value).replace("_", " ") if column in
                     ("kind", "type", "quantity", "category", "unit", "stage", "basis", "role",
                      "end_reason", "subject_type") else value)


def rows_markdown(table: str, frame: pd.DataFrame, actors: pd.DataFrame,
                  events: pd.DataFrame, people: pd.DataFrame,
                  register: pd.DataFrame) -> str:
    """A page of rows: one entry with a link target per row, every column in words.

    Each entry gives the row's reading (for events, estimates and flows), then
    every column that has a value, its source as a citation linking to the
    bibliography, and the other rows of the same fact with a link to the
    disagreement where their readings differ.

    Parameters
    ----------
    table
        The table's name, a key of :data:`ROW_PAGES`.
    frame
        Its rows.
    actors, events, people
        For names and links.
    register
        The register of disagreements (:func:`disagreements`).

    Examples
    --------
    >>> est = pd.DataFrame({"estimate_id": ["e1"], "fact_id": ["f"], "low": [5.0],
    ...     "best": [None], "high": [7.0], "unit": ["persons"], "source": ["s"],
    ...     "locator": ["p. 3"], "confidence": ["high"], "note": [None],
    ...     "quantity": ["killed"], "subject_id": ["x"]})
    >>> empty = pd.DataFrame({"actor_id": [], "name": [], "event_id": [], "person_id": []})
    >>> text = rows_markdown("estimates", est, empty, empty, empty, disagreements())
    >>> "(row-estimates-e1)=" in text and "5–7" in text and "{cite:p}`s`" in text
    True
    """
    from analysis.prose import FACT_TABLES, ROW_KEYS, reading_phrase

    key = ROW_KEYS[table]
    names = dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str), strict=True))
    people_names = dict(zip(people["person_id"].astype(str), people["name"].astype(str),
                            strict=True))
    event_ids = set(events["event_id"].astype(str))
    disputed = set(zip(register["table"], register["fact_id"], strict=True)) \
        if not register.empty else set()
    members: dict[str, list[str]] = {}
    if "fact_id" in frame:
        for fact, row_id in zip(frame["fact_id"].astype(str), frame[key].astype(str),
                                strict=True):
            members.setdefault(fact, []).append(row_id)
    title, what = ROW_PAGES[table]
    out = [f"(rows-{table})=\n# {title}\n",
           f"Each entry is one row of `data/{table}.csv`: {what}, with every column in "
           "words, its source and where in it, and the other rows of the same fact. "
           "Columns are described in the {ref}`codebook`.\n"]
    skip = {key, "source", "locator", "confidence", "note", "fact_id", "line", "name", "summary"}
    for _, row in frame.sort_values(key).iterrows():
        row_id = str(row[key])
        head = f"({row_label(table, row_id)})=\n**`{row_id}`**"
        if table in FACT_TABLES:
            head += f" · **{md_escape(reading_phrase(table, row))}**"
        if _present(row.get("name")):
            head += f" · {md_escape(row['name'])}"
        parts = []
        if _present(row.get("summary")):
            parts.append(md_escape(row["summary"]))
        for column in frame.columns:
            if column in skip:
                continue
            words = _words(column, row, names, event_ids, people_names)
            if words is not None:
                parts.append(f"*{column.replace('_', ' ')}:* {words}")
        source = f"*source:* {{cite:p}}`{row['source']}`"
        if _present(row.get("locator")):
            source += f", {md_escape(row['locator'])}"
        parts.append(source)
        if _present(row.get("confidence")):
            parts.append(f"*confidence:* {row['confidence']}")
        if _present(row.get("note")):
            parts.append(f"*note:* {md_escape(row['note'])}")
        parts.append(f"*cite as:* {md_escape(cite_row(table, row_id))}")
        if "fact_id" in frame and _present(row["fact_id"]):
            fact = str(row["fact_id"])
            others = [o for o in members.get(fact, []) if o != row_id]
            line = f"*fact:* `{md_escape(fact)}`"
            if others:
                line += "; other rows: " + ", ".join(
                    f"{{ref}}`{md_escape(o)} <{row_label(table, o)}>`" for o in others)
            if (table, fact) in disputed:
                line += f" ({{ref}}`the disagreement <{fact_label(table, fact)}>`)"
            parts.append(line)
        out.append(head + "\n: " + "\n: ".join(parts) + "\n")
    return "\n".join(out)
