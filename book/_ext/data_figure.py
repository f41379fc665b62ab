"""Local Sphinx extension: the ``data-figure`` directive for registered figures.

A chapter shows a figure of the registry (:mod:`analysis.registry`) without a
code cell::

    ```{data-figure} fig-jalalabad-timeline
    What the figure shows and what to notice.
    ```

The directive's body is the caption (its first paragraph; further paragraphs
are the legend), led by the registry's title unless the body starts with it.
The image, its alt text, the source line and the figure's
anchor (its id, for ``{numref}``) come from the registry; the downloads and
"Cite this figure" are added under it by :mod:`figure_cite`. The image is the
PNG of the figure pack (``book/generated/figures/<id>.png``, written by
:func:`analysis.exports.export_all` before Sphinx reads the pages), so each
figure is drawn once per build and the page and the pack show the same file.
A figure missing from the pack (a small book, a figure added since) is drawn
here, into the pack's folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from text_only import text_only

__all__ = ["DataFigure", "FIGURES_DIR", "ensure_drawn", "setup"]

logger = logging.getLogger(__name__)

#: Where the figure pack is written, relative to the book's root.
FIGURES_DIR = Path("book") / "generated" / "figures"


def ensure_drawn(srcdir: Path, fig_id: str) -> Path:
    """The PNG of a registered figure in the pack's folder, drawn if missing."""
    png = Path(srcdir) / FIGURES_DIR / f"{fig_id}.png"
    if not png.exists():
        from data_store import data_dir

        from analysis.data import load_dataset
        from analysis.exports import export_all

        export_all(load_dataset(data_dir(srcdir)), png.parent, only=[fig_id], pack=False)
    return png


class DataFigure(SphinxDirective):
    """``{data-figure} <fig-id>``: a registered figure, its caption the body."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        fig_id = self.arguments[0]
        from analysis.registry import get_spec

        try:
            spec = get_spec(fig_id)
        except KeyError as exc:
            logger.error(f"{{data-figure}}: {exc.args[0]}", location=self.get_location(),
                         type="data", subtype="figure")
            return []
        figure = nodes.figure(classes=["data-figure"])
        figure["ids"].append(fig_id)
        figure["names"].append(fig_id)
        self.set_source_info(figure)
        if not text_only():
            png = ensure_drawn(Path(self.env.srcdir), fig_id)
            self.env.note_dependency(os.path.relpath(png, self.env.srcdir))
            figure += nodes.image(uri="/" + (FIGURES_DIR / f"{fig_id}.png").as_posix(),
                                  alt=spec.alt)
        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        first = body.children[0] if body.children else None
        if isinstance(first, nodes.paragraph):
            caption = nodes.caption(first.rawsource, "", *first.children)
            if not first.astext().startswith(spec.title):
                # the registry's title leads the caption unless the chapter wrote it
                caption.insert(0, nodes.Text(" "))
                caption.insert(0, nodes.strong(spec.title + ".", spec.title + "."))
            caption.source, caption.line = first.source, first.line
            figure += caption
            rest = body.children[1:]
        else:
            logger.error(f"{{data-figure}} {fig_id}: the body must start with the caption",
                         location=self.get_location(), type="data", subtype="figure")
            rest = body.children
        legend = nodes.legend()
        legend += list(rest)
        legend += nodes.paragraph("", f"Source: {spec.source}.", classes=["figure-source"])
        figure += legend
        self.state.document.note_explicit_target(figure, figure)
        return [figure]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("text_only")
    app.add_directive("data-figure", DataFigure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
