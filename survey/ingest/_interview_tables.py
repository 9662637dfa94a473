"""The tables that go with the interviews: interviewee profiles and the thematic grid."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import pandas as pd

from survey.errors import InterviewMismatchError, MalformedFileError
from survey.ingest._xlsx import open_workbook

# How the interviewers title the columns of their grid (folded: lower case, no accents),
# and the snake_case name each becomes. Other titles become their snake_case form.
GRID_COLUMNS = [
    (r"(entretien|interview|id|identifiant|code|n\W*(d.)?entretien)\b", "interview_id"),
    (r".*\bmots?\W*cles?\b", "mots_cles"),
    (r"connaissance\b", "connaissance"),
    (r".*\bappartenance\b", "appartenance"),
    (r"actions?\b", "actions"),
    (r"(collaborations?|partenari)", "collaborations"),
    (r"outils?\b", "outils"),
    (r".*\bideal\b", "ideal"),
    (r"(verbatims?|citations?)\b", "verbatims"),
    (r"(intervieweu|interviewer|enquet)", "interviewer"),
    (r"date\b", "date"),
    (r"structure\b", "structure"),
    (r"departement\b", "departement"),
    (r"mission\b", "mission"),
]
PROFILE_IDS = {"interview_id", "entretien", "id", "identifiant", "code_entretien"}
_HEADER_SEARCH = 10  # rows searched for the header of a grid (a title may sit above it)


def read_profiles(path: str | Path) -> pd.DataFrame:
    """Read the interviewees' profiles (``profils.csv``), one row per interviewee.

    Parameters
    ----------
    path
        A CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or an ``.xlsx`` with one
        header row; one column holds the interview id (``interview_id``, ``Entretien``…).

    Returns
    -------
    DataFrame
        Indexed by ``interview_id``; the other columns as in the file, titles in
        snake_case, values as text (empty cells missing), a ``date`` column as dates when
        every value reads as one.

    Raises
    ------
    survey.errors.MalformedFileError
        No interview id column, an empty or repeated id, a row longer than the header;
        the message names file and line.

    Examples
    --------
    >>> from survey._resources import bundled_path
    >>> profiles = read_profiles(bundled_path("examples") / "spro-2025" / "profils.csv")
    >>> profiles.loc["E01", ["nom", "interviewer"]].tolist()
    ['Camille ROUSSEL', 'Sophie AUBERTIN']
    """
    path = Path(path)
    rows = _read_rows(path)
    header_row = next(i for i, row in enumerate(rows) if _filled(row))
    names = []
    for title in rows[header_row]:
        slug = _slug(title)
        names.append("interview_id" if slug in PROFILE_IDS else slug)
    return _table(path, rows, header_row, names)


def read_grid(path: str | Path) -> pd.DataFrame:
    """Read the interviewers' thematic grid (``grille.xlsx``), one row per interview.

    Parameters
    ----------
    path
        The workbook (its first sheet; a title may sit above the header row) or a CSV.

    Returns
    -------
    DataFrame
        Indexed by ``interview_id`` (column "Entretien"), columns renamed from the French
        titles: ``date``, ``interviewer``, ``structure``, ``departement``, ``mission``,
        ``mots_cles`` ("3 mots clés"), ``connaissance``, ``appartenance``, ``actions``,
        ``collaborations``, ``outils``, ``ideal`` ("SPRO idéal"), ``verbatims``; any other
        title in snake_case. Cells as text (``date`` as dates), empty cells missing.

    Raises
    ------
    survey.errors.MalformedFileError
        No interview id column, two titles for one column name, an empty or repeated id;
        the message names file and row.

    Examples
    --------
    >>> from survey._resources import bundled_path
    >>> grid = read_grid(bundled_path("examples") / "spro-2025" / "grille.xlsx")
    >>> grid.loc["E01", "mots_cles"]
    "l'orientation pour tous ; l'accompagnement ; le réseau"
    """
    path = Path(path)
    rows = _read_rows(path)
    header_row = next(
        (
            i
            for i, row in enumerate(rows[:_HEADER_SEARCH])
            if any(_grid_name(cell) == "interview_id" for cell in row if cell is not None)
        ),
        next(i for i, row in enumerate(rows) if _filled(row)),
    )
    names = [_grid_name(title) for title in rows[header_row]]
    return _table(path, rows, header_row, names)


def check_interviews(
    turns: pd.DataFrame, profiles: pd.DataFrame, grid: pd.DataFrame | None = None
) -> None:
    """Check that transcripts, profiles (and grid) name the same interviews.

    Parameters
    ----------
    turns
        The turns of :func:`read_interviews`.
    profiles
        The profiles of :func:`read_profiles`.
    grid
        The grid of :func:`read_grid`, or None not to check it.

    Raises
    ------
    survey.errors.InterviewMismatchError
        A profile has no transcript, a transcript no profile, or (with a grid) a grid row
        has no transcript or a transcript no grid row; the message lists the ids.
    """
    transcripts = set(turns["interview_id"].astype(str))
    profiled = set(profiles.index.astype(str))
    graded = set() if grid is None else set(grid.index.astype(str))
    files = {
        "profiles": profiles.attrs.get("file"),
        "grid": None if grid is None else grid.attrs.get("file"),
    }
    problems = {
        "without_transcript": sorted(profiled - transcripts),
        "without_profile": sorted(transcripts - profiled),
        "grid_without_transcript": sorted(graded - transcripts),
        "missing_from_grid": [] if grid is None else sorted(transcripts - graded),
    }
    if any(problems.values()):
        raise InterviewMismatchError(**problems, files=files)


# --------------------------------------------------------------------------------- reading


def _read_rows(path: Path) -> list[list[object]]:
    """Every row of a CSV or of the first sheet of a workbook; row ``i`` is line ``i + 1``."""
    if not path.is_file():
        raise MalformedFileError(path, "fichier introuvable ; vérifiez le chemin.")
    data = path.read_bytes()
    rows = _xlsx_rows(path, data) if data[:4] == b"PK\x03\x04" else _csv_rows(path, data)
    if not any(_filled(row) for row in rows):
        raise MalformedFileError(path, "le fichier est vide.", row=1)
    return rows


def _xlsx_rows(path: Path, data: bytes) -> list[list[object]]:
    book = open_workbook(path, data, "enregistrez-le à nouveau.")
    rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows


def _csv_rows(path: Path, data: bytes) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _table(path: Path, rows: list[list[object]], header_row: int, names: list[str]) -> pd.DataFrame:
    line = header_row + 1
    while names and not names[-1]:
        names.pop()
    for position, name in enumerate(names, start=1):
        if not name:
            raise MalformedFileError(
                path, f"la colonne {position} n'a pas de titre ; donnez-lui un titre.", row=line
            )
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise MalformedFileError(
            path,
            f"plusieurs colonnes donnent « {repeated[0]} » ; renommez l'une d'elles.",
            row=line,
        )
    if "interview_id" not in names:
        raise MalformedFileError(
            path,
            "pas de colonne d'identifiant d'entretien (« interview_id » ou « Entretien ») ; "
            "ajoutez-la avec le nom des fichiers de transcription sans extension (« E01 »).",
            row=line,
        )
    records = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[header_row + 1 :], start=line + 1):
        if not _filled(row):
            continue
        extra = [c for c in row[len(names) :] if _text(c) is not None]
        if extra:
            raise MalformedFileError(
                path,
                f"{len(row)} cellules pour {len(names)} colonnes ; une valeur contient "
                "peut-être le séparateur sans guillemets.",
                row=number,
            )
        record = {n: _text(row[i]) if i < len(row) else None for i, n in enumerate(names)}
        key = record["interview_id"]
        if key is None:
            raise MalformedFileError(path, "identifiant d'entretien vide.", row=number)
        if key in seen:
            raise MalformedFileError(
                path, f"l'entretien « {key} » figure déjà ligne {seen[key]}.", row=number
            )
        seen[key] = number
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=names).set_index("interview_id")
    if "date" in frame:
        frame["date"] = _dates(frame["date"])
    frame.attrs = {"file": path.name}
    return frame


def _dates(column: pd.Series) -> pd.Series:
    """The column as dates when every filled value reads as one (ISO or day/month/year)."""
    filled = column.notna()
    for kwargs in ({"format": "ISO8601"}, {"format": "%d/%m/%Y"}):
        parsed = pd.to_datetime(column, errors="coerce", **kwargs)
        if parsed[filled].notna().all():
            return parsed
    return column


def _text(cell: object) -> object:
    """A cell as text (dates kept as dates), None when empty."""
    if cell is None:
        return None
    if hasattr(cell, "year"):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip()
    return text or None


def _filled(row: list[object]) -> bool:
    return any(_text(c) is not None for c in row)


def _grid_name(title: object) -> str:
    folded = _fold(str(title or "")).strip()
    for pattern, name in GRID_COLUMNS:
        if re.match(pattern, folded):
            return name
    return _slug(title)


def _slug(title: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _fold(str(title or ""))).strip("_")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
