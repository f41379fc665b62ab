"""Tests of analysis.tables."""

import pandas as pd
import pytest

from analysis.tables import show_table


def test_html_is_identical_on_every_call() -> None:
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    first = show_table(frame, "t1")._repr_html_()
    assert first == show_table(frame, "t1")._repr_html_()
    assert 'id="T_t1"' in first and "<th" in first


def test_plain_text_is_the_table() -> None:
    frame = pd.DataFrame({"a": [1]}, index=["r"])
    assert repr(show_table(frame, "t")) == " a\n 1"
    assert repr(show_table(frame, "t", index=True)) == "   a\nr  1"
    assert "r" in show_table(frame, "t", index=True)._repr_html_()


@pytest.mark.parametrize("bad", ["has space", "", "a/b"])
def test_bad_ids_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="may hold only"):
        show_table(pd.DataFrame(), bad)
