"""Checks of the frames that topic functions receive.

Examples
--------
>>> import pandas as pd
>>> require_columns(pd.DataFrame({"a": [1]}), ["a"], "demo")
>>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "demo")
Traceback (most recent call last):
...
ValueError: the demo table lacks the column(s): b
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = ["require_columns"]


def require_columns(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise a ValueError naming the table and every column it lacks."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"the {what} table lacks the column(s): {', '.join(missing)}")
