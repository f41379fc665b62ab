"""Build the book strictly, with an execution cache that cannot go stale.

jupyter-cache keys a notebook's outputs on its code cells only, so a change in
``analysis/`` or ``data/`` would leave stale outputs in the book. This script
hashes those inputs; when the hash changes it drops the execution cache and
rebuilds every page. Then it runs ``jupyter-book build`` with warnings as
errors (``-W -n --keep-going``) and returns its exit status.

Usage: ``python scripts/build_book.py [--root DIR] [jupyter-book build options]``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

#: What the notebooks' outputs and the generated pages depend on besides the
#: chapters' own text: the package, the data, the environment, and the local
#: Sphinx extensions and scripts (Sphinx does not track extension code).
INPUTS = ("analysis/**/*.py", "data/**/*", "pyproject.toml", "requirements/lock.txt",
          "book/_ext/*.py", "book/_static/*", "scripts/*.py")


def inputs_hash(root: Path) -> str:
    """Hash the files the notebooks depend on (paths and contents)."""
    digest = hashlib.sha256()
    files = sorted({p for pattern in INPUTS for p in root.glob(pattern) if p.is_file()})
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
    toc = (root / "_toc.yml").read_text(encoding="utf-8")
    names = re.findall(r"^\s*(?:root|-\s*file):\s*(\S+)", toc, flags=re.MULTILINE)
    paths = [root / f"{name}.md" for name in names]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args, extra = parser.parse_known_args(argv)
    root = args.root.resolve()
    build = root / "_build"
    stamp = build / ".inputs-sha256"
    current = inputs_hash(root)
    rebuild_all = not stamp.exists() or stamp.read_text().strip() != current
    if rebuild_all:
        for stale in (build / ".jupyter_cache", build / "jupyter_execute", build / ".doctrees"):
            shutil.rmtree(stale, ignore_errors=True)
        print("build_book: analysis/ or data/ changed (or first build): executing every notebook")
    # a book without the data package (the build tests' small books) has no
    # generated pages and no figure pack
    has_data = (root / "data" / "datapackage.json").exists()
    pages = root / "book" / "generated"
    needs_pages = has_data and (rebuild_all or not all(
        (pages / f"{name}.md").exists()
        for name in ("whoswho", "chronology", "disagreements", "gallery", "network_explorer")))
    generated = subprocess.call([sys.executable, str(Path(__file__).with_name("generate_pages.py")),
                                 str(root)], cwd=root) if needs_pages else 0
    if generated != 0:
        print("build_book: generating the reference pages from the data failed", file=sys.stderr)
        return generated
    exports = root / "book" / "generated" / "figures"
    exporter = None
    if has_data and (rebuild_all or not (exports / "index.json").exists()):
        # the figure pack is drawn in a process of its own, at low priority, so
        # that it takes only the processor time the notebooks' kernels leave
        # idle, and then the second core while Sphinx (one core) writes the
        # pages; no page needs the files before the HTML is written
        print("build_book: exporting every registered figure")
        shutil.rmtree(exports, ignore_errors=True)
        exporter = subprocess.Popen([sys.executable, "-c",
                                     "import sys; from pathlib import Path; "
                                     "from analysis.data import load_dataset; "
                                     "from analysis.exports import export_all; "
                                     "export_all(load_dataset(), Path(sys.argv[1]))",
                                     str(exports)], cwd=root, preexec_fn=lambda: os.nice(19))
    if rebuild_all and "--builder" not in extra:
        pre_execute(root, build / ".jupyter_cache")
    shutil.rmtree(build / "html" / "reports", ignore_errors=True)  # logs of an earlier failure
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root),
               "-W", "-n", "--keep-going", *extra]
    if rebuild_all:
        command.append("--all")
    status = subprocess.call(command, cwd=root)
    if exporter is not None and exporter.wait() != 0:
        print("build_book: exporting the figures failed", file=sys.stderr)
        status = status or exporter.returncode
    if status == 0:
        if (build / "html").is_dir() and exports.is_dir():
            shutil.rmtree(build / "html" / "figures", ignore_errors=True)
            shutil.copytree(exports, build / "html" / "figures")
        build.mkdir(exist_ok=True)
        stamp.write_text(current + "\n")
    else:
        stamp.unlink(missing_ok=True)
        for log in sorted((build / "html" / "reports").rglob("*.err.log")):
            print(f"build_book: {log.relative_to(root)}:\n{log.read_text()}", file=sys.stderr)
        print(f"build_book: the build failed (exit status {status})", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
