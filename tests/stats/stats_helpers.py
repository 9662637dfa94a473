"""Helpers shared by the statistics tests (a module name unique across tests/)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def categorical(values, categories):
    return pd.Categorical(values, categories=categories, ordered=True)


def expand_table(table, row_codes, col_codes, *, row="x", col="y", weights=None) -> pd.DataFrame:
    """One respondent per unit of a two-way table of counts (rows × columns).

    ``weights`` (same shape as ``table``) gives the weight of the respondents of each cell.
    """
    table = np.asarray(table, dtype=int)
    rows, cols, w = [], [], []
    for i, r in enumerate(row_codes):
        for j, c in enumerate(col_codes):
            rows += [r] * table[i, j]
            cols += [c] * table[i, j]
            if weights is not None:
                w += [np.asarray(weights, dtype=float)[i, j]] * table[i, j]
    frame = pd.DataFrame(
        {row: categorical(rows, list(row_codes)), col: categorical(cols, list(col_codes))}
    )
    if weights is not None:
        frame["w"] = w
    return frame


MEMBRE = ["pas_du_tout", "moyennement", "tout_a_fait"]
