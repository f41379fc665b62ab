"""Tests of the list of data behind a chapter (book/_ext/data_behind.py): it is made from
the rows the page's roles name and the figures it shows, each linking to its entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import build_book, data_book

pytestmark = pytest.mark.build

PAGE = """# Page

Strength {estimate}`e2`, tie {relation}`r2`, battle {event}`battle_a`, again {estimate}`e2`.

## Data behind this chapter

```{data-behind}
```
"""
EMPTY = "# Empty\n\nNo data here.\n\n```{data-behind}\n```\n"


def test_list_names_the_rows_used_with_links(tmp_path: Path) -> None:
    root = data_book(tmp_path / "book-root", {"index": "# Index\n\n```{bibliography}\n```\n",
                                             "page": PAGE, "empty": EMPTY})
    result = build_book(root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    page = (root / "_build" / "html" / "book" / "page.html").read_text(encoding="utf-8")
    section = page[page.index('id="data-behind-this-chapter"'):]
    items = re.findall(r"<li><p>(.*?)</p></li>", section, flags=re.S)
    plain = [re.sub(r"<[^>]+>", "", item) for item in items]
    assert plain == ["Events (data/events.csv): battle_a.",
                     "Estimates (data/estimates.csv): e2.",
                     "Relations (data/relations.csv): r2."]
    assert 'href="generated/rows/estimates.html#row-estimates-e2"' in section
    empty = (root / "_build" / "html" / "book" / "empty.html").read_text(encoding="utf-8")
    assert "This chapter names no data row." in empty
