"""Tables for the chapters: the same output on every run.

A pandas ``Styler`` gets a random id on every execution, and its plain-text
fallback is ``<pandas.io.formats.style.Styler at 0x...>``, so a notebook that
shows one never gives the same output twice and prints nonsense in the PDF.
:func:`show_table` wraps a frame in an object with a fixed id for HTML and a
readable plain-text form.

Examples
--------
>>> import pandas as pd
>>> table = show_table(pd.DataFrame({"year": [1989], "deaths": [5174]}), "demo")
>>> print(repr(table))
 year  deaths
 1989    5174
>>> 'id="T_demo"' in table._repr_html_()
True
>>> "5,174" in table._repr_html_(), "1,989" in table._repr_html_()
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

__all__ = ["StaticTable", "readable", "show_table"]


class StaticTable:
    """A frame shown as an HTML table with a fixed id, and as plain text."""

    def __init__(self, frame: pd.DataFrame, table_id: str, index: bool = False) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_-]+", table_id):
            raise ValueError(f"table id '{table_id}' may hold only letters, digits, - and _")
        self.frame = frame
        self.table_id = table_id
        self.index = index

    def _repr_html_(self) -> str:
        styler = self.frame.style.set_uuid(self.table_id)
        numbers = [c for c in self.frame.columns
                   if pd.api.types.is_numeric_dtype(self.frame[c])
                   and not pd.api.types.is_bool_dtype(self.frame[c])
                   and not any(w in str(c).lower() for w in ("year", "line", "id"))]
        if numbers:
            styler = styler.format(_number, subset=numbers, na_rep="–")
        if not self.index:
            styler = styler.hide(axis="index")
        # a wide table scrolls inside its own box, never the page
        return (f'<div class="table-scroll" role="region" tabindex="0" '
                f'aria-label="table {self.table_id}">{styler.to_html()}</div>')

    def __repr__(self) -> str:
        return self.frame.to_string(index=self.index)


def _number(value: object) -> str:
    """A number as text: thousands separated, no trailing ``.0``.

    Examples
    --------
    >>> _number(12345.0), _number(0.25), _number(7)
    ('12,345', '0.25', '7')
    """
    if value is None or pd.isna(value):
        return "–"
    number = float(value)  # type: ignore[arg-type]
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.3g}" if abs(number) < 1000 else f"{number:,.0f}"


def readable(frame: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The frame with every text cell that is an id (a key of ``names``) replaced by its name.

    Column names become sentence case, without underscores.

    Examples
    --------
    >>> out = readable(pd.DataFrame({"donor_id": ["ussr"], "amount": [3]}),
    ...                {"ussr": "Soviet Union"})
    >>> out.columns.tolist(), out.loc[0, "Donor"]
    (['Donor', 'Amount'], 'Soviet Union')
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: names.get(v, v) if isinstance(v, str) else v)
    def header(c: object) -> object:
        if not isinstance(c, str):
            return c
        text = c.removesuffix("_id").replace("_", " ").strip()
        return text[:1].upper() + text[1:]
    return out.rename(columns=header)


def show_table(frame: pd.DataFrame, table_id: str, index: bool = False,
               names: Mapping[str, str] | None = None) -> StaticTable:
    """Wrap a frame for display in a chapter (fixed HTML id, plain-text form).

    Parameters
    ----------
    frame
        The table.
    table_id
        An id unique in the book (letters, digits, ``-`` and ``_``).
    index
        Whether to show the frame's index.
    names
        Id -> display name: cells holding an id show the name instead, and
        column names are made readable (:func:`readable`).
    """
    return StaticTable(readable(frame, names) if names is not None else frame, table_id, index)
