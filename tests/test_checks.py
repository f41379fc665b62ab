"""Tests of analysis.checks."""

import pandas as pd
import pytest

from analysis.checks import require_columns


def test_every_missing_column_is_named() -> None:
    with pytest.raises(ValueError, match=r"the flows table lacks the column\(s\): b, c"):
        require_columns(pd.DataFrame({"a": []}), ["a", "b", "c"], "flows")


def test_present_columns_pass() -> None:
    assert require_columns(pd.DataFrame({"a": [], "b": []}), ["b"], "x") is None
