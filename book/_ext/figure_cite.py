"""Local Sphinx extension: downloads and "Cite this figure" under every figure.

For each figure whose id is in the figure registry (``analysis.registry``),
the image links to the figure's SVG (full size), and the HTML gets, under
the caption, links to the exported files
(``figures/<id>.svg|pdf|png|csv``, written by ``scripts/build_book.py``) and a
collapsible block with a plain citation and a BibTeX entry carrying the
book's version and the figure's permanent anchor (absolute, under the
configured ``html_baseurl``). The book's version is ``analysis.__version__``.

When an HTML build ends, the number of every registered figure in the book
is written to ``_build/figure-numbers.json`` (``{"fig-...": "3"}``), which
``scripts/build_book.py`` copies into the figure pack's ``index.json``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from analysis import __version__
from analysis.citation import figure_bibtex, figure_citation


def _config_inited(app: Sphinx, config: Any) -> None:
    config.version = __version__
    config.release = __version__


def _block(app: Sphinx, docname: str, fig_id: str, title: str, number: str | None) -> str:
    up = "../" * docname.count("/")
    url = f"{docname}.html#{fig_id}"  # made absolute by the citation functions
    links = " · ".join(
        f'<a class="reference download" href="{up}figures/{fig_id}.{fmt}" download>{label}</a>'
        for fmt, label in (("svg", "SVG"), ("pdf", "PDF"), ("png", "PNG (300 dpi)"),
                           ("csv", "data (CSV)"))
    )
    citation = html.escape(figure_citation(fig_id, title, number, url))
    bibtex = html.escape(figure_bibtex(fig_id, title, number, url))
    return (
        f'<div class="figure-tools" id="{fig_id}-tools">'
        f'<p class="figure-downloads">Download: {links}</p>'
        f'<details class="figure-cite"><summary>Cite this figure</summary>'
        f'<p class="figure-cite-text">{citation}</p>'
        f'<pre class="figure-cite-bibtex">{bibtex}</pre></details></div>'
    )


def _doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    figures = list(doctree.findall(nodes.figure))
    if not figures:
        return
    # imported here: the registry pulls in pandas and matplotlib, which a
    # rebuild that writes no page with a figure should not pay for
    from analysis.registry import all_specs

    specs = {spec.fig_id: spec for spec in all_specs()}
    numbers = app.env.toc_fignumbers.get(docname, {}).get("figure", {})
    up = "../" * docname.count("/")
    for figure in figures:
        fig_id = next((i for i in figure["ids"] if i in specs), None)
        if fig_id is None:
            continue
        # the image opens the figure at full size: its SVG in the figure pack
        for image in list(figure.findall(nodes.image)):
            if isinstance(image.parent, nodes.reference):
                continue
            link = nodes.reference("", "", refuri=f"{up}figures/{fig_id}.svg",
                                   classes=["figure-full-size"],
                                   reftitle="Open the figure at full size (SVG)")
            image.replace_self(link)
            link += image
        number = numbers.get(fig_id)
        label = ".".join(str(n) for n in number) if number else None
        raw = nodes.raw("", _block(app, docname, fig_id, specs[fig_id].title, label),
                        format="html")
        figure.parent.insert(figure.parent.index(figure) + 1, raw)


def figure_numbers(app: Sphinx) -> dict[str, str]:
    """Every registered figure's number in the book (``"3"``, or ``"2.1"``)."""
    out = {}
    for by_type in app.env.toc_fignumbers.values():
        for fig_id, number in by_type.get("figure", {}).items():
            if fig_id.startswith("fig-") and number:
                out[fig_id] = ".".join(str(n) for n in number)
    return dict(sorted(out.items()))


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir).parent / "figure-numbers.json"
    text = json.dumps(figure_numbers(app), indent=2, sort_keys=True) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _config_inited)
    app.connect("build-finished", _build_finished)
    app.connect("doctree-resolved", _doctree_resolved)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
