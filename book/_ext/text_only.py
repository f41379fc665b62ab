"""Local Sphinx extension: the text-only build (``scripts/build_book.py --text-only``).

When the environment variable ``BOOK_TEXT_ONLY`` is set, notebooks are not
executed (``nb_execution_mode = "off"``) and ``{data-figure}`` draws nothing
(:func:`text_only` tells it). The pages are otherwise the same; the build's
time is the floor the full build is compared with in ``make bench``.
"""

from __future__ import annotations

import os
from typing import Any

from sphinx.application import Sphinx

__all__ = ["VARIABLE", "setup", "text_only"]

#: The environment variable that switches the text-only build on.
VARIABLE = "BOOK_TEXT_ONLY"


def text_only() -> bool:
    """Whether this is a text-only build."""
    return os.environ.get(VARIABLE, "") not in ("", "0")


def _config_inited(app: Sphinx, config: Any) -> None:
    if text_only():
        config.nb_execution_mode = "off"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _config_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
