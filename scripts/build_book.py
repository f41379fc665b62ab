"""Build the book strictly, with an execution cache that cannot go stale.

jupyter-cache keys a notebook's outputs on its code cells only, so a change in
``analysis/`` or ``data/`` would leave stale outputs in the book. This script
hashes those inputs, in two parts:

* the code (the package, the extensions, the scripts, the environment): when
  it changes, the execution cache and the doctrees are dropped and every page
  is built again;
* the data (``data/``): when it changes, the execution cache is dropped (every
  notebook runs again), the generated pages and the figure pack are written
  again, and Sphinx reads again only the pages that depend on a changed file:
  the notebooks (which load the data), the pages whose data roles read a
  changed table, and the generated pages whose text changed.

Then it runs ``jupyter-book build`` with warnings as errors
(``-W -n --keep-going``) and returns its exit status.

``--text-only`` builds the same pages without executing a notebook or drawing
a figure (the floor that ``make bench`` compares the build with); it is not
strict, since notebooks that are not executed leave their glued values
unresolved.

Usage: ``python scripts/build_book.py [--root DIR] [--text-only] [jupyter-book build options]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

#: What the notebooks' outputs and the generated pages depend on besides the
#: chapters' own text and the data: the package, the environment, and the local
#: Sphinx extensions and scripts (Sphinx does not track extension code).
INPUTS = ("analysis/**/*.py", "pyproject.toml", "requirements/lock.txt",
          "book/_ext/*.py", "book/_static/*", "scripts/*.py")
#: The data, on which the notebooks, the generated pages and the figures depend.
DATA_INPUTS = ("data/**/*",)
#: Set in the environment of Sphinx for a text-only build (read by book/_ext/text_only.py).
TEXT_ONLY_VARIABLE = "BOOK_TEXT_ONLY"


def inputs_hash(root: Path, patterns: tuple[str, ...] = INPUTS) -> str:
    """Hash the files matching ``patterns`` under ``root`` (paths and contents)."""
    digest = hashlib.sha256()
    files = sorted({p for pattern in patterns for p in root.glob(pattern) if p.is_file()})
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def toc_notebooks(root: Path) -> list[Path]:
    """The chapters in ``_toc.yml`` that are MyST notebooks (jupytext header)."""
    from analysis.paths import toc_pages

    paths = [root / f"{name}.md" for name in toc_pages(root)]
    return [p for p in paths
            if p.exists() and p.read_text(encoding="utf-8").startswith("---\njupytext:")]


def pre_execute(root: Path, cache_dir: Path, timeout: int = 300) -> None:
    """Execute the notebooks into jupyter-cache in parallel, before Sphinx.

    Sphinx then finds every notebook in the cache. A notebook that fails here
    is simply not cached: Sphinx executes it again and reports the error.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    notebooks = toc_notebooks(root)
    if len(notebooks) < 2:
        return
    cache = get_cache(str(cache_dir))
    for notebook in notebooks:
        cache.add_nb_to_project(str(notebook), read_data={"name": "myst_nb_md", "type": "plugin"})
    executor = load_executor("local-parallel", cache=cache)
    result = executor.run_and_cache(timeout=timeout, allow_errors=False)
    print(f"build_book: executed {len(result.succeeded)} notebooks in parallel"
          + (f", {len(result.errored)} failed (Sphinx will report them)"
             if result.errored else ""))


def _stale(stamp: Path, current: str) -> bool:
    return not stamp.exists() or stamp.read_text().strip() != current


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--text-only", action="store_true",
                        help="execute no notebook and draw no figure (not strict)")
    args, extra = parser.parse_known_args(argv)
    root = args.root.resolve()
    build = root / "_build"
    stamps = {"code": build / ".inputs-sha256", "data": build / ".data-sha256"}
    current = {"code": inputs_hash(root), "data": inputs_hash(root, DATA_INPUTS)}
    rebuild_all = _stale(stamps["code"], current["code"])
    data_changed = rebuild_all or _stale(stamps["data"], current["data"])
    if rebuild_all:
        for stale in (build / ".jupyter_cache", build / "jupyter_execute", build / ".doctrees"):
            shutil.rmtree(stale, ignore_errors=True)
        print("build_book: analysis/ changed (or first build): building every page")
    elif data_changed:
        shutil.rmtree(build / ".jupyter_cache", ignore_errors=True)
        print("build_book: data/ changed: executing every notebook, reading the pages that use it")
    # a book without the data package (the build tests' small books) has no
    # generated pages and no figure pack
    has_data = (root / "data" / "datapackage.json").exists()
    pages = root / "book" / "generated"
    needs_pages = has_data and (data_changed or not all(
        (pages / f"{name}.md").exists()
        for name in ("whoswho", "chronology", "disagreements", "gallery", "rows/index",
                     "network_explorer")))
    generated = subprocess.call([sys.executable, str(Path(__file__).with_name("generate_pages.py")),
                                 str(root)], cwd=root) if needs_pages else 0
    if generated != 0:
        print("build_book: generating the reference pages from the data failed", file=sys.stderr)
        return generated
    exports = root / "book" / "generated" / "figures"
    exporter = None
    # the pack is made for a book with a figure gallery (a small book without
    # one draws the figures it shows, when it reads them)
    from analysis.paths import toc_pages

    has_gallery = "book/generated/gallery" in toc_pages(root)
    if rebuild_all or (data_changed and not has_gallery):
        shutil.rmtree(exports, ignore_errors=True)  # drawn again
    if has_data and has_gallery and not args.text_only \
            and (data_changed or not (exports / "index.json").exists()):
        # the figure pack is drawn once, in a process of its own, while the
        # notebooks' kernels run; the pages show the same PNG files
        # ({data-figure}). A file whose content is unchanged keeps its time
        # stamp, and its page is not read again.
        print("build_book: exporting every registered figure")
        images_ready = build / ".figure-images-ready"
        images_ready.unlink(missing_ok=True)
        build.mkdir(exist_ok=True)
        exporter = subprocess.Popen([sys.executable, "-c",
                                     "import sys; from pathlib import Path; "
                                     "from analysis.data import load_dataset; "
                                     "from analysis.exports import export_all; "
                                     "export_all(load_dataset(Path(sys.argv[2])), "
                                     "Path(sys.argv[1]), images_ready=Path(sys.argv[3]))",
                                     str(exports), str(root / "data"), str(images_ready)],
                                    cwd=root)
    if data_changed and not args.text_only and "--builder" not in extra:
        pre_execute(root, build / ".jupyter_cache")
    if exporter is not None:
        # the pages need the PNGs only: Sphinx starts when they are drawn, and
        # the SVG and PDF files are written on the other core meanwhile
        while exporter.poll() is None and not images_ready.exists():
            time.sleep(0.1)
        if exporter.poll() not in (None, 0):
            print("build_book: exporting the figures failed", file=sys.stderr)
            return exporter.returncode
    shutil.rmtree(build / "html" / "reports", ignore_errors=True)  # logs of an earlier failure
    strict = [] if args.text_only else ["-W", "-n"]
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root),
               *strict, "--keep-going", *extra]
    if rebuild_all:
        command.append("--all")
    env = {**os.environ, TEXT_ONLY_VARIABLE: "1"} if args.text_only else None
    status = subprocess.call(command, cwd=root, env=env)
    if exporter is not None and exporter.wait() != 0:
        print("build_book: exporting the figures failed", file=sys.stderr)
        status = status or exporter.returncode
    if args.text_only:
        # a text-only build leaves nothing a full build could reuse as current
        for stamp in stamps.values():
            stamp.unlink(missing_ok=True)
        return status
    if status == 0:
        numbers_file = build / "figure-numbers.json"
        index_file = exports / "index.json"
        if index_file.exists() and numbers_file.exists():
            numbers = json.loads(numbers_file.read_text(encoding="utf-8"))
            index = json.loads(index_file.read_text(encoding="utf-8"))
            if any(entry["number"] != numbers.get(entry["id"]) for entry in index):
                # the pack is drawn before the book numbers its figures
                from analysis.exports import set_numbers

                set_numbers(exports, numbers)
        if (build / "html").is_dir() and exports.is_dir():
            shutil.rmtree(build / "html" / "figures", ignore_errors=True)
            shutil.copytree(exports, build / "html" / "figures")
        build.mkdir(exist_ok=True)
        for name, stamp in stamps.items():
            stamp.write_text(current[name] + "\n")
    else:
        for stamp in stamps.values():
            stamp.unlink(missing_ok=True)
        for log in sorted((build / "html" / "reports").rglob("*.err.log")):
            print(f"build_book: {log.relative_to(root)}:\n{log.read_text()}", file=sys.stderr)
        print(f"build_book: the build failed (exit status {status})", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
