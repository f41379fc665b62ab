"""Analysis package of the reference data history of Afghanistan, 1989-1992.

The package turns the curated tables in ``data/`` into the book's numbers and
figures. Data flows one way: :mod:`analysis.data` reads and validates the
files, the topic modules take DataFrames, and :mod:`analysis.figures` styles
and exports what they draw.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
