"""Exceptions and warnings raised by :mod:`survey`.

Every message is a French sentence for the person running the analysis: it
names the file, the row and/or the column, and says what to do. The CLI
prints ``str(error)`` and exits with code 2; nothing else is shown.

Hierarchy::

    SurveyError
    ├── QuestionnaireError        the questionnaire definition is invalid
    ├── WaveError                 a wave folder or its wave.yaml is invalid
    ├── VersionMappingError       a correspondence between two versions is invalid
    ├── InterviewMismatchError    profiles, grid and transcripts name other interviews
    └── ExportError               a results download cannot be read
        ├── EncodingError         the bytes are not text in a known encoding
        ├── MalformedFileError    truncated file, unequal rows, unknown layout
        ├── ColumnMismatchError   columns and questions do not match
        ├── UnknownValueError     an answer is not an option of its question
        ├── DateFormatError       submission dates cannot be read
        └── TranscriptError       an interview transcript cannot be read

    SurveyWarning (UserWarning)
    └── SmallBaseWarning          a table rests on a small base
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path


class SurveyError(Exception):
    """Base class of every error raised by :mod:`survey`."""


class QuestionnaireError(SurveyError):
    """The questionnaire definition is invalid."""

    def __init__(self, path: str | Path | None, problem: str, *, question: str | None = None):
        self.path = None if path is None else Path(path)
        self.question = question
        self.problem = problem
        where = f"Questionnaire « {self.path} »" if self.path else "Questionnaire"
        if question:
            where += f", question « {question} »"
        super().__init__(f"{where} : {problem}")


class WaveError(SurveyError):
    """A wave folder or its ``wave.yaml`` is invalid."""

    def __init__(self, path: str | Path, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"Vague « {self.path} » : {problem}")


class VersionMappingError(SurveyError):
    """A correspondence between two questionnaire (or coding-frame) versions is invalid.

    It names the correspondence file, the question or code at fault (``item``, of the
    French ``kind`` « question », « code »…) and says what to do.
    """

    def __init__(
        self,
        path: str | Path | None,
        problem: str,
        *,
        item: str | None = None,
        kind: str = "question",
    ):
        self.path = None if path is None else Path(path)
        self.item = item
        self.problem = problem
        where = f"Correspondance « {self.path} »" if self.path else "Correspondance"
        if item:
            where += f", {kind} « {item} »"
        super().__init__(f"{where} : {problem}")


class InterviewMismatchError(SurveyError):
    """Profiles, grid and transcripts do not name the same interviews."""

    def __init__(
        self,
        *,
        without_transcript: Sequence[str],
        without_profile: Sequence[str],
        grid_without_transcript: Sequence[str] = (),
        missing_from_grid: Sequence[str] = (),
        files: Mapping[str, str | None] | None = None,
    ):
        self.without_transcript = list(without_transcript)
        self.without_profile = list(without_profile)
        self.grid_without_transcript = list(grid_without_transcript)
        self.missing_from_grid = list(missing_from_grid)
        files = files or {}
        parts = []
        for ids, what, where in (
            (self.without_transcript, "profils sans transcription", files.get("profiles")),
            (self.without_profile, "transcriptions sans profil", None),
            (self.grid_without_transcript, "lignes de la grille sans transcription",
             files.get("grid")),
            (self.missing_from_grid, "transcriptions absentes de la grille", files.get("grid")),
        ):  # fmt: skip
            if ids:
                source = f" ({where})" if where else ""
                shown = ", ".join(f"« {i} »" for i in ids[:10])
                if len(ids) > 10:
                    shown += f"… ({len(ids)} en tout)"
                parts.append(f"{what}{source} : {shown}")
        super().__init__(
            "Entretiens : "
            + " ; ".join(parts)
            + ". L'identifiant d'un entretien est le nom de son fichier de transcription sans "
            "extension (E01.vtt : « E01 ») ; il doit figurer dans les profils et dans la grille."
        )


class ExportError(SurveyError):
    """A Framaforms results download cannot be read."""

    def __init__(
        self,
        path: str | Path,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ):
        self.path = Path(path)
        self.row = row
        self.column = column
        self.problem = problem
        where = f"Fichier « {self.path.name} »"
        if row is not None:
            where += f", ligne {row}"
        if column is not None:
            where += f", colonne « {column} »"
        super().__init__(f"{where} : {problem}")


class EncodingError(ExportError):
    """The file is not text in UTF-8, UTF-16 or Windows-1252."""


class MalformedFileError(ExportError):
    """The file is truncated, has rows of unequal length, or an unknown layout."""


class ColumnMismatchError(ExportError):
    """Columns of the export and questions of the questionnaire do not match."""

    def __init__(
        self,
        path: str | Path,
        *,
        unmatched_questions: list[str],
        unmatched_columns: list[str],
    ):
        self.unmatched_questions = list(unmatched_questions)
        self.unmatched_columns = list(unmatched_columns)
        parts = []
        if unmatched_questions:
            parts.append("questions absentes de l'export : " + _listing(unmatched_questions))
        if unmatched_columns:
            parts.append("colonnes inconnues du questionnaire : " + _listing(unmatched_columns))
        problem = (
            "; ".join(parts) + ". Vérifiez que le questionnaire correspond bien à ce formulaire "
            "(libellés ou clés des questions)."
        )
        super().__init__(path, problem)


def _listing(items: list[str], limit: int = 6) -> str:
    shown = ", ".join(f"« {i} »" for i in items[:limit])
    return shown + (f"… ({len(items)} au total)" if len(items) > limit else "")


class UnknownValueError(ExportError):
    """An answer is not one of the options of its question."""

    def __init__(self, path: str | Path, *, question: str, value: str, rows: list[int]):
        self.question = question
        self.value = value
        self.rows = list(rows)
        shown = ", ".join(str(r) for r in self.rows[:10])
        if len(self.rows) > 10:
            shown += f"… ({len(self.rows)} lignes)"
        problem = (
            f"la réponse « {value} » n'est pas une option de la question « {question} » "
            f"(lignes {shown}). Ajoutez l'option au questionnaire ou choisissez une règle "
            "pour les valeurs inconnues (unknown='other' ou unknown='drop')."
        )
        super().__init__(path, problem, row=self.rows[0] if self.rows else None)


class DateFormatError(ExportError):
    """Submission dates are in no known format, or in two formats at once."""


class TranscriptError(ExportError):
    """A transcript cannot be read, or who leads the interview cannot be decided.

    ``row`` (and ``line``) is the line of a text file; for a Word document ``row`` (and
    ``paragraph``) is the paragraph, counted from 1 as Word's navigation pane shows them.
    """

    def __init__(
        self,
        path: str | Path,
        problem: str,
        *,
        line: int | None = None,
        paragraph: int | None = None,
    ):
        super().__init__(path, problem, row=line if paragraph is None else paragraph)
        self.line = line
        self.paragraph = paragraph
        if paragraph is not None:
            self.args = (f"Fichier « {self.path.name} », paragraphe {paragraph} : {problem}",)


class SurveyWarning(UserWarning):
    """Base class of warnings about the data (not about the code)."""


class SmallBaseWarning(SurveyWarning):
    """A percentage rests on a base below the small-base threshold."""
