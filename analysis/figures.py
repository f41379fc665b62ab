"""One house style for every figure, and one way to export them.

The palette is Okabe and Ito's colour-blind-safe set. Each actor keeps one
colour in every figure (:func:`actor_colour`); actors without a colour of their
own take their camp's. :func:`export_figure` writes PNG (300 dpi), SVG, PDF and
the CSV of the plotted data, byte-identical from one run to the next: no
timestamps, a fixed SVG hash salt, and the title, source and licence in each
file's metadata.

Examples
--------
>>> fig, ax = new_figure()
>>> add_source(fig, "UCDP GED 23.1") is not None
True
>>> actor_colour("hig") == actor_colour("hig")
True
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

__all__ = [
    "OKABE_ITO",
    "CAMP_COLOURS",
    "ACTOR_COLOURS",
    "LICENCE",
    "STYLE",
    "actor_colour",
    "apply_style",
    "new_figure",
    "add_source",
    "export_figure",
    "file_digest",
    "write_if_changed",
    "stable_svg_ids",
]

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

#: The colour of each camp (an actor's side in February 1989).
CAMP_COLOURS: dict[str, str] = {
    "government": OKABE_ITO["vermillion"],
    "resistance": OKABE_ITO["bluish_green"],
    "foreign": OKABE_ITO["blue"],
    "international": OKABE_ITO["reddish_purple"],
}

#: Fixed colours of the actors that figures name most often.
ACTOR_COLOURS: dict[str, str] = {
    "gov_afg": OKABE_ITO["vermillion"],
    "jowzjani_militia": OKABE_ITO["orange"],
    "junbish": OKABE_ITO["orange"],
    "jamiat": OKABE_ITO["bluish_green"],
    "shura_nazar": OKABE_ITO["bluish_green"],
    "hig": OKABE_ITO["black"],
    "ittehad": OKABE_ITO["yellow"],
    "wahdat": OKABE_ITO["reddish_purple"],
    "ussr": "#8B0000",
    "russia": "#8B0000",
    "usa": OKABE_ITO["blue"],
    "pakistan": OKABE_ITO["sky_blue"],
    "isi": OKABE_ITO["sky_blue"],
    "saudi_arabia": "#4D7F3A",
    "un": OKABE_ITO["grey"],
}

#: Licence of the book's text, data and figures.
LICENCE = "CC BY 4.0"

#: The rcParams of the house style.
STYLE: dict[str, object] = {
    "figure.figsize": (7.0, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "svg.hashsalt": "afghanistan-1989-1992",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "path.simplify": True,
}


def actor_colour(actor_id: str, camp: str | None = None) -> str:
    """Return the fixed colour of an actor, falling back on its camp's.

    Examples
    --------
    >>> actor_colour("jamiat")
    '#009E73'
    >>> actor_colour("someone_else", camp="foreign")
    '#0072B2'
    >>> actor_colour("someone_else")
    '#999999'
    """
    if actor_id in ACTOR_COLOURS:
        return ACTOR_COLOURS[actor_id]
    return CAMP_COLOURS.get(camp or "", OKABE_ITO["grey"])


def apply_style() -> None:
    """Set the house style on matplotlib's global parameters.

    Examples
    --------
    >>> apply_style()
    >>> matplotlib.rcParams["svg.hashsalt"]
    'afghanistan-1989-1992'
    """
    matplotlib.rcParams.update(STYLE)


def new_figure(width: float = 7.0, height: float = 4.0, nrows: int = 1,
               ncols: int = 1) -> tuple[Figure, Axes]:
    """Return a styled figure and its axes (not attached to pyplot's state).

    Examples
    --------
    >>> fig, ax = new_figure(5, 3)
    >>> fig.get_size_inches().tolist()
    [5.0, 3.0]
    """
    apply_style()
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols)
    return fig, axes


def add_source(fig: Figure, source: str) -> Text:
    """Write the source line in the bottom-left corner of a figure.

    Examples
    --------
    >>> fig, _ = new_figure()
    >>> add_source(fig, "SIPRI").get_text()
    'Source: SIPRI'
    """
    text = f"Source: {source}"
    fig.get_layout_engine().set(h_pad=0.15)
    return fig.text(0.005, 0.005, text, ha="left", va="bottom", fontsize=7, color="#555555",
                    gid="source-line")


def _metadata(fmt: str, title: str, source: str, licence: str) -> dict[str, object]:
    description = f"Source: {source}. Licence: {licence}."
    if fmt == "png":
        return {"Title": title, "Description": description, "Copyright": licence,
                "Software": None}
    if fmt == "svg":
        return {"Title": title, "Description": description, "Rights": licence,
                "Date": None, "Creator": None}
    return {"Title": title, "Subject": description, "Keywords": licence,
            "Creator": None, "Producer": None, "CreationDate": None, "ModDate": None}


def export_figure(fig: Figure, fig_id: str, outdir: Path, data: pd.DataFrame | None, *,
                  title: str, source: str, licence: str = LICENCE,
                  formats: tuple[str, ...] = ("png", "svg", "pdf")) -> Mapping[str, Path]:
    """Write a figure as PNG (300 dpi), SVG and PDF, and its data as CSV.

    Parameters
    ----------
    fig
        The figure, as a plotting function returned it.
    fig_id
        Its stable identifier, used as the file name.
    outdir
        The folder to write to (created if needed).
    data
        The data as plotted (``None``: no CSV is written).
    title, source, licence
        Written into each file's metadata.
    formats
        The image formats to write.

    Returns
    -------
    Mapping[str, Path]
        The path of each file, by format.

    Examples
    --------
    >>> import tempfile
    >>> fig, ax = new_figure()
    >>> _ = ax.plot([1, 2], [3, 4])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = export_figure(fig, "fig-demo", Path(tmp), pd.DataFrame({"x": [1, 2]}),
    ...                           title="Demo", source="none")
    ...     sorted(p.suffix for p in paths.values())
    ['.csv', '.pdf', '.png', '.svg']
    """
    apply_style()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for fmt in formats:
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=300,
                    metadata=_metadata(fmt, title, source, licence))
        content = buffer.getvalue()
        if fmt == "svg":
            content = stable_svg_ids(content.decode("utf-8")).encode("utf-8")
        paths[fmt] = write_if_changed(outdir / f"{fig_id}.{fmt}", content)
    if data is not None:
        csv_text = data.to_csv(index=False, lineterminator="\n")
        paths["csv"] = write_if_changed(outdir / f"{fig_id}.csv", csv_text.encode("utf-8"))
    return paths


def write_if_changed(path: Path, content: bytes) -> Path:
    """Write a file unless it already holds exactly ``content`` (its time stamp then stays,
    so that what depends on it, such as a page showing a figure, is not rebuilt).

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_if_changed(Path(tmp) / "a.txt", b"a")
    ...     before = os.stat(path).st_mtime_ns
    ...     _ = write_if_changed(path, b"a")
    ...     os.stat(path).st_mtime_ns == before
    True
    """
    path = Path(path)
    if not path.exists() or path.read_bytes() != content:
        path.write_bytes(content)
    return path


def stable_svg_ids(svg: str) -> str:
    """Renumber matplotlib's clip-path ids in order of appearance.

    Matplotlib names a clip path after a hash of its rectangle at full float
    precision, so layout noise in the last bits changes the ids from one run to
    the next; numbering them in order makes the file depend on the drawing only.

    Examples
    --------
    >>> stable_svg_ids('<clipPath id="p3f2a"/><g clip-path="url(#p3f2a)"/>')
    '<clipPath id="clip1"/><g clip-path="url(#clip1)"/>'
    """
    ids: dict[str, str] = {}
    for match in re.finditer(r'<clipPath id="(p[0-9a-f]+)"', svg):
        ids.setdefault(match.group(1), f"clip{len(ids) + 1}")
    if not ids:
        return svg
    pattern = re.compile(r'(id="|url\(#)(' + "|".join(map(re.escape, ids)) + r')\b')
    return pattern.sub(lambda m: m.group(1) + ids[m.group(2)], svg)


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file (used by the determinism tests).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as handle:
    ...     file_digest(Path(handle.name))[:8]
    'e3b0c442'
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()

