"""Local Sphinx extension: the list of the data behind a chapter, made from what it uses.

A chapter writes, under its heading "Data behind this chapter"::

    ```{data-behind}
    ```

and gets, when the page is written, one line per table with a link to every
row its roles name (sorted by id) (``{estimate}``, ``{event}``, ``{fact}``...), and the
figures it shows with ``{data-figure}``. The rows are those collected in the
build environment by :mod:`data_store` while the page was read, so the list
cannot fall behind the prose.
"""

from __future__ import annotations

from typing import Any

from data_store import rows_used
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

__all__ = ["DataBehind", "data_behind_node", "setup"]

#: How each table is introduced in the list.
TABLE_TITLES: dict[str, str] = {
    "events": "Events",
    "estimates": "Estimates",
    "flows": "Flows",
    "relations": "Relations",
    "people": "People",
    "actors": "Actors",
    "figures": "Figures",
}


class data_behind_node(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder replaced by the list when the page is resolved."""


class DataBehind(SphinxDirective):
    """The ``data-behind`` directive (no arguments, no content)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = data_behind_node()
        self.set_source_info(node)
        return [node]


def _link(app: Sphinx, docname: str, label: str, text: str) -> nodes.Node:
    std = app.env.get_domain("std")
    target = std.labels.get(label)
    literal = nodes.literal(text, text)
    if target is None:
        return literal
    todoc, anchor, _ = target
    uri = app.builder.get_relative_uri(docname, todoc) + "#" + anchor
    reference = nodes.reference("", "", internal=True, refuri=uri)
    reference += literal
    return reference


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    from analysis.pages import actor_label, person_label, row_label

    placeholders = list(doctree.findall(data_behind_node))
    if not placeholders:
        return
    used = rows_used(app.env, docname)
    figures = [fig_id for figure in doctree.findall(nodes.figure)
               for fig_id in figure["ids"] if fig_id.startswith("fig-")]
    used += [("figures", fig_id) for fig_id in figures]
    listing = nodes.bullet_list()
    for table, title in TABLE_TITLES.items():
        ids = sorted({row_id for t, row_id in used if t == table})
        if not ids:
            continue
        para = nodes.paragraph()
        where = "the figure registry" if table == "figures" else f"data/{table}.csv"
        para += nodes.Text(f"{title} ({where}): ")
        for number, row_id in enumerate(ids):
            if number:
                para += nodes.Text(", ")
            if table == "figures":
                label = row_id
            elif table == "actors":
                label = actor_label(row_id)
            elif table == "people":
                label = person_label(row_id)
            else:
                label = row_label(table, row_id)
            para += _link(app, docname, label, row_id)
        para += nodes.Text(".")
        item = nodes.list_item()
        item += para
        listing += item
    for placeholder in placeholders:
        if len(listing):
            placeholder.replace_self(listing.deepcopy())
        else:
            placeholder.replace_self(nodes.paragraph(text="This chapter names no data row."))


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("data_store")
    app.add_node(data_behind_node)
    app.add_directive("data-behind", DataBehind)
    app.connect("doctree-resolved", _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
