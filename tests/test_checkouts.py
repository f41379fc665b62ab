"""The same book from any checkout: two copies at different paths build the same bytes.

A small book (a page using the data package's roles and the book's citation,
the real API reference and the real bibliography) is built by Jupyter Book
from two copies of the project at different paths, each importing the
``analysis`` package from its own copy, as a clone would. Every built HTML
file must be byte-identical between the two; neither may contain its copy's
path; and the data zip and an exported figure (with the pack's ``index.json``
and zip) must be identical too. A last test reads the real ``_build/html``
(after ``make book``) for any absolute path of this machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.paths import BUILD_DIR, ROOT

pytestmark = pytest.mark.build

#: What the small book needs from the project.
COPIED = ("analysis", "data", "book/_ext", "book/_static", "book/api.md", "book/bibliography.md",
          "_config.yml", "CITATION.cff", "LICENSE-CONTENT.md")
PAGE = """(intro)=
# A small book

{data-package}`The data package`, whose SHA-256 is {data-package-sha256}`zip`, and a
citation {cite:p}`ucdp_ged_23_1`.

```{book-citation}
```

## Data behind this chapter

Nothing else.
"""
TOC = """format: jb-book
root: book/intro
chapters:
  - file: book/api
  - file: book/bibliography
"""
EXPORT = """import sys
from pathlib import Path
from analysis.data import load_dataset
from analysis.exports import export_all, set_numbers
from analysis.package import write_data_package
out = Path(sys.argv[1])
export_all(load_dataset(), out / "figures", only=["fig-yearly-battle-deaths"])
set_numbers(out / "figures", {"fig-yearly-battle-deaths": "9"})
write_data_package(out / "zip")
"""


def copy_project(dest: Path) -> Path:
    """The files the small book needs, copied to ``dest`` (no caches, no build)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "generated")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=ignore)
        else:
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, dest / name)
    (dest / "book" / "intro.md").write_text(PAGE, encoding="utf-8")
    (dest / "_toc.yml").write_text(TOC, encoding="utf-8")
    return dest


def build(root: Path) -> None:
    """Build the small book and export one figure and the data zip, from ``root``'s package."""
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONHASHSEED": "0"}
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run([str(jupyter_book), "build", str(root), "-W", "-n", "--keep-going"],
                            cwd=root, env=env, capture_output=True, text=True, errors="replace",
                            timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    result = subprocess.run([sys.executable, "-c", EXPORT, str(root / "_build" / "out")],
                            cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]


def outputs(root: Path) -> dict[str, bytes]:
    """The HTML pages and the exported files, by path relative to the build."""
    build_dir = root / "_build"
    files = sorted(build_dir.joinpath("html").rglob("*.html"))
    files += sorted(p for p in build_dir.joinpath("out").rglob("*") if p.is_file())
    files += [build_dir / "html" / name for name in os.listdir(build_dir / "html")
              if name.endswith(".zip")]
    return {p.relative_to(build_dir).as_posix(): p.read_bytes() for p in files}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first = copy_project(tmp_path_factory.mktemp("one") / "checkout")
    second = copy_project(tmp_path_factory.mktemp("elsewhere") / "a" / "deeper" / "clone")
    build(first)
    build(second)
    return first, second


def test_two_checkouts_build_identical_bytes(two_builds: tuple[Path, Path]) -> None:
    first, second = (outputs(root) for root in two_builds)
    assert set(first) == set(second)
    assert any(name.endswith("api.html") for name in first)
    assert any(name.startswith("html/") and name.endswith(".zip") for name in first)
    assert "out/figures/index.json" in first and "out/zip/" + next(
        n.split("/")[-1] for n in first if n.startswith("out/zip/")) in first
    differing = sorted(name for name in first if first[name] != second[name])
    assert not differing, f"differ between checkouts: {differing}"


def test_no_output_names_its_checkout(two_builds: tuple[Path, Path]) -> None:
    for root in two_builds:
        needles = [str(root).encode(), str(root.parent).encode()]
        leaks = [name for name, data in outputs(root).items()
                 if any(needle in data for needle in needles)]
        assert not leaks, f"{root}: {leaks}"


def machine_paths() -> list[str]:
    """Absolute paths of this machine that a built file must never contain."""
    candidates = {str(ROOT), sys.prefix, sys.base_prefix, os.path.expanduser("~"),
                  str(Path(sys.executable).parent)}
    return sorted(p for p in candidates if len(p) > 4)


def test_the_built_book_names_no_path_of_this_machine() -> None:
    html = BUILD_DIR / "html"
    if not (html / "index.html").exists():
        pytest.skip("the book is not built (make book)")
    needles = [p.encode() for p in machine_paths()]
    leaks = []
    for path in sorted(html.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".js", ".json", ".txt", ".csv", ".svg",
                                              ".zip", ".bib", ".md", ".inv"}:
            data = path.read_bytes()
            leaks += [f"{path.relative_to(html)}: {n.decode()}" for n in needles if n in data]
    assert not leaks, leaks[:20]
