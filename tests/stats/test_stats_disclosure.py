"""Disclosure control of small cells."""

from __future__ import annotations

import numpy as np
import pytest

from survey.errors import SmallBaseWarning, SurveyError
from survey.stats import crosstab, frequencies, suppress_small_cells


def test_frequencies_cells_under_threshold_are_masked(ten, spro):
    with pytest.warns(SmallBaseWarning):
        table = frequencies(ten, "collaboration", questionnaire=spro)
    masked = suppress_small_cells(table, threshold=3).set_index("option")
    # Counts: aucune 2, quelques 4, regulieres 2, non-response 2.
    assert list(masked["suppressed"]) == [True, False, True, True]
    assert np.isnan(masked.loc["aucune", "count"])
    assert np.isnan(masked.loc["aucune", "percent"])
    assert np.isnan(masked.loc["aucune", "ci_low"])
    assert masked.loc["aucune", "base"] == 8  # bases are kept
    assert masked.loc["quelques", "count"] == 4
    assert masked.attrs["params"]["disclosure_threshold"] == 3
    assert masked.attrs["params"]["small_base"] == 30  # earlier params kept
    # The input is not modified.
    assert not table["count"].isna().any()


def test_zero_cells_are_kept_unless_asked(ten, spro):
    with pytest.warns(SmallBaseWarning):
        table = crosstab(ten, "collaboration", "cercle", questionnaire=spro)
    kept = suppress_small_cells(table, threshold=2)
    zero = (kept["unweighted_count"] == 0) & ~kept["suppressed"]
    assert zero.any()
    dropped = suppress_small_cells(table, threshold=2, include_zeros=True)
    assert dropped.loc[table["unweighted_count"] == 0, "suppressed"].all()


def test_weighted_tables_use_unweighted_counts(ten, spro):
    ten["w"] = 10.0
    with pytest.warns(SmallBaseWarning):
        table = frequencies(ten, "collaboration", questionnaire=spro, weight="w")
    masked = suppress_small_cells(table, threshold=3).set_index("option")
    assert masked.loc["aucune", "suppressed"]  # weighted count 20, two people


def test_unknown_columns_raise(ten, spro):
    with pytest.warns(SmallBaseWarning):
        table = frequencies(ten, "collaboration", questionnaire=spro)
    with pytest.raises(SurveyError, match="absentes"):
        suppress_small_cells(table, columns=["nope"])
    with pytest.raises(SurveyError, match="absente"):
        suppress_small_cells(table.drop(columns=["count", "unweighted_count"]))
