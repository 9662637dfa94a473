"""Read a download into a table of strings, whatever its container."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from survey.errors import MalformedFileError
from survey.ingest._decode import decode, is_xlsx

DELIMITERS = ("\t", ";", ",", "|", ":", " ", ".")
DELIMITER_NAMES = {
    "\t": "tabulation",
    ";": "point-virgule",
    ",": "virgule",
    "|": "barre verticale",
    ":": "deux-points",
    " ": "espace",
    ".": "point",
}


@dataclass(frozen=True)
class RawTable:
    """Every record of a download as strings; ``rows[i]`` is spreadsheet row ``i + 1``."""

    path: Path
    container: str  # "delimited", "xlsx" or "excel_legacy"
    encoding: str | None
    delimiter: str | None
    table: pa.Table  # all columns string, one row per record, header rows included

    @property
    def n_columns(self) -> int:
        return self.table.num_columns

    def head(self, n: int) -> list[list[str]]:
        """The first ``n`` records as lists of cells."""
        part = self.table.slice(0, n)
        cols = [c.to_pylist() for c in part.columns]
        return [list(r) for r in zip(*cols, strict=True)] if cols else []


def read_table(path: Path) -> RawTable:
    """Read a Framaforms download (delimited text, legacy .xls or xlsx)."""
    if not path.exists():
        raise MalformedFileError(path, "fichier introuvable ; vérifiez le chemin.")
    data = path.read_bytes()
    if not data.strip():
        raise MalformedFileError(path, "le fichier est vide ; téléchargez à nouveau les résultats.")
    if is_xlsx(data):
        from survey.ingest._xlsx import read_xlsx

        return RawTable(path, "xlsx", None, None, read_xlsx(path, data))
    decoded = decode(path, data)
    container = "excel_legacy" if decoded.encoding == "utf-16" else "delimited"
    head = decoded.data[:200_000].decode("utf-8", errors="ignore")
    delimiter = "\t" if container == "excel_legacy" else sniff_delimiter(path, head)
    table = _parse(path, decoded.data, delimiter)
    return RawTable(path, container, decoded.encoding, delimiter, table)


def sniff_delimiter(path: Path, text: str) -> str:
    """The delimiter: the character after the first closing quote, else the most regular one."""
    if text.startswith('"'):
        i = 1
        while True:
            j = text.find('"', i)
            if j < 0:
                break
            if text.startswith('""', j):
                i = j + 2
                continue
            after = text[j + 1 : j + 2]
            if after in DELIMITERS:
                return after
            break
    sample = text
    best: tuple[int, int, str] | None = None
    for d in DELIMITERS:
        try:
            records = list(_records(sample, d, limit=20))
        except csv.Error:
            continue
        if len(records) > 1 and not sample.endswith(("\n", "\r")):
            records = records[:-1]
        widths = {len(r) for r in records}
        if not records or len(widths) != 1 or widths == {1}:
            continue
        score = (len(records), widths.pop(), d)
        if best is None or score[:2] > best[:2]:
            best = score
    if best is None:
        raise MalformedFileError(
            path,
            "séparateur de colonnes introuvable (ni tabulation, ni point-virgule, ni virgule…) ; "
            "vérifiez qu'il s'agit bien d'un téléchargement des résultats Framaforms.",
            row=1,
        )
    return best[2]


def _records(text: str, delimiter: str, *, limit: int | None = None):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    for n, record in enumerate(reader):
        if limit is not None and n >= limit:
            return
        yield record


def _parse(path: Path, data: bytes, delimiter: str) -> pa.Table:
    head = data[:200_000].decode("utf-8", errors="ignore")
    try:
        first = next(_records(head, delimiter, limit=1), None)
    except csv.Error:
        first = None
    if not first:
        raise MalformedFileError(path, "aucune ligne lisible.", row=1)
    names = [f"c{i}" for i in range(len(first))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=True,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        _diagnose(path, data.decode("utf-8"), delimiter, len(first))
        raise MalformedFileError(
            path, f"structure illisible ({exc}) ; téléchargez à nouveau les résultats."
        ) from exc
    if data.count(b'"') % 2 == 1:  # a file cut inside a quoted field
        _diagnose(path, data.decode("utf-8"), delimiter, len(first))
    return table


def _unterminated_quote(text: str) -> bool:
    """A file cut inside a quoted field has an odd number of quote characters."""
    return text.count('"') % 2 == 1


def _diagnose(path: Path, text: str, delimiter: str, width: int) -> None:
    """Find the first bad record with the slow parser and raise a precise error."""
    name = DELIMITER_NAMES.get(delimiter, delimiter)
    n = 0
    try:
        for n, record in enumerate(_records(text, delimiter), start=1):
            if record and len(record) != width:
                raise MalformedFileError(
                    path,
                    f"{len(record)} colonnes au lieu de {width} (séparateur : {name}) ; "
                    "le fichier est tronqué ou a été modifié. Téléchargez à nouveau les "
                    "résultats depuis Framaforms.",
                    row=n,
                )
    except csv.Error as exc:
        raise MalformedFileError(
            path,
            "guillemet non refermé : le fichier est tronqué. Téléchargez à nouveau les "
            "résultats depuis Framaforms.",
            row=n + 1,
        ) from exc
    if _unterminated_quote(text):
        raise MalformedFileError(
            path,
            "guillemet non refermé : le fichier est tronqué. Téléchargez à nouveau les "
            "résultats depuis Framaforms.",
            row=n,
        )
