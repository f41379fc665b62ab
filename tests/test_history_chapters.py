"""The history chapters are plain MyST pages: no notebook header, no code cell, no glue;
their numbers come from the data roles and their list of data is generated."""

from __future__ import annotations

import re

import pytest
import yaml

from analysis.paths import BOOK_DIR, ROOT


def history_chapters() -> list[str]:
    """The chapters of the part "The history" of the table of contents."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    part = next(p for p in toc["parts"] if p["caption"] == "The history")
    return [c["file"].removeprefix("book/") for c in part["chapters"]]


HISTORY = history_chapters()


def test_the_history_has_its_nine_first_chapters() -> None:
    assert {"background", "jalalabad", "rivalry", "regime_holds", "khost", "money_and_guns",
            "collapse", "kabul_1992", "aftermath"} <= set(HISTORY)


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
