"""Tests of the text-only build (book/_ext/text_only.py, ``build_book.py --text-only``):
no notebook is executed and no figure drawn, and the pages are still written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_book, data_book

pytestmark = pytest.mark.build

NOTEBOOK = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
# NB

```{code-cell} ipython3
print("EXECUTED" + "-MARK")
```
"""
PAGE = "# Page\n\n```{data-figure} fig-jalalabad-timeline\nCaption.\n```\n"


def test_text_only_build_executes_and_draws_nothing(tmp_path: Path) -> None:
    root = data_book(tmp_path / "book-root", {"index": "# Index\n\n```{bibliography}\n```\n",
                                             "nb": NOTEBOOK, "page": PAGE})
    result = build_book(root, "--text-only")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = root / "_build" / "html" / "book"
    assert "EXECUTED-MARK" not in (html / "nb.html").read_text(encoding="utf-8")
    page = (html / "page.html").read_text(encoding="utf-8")
    assert "Caption." in page and "<img" not in page
    assert not (root / "book" / "generated" / "figures").exists()
