"""Same inputs, same bytes: the figure pack and the notebooks are deterministic.

(a) The figure pack (:func:`analysis.exports.export_all`) written twice in
this process and once more in a fresh interpreter with another hash seed must
be byte-identical, file by file, ``index.json`` and the zip included.
(b) Every analytic notebook (a ``book/*.md`` with a jupytext header) executed
twice with nbclient, from ``book/`` as the build runs it, must give the same
outputs once execution counts and transient metadata are dropped.

These run on the real data and the real chapters.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from analysis.data import load_dataset
from analysis.exports import ZIP_NAME, export_all
from analysis.paths import BOOK_DIR, ROOT

NOTEBOOK_HEADER = "---\njupytext:"
TIMEOUT_S = 300


def notebooks(book_dir: Path = BOOK_DIR) -> list[Path]:
    """The chapters that are MyST notebooks (they start with the jupytext header)."""
    return sorted(
        p
        for p in book_dir.glob("*.md")
        if p.read_text(encoding="utf-8").startswith(NOTEBOOK_HEADER)
    )


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file of a folder by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """What differs between two sets of files."""
    out = [f"only in the first: {n}" for n in sorted(set(first) - set(second))]
    out += [f"only in the second: {n}" for n in sorted(set(second) - set(first))]
    out += [f"bytes differ: {n}" for n in sorted(set(first) & set(second)) if first[n] != second[n]]
    return out


def comparable_outputs(nb: nbformat.NotebookNode) -> list[list[dict[str, Any]]]:
    """Each code cell's outputs without execution counts and transient metadata."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            kept = {k: v for k, v in output.items() if k not in {"execution_count", "transient"}}
            outputs.append(json.loads(json.dumps(kept, sort_keys=True)))
        cells.append(outputs)
    return cells


async def execute(path: Path, slots: asyncio.Semaphore) -> list[list[dict[str, Any]]]:
    """Execute a MyST notebook as the build does (from its folder) and return its outputs."""
    nb = jupytext.read(path)
    client = NotebookClient(  # resources' path is the kernel's working directory
        nb,
        timeout=TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    async with slots:
        await client.async_execute()
    return comparable_outputs(nb)


async def execute_all(paths: list[Path], at_once: int = 2) -> list[list[list[dict[str, Any]]]]:
    """Execute notebooks, ``at_once`` kernels at a time (one event loop, closed afterwards)."""
    slots = asyncio.Semaphore(at_once)
    return list(await asyncio.gather(*(execute(path, slots) for path in paths)))


def first_difference(a: object, b: object, context: int = 40) -> str:
    """Where two values' texts first differ, with a little context on either side."""
    first, second = str(a), str(b)
    at = next(
        (i for i, (x, y) in enumerate(zip(first, second, strict=False)) if x != y),
        min(len(first), len(second)),
    )
    start = max(0, at - context)
    return f"{first[start : at + context]!r} then {second[start : at + context]!r}"


def describe(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> str:
    """A short account of how two cells' outputs differ (not the whole base64 images)."""
    if len(first) != len(second):
        return f"{len(first)} outputs, then {len(second)}"
    lines = []
    for number, (a, b) in enumerate(zip(first, second, strict=True), start=1):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                lines.append(f"output {number}, {key}: {first_difference(a.get(key), b.get(key))}")
    return "; ".join(lines)


# --- the comparison helpers --------------------------------------------------------------


def test_describe_points_at_the_difference() -> None:
    a = [{"output_type": "stream", "text": "1"}]
    assert describe(a, a) == ""
    assert describe(a, [{"output_type": "stream", "text": "2"}]) == "output 1, text: '1' then '2'"
    assert first_difference("x" * 100 + "a", "x" * 100 + "b", 3) == "'xxxa' then 'xxxb'"
    assert describe(a, []) == "1 outputs, then 0"


def test_differences_names_every_kind_of_difference() -> None:
    first = {"a": b"1", "b": b"2", "c": b"3"}
    second = {"b": b"2", "c": b"4", "d": b"5"}
    assert differences(first, second) == [
        "only in the first: a",
        "only in the second: d",
        "bytes differ: c",
    ]
    assert differences(first, dict(first)) == []


def test_comparable_outputs_drops_counts_and_transient_only() -> None:
    def notebook(count: int, display_id: str, text: str) -> nbformat.NotebookNode:
        outputs = [
            {
                "output_type": "execute_result",
                "data": {"text/plain": "1"},
                "metadata": {},
                "execution_count": count,
            },
            {
                "output_type": "display_data",
                "data": {"text/plain": text},
                "metadata": {},
                "transient": {"display_id": display_id},
            },
        ]
        return nbformat.from_dict(
            {
                "cells": [
                    {"cell_type": "markdown", "source": "text", "metadata": {}},
                    {
                        "cell_type": "code",
                        "source": "1",
                        "metadata": {},
                        "execution_count": count,
                        "outputs": outputs,
                    },
                ]
            }
        )

    assert comparable_outputs(notebook(7, "q", "x")) == comparable_outputs(notebook(9, "r", "x"))
    assert comparable_outputs(notebook(7, "q", "x")) != comparable_outputs(notebook(7, "q", "y"))
    assert comparable_outputs(notebook(7, "q", "x"))[0][1] == {
        "output_type": "display_data",
        "data": {"text/plain": "x"},
        "metadata": {},
    }


# --- (a) the figure pack -----------------------------------------------------------------


def test_figure_pack_is_byte_identical(tmp_path: Path) -> None:
    dataset = load_dataset()
    first, second, third = tmp_path / "first", tmp_path / "second", tmp_path / "fresh"
    export_all(dataset, first)
    export_all(dataset, second)
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from analysis.data import load_dataset; "
            "from analysis.exports import export_all; "
            "export_all(load_dataset(), Path(sys.argv[1]))",
            str(third),
        ],
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        timeout=300,
    )
    files = files_of(first)
    assert {"index.json", ZIP_NAME} <= set(files), sorted(files)
    assert any(name.endswith(".png") for name in files), sorted(files)
    found = differences(files, files_of(second))
    found += [f"(fresh interpreter) {d}" for d in differences(files, files_of(third))]
    assert not found, "\n".join(found)


# --- (b) the notebooks -------------------------------------------------------------------

NOTEBOOKS = notebooks()


@pytest.fixture(scope="module")
def executions() -> dict[str, list[list[list[dict[str, Any]]]]]:
    """Every notebook executed twice, two kernels at a time."""
    jobs = [path for path in NOTEBOOKS for _ in range(2)]
    # In a thread of its own: asyncio.run needs a thread where no event loop is running
    # (a playwright fixture, for one, keeps one running in the main thread).
    with ThreadPoolExecutor(max_workers=1) as worker:
        results = worker.submit(lambda: asyncio.run(execute_all(jobs))).result()
    runs: dict[str, list[list[list[dict[str, Any]]]]] = {}
    for path, outputs in zip(jobs, results, strict=True):
        runs.setdefault(path.name, []).append(outputs)
    return runs


def test_the_book_has_notebooks() -> None:
    assert NOTEBOOKS, f"no MyST notebook (jupytext header) in {BOOK_DIR}"


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_notebook_outputs_are_identical_across_runs(
    executions: dict[str, list[list[list[dict[str, Any]]]]], name: str
) -> None:
    first, second = executions[name]
    assert any(first), f"{name} produced no output at all"
    assert len(first) == len(second)
    found = [
        f"code cell {number}: {describe(a, b)}"
        for number, (a, b) in enumerate(zip(first, second, strict=True), start=1)
        if a != b
    ]
    if found:
        pytest.fail(f"{name}: outputs differ between two runs:\n" + "\n".join(found))
