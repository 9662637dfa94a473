"""Tests of independence, residuals, two-proportion and goodness-of-fit tests.

Rules of :func:`chi2_test` (single-choice variables, unweighted):

- Pearson chi-square without continuity correction (R ``chisq.test(correct=FALSE)``);
- when an expected count is under ``min_expected``: a 2×2 table gets Fisher's exact
  test (two-sided, as R ``fisher.test``), a larger table a Monte-Carlo p-value with a
  fixed seed, computed as R ``chisq.test(simulate.p.value=TRUE, B=monte_carlo)``:
  ``(1 + #{X²_sim ≥ X²_obs}) / (B + 1)`` over tables drawn with the observed margins;
- with weights: the Rao–Scott correction of R ``survey::svychisq`` (second order
  ``"F"`` by default, first order ``"Chisq"`` on request), for a design with weights
  only (with-replacement linearisation); never weighted counts treated as counts.

With a multiple-choice variable on one side (or both), each option is a yes/no
variable and is tested on its own (the rules above); the reported p-value is the
Bonferroni-adjusted smallest p-value and the statistic the sum of the per-option
Pearson statistics: the "SMMI" (one side) and "SPMI" (both sides) tests of
Agresti & Liu (1999) and Bilder & Loughin (2004), R package ``MRCV``, ``type="bon"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from scipy import special, stats

from survey.errors import SurveyError
from survey.stats import _columns as C
from survey.stats._common import with_params
from survey.stats._rao_scott import rao_scott
from survey.stats._variables import WeightLike
from survey.stats.crosstab import cross

if TYPE_CHECKING:
    from survey.questionnaire import Questionnaire

__all__ = [
    "adjusted_residuals",
    "chi2_table",
    "chi2_test",
    "goodness_of_fit",
    "two_proportion_test",
]

DEFAULT_SEED = 20250331
TestMethod = Literal["auto", "pearson", "fisher", "monte_carlo"]
_METHODS = ("auto", "pearson", "fisher", "monte_carlo")
_ORDER = [
    C.ROW_QUESTION,
    C.COL_QUESTION,
    C.TEST,
    C.STATISTIC,
    C.DOF,
    C.DOF_DENOMINATOR,
    C.P_VALUE,
    C.CRAMER_V,
    C.N,
    C.MIN_EXPECTED,
]


# --------------------------------------------------------------------------- residuals


def adjusted_residuals(table: pd.DataFrame | np.ndarray) -> pd.DataFrame | np.ndarray:
    """Haberman's adjusted standardized residuals of a two-way table of counts.

    ``(O - E) / sqrt(E (1 - row_i / n) (1 - col_j / n))``, the values of R
    ``chisq.test(t)$stdres``. Under independence each is approximately N(0, 1); SPSS
    prints them as "adjusted residuals" and values beyond ±1.96 are usually read as
    cells departing from independence.

    Parameters
    ----------
    table : pandas.DataFrame or array-like
        Two-dimensional table of non-negative counts.

    Returns
    -------
    pandas.DataFrame or numpy.ndarray
        Same shape, index and columns as the input (this is the one statistics
        function that does not return a tidy table). Cells of an empty row or
        column are NaN.

    Examples
    --------
    >>> import numpy as np
    >>> r = adjusted_residuals(np.array([[762, 327, 468], [484, 239, 477]]))
    >>> np.round(r[0], 2).tolist()
    [4.5, 0.7, -5.32]
    """
    values = _as_table(table)
    n = values.sum()
    rows = values.sum(axis=1, keepdims=True)
    cols = values.sum(axis=0, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = rows * cols / n if n > 0 else np.full(values.shape, np.nan)
        variance = expected * (1 - rows / n) * (1 - cols / n)
        result = np.where(variance > 0, (values - expected) / np.sqrt(variance), np.nan)
    if isinstance(table, pd.DataFrame):
        return pd.DataFrame(result, index=table.index, columns=table.columns)
    return result


def _as_table(table: pd.DataFrame | np.ndarray) -> np.ndarray:
    values = np.asarray(table, dtype="float64")
    if values.ndim != 2:
        raise SurveyError(
            f"Il faut un tableau croisé à deux dimensions (reçu : {values.ndim} dimension(s))."
        )
    if not np.isfinite(values).all() or (values < 0).any():
        raise SurveyError(
            "Le tableau croisé doit contenir des effectifs positifs ou nuls, sans valeur manquante."
        )
    return values


# ------------------------------------------------------------------------ table tests


def chi2_table(
    table: pd.DataFrame | np.ndarray,
    *,
    min_expected: float = 5,
    monte_carlo: int | None = 10_000,
    seed: int = DEFAULT_SEED,
    method: TestMethod = "auto",
) -> pd.DataFrame:
    """Test of independence on a pre-built two-way table of (unweighted) counts.

    Parameters
    ----------
    table : pandas.DataFrame or array-like
        Two-way table of unweighted counts (integers for the exact and simulated
        tests). Empty rows and columns are dropped first.
    min_expected : float
        Smallest expected count for the asymptotic Pearson test (default 5).
    monte_carlo : int or None
        Number of simulated tables for Monte-Carlo p-values (default 10 000, R's
        ``B``); ``None`` or 0 keeps the asymptotic p-value even for small counts.
    seed : int
        Seed of the simulations, so that results are reproducible.
    method : {"auto", "pearson", "fisher", "monte_carlo"}
        ``"auto"`` applies the rules of the module docstring; ``"pearson"`` forces
        the asymptotic test; ``"fisher"`` Fisher's exact test (2×2) or its
        Monte-Carlo version for larger tables (R ``fisher.test(simulate.p.value=TRUE)``);
        ``"monte_carlo"`` the Monte-Carlo Pearson test.

    Returns
    -------
    pandas.DataFrame
        One row, columns as :func:`chi2_test` (``row_question`` and ``col_question``
        are None).
    """
    values = _as_table(table)
    _check_method(method)
    result = _table_test(values, method, min_expected, monte_carlo, seed)
    frame = _result_frame(None, None, result)
    return with_params(
        frame,
        function="chi2_table",
        min_expected=min_expected,
        monte_carlo=monte_carlo,
        seed=seed,
        method=method,
    )


def _check_method(method: str) -> None:
    if method not in _METHODS:
        raise SurveyError(
            f"Méthode de test « {method} » inconnue ; choisissez parmi : {', '.join(_METHODS)}."
        )


def _table_test(
    values: np.ndarray,
    method: str,
    min_expected: float,
    monte_carlo: int | None,
    seed: int,
) -> dict:
    """Run the test on an unweighted table; return the columns of the result row."""
    values = values[values.sum(axis=1) > 0][:, values.sum(axis=0) > 0]
    n = float(values.sum())
    if values.shape[0] < 2 or values.shape[1] < 2:
        return _untestable(n)
    expected = values.sum(axis=1, keepdims=True) * values.sum(axis=0, keepdims=True) / n
    x2 = float(((values - expected) ** 2 / expected).sum())
    dof = (values.shape[0] - 1) * (values.shape[1] - 1)
    small = float(expected.min()) < min_expected
    is_2x2 = values.shape == (2, 2)
    simulate = bool(monte_carlo)
    if method == "auto":
        if small and is_2x2:
            method = "fisher"
        elif small and simulate:
            method = "monte_carlo"
        else:
            method = "pearson"
    needs_simulation = method == "monte_carlo" or (method == "fisher" and not is_2x2)
    if needs_simulation and not simulate:
        raise SurveyError(
            "Un test par simulation demande monte_carlo > 0 (nombre de tables simulées)."
        )
    if method in ("fisher", "monte_carlo") and not np.allclose(values, np.rint(values)):
        raise SurveyError(
            "Les tests exacts ou par simulation demandent des effectifs entiers ; pour des "
            "données pondérées, utilisez chi2_test(..., weight=...) (test de Rao–Scott)."
        )
    if method == "fisher" and is_2x2:
        test, p_value = "fisher", float(stats.fisher_exact(values).pvalue)
    elif method == "fisher":
        test, p_value = "fisher_monte_carlo", _fisher_monte_carlo(values, monte_carlo, seed)
    elif method == "monte_carlo":
        test = "pearson_monte_carlo"
        p_value = _pearson_monte_carlo(values, expected, x2, monte_carlo, seed)
    else:
        test, p_value = "pearson", float(stats.chi2.sf(x2, dof))
    return {
        C.TEST: test,
        C.STATISTIC: x2,
        C.DOF: float(dof),
        C.DOF_DENOMINATOR: np.nan,
        C.P_VALUE: p_value,
        C.CRAMER_V: _cramer_v(x2, n, values.shape),
        C.N: n,
        C.MIN_EXPECTED: float(expected.min()),
    }


def _untestable(n: float) -> dict:
    return {
        C.TEST: "none",
        C.STATISTIC: np.nan,
        C.DOF: np.nan,
        C.DOF_DENOMINATOR: np.nan,
        C.P_VALUE: np.nan,
        C.CRAMER_V: np.nan,
        C.N: n,
        C.MIN_EXPECTED: np.nan,
    }


def _cramer_v(x2: float, n: float, shape: tuple[int, int]) -> float:
    m = min(shape) - 1
    return float(np.sqrt(x2 / (n * m))) if n > 0 and m > 0 else np.nan


def _random_tables(values: np.ndarray, draws: int, seed: int) -> np.ndarray:
    rows = np.rint(values.sum(axis=1)).astype(np.int64)
    cols = np.rint(values.sum(axis=0)).astype(np.int64)
    rng = np.random.default_rng(seed)
    return stats.random_table(rows, cols, seed=rng).rvs(size=draws)


def _pearson_monte_carlo(values, expected, x2, draws, seed) -> float:
    """R chisq.test(simulate.p.value=TRUE): (1 + #{X²_sim ≥ X²_obs (1 - 64 eps)}) / (B + 1)."""
    simulated = _random_tables(values, draws, seed)
    sim_x2 = ((simulated - expected) ** 2 / expected).sum(axis=(1, 2))
    almost_one = 1 - 64 * np.finfo(float).eps
    return float((1 + np.sum(sim_x2 >= almost_one * x2)) / (draws + 1))


def _fisher_monte_carlo(values, draws, seed) -> float:
    """R fisher.test(simulate.p.value=TRUE): tables at most as probable as the observed."""
    observed = -special.gammaln(values + 1).sum()
    simulated = _random_tables(values, draws, seed)
    sim = -special.gammaln(simulated + 1).sum(axis=(1, 2))
    almost_one = 1 + 64 * np.finfo(float).eps
    return float((1 + np.sum(sim <= observed / almost_one)) / (draws + 1))


def _result_frame(row: str | None, col: str | None, result: dict) -> pd.DataFrame:
    return pd.DataFrame([{C.ROW_QUESTION: row, C.COL_QUESTION: col, **result}], columns=_ORDER)


# ---------------------------------------------------------------------- from responses


def chi2_test(
    responses: pd.DataFrame,
    x: str,
    y: str,
    *,
    questionnaire: Questionnaire | None = None,
    weight: WeightLike = None,
    min_expected: float = 5,
    monte_carlo: int | None = 10_000,
    seed: int = DEFAULT_SEED,
    method: TestMethod = "auto",
    rao_scott_order: Literal["second", "first"] = "second",
) -> pd.DataFrame:
    """Test of independence between two choice variables.

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent, in the reader's layout (see :mod:`survey.stats`).
    x, y : str
        Variable ids (single choice, yes/no, derived or multiple choice). Respondents
        who answered both are tested.
    questionnaire : Questionnaire, optional
        Used to check the answers against the options.
    weight : str, pandas.Series or numpy array, optional
        Weights: the test becomes the Rao–Scott corrected test.
    min_expected : float
        Smallest expected count for the asymptotic test (default 5).
    monte_carlo : int or None
        Simulated tables for Monte-Carlo p-values (default 10 000).
    seed : int
        Seed of the simulations (fixed by default, so results are reproducible).
    method : {"auto", "pearson", "fisher", "monte_carlo"}
        See :func:`chi2_table`. With weights only ``"auto"`` and ``"pearson"`` apply.
    rao_scott_order : {"second", "first"}
        With weights: second-order correction (F test, R ``statistic="F"``, default)
        or first order (R ``statistic="Chisq"``).

    Returns
    -------
    pandas.DataFrame
        One row with columns:

        - ``row_question``, ``col_question``: ``x`` and ``y``;
        - ``test``: test run: ``"pearson"``, ``"fisher"``, ``"pearson_monte_carlo"``,
          ``"fisher_monte_carlo"``, ``"rao_scott_f"``, ``"rao_scott_chisq"``,
          ``"smmi_bonferroni"`` / ``"spmi_bonferroni"`` (multiple choice; with a
          ``"_rao_scott"`` suffix when weighted), or ``"none"`` when the table has fewer
          than two non-empty rows or columns;
        - ``statistic``: Pearson X² (also reported for Fisher and Monte-Carlo tests);
          the F statistic (second order) or adjusted X² (first order) with weights;
          for multiple choice the sum of the per-option Pearson X² (of the weighted
          tables rescaled to the respondents when weighted);
        - ``dof``: degrees of freedom ((r-1)(c-1); Rao–Scott ``ndf`` with weights;
          NaN for multiple choice);
        - ``dof_denominator``: denominator degrees of freedom of the Rao–Scott F test;
        - ``p_value``: p-value of the test;
        - ``cramer_v``: Cramér's V from X² (NaN for multiple choice);
        - ``n``: unweighted number of respondents tested;
        - ``min_expected``: smallest expected count (over all options for multiple choice).

        ``attrs["params"]`` records the parameters.

    Notes
    -----
    R's ``svychisq(statistic="Chisq")`` prints the unadjusted X²; here ``statistic``
    is the adjusted one, whose chi-square p-value R reports.
    """
    _check_method(method)
    if rao_scott_order not in ("second", "first"):
        raise SurveyError("rao_scott_order doit valoir « second » ou « first ».")
    cx = cross(responses, x, y, questionnaire=questionnaire, weight=weight)
    if cx.weighted and method not in ("auto", "pearson"):
        raise SurveyError(
            f"Le test « {method} » ne s'applique pas à des données pondérées : avec une "
            "pondération, le test est celui de Rao–Scott (method='auto')."
        )
    row_kind, col_kind = cx.row_var.kind, cx.col_var.kind
    if row_kind == "single" and col_kind == "single":
        result = _single_test(cx, method, min_expected, monte_carlo, seed, rao_scott_order)
    else:
        result = _multiple_test(cx, method, min_expected, monte_carlo, seed, rao_scott_order)
    frame = _result_frame(cx.row_var.id, cx.col_var.id, result)
    return with_params(
        frame,
        function="chi2_test",
        x=cx.row_var.id,
        y=cx.col_var.id,
        weight=cx.weight_name,
        min_expected=min_expected,
        monte_carlo=monte_carlo,
        seed=seed,
        method=method,
        rao_scott_order=rao_scott_order,
    )


def _single_test(cx, method, min_expected, monte_carlo, seed, order) -> dict:
    k = len(cx.row_var.codes)
    if not cx.weighted:
        return _table_test(cx.unweighted[:k], method, min_expected, monte_carlo, seed)
    rows = cx.row_ind.codes[cx.eligible]
    cols = cx.col_ind.codes[cx.eligible]
    return _rao_scott_result(rows, cols, cx.weights, order)[0]


def _rao_scott_result(rows, cols, weights, order) -> tuple[dict, float]:
    """The result row of a Rao–Scott test, and the Pearson X² of the rescaled table."""
    res = rao_scott(rows, cols, weights, order=order)
    if np.isnan(res.p_value):
        return _untestable(float(res.n)), np.nan
    row = {
        C.TEST: "rao_scott_f" if order == "second" else "rao_scott_chisq",
        C.STATISTIC: res.statistic,
        C.DOF: res.dof,
        C.DOF_DENOMINATOR: res.dof_denominator,
        C.P_VALUE: res.p_value,
        C.CRAMER_V: _cramer_v(res.pearson, float(res.n), res.shape),
        C.N: float(res.n),
        C.MIN_EXPECTED: res.min_expected,
    }
    return row, res.pearson


def _multiple_test(cx, method, min_expected, monte_carlo, seed, order) -> dict:
    """Bonferroni-combined per-option tests (SMMI / SPMI)."""
    both = cx.row_var.kind == "multiple" and cx.col_var.kind == "multiple"
    if cx.weighted:
        pairs = [_rao_scott_result(r, c, cx.weights, order) for r, c in _item_codes(cx)]
    else:
        pairs = [
            (result, result[C.STATISTIC])
            for result in (
                _table_test(table, method, min_expected, monte_carlo, seed)
                for table in _item_tables(cx)
            )
        ]
    tested = [(r, x2) for r, x2 in pairs if r[C.TEST] != "none"]
    n = cx.unweighted_total
    if not tested:
        return _untestable(n)
    p_min = min(r[C.P_VALUE] for r, _ in tested)
    name = "spmi_bonferroni" if both else "smmi_bonferroni"
    return {
        C.TEST: f"{name}_rao_scott" if cx.weighted else name,
        C.STATISTIC: float(sum(x2 for _, x2 in tested)),
        C.DOF: np.nan,
        C.DOF_DENOMINATOR: np.nan,
        C.P_VALUE: min(1.0, p_min * len(tested)),
        C.CRAMER_V: np.nan,
        C.N: n,
        C.MIN_EXPECTED: float(min(r[C.MIN_EXPECTED] for r, _ in tested)),
    }


def _item_tables(cx):
    """Unweighted per-option tables, read off the cross-tab (option rows only).

    A multiple-choice option is a yes/no variable among the respondents who answered
    both questions: "ticked" is its cell count, "not ticked" the base minus it.
    """
    kr, kc = len(cx.row_var.codes), len(cx.col_var.codes)
    u = cx.unweighted[:kr]
    if cx.row_var.kind == "multiple" and cx.col_var.kind == "multiple":
        total = cx.unweighted_total
        row_base = cx.unweighted_row_base[:kr]
        for i in range(kr):
            for j in range(kc):
                a = u[i, j]
                b, c = row_base[i] - a, cx.unweighted_col_base[j] - a
                yield np.array([[a, b], [c, total - a - b - c]])
    elif cx.row_var.kind == "multiple":
        for i in range(kr):
            yield np.vstack([u[i], cx.unweighted_col_base - u[i]])
    else:
        row_base = cx.unweighted_row_base[:kr]
        for j in range(kc):
            yield np.column_stack([u[:, j], row_base - u[:, j]])


def _item_codes(cx):
    """Respondent-level (row codes, col codes) of each per-option table (weighted case)."""
    eligible = cx.eligible
    row_single = cx.row_var.kind == "single"
    col_single = cx.col_var.kind == "single"
    rows = cx.row_ind.codes[eligible] if row_single else cx.row_ind.matrix[eligible]
    cols = cx.col_ind.codes[eligible] if col_single else cx.col_ind.matrix[eligible]
    if row_single:
        for j in range(cols.shape[1]):
            yield rows, cols[:, j].astype(np.int64)
    elif col_single:
        for i in range(rows.shape[1]):
            yield rows[:, i].astype(np.int64), cols
    else:
        for i in range(rows.shape[1]):
            for j in range(cols.shape[1]):
                yield rows[:, i].astype(np.int64), cols[:, j].astype(np.int64)


# ------------------------------------------------------------------- two proportions


def two_proportion_test(
    x1: float, n1: float, x2: float, n2: float, *, continuity: bool = False
) -> tuple[float, float]:
    """Two-sided z-test of equal proportions with the pooled variance.

    ``z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2))`` with ``p = (x1 + x2) / (n1 + n2)``;
    ``z²`` equals R ``prop.test(c(x1, x2), c(n1, n2), correct=FALSE)$statistic``.

    Parameters
    ----------
    x1, n1, x2, n2 : float
        Successes and bases of the two groups (non-integer for weighted data, with
        effective bases).
    continuity : bool
        Apply Yates' correction as R ``prop.test(correct=TRUE)`` does (default False).

    Returns
    -------
    (z, p_value) : tuple of float
        Signed statistic (positive when ``x1/n1 > x2/n2``) and two-sided p-value;
        ``(0.0, 1.0)`` when both proportions are 0 or both 1, ``(nan, nan)`` when a
        base is 0.
    """
    if min(x1, n1, x2, n2) < 0 or x1 > n1 or x2 > n2:
        raise SurveyError(
            "Test de deux proportions : il faut 0 ≤ succès ≤ effectif dans chaque groupe."
        )
    if n1 <= 0 or n2 <= 0:
        return float("nan"), float("nan")
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    if pooled <= 0 or pooled >= 1:
        return 0.0, 1.0
    if not continuity:
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        return float(z), float(2 * stats.norm.sf(abs(z)))
    # R prop.test: YATES = min(0.5, |p1 - p2| / (1/n1 + 1/n2)), X² on the 2×2 table.
    yates = min(0.5, abs(p1 - p2) / (1 / n1 + 1 / n2))
    observed = np.array([[x1, n1 - x1], [x2, n2 - x2]])
    expected = np.array([[n1 * pooled, n1 * (1 - pooled)], [n2 * pooled, n2 * (1 - pooled)]])
    x2_stat = float(((np.abs(observed - expected) - yates) ** 2 / expected).sum())
    z = float(np.sign(p1 - p2) * np.sqrt(x2_stat))
    return z, float(stats.chi2.sf(x2_stat, 1))


# -------------------------------------------------------------------- goodness of fit


def goodness_of_fit(
    observed: np.ndarray | pd.Series, expected_shares: np.ndarray | pd.Series
) -> pd.DataFrame:
    """Pearson chi-square goodness-of-fit test of counts against population shares.

    As R ``chisq.test(x, p = shares, rescale.p = TRUE)``.

    Parameters
    ----------
    observed : array-like
        Observed counts per category.
    expected_shares : array-like
        Population shares or totals per category (rescaled to sum to 1).

    Returns
    -------
    pandas.DataFrame
        One row: ``test`` (``"pearson_goodness_of_fit"``), ``statistic``, ``dof``
        (categories − 1), ``p_value``, ``n`` (sum of counts), ``min_expected``.
    """
    obs = np.asarray(observed, dtype="float64")
    shares = np.asarray(expected_shares, dtype="float64")
    if obs.shape != shares.shape or obs.ndim != 1:
        raise SurveyError(
            "Test d'adéquation : il faut autant de parts de population que de catégories."
        )
    if (shares < 0).any() or shares.sum() <= 0 or (obs < 0).any():
        raise SurveyError("Test d'adéquation : parts et effectifs doivent être positifs.")
    n = obs.sum()
    expected = n * shares / shares.sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        x2 = float(np.where(expected > 0, (obs - expected) ** 2 / expected, 0.0).sum())
    dof = len(obs) - 1
    frame = pd.DataFrame(
        [
            {
                C.TEST: "pearson_goodness_of_fit",
                C.STATISTIC: x2,
                C.DOF: float(dof),
                C.P_VALUE: float(stats.chi2.sf(x2, dof)) if dof > 0 and n > 0 else np.nan,
                C.N: float(n),
                C.MIN_EXPECTED: float(expected.min()) if len(expected) else np.nan,
            }
        ]
    )
    return with_params(frame, function="goodness_of_fit")
