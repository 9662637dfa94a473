"""Read the xlsx download of webform: inline strings, sparse cells, date serials."""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from pathlib import Path

import pyarrow as pa

from survey.errors import MalformedFileError


def open_workbook(path: Path, data: bytes, advice: str):
    """An openpyxl workbook (read-only, values) from the bytes of ``path``.

    A file that is no workbook raises :class:`MalformedFileError` ending with ``advice``
    (what the user should do).
    """
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles it does not read, which tells the user nothing.
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise MalformedFileError(
            path, f"classeur Excel illisible (archive incomplète ou abîmée) ; {advice}"
        ) from exc


def read_xlsx(path: Path, data: bytes) -> pa.Table:
    """The first sheet as a table of strings (dates back to ISO text)."""
    book = open_workbook(path, data, "téléchargez à nouveau les résultats depuis Framaforms.")
    sheet = book.worksheets[0]
    rows = [[_text(c) for c in row] for row in sheet.iter_rows()]
    book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise MalformedFileError(path, "la première feuille du classeur est vide.")
    width = max(len(r) for r in rows)
    columns = [[r[i] if i < len(r) else "" for r in rows] for i in range(width)]
    return pa.table({f"c{i}": pa.array(c, type=pa.string()) for i, c in enumerate(columns)})


def _text(cell: object) -> str:
    """Cell value back to the text webform had before xlsx turned it into a number.

    webform turns any value shaped like ``YYYY-MM-DD``, ``HH:MM`` or both into
    a serial with a date (14), time (18) or date-time (22) format; the format
    tells which text it was.
    """
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        fmt = str(getattr(cell, "number_format", "") or "").lower()
        has_date = any(ch in fmt for ch in "dy")
        has_time = "h" in fmt or ("m" in fmt and ":" in fmt)
        if has_time and not has_date:
            return value.strftime("%H:%M")
        if has_date and not has_time:
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
