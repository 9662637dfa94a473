"""Multiple-comparison correction across a whole comparison report."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests

from survey.errors import SurveyError

__all__ = ["CORRECTIONS", "correct_p_values"]

CORRECTIONS: dict[str, str] = {
    "holm": "Holm",
    "fdr_bh": "Benjamini-Hochberg",
    "bonferroni": "Bonferroni",
    "none": "aucune",
}
"""Corrections accepted (statsmodels names) and their French names."""


def correct_p_values(
    p_values: Sequence[float] | pd.Series,
    *,
    correction: str = "holm",
    alpha: float = 0.05,
    keys: Sequence[Hashable] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Adjusted p-values and rejections of a family of tests.

    Parameters
    ----------
    p_values : sequence of float
        Raw p-values; NaN (no test) stays NaN and is not counted in the family.
    correction : {"holm", "fdr_bh", "bonferroni", "none"}
        Holm (1979) step-down (default), Benjamini & Hochberg (1995) false discovery
        rate, Bonferroni, or none: R ``p.adjust(p, method = "holm" | "BH" |
        "bonferroni" | "none")``, computed by statsmodels ``multipletests``.
    alpha : float
        Level of the family (the rejections are ``p_adjusted <= alpha`` for Holm and
        Bonferroni, the step-up rule for Benjamini-Hochberg).
    keys : sequence, optional
        One key per p-value: p-values sharing a key are one test counted once (e.g. the
        two categories of a yes/no question); they must be equal.

    Returns
    -------
    (p_adjusted, significant) : tuple of numpy arrays
        Aligned on ``p_values``.
    """
    if correction not in CORRECTIONS:
        raise SurveyError(
            f"Correction « {correction} » inconnue ; choisissez parmi : {', '.join(CORRECTIONS)}."
        )
    if not 0 < alpha < 1:
        raise SurveyError(f"Le seuil α doit être compris entre 0 et 1 (reçu : {alpha}).")
    p = np.asarray(p_values, dtype="float64")
    keys = list(range(len(p))) if keys is None else list(keys)
    if len(keys) != len(p):
        raise SurveyError("Il faut une clé de test par p-value.")
    first: dict[Hashable, int] = {}
    for i, (key, value) in enumerate(zip(keys, p, strict=True)):
        if not np.isnan(value):
            first.setdefault(key, i)
    unique = np.array([p[i] for i in first.values()], dtype="float64")
    adjusted = np.full(len(p), np.nan)
    significant = np.zeros(len(p), dtype=bool)
    if len(unique) == 0:
        return adjusted, significant
    if correction == "none":
        reject, corrected = unique <= alpha, unique.copy()
    else:
        reject, corrected, _, _ = multipletests(unique, alpha=alpha, method=correction)
    by_key = {key: (corrected[j], bool(reject[j])) for j, key in enumerate(first)}
    for i, key in enumerate(keys):
        if key in by_key and not np.isnan(p[i]):
            adjusted[i], significant[i] = by_key[key]
    return adjusted, significant
