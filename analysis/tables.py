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
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["StaticTable", "show_table"]


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
        if not self.index:
            styler = styler.hide(axis="index")
        return styler.to_html()

    def __repr__(self) -> str:
        return self.frame.to_string(index=self.index)


def show_table(frame: pd.DataFrame, table_id: str, index: bool = False) -> StaticTable:
    """Wrap a frame for display in a chapter (fixed HTML id, plain-text form).

    Parameters
    ----------
    frame
        The table.
    table_id
        An id unique in the book (letters, digits, ``-`` and ``_``).
    index
        Whether to show the frame's index.
    """
    return StaticTable(frame, table_id, index)
