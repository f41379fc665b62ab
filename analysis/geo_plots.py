"""Maps, the drawing half: the reference map, the event maps by phase and the control map.

Every function here takes what :mod:`analysis.geo` computes and
:mod:`analysis.data` reads (the boundaries of
:func:`analysis.data.load_boundaries`) and returns a
:class:`matplotlib.figure.Figure`; nothing here reads a file or computes a
count (the counts come from :mod:`analysis.geo`). The maps are drawn on
longitude/latitude axes whose aspect is corrected for the latitude of the
window's centre (a plate carrée view, fine at this scale). Labels are placed
so that they overlap no point and no other label, deterministically.

Examples
--------
>>> from analysis.data import load_boundaries, load_dataset, load_roads
>>> from analysis.geo import road_lines
>>> places = load_dataset().places
>>> fig = plot_reference_map(places, load_boundaries(), road_lines(load_roads(), places),
...                          source_line="places table")
>>> sorted({a.get_gid().split(":")[0] for a in fig.axes[0].lines if a.get_gid()})
['place', 'road', 'scale-bar']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.path import Path as MplPath

from analysis.figures import OKABE_ITO, add_source, new_figure
from analysis.geo import AFGHANISTAN_EXTENT, SMALL_MAP_EXTENT, events_by_place, reference_places

__all__ = [
    "NATURAL_EARTH_10M_CREDIT",
    "SIDE_COLOURS",
    "plot_reference_map",
    "plot_city_control",
    "plot_event_maps_by_phase",
]

#: The credit of the boundaries at the scale of 1 to 10 million, for a figure's source line.
NATURAL_EARTH_10M_CREDIT = "boundaries: Natural Earth 1:10m (public domain)"
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


#: The colour of each side on the control map.
SIDE_COLOURS: dict[str, str] = {
    "government": OKABE_ITO["vermillion"],
    "mujahideen": OKABE_ITO["bluish_green"],
    "northern coalition": OKABE_ITO["orange"],
    "contested": OKABE_ITO["reddish_purple"],
    "disputed": "#bbbbbb",
    "no sourced record": "#ffffff",
}


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
        The ``places`` table (:func:`analysis.geo.reference_places` chooses what to
        draw).
    boundaries
        As :func:`analysis.data.load_boundaries` returns them.
    roads
        As :func:`analysis.geo.road_lines` returns them (drawn as straight segments
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

    Examples
    --------
    >>> from analysis.data import load_boundaries, load_dataset
    >>> from analysis.geo import city_control
    >>> ds = load_dataset()
    >>> control = city_control(ds.events, ds.places, ["1991-06-01"])
    >>> fig = plot_city_control(control, load_boundaries(), source_line="events table")
    >>> [line.get_gid() for line in fig.axes[0].lines if "khost" in line.get_gid()]
    ['city:1991-06-01:khost']
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
        As :func:`analysis.data.load_boundaries` returns them.
    phases
        Label -> (first day, last day).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per phase; circles carry ``gid`` ``places:<label>``.

    Examples
    --------
    >>> from analysis.data import load_boundaries, load_dataset
    >>> ds = load_dataset()
    >>> fig = plot_event_maps_by_phase(ds.events, ds.places, load_boundaries(),
    ...                                {"1989": ("1989-01-01", "1989-12-31")},
    ...                                source_line="events table")
    >>> [c.get_gid() for c in fig.axes[0].collections if c.get_gid()]
    ['places:1989']
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
