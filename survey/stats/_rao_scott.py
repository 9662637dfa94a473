"""Rao–Scott corrected Pearson test for a two-way table from weighted survey data.

This follows R ``survey::svychisq`` (``statistic="F"`` and ``"Chisq"``) step by
step, for a design with independent units (no clusters), optionally stratified
with a finite population correction:

1. ``p`` = weighted cell proportions (cells ordered rows fastest, as
   ``interaction(rows, cols)`` in R); ``V`` = their with-replacement linearisation
   covariance ``Σ_h (1 - f_h) n_h/(n_h - 1) Σ_{i∈h} (u_i - ū_h)(u_i - ū_h)ᵀ`` with
   ``u_i = w_i (e_{cell(i)} - p) / Σw``;
2. ``C`` = interaction contrasts made orthogonal to the main effects;
3. ``Δ = (Cᵀ D⁻¹ C / N)⁻¹ (Cᵀ D⁻¹ V D⁻¹ C)`` with ``D = diag(p)`` and ``N`` the
   number of respondents;
4. ``X²`` = Pearson statistic of the weighted table rescaled to ``N``;
   second order: ``F = X² / tr(Δ)`` on ``d0 = tr(Δ)² / tr(Δ²)`` and ``d0 ν``
   degrees of freedom (``ν`` = respondents − strata); first order:
   ``X² df / tr(Δ)`` on ``df = (r-1)(c-1)``.

``V`` is computed from per-(stratum, cell) sums of ``w`` and ``w²``, so the cost
does not grow with the number of respondents beyond one ``bincount``.

Only the weights-only design is reachable from the public API; strata and the
finite population correction are here so that the implementation can be checked
against the stratified outputs published for the survey package.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class RaoScottResult:
    pearson: float  # X² of the weighted table rescaled to N (what R prints for "Chisq")
    statistic: float  # F (second order) or adjusted X² (first order)
    dof: float  # ndf (second order) or (r-1)(c-1)
    dof_denominator: float  # ddf (second order) or NaN
    p_value: float
    min_expected: float
    n: int
    shape: tuple[int, int]


def rao_scott(
    rows: np.ndarray,
    cols: np.ndarray,
    weights: np.ndarray,
    *,
    strata: np.ndarray | None = None,
    fpc: np.ndarray | None = None,
    order: str = "second",
) -> RaoScottResult:
    """Rao–Scott test of independence of ``rows`` and ``cols`` (integer codes ≥ 0).

    ``strata`` holds a stratum code per respondent; ``fpc`` the population size of
    the respondent's stratum (as ``svydesign(fpc=)`` with counts). Empty rows and
    columns are dropped first.
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    w = np.asarray(weights, dtype="float64")
    n = len(w)
    _, rows = np.unique(rows, return_inverse=True)
    _, cols = np.unique(cols, return_inverse=True)
    nr = int(rows.max()) + 1 if n else 0
    nc = int(cols.max()) + 1 if n else 0
    if nr < 2 or nc < 2:
        nan = float("nan")
        return RaoScottResult(nan, nan, nan, nan, nan, nan, n, (nr, nc))
    k = nr * nc
    cell = rows + nr * cols  # R's interaction(): first factor varies fastest
    if strata is None:
        strata_codes = np.zeros(n, dtype=np.int64)
    else:
        _, strata_codes = np.unique(np.asarray(strata), return_inverse=True)
    n_strata = int(strata_codes.max()) + 1

    total_w = w.sum()
    p = np.bincount(cell, weights=w, minlength=k) / total_w
    v = _linearised_covariance(cell, w, p, total_w, strata_codes, n_strata, fpc, k)

    contrasts = _interaction_contrasts(nr, nc)
    inv_p = np.where(p > 0, 1.0 / np.where(p > 0, p, 1.0), 0.0)
    weighted_c = contrasts * inv_p[:, None]
    denominator = contrasts.T @ weighted_c / n
    numerator = weighted_c.T @ v @ weighted_c
    try:
        delta = np.linalg.solve(denominator, numerator)
    except np.linalg.LinAlgError:
        # Empty cells (e.g. structural zeros: each structure belongs to one cercle)
        # leave contrasts that cannot be estimated; R's solve() stops here. The
        # pseudo-inverse keeps the estimable ones.
        delta = np.linalg.pinv(denominator) @ numerator
    trace = float(np.trace(delta))
    trace_sq = float(np.trace(delta @ delta))
    if not trace > 0 or not trace_sq > 0:
        nan = float("nan")
        return RaoScottResult(nan, nan, nan, nan, nan, nan, n, (nr, nc))

    table = (p * n).reshape(nc, nr).T  # back to rows × cols
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / n
    with np.errstate(invalid="ignore", divide="ignore"):
        pearson = float(np.where(expected > 0, (table - expected) ** 2 / expected, 0.0).sum())
    df = (nr - 1) * (nc - 1)
    if order == "second":
        d0 = trace * trace / trace_sq
        nu = n - n_strata
        statistic = pearson / trace
        p_value = float(stats.f.sf(statistic, d0, d0 * nu))
        return RaoScottResult(
            pearson, statistic, d0, d0 * nu, p_value, float(expected.min()), n, (nr, nc)
        )
    statistic = pearson * df / trace
    p_value = float(stats.chi2.sf(statistic, df))
    return RaoScottResult(
        pearson, statistic, float(df), float("nan"), p_value, float(expected.min()), n, (nr, nc)
    )


def _linearised_covariance(cell, w, p, total_w, strata, n_strata, fpc, k):
    """With-replacement linearisation covariance of the cell proportions."""
    key = strata * k + cell
    sum_w = np.bincount(key, weights=w, minlength=n_strata * k).reshape(n_strata, k)
    sum_w2 = np.bincount(key, weights=w * w, minlength=n_strata * k).reshape(n_strata, k)
    n_h = np.bincount(strata, minlength=n_strata).astype("float64")
    if fpc is None:
        finite = np.ones(n_strata)
    else:
        pop = np.bincount(strata, weights=np.asarray(fpc, dtype="float64"), minlength=n_strata)
        pop = pop / np.maximum(n_h, 1)  # the stratum population size
        finite = 1.0 - n_h / pop
    v = np.zeros((k, k))
    for h in range(n_strata):
        if n_h[h] < 2:
            continue  # a lone unit in its stratum adds no variance (survey's default "fail"
            # would stop; here only reachable with explicit strata)
        s = sum_w2[h]
        s_total = s.sum()
        # Σ_{i∈h} w_i² (e_i - p)(e_i - p)ᵀ
        outer = np.diag(s) - np.outer(s, p) - np.outer(p, s) + s_total * np.outer(p, p)
        # n_h ū ūᵀ with ū = (t_h - w_h p) / n_h (before dividing by Σw)
        mean = sum_w[h] - sum_w[h].sum() * p
        centred = outer - np.outer(mean, mean) / n_h[h]
        v += finite[h] * n_h[h] / (n_h[h] - 1) * centred
    return v / (total_w * total_w)


def _interaction_contrasts(nr: int, nc: int) -> np.ndarray:
    """Interaction columns of the saturated model, residualised on the main effects.

    Cells are ordered rows fastest. Any basis of this space gives the same
    eigenvalues of Δ, hence the same statistic.
    """
    r = np.tile(np.arange(nr), nc)
    c = np.repeat(np.arange(nc), nr)
    intercept = np.ones((nr * nc, 1))
    row_dummies = (r[:, None] == np.arange(1, nr)[None, :]).astype("float64")
    col_dummies = (c[:, None] == np.arange(1, nc)[None, :]).astype("float64")
    main = np.hstack([intercept, row_dummies, col_dummies])
    interaction = (row_dummies[:, :, None] * col_dummies[:, None, :]).reshape(nr * nc, -1)
    coef, *_ = np.linalg.lstsq(main, interaction, rcond=None)
    return interaction - main @ coef
