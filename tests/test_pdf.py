"""The PDF edition (`make pdf`): built when LaTeX is on the machine.

The test builds the PDF from the already-built book's execution cache and
checks that it holds every chapter, every registered figure and the
bibliography. Without LaTeX it skips and says why (`make pdf` installs it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from analysis.paths import BUILD_DIR, ROOT
from analysis.registry import all_specs

pytestmark = pytest.mark.build

if shutil.which("latexmk") is None or shutil.which("pdflatex") is None:
    pytest.skip("LaTeX (latexmk, pdflatex) is not installed; `make pdf` installs it",
                allow_module_level=True)


@pytest.fixture(scope="module")
def latex_dir():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_book.py"), "--builder", "pdflatex"],
        cwd=ROOT, capture_output=True, text=True, errors="replace", timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return BUILD_DIR / "latex"


def test_pdf_is_written(latex_dir) -> None:
    pdf = latex_dir / "book.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 100_000
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_pdf_holds_every_chapter_figure_and_the_bibliography(latex_dir) -> None:
    tex = (latex_dir / "book.tex").read_text(encoding="utf-8")
    toc = (ROOT / "_toc.yml").read_text()
    for name in re.findall(r"file:\s*(book/\S+)", toc):
        if name.startswith("book/generated/"):
            continue
        title = next(line[2:].strip() for line in (ROOT / f"{name}.md").read_text().splitlines()
                     if line.startswith("# "))
        plain = re.sub(r"[^A-Za-z0-9 ]", "", title).split()[0]
        assert plain in tex, f"chapter {name} ({title}) is not in the PDF"
    labels = set(re.findall(r"\\label\{[^}]*?:(fig-[a-z0-9-]+)\}", tex))
    missing = {s.fig_id for s in all_specs()} - labels
    assert not missing, f"figures missing from the PDF: {sorted(missing)}"
    assert "sphinxthebibliography" in tex or "thebibliography" in tex
