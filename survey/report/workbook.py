"""The tables of the report as an Excel workbook, one sheet per table.

Presentation only: the DataFrames already hold the numbers to show (French
headers, percentages as proportions); this module lays them out. Numbers stay
numbers in Excel, with number formats (``0 %`` for percentages), so readers can
recompute and chart them. The file is deterministic: fixed document properties
and fixed dates inside the zip, so the same tables give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from survey.errors import SurveyError
from survey.report import french
from survey.report.tables import Table

__all__ = ["FIXED_DATETIME", "NUMBER_FORMATS", "sheet_titles", "write_workbook"]

FIXED_DATETIME = dt.datetime(2025, 1, 1, 0, 0, 0)
"""Creation and modification date written in every workbook (for identical bytes)."""

NUMBER_FORMATS: dict[str, str] = {
    "percent": "0 %",
    "integer": "#,##0",
    "decimal": "0.0",
}
"""Excel number formats by kind of column; Excel shows them in the reader's locale."""

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")
_MAX_TITLE = 31
_MIN_WIDTH, _MAX_WIDTH, _MAX_FIRST_WIDTH = 8, 45, 60

SheetSpec = tuple[str, pd.DataFrame, Sequence[str]]


def write_workbook(path: str | Path, tables: Sequence[SheetSpec | Table]) -> Path:
    """Write one sheet per table, with French headers, formats and notes.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file to write (replaced if it exists).
    tables : sequence
        In sheet order, ``(sheet_title, frame, notes)`` tuples, or :class:`Table`
        objects from :mod:`survey.report.tables` (their :meth:`Table.sheet`).
        Sheet titles are cleaned for Excel (no ``[]:*?/\\``), cut to 31 characters
        and made unique. ``notes`` (the base, the source, …) are written under the
        table.

    Returns
    -------
    Path
        The path written.

    Notes
    -----
    Column formats come from ``frame.attrs["formats"]`` (header → ``"percent"``,
    ``"integer"``, ``"decimal"`` or ``"text"``, as :meth:`Table.to_frame` sets it),
    overridden for some rows by ``frame.attrs["row_formats"]`` (row position →
    kind). Without them, a header containing ``%`` is a percentage and integer
    columns are integers. Percentages must be proportions (0.58 shows ``58 %``).

    Each sheet has a bold header row, frozen with the first column; column widths
    follow the content. The document's creator is ``survey`` and its dates are
    :data:`FIXED_DATETIME`.
    """
    specs = [t.sheet() if isinstance(t, Table) else tuple(t) for t in tables]
    if not specs:
        raise SurveyError("Aucun tableau à écrire dans le classeur.")
    for spec in specs:
        if len(spec) != 3 or not isinstance(spec[1], pd.DataFrame):
            raise SurveyError(
                "Chaque tableau du classeur est un triplet (titre de feuille, DataFrame, notes)."
            )
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (_, frame, notes) in zip(sheet_titles([s[0] for s in specs]), specs, strict=True):
        _write_sheet(workbook.create_sheet(title), frame, [str(n) for n in notes or []])
    properties = workbook.properties
    properties.creator = "survey"
    properties.lastModifiedBy = "survey"
    properties.created = FIXED_DATETIME
    properties.modified = FIXED_DATETIME
    path = Path(path)
    path.write_bytes(_deterministic_zip(_save(workbook)))
    return path


def sheet_titles(titles: Sequence[str]) -> list[str]:
    """Excel-safe, unique sheet titles of at most 31 characters, in order.

    Examples
    --------
    >>> sheet_titles(["Graphique 1 : structures", "Graphique 1 : structures", ""])
    ['Graphique 1 - structures', 'Graphique 1 - structures (2)', 'Tableau 3']
    """
    result: list[str] = []
    seen: set[str] = set()
    for position, title in enumerate(titles, start=1):
        clean = _INVALID_TITLE.sub(lambda m: " -" if m.group() == ":" else "-", str(title))
        clean = " ".join(clean.split()).strip("'").strip() or f"Tableau {position}"
        candidate = _shorten(clean, _MAX_TITLE)
        counter = 2
        while candidate.casefold() in seen:
            suffix = f" ({counter})"
            candidate = _shorten(clean, _MAX_TITLE - len(suffix)) + suffix
            counter += 1
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _write_sheet(sheet: Worksheet, frame: pd.DataFrame, notes: list[str]) -> None:
    headers = [str(c) for c in frame.columns]
    formats = _formats(frame)
    row_formats: Mapping[int, str] = frame.attrs.get("row_formats", {})
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for j, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=j, value=header)
        cell.font = bold
        cell.alignment = wrap
    widths = [min(max(len(w) for w in h.split() or [""]) + 2, _MAX_WIDTH) for h in headers]
    widths = [
        max(w, min(len(h) // 2 + 2, _MAX_WIDTH)) for w, h in zip(widths, headers, strict=True)
    ]
    for i, values in enumerate(frame.itertuples(index=False)):
        kind_of_row = row_formats.get(i)
        for j, (header, value) in enumerate(zip(headers, values, strict=True), start=1):
            plain = _plain(value)
            cell = sheet.cell(row=i + 2, column=j, value=plain)
            kind = kind_of_row or formats.get(header)
            if isinstance(plain, int | float) and not isinstance(plain, bool) and kind:
                cell.number_format = NUMBER_FORMATS.get(kind, "General")
            if isinstance(plain, str):
                if "\n" in plain:
                    cell.alignment = wrap
                if plain == french.MASKED:
                    cell.alignment = Alignment(horizontal="right")
            widths[j - 1] = max(widths[j - 1], _display_width(plain, kind))
    if notes:
        first = len(frame) + 3
        for k, note in enumerate(notes):
            sheet.cell(row=first + k, column=1, value=note).font = Font(italic=True)
    for j, width in enumerate(widths, start=1):
        limit = _MAX_FIRST_WIDTH if j == 1 else _MAX_WIDTH
        sheet.column_dimensions[get_column_letter(j)].width = max(_MIN_WIDTH, min(width, limit))
    sheet.freeze_panes = "B2" if len(headers) > 1 else "A2"


def _formats(frame: pd.DataFrame) -> dict[str, str]:
    """Header → kind, from ``attrs["formats"]`` or guessed from headers and dtypes."""
    given = frame.attrs.get("formats")
    if given is not None:
        return {str(k): str(v) for k, v in given.items()}
    guessed = {}
    for column in frame.columns:
        header = str(column)
        if "%" in header:
            guessed[header] = "percent"
        elif pd.api.types.is_integer_dtype(frame[column]):
            guessed[header] = "integer"
    return guessed


def _plain(value: object) -> object:
    """A value openpyxl writes as is: Python numbers, text, or None for missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return str(value)


def _display_width(value: object, kind: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0) + 2
    if kind == "percent":
        return 7
    return len(f"{value:,}") + 2 if isinstance(value, int) else 10


def _save(workbook: Workbook) -> bytes:
    """The workbook's bytes, keeping our document dates (``Workbook.save`` resets them)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return buffer.getvalue()


def _deterministic_zip(data: bytes) -> bytes:
    """The same archive with fixed entry dates and permissions (the order is kept)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
