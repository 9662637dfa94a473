"""Column-proportion letters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stats_helpers import expand_table
from statsmodels.stats.multitest import multipletests

from survey.errors import SurveyError
from survey.stats import column_letters, two_proportion_test
from survey.stats.letters import adjust_p_values, column_letter


def test_two_columns_reproduce_prop_test():
    """Column A: 16 of 111 say "yes", column B: 5 of 88. R prop.test(c(16, 5), c(111, 88),
    correct = FALSE) gives p = 0.04643965 (stats.stackexchange q. 539100), < 0.05 with a
    single pair (no correction effect): A's "yes" cell gets letter B, B's "no" cell gets A."""
    responses = expand_table([[16, 5], [95, 83]], ["yes", "no"], ["a", "b"])
    result = column_letters(responses, "x", "y")
    t = result.table.set_index(["row", "col"])
    assert t.loc[("yes", "a"), "exceeds"] == "B"
    assert t.loc[("yes", "b"), "exceeds"] == ""
    assert t.loc[("no", "b"), "exceeds"] == "A"
    pairs = result.pairs.set_index(["row", "col", "versus"])
    assert pairs.loc[("yes", "a", "b"), "p_value"] == pytest.approx(0.04643965, abs=5e-9)
    assert list(result.letters["letter"]) == ["A", "B"]
    assert result.letters["tested"].all()


def test_small_columns_are_not_tested():
    responses = expand_table([[16, 5, 1], [95, 83, 2]], ["yes", "no"], ["a", "b", "c"])
    result = column_letters(responses, "x", "y", min_base=30)
    letters = result.letters.set_index("col")
    assert not letters.loc["c", "tested"]
    assert set(result.pairs["versus"]) == {"b"}
    assert (result.table.set_index("col").loc["c", "exceeds"] == "").all()
    assert result.table.attrs["params"]["min_base"] == 30


def test_holm_correction_within_rows_matches_statsmodels():
    # Three columns: 20/100, 45/100, 70/100 "yes" -> three pairs corrected together.
    responses = expand_table([[20, 45, 70], [80, 55, 30]], ["yes", "no"], ["a", "b", "c"])
    result = column_letters(responses, "x", "y")
    yes = result.pairs[result.pairs["row"] == "yes"]
    raw = [two_proportion_test(20, 100, 45, 100)[1], two_proportion_test(20, 100, 70, 100)[1],
           two_proportion_test(45, 100, 70, 100)[1]]  # fmt: skip
    assert list(yes["p_value"]) == pytest.approx(raw)
    assert list(yes["p_adjusted"]) == pytest.approx(list(multipletests(raw, method="holm")[1]))
    t = result.table.set_index(["row", "col"])
    assert t.loc[("yes", "c"), "exceeds"] == "A B"
    assert t.loc[("yes", "b"), "exceeds"] == "A"
    assert t.loc[("no", "a"), "exceeds"] == "B C"
    # With 30/100, 45/100, 60/100 Holm keeps only the a-c difference (p × 3 < 0.05 but
    # 0.0285 × 2 > 0.05), where no correction would keep all three.
    close = expand_table([[30, 45, 60], [70, 55, 40]], ["yes", "no"], ["a", "b", "c"])
    holm = column_letters(close, "x", "y").table.set_index(["row", "col"])
    assert holm.loc[("yes", "c"), "exceeds"] == "A"
    raw = column_letters(close, "x", "y", correction="none").table.set_index(["row", "col"])
    assert raw.loc[("yes", "c"), "exceeds"] == "A B"


def test_no_correction_and_fdr():
    responses = expand_table([[30, 45, 60], [70, 55, 40]], ["yes", "no"], ["a", "b", "c"])
    none = column_letters(responses, "x", "y", correction="none").pairs
    assert list(none["p_adjusted"]) == list(none["p_value"])
    fdr = column_letters(responses, "x", "y", correction="fdr_bh").pairs
    assert (fdr["p_adjusted"] >= fdr["p_value"] - 1e-15).all()


def test_weighted_letters_use_effective_bases(ten, spro):
    ten["w"] = [1.0] * 5 + [2.0] * 5
    result = column_letters(
        ten, "collaboration", "cercle", questionnaire=spro, weight="w", min_base=1
    )
    letters = result.letters.set_index("col")
    assert letters.loc["cercle_3", "effective_col_base"] == pytest.approx(25 / 9)


def test_bad_correction_raises():
    responses = expand_table([[1, 2], [3, 4]], ["yes", "no"], ["a", "b"])
    with pytest.raises(SurveyError, match="Correction"):
        column_letters(responses, "x", "y", correction="sidak")


def test_letters_beyond_z():
    assert [column_letter(i) for i in (0, 25, 26, 27, 51, 52)] == ["A", "Z", "AA", "AB", "AZ", "BA"]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(20, 200), min_size=2, max_size=5),
    st.lists(st.floats(0.05, 0.95), min_size=5, max_size=5),
)
def test_letters_are_antisymmetric(sizes, shares):
    yes = [round(n * p) for n, p in zip(sizes, shares, strict=False)]
    table = np.array([yes, [n - y for n, y in zip(sizes, yes, strict=True)]])
    codes = [f"c{j}" for j in range(len(sizes))]
    responses = expand_table(table, ["yes", "no"], codes)
    result = column_letters(responses, "x", "y", min_base=1, correction="none")
    letter_of = dict(zip(result.letters["col"], result.letters["letter"], strict=True))
    for row, cells in result.table.groupby("row"):
        exceeds = {c: set(e.split()) for c, e in zip(cells["col"], cells["exceeds"], strict=True)}
        for a in codes:
            for b in codes:
                if letter_of[b] in exceeds[a]:
                    assert letter_of[a] not in exceeds[b], (row, a, b)
                    pa = cells.set_index("col").loc[a, "col_percent"]
                    pb = cells.set_index("col").loc[b, "col_percent"]
                    assert pa > pb


def test_tables_are_tidy_frames():
    responses = expand_table([[16, 5], [95, 83]], ["yes", "no"], ["a", "b"])
    result = column_letters(responses, "x", "y")
    assert all(isinstance(part, pd.DataFrame) for part in result)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 1), min_size=1, max_size=30),
    st.sampled_from(["holm", "fdr_bh", "bonferroni"]),
)
def test_corrections_equal_statsmodels_multipletests(p_values, method):
    p = np.array(p_values)
    expected = multipletests(p, method=method)[1]
    assert adjust_p_values(p[None, :], method)[0] == pytest.approx(expected, abs=1e-12)
