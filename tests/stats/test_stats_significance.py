"""Independence, residuals, two-proportion and goodness-of-fit tests against published values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats
from stats_helpers import expand_table

from survey.errors import SurveyError
from survey.stats import (
    adjusted_residuals,
    chi2_table,
    chi2_test,
    goodness_of_fit,
    two_proportion_test,
)
from survey.stats._rao_scott import rao_scott

# R ?chisq.test, "From Agresti(2007) p.39": party identification by gender.
AGRESTI = np.array([[762, 327, 468], [484, 239, 477]])
# R ?fisher.test, "Agresti (1990, p. 61f; 2002, p. 91) Fisher's Tea Drinker".
TEA = np.array([[3, 1], [1, 3]])
# R ?fisher.test, "Job satisfaction example: Agresti (2002, p. 57)"; matrix(c(1,2,1,0,
# 3,3,6,1, 10,10,14,9, 6,7,12,11), 4, 4) fills by column: rows = income, cols = satisfaction.
JOB = np.array([[1, 2, 1, 0], [3, 3, 6, 1], [10, 10, 14, 9], [6, 7, 12, 11]]).T


# ----------------------------------------------------------------- Pearson chi-square


def test_pearson_on_agresti_party_table_matches_r():
    """R: chisq.test(M) -> X-squared = 30.07, df = 2, p-value = 2.954e-07."""
    result = chi2_table(AGRESTI).iloc[0]
    assert result["test"] == "pearson"
    assert result["statistic"] == pytest.approx(30.07, abs=0.005)
    assert result["dof"] == 2
    assert result["p_value"] == pytest.approx(2.954e-07, rel=5e-4)
    assert result["n"] == 2757


def test_chi2_test_from_responses_equals_table_test():
    responses = expand_table(AGRESTI, ["F", "M"], ["democrat", "independent", "republican"])
    result = chi2_test(responses, "x", "y").iloc[0]
    assert result["statistic"] == pytest.approx(30.07, abs=0.005)
    assert result["p_value"] == pytest.approx(2.954e-07, rel=5e-4)
    assert (result["row_question"], result["col_question"]) == ("x", "y")


def test_pearson_uncorrected_two_by_two_matches_r():
    """R (stats.stackexchange q. 539100): TBL = rbind(c(16,5), c(95,83));
    chisq.test(TBL, cor=F)$p.val = 0.04643965 (no expected count under 5, so Pearson)."""
    result = chi2_table(np.array([[16, 5], [95, 83]])).iloc[0]
    assert result["test"] == "pearson"
    assert result["p_value"] == pytest.approx(0.04643965, abs=5e-9)


def test_cramer_v_secondary_check_with_scipy():
    expected = stats.contingency.association(AGRESTI, method="cramer", correction=False)
    assert chi2_table(AGRESTI).iloc[0]["cramer_v"] == pytest.approx(expected)


# ----------------------------------------------------------------------------- Fisher


def test_tea_tasting_switches_to_fisher():
    """Expected counts are 2 (< 5): Fisher's exact test, two-sided p = 0.4857
    (Agresti 2002, §3.5.1: one-sided P = 0.243, two-sided P = 0.486; R ?fisher.test)."""
    result = chi2_table(TEA).iloc[0]
    assert result["test"] == "fisher"
    assert result["p_value"] == pytest.approx(0.4857, abs=5e-5)
    assert result["min_expected"] == 2


def test_fisher_forced_on_two_by_two_matches_r():
    """R: fisher.test(TBL)$p.val = 0.06220786 (stats.stackexchange q. 539100)."""
    result = chi2_table(np.array([[16, 5], [95, 83]]), method="fisher").iloc[0]
    assert result["p_value"] == pytest.approx(0.06220786, abs=5e-9)


def test_job_satisfaction_fisher_by_simulation_is_close_to_exact():
    """R ?fisher.test: fisher.test(Job) gives p = 0.7827 (exact network algorithm); the
    Monte-Carlo version must agree within simulation error (SE ≈ 0.003 with B = 20 000)."""
    result = chi2_table(JOB, method="fisher", monte_carlo=20_000).iloc[0]
    assert result["test"] == "fisher_monte_carlo"
    assert result["p_value"] == pytest.approx(0.7827, abs=0.015)


# ------------------------------------------------------------------------ Monte-Carlo


def test_monte_carlo_p_value_as_r_documents():
    """R ?chisq.test: x <- matrix(c(12, 5, 7, 7), ncol = 2);
    chisq.test(x, simulate.p.value = TRUE, B = 10000)$p.value  # around 0.29!"""
    x = np.array([[12, 7], [5, 7]])
    result = chi2_table(x, method="monte_carlo", monte_carlo=10_000).iloc[0]
    assert result["test"] == "pearson_monte_carlo"
    assert result["p_value"] == pytest.approx(0.29, abs=0.015)
    # Secondary check: the exact conditional (hypergeometric) probability it estimates.
    hyper = stats.hypergeom(31, 17, 19)
    assert result["p_value"] == pytest.approx(hyper.cdf(8) + hyper.sf(11), abs=0.015)


def test_small_expected_larger_table_uses_seeded_monte_carlo():
    table = np.array([[3, 1, 0], [1, 4, 2], [0, 2, 6]])
    first = chi2_table(table).iloc[0]
    second = chi2_table(table).iloc[0]
    assert first["test"] == "pearson_monte_carlo"
    assert first["p_value"] == second["p_value"]  # fixed seed: reproducible
    assert 0 < first["p_value"] <= 1
    assert first["min_expected"] < 5


def test_monte_carlo_disabled_keeps_asymptotic_p_value():
    table = np.array([[3, 1, 0], [1, 4, 2], [0, 2, 6]])
    result = chi2_table(table, monte_carlo=None).iloc[0]
    assert result["test"] == "pearson"


def test_empty_rows_and_columns_are_dropped():
    with_empty = np.array([[762, 327, 0, 468], [0, 0, 0, 0], [484, 239, 0, 477]])
    assert chi2_table(with_empty).iloc[0]["statistic"] == pytest.approx(30.07, abs=0.005)


def test_degenerate_table_is_not_tested():
    result = chi2_table(np.array([[5, 7], [0, 0]])).iloc[0]
    assert result["test"] == "none"
    assert np.isnan(result["p_value"])


def test_unknown_method_raises():
    with pytest.raises(SurveyError, match="inconnue"):
        chi2_table(AGRESTI, method="g_test")


def test_simulation_needs_draws_and_whole_counts():
    with pytest.raises(SurveyError, match="monte_carlo > 0"):
        chi2_table(TEA, method="monte_carlo", monte_carlo=None)
    with pytest.raises(SurveyError, match="entiers"):
        chi2_table(TEA + 0.5, method="fisher")


# ------------------------------------------------------------------ adjusted residuals


def test_adjusted_residuals_of_agresti_party_table():
    """Agresti (2007) p. 39 / R chisq.test(M)$stdres: 4.50, 0.70, -5.32 (females)."""
    residuals = adjusted_residuals(AGRESTI)
    assert residuals[0] == pytest.approx([4.50, 0.70, -5.32], abs=0.005)
    assert residuals[1] == pytest.approx([-4.50, -0.70, 5.32], abs=0.005)


def test_adjusted_residuals_match_printed_r_stdres():
    """R output printed in s-nako.work, "Chi-Square Test in R" (2020):
    chisq.test(xtabs(...), correct=F) -> X-squared = 57.236, $stdres
    A 7.551524 -7.551524 / B -2.663833 2.663833 / C -4.296630 4.296630
    (columns failure, success)."""
    table = pd.DataFrame(
        [[100, 23], [44, 65], [119, 158]], index=["A", "B", "C"], columns=["failure", "success"]
    )
    residuals = adjusted_residuals(table)
    assert list(residuals.index) == ["A", "B", "C"]
    assert residuals["failure"].to_numpy() == pytest.approx(
        [7.551524, -2.663833, -4.296630], abs=5e-7
    )
    assert residuals["success"].to_numpy() == pytest.approx(
        [-7.551524, 2.663833, 4.296630], abs=5e-7
    )
    assert chi2_table(table).iloc[0]["statistic"] == pytest.approx(57.236, abs=5e-4)


def test_adjusted_residuals_rejects_negative_counts():
    with pytest.raises(SurveyError, match="positifs"):
        adjusted_residuals(np.array([[1, -1], [2, 3]]))


@settings(max_examples=50, deadline=None)
@given(arrays(np.int64, (2, 4), elements=st.integers(1, 200)))
def test_two_row_residuals_are_opposite(table):
    residuals = adjusted_residuals(table)
    assert residuals[0] == pytest.approx(-residuals[1])


@settings(max_examples=50, deadline=None)
@given(arrays(np.int64, (3, 4), elements=st.integers(5, 300)))
def test_statistic_is_symmetric_in_rows_and_columns(table):
    direct = chi2_table(table, method="pearson").iloc[0]
    transposed = chi2_table(table.T, method="pearson").iloc[0]
    assert direct["statistic"] == pytest.approx(transposed["statistic"])
    assert direct["p_value"] == pytest.approx(transposed["p_value"])


# ------------------------------------------------------------------------- Rao–Scott

# R survey package 4.5, reference outputs stored in xKDR/Survey.jl,
# test/r_reference/chisq.csv, produced by test/r_reference/generate_fixtures.R:
#   svychisq(~stype + awards, design, statistic = "F" / "Chisq")
# with data(api). The cell counts of stype × awards:
# - apistrat: from svytable_strat.csv (weighted counts / pw): E 27/73, H 34/16, M 26/24;
# - apisrs: E 41/101, H 16/9, M 19/14 (the only table with the published margins,
#   proportions.csv, whose Pearson X² equals the published 17.5612143820374).
APISRS = np.array([[41, 101], [16, 9], [19, 14]])
APISTRAT = np.array([[27, 73], [34, 16], [26, 24]])


def test_rao_scott_weights_only_design_matches_svychisq():
    """srs_w = svydesign(id=~1, weights=~pw, data=apisrs), pw = 30.97:
    F = 8.73670415506363, ndf = 2, ddf = 398, p = 0.0001934764159777;
    Chisq: X-squared (unadjusted) = 17.5612143820374, p = 0.000160582270961559."""
    responses = expand_table(
        APISRS, ["E", "H", "M"], ["No", "Yes"], row="stype", col="awards",
        weights=np.full(APISRS.shape, 30.97),
    )  # fmt: skip
    second = chi2_test(responses, "stype", "awards", weight="w").iloc[0]
    assert second["test"] == "rao_scott_f"
    assert second["statistic"] == pytest.approx(8.73670415506363, rel=1e-9)
    assert second["dof"] == pytest.approx(2, rel=1e-9)
    assert second["dof_denominator"] == pytest.approx(398, rel=1e-9)
    assert second["p_value"] == pytest.approx(0.0001934764159777, rel=1e-8)
    first = chi2_test(responses, "stype", "awards", weight="w", rao_scott_order="first").iloc[0]
    assert first["test"] == "rao_scott_chisq"
    assert first["p_value"] == pytest.approx(0.000160582270961559, rel=1e-8)
    # R prints the unadjusted X²; ours is X² × df / tr(Δ) = X² × 199 / 200 here.
    assert first["statistic"] == pytest.approx(17.5612143820374 * 199 / 200, rel=1e-9)


def test_rao_scott_engine_matches_stratified_svychisq():
    """strat_fpc = svydesign(id=~1, strata=~stype, fpc=~fpc, data=apistrat):
    F = 14.1694082305841, ndf = 1.88513588010282, ddf = 371.371768380256,
    p = 2.08210852324867e-06; Chisq: X² = 19.4796560888029, p = 7.01946792056741e-07.
    Unequal weights (N_h / n_h = 44.21, 15.1, 20.36), so Δ is not a multiple of I."""
    rows, cols = np.nonzero(np.ones_like(APISTRAT))
    rows = np.repeat(rows, APISTRAT.ravel())
    cols = np.repeat(cols, APISTRAT.ravel())
    population = np.array([4421, 755, 1018])
    sample = APISTRAT.sum(axis=1)
    weights = (population / sample)[rows]
    second = rao_scott(rows, cols, weights, strata=rows, fpc=population[rows])
    assert second.statistic == pytest.approx(14.1694082305841, rel=1e-9)
    assert second.dof == pytest.approx(1.88513588010282, rel=1e-9)
    assert second.dof_denominator == pytest.approx(371.371768380256, rel=1e-9)
    assert second.p_value == pytest.approx(2.08210852324867e-06, rel=1e-8)
    first = rao_scott(rows, cols, weights, strata=rows, fpc=population[rows], order="first")
    assert first.pearson == pytest.approx(19.4796560888029, rel=1e-9)
    assert first.p_value == pytest.approx(7.01946792056741e-07, rel=1e-8)


def test_weighted_test_is_not_weighted_counts_as_counts():
    # Doubling every weight must not change the test (it would if weighted counts were
    # used as counts: X² would double).
    responses = expand_table(APISRS, ["E", "H", "M"], ["No", "Yes"], weights=np.ones((3, 2)))
    once = chi2_test(responses, "x", "y", weight="w").iloc[0]
    responses["w"] *= 2
    twice = chi2_test(responses, "x", "y", weight="w").iloc[0]
    assert once["p_value"] == pytest.approx(twice["p_value"])


def test_weighted_exact_methods_are_refused():
    responses = expand_table(APISRS, ["E", "H", "M"], ["No", "Yes"], weights=np.ones((3, 2)))
    with pytest.raises(SurveyError, match="Rao"):
        chi2_test(responses, "x", "y", weight="w", method="fisher")


# ------------------------------------------------------------------- multiple choice


def test_multiple_choice_uses_bonferroni_over_options(ten, spro):
    result = chi2_test(ten, "membre", "cercle", questionnaire=spro, monte_carlo=None).iloc[0]
    assert result["test"] == "smmi_bonferroni"
    # Secondary check: per-option 2 × 3 tables (ticked / not ticked by cercle) among the
    # 8 respondents who answered both, tested by scipy; p = min(1, 3 × min p).
    answered = ten[[f"membre__{c}" for c in ("pas_du_tout", "moyennement", "tout_a_fait")]]
    keep = answered.notna().any(axis=1)
    p_values, total = [], 0.0
    for column in answered:
        ticked = answered.loc[keep, column].astype(bool)
        table = pd.crosstab(ticked, ten.loc[keep, "cercle"]).to_numpy()
        table = table[:, table.sum(axis=0) > 0]
        x2, p, _, _ = stats.chi2_contingency(table, correction=False)
        p_values.append(p)
        total += x2
    assert result["p_value"] == pytest.approx(min(1.0, 3 * min(p_values)))
    assert result["statistic"] == pytest.approx(total)
    assert result["n"] == 8


# ------------------------------------------------------------------- two proportions


def test_two_proportion_z_test_matches_prop_test():
    """R (stats.stackexchange q. 539100): prop.test(c(16,5), c(111,88), cor=F)$p.val
    = 0.04643965; with correction: X-squared = 3.0944, p-value = 0.07856."""
    z, p = two_proportion_test(16, 111, 5, 88)
    assert p == pytest.approx(0.04643965, abs=5e-9)
    assert z > 0
    z_c, p_c = two_proportion_test(16, 111, 5, 88, continuity=True)
    assert z_c**2 == pytest.approx(3.0944, abs=5e-5)
    assert p_c == pytest.approx(0.07856, abs=5e-6)


def test_two_proportion_with_continuity_matches_printed_prop_test():
    """R printed output (Emory math117 tech tips, STHDA): prop.test(x = c(490, 400),
    n = c(500, 500)) -> X-squared = 80.909, df = 1, p-value < 2.2e-16."""
    z, p = two_proportion_test(490, 500, 400, 500, continuity=True)
    assert z**2 == pytest.approx(80.909, abs=5e-4)
    assert p < 2.2e-16


def test_two_proportion_edge_cases():
    assert two_proportion_test(0, 10, 0, 12) == (0.0, 1.0)
    z, p = two_proportion_test(0, 0, 1, 2)
    assert np.isnan(z) and np.isnan(p)
    with pytest.raises(SurveyError):
        two_proportion_test(5, 4, 1, 2)


@given(
    x1=st.integers(0, 200), extra1=st.integers(1, 200),
    x2=st.integers(0, 200), extra2=st.integers(1, 200),
)  # fmt: skip
def test_z_squared_equals_pearson_on_the_two_by_two(x1, extra1, x2, extra2):
    n1, n2 = x1 + extra1, x2 + extra2
    z, _ = two_proportion_test(x1, n1, x2, n2)
    z_rev, _ = two_proportion_test(x2, n2, x1, n1)
    assert z == pytest.approx(-z_rev)
    if 0 < x1 + x2 < n1 + n2:
        table = np.array([[x1, n1 - x1], [x2, n2 - x2]])
        x2_stat = stats.chi2_contingency(table, correction=False)[0]
        assert z**2 == pytest.approx(x2_stat, rel=1e-9, abs=1e-12)


# ------------------------------------------------------------------- goodness of fit


@pytest.mark.parametrize(
    ("observed", "shares", "statistic", "p_value"),
    [
        # R ?chisq.test, "Case A. Tabulated data": x <- c(A = 20, B = 15, C = 25)
        # -> X-squared = 2.5, df = 2, p-value = 0.2865
        ([20, 15, 25], [1, 1, 1], 2.5, 0.2865),
        # x <- c(89,37,30,28,2); p <- c(40,20,20,15,5); chisq.test(x, p = p, rescale.p = TRUE)
        # -> X-squared = 9.9901, df = 4, p-value = 0.04059
        ([89, 37, 30, 28, 2], [40, 20, 20, 15, 5], 9.9901, 0.04059),
        # p <- c(0.40,0.20,0.20,0.19,0.01); chisq.test(x, p = p)
        # -> X-squared = 5.7947, df = 4, p-value = 0.215
        ([89, 37, 30, 28, 2], [0.40, 0.20, 0.20, 0.19, 0.01], 5.7947, 0.215),
    ],
)
def test_goodness_of_fit_matches_r(observed, shares, statistic, p_value):
    result = goodness_of_fit(np.array(observed), np.array(shares)).iloc[0]
    assert result["statistic"] == pytest.approx(statistic, abs=5e-5)
    assert result["p_value"] == pytest.approx(p_value, abs=5e-4 if p_value > 0.1 else 5e-6)
    assert result["dof"] == len(observed) - 1


def test_weighted_multiple_choice_uses_per_option_rao_scott(ten, spro):
    ten["w"] = [1.0] * 5 + [3.0] * 5
    result = chi2_test(ten, "membre", "cercle", questionnaire=spro, weight="w").iloc[0]
    assert result["test"] == "smmi_bonferroni_rao_scott"
    ten["w"] *= 10
    scaled = chi2_test(ten, "membre", "cercle", questionnaire=spro, weight="w").iloc[0]
    assert scaled["p_value"] == pytest.approx(result["p_value"])
    assert scaled["statistic"] == pytest.approx(result["statistic"])


def test_weighted_test_survives_structural_zeros(ten, spro):
    # structure × cercle: each structure lies in one cercle, so most cells are empty and
    # the Rao–Scott contrast matrix is singular (R's solve() stops there).
    rng = np.random.default_rng(3)
    structures = spro.question("structure").codes
    mapping = spro.derived_variable("cercle").mapping
    drawn = rng.choice(structures, 300)
    responses = pd.DataFrame(
        {
            "structure": pd.Categorical(drawn, categories=structures),
            "cercle": pd.Categorical(
                [mapping[s] for s in drawn], categories=sorted(set(mapping.values()))
            ),
            "w": rng.uniform(0.5, 2, 300),
        }
    )
    result = chi2_test(responses, "structure", "cercle", weight="w").iloc[0]
    assert result["test"] == "rao_scott_f"
    assert result["p_value"] < 1e-10
    assert result["cramer_v"] == pytest.approx(1)
