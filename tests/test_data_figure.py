"""Tests of the {data-figure} directive (book/_ext/data_figure.py): the registry gives the
image, alt text, source line and anchor; the body is the caption; an unknown id fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import build_book, data_book

from analysis.registry import get_spec

pytestmark = pytest.mark.build

FIG = "fig-jalalabad-timeline"
PAGE = f"""# Page

See {{numref}}`{FIG}`.

```{{data-figure}} {FIG}
What the figure shows, in the chapter's words.
```
"""
INDEX = "# Index\n\n```{bibliography}\n```\n"


def test_figure_comes_from_the_registry_and_the_pack(tmp_path: Path) -> None:
    root = data_book(tmp_path / "book-root", {"index": INDEX, "page": PAGE})
    result = build_book(root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    spec = get_spec(FIG)
    page = (root / "_build" / "html" / "book" / "page.html").read_text(encoding="utf-8")
    figure = page[page.index(f'id="{FIG}"'):page.index("</figure>")]
    assert 'src="../_images/fig-jalalabad-timeline.png"' in figure
    alt = re.search(r'alt="([^"]*)"', figure).group(1)
    assert alt.replace("&#x27;", "'") == spec.alt
    assert "What the figure shows, in the chapter’s words." in figure
    assert f"<strong>{spec.title}.</strong> What the figure shows" in figure
    assert f"Source: {spec.source}." in figure
    assert f'id="{FIG}-tools"' in page  # downloads and "Cite this figure"
    assert re.search(r"Fig\. \d+", page)
    # drawn once, into the figure pack's folder, and that file is the page's image
    pack = root / "book" / "generated" / "figures" / f"{FIG}.png"
    image = root / "_build" / "html" / "_images" / f"{FIG}.png"
    assert pack.read_bytes() == image.read_bytes()


def test_unknown_figure_fails_the_build_at_its_line(tmp_path: Path) -> None:
    page = "# Page\n\n```{data-figure} fig-not-registered\nCaption.\n```\n"
    root = data_book(tmp_path / "book-root", {"index": INDEX, "page": page})
    result = build_book(root)
    assert result.returncode != 0
    assert re.search(r"book/page\.md:3: (ERROR|WARNING).*no figure 'fig-not-registered'",
                     result.stdout + result.stderr), result.stdout[-3000:]
