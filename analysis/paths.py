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

__all__ = ["ROOT", "DATA_DIR", "DATAPACKAGE", "BIBLIOGRAPHY", "BOUNDARIES_DIR", "BOOK_DIR",
           "BUILD_DIR", "toc_pages"]

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
#: The committed boundary files and the roads table, ``<ROOT>/data/boundaries``.
#:
#: :meta hide-value:
BOUNDARIES_DIR: Path = DATA_DIR / "boundaries"
#: The chapters, in ``<ROOT>/book``.
#:
#: :meta hide-value:
BOOK_DIR: Path = ROOT / "book"
#: Where the book is built, ``<ROOT>/_build``.
#:
#: :meta hide-value:
BUILD_DIR: Path = ROOT / "_build"


def toc_pages(root: Path = ROOT) -> list[str]:
    """The pages of the book's table of contents (``_toc.yml``), in order, without suffix.

    The one reader of the table of contents: the build script, the page
    generator, the benchmark and the tests all ask it.

    Examples
    --------
    >>> pages = toc_pages()
    >>> pages[0], "book/jalalabad" in pages
    ('book/intro', True)
    """
    import yaml

    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    pages: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if key in node:
                    pages.append(str(node[key]).removesuffix(".md"))
            for key in ("parts", "chapters", "sections"):
                for child in node.get(key, []) or []:
                    walk(child)

    walk(toc)
    return pages
