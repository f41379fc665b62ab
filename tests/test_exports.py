"""Tests of analysis.exports: the figure pack."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from matplotlib.image import imread

from analysis.data import load_dataset
from analysis.exports import FORMATS, ZIP_NAME, export_all
from analysis.registry import all_specs

ONE = "fig-yearly-battle-deaths"


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("pack")
    return out, export_all(load_dataset(), out, only=[ONE])


def test_four_files_per_figure_and_an_index(pack) -> None:
    out, index = pack
    assert [e["id"] for e in index] == [ONE]
    for fmt in FORMATS:
        assert (out / f"{ONE}.{fmt}").stat().st_size > 0
    on_disk = json.loads((out / "index.json").read_text())
    assert on_disk == index
    entry = index[0]
    spec = next(s for s in all_specs() if s.fig_id == ONE)
    assert entry["caption"] == spec.caption and entry["chapter"] == spec.chapter
    assert entry["anchor"] == f"{spec.chapter}.html#{ONE}"
    assert entry["licence"] == "CC BY 4.0" and entry["book_version"]


def test_png_is_300_dpi(pack) -> None:
    out, _ = pack
    height, width = imread(out / f"{ONE}.png").shape[:2]
    spec_w, spec_h = 7.0, 4.2  # the size plot_yearly_battle_deaths draws at
    assert (width, height) == (int(spec_w * 300), int(spec_h * 300))


def test_zip_holds_every_file_with_fixed_dates(pack) -> None:
    out, _ = pack
    with zipfile.ZipFile(out / ZIP_NAME) as archive:
        names = archive.namelist()
        assert names == [f"{ONE}.{fmt}" for fmt in FORMATS] + ["index.json"]
        assert {info.date_time for info in archive.infolist()} == {(1992, 4, 28, 0, 0, 0)}


def test_export_is_byte_identical(tmp_path: Path) -> None:
    ds = load_dataset()
    export_all(ds, tmp_path / "a", only=[ONE])
    export_all(ds, tmp_path / "b", only=[ONE])
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
