"""Small helpers shared by the statistics modules (no statistics here)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from survey.errors import SmallBaseWarning, SurveyError


def with_params(table: pd.DataFrame, **params: object) -> pd.DataFrame:
    """Record the parameters that produced ``table`` in ``table.attrs["params"]``."""
    table.attrs["params"] = {k: _plain(v) for k, v in params.items()}
    return table


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    return value


def check_threshold(name: str, value: float) -> None:
    if not np.isfinite(value) or value < 0:
        raise SurveyError(f"Le seuil « {name} » doit être un nombre positif (reçu : {value}).")


def warn_small_bases(what: str, small: list[tuple[str, float]], threshold: float) -> None:
    """Emit one SmallBaseWarning naming the small bases (at most 5 listed)."""
    if not small:
        return
    shown = ", ".join(f"« {name} » ({base:g})" for name, base in small[:5])
    more = f" et {len(small) - 5} autre(s)" if len(small) > 5 else ""
    warnings.warn(
        f"{what} : base(s) de moins de {threshold:g} répondants : {shown}{more}. "
        "Les pourcentages correspondants sont fragiles (colonne small_base) ; regroupez des "
        "modalités ou signalez-le à la lecture.",
        SmallBaseWarning,
        stacklevel=3,
    )


def kish(sum_w: np.ndarray, sum_w2: np.ndarray) -> np.ndarray:
    """Kish effective base (sum w)^2 / sum w^2 (0 where there is no weight)."""
    sum_w = np.asarray(sum_w, dtype="float64")
    sum_w2 = np.asarray(sum_w2, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(sum_w2 > 0, sum_w * sum_w / np.where(sum_w2 > 0, sum_w2, 1.0), 0.0)


def safe_divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, NaN where den == 0."""
    num = np.asarray(num, dtype="float64")
    den = np.asarray(den, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den != 0, num / np.where(den != 0, den, 1.0), np.nan)
