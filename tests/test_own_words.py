"""The book is written in its own words: no chapter follows the seed's wording.

The seed article is a source to cite, not text to copy. This test looks for
runs of eight or more words that a chapter shares with the seed, outside
quotation marks (short quotations of historical actors are allowed, marked
and attributed) and outside code. It needs the shared sources beside the
project; without them it skips and says so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.paths import BOOK_DIR, ROOT

SEED = ROOT.parent / "shared" / "sources" / "seed" / "000_0c80caea0e6d3dde.txt"
RUN = 8
#: Shared runs that are facts, not wording, each with its reason.
ALLOWED = {
    # the four Jamiat commanders the seed names, listed as it lists them
    "mohammad izzatullah mohammad islamuddin mulla abdul wadoud and payinda mohammad",
}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _prose(text: str) -> str:
    text = re.sub(r"```.*?```", " ", text, flags=re.S)  # code cells and directives
    text = re.sub(r'"[^"]{0,1500}"|“[^”]{0,1500}”', " ", text, flags=re.S)  # quotations
    return re.sub(r"\{[a-z:]+\}`[^`]*`", " ", text)  # roles (citations, references, glue)


def shared_runs(text: str, seed: str, n: int = RUN) -> list[str]:
    """Runs of n or more words of ``text`` that also stand in ``seed``."""
    seed_words = _words(seed)
    grams = {" ".join(seed_words[i:i + n]) for i in range(len(seed_words) - n + 1)}
    words = _words(_prose(text))
    hits = [i for i in range(len(words) - n + 1) if " ".join(words[i:i + n]) in grams]
    runs: list[list[int]] = []
    for i in hits:
        if runs and i <= runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return [" ".join(words[a:b + n]) for a, b in runs]


def test_the_check_finds_copied_wording() -> None:
    seed = "The attack began on March 5, 1989, and went well at first for the mujahideen."
    copied = "As the seed says, the attack began on March 5, 1989, and went well at first."
    assert shared_runs(copied, seed) == ["the attack began on march 5 1989 and went well at first"]
    assert shared_runs('He said "the attack began on March 5, 1989, and went well".', seed) == []


@pytest.mark.skipif(not SEED.exists(), reason="the shared sources are not beside the project "
                    f"({SEED.parent} is missing); the book does not need them")
@pytest.mark.parametrize("chapter", sorted(p.name for p in BOOK_DIR.glob("*.md")))
def test_no_chapter_copies_the_seed(chapter: str) -> None:
    runs = set(shared_runs((BOOK_DIR / chapter).read_text(encoding="utf-8"),
                           Path(SEED).read_text(encoding="utf-8"))) - ALLOWED
    assert not runs, f"{chapter} follows the seed's wording: {sorted(runs)}"
