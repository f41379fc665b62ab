"""The downloadable data package: one versioned, byte-deterministic zip.

:func:`write_data_package` zips the tables named by the descriptor, the
descriptor itself (``datapackage.json``), the bibliography, the data's README
and column notes, and the licence, all under one folder named after the
package and its version. Unpacked, the folder is a Frictionless Data Package
that ``frictionless validate datapackage.json`` accepts and that
:func:`analysis.data.load_dataset` loads.

The zip is the same, byte for byte, wherever and whenever it is built: its
entries carry one fixed date and fixed permissions, come in a fixed order
(the descriptor's tables in its order, then the other files), and are
compressed at a fixed level; nothing in it names the machine.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = write_data_package(Path(tmp))
...     path.name == DATA_ZIP_NAME, len(sha256_of(path))
(True, 64)
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

from analysis import __version__
from analysis.paths import DATA_DIR, ROOT

__all__ = ["PACKAGE_NAME", "DATA_ZIP_NAME", "package_members", "data_package_bytes",
           "write_data_package", "sha256_of"]

#: The folder inside the zip, and the stem of its name.
PACKAGE_NAME = f"afghanistan-1989-1992-data-{__version__}"
#: The zip's file name (in the built book's root folder).
DATA_ZIP_NAME = f"{PACKAGE_NAME}.zip"
#: Besides the tables: the files of ``data/`` that travel with them.
_DATA_FILES = ("datapackage.json", "references.bib", "README.md", "COLUMNS.md")
#: The licence of the text, data and figures (at the repository's root).
_LICENCE = "LICENSE-CONTENT.md"
_FIXED_DATE = (1992, 4, 28, 0, 0, 0)


def package_members(data_dir: Path = DATA_DIR, root: Path = ROOT) -> list[tuple[str, Path]]:
    """The zip's entries in order: ``(name inside the zip, file on disk)``.

    Examples
    --------
    >>> names = [name for name, _ in package_members()]
    >>> [name.split("/")[1] for name in (names[0], names[-1])]
    ['actors.csv', 'LICENSE-CONTENT.md']
    """
    data_dir = Path(data_dir)
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    tables = [resource["path"] for resource in descriptor["resources"]]
    members = [(f"{PACKAGE_NAME}/{name}", data_dir / name) for name in tables]
    members += [(f"{PACKAGE_NAME}/{name}", data_dir / name) for name in _DATA_FILES
                if name not in tables and (data_dir / name).exists()]
    licence = Path(root) / _LICENCE
    if licence.exists():
        members.append((f"{PACKAGE_NAME}/{_LICENCE}", licence))
    return members


def data_package_bytes(data_dir: Path = DATA_DIR, root: Path = ROOT) -> bytes:
    """The zip, in memory.

    Examples
    --------
    >>> data_package_bytes() == data_package_bytes()
    True
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, path in package_members(data_dir, root):
            info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, wherever it is built
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    return buffer.getvalue()


def write_data_package(outdir: Path, data_dir: Path = DATA_DIR, root: Path = ROOT) -> Path:
    """Write :data:`DATA_ZIP_NAME` into ``outdir`` (created if needed) and return its path."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / DATA_ZIP_NAME
    payload = data_package_bytes(data_dir, root)
    if not path.exists() or path.read_bytes() != payload:  # leave an unchanged file alone
        path.write_bytes(payload)
    return path


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, in hex.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "x").write_bytes(b"abc")
    ...     sha256_of(Path(tmp) / "x")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
