"""Confidence intervals for a proportion.

Three methods, all vectorised:

- ``wilson``: the score interval of Wilson (1927), method 3 of Newcombe (1998);
- ``clopper-pearson``: the "exact" interval from beta quantiles, method 5 of Newcombe (1998);
- ``agresti-coull``: the adjusted Wald interval of Agresti & Coull (1998) in the form of
  Brown, Cai & DasGupta (2001, eq. 4): ``ñ = n + z²``, ``p̃ = (x + z²/2) / ñ``, truncated
  to [0, 1].

Successes and trials may be non-integer (weighted data: ``x = p × n_eff`` with the
Kish effective base), which the three formulas accept.
"""

from __future__ import annotations

from typing import Literal, overload

import numpy as np
from scipy import stats

from survey.errors import SurveyError

CIMethod = Literal["wilson", "clopper-pearson", "agresti-coull"]
CI_METHODS: tuple[str, ...] = ("wilson", "clopper-pearson", "agresti-coull")

__all__ = ["proportion_ci"]


@overload
def proportion_ci(
    successes: float, n: float, *, method: CIMethod = "wilson", level: float = 0.95
) -> tuple[float, float]: ...
@overload
def proportion_ci(
    successes: np.ndarray,
    n: np.ndarray | float,
    *,
    method: CIMethod = "wilson",
    level: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]: ...
def proportion_ci(successes, n, *, method="wilson", level=0.95):
    """Two-sided confidence interval for a binomial proportion.

    Parameters
    ----------
    successes : float or array-like
        Number of successes ``x`` (may be non-integer for weighted data).
    n : float or array-like
        Number of trials (the base). ``n == 0`` gives ``(nan, nan)``.
    method : {"wilson", "clopper-pearson", "agresti-coull"}
        Interval method (default ``"wilson"``).
    level : float
        Confidence level in (0, 1), default 0.95.

    Returns
    -------
    (low, high) : tuple of float, or tuple of numpy arrays for array input
        Bounds as proportions in [0, 1].

    Raises
    ------
    SurveyError
        Unknown method, level outside (0, 1), negative counts or ``successes > n``.

    Notes
    -----
    Newcombe (1998, Stat Med 17:857, Table II) gives for 81/263 the Wilson interval
    0.2553–0.3662 and the Clopper–Pearson interval 0.2527–0.3676; the tests of this
    module check those and the other published examples.

    Examples
    --------
    >>> low, high = proportion_ci(81, 263)
    >>> round(low, 4), round(high, 4)
    (0.2553, 0.3662)
    """
    if method not in CI_METHODS:
        raise SurveyError(
            f"Méthode d'intervalle « {method} » inconnue ; choisissez parmi : "
            + ", ".join(CI_METHODS)
            + "."
        )
    if not 0 < level < 1:
        raise SurveyError(f"Le niveau de confiance doit être entre 0 et 1 (reçu : {level}).")
    scalar = np.ndim(successes) == 0 and np.ndim(n) == 0
    x = np.asarray(successes, dtype="float64")
    n_arr = np.asarray(n, dtype="float64")
    x, n_arr = np.broadcast_arrays(x, n_arr)
    if np.any(x < 0) or np.any(n_arr < 0) or np.any(x > n_arr * (1 + 1e-12)):
        raise SurveyError(
            "Intervalle de confiance : il faut 0 ≤ succès ≤ effectif (reçu succès="
            f"{successes}, effectif={n})."
        )
    low, high = _interval(np.minimum(x, n_arr), n_arr, method, level)
    if scalar:
        return float(low), float(high)
    return low, high


def _interval(x: np.ndarray, n: np.ndarray, method: str, level: float):
    z = stats.norm.ppf(1 - (1 - level) / 2)
    empty = n <= 0
    safe_n = np.where(empty, 1.0, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "wilson":
            z2 = z * z
            centre = (x + z2 / 2) / (safe_n + z2)
            half = z / (safe_n + z2) * np.sqrt(np.maximum(x * (safe_n - x) / safe_n, 0) + z2 / 4)
            low, high = centre - half, centre + half
        elif method == "clopper-pearson":
            alpha = 1 - level
            low = np.where(
                x > 0, stats.beta.ppf(alpha / 2, np.maximum(x, 1e-300), safe_n - x + 1), 0.0
            )
            high = np.where(
                x < safe_n,
                stats.beta.ppf(1 - alpha / 2, x + 1, np.maximum(safe_n - x, 1e-300)),
                1.0,
            )
        else:  # agresti-coull
            z2 = z * z
            n_tilde = safe_n + z2
            p_tilde = (x + z2 / 2) / n_tilde
            half = z * np.sqrt(p_tilde * (1 - p_tilde) / n_tilde)
            low, high = p_tilde - half, p_tilde + half
    low = np.clip(low, 0.0, 1.0)
    high = np.clip(high, 0.0, 1.0)
    low = np.where(empty, np.nan, low)
    high = np.where(empty, np.nan, high)
    return low, high
