"""Cross-tabs on the real questionnaire, with cells computed by hand."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stats_helpers import categorical, expand_table

from survey.errors import SmallBaseWarning
from survey.stats import crosstab


def _cells(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index(["row", "col"])


def test_single_by_single(ten, spro):
    """collaboration × cercle among the 8 who answered both (5 and 10 left out):
    cercle_1: aucune 1, 8; cercle_2: quelques 2, 3, 6; cercle_3: quelques 9,
    regulieres 4, 7."""
    with pytest.warns(SmallBaseWarning, match="cercle_1"):
        table = crosstab(ten, "collaboration", "cercle", questionnaire=spro)
    t = _cells(table)
    assert t.loc[("aucune", "cercle_1"), "count"] == 2
    assert t.loc[("quelques", "cercle_2"), "count"] == 3
    assert t.loc[("quelques", "cercle_3"), "count"] == 1
    assert t.loc[("regulieres", "cercle_3"), "count"] == 2
    assert t.loc[("aucune", "cercle_3"), "count"] == 0
    assert t.loc[("quelques", "cercle_3"), "col_base"] == 3
    assert t.loc[("quelques", "cercle_3"), "col_percent"] == pytest.approx(1 / 3)
    assert t.loc[("quelques", "cercle_3"), "row_base"] == 4
    assert t.loc[("quelques", "cercle_3"), "row_percent"] == pytest.approx(1 / 4)
    assert t.loc[("quelques", "cercle_3"), "total_percent"] == pytest.approx(1 / 8)
    # Totals.
    assert t.loc[("quelques", "_total"), "count"] == 4
    assert t.loc[("quelques", "_total"), "col_percent"] == pytest.approx(0.5)
    assert t.loc[("_total", "cercle_2"), "count"] == 3
    assert t.loc[("_total", "cercle_2"), "col_percent"] == 1
    assert t.loc[("_total", "_total"), "count"] == 8
    assert list(table["col"].unique()) == ["cercle_1", "cercle_2", "cercle_3", "_total"]
    assert list(table["row_kind"].unique()) == ["option", "total"]
    assert table.attrs["excluded"] == 2
    assert t.loc[("aucune", "cercle_1"), "col_label"].startswith("Cercle 1")


def test_multiple_in_rows_with_net(ten, spro):
    """membre × cercle among the 8 who ticked a box: cercle_1 = 1 (pas), 8 (tout);
    cercle_2 = 2 (moy), 3 (moy, tout), 6 (moy), 10 (moy); cercle_3 = 4 (tout),
    7 (pas, moy). Net « moyennement ou pas » = 1 | 2, 3, 6, 10 | 7."""
    with pytest.warns(SmallBaseWarning):
        t = _cells(crosstab(ten, "membre", "cercle", questionnaire=spro))
    assert t.loc[("moyennement", "cercle_2"), "count"] == 4
    assert t.loc[("moyennement", "cercle_2"), "col_base"] == 4
    assert t.loc[("moyennement", "cercle_2"), "col_percent"] == 1
    assert t.loc[("tout_a_fait", "cercle_2"), "col_percent"] == pytest.approx(0.25)
    assert t.loc[("pas_du_tout", "cercle_3"), "count"] == 1
    assert t.loc[("net_moyennement_ou_pas", "cercle_1"), "count"] == 1
    assert t.loc[("net_moyennement_ou_pas", "cercle_2"), "count"] == 4
    assert t.loc[("net_moyennement_ou_pas", "cercle_3"), "count"] == 1
    assert t.loc[("net_moyennement_ou_pas", "cercle_1"), "row_kind"] == "net"
    assert t.loc[("moyennement", "_total"), "count"] == 5
    assert t.loc[("_total", "_total"), "count"] == 8
    # Column percentages of a multiple-choice row variable may exceed 1 in sum.
    col2 = [
        t.loc[(r, "cercle_2"), "col_percent"] for r in ("pas_du_tout", "moyennement", "tout_a_fait")
    ]
    assert sum(col2) == pytest.approx(1.25)
    assert np.isnan(t.loc[("moyennement", "cercle_2"), "adjusted_residual"])


def test_multiple_in_columns(ten, spro):
    """cercle × membre: column pas_du_tout = respondents 1 (cercle_1) and 7 (cercle_3)."""
    with pytest.warns(SmallBaseWarning):
        t = _cells(crosstab(ten, "cercle", "membre", questionnaire=spro))
    assert t.loc[("cercle_1", "pas_du_tout"), "count"] == 1
    assert t.loc[("cercle_3", "pas_du_tout"), "count"] == 1
    assert t.loc[("cercle_1", "pas_du_tout"), "col_base"] == 2
    assert t.loc[("cercle_2", "moyennement"), "col_percent"] == pytest.approx(4 / 5)
    assert t.loc[("_total", "_total"), "count"] == 8


def test_multiple_by_multiple(ten, spro):
    """membre × membre: the diagonal counts each option's respondents; moyennement and
    tout_a_fait are both ticked by respondent 3 only."""
    with pytest.warns(SmallBaseWarning):
        t = _cells(crosstab(ten, "membre", "membre", questionnaire=spro))
    assert t.loc[("moyennement", "moyennement"), "count"] == 5
    assert t.loc[("moyennement", "tout_a_fait"), "count"] == 1
    assert t.loc[("tout_a_fait", "moyennement"), "count"] == 1


def test_weighted_cells_and_effective_column_base(ten, spro):
    """Weights 1 (respondents 1-5) and 2 (6-10): cercle_3 holds 4 (w 1, regulieres),
    7 (w 2, regulieres), 9 (w 2, quelques): base 5, Kish (1 + 2 + 2)² / (1 + 4 + 4) = 25/9."""
    ten["w"] = [1.0] * 5 + [2.0] * 5
    with pytest.warns(SmallBaseWarning):
        t = _cells(crosstab(ten, "collaboration", "cercle", questionnaire=spro, weight="w"))
    assert t.loc[("regulieres", "cercle_3"), "count"] == 3
    assert t.loc[("regulieres", "cercle_3"), "unweighted_count"] == 2
    assert t.loc[("regulieres", "cercle_3"), "col_base"] == 5
    assert t.loc[("regulieres", "cercle_3"), "unweighted_col_base"] == 3
    assert t.loc[("regulieres", "cercle_3"), "effective_col_base"] == pytest.approx(25 / 9)
    assert t.loc[("regulieres", "cercle_3"), "col_percent"] == pytest.approx(0.6)


def test_adjusted_residuals_in_cells_match_agresti():
    """Agresti (2007) p. 39 party identification: adjusted residuals 4.50, 0.70, -5.32."""
    responses = expand_table([[762, 327, 468], [484, 239, 477]], ["F", "M"], ["dem", "ind", "rep"])
    t = _cells(crosstab(responses, "x", "y"))
    assert [t.loc[("F", c), "adjusted_residual"] for c in ("dem", "ind", "rep")] == pytest.approx(
        [4.50, 0.70, -5.32], abs=0.005
    )
    assert np.isnan(t.loc[("F", "_total"), "adjusted_residual"])
    assert not t["small_base"].any()


def test_small_base_flag_follows_the_column_base():
    responses = expand_table([[40, 5], [40, 5]], ["a", "b"], ["big", "small"])
    with pytest.warns(SmallBaseWarning, match="small"):
        t = _cells(crosstab(responses, "x", "y", small_base=30))
    assert not t.loc[("a", "big"), "small_base"]
    assert t.loc[("a", "small"), "small_base"]
    assert t.attrs["params"]["small_base"] == 30


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c", None]), st.sampled_from(["u", "v", None])),
        min_size=1,
        max_size=120,
    )
)
def test_column_percentages_sum_to_one_and_totals_add_up(pairs):
    responses = pd.DataFrame(
        {
            "x": categorical([p[0] for p in pairs], ["a", "b", "c"]),
            "y": categorical([p[1] for p in pairs], ["u", "v"]),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallBaseWarning)
        table = crosstab(responses, "x", "y")
    cells = table[(table["row_kind"] == "option") & (table["col_kind"] == "option")]
    for _, column in cells.groupby("col"):
        if column["col_base"].iloc[0] > 0:
            assert column["col_percent"].sum() == pytest.approx(1)
    for _, row in cells.groupby("row"):
        if row["row_base"].iloc[0] > 0:
            assert row["row_percent"].sum() == pytest.approx(1)
    both = sum(p[0] is not None and p[1] is not None for p in pairs)
    corner = table[(table["row"] == "_total") & (table["col"] == "_total")].iloc[0]
    assert corner["count"] == both
    assert cells["count"].sum() == both
