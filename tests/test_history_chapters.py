"""The history chapters are plain MyST pages: no notebook header, no code cell, no glue;
their numbers come from the data roles and their list of data is generated."""

from __future__ import annotations

import re

import pytest

from analysis.paths import BOOK_DIR

HISTORY = ("background", "jalalabad", "rivalry", "regime_holds", "khost", "money_and_guns",
           "collapse", "kabul_1992", "aftermath")


@pytest.mark.parametrize("name", HISTORY)
def test_history_chapter_is_a_plain_page(name: str) -> None:
    text = (BOOK_DIR / f"{name}.md").read_text(encoding="utf-8")
    assert not text.startswith("---"), "no jupytext header"
    assert "{code-cell}" not in text
    assert "{glue" not in text
    assert re.match(r"\(chapter-[a-z0-9-]+\)=\n# ", text), "starts with its label and title"
    assert re.search(r"\{(estimate|event|fact|flow)\}`", text), "numbers come from roles"
    if "## Data behind this chapter" in text:
        assert "```{data-behind}" in text
