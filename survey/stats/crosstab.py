"""Cross-tabulation of two choice variables, in long (tidy) form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from survey.stats import _columns as C
from survey.stats._common import check_threshold, kish, safe_divide, warn_small_bases, with_params
from survey.stats._variables import (
    Indicators,
    Variable,
    WeightLike,
    add_nets,
    indicators,
    resolve,
    resolve_weights,
)

if TYPE_CHECKING:
    from survey.questionnaire import Questionnaire

__all__ = ["crosstab"]

_ORDER = [
    C.ROW_QUESTION,
    C.COL_QUESTION,
    C.ROW,
    C.ROW_KIND,
    C.ROW_LABEL,
    C.COL,
    C.COL_KIND,
    C.COL_LABEL,
    C.COUNT,
    C.UNWEIGHTED_COUNT,
    C.COL_BASE,
    C.UNWEIGHTED_COL_BASE,
    C.EFFECTIVE_COL_BASE,
    C.ROW_BASE,
    C.TOTAL_BASE,
    C.COL_PERCENT,
    C.ROW_PERCENT,
    C.TOTAL_PERCENT,
    C.ADJUSTED_RESIDUAL,
    C.SMALL_BASE,
]


@dataclass(frozen=True)
class Cross:
    """The sums behind a cross-tab (option and net rows × option columns)."""

    row_var: Variable
    col_var: Variable
    row_codes: list[str]
    row_labels: list[str]
    row_kinds: list[str]
    counts: np.ndarray  # (rows, cols) weighted
    unweighted: np.ndarray  # (rows, cols)
    col_base: np.ndarray  # (cols,) weighted respondents in the column
    unweighted_col_base: np.ndarray
    effective_col_base: np.ndarray
    row_base: np.ndarray  # (rows,) weighted respondents in the row
    unweighted_row_base: np.ndarray
    total_base: float
    unweighted_total: float
    effective_total: float
    excluded: int  # respondents left out because one of the two answers is missing
    weight_name: str
    weighted: bool
    row_ind: Indicators
    col_ind: Indicators
    weights: np.ndarray  # weights of the eligible respondents (ones if unweighted)
    eligible: np.ndarray  # boolean mask over all respondents


def cross(
    responses: pd.DataFrame,
    row: str,
    col: str,
    *,
    questionnaire: Questionnaire | None,
    weight: WeightLike,
) -> Cross:
    """Compute the sums of a cross-tab of ``row`` by ``col`` (see :func:`crosstab`).

    Single-choice sides are tabulated with ``bincount`` on their codes and
    multiple-choice sides with matrix products, over the respondents who answered
    both variables; nothing loops over respondents.
    """
    row_var = resolve(responses, row, questionnaire)
    col_var = resolve(responses, col, questionnaire)
    w, weight_name = resolve_weights(responses, weight)
    weighted = w is not None
    row_ind = indicators(responses, row_var)
    col_ind = indicators(responses, col_var)
    n = len(responses)
    if w is None:
        w = np.ones(n)
    eligible = row_ind.answered & col_ind.answered & (w > 0)
    idx = np.flatnonzero(eligible)
    we = w[idx]
    w2 = we * we
    nc = len(col_var.codes)
    row_codes, row_labels, row_kinds = row_ind.rows()

    # Column side: per-column sums of w, w² and 1.
    if col_ind.single:
        cc = col_ind.codes[idx]
        col_base = np.bincount(cc, weights=we, minlength=nc)
        col_sq = np.bincount(cc, weights=w2, minlength=nc)
        unweighted_col_base = np.bincount(cc, minlength=nc).astype("float64")
        y = None
    else:
        y = col_ind.matrix[idx]
        col_base, col_sq, unweighted_col_base = we @ y, w2 @ y, y.sum(axis=0)

    # Row side: option rows (and nets) by columns.
    if row_ind.single:
        rc = row_ind.codes[idx]
        nr = len(row_var.codes)
        if y is None:
            key = rc * nc + cc
            counts = np.bincount(key, weights=we, minlength=nr * nc).reshape(nr, nc)
            unweighted = np.bincount(key, minlength=nr * nc).reshape(nr, nc).astype("float64")
        else:
            counts = np.stack(
                [np.bincount(rc, weights=we * y[:, j], minlength=nr) for j in range(nc)], axis=1
            )
            unweighted = np.stack(
                [np.bincount(rc, weights=y[:, j], minlength=nr) for j in range(nc)], axis=1
            )
        row_base = np.bincount(rc, weights=we, minlength=nr)
        unweighted_row_base = np.bincount(rc, minlength=nr).astype("float64")
        members = row_ind.net_members()
        counts, unweighted = add_nets(counts, members), add_nets(unweighted, members)
        row_base = add_nets(row_base, members)
        unweighted_row_base = add_nets(unweighted_row_base, members)
    else:
        x = row_ind.matrix_with_nets()[idx]
        if y is None:
            counts = np.stack(
                [np.bincount(cc, weights=we * x[:, i], minlength=nc) for i in range(x.shape[1])]
            )
            unweighted = np.stack(
                [np.bincount(cc, weights=x[:, i], minlength=nc) for i in range(x.shape[1])]
            )
        else:
            counts = (x * we[:, None]).T @ y
            unweighted = x.T @ y
        row_base, unweighted_row_base = we @ x, x.sum(axis=0)

    total_base = float(we.sum())
    answered_any = (row_ind.answered | col_ind.answered) & (w > 0)
    return Cross(
        row_var=row_var,
        col_var=col_var,
        row_codes=row_codes,
        row_labels=row_labels,
        row_kinds=row_kinds,
        counts=counts,
        unweighted=unweighted,
        col_base=col_base,
        unweighted_col_base=unweighted_col_base,
        effective_col_base=kish(col_base, col_sq),
        row_base=row_base,
        unweighted_row_base=unweighted_row_base,
        total_base=total_base,
        unweighted_total=float(len(idx)),
        effective_total=float(kish(total_base, float(w2.sum()))),
        excluded=int(answered_any.sum() - len(idx)),
        weight_name=weight_name,
        weighted=weighted,
        row_ind=row_ind,
        col_ind=col_ind,
        weights=we,
        eligible=eligible,
    )


def crosstab(
    responses: pd.DataFrame,
    row: str,
    col: str,
    *,
    questionnaire: Questionnaire | None = None,
    weight: WeightLike = None,
    small_base: float = 30,
) -> pd.DataFrame:
    """Cross-tabulate two choice variables, one row per cell, with totals.

    Either variable may be single choice, yes/no, derived or multiple choice. For a
    multiple-choice variable each option is a category and a respondent appears in
    every option ticked. The table rests on the respondents who answered both
    variables (ticked at least one box for a multiple-choice one).

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent, in the reader's layout (see :mod:`survey.stats`).
    row, col : str
        Ids of the variables shown in rows and in columns (the break variable).
    questionnaire : Questionnaire, optional
        Option order, labels and nets (nets are added as rows).
    weight : str, pandas.Series or numpy array, optional
        Column name or vector of weights.
    small_base : float
        Columns whose unweighted base is under this are flagged (default 30).

    Returns
    -------
    pandas.DataFrame
        One row per cell, rows outer (options, nets, then the total row) and columns
        inner (options, then the total column). Columns:

        - ``row_question``, ``col_question``: the two variable ids;
        - ``row``, ``row_kind``, ``row_label``: row code, ``"option"``/``"net"``/``"total"``
          and label (total code ``"_total"``);
        - ``col``, ``col_kind``, ``col_label``: column code, ``"option"``/``"total"``
          and label;
        - ``count``: respondents in the row and the column (sum of weights when weighted);
        - ``unweighted_count``: the same without weights;
        - ``col_base``: respondents in the column (answering the row variable);
        - ``unweighted_col_base``, ``effective_col_base``: unweighted and Kish effective
          column base;
        - ``row_base``: respondents in the row (answering the column variable);
        - ``total_base``: respondents who answered both variables;
        - ``col_percent``: ``count / col_base``; sums to 1 over the option rows of a
          single-choice row variable;
        - ``row_percent``: ``count / row_base``;
        - ``total_percent``: ``count / total_base``;
        - ``adjusted_residual``: Haberman's adjusted residual of the cell (option rows
          and columns of two single-choice variables; NaN elsewhere; computed on the
          weighted table rescaled to the unweighted number of respondents when weighted);
        - ``small_base``: ``unweighted_col_base < small_base``.

        ``attrs["params"]`` records the parameters; ``attrs["excluded"]`` the number of
        respondents who answered only one of the two variables.

    Warns
    -----
    SmallBaseWarning
        Once, listing the columns whose unweighted base is under ``small_base``.

    Raises
    ------
    SurveyError
        Unknown variable, value outside the options, text question, bad weights.
    """
    check_threshold("small_base", small_base)
    cx = cross(responses, row, col, questionnaire=questionnaire, weight=weight)
    table = _long_table(cx, small_base)
    small = [
        (label, base)
        for label, base in zip(
            [*cx.col_var.code_strings, C.TOTAL_CODE],
            [*cx.unweighted_col_base, cx.unweighted_total],
            strict=True,
        )
        if base < small_base
    ]
    warn_small_bases(f"Tableau « {cx.row_var.id} » × « {cx.col_var.id} »", small, small_base)
    table = with_params(
        table,
        function="crosstab",
        row=cx.row_var.id,
        col=cx.col_var.id,
        weight=cx.weight_name,
        small_base=small_base,
    )
    table.attrs["excluded"] = cx.excluded
    return table


def _long_table(cx: Cross, small_base: float) -> pd.DataFrame:
    nr, nc = cx.counts.shape
    # Full grid with the total row (last) and total column (last).
    count = np.zeros((nr + 1, nc + 1))
    count[:nr, :nc] = cx.counts
    count[:nr, nc] = cx.row_base
    count[nr, :nc] = cx.col_base
    count[nr, nc] = cx.total_base
    unweighted = np.zeros((nr + 1, nc + 1))
    unweighted[:nr, :nc] = cx.unweighted
    unweighted[:nr, nc] = cx.unweighted_row_base
    unweighted[nr, :nc] = cx.unweighted_col_base
    unweighted[nr, nc] = cx.unweighted_total
    col_base = np.append(cx.col_base, cx.total_base)
    unweighted_col_base = np.append(cx.unweighted_col_base, cx.unweighted_total)
    effective_col_base = np.append(cx.effective_col_base, cx.effective_total)
    row_base = np.append(cx.row_base, cx.total_base)

    residual = np.full((nr + 1, nc + 1), np.nan)
    if cx.row_var.kind == "single" and cx.col_var.kind == "single":
        k = len(cx.row_var.codes)
        table = cx.counts[:k]
        if cx.weighted and cx.total_base > 0:
            table = table * (cx.unweighted_total / cx.total_base)
        residual[:k, :nc] = _adjusted_residuals(table)

    cells = (nr + 1) * (nc + 1)
    col_codes = [*cx.col_var.code_strings, C.TOTAL_CODE]
    col_labels = [*cx.col_var.labels, C.TOTAL_LABEL]
    col_kinds = ["option"] * nc + ["total"]
    row_codes = [*cx.row_codes, C.TOTAL_CODE]
    row_labels = [*cx.row_labels, C.TOTAL_LABEL]
    row_kinds = [*cx.row_kinds, "total"]
    grid_col_base = np.tile(col_base, nr + 1)
    grid_row_base = np.repeat(row_base, nc + 1)
    flat = count.ravel()
    return pd.DataFrame(
        {
            C.ROW_QUESTION: [cx.row_var.id] * cells,
            C.COL_QUESTION: [cx.col_var.id] * cells,
            C.ROW: np.repeat(np.array(row_codes, dtype=object), nc + 1),
            C.ROW_KIND: np.repeat(np.array(row_kinds, dtype=object), nc + 1),
            C.ROW_LABEL: np.repeat(np.array(row_labels, dtype=object), nc + 1),
            C.COL: np.tile(np.array(col_codes, dtype=object), nr + 1),
            C.COL_KIND: np.tile(np.array(col_kinds, dtype=object), nr + 1),
            C.COL_LABEL: np.tile(np.array(col_labels, dtype=object), nr + 1),
            C.COUNT: flat,
            C.UNWEIGHTED_COUNT: unweighted.ravel(),
            C.COL_BASE: grid_col_base,
            C.UNWEIGHTED_COL_BASE: np.tile(unweighted_col_base, nr + 1),
            C.EFFECTIVE_COL_BASE: np.tile(effective_col_base, nr + 1),
            C.ROW_BASE: grid_row_base,
            C.TOTAL_BASE: np.full(cells, cx.total_base),
            C.COL_PERCENT: safe_divide(flat, grid_col_base),
            C.ROW_PERCENT: safe_divide(flat, grid_row_base),
            C.TOTAL_PERCENT: safe_divide(flat, np.full(cells, cx.total_base)),
            C.ADJUSTED_RESIDUAL: residual.ravel(),
            C.SMALL_BASE: np.tile(unweighted_col_base < small_base, nr + 1),
        },
        columns=_ORDER,
    )


def _adjusted_residuals(table: np.ndarray) -> np.ndarray:
    """Haberman's adjusted residuals; NaN for cells of an empty row or column."""
    table = np.asarray(table, dtype="float64")
    n = table.sum()
    if n <= 0:
        return np.full(table.shape, np.nan)
    rows = table.sum(axis=1, keepdims=True)
    cols = table.sum(axis=0, keepdims=True)
    expected = rows * cols / n
    variance = expected * (1 - rows / n) * (1 - cols / n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(variance > 0, (table - expected) / np.sqrt(variance), np.nan)
