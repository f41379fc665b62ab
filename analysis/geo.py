"""Maps: where the events happened, on Natural Earth's country outlines.

The country outlines are Natural Earth's 1:110m "Admin 0 - Countries"
(public domain), as shipped inside the ``pyogrio`` wheel (its test fixture
``naturalearth_lowres``): they install with the project's dependencies, so
the book downloads nothing. :func:`load_countries` reads that file. It is the
one function outside :mod:`analysis.data` (and :mod:`analysis.ucdp`'s
loaders) that reads a file: a resource of an installed package, not project
data. The geometries arrive as WKB, which :func:`decode_wkb` parses with
:mod:`struct` and :mod:`numpy` (no shapely or geopandas needed).

Places are points in WGS84 longitude and latitude; the map draws them on
equal-aspect longitude/latitude axes (a plate carrée view, fine at this
scale).

Examples
--------
>>> countries = load_countries(["Afghanistan"])
>>> ring = countries["Afghanistan"][0]
>>> ring.shape[1], bool(60 < ring[:, 0].min() < ring[:, 0].max() < 76)
(2, True)
"""

from __future__ import annotations

import struct
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pyogrio.raw
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.path import Path as MplPath

from analysis.figures import OKABE_ITO, add_source, new_figure

__all__ = [
    "NATURAL_EARTH",
    "NATURAL_EARTH_CREDIT",
    "REGION",
    "AFGHANISTAN_EXTENT",
    "natural_earth_path",
    "decode_wkb",
    "load_countries",
    "events_by_place",
    "plot_event_map",
]

#: Afghanistan and its neighbours (Natural Earth names).
REGION: tuple[str, ...] = ("Afghanistan", "Pakistan", "Iran", "Turkmenistan", "Uzbekistan",
                           "Tajikistan", "China", "India")
#: The default map window (west, east, south, north) in degrees.
AFGHANISTAN_EXTENT: tuple[float, float, float, float] = (60.0, 75.5, 29.0, 39.5)
#: Where the outlines come from, for a figure's source line.
NATURAL_EARTH_CREDIT = "boundaries: Natural Earth 1:110m (public domain)"
#: The shapefile inside the installed ``pyogrio`` package,
#: ``<site-packages>/pyogrio/tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp``.
#:
#: :meta hide-value:
NATURAL_EARTH: Path = (Path(pyogrio.__file__).parent / "tests" / "fixtures"
                       / "naturalearth_lowres" / "naturalearth_lowres.shp")

_POLYGON, _MULTIPOLYGON = 3, 6


def natural_earth_path() -> Path:
    """Return the path of the Natural Earth shapefile shipped with ``pyogrio``.

    Raises
    ------
    FileNotFoundError
        If the installed ``pyogrio`` no longer ships it.

    Examples
    --------
    >>> natural_earth_path().name
    'naturalearth_lowres.shp'
    """
    if not NATURAL_EARTH.exists():
        raise FileNotFoundError(f"{NATURAL_EARTH} is missing: this pyogrio "
                                f"{pyogrio.__version__} does not ship Natural Earth's countries")
    return NATURAL_EARTH


def _dims(code: int) -> tuple[int, int]:
    """Split an ISO WKB type code into (base type, coordinates per point)."""
    base, family = code % 1000, code // 1000
    if family not in (0, 1, 2, 3) or base not in (_POLYGON, _MULTIPOLYGON):
        raise ValueError(f"WKB geometry type {code} is not a polygon or multipolygon")
    return base, 2 + (family in (1, 2)) + 2 * (family == 3)


def _header(blob: bytes, offset: int) -> tuple[str, int, int, int]:
    order = blob[offset]
    if order not in (0, 1):
        raise ValueError(f"bad WKB byte-order flag {order} at byte {offset}")
    endian = "<" if order == 1 else ">"
    (code,) = struct.unpack_from(f"{endian}I", blob, offset + 1)
    base, dims = _dims(code)
    return endian, base, dims, offset + 5


def _polygon(blob: bytes, offset: int, endian: str, dims: int) -> tuple[list[np.ndarray], int]:
    (n_rings,) = struct.unpack_from(f"{endian}I", blob, offset)
    offset += 4
    rings = []
    for _ in range(n_rings):
        (n_points,) = struct.unpack_from(f"{endian}I", blob, offset)
        offset += 4
        size = n_points * dims * 8
        if offset + size > len(blob):
            raise ValueError("WKB ends inside a ring: the geometry is truncated")
        values = np.frombuffer(blob, dtype=f"{endian}f8", count=n_points * dims, offset=offset)
        rings.append(values.reshape(n_points, dims)[:, :2].astype(float))
        offset += size
    return rings, offset


def decode_wkb(blob: bytes) -> list[np.ndarray]:
    """Decode a WKB Polygon or MultiPolygon into its rings.

    Parameters
    ----------
    blob
        Well-known binary, either byte order; ISO Z, M and ZM variants are
        accepted (only x and y are kept).

    Returns
    -------
    list of numpy.ndarray
        Every ring (exterior rings and holes, polygon by polygon) as an
        ``(n, 2)`` array of x (longitude) and y (latitude).

    Raises
    ------
    ValueError
        For another geometry type, a bad byte-order flag or truncated bytes.

    Examples
    --------
    >>> import struct
    >>> square = struct.pack("<BIII10d", 1, 3, 1, 5, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0)
    >>> decode_wkb(square)[0].tolist()
    [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    """
    try:
        endian, base, dims, offset = _header(blob, 0)
        if base == _POLYGON:
            return _polygon(blob, offset, endian, dims)[0]
        (n_polygons,) = struct.unpack_from(f"{endian}I", blob, offset)
        offset += 4
        rings: list[np.ndarray] = []
        for _ in range(n_polygons):
            part_endian, part_base, part_dims, offset = _header(blob, offset)
            if part_base != _POLYGON:
                raise ValueError("a WKB multipolygon holds a part that is not a polygon")
            part, offset = _polygon(blob, offset, part_endian, part_dims)
            rings += part
        return rings
    except (struct.error, IndexError):
        raise ValueError("WKB ends early: the geometry is truncated") from None


def load_countries(names: Iterable[str] = REGION,
                   path: Path | None = None) -> dict[str, list[np.ndarray]]:
    """Read country outlines from Natural Earth (a file of an installed package).

    Parameters
    ----------
    names
        Country names as Natural Earth spells them (its ``name`` field).
    path
        Another shapefile with a ``name`` field; by default
        :func:`natural_earth_path`.

    Returns
    -------
    dict
        Name -> list of rings, each an ``(n, 2)`` array of longitude and
        latitude, in the order of ``names``.

    Raises
    ------
    ValueError
        Naming the countries the file does not have.

    Examples
    --------
    >>> sorted(load_countries(["Pakistan", "Iran"]))
    ['Iran', 'Pakistan']
    """
    names = list(names)
    _meta, _fids, geometries, fields = pyogrio.raw.read(path or natural_earth_path(),
                                                        columns=["name"])
    found = dict(zip(fields[0].tolist(), geometries, strict=True))
    missing = [n for n in names if n not in found]
    if missing:
        raise ValueError(f"no country named {', '.join(map(repr, missing))} in the Natural "
                         "Earth file")
    return {n: decode_wkb(bytes(found[n])) for n in names}


_PLACE_COLUMNS = ("place_id", "name", "kind", "lat", "lon")


def events_by_place(events: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Count the events at each place, with the place's coordinates.

    Readings of one fact (rows sharing a ``fact_id``) count once per place.

    Parameters
    ----------
    events
        The ``events`` table (``event_id``, ``fact_id``, ``place_id``).
    places
        The ``places`` table (``place_id``, ``name``, ``kind``, ``lat``,
        ``lon``; ``province`` is kept if present).

    Returns
    -------
    pandas.DataFrame
        One row per place with at least one event: ``place_id``, ``name``,
        ``kind``, ``province``, ``lat``, ``lon``, ``events`` (distinct facts),
        ``readings`` (event rows) and ``located`` (False where the place has
        no coordinates). Events without a place are not dropped: they form a
        last row whose ``place_id`` is missing and ``name`` is
        ``"(no place given)"``, so ``readings`` always sums to the number of
        events. Sorted by ``events`` (descending), then name.

    Raises
    ------
    ValueError
        For a missing column or a ``place_id`` that is not in ``places``.

    Examples
    --------
    >>> import pandas as pd
    >>> places = pd.DataFrame({"place_id": ["kabul", "khost"], "name": ["Kabul", "Khost"],
    ...     "kind": ["city", "city"], "lat": [34.5, None], "lon": [69.2, None]})
    >>> events = pd.DataFrame({"event_id": ["a", "b", "c"], "fact_id": ["a", "b", "b"],
    ...     "place_id": ["kabul", "khost", "khost"]})
    >>> events_by_place(events, places)[["place_id", "events", "readings", "located"]].values
    array([['kabul', 1, 1, True],
           ['khost', 1, 2, False]], dtype=object)
    """
    for frame, what, columns in ((events, "events", ("event_id", "fact_id", "place_id")),
                                 (places, "places", _PLACE_COLUMNS)):
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise ValueError(f"{what} lacks the column(s) {', '.join(map(repr, missing))}")
    place = events["place_id"].astype("object")
    unknown = sorted(set(place.dropna()) - set(places["place_id"]))
    if unknown:
        raise ValueError(f"place_id(s) {', '.join(map(repr, unknown))} are not in places")
    fact = events["fact_id"].astype("object").fillna(events["event_id"].astype("object"))
    tally = pd.DataFrame({"place_id": place, "fact": fact}).groupby(
        "place_id", dropna=False, sort=False).agg(events=("fact", "nunique"),
                                                  readings=("fact", "size"))
    info = places.assign(province=places["province"] if "province" in places.columns
                         else pd.NA)[["place_id", "name", "kind", "province", "lat", "lon"]]
    info = info.astype({"place_id": "object", "name": "object", "kind": "object",
                        "province": "object", "lat": float, "lon": float})
    tally = tally.reset_index().astype({"place_id": "object"})
    out = tally.merge(info, on="place_id", how="left")
    out["name"] = out["name"].where(out["place_id"].notna(), "(no place given)")
    out["located"] = out["lat"].notna() & out["lon"].notna()
    out["_unplaced"] = out["place_id"].isna()
    out = out.sort_values(["_unplaced", "events", "name"], ascending=[True, False, True],
                          kind="stable")
    columns = ["place_id", "name", "kind", "province", "lat", "lon", "events", "readings",
               "located"]
    return out[columns].astype({"events": int, "readings": int}).reset_index(drop=True)


def _boxes_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label_positions(points: pd.DataFrame, radii: Sequence[float],
                     per_point: float) -> list[tuple[float, float, str]]:
    """Choose label offsets (points) that overlap no point and no label placed before.

    Each label tries six positions next to its point in turn (right, left,
    lower right, lower left, above, below), then the same six farther away
    (drawn with a leader line), and takes the first free one, or the first
    if none is free. Boxes are estimated in degrees from the
    label's length (7-point text, with a margin; ``per_point`` degrees per point), so the
    result is deterministic.
    """
    obstacles = [(row.lon - r * per_point, row.lat - r * per_point,
                  row.lon + r * per_point, row.lat + r * per_point)
                 for row, r in zip(points.itertuples(), radii, strict=True)]
    chosen = []
    for row, r in zip(points.itertuples(), radii, strict=True):
        width, height = len(str(row.name)) * 4.4 + 2, 10.0
        far = r + 16
        candidates = [(r + 2, -3, "left"), (-r - 2, -3, "right"), (r, -r - 8, "left"),
                      (-r, -r - 8, "right"), (0, r + 2, "center"), (0, -r - 10, "center"),
                      (far, far, "left"), (-far, far, "right"), (far, -far - 8, "left"),
                      (-far, -far - 8, "right"), (0, far + 8, "center"),
                      (0, -far - 16, "center")]
        boxes = []
        for dx, dy, ha in candidates:
            x0 = dx - {"left": 0.0, "right": width, "center": width / 2}[ha]
            boxes.append((row.lon + x0 * per_point, row.lat + dy * per_point,
                          row.lon + (x0 + width) * per_point,
                          row.lat + (dy + height) * per_point))
        own = len(chosen)  # this point's own circle is not an obstacle to its label
        free = [i for i, box in enumerate(boxes)
                if not any(_boxes_overlap(box, other) for j, other in enumerate(obstacles)
                           if j != own)]
        pick = free[0] if free else 0
        obstacles.append(boxes[pick])
        chosen.append(candidates[pick])
    return chosen


def _densify(ring: np.ndarray, step: float = 0.1) -> np.ndarray:
    """Points along a ring's edges, at most ``step`` degrees apart."""
    parts = []
    for a, b in zip(ring[:-1], ring[1:], strict=True):
        n = max(1, int(np.ceil(np.hypot(*(b - a)) / step)))
        parts.append(a + np.outer(np.arange(n) / n, b - a))
    parts.append(ring[-1:])
    return np.concatenate(parts)


def _country_label_point(rings: list[np.ndarray], extent: Sequence[float], margin: float = 0.0,
                         steps: int = 30) -> tuple[float, float] | None:
    """The visible point of a country farthest from its borders and the window's edges.

    Takes a regular grid over the window, keeps the points inside the
    country, and returns the one farthest from the country's outline and
    from the window's edges (less ``margin`` degrees left and right, room
    for a centred label); None if no grid point lies in the country.
    """
    xs = np.linspace(extent[0], extent[1], steps + 2)[1:-1]
    ys = np.linspace(extent[2], extent[3], steps + 2)[1:-1]
    grid = np.array([(x, y) for y in ys for x in xs])
    inside = np.zeros(len(grid), dtype=bool)
    for ring in rings:
        inside |= MplPath(ring).contains_points(grid)
    if not inside.any():
        return None
    candidates = grid[inside]
    edge = np.concatenate([_densify(ring) for ring in rings])
    to_edge = np.sqrt(((candidates[:, None, :] - edge[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    to_window = np.minimum.reduce([candidates[:, 0] - extent[0] - margin,
                                   extent[1] - margin - candidates[:, 0],
                                   candidates[:, 1] - extent[2], extent[3] - candidates[:, 1]])
    best = np.argmax(np.minimum(to_edge, to_window))
    x, y = candidates[best]
    return float(x), float(y)


def _not_shown(counts: pd.DataFrame, extent: Sequence[float]) -> list[str]:
    notes = []
    for row in counts.itertuples():
        if pd.isna(row.place_id):
            notes.append(f"no place given ({row.events})")
        elif row.kind == "country":
            notes.append(f"{row.name} (whole country, {row.events})")
        elif not row.located:
            notes.append(f"{row.name} (no coordinates, {row.events})")
        elif not (extent[0] <= row.lon <= extent[1] and extent[2] <= row.lat <= extent[3]):
            notes.append(f"{row.name} (outside the map, {row.events})")
    return notes


def plot_event_map(events: pd.DataFrame, places: pd.DataFrame,
                   countries: Mapping[str, list[np.ndarray]], *,
                   source_line: str = "events and places tables of this book",
                   extent: tuple[float, float, float, float] = AFGHANISTAN_EXTENT,
                   emphasis: str = "Afghanistan", title: str = "Where the events took place",
                   width: float = 7.0) -> Figure:
    """Map the places of the events, each a point sized by its number of events.

    Country outlines are drawn first (``emphasis`` filled and outlined more
    strongly), then one point per located place inside the window, with
    area proportional to its count of events (facts, see
    :func:`events_by_place`), and its name. Nothing is left out silently:
    events placed only at country level, at a place without coordinates,
    outside the window or at no place are listed in a note in the map's
    corner.

    Parameters
    ----------
    events, places
        The ``events`` and ``places`` tables.
    countries
        Outlines as :func:`load_countries` returns them.
    source_line
        The data's source; Natural Earth's credit is appended.
    extent
        The window: (west, east, south, north) in degrees.
    emphasis
        The country to emphasise.
    title
        The figure's title.
    width
        Figure width in inches; the height follows the window's shape.

    Returns
    -------
    matplotlib.figure.Figure
        Artists carry a ``gid``: ``country:<name>:<ring>`` for each outline,
        ``places`` for the points, ``label:<place_id>`` for their names,
        ``country-label:<name>`` and ``not-shown`` for the note.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> square = np.array([[61, 30], [74, 30], [74, 38], [61, 38], [61, 30]], float)
    >>> places = pd.DataFrame({"place_id": ["kabul"], "name": ["Kabul"], "kind": ["city"],
    ...     "lat": [34.5], "lon": [69.2]})
    >>> events = pd.DataFrame({"event_id": ["a"], "fact_id": ["a"], "place_id": ["kabul"]})
    >>> fig = plot_event_map(events, places, {"Afghanistan": [square]})
    >>> len(fig.axes[0].patches), len(fig.axes[0].collections[0].get_offsets())
    (1, 1)
    """
    counts = events_by_place(events, places)
    west, east, south, north = extent
    aspect = (north - south) / (east - west)
    fig, ax = new_figure(width, max(3.0, width * aspect * 0.95 + 0.6))
    for name, rings in countries.items():
        strong = name == emphasis
        for i, ring in enumerate(rings):
            ax.add_patch(Polygon(ring, closed=True, gid=f"country:{name}:{i}",
                                 facecolor="#f3ead8" if strong else "#f4f4f4",
                                 edgecolor="#222222" if strong else "#9a9a9a",
                                 linewidth=1.2 if strong else 0.6, zorder=1 if strong else 0))
    inside = (counts["located"] & (counts["kind"] != "country")
              & counts["lon"].between(west, east) & counts["lat"].between(south, north))
    shown = counts.loc[inside]
    ax.scatter(shown["lon"], shown["lat"], s=20.0 * shown["events"],
               color=OKABE_ITO["vermillion"], edgecolor="#222222", linewidth=0.5, alpha=0.85,
               zorder=3, gid="places")
    sizes = sorted({int(shown["events"].min()), int(shown["events"].max())}) if len(shown) else []
    handles = [Line2D([], [], marker="o", linestyle="none", markersize=float(np.sqrt(20 * n)),
                      color=OKABE_ITO["vermillion"], markeredgecolor="#222222",
                      label=f"{n} event{'s' if n > 1 else ''}") for n in sizes]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7,
                  labelspacing=1.2, borderpad=0.8, title="Events", title_fontsize=7)
    notes = _not_shown(counts, extent)
    if notes:
        text = textwrap.fill("Not on the map (events): " + "; ".join(notes), width=70)
        ax.text(0.01, 0.01, text, transform=ax.transAxes, fontsize=6, va="bottom",
                ha="left", gid="not-shown", zorder=5,
                bbox={"facecolor": "white", "edgecolor": "#cccccc", "linewidth": 0.5})
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xlabel("Longitude (°E)")
    ax.set_ylabel("Latitude (°N)")
    ax.set_title(title)
    add_source(fig, f"{source_line}; {NATURAL_EARTH_CREDIT}")
    _add_labels(fig, ax, countries, shown, emphasis, extent)
    return fig


def _add_labels(fig: Figure, ax, countries: Mapping[str, list[np.ndarray]],
                shown: pd.DataFrame, emphasis: str, extent: Sequence[float]) -> None:
    """Name the neighbouring countries and the places, once the layout is known."""
    fig.draw_without_rendering()  # runs the layout: the axes' size in points is now fixed
    per_point = (extent[1] - extent[0]) / (ax.get_window_extent().width * 72 / fig.dpi)
    for name, rings in countries.items():
        point = _country_label_point(rings, extent, margin=len(name) * 2.5 * per_point)
        if point is not None and name != emphasis:
            ax.text(*point, name, ha="center", va="center", fontsize=8, style="italic",
                    color="#888888", gid=f"country-label:{name}", zorder=2)
    radii = [float(np.sqrt(20.0 * n)) / 2 for n in shown["events"]]
    offsets = _label_positions(shown, radii, per_point)
    for row, radius, (dx, dy, ha) in zip(shown.itertuples(), radii, offsets, strict=True):
        leader = abs(dx) > radius + 8 or abs(dy) > radius + 12
        ax.annotate(str(row.name), (row.lon, row.lat), xytext=(dx, dy),
                    textcoords="offset points", ha=ha, va="bottom", fontsize=7, zorder=4,
                    gid=f"label:{row.place_id}", annotation_clip=True,
                    arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.5,
                                "shrinkA": 0, "shrinkB": radius} if leader else None)
