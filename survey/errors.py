"""Exceptions and warnings raised by :mod:`survey`.

Every message is a French sentence for the person running the analysis: it
names the file, the row and/or the column, and says what to do. The CLI
prints ``str(error)`` and exits with code 2; nothing else is shown.

Hierarchy::

    SurveyError
    ├── QuestionnaireError        the questionnaire definition is invalid
    ├── WaveError                 a wave folder or its wave.yaml is invalid
    └── ExportError               a results download cannot be read
        ├── EncodingError         the bytes are not text in a known encoding
        ├── MalformedFileError    truncated file, unequal rows, unknown layout
        ├── ColumnMismatchError   columns and questions do not match
        ├── UnknownValueError     an answer is not an option of its question
        └── DateFormatError       submission dates cannot be read

    SurveyWarning (UserWarning)
    └── SmallBaseWarning          a table rests on a small base
"""

from __future__ import annotations

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


class SurveyWarning(UserWarning):
    """Base class of warnings about the data (not about the code)."""


class SmallBaseWarning(SurveyWarning):
    """A percentage rests on a base below the small-base threshold."""
