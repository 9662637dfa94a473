"""Column-proportion tests with letters, as SPSS Custom Tables and Q show them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from survey.errors import SurveyError
from survey.stats import _columns as C
from survey.stats._common import check_threshold, safe_divide, with_params
from survey.stats._variables import WeightLike
from survey.stats.crosstab import cross

if TYPE_CHECKING:
    from survey.questionnaire import Questionnaire

__all__ = ["ColumnLetters", "column_letters"]

Correction = Literal["holm", "fdr_bh", "bonferroni", "none"]
_CORRECTIONS = ("holm", "fdr_bh", "bonferroni", "none")


class ColumnLetters(NamedTuple):
    """Result of :func:`column_letters`: three tidy tables."""

    table: pd.DataFrame
    """One row per (row option or net, column): the letters the cell exceeds."""
    letters: pd.DataFrame
    """One row per column: its letter, base and whether it was tested."""
    pairs: pd.DataFrame
    """One row per (row, pair of tested columns): z, raw and adjusted p-values."""


def column_letters(
    responses: pd.DataFrame,
    row: str,
    col: str,
    *,
    questionnaire: Questionnaire | None = None,
    weight: WeightLike = None,
    alpha: float = 0.05,
    correction: Correction = "holm",
    min_base: float = 30,
) -> ColumnLetters:
    """Compare column proportions pairwise and mark each cell with letters.

    Each column of the cross-tab of ``row`` by ``col`` gets a letter (A, B, C, …;
    AA, AB, … beyond 26). Within each row, every pair of tested columns is compared
    with a two-sided pooled two-proportion z-test (:func:`two_proportion_test`) on the
    column percentages; the p-values of a row are corrected together for multiple
    comparisons (the corrections of statsmodels ``multipletests``). A cell lists the letters of the
    columns it significantly exceeds, so a letter never appears in both cells of a pair.

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent, in the reader's layout (see :mod:`survey.stats`).
    row, col : str
        Variable in rows and break variable in columns (single or multiple choice).
    questionnaire : Questionnaire, optional
        Option order, labels and nets (nets are tested as rows).
    weight : str, pandas.Series or numpy array, optional
        Weights: proportions are weighted and the tests use the Kish effective column
        bases (as SPSS's "effective base" option).
    alpha : float
        Significance level after correction (default 0.05).
    correction : {"holm", "fdr_bh", "bonferroni", "none"}
        Correction within each row (default Holm).
    min_base : float
        Columns whose unweighted base is under this are not tested (default 30).

    Returns
    -------
    ColumnLetters
        ``table`` (one row per row option or net × column option): ``row_question``,
        ``col_question``, ``row``, ``row_kind``, ``row_label``, ``col``, ``col_label``,
        ``letter`` (the column's letter), ``count``, ``col_base``, ``col_percent``,
        ``tested`` (the column entered the tests), ``exceeds`` (letters of the columns
        the cell is significantly above, space-separated, ``""`` when none).

        ``letters`` (one row per column option): ``col``, ``col_label``, ``letter``,
        ``unweighted_col_base``, ``effective_col_base``, ``tested``.

        ``pairs`` (one row per row × pair of tested columns): ``row``, ``col``,
        ``versus``, ``statistic`` (z, positive when ``col`` is above ``versus``),
        ``p_value``, ``p_adjusted``, ``significant``.

        Each table's ``attrs["params"]`` records ``alpha``, ``correction``, ``min_base``.

    Notes
    -----
    With a multiple-choice break variable the columns overlap (a respondent can be in
    several) and the z-test, which assumes independent columns, is approximate, as
    in SPSS. Empty cells in both columns give z = 0, p = 1.
    """
    if correction not in _CORRECTIONS:
        raise SurveyError(
            f"Correction « {correction} » inconnue ; choisissez parmi : {', '.join(_CORRECTIONS)}."
        )
    if not 0 < alpha < 1:
        raise SurveyError(f"Le seuil alpha doit être entre 0 et 1 (reçu : {alpha}).")
    check_threshold("min_base", min_base)
    cx = cross(responses, row, col, questionnaire=questionnaire, weight=weight)
    nr, nc = cx.counts.shape
    letters = [column_letter(j) for j in range(nc)]
    percent = safe_divide(cx.counts, np.broadcast_to(cx.col_base, cx.counts.shape))
    tested = cx.unweighted_col_base >= min_base
    n_eff = cx.effective_col_base

    # All pairs (a < b) of tested columns, vectorised over rows.
    tested_idx = np.flatnonzero(tested)
    a_idx, b_idx = np.triu_indices(len(tested_idx), k=1)
    a_cols, b_cols = tested_idx[a_idx], tested_idx[b_idx]
    pa = np.nan_to_num(percent[:, a_cols])
    pb = np.nan_to_num(percent[:, b_cols])
    na, nb = n_eff[a_cols], n_eff[b_cols]
    z, p = _z_tests(pa, na, pb, nb)
    adjusted = adjust_p_values(p, correction)
    significant = adjusted < alpha

    exceeds: list[list[list[str]]] = [[[] for _ in range(nc)] for _ in range(nr)]
    for i, k in zip(*np.nonzero(significant), strict=True):
        a, b = a_cols[k], b_cols[k]
        if z[i, k] > 0:
            exceeds[i][a].append(letters[b])
        else:
            exceeds[i][b].append(letters[a])

    params = {
        "function": "column_letters",
        "row": cx.row_var.id,
        "col": cx.col_var.id,
        "weight": cx.weight_name,
        "alpha": alpha,
        "correction": correction,
        "min_base": min_base,
    }
    cells = nr * nc
    table = pd.DataFrame(
        {
            C.ROW_QUESTION: [cx.row_var.id] * cells,
            C.COL_QUESTION: [cx.col_var.id] * cells,
            C.ROW: np.repeat(np.array(cx.row_codes, dtype=object), nc),
            C.ROW_KIND: np.repeat(np.array(cx.row_kinds, dtype=object), nc),
            C.ROW_LABEL: np.repeat(np.array(cx.row_labels, dtype=object), nc),
            C.COL: np.tile(np.array(cx.col_var.code_strings, dtype=object), nr),
            C.COL_LABEL: np.tile(np.array(cx.col_var.labels, dtype=object), nr),
            C.LETTER: np.tile(np.array(letters, dtype=object), nr),
            C.COUNT: cx.counts.ravel(),
            C.COL_BASE: np.tile(cx.col_base, nr),
            C.COL_PERCENT: percent.ravel(),
            C.TESTED: np.tile(tested, nr),
            C.EXCEEDS: [
                " ".join(sorted(cell, key=_letter_key)) for line in exceeds for cell in line
            ],
        }
    )
    letter_table = pd.DataFrame(
        {
            C.COL: cx.col_var.code_strings,
            C.COL_LABEL: list(cx.col_var.labels),
            C.LETTER: letters,
            C.UNWEIGHTED_COL_BASE: cx.unweighted_col_base,
            C.EFFECTIVE_COL_BASE: n_eff,
            C.TESTED: tested,
        }
    )
    n_pairs = len(a_cols)
    codes = np.array(cx.col_var.code_strings, dtype=object)
    pairs = pd.DataFrame(
        {
            C.ROW: np.repeat(np.array(cx.row_codes, dtype=object), n_pairs),
            C.COL: np.tile(codes[a_cols], nr),
            C.VERSUS: np.tile(codes[b_cols], nr),
            C.STATISTIC: z.ravel(),
            C.P_VALUE: p.ravel(),
            C.P_ADJUSTED: adjusted.ravel(),
            C.SIGNIFICANT: significant.ravel(),
        }
    )
    return ColumnLetters(
        table=with_params(table, **params),
        letters=with_params(letter_table, **params),
        pairs=with_params(pairs, **params),
    )


def column_letter(index: int) -> str:
    """Spreadsheet-style letter of a 0-based column index: A … Z, AA, AB, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _letter_key(letter: str) -> tuple[int, str]:
    return len(letter), letter


def _z_tests(pa, na, pb, nb):
    """Pooled two-proportion z-tests, elementwise (rows × pairs)."""
    pooled = safe_divide(pa * na + pb * nb, np.broadcast_to(na + nb, pa.shape))
    variance = (
        pooled
        * (1 - pooled)
        * (1 / np.where(na > 0, na, np.nan) + 1 / np.where(nb > 0, nb, np.nan))
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(variance > 0, (pa - pb) / np.sqrt(np.where(variance > 0, variance, 1.0)), 0.0)
    z = np.where(np.isfinite(z), z, 0.0)
    return z, 2 * stats.norm.sf(np.abs(z))


def adjust_p_values(p: np.ndarray, correction: str) -> np.ndarray:
    """Correct the p-values of each row of ``p`` (rows × tests) together.

    Holm (1979) step-down, Benjamini & Hochberg (1995) step-up (``"fdr_bh"``) and
    Bonferroni, as statsmodels ``multipletests`` computes them (the tests check the
    two agree), vectorised over rows: statsmodels' Holm runs a full garbage collection
    on every call, which dominated the time of a table set.
    """
    p = np.asarray(p, dtype="float64")
    if correction == "none" or p.size == 0:
        return p.copy()
    m = p.shape[-1]
    if correction == "bonferroni":
        return np.minimum(p * m, 1.0)
    order = np.argsort(p, axis=-1, kind="stable")
    ranked = np.take_along_axis(p, order, axis=-1)
    if correction == "holm":
        adjusted = np.maximum.accumulate(ranked * np.arange(m, 0, -1), axis=-1)
    elif correction == "fdr_bh":
        scaled = ranked * m / np.arange(1, m + 1)
        adjusted = np.minimum.accumulate(scaled[..., ::-1], axis=-1)[..., ::-1]
    else:
        raise SurveyError(f"Correction « {correction} » inconnue.")
    result = np.empty_like(adjusted)
    np.put_along_axis(result, order, np.minimum(adjusted, 1.0), axis=-1)
    return result
