"""Local Sphinx extension: a bibliography style that keeps titles as written.

pybtex's ``plain`` style sets the titles of articles, chapters and web pages
in sentence case (``text.capitalize()``), which lowercases every proper noun:
"Abdul Rashid Dostum" became "Abdul rashid dostum", "U.S." became "u.s.".
This style is ``plain`` in every other respect, but prints each title exactly
as ``references.bib`` gives it. It is registered with pybtex as
``book`` (set ``bibtex_default_style: book``).

The entries' link targets are set in ``_config.yml``: ``bibtex_cite_id:
"cite-{key}"``, so that the entry ``maley2002`` is
``bibliography.html#cite-maley2002``. Sphinx turns ``_`` into ``-`` in ids
(``ucdp_acd_v22_1`` -> ``cite-ucdp-acd-v22-1``); so that a key copied from a
CSV works as it stands, each entry also carries the id with the key
unchanged (``cite-ucdp_acd_v22_1``).
"""

from __future__ import annotations

from typing import Any

import pybtex.plugin
from docutils import nodes
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import field, sentence
from sphinx.application import Sphinx

#: The name the style is registered under.
STYLE_NAME = "book"


class TitlesAsWrittenStyle(PlainStyle):
    """pybtex's ``plain`` style without the lowercasing of titles."""

    default_sorting_style = "author_year_title"

    def format_title(self, e: Any, which_field: str, as_sentence: bool = True) -> Any:
        formatted = field(which_field)
        return sentence[formatted] if as_sentence else formatted


def citation_ids(key: str) -> list[str]:
    """The ids of a bibliography entry: Sphinx's, then the key unchanged.

    Examples
    --------
    >>> citation_ids("ucdp_acd_v22_1")
    ['cite-ucdp-acd-v22-1', 'cite-ucdp_acd_v22_1']
    >>> citation_ids("maley2002")
    ['cite-maley2002']
    """
    from docutils.nodes import make_id

    ids = [make_id(f"cite-{key}")]
    if f"cite-{key}" not in ids:
        ids.append(f"cite-{key}")
    return ids


def _add_key_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give every bibliography entry the id with its key exactly as written."""
    domain = app.env.get_domain("cite")
    keys = {c.citation_id: c.key for c in getattr(domain, "citations", [])}
    for node in doctree.findall(nodes.citation):
        key = keys.get(node["ids"][0]) if node["ids"] else None
        if key is None:
            continue
        for extra in citation_ids(key)[1:]:
            if extra not in node["ids"]:
                node["ids"].append(extra)


def setup(app: Sphinx) -> dict[str, Any]:
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, TitlesAsWrittenStyle)
    app.connect("doctree-resolved", _add_key_ids)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
