"""The figure pack: every registered figure as files a journal accepts.

:func:`export_all` draws every figure of the registry and writes, for each,
``<id>.png`` (300 dpi), ``<id>.svg``, ``<id>.pdf`` and ``<id>.csv`` (the data
as plotted), then ``index.json`` and one zip of them all. Everything is
byte-identical from one run to the next: the figures carry no timestamps,
``index.json`` is written with sorted keys, and the zip's entries have a fixed
date and order.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from analysis.data import load_dataset
>>> with tempfile.TemporaryDirectory() as tmp:
...     index = export_all(load_dataset(), Path(tmp), only=["fig-yearly-battle-deaths"])
...     sorted(p.suffix for p in Path(tmp).iterdir())
['.csv', '.json', '.pdf', '.png', '.svg', '.zip']
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from analysis.citation import BOOK, figure_citation, permalink
from analysis.data import Dataset
from analysis.figures import LICENCE, export_figure
from analysis.registry import all_specs

__all__ = ["FORMATS", "ZIP_NAME", "export_all", "write_index", "set_numbers", "write_zip"]

#: The files written for each figure.
FORMATS: tuple[str, ...] = ("png", "svg", "pdf", "csv")
#: The name of the zip holding the whole pack.
ZIP_NAME = "afghanistan-1989-1992-figures.zip"
_FIXED_DATE = (1992, 4, 28, 0, 0, 0)


def export_all(dataset: Dataset, outdir: Path, only: Iterable[str] | None = None,
               numbers: dict[str, str] | None = None, pack: bool = True,
               images_ready: Path | None = None) -> list[dict[str, Any]]:
    """Export every registered figure, then ``index.json`` and the zip.

    Parameters
    ----------
    dataset
        The loaded data.
    outdir
        Folder to write to (created if needed).
    only
        Restrict to these figure ids.
    numbers
        Figure numbers in the book by id, when known (from the built HTML).
    pack
        Also write ``index.json`` and the zip (``False`` draws the figures only).
    images_ready
        A file to create once every PNG and CSV is written: the pages need only
        those, so the book's build can go on while the SVG and PDF files are
        written.

    Returns
    -------
    list of dict
        The entries of ``index.json``.
    """
    import matplotlib.pyplot as plt

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    wanted = set(only) if only is not None else None
    index = []
    drawn = []
    for spec in all_specs():
        if wanted is not None and spec.fig_id not in wanted:
            continue
        fig, data = spec.make(dataset, spec)
        export_figure(fig, spec.fig_id, outdir, data, title=spec.title, source=spec.source,
                      formats=("png",))
        drawn.append((spec, fig))
    if images_ready is not None:
        Path(images_ready).write_text("\n", encoding="utf-8")
    for spec, fig in drawn:
        export_figure(fig, spec.fig_id, outdir, None, title=spec.title, source=spec.source,
                      formats=("svg", "pdf"))
        plt.close(fig)
        anchor = f"{spec.chapter}.html#{spec.fig_id}"
        index.append({
            "id": spec.fig_id,
            "number": (numbers or {}).get(spec.fig_id),
            "title": spec.title,
            "caption": spec.caption,
            "alt": spec.alt,
            "chapter": spec.chapter,
            "anchor": anchor,
            "url": permalink(anchor),
            "source": spec.source,
            "licence": LICENCE,
            "book": BOOK["title"],
            "book_version": BOOK["version"],
            "book_url": BOOK["url"],
            "authors": list(BOOK["author_names"]),
            "repository": BOOK["repository"],
            "files": {fmt: f"{spec.fig_id}.{fmt}" for fmt in FORMATS},
        })
    for entry in index:
        entry["citation"] = figure_citation(entry["id"], entry["title"], entry["number"],
                                            entry["anchor"])
    if pack:
        write_index(outdir, index)
    return index


def write_index(outdir: Path, index: list[dict[str, Any]]) -> None:
    """Write ``index.json`` (each entry with its citation) and the zip of the pack."""
    for entry in index:
        entry["citation"] = figure_citation(entry["id"], entry["title"], entry["number"],
                                            entry["anchor"])
    (Path(outdir) / "index.json").write_text(
        json.dumps(index, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    write_zip(outdir, [e["files"][fmt] for e in index for fmt in FORMATS] + ["index.json"])


def set_numbers(outdir: Path, numbers: dict[str, str]) -> bool:
    """Put the figures' numbers in the book into an exported pack's ``index.json``.

    The pack is drawn before the book is built, when the numbers are not yet
    known; the build then calls this. Returns whether anything changed (the
    zip is rewritten only then).

    Examples
    --------
    >>> import tempfile
    >>> from analysis.data import load_dataset
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     index = export_all(load_dataset(), Path(tmp), only=["fig-yearly-battle-deaths"])
    ...     changed = set_numbers(Path(tmp), {"fig-yearly-battle-deaths": "9"})
    ...     entry = json.loads((Path(tmp) / "index.json").read_text())[0]
    ...     changed, entry["number"], "(Figure 9, fig-yearly-battle-deaths)" in entry["citation"]
    (True, '9', True)
    """
    index = json.loads((Path(outdir) / "index.json").read_text(encoding="utf-8"))
    if all(entry["number"] == numbers.get(entry["id"]) for entry in index):
        return False
    for entry in index:
        entry["number"] = numbers.get(entry["id"])
    write_index(outdir, index)
    return True


def write_zip(folder: Path, names: list[str]) -> Path:
    """Zip the named files of a folder with fixed dates, in the given order.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "a.txt").write_text("a")
    ...     write_zip(Path(tmp), ["a.txt"]).name
    'afghanistan-1989-1992-figures.zip'
    """
    path = Path(folder) / ZIP_NAME
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (Path(folder) / name).read_bytes())
    return path
