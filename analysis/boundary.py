"""Afghanistan's outline, for checking that a place said to be there is there.

The ring below is Natural Earth's 1:110m "Admin 0 - Countries" outline of
Afghanistan (public domain, https://www.naturalearthdata.com/about/terms-of-use/),
copied with four decimals from the copy of that file (``naturalearth_lowres``)
that the ``pyogrio`` package shipped among its test fixtures.
``tests/test_boundary.py`` checks it against the finer 1:10m outline committed
in ``data/boundaries/`` (every vertex of either within 30 km of the other). It
is kept here as a constant so that validating the data reads no file and
imports no plotting library.

At 1:110m the outline is coarse: a border town can fall a few kilometres
outside it. :func:`km_outside` therefore measures how far a point lies
outside the ring, and the loader accepts points within a tolerance that the
descriptor declares.

Examples
--------
>>> inside(69.167, 34.533)            # Kabul
True
>>> inside(69.167, -34.533)           # Kabul with its latitude's sign flipped
False
>>> round(km_outside(71.583, 34.017)) # Peshawar, in Pakistan
53
"""

from __future__ import annotations

import math

__all__ = ["AFGHANISTAN", "inside", "km_outside"]

#: The outline as (longitude, latitude) pairs, in degrees (WGS84); closed.
AFGHANISTAN: tuple[tuple[float, float], ...] = (
    (66.5186, 37.3628),
    (67.0758, 37.3561),
    (67.8300, 37.1450),
    (68.1356, 37.0231),
    (68.8594, 37.3443),
    (69.1963, 37.1511),
    (69.5188, 37.6090),
    (70.1166, 37.5882),
    (70.2706, 37.7352),
    (70.3763, 38.1384),
    (70.8068, 38.4863),
    (71.3481, 38.2589),
    (71.2394, 37.9533),
    (71.5419, 37.9058),
    (71.4487, 37.0656),
    (71.8446, 36.7382),
    (72.1930, 36.9483),
    (72.6369, 37.0476),
    (73.2601, 37.4953),
    (73.9487, 37.4216),
    (74.9800, 37.4200),
    (75.1580, 37.1330),
    (74.5759, 37.0208),
    (74.0676, 36.8362),
    (72.9200, 36.7200),
    (71.8463, 36.5099),
    (71.2623, 36.0744),
    (71.4988, 35.6506),
    (71.6131, 35.1532),
    (71.1150, 34.7331),
    (71.1568, 34.3489),
    (70.8818, 33.9889),
    (69.9305, 34.0201),
    (70.3236, 33.3585),
    (69.6871, 33.1055),
    (69.2625, 32.5019),
    (69.3178, 31.9014),
    (68.9267, 31.6202),
    (68.5569, 31.7133),
    (67.7927, 31.5829),
    (67.6834, 31.3032),
    (66.9389, 31.3049),
    (66.3815, 30.7389),
    (66.3465, 29.8879),
    (65.0469, 29.4722),
    (64.3504, 29.5600),
    (64.1480, 29.3408),
    (63.5503, 29.4683),
    (62.5499, 29.3186),
    (60.8742, 29.8292),
    (61.7812, 30.7359),
    (61.6993, 31.3795),
    (60.9419, 31.5481),
    (60.8637, 32.1829),
    (60.5361, 32.9813),
    (60.9637, 33.5288),
    (60.5284, 33.6764),
    (60.8032, 34.4041),
    (61.2108, 35.6501),
    (62.2307, 35.2707),
    (62.9847, 35.4040),
    (63.1935, 35.8572),
    (63.9829, 36.0080),
    (64.5465, 36.3121),
    (64.7461, 37.1118),
    (65.5889, 37.3052),
    (65.7456, 37.6612),
    (66.2174, 37.3938),
    (66.5186, 37.3628),
)

_KM_PER_DEGREE = 111.195


def inside(lon: float, lat: float,
           ring: tuple[tuple[float, float], ...] = AFGHANISTAN) -> bool:
    """Whether a point lies inside a closed ring (even-odd rule).

    Parameters
    ----------
    lon, lat
        The point, in degrees.
    ring
        A closed ring of (longitude, latitude) pairs.

    Examples
    --------
    >>> square = ((0, 0), (1, 0), (1, 1), (0, 1), (0, 0))
    >>> inside(0.5, 0.5, square), inside(1.5, 0.5, square)
    (True, False)
    """
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def km_outside(lon: float, lat: float,
               ring: tuple[tuple[float, float], ...] = AFGHANISTAN) -> float:
    """How far a point lies outside a ring, in km (0 when inside).

    Distances are measured on a local equirectangular projection, accurate to
    well under one per cent at these latitudes and distances.

    Examples
    --------
    >>> square = ((0, 0), (1, 0), (1, 1), (0, 1), (0, 0))
    >>> km_outside(0.5, 0.5, square)
    0.0
    >>> round(km_outside(0.5, 2.0, square), 1)
    111.2
    """
    if inside(lon, lat, ring):
        return 0.0
    scale = math.cos(math.radians(lat))
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        ax, ay = (x1 - lon) * scale, y1 - lat
        bx, by = (x2 - lon) * scale, y2 - lat
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
        best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best * _KM_PER_DEGREE
