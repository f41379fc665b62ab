"""Where things are: the one module that knows the project's paths.

Every other module and every chapter asks this module for a path, so no
``"../data/..."`` string appears anywhere else.

Examples
--------
>>> from analysis.paths import DATA_DIR, DATAPACKAGE
>>> DATAPACKAGE.name
'datapackage.json'
>>> DATAPACKAGE.parent == DATA_DIR
True
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ROOT", "DATA_DIR", "DATAPACKAGE", "BIBLIOGRAPHY", "BOOK_DIR", "BUILD_DIR"]

#: The repository root (the folder holding ``_config.yml``), wherever the
#: project is checked out.
#:
#: :meta hide-value:
ROOT: Path = Path(__file__).resolve().parent.parent
#: The curated datasets and their schema, in ``<ROOT>/data``.
#:
#: :meta hide-value:
DATA_DIR: Path = ROOT / "data"
#: The Frictionless Data Package descriptor that the loaders enforce,
#: ``<ROOT>/data/datapackage.json``.
#:
#: :meta hide-value:
DATAPACKAGE: Path = DATA_DIR / "datapackage.json"
#: The one bibliography, shared by the data rows and the book,
#: ``<ROOT>/data/references.bib``.
#:
#: :meta hide-value:
BIBLIOGRAPHY: Path = DATA_DIR / "references.bib"
#: The chapters, in ``<ROOT>/book``.
#:
#: :meta hide-value:
BOOK_DIR: Path = ROOT / "book"
#: Where the book is built, ``<ROOT>/_build``.
#:
#: :meta hide-value:
BUILD_DIR: Path = ROOT / "_build"
