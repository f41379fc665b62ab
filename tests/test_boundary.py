"""Tests of analysis.boundary: the constant outline is Natural Earth's Afghanistan."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.boundary import AFGHANISTAN, inside, km_outside

#: How far (km) a vertex of the coarse 1:110m ring may lie from the 1:10m outline, and the
#: other way round: the two scales differ by up to about 26 km along the Amu Darya and in
#: the Wakhan; a ring shifted by a tenth of a degree already breaks it.
TOLERANCE_KM = 30.0


def km_to_outline(points: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """The distance (km) from each point to the nearest edge of a ring."""
    a, b = ring[:-1], ring[1:]
    out = []
    for lon, lat in points:
        scale = np.array([np.cos(np.radians(lat)), 1.0])
        start, end = (a - (lon, lat)) * scale, (b - (lon, lat)) * scale
        edge = end - start
        length = (edge ** 2).sum(axis=1)
        t = np.clip(-(start * edge).sum(axis=1) / np.where(length == 0, 1, length), 0, 1)
        out.append(np.hypot(*(start + t[:, None] * edge).T).min() * 111.195)
    return np.array(out)


@pytest.fixture(scope="module")
def outline_10m() -> np.ndarray:
    from analysis.data import load_boundaries

    (polygon,) = load_boundaries()["countries"]["Afghanistan"]
    return np.asarray(polygon[0])


def test_outline_is_natural_earths(outline_10m) -> None:
    coarse = np.array(AFGHANISTAN)
    assert (coarse[0] == coarse[-1]).all()
    assert km_to_outline(coarse, outline_10m).max() < TOLERANCE_KM
    # and the coarse ring follows the whole outline, not a part of it
    assert km_to_outline(outline_10m, coarse).max() < TOLERANCE_KM


@pytest.mark.parametrize("moved", [
    lambda ring: ring + (0.1, 0.1),  # shifted by about 15 km
    lambda ring: ring * (1, -1),  # latitudes' sign flipped
    lambda ring: ring[:, ::-1],  # longitude and latitude swapped
])
def test_a_moved_ring_would_fail(outline_10m, moved) -> None:
    assert km_to_outline(moved(np.array(AFGHANISTAN)), outline_10m).max() >= TOLERANCE_KM


def test_every_afghan_place_of_the_data_is_inside() -> None:
    from analysis.data import load_dataset

    places = load_dataset().places
    afghan = places[places["province"].notna() & ~places["province"].str.contains(r"\(")]
    afghan = afghan.dropna(subset=["lat", "lon"])
    assert len(afghan) > 10
    assert all(km_outside(lon, lat) < 10 for lon, lat in zip(afghan["lon"], afghan["lat"],
                                                             strict=True))


def test_neighbours_are_outside() -> None:
    assert not inside(71.583, 34.017)  # Peshawar
    assert not inside(69.28, 41.31)  # Tashkent
    assert inside(62.2, 34.35)  # Herat
