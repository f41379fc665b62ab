"""Tests of analysis.citation and of CITATION.cff's agreement with it."""

from __future__ import annotations

import re

import pytest

from analysis import __version__
from analysis.citation import BOOK, figure_bibtex, figure_citation
from analysis.paths import ROOT


def _cff() -> dict[str, str]:
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    return dict(re.findall(r'^([a-z-]+):\s*"?([^"\n]*)"?\s*$', text, flags=re.M))


def test_citation_cff_is_cff_1_2_and_agrees_with_the_package() -> None:
    cff = _cff()
    assert cff["cff-version"] == "1.2.0"
    assert cff["message"]
    assert cff["version"] == __version__ == BOOK["version"]
    assert cff["title"] == BOOK["title"]
    assert cff["date-released"].startswith(BOOK["year"])
    assert "- name: \"" + BOOK["authors"] + "\"" in (ROOT / "CITATION.cff").read_text()


def test_pyproject_reads_the_version_from_the_package() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in text
    assert 'version = { attr = "analysis.__version__" }' in text


def test_changelog_names_the_current_version() -> None:
    assert f"## {__version__}" in (ROOT / "CHANGELOG.md").read_text()


@pytest.mark.parametrize("number", [None, 7, "7"])
def test_figure_citation_carries_version_anchor_and_licence(number) -> None:
    text = figure_citation("fig-x", "Title", number, "book/c.html#fig-x")
    assert f"version {__version__}" in text
    assert "book/c.html#fig-x" in text and "CC BY 4.0" in text
    assert ("Figure 7, fig-x" in text) == (number is not None)


def test_figure_bibtex_is_well_formed() -> None:
    entry = figure_bibtex("fig-x-y", "Deaths & tolls – 1989", 3, "u#fig-x-y")
    assert entry.startswith("@misc{afghanistan1989_1992_fig_x_y,")
    assert entry.count("{") == entry.count("}")
    assert r"Deaths \& tolls -- 1989 (Figure 3)" in entry
    assert f"version {__version__}" in entry


def test_citation_cff_validates_against_the_cff_1_2_schema() -> None:
    import json

    import jsonschema
    import yaml

    schema = json.loads((ROOT / "tests" / "cff" / "schema-1.2.0.json").read_text())
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(cff)]
    assert not errors, errors
    cff["license"] = "not-a-licence"
    assert list(validator.iter_errors(cff))


def test_citations_are_absolute_and_complete() -> None:
    import yaml

    from analysis.citation import book_bibtex, book_citation, permalink, row_citation

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    # one base URL and one repository, given alike to citation tools and to Sphinx
    assert cff["url"] == config["html"]["baseurl"] == BOOK["url"]
    assert cff["repository-code"] == BOOK["repository"]
    assert BOOK["url"].startswith("https://") and BOOK["url"].endswith("/")
    names = [a.get("name") or f"{a['given-names']} {a['family-names']}" for a in cff["authors"]]
    assert list(BOOK["author_names"]) == names
    anchor = permalink("book/khost.html#fig-khost-dates")
    assert anchor == BOOK["url"] + "book/khost.html#fig-khost-dates"
    for text in (figure_citation("fig-khost-dates", "T", 4, "book/khost.html#fig-khost-dates"),
                 figure_bibtex("fig-khost-dates", "T", 4, "book/khost.html#fig-khost-dates"),
                 row_citation("events", "khost_fall_1991_upi", "book/x.html#khost-fall"),
                 book_citation(), book_bibtex()):
        assert BOOK["url"] in text and BOOK["repository"] in text
        assert f"version {__version__}" in text
        assert names[0] in text or names[0].replace("–", "--") in text
    assert anchor in figure_citation("fig-khost-dates", "T", 4, "book/khost.html#fig-khost-dates")
