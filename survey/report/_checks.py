"""Checks shared by the chart and table builders."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from survey.errors import SurveyError


def require_columns(table: pd.DataFrame, columns: Sequence[str], producer: str) -> None:
    """A French error unless ``table`` is a DataFrame with ``columns`` (made by ``producer``)."""
    if not isinstance(table, pd.DataFrame):
        raise SurveyError(f"Un tableau pandas issu de {producer} est attendu.")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise SurveyError(
            f"Le tableau ne vient pas de {producer} : colonnes manquantes : {', '.join(missing)}."
        )
