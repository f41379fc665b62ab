"""Tests of the data package: the descriptor and the downloadable zip pass Frictionless."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from frictionless import Package, validate

from analysis.data import load_dataset, read_descriptor
from analysis.package import DATA_ZIP_NAME, PACKAGE_NAME, data_package_bytes, write_data_package
from analysis.paths import DATAPACKAGE, ROOT


def _errors(report) -> list[str]:
    return [f"{e[0]}: {e[1]}" for e in report.flatten(["type", "note"])]


def test_descriptor_passes_frictionless() -> None:
    report = validate(str(DATAPACKAGE))
    assert report.valid, _errors(report)
    # every table was checked, empty ones included
    assert len(report.tasks) == len(read_descriptor()["resources"])


def test_frictionless_keeps_the_projects_rules() -> None:
    """The x- properties survive Frictionless and the loader still enforces them."""
    package = Package(str(DATAPACKAGE))
    places = package.get_resource("places").to_descriptor()
    assert places["x-coordinates"]["area"]["title"] == "Afghanistan and its borderlands"
    assert package.to_descriptor()["x-bibliography"] == "references.bib"


def test_frictionless_catches_what_the_standard_covers(tmp_path: Path) -> None:
    """A broken foreign key fails the standard tool too (the check is not vacuous)."""
    data = tmp_path / "data"
    with zipfile.ZipFile(io.BytesIO(data_package_bytes())) as archive:
        archive.extractall(data)
    folder = data / PACKAGE_NAME
    events = folder / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = next(csv.reader([lines[1]]))
    cells[header.index("place_id")] = "atlantis"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    lines[1] = out.getvalue()
    events.write_text("".join(lines), encoding="utf-8")
    report = validate(str(folder / "datapackage.json"))
    assert not report.valid
    assert any("foreign" in e for e in _errors(report))


def test_licences_and_sources_are_declared() -> None:
    descriptor = read_descriptor()
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    titles = " ".join(source["title"] for source in descriptor["sources"])
    for name in ("UCDP", "SIPRI", "Correlates of War", "ATOP", "Bibliography", "Natural Earth"):
        assert name in titles
    keys = {k for s in descriptor["sources"] for k in s.get("x-bibliography-keys", [])}
    bib = (ROOT / "data" / "references.bib").read_text(encoding="utf-8")
    assert keys and all(f"{{{key}," in bib for key in keys)
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert descriptor["version"] == cff["version"]
    assert [c["title"] for c in descriptor["contributors"]] == [
        a.get("name") or f"{a['given-names']} {a['family-names']}" for a in cff["authors"]]


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("zip")
    path = write_data_package(folder / "out")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert all(name.startswith(PACKAGE_NAME + "/") for name in names)
        archive.extractall(folder / "unpacked")
    return folder / "unpacked" / PACKAGE_NAME


def test_zip_holds_the_whole_package(unpacked: Path) -> None:
    names = sorted(p.name for p in unpacked.iterdir())
    tables = [r["path"] for r in read_descriptor()["resources"]]
    assert set(tables) | {"datapackage.json", "references.bib", "README.md",
                          "LICENSE-CONTENT.md"} <= set(names)


def test_unpacked_zip_validates_with_frictionless(unpacked: Path) -> None:
    report = validate(str(unpacked / "datapackage.json"))
    assert report.valid, _errors(report)


def test_unpacked_zip_validates_with_the_frictionless_command(unpacked: Path) -> None:
    command = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(command), "validate", "--json", "datapackage.json"],
                            cwd=unpacked, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert json.loads(result.stdout)["valid"] is True


def test_unpacked_zip_loads_with_the_project_loader(unpacked: Path) -> None:
    assert {k: len(v) for k, v in load_dataset(unpacked).tables.items()} == {
        k: len(v) for k, v in load_dataset().tables.items()}


def test_zip_is_byte_deterministic(tmp_path: Path) -> None:
    first = write_data_package(tmp_path / "a").read_bytes()
    assert first == write_data_package(tmp_path / "b").read_bytes() == data_package_bytes()
    with zipfile.ZipFile(tmp_path / "a" / DATA_ZIP_NAME) as archive:
        infos = archive.infolist()
    assert {i.date_time for i in infos} == {(1992, 4, 28, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o644}
    assert str(ROOT).encode() not in first
