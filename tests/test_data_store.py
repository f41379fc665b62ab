"""Tests of the data store (book/_ext/data_store.py): a page using a role is read again
when its table's CSV changes, and shows the new value; other pages are not read again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINI, build_book, data_book, write_table

pytestmark = pytest.mark.build

PAGES = {
    "index": "# Index\n\n```{bibliography}\n```\n",
    "uses_estimates": "# Estimates\n\nKilled: {estimate}`e2`.\n",
    "uses_events": "# Events\n\nOn {event}`battle_a`.\n",
    "plain": "# Plain\n\nNo data.\n",
}


def _read(output: str) -> set[str]:
    """The documents Sphinx read, from its log."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", output)
    return set(re.findall(r"reading sources\.\.\. (?:\[\s*\d+%\] )?(\S+)", plain))


def test_changed_value_shows_and_only_pages_using_the_table_are_read(tmp_path: Path) -> None:
    root = data_book(tmp_path / "book-root", PAGES)
    first = build_book(root)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    page = root / "_build" / "html" / "book" / "uses_estimates.html"
    assert "12,000–15,000" in page.read_text(encoding="utf-8")

    rows = [dict(r) for r in MINI["estimates"]]
    rows[1]["high"] = "16000"
    write_table(root / "data", "estimates", rows)
    second = build_book(root)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert "12,000–16,000" in page.read_text(encoding="utf-8")
    read = _read(second.stdout)
    assert "book/uses_estimates" in read and "book/generated/rows/estimates" in read
    assert not read & {"book/plain", "book/uses_events", "book/generated/rows/events"}, read
