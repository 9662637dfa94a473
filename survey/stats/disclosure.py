"""Disclosure control: mask the cells of a table that rest on too few people."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from survey.errors import SurveyError
from survey.stats import _columns as C
from survey.stats._common import check_threshold

__all__ = ["suppress_small_cells"]

MASKED_COLUMNS: tuple[str, ...] = (
    C.COUNT,
    C.UNWEIGHTED_COUNT,
    C.PERCENT,
    C.PERCENT_RESPONSES,
    C.CI_LOW,
    C.CI_HIGH,
    C.COL_PERCENT,
    C.ROW_PERCENT,
    C.TOTAL_PERCENT,
    C.ADJUSTED_RESIDUAL,
)
"""Columns masked by default (those present in the table)."""


def suppress_small_cells(
    table: pd.DataFrame,
    *,
    threshold: float = 5,
    columns: Sequence[str] | None = None,
    count_column: str | None = None,
    include_zeros: bool = False,
) -> pd.DataFrame:
    """Mask the counts and percentages of cells under a disclosure threshold.

    A cell is suppressed when its count (the unweighted count when the table has
    one: disclosure is about people, not weights) is under ``threshold``. Empty
    cells (count 0) reveal nobody and are kept unless ``include_zeros``. Only
    primary suppression is done: a masked cell may still be deduced from a total.

    Parameters
    ----------
    table : pandas.DataFrame
        A tidy table from :func:`frequencies` or :func:`crosstab` (or any table with
        a count column).
    threshold : float
        Smallest count shown (default 5).
    columns : sequence of str, optional
        Columns to mask; default: those of ``MASKED_COLUMNS`` present in the table
        (counts, percentages, intervals, residuals; bases are kept).
    count_column : str, optional
        Column deciding suppression; default ``unweighted_count`` if present, else ``count``.
    include_zeros : bool
        Also suppress empty cells (default False).

    Returns
    -------
    pandas.DataFrame
        A copy with masked values set to NaN and a boolean ``suppressed`` column;
        ``attrs["params"]`` gains ``disclosure_threshold``.

    Raises
    ------
    SurveyError
        Missing count column or unknown column to mask.
    """
    check_threshold("threshold", threshold)
    if count_column is None:
        count_column = C.UNWEIGHTED_COUNT if C.UNWEIGHTED_COUNT in table.columns else C.COUNT
    if count_column not in table.columns:
        raise SurveyError(
            f"Colonne d'effectifs « {count_column} » absente du tableau ; précisez count_column."
        )
    if columns is None:
        columns = [c for c in MASKED_COLUMNS if c in table.columns]
    unknown = [c for c in columns if c not in table.columns]
    if unknown:
        raise SurveyError(
            f"Colonnes à masquer absentes du tableau : {', '.join(unknown)}. "
            f"Colonnes disponibles : {', '.join(map(str, table.columns))}."
        )
    counts = pd.to_numeric(table[count_column], errors="coerce").to_numpy(dtype="float64")
    suppressed = counts < threshold
    if not include_zeros:
        suppressed &= counts > 0
    result = table.copy()
    for column in columns:
        values = result[column].astype("float64")
        result[column] = values.mask(suppressed)
    result[C.SUPPRESSED] = np.asarray(suppressed, dtype=bool)
    params = dict(table.attrs.get("params", {}))
    params.update(disclosure_threshold=threshold, disclosure_count_column=count_column)
    result.attrs = {**table.attrs, "params": params}
    return result
