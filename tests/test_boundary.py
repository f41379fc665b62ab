"""Tests of analysis.boundary: the committed outline is Natural Earth's."""

from __future__ import annotations

import numpy as np

from analysis.boundary import AFGHANISTAN, inside, km_outside
from analysis.geo import load_countries


def test_outline_is_natural_earths() -> None:
    (ring,) = load_countries(["Afghanistan"])["Afghanistan"]
    np.testing.assert_allclose(np.array(AFGHANISTAN), ring, atol=5e-5)


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
