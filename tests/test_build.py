"""The strict build: a failing cell or a dangling reference fails it, and
the execution cache follows changes in analysis/ and data/.

These tests build small books in temporary folders with the project's own
configuration, extension and build script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NOTEBOOK_HEADER

from analysis.paths import ROOT

pytestmark = pytest.mark.build



def run_build(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_book.py"), "--root", str(root)],
        capture_output=True,
        errors="replace",
        text=True,
        env=env,
        timeout=600,
    )


def tiny_book(tmp_path: Path, pages: dict[str, str]) -> Path:
    """A book with the project's config and extension and the given pages."""
    root = tmp_path / "book-root"
    (root / "book").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    shutil.copy(ROOT / "CITATION.cff", root / "CITATION.cff")
    shutil.copytree(ROOT / "book" / "_ext", root / "book" / "_ext")
    shutil.copytree(ROOT / "book" / "_static", root / "book" / "_static")
    (root / "data").mkdir()
    shutil.copy(ROOT / "data" / "references.bib", root / "data" / "references.bib")
    for name, text in pages.items():
        (root / "book" / f"{name}.md").write_text(text, encoding="utf-8")
    names = list(pages)
    chapters = "".join(f"  - file: book/{n}\n" for n in names[1:])
    (root / "_toc.yml").write_text(
        f"format: jb-book\nroot: book/{names[0]}\n" + (f"chapters:\n{chapters}" if chapters else "")
    )
    return root


GOOD_INDEX = (
    "# Index\n\nA page that cites {cite}`wiki_afghan_civil_war_1989_1992`.\n\n"
    "```{bibliography}\n```\n"
)


def test_tiny_book_builds(tmp_path: Path) -> None:
    root = tiny_book(
        tmp_path,
        {
            "index": GOOD_INDEX,
            "nb": NOTEBOOK_HEADER + "# NB\n\n```{code-cell} ipython3\n1 + 1\n```\n",
        },
    )
    result = run_build(root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (root / "_build" / "html" / "book" / "nb.html").exists()


def test_failing_cell_fails_the_build(tmp_path: Path) -> None:
    nb = NOTEBOOK_HEADER + "# NB\n\n```{code-cell} ipython3\nraise RuntimeError('boom')\n```\n"
    root = tiny_book(tmp_path, {"index": GOOD_INDEX, "nb": nb})
    result = run_build(root)
    assert result.returncode != 0
    assert "boom" in result.stdout + result.stderr


def test_dangling_reference_fails_the_build(tmp_path: Path) -> None:
    page = "# Page\n\nSee {numref}`fig-that-does-not-exist`.\n"
    root = tiny_book(tmp_path, {"index": GOOD_INDEX, "page": page})
    result = run_build(root)
    assert result.returncode != 0
    assert "fig-that-does-not-exist" in result.stdout + result.stderr


def test_unknown_citation_fails_the_build(tmp_path: Path) -> None:
    page = "# Page\n\nAs {cite}`invented_source_2020` says.\n"
    root = tiny_book(tmp_path, {"index": GOOD_INDEX, "page": page})
    assert run_build(root).returncode != 0


def test_change_in_data_reexecutes_notebooks(tmp_path: Path) -> None:
    """Change a value a notebook shows, rebuild, see the new value."""
    root = tmp_path / "copy"
    shutil.copytree(
        ROOT,
        root,
        ignore=shutil.ignore_patterns(
            "_build", ".venv", ".git", "__pycache__", "*.egg-info", ".pytest_cache"
        ),
    )
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/probe\n")
    probe = NOTEBOOK_HEADER + (
        "# Probe\n\n```{code-cell} ipython3\nfrom analysis.data import load_dataset\n"
        "print('DEFLATOR', load_dataset().deflators.set_index('year')"
        ".loc[1989, 'index_value'])\n```\n"
    )
    (root / "book" / "probe.md").write_text(probe)
    first = run_build(root)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    html = (root / "_build" / "html" / "book" / "probe.html").read_text()
    assert "DEFLATOR 124.0" in html

    deflators = root / "data" / "deflators.csv"
    text = deflators.read_text()
    line = next(row for row in text.splitlines() if row.startswith("1989,"))
    deflators.write_text(text.replace(line, line.replace("124", "999", 1)))
    second = run_build(root)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    html = (root / "_build" / "html" / "book" / "probe.html").read_text()
    assert "DEFLATOR 999.0" in html
