"""Tests of analysis.paths."""

from analysis import paths


def test_root_holds_the_book_configuration() -> None:
    assert (paths.ROOT / "_config.yml").is_file()
    assert (paths.ROOT / "_toc.yml").is_file()


def test_data_paths_exist() -> None:
    assert paths.DATAPACKAGE.is_file()
    assert paths.BIBLIOGRAPHY.is_file()
    assert paths.BOOK_DIR.is_dir()
