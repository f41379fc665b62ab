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
    pages = root / "book" / "generated"
    needs_pages = rebuild_all or not all(
        (pages / f"{name}.md").exists()
        for name in ("whoswho", "chronology", "disagreements", "gallery"))
    generated = subprocess.call([sys.executable, str(root / "scripts" / "generate_pages.py"),
                                 str(root)], cwd=root) if needs_pages else 0
    if generated != 0:
        print("build_book: generating the reference pages from the data failed", file=sys.stderr)
        return generated
    exports = root / "book" / "generated" / "figures"
    if rebuild_all or not (exports / "index.json").exists():
        print("build_book: exporting every registered figure")
        shutil.rmtree(exports, ignore_errors=True)
        exported = subprocess.call([sys.executable, "-c",
                                    "import sys; from pathlib import Path; "
                                    "from analysis.data import load_dataset; "
                                    "from analysis.exports import export_all; "
                                    "export_all(load_dataset(), Path(sys.argv[1]))",
                                    str(exports)], cwd=root)
        if exported != 0:
            print("build_book: exporting the figures failed", file=sys.stderr)
            return exported
    shutil.rmtree(build / "html" / "reports", ignore_errors=True)  # logs of an earlier failure
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root),
               "-W", "-n", "--keep-going", *extra]
    if rebuild_all:
        command.append("--all")
    status = subprocess.call(command, cwd=root)
    if status == 0:
        if (build / "html").is_dir():
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
