"""Helpers shared by the report tests: French spaces, HTML table parsing."""

from __future__ import annotations

import warnings
from html.parser import HTMLParser

import pandas as pd

from survey.errors import SmallBaseWarning


def categorical(values, categories):
    return pd.Categorical(values, categories=categories, ordered=True)


def plain(text: str) -> str:
    """``text`` with the French narrow and no-break spaces turned into plain spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def quiet(function, *args, **kwargs):
    """Call a stats function whose small-base warning is expected."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallBaseWarning)
        return function(*args, **kwargs)


class _Grid(HTMLParser):
    """Rows of a table as lists of cell texts; attributes of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: list[tuple[str, dict]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(plain("".join(self._cell)).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse(markup: str) -> _Grid:
    """Parse an HTML table: ``.rows`` (cell texts, French spaces made plain) and ``.tags``."""
    parser = _Grid()
    parser.feed(str(markup))
    return parser


def row_of(grid: _Grid, label: str) -> list[str]:
    """The cells of the row whose first cell is ``label``."""
    for row in grid.rows:
        if row and row[0] == label:
            return row
    raise AssertionError(f"no row {label!r} in {grid.rows}")
