"""Local Sphinx extension: keep the built pages self-contained and clean.

* Sphinx 7.4 with sphinx-thebe writes thebe's inline configuration script
  twice, which makes every page log a JavaScript error; keep one copy of each
  script.
* Fail loudly if a page would load a script or stylesheet from another host.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError


def _is_remote(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def _dedupe_and_check(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: Any) -> None:
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if not assets:
            continue
        seen, kept = set(), []
        for asset in assets:
            filename = asset if isinstance(asset, str) else asset.filename
            filename = "" if filename is None else str(filename)
            body = getattr(asset, "attributes", {}).get("body", "")
            ident = (filename, body)
            if ident in seen:
                continue
            seen.add(ident)
            if _is_remote(filename):
                raise ExtensionError(f"page {pagename} would load {filename} from another host")
            kept.append(asset)
        assets[:] = kept


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _dedupe_and_check, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
