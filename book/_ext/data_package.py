"""Local Sphinx extension: the downloadable data package, and links to it.

At the start of an HTML build the zip of the data package
(:func:`analysis.package.write_data_package`) is written into the book's root
folder, ``_build/html/``. Pages link to it with two roles:

``{data-package}`text```
    a download link to the zip with the given text (any page, any depth);
``{data-package-sha256}`hex```
    the zip's SHA-256 as literal text (the role's text is not used).

The directive ``book-citation`` (no arguments) writes how to cite the book:
the plain citation and a BibTeX entry (:mod:`analysis.citation`), with the
book's absolute URL, its authors, repository and version.

Every section titled "Data behind this chapter" ends with a paragraph linking
to the zip, whatever else the section lists, so a chapter never has to add
the link by hand. In other builders (LaTeX) the link is the zip's absolute
URL under the book's base URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole

from analysis.citation import book_bibtex, book_citation, permalink
from analysis.package import DATA_ZIP_NAME, data_package_bytes, sha256_of, write_data_package

#: The title of the sections that get the link appended.
DATA_SECTION = "Data behind this chapter"


def _href(app: Sphinx, docname: str) -> str:
    if app.builder.format == "html":
        return "../" * docname.count("/") + DATA_ZIP_NAME
    return permalink(DATA_ZIP_NAME)


def _data_dir(app: Sphinx) -> Path:
    """The book's own ``data/`` (the project root is Sphinx's source folder)."""
    return Path(app.srcdir) / "data"


def _has_package(app: Sphinx) -> bool:
    return (_data_dir(app) / "datapackage.json").exists()


def _sha256(app: Sphinx) -> str:
    if not hasattr(app, "_data_package_sha256"):
        path = Path(app.outdir) / DATA_ZIP_NAME
        if app.builder.format == "html" and path.exists():
            app._data_package_sha256 = sha256_of(path)
        else:
            import hashlib

            payload = data_package_bytes(_data_dir(app), Path(app.srcdir))
            app._data_package_sha256 = hashlib.sha256(payload).hexdigest()
    return app._data_package_sha256


def _link(app: Sphinx, docname: str, text: str) -> nodes.reference:
    node = nodes.reference(text, text, refuri=_href(app, docname), internal=False)
    node["classes"] += ["download", "data-package"]
    return node


class DataPackageRole(SphinxRole):
    """``{data-package}`text```: a link to the data package's zip."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [_link(self.env.app, self.env.docname, self.text)], []


class DataPackageShaRole(SphinxRole):
    """``{data-package-sha256}`hex```: the zip's SHA-256."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [nodes.literal(text=_sha256(self.env.app), classes=["data-package-sha256"])], []


class BookCitationDirective(SphinxDirective):
    """``book-citation``: the book's citation in plain text and as BibTeX."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        text = nodes.paragraph(text=book_citation(), classes=["book-citation"])
        bibtex = nodes.literal_block(book_bibtex(), book_bibtex(), language="bibtex",
                                     classes=["book-citation-bibtex"])
        return [text, bibtex]


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format == "html" and _has_package(app):  # a test's small book has none
        write_data_package(Path(app.outdir), _data_dir(app), Path(app.srcdir))


def _doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    if not _has_package(app):
        return
    docname = app.env.docname
    for section in doctree.findall(nodes.section):
        title = section.next_node(nodes.title)
        if title is None or title.astext().strip() != DATA_SECTION:
            continue
        para = nodes.paragraph(classes=["data-package-note"])
        para += nodes.Text("All the tables, with their descriptor, bibliography and licence: ")
        para += _link(app, docname, f"the data package ({DATA_ZIP_NAME})")
        para += nodes.Text(" (its checksum is on the codebook page).")
        section += para


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("data-package", DataPackageRole())
    app.add_role("data-package-sha256", DataPackageShaRole())
    app.add_directive("book-citation", BookCitationDirective)
    app.connect("builder-inited", _builder_inited)
    app.connect("doctree-read", _doctree_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
