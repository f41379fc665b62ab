"""Numbers and dates in the book's own words, straight from the data.

Chapters never type a figure: they name a row with a role (``{estimate}`est_0018```,
see ``book/_ext/data_roles.py``) and the role writes the phrase these
functions make from the row, so that text and data cannot drift apart, and a
reader can follow any number to its row.

Examples
--------
>>> format_range(12000, None, 15000)
'12,000–15,000'
>>> format_date(pd.Timestamp("1989-06-01"), "month")
'June 1989'
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

__all__ = [
    "format_number",
    "format_range",
    "format_date",
    "format_period",
    "estimate_phrase",
    "flow_phrase",
    "event_date_phrase",
    "relation_phrase",
    "reading_phrase",
    "value_phrase",
    "glue_phrases",
    "ROW_KEYS",
    "FACT_TABLES",
]

#: The id column of each table whose rows the book's prose can name.
ROW_KEYS: dict[str, str] = {
    "events": "event_id",
    "estimates": "estimate_id",
    "flows": "flow_id",
    "relations": "relation_id",
    "people": "person_id",
    "person_roles": "role_id",
    "actors": "actor_id",
}
#: The tables whose rows share a ``fact_id`` when sources give different readings.
FACT_TABLES: tuple[str, ...] = ("events", "estimates", "flows")


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def format_number(value: float, unit: str = "persons") -> str:
    """Write a figure the way the book prints it.

    Money in dollars is written in millions or billions; percentages with a
    percent sign; everything else with thousands separators.

    Examples
    --------
    >>> format_number(1568)
    '1,568'
    >>> format_number(2.5e9, "usd_current")
    '$2.5 billion'
    >>> format_number(300e6, "usd_current_per_year")
    '$300 million'
    >>> format_number(60, "percent")
    '60%'
    >>> format_number(0.5)
    '0.5'
    """
    if unit.startswith("usd"):
        for size, word in ((1e9, "billion"), (1e6, "million")):
            if abs(value) >= size:
                return f"${value / size:,.3g} {word}"
        return f"${value:,.0f}"
    if unit == "percent":
        return f"{value:g}%"
    if unit == "sipri_tiv_million":
        return f"{value:,.4g} million TIV"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.4g}"


def format_range(low: float | None, best: float | None, high: float | None,
                 unit: str = "persons") -> str:
    """Write a low/best/high estimate as a phrase.

    Examples
    --------
    >>> format_range(3000, 3000, 3000)
    '3,000'
    >>> format_range(400, None, None)
    'more than 400'
    >>> format_range(None, None, 2000)
    'up to 2,000'
    >>> format_range(1904, 5174, 17051)
    '5,174 (range 1,904–17,051)'
    """
    lo, be, hi = (None if _missing(v) else float(v) for v in (low, best, high))
    if lo is None and be is None and hi is None:
        raise ValueError("an estimate needs at least one of low, best and high")
    if be is not None and lo in (None, be) and hi in (None, be):
        return format_number(be, unit)
    if be is None and lo is not None and hi is None:
        return f"more than {format_number(lo, unit)}"
    if be is None and lo is None:
        return f"up to {format_number(hi, unit)}"
    if be is None:
        if lo == hi:
            return format_number(lo, unit)
        return f"{format_number(lo, unit)}–{format_number(hi, unit)}"
    bounds = f"{format_number(lo, unit) if lo is not None else '?'}–" \
             f"{format_number(hi, unit) if hi is not None else '?'}"
    return f"{format_number(be, unit)} (range {bounds})"


def format_date(date: pd.Timestamp, precision: str) -> str:
    """Write a date as precisely as its precision allows.

    Examples
    --------
    >>> format_date(pd.Timestamp("1989-02-15"), "day")
    '15 February 1989'
    >>> format_date(pd.Timestamp("1991-01-01"), "year")
    '1991'
    """
    if precision == "day":
        return f"{date.day} {date:%B %Y}"
    if precision == "month":
        return f"{date:%B %Y}"
    if precision == "year":
        return f"{date:%Y}"
    raise ValueError(f"unknown precision '{precision}'; expected day, month or year")


def format_period(start: pd.Timestamp, start_precision: str, end: pd.Timestamp | None,
                  end_precision: str | None) -> str:
    """Write a period, sharing the month and year where they are the same.

    Examples
    --------
    >>> ts = pd.Timestamp
    >>> format_period(ts("1991-03-14"), "day", ts("1991-03-31"), "day")
    '14–31 March 1991'
    >>> format_period(ts("1989-03-05"), "day", ts("1989-07-01"), "month")
    '5 March – July 1989'
    >>> format_period(ts("1990-04-01"), "month", ts("1990-06-01"), "month")
    'April–June 1990'
    >>> format_period(ts("1989-02-15"), "day", None, None)
    '15 February 1989'
    """
    if end is None or pd.isna(end):
        return format_date(start, start_precision)
    first, last = format_date(start, start_precision), format_date(end, end_precision or "day")
    if first == last:
        return first
    if start_precision == end_precision == "year":
        return f"{start.year}–{end.year}"
    if start.year != end.year or (start_precision, end_precision) == ("month", "day"):
        return f"{first} – {last}"
    if start_precision == end_precision == "day" and start.month == end.month:
        return f"{start.day}–{last}"
    if start_precision == end_precision == "month":
        return f"{start:%B}–{last}"
    head = first.removesuffix(f" {start.year}")
    return f"{head} – {last}"


def _row(table: pd.DataFrame, key: str, value: str) -> pd.Series:
    rows = table.loc[table[key] == value]
    if rows.empty:
        raise KeyError(f"no row with {key} '{value}'")
    return rows.iloc[0]


def estimate_phrase(estimates: pd.DataFrame, estimate_id: str) -> str:
    """The figure of one row of the estimates table, as a phrase.

    Examples
    --------
    >>> est = pd.DataFrame({"estimate_id": ["e1"], "low": [12000.0], "best": [None],
    ...                     "high": [15000.0], "unit": ["persons"]})
    >>> estimate_phrase(est, "e1")
    '12,000–15,000'
    """
    row = _row(estimates, "estimate_id", estimate_id)
    return format_range(row["low"], row["best"], row["high"], str(row["unit"]))


def flow_phrase(flows: pd.DataFrame, flow_id: str) -> str:
    """The amount of one row of the flows table, as a phrase.

    Examples
    --------
    >>> fl = pd.DataFrame({"flow_id": ["f"], "amount_low": [2e9], "amount_best": [None],
    ...                    "amount_high": [6e9], "unit": ["usd_current"]})
    >>> flow_phrase(fl, "f")
    '$2 billion–$6 billion'
    """
    row = _row(flows, "flow_id", flow_id)
    return format_range(row["amount_low"], row["amount_best"], row["amount_high"],
                        str(row["unit"]))


def event_date_phrase(events: pd.DataFrame, event_id: str) -> str:
    """The date or period of one row of the events table, as a phrase.

    Examples
    --------
    >>> ev = pd.DataFrame({"event_id": ["x"], "start_date": [pd.Timestamp("1990-03-06")],
    ...     "start_precision": ["day"], "end_date": [pd.NaT], "end_precision": [None]})
    >>> event_date_phrase(ev, "x")
    '6 March 1990'
    """
    row = _row(events, "event_id", event_id)
    end_precision = None if _missing(row["end_precision"]) else str(row["end_precision"])
    return format_period(row["start_date"], str(row["start_precision"]), row["end_date"],
                         end_precision)


def _optional(value: object) -> str | None:
    return None if _missing(value) or value is pd.NaT else str(value)


def reading_phrase(table: str, row: Mapping[str, object]) -> str:
    """The reading of one row of a fact table: a date, a figure or an amount.

    Parameters
    ----------
    table
        ``events``, ``estimates`` or ``flows``.
    row
        The row, as a mapping of column to value.

    Examples
    --------
    >>> reading_phrase("estimates", {"low": 5000.0, "best": None, "high": 7000.0,
    ...                              "unit": "persons"})
    '5,000–7,000'
    >>> reading_phrase("events", {"start_date": pd.Timestamp("1989-03-05"),
    ...     "start_precision": "day", "end_date": pd.NaT, "end_precision": None})
    '5 March 1989'
    """
    if table == "events":
        return format_period(row["start_date"], str(row["start_precision"]),
                             None if pd.isna(row["end_date"]) else row["end_date"],
                             _optional(row["end_precision"]))
    if table == "estimates":
        low, best, high = row["low"], row["best"], row["high"]
    elif table == "flows":
        low, best, high = row["amount_low"], row["amount_best"], row["amount_high"]
    else:
        raise ValueError(f"table '{table}' has no readings; expected one of {FACT_TABLES}")
    if all(_missing(v) for v in (low, best, high)):
        return "no figure given"
    return format_range(low, best, high, str(row["unit"]))


def relation_phrase(row: Mapping[str, object], names: Mapping[str, str]) -> str:
    """A tie between two actors in words: who, what kind, when.

    Examples
    --------
    >>> row = {"actor_a": "jamiat", "actor_b": "hig", "type": "armed_clash",
    ...        "start_date": pd.Timestamp("1989-07-09"), "start_precision": "month",
    ...        "end_date": pd.NaT, "end_precision": None}
    >>> relation_phrase(row, {"jamiat": "Jamiat", "hig": "Hezb-i Islami"})
    'Jamiat and Hezb-i Islami, armed clash, July 1989'
    """
    who = f"{names.get(str(row['actor_a']), row['actor_a'])} and " \
          f"{names.get(str(row['actor_b']), row['actor_b'])}"
    what = str(row["type"]).replace("_", " ")
    if _missing(row["start_date"]) or row["start_date"] is pd.NaT:
        return f"{who}, {what}"
    when = format_period(row["start_date"], str(row["start_precision"]),
                         None if pd.isna(row["end_date"]) else row["end_date"],
                         _optional(row["end_precision"]))
    return f"{who}, {what}, {when}"


def value_phrase(row: Mapping[str, object], column: str) -> str:
    """One column of a row in words: a figure with its unit, a date at its precision.

    Figures (``low``, ``best``, ``high`` and the ``amount_`` columns) are written
    with the row's unit; a date column ``x_date`` (or ``period_start``) at the
    precision its row gives; anything else as it stands.

    Examples
    --------
    >>> value_phrase({"low": 200.0, "unit": "persons"}, "low")
    '200'
    >>> value_phrase({"year_end": 1991}, "year_end")
    '1991'
    >>> value_phrase({"start_date": pd.Timestamp("1990-03-06"), "start_precision": "day"},
    ...              "start_date")
    '6 March 1990'
    """
    if column not in row:
        raise KeyError(f"no column '{column}'")
    value = row[column]
    if _missing(value) or value is pd.NaT:
        raise ValueError(f"column '{column}' is empty in this row")
    if column in ("low", "best", "high") or column.startswith("amount_"):
        return format_number(float(value), str(row.get("unit", "persons")))
    if isinstance(value, pd.Timestamp):
        stem = column.removesuffix("_date").removesuffix("_start").removesuffix("_end")
        precision = row.get(f"{stem}_precision") or row.get("period_precision") or "day"
        return format_date(value, str(precision))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def glue_phrases(phrases: Mapping[str, str]) -> None:
    """Glue each phrase under its name, for the chapter's ``{glue:md}`` roles.

    A phrase is glued as Markdown so that it appears without quotes. Only
    usable inside a notebook executed by Jupyter Book (it imports ``myst_nb``).
    """
    from IPython.display import Markdown
    from myst_nb import glue

    for name, text in phrases.items():
        glue(name, Markdown(text), display=False)
