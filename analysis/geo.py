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
from analysis.paths import BOUNDARIES_DIR

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
    "NATURAL_EARTH_10M_CREDIT",
    "REFERENCE_KINDS",
    "CONTROL_FACTS",
    "CONTROL_EVENTS",
    "control_records",
    "HOLD_DAYS",
    "SIDE_COLOURS",
    "load_boundaries",
    "load_roads",
    "reference_places",
    "plot_reference_map",
    "city_control",
    "plot_city_control",
    "plot_event_maps_by_phase",
    "SMALL_MAP_EXTENT",
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


# ---------------------------------------------------------------------------
# The reference map: provinces, cities, roads and crossings (committed 1:10m data)
# ---------------------------------------------------------------------------

#: The credit of the boundaries at the scale of 1 to 10 million, for a figure's source line.
NATURAL_EARTH_10M_CREDIT = "boundaries: Natural Earth 1:10m (public domain)"
#: The kinds of place the reference map draws, in order of precedence.
REFERENCE_KINDS: tuple[str, ...] = ("city", "border_crossing", "pass", "town", "airfield")
#: Marker, size and label style of each kind of place on the reference map.
_PLACE_STYLE = {
    "capital": ("*", 12.0, 8.5, "bold"),
    "city": ("o", 5.5, 7.5, "normal"),
    "town": ("o", 4.0, 7.0, "normal"),
    "border_crossing": ("D", 5.0, 7.0, "normal"),
    "pass": ("^", 6.0, 7.0, "normal"),
    "airfield": ("s", 4.5, 7.0, "normal"),
}
_ROAD_COLOUR = "#8B4513"
_PROVINCE_LINE = "#8f8f8f"


def load_boundaries(folder: Path | None = None) -> dict[str, object]:
    """Read the committed Natural Earth extracts of ``data/boundaries/``.

    Returns
    -------
    dict
        ``countries``: name -> list of polygons (each a list of rings, the
        first the outline, the others holes; ``(n, 2)`` arrays of longitude
        and latitude); ``provinces``: the province boundary lines (a list of
        ``(n, 2)`` arrays); ``lakes``: a list of polygons.

    Examples
    --------
    >>> b = load_boundaries()
    >>> "Afghanistan" in b["countries"], len(b["provinces"]) > 100
    (True, True)
    """
    import json

    folder = Path(folder or BOUNDARIES_DIR)

    def read(name: str) -> list[dict]:
        return json.loads((folder / name).read_text(encoding="utf-8"))["features"]

    countries: dict[str, list[list[np.ndarray]]] = {}
    for feature in read("ne_10m_admin_0_countries.geojson"):
        polygons = [[np.asarray(r, dtype=float) for r in poly]
                    for poly in feature["geometry"]["coordinates"]]
        countries.setdefault(str(feature["properties"]["NAME"]), []).extend(polygons)
    provinces = [np.asarray(line, dtype=float) for f in read("ne_10m_admin_1_lines.geojson")
                 for line in f["geometry"]["coordinates"]]
    lakes = [[np.asarray(r, dtype=float) for r in poly] for f in read("ne_10m_lakes.geojson")
             for poly in f["geometry"]["coordinates"]]
    return {"countries": countries, "provinces": provinces, "lakes": lakes}


def load_roads(places: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """The main roads of the reference map, with the coordinates of the towns they join.

    Parameters
    ----------
    places
        The ``places`` table (every place a road names must be in it, with
        coordinates).
    path
        The roads table (default ``data/boundaries/roads.csv``: ``road_id``,
        ``name``, ``places`` as ``;``-separated place ids, ``source``,
        ``locator``, ``note``).

    Returns
    -------
    pandas.DataFrame
        The roads table with ``lons`` and ``lats`` (tuples, in order).

    Raises
    ------
    ValueError
        For a road naming an unknown place or one without coordinates.

    Examples
    --------
    >>> from analysis.data import load_dataset
    >>> roads = load_roads(load_dataset().places)
    >>> roads.set_index("road_id").loc["kabul_peshawar", "places"]
    'kabul;jalalabad;torkham;peshawar'
    """
    roads = pd.read_csv(path or BOUNDARIES_DIR / "roads.csv", dtype=str, keep_default_na=False)
    where = places.set_index("place_id")
    lons, lats = [], []
    for row in roads.itertuples():
        ids = str(row.places).split(";")
        unknown = [p for p in ids if p not in where.index]
        if unknown:
            raise ValueError(f"road {row.road_id}: unknown place(s) {', '.join(unknown)}")
        located = where.loc[ids, ["lon", "lat"]].astype(float)
        if located.isna().any().any():
            raise ValueError(f"road {row.road_id}: a place has no coordinates")
        lons.append(tuple(located["lon"]))
        lats.append(tuple(located["lat"]))
    return roads.assign(lons=lons, lats=lats)


def reference_places(places: pd.DataFrame, extent: Sequence[float] = AFGHANISTAN_EXTENT,
                     capital: str = "kabul", min_gap: float = 0.2) -> pd.DataFrame:
    """The places the reference map draws: cities, crossings, passes, towns, airfields.

    Places with coordinates inside the window, of a kind in
    :data:`REFERENCE_KINDS`; a place closer than ``min_gap`` degrees to one
    already kept (cities first) is left out, so that an airport does not sit
    on its city.

    Returns
    -------
    pandas.DataFrame
        ``place_id``, ``name``, ``kind`` (``capital`` for ``capital``),
        ``lon``, ``lat``, in order of precedence then name.

    Examples
    --------
    >>> from analysis.data import load_dataset
    >>> table = reference_places(load_dataset().places)
    >>> "kabul_airport" in set(table["place_id"]), table.iloc[0]["kind"]
    (False, 'capital')
    """
    west, east, south, north = extent
    rank = {k: i for i, k in enumerate(REFERENCE_KINDS)}
    table = places.loc[places["kind"].isin(REFERENCE_KINDS)
                       & places["lon"].between(west, east) & places["lat"].between(south, north)]
    table = table.assign(_rank=[-1 if p == capital else rank[k]
                                for p, k in zip(table["place_id"], table["kind"], strict=True)])
    table = table.sort_values(["_rank", "name"], kind="stable")
    kept: list[dict[str, object]] = []
    for row in table.itertuples():
        if all(np.hypot(row.lon - k["lon"], row.lat - k["lat"]) >= min_gap for k in kept):
            kept.append({"place_id": row.place_id, "name": str(row.name).removesuffix(" Airfield"),
                         "kind": "capital" if row.place_id == capital else row.kind,
                         "lon": float(row.lon), "lat": float(row.lat)})
    return pd.DataFrame(kept, columns=["place_id", "name", "kind", "lon", "lat"])


def _draw_base(ax, boundaries: Mapping[str, object], extent: Sequence[float],
               emphasis: str = "Afghanistan", provinces: bool = True) -> None:
    """Countries (the emphasised one filled), province lines and lakes."""
    from matplotlib.collections import LineCollection
    from matplotlib.patches import PathPatch

    for name, polygons in boundaries["countries"].items():  # type: ignore[union-attr]
        strong = name == emphasis
        for k, poly in enumerate(polygons):
            path = MplPath.make_compound_path(*[MplPath(np.asarray(r)) for r in poly])
            ax.add_patch(PathPatch(path, facecolor="#f6eedc" if strong else "#efefef",
                                   edgecolor="#222222" if strong else "#8a8a8a",
                                   linewidth=1.1 if strong else 0.6, zorder=1 if strong else 0,
                                   gid=f"country:{name}:{k}"))
    if provinces:
        ax.add_collection(LineCollection(boundaries["provinces"], colors=_PROVINCE_LINE,
                                         linewidths=0.45, linestyles=(0, (3, 1.5)), zorder=1.5,
                                         gid="province-lines"))
    for k, poly in enumerate(boundaries["lakes"]):  # type: ignore[union-attr]
        ax.add_patch(Polygon(poly[0], closed=True, facecolor="#cfe3f0", edgecolor="#8fb3cc",
                             linewidth=0.4, zorder=1.6, gid=f"lake:{k}"))
    west, east, south, north = extent
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / np.cos(np.radians((south + north) / 2)))
    ax.grid(False)
    ax.tick_params(labelsize=7)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0f}°E")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0f}°N")


def _scale_bar(ax, extent: Sequence[float], km: float = 200.0) -> None:
    west, east, south, north = extent
    lat = south + 0.06 * (north - south)
    degrees = km / (111.32 * np.cos(np.radians(lat)))
    x0 = east - 0.05 * (east - west) - degrees
    ax.plot([x0, x0 + degrees], [lat, lat], color="#222222", linewidth=2.2,
            solid_capstyle="butt", zorder=6, gid="scale-bar")
    ax.text(x0 + degrees / 2, lat + 0.12, f"{km:.0f} km", ha="center", va="bottom", fontsize=7,
            zorder=6, gid="scale-label")


def plot_reference_map(places: pd.DataFrame, boundaries: Mapping[str, object],
                       roads: pd.DataFrame, *, source_line: str,
                       title: str = "Afghanistan and its borderlands",
                       extent: tuple[float, float, float, float] = AFGHANISTAN_EXTENT,
                       width: float = 7.0) -> Figure:
    """A reference map: borders, provinces, main roads, cities, crossings and passes.

    Parameters
    ----------
    places
        The ``places`` table (:func:`reference_places` chooses what to draw).
    boundaries
        As :func:`load_boundaries` returns them.
    roads
        As :func:`load_roads` returns them (drawn as straight segments
        between the towns each joins, in order).
    source_line, title, extent, width
        The figure's source line (Natural Earth's credit is appended),
        title, window and width in inches.

    Returns
    -------
    matplotlib.figure.Figure
        Artists carry a ``gid``: ``road:<road_id>``, ``place:<place_id>``,
        ``label:<place_id>``, ``country-label:<name>``, ``province-lines``,
        ``scale-bar``; the legend is ``legend``.
    """
    shown = reference_places(places, extent)
    west, east, south, north = extent
    aspect = (north - south) / ((east - west) * np.cos(np.radians((south + north) / 2)))
    fig, ax = new_figure(width, width * aspect * 0.92 + 1.3)
    _draw_base(ax, boundaries, extent)
    for row in roads.itertuples():
        ax.plot(row.lons, row.lats, color=_ROAD_COLOUR, linewidth=1.5, zorder=2,
                solid_capstyle="round", gid=f"road:{row.road_id}")
    for row in shown.itertuples():
        marker, size, _, _ = _PLACE_STYLE[row.kind]
        colour = OKABE_ITO["vermillion"] if row.kind == "capital" else "#222222"
        ax.plot([row.lon], [row.lat], marker=marker, markersize=size, color=colour,
                markeredgecolor="white", markeredgewidth=0.6, linestyle="none", zorder=4,
                gid=f"place:{row.place_id}")
    handles = [
        Line2D([], [], marker="*", markersize=10, color=OKABE_ITO["vermillion"],
               linestyle="none", label="capital"),
        Line2D([], [], marker="o", markersize=5, color="#222222", linestyle="none",
               label="city or town"),
        Line2D([], [], marker="D", markersize=5, color="#222222", linestyle="none",
               label="border crossing"),
        Line2D([], [], marker="^", markersize=6, color="#222222", linestyle="none",
               label="mountain pass"),
        Line2D([], [], marker="s", markersize=4.5, color="#222222", linestyle="none",
               label="air base"),
        Line2D([], [], color=_ROAD_COLOUR, linewidth=1.5, label="main road (towns joined)"),
        Line2D([], [], color=_PROVINCE_LINE, linewidth=0.8, linestyle=(0, (3, 1.5)),
               label="province boundary (today's)"),
        Line2D([], [], color="#222222", linewidth=1.1, label="international border (today's)"),
    ]
    legend = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.07),
                       ncols=3, fontsize=7, handlelength=2.2, columnspacing=1.2)
    legend.set_gid("legend")
    _scale_bar(ax, extent)
    ax.set_title(title)
    add_source(fig, f"{source_line}; {NATURAL_EARTH_10M_CREDIT}")
    _label_reference(fig, ax, boundaries, shown, extent)
    return fig


def _label_reference(fig: Figure, ax, boundaries: Mapping[str, object], shown: pd.DataFrame,
                     extent: Sequence[float]) -> None:
    from matplotlib import patheffects

    fig.draw_without_rendering()
    per_point = (extent[1] - extent[0]) / (ax.get_window_extent().width * 72 / fig.dpi)
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    for name, polygons in boundaries["countries"].items():  # type: ignore[union-attr]
        rings = [poly[0] for poly in polygons]
        point = _country_label_point(rings, extent, margin=len(name) * 3.0 * per_point)
        if point is not None:
            strong = name == "Afghanistan"
            ax.text(*point, name.upper() if strong else name, ha="center", va="center",
                    fontsize=9 if strong else 8, style="normal" if strong else "italic",
                    color="#6a5a3a" if strong else "#777777", gid=f"country-label:{name}",
                    zorder=2, alpha=0.9)
    radii = [_PLACE_STYLE[k][1] / 2 + 1 for k in shown["kind"]]
    offsets = _label_positions(shown, radii, per_point)
    for row, radius, (dx, dy, ha) in zip(shown.itertuples(), radii, offsets, strict=True):
        _, _, size, weight = _PLACE_STYLE[row.kind]
        leader = abs(dx) > radius + 8 or abs(dy) > radius + 12
        ax.annotate(str(row.name), (row.lon, row.lat), xytext=(dx, dy),
                    textcoords="offset points", ha=ha, va="bottom", fontsize=size,
                    fontweight=weight, zorder=5, gid=f"label:{row.place_id}",
                    annotation_clip=True, path_effects=halo,
                    arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.5,
                                "shrinkA": 0, "shrinkB": radius} if leader else None)


# ---------------------------------------------------------------------------
# Who held the cities: only what sourced event rows record
# ---------------------------------------------------------------------------

#: The facts whose readings record who held a city, as fact id -> (place id,
#: side before, side after): every reading of the fact placed at that city
#: counts. A fact whose two sides are the same records a city held against
#: an attack, the others a change of hands. The sides are read from the
#: readings' outcomes.
CONTROL_FACTS: dict[str, tuple[str, str, str]] = {
    "kunduz_1988": ("kunduz", "government", "government"),
    "khost_1991": ("khost", "government", "mujahideen"),
    "mazar_takeover_1992": ("mazar_i_sharif", "government", "northern coalition"),
    "najibullah_ouster_1992": ("kabul", "government", "contested"),
}
#: Single event rows that record who held a city, as event id -> (place id,
#: side before, side after), for facts whose other readings are about
#: something else (the battle of Jalalabad beyond the city, Dostum's
#: defection beyond Mazar-i-Sharif).
CONTROL_EVENTS: dict[str, tuple[str, str, str]] = {
    "jalalabad_1989": ("jalalabad", "government", "government"),
    "dostum_defection_1992_csi": ("mazar_i_sharif", "government", "northern coalition"),
    "dostum_defection_1992": ("mazar_i_sharif", "government", "northern coalition"),
}


def control_records(events: pd.DataFrame) -> dict[str, tuple[str, str, str]]:
    """Event id -> (place id, side before, side after) of every row that records who held a city.

    The rows of :data:`CONTROL_FACTS` placed at their city, and the rows of
    :data:`CONTROL_EVENTS`.

    Raises
    ------
    ValueError
        For a fact or event named above that the table lacks.

    Examples
    --------
    >>> from analysis.data import load_dataset
    >>> records = control_records(load_dataset().events)
    >>> sorted({place for place, _, _ in records.values()})
    ['jalalabad', 'kabul', 'khost', 'kunduz', 'mazar_i_sharif']
    """
    facts = events["fact_id"].astype("object").fillna(events["event_id"].astype("object"))
    missing = sorted(set(CONTROL_FACTS) - set(facts)) + sorted(
        set(CONTROL_EVENTS) - set(events["event_id"]))
    if missing:
        raise ValueError(f"control record(s) {', '.join(missing)} are not in events")
    out: dict[str, tuple[str, str, str]] = {}
    for event_id, fact, place in zip(events["event_id"], facts, events["place_id"],
                                     strict=True):
        if fact in CONTROL_FACTS and place == CONTROL_FACTS[fact][0]:
            out[str(event_id)] = CONTROL_FACTS[fact]
    out.update(CONTROL_EVENTS)
    return out


#: How long a record of a city held against an attack counts (days).
HOLD_DAYS: int = 365
#: The colour of each side on the control map.
SIDE_COLOURS: dict[str, str] = {
    "government": OKABE_ITO["vermillion"],
    "mujahideen": OKABE_ITO["bluish_green"],
    "northern coalition": OKABE_ITO["orange"],
    "contested": OKABE_ITO["reddish_purple"],
    "disputed": "#bbbbbb",
    "no sourced record": "#ffffff",
}
_CONTROL_COLUMNS = ["date", "place_id", "name", "lon", "lat", "side", "certainty", "records",
                    "sources", "note"]


def city_control(events: pd.DataFrame, places: pd.DataFrame, dates: Iterable[object],
                 extra: Iterable[str] = (),
                 records: Mapping[str, tuple[str, str, str]] | None = None) -> pd.DataFrame:
    """Which side held each city on given days, as far as sourced event rows say.

    For each city of :func:`control_records` (and each place of ``extra``,
    drawn without a record): a change of hands gives the side before it
    until its earliest reading and the side after it from its latest
    reading on; between them, where the readings of the date disagree, the
    city is ``disputed``. A city held against an attack counts as held for
    :data:`HOLD_DAYS` days from the attack. Otherwise: ``no sourced
    record``. Dates of a reading are read at their precision (a month or a
    year spans the whole period).

    Returns
    -------
    pandas.DataFrame
        One row per date and city: ``date``, ``place_id``, ``name``,
        ``lon``, ``lat``, ``side``, ``certainty`` (``recorded``,
        ``disputed`` or ``none``), ``records`` (event ids), ``sources``
        (their bibliography keys) and ``note`` (in words).

    Examples
    --------
    >>> from analysis.data import load_dataset
    >>> ds = load_dataset()
    >>> out = city_control(ds.events, ds.places, ["1991-06-01"])
    >>> out.set_index("place_id").loc["khost", "side"]
    'mujahideen'
    >>> out.set_index("place_id").loc["jalalabad", "side"]
    'no sourced record'
    """
    from analysis.dates import period_ends
    from analysis.prose import format_date

    records = dict(records or control_records(events))
    rows = events.set_index("event_id")
    unknown = sorted(set(records) - set(rows.index))
    if unknown:
        raise ValueError(f"control record(s) {', '.join(unknown)} are not in events")
    where = places.set_index("place_id")
    by_place: dict[str, list[str]] = {}
    for event_id, (place, _, _) in records.items():
        by_place.setdefault(place, []).append(event_id)
    for place in extra:
        by_place.setdefault(str(place), [])
    out = []
    for day in pd.to_datetime(list(dates)):
        for place, ids in by_place.items():
            starts = {e: pd.Timestamp(rows.loc[e, "start_date"]) for e in ids}
            lasts = {e: pd.Timestamp(period_ends(pd.Series([starts[e]]),
                                                 pd.Series([rows.loc[e, "start_precision"]]))[0])
                     for e in ids}
            side, certainty, used, note = "no sourced record", "none", [], "no sourced row"
            changes = [e for e in ids if records[e][1] != records[e][2]]
            holds = [e for e in ids if records[e][1] == records[e][2]]
            if changes:
                before, after = records[changes[0]][1], records[changes[0]][2]
                earliest = min(changes, key=lambda e: (starts[e], e))
                first = starts[earliest]
                last = max(lasts[e] for e in changes)
                precision = str(rows.loc[earliest, "start_precision"])
                used = changes
                if day < first:
                    side, certainty = before, "recorded"
                    note = f"{before} until the change of hands ({_span(first, last, precision)})"
                elif day > last:
                    side, certainty = after, "recorded"
                    note = f"{after} since the change of hands ({_span(first, last, precision)})"
                else:
                    side, certainty = "disputed", "disputed"
                    note = f"the sources date the change of hands {_span(first, last, precision)}"
            live = [e for e in holds if starts[e] <= day <= lasts[e] + pd.Timedelta(days=HOLD_DAYS)]
            if live and certainty == "none":
                held = records[live[0]][2]
                side, certainty, used = held, "recorded", live
                when = format_date(starts[live[0]], str(rows.loc[live[0], "start_precision"]))
                note = f"{held}, held against the attack of {when}"
            sources = sorted({str(rows.loc[e, "source"]) for e in used})
            out.append({"date": day, "place_id": place, "name": str(where.loc[place, "name"]),
                        "lon": float(where.loc[place, "lon"]),
                        "lat": float(where.loc[place, "lat"]), "side": side,
                        "certainty": certainty, "records": tuple(used),
                        "sources": tuple(sources), "note": note})
    return pd.DataFrame(out, columns=_CONTROL_COLUMNS)


def _span(first: pd.Timestamp, last: pd.Timestamp, precision: str = "day") -> str:
    from analysis.prose import format_date

    if first.normalize() == last.normalize():
        return f"on {format_date(first, 'day')}"
    return f"between {format_date(first, precision)} and {format_date(last, 'day')}"


#: The window of the small maps (cities of the control map, places of the phases).
SMALL_MAP_EXTENT: tuple[float, float, float, float] = (60.3, 73.8, 29.3, 38.6)


def _small_axes(n: int, width: float, extent: Sequence[float]) -> tuple[Figure, np.ndarray]:
    west, east, south, north = extent
    aspect = (north - south) / ((east - west) * np.cos(np.radians((south + north) / 2)))
    fig, axes = new_figure(width, n * (width * aspect * 0.92 + 0.3) + 1.0, nrows=n)
    return fig, np.atleast_1d(axes)


def _point_labels(fig: Figure, items: list[tuple[object, pd.DataFrame, list[float], str]],
                  extent: Sequence[float]) -> None:
    """Label points on several axes without overlaps, once the layout is fixed."""
    from matplotlib import patheffects

    fig.draw_without_rendering()
    halo = [patheffects.withStroke(linewidth=2.0, foreground="white")]
    for ax, table, radii, prefix in items:
        if table.empty:
            continue
        per_point = (extent[1] - extent[0]) / (ax.get_window_extent().width * 72 / fig.dpi)
        offsets = _label_positions(table, radii, per_point)
        for row, radius, (dx, dy, ha) in zip(table.itertuples(), radii, offsets, strict=True):
            leader = abs(dx) > radius + 8 or abs(dy) > radius + 12
            ax.annotate(str(row.name), (row.lon, row.lat), xytext=(dx, dy),
                        textcoords="offset points", ha=ha, va="bottom", fontsize=7, zorder=5,
                        path_effects=halo, gid=f"label:{prefix}:{row.place_id}",
                        annotation_clip=True,
                        arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.5,
                                    "shrinkA": 0, "shrinkB": radius} if leader else None)


def plot_city_control(control: pd.DataFrame, boundaries: Mapping[str, object], *,
                      source_line: str, title: str = "Who held the cities",
                      extent: tuple[float, float, float, float] = SMALL_MAP_EXTENT,
                      width: float = 5.6) -> Figure:
    """One small map per date: each city in the colour of the side that held it.

    Cities without a sourced record are hollow rings; a disputed change of
    hands is grey. The panels stack top to bottom, so that each stays
    readable on a narrow screen.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per date; points carry ``gid`` ``city:<date>:<place_id>``
        and the legend ``legend``.
    """
    dates = list(dict.fromkeys(pd.to_datetime(control["date"])))
    fig, axes = _small_axes(len(dates), width, extent)
    labels = []
    for ax, day in zip(axes, dates, strict=True):
        _draw_base(ax, boundaries, extent, provinces=False)
        part = control.loc[pd.to_datetime(control["date"]) == day]
        for row in part.itertuples():
            colour = SIDE_COLOURS[row.side]
            ax.plot([row.lon], [row.lat], marker="o", markersize=9, linestyle="none",
                    markerfacecolor=colour, zorder=4,
                    markeredgecolor="#222222" if row.certainty != "none" else "#777777",
                    markeredgewidth=0.8, gid=f"city:{day.date()}:{row.place_id}")
        labels.append((ax, part.reset_index(drop=True), [5.5] * len(part), str(day.date())))
        ax.set_title(f"{day.day} {day.strftime('%B %Y')}", loc="left", fontsize=9)
        ax.tick_params(labelbottom=False, labelleft=False, length=0)
    handles = [Line2D([], [], marker="o", markersize=8, linestyle="none",
                      markerfacecolor=colour, markeredgecolor="#222222" if side !=
                      "no sourced record" else "#777777", label=side)
               for side, colour in SIDE_COLOURS.items()]
    legend = fig.legend(handles=handles, loc="outside upper center", ncols=3, fontsize=7.5)
    legend.set_gid("legend")
    fig.suptitle(title, fontsize=10)
    add_source(fig, f"{source_line}; {NATURAL_EARTH_10M_CREDIT}")
    _point_labels(fig, labels, extent)
    return fig


def plot_event_maps_by_phase(events: pd.DataFrame, places: pd.DataFrame,
                             boundaries: Mapping[str, object],
                             phases: Mapping[str, tuple[str, str]], *, source_line: str,
                             title: str = "Where the events took place, by phase",
                             extent: tuple[float, float, float, float] = SMALL_MAP_EXTENT,
                             width: float = 5.6) -> Figure:
    """One map per phase: a circle per place, its area proportional to its events.

    An event belongs to the phase in which its reading starts; the readings
    of one event (rows sharing a ``fact_id``) count once per place. The
    events each panel cannot place (no place, the whole country, no
    coordinates, outside the window) are counted in its corner.

    Parameters
    ----------
    events, places
        The ``events`` and ``places`` tables.
    boundaries
        As :func:`load_boundaries` returns them.
    phases
        Label -> (first day, last day).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per phase; circles carry ``gid`` ``places:<label>``.
    """
    west, east, south, north = extent
    fig, axes = _small_axes(len(phases), width, extent)
    start = pd.to_datetime(events["start_date"])
    labels = []
    for ax, (label, (first, last)) in zip(axes, phases.items(), strict=True):
        _draw_base(ax, boundaries, extent, provinces=False)
        chosen = events.loc[start.between(pd.Timestamp(first), pd.Timestamp(last))]
        counts = events_by_place(chosen, places)
        inside = (counts["located"] & (counts["kind"] != "country")
                  & counts["lon"].between(west, east) & counts["lat"].between(south, north))
        shown = counts.loc[inside].reset_index(drop=True)
        ax.scatter(shown["lon"], shown["lat"], s=22.0 * shown["events"],
                   color=OKABE_ITO["vermillion"], edgecolor="#222222", linewidth=0.5,
                   alpha=0.85, zorder=3, gid=f"places:{label}")
        named = shown.assign(name=[f"{n} ({k})" for n, k in zip(shown["name"], shown["events"],
                                                                strict=True)])
        labels.append((ax, named, [float(np.sqrt(22.0 * k)) / 2 for k in shown["events"]],
                       label))
        off = int(counts.loc[~inside, "events"].sum())
        ax.text(0.01, 0.02, f"{int(counts['events'].sum())} events; {off} not on the map "
                "(no place, the whole country or no coordinates)", transform=ax.transAxes,
                fontsize=6.5, zorder=6, gid=f"not-shown:{label}",
                bbox={"facecolor": "white", "edgecolor": "#cccccc", "linewidth": 0.5})
        ax.set_title(label, loc="left", fontsize=9)
        ax.tick_params(labelbottom=False, labelleft=False, length=0)
    fig.suptitle(title, fontsize=10)
    add_source(fig, f"{source_line}; {NATURAL_EARTH_10M_CREDIT}")
    _point_labels(fig, labels, extent)
    return fig
