"""What the report builders share: the HTML block, column checks, one wording for notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from survey.errors import SurveyError
from survey.report import french


@dataclass(frozen=True)
class Block:
    """A piece of HTML a notebook cell shows (report, summary or comparison)."""

    markup: str

    def _repr_html_(self) -> str:
        return self.markup


def require_columns(table: pd.DataFrame, columns: Sequence[str], producer: str) -> None:
    """A French error unless ``table`` is a DataFrame with ``columns`` (made by ``producer``)."""
    if not isinstance(table, pd.DataFrame):
        raise SurveyError(f"Un tableau pandas issu de {producer} est attendu.")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise SurveyError(
            f"Le tableau ne vient pas de {producer} : colonnes manquantes : {', '.join(missing)}."
        )


def small_base_note(params: Mapping[str, object]) -> str:
    """The note under a table or chart with a base below the small-base threshold."""
    threshold = params.get("small_base", 30)
    return (
        f"Effectif faible{french.COLON}moins de {french.integer(threshold)} répondants, "
        "pourcentages à lire avec prudence."
    )


def masked_note(params: Mapping[str, object]) -> str:
    """The note explaining masked cells (under the disclosure threshold)."""
    threshold = params.get("disclosure_threshold", 5)
    return f"{french.MASKED}{french.COLON}effectif inférieur à {french.integer(threshold)}, masqué."
