"""Raking, post-stratification, trimming, Kish diagnostics and representativeness."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stats_helpers import categorical, expand_table

from survey.errors import SurveyError
from survey.weights import (
    design_effect,
    effective_sample_size,
    load_margins,
    poststratify,
    rake,
    representativeness,
    trim_weights,
)

# --------------------------------------------------------------------- R survey refs
#
# R survey 4.5 outputs stored in xKDR/Survey.jl, test/r_reference/ (generate_fixtures.R),
# data(api). apiclus1 has 183 schools; by (stype, sch.wide): E 12 No / 132 Yes,
# H 3 / 11, M 8 / 17 (svytable(~sch.wide + stype, dclus1) on r-survey.r-forge.r-project.org:
# 406.1640 / 4467.8035, 101.5410 / 372.3170, 270.7760 / 575.3989 at pw = 33.847).
APICLUS1 = {("E", "No"): 12, ("E", "Yes"): 132, ("H", "No"): 3, ("H", "Yes"): 11,
            ("M", "No"): 8, ("M", "Yes"): 17}  # fmt: skip
POP_TYPES = {"E": 4421, "H": 755, "M": 1018}
POP_SCHWIDE = {"No": 1072, "Yes": 5122}


def _apiclus1() -> pd.DataFrame:
    rows = [key for key, count in APICLUS1.items() for _ in range(count)]
    frame = pd.DataFrame(rows, columns=["stype", "sch_wide"])
    frame["pw"] = 33.847
    return frame


def test_rake_matches_survey_rake():
    """rake(d_clus1_w, list(~stype, ~sch.wide), list(pop.types, pop.schwide)):
    rake_weights.csv has six distinct weights, one per (stype, sch.wide) cell.
    R stops when the weighted table moves by less than epsilon = 1 between passes,
    so its weights are within ~3e-5 (relative) of the fully converged ones."""
    data = _apiclus1()
    w = rake(data, {"stype": POP_TYPES, "sch_wide": POP_SCHWIDE}, total=6194, base_weight="pw")
    by_cell = data.assign(w=w).groupby(["stype", "sch_wide"])["w"].agg(["min", "max"])
    assert np.allclose(by_cell["min"], by_cell["max"])
    r_weights = {
        ("E", "No"): 39.838509410554, ("E", "Yes"): 29.8704638727345,
        ("H", "No"): 67.1257826263303, ("H", "Yes"): 50.3301527726748,
        ("M", "No"): 49.0700673992951, ("M", "Yes"): 36.7921816646831,
    }  # fmt: skip
    for cell, expected in r_weights.items():
        assert by_cell.loc[cell, "min"] == pytest.approx(expected, rel=1e-4)
    assert w.sum() == pytest.approx(6194)
    totals = data.assign(w=w).groupby("stype")["w"].sum().to_dict()
    assert totals == pytest.approx(POP_TYPES, rel=1e-5)  # within tol = 1e-6 of each share


def test_poststratify_matches_survey_poststratify():
    """postStratify(d_clus1_w, ~stype, pop.types): poststratify_weights.csv has
    E 30.7013888888889 (= 4421 / 144), H 53.9285714285714 (= 755 / 14), M 40.72 (= 1018 / 25)."""
    data = _apiclus1()
    w = poststratify(data, "stype", POP_TYPES, total=6194, base_weight="pw")
    by_type = data.assign(w=w).groupby("stype")["w"].first()
    assert by_type["E"] == pytest.approx(30.7013888888889, rel=1e-12)
    assert by_type["H"] == pytest.approx(53.9285714285714, rel=1e-12)
    assert by_type["M"] == pytest.approx(40.72, rel=1e-12)
    assert w.name == "weight"
    assert w.index.equals(data.index)


def test_trim_weights_matches_survey_trimweights():
    """trimWeights(svydesign(id=~1, strata=~stype, weights=~pw, data=apistrat), upper=40):
    apistrat has 100 E schools at pw 44.21, 50 H at 15.1 and 50 M at 20.36;
    trimweights_weights.csv: E -> 40, H -> 19.31, M -> 24.57 (stored as float32): the
    421 trimmed are shared equally, 4.21 each, among the 100 other schools."""
    weights = np.repeat([44.21, 15.1, 20.36], [100, 50, 50])
    trimmed = trim_weights(weights, upper=40)
    assert trimmed[:100] == pytest.approx(40)
    assert trimmed[100:150] == pytest.approx(19.3099994659424, abs=1e-5)
    assert trimmed[150:] == pytest.approx(24.5699996948242, abs=1e-5)
    assert trimmed.sum() == pytest.approx(weights.sum())


def test_trim_weights_strict_and_series():
    weights = pd.Series([10.0, 1, 1, 1, 1], index=list("abcde"), name="w")
    loose = trim_weights(weights, upper=3)
    assert loose["a"] == 3 and loose["b"] == pytest.approx(2.75)
    strict = trim_weights(pd.Series([10.0, 6, 1, 1, 1]), upper=5, strict=True)
    assert strict.max() <= 5 + 1e-12
    assert strict.sum() == pytest.approx(19)
    assert list(loose.index) == list("abcde") and loose.name == "w"


def test_rake_two_by_two_preserves_the_odds_ratio():
    """Textbook IPF property (Mosteller 1968; Bishop, Fienberg & Holland 1975, ch. 3):
    raking a 2×2 table to new margins keeps its cross-product ratio. Seed
    [[10, 20], [30, 40]] (odds ratio 2/3) raked to rows 50/50 and columns 50/50 gives
    x11 = x22 = t and x12 = x21 = 50 - t with t² / (50 - t)² = 2/3, so
    t = 50 √(2/3) / (1 + √(2/3)) = 22.474487..."""
    data = expand_table([[10, 20], [30, 40]], ["a1", "a2"], ["b1", "b2"], row="a", col="b")
    w = rake(data, {"a": {"a1": 50, "a2": 50}, "b": {"b1": 50, "b2": 50}}, total=100, tol=1e-12)
    t = 50 * np.sqrt(2 / 3) / (1 + np.sqrt(2 / 3))
    cells = data.assign(w=w).groupby(["a", "b"], observed=True)["w"].sum()
    assert cells[("a1", "b1")] == pytest.approx(t, rel=1e-9)
    assert cells[("a2", "b2")] == pytest.approx(t, rel=1e-9)
    assert cells[("a1", "b2")] == pytest.approx(50 - t, rel=1e-9)
    assert cells[("a2", "b1")] == pytest.approx(50 - t, rel=1e-9)


def test_rake_default_total_is_the_number_of_respondents():
    data = _apiclus1()
    w = rake(data, {"stype": POP_TYPES})
    assert w.sum() == pytest.approx(len(data))
    assert w.attrs["params"]["total"] == len(data)
    assert w.attrs["design_effect"] == pytest.approx(design_effect(w))


def test_rake_bounds_cap_the_weight_ratio():
    # Unbounded, the H / No schools get 67.13 / 33.85 = 1.98 times their starting weight;
    # capped at 1.8, the other H schools make up the H margin.
    data = _apiclus1()
    margins = {"stype": POP_TYPES, "sch_wide": POP_SCHWIDE}
    w = rake(data, margins, total=6194, bounds=(0.5, 1.8), max_iter=1000)
    ratio = w / (6194 / len(data))
    assert ratio.max() <= 1.8 + 1e-9 and ratio.min() >= 0.5 - 1e-9
    assert ratio.max() == pytest.approx(1.8)
    totals = data.assign(w=w).groupby("stype")["w"].sum().to_dict()
    assert totals == pytest.approx(POP_TYPES, rel=1e-5)
    assert w.attrs["params"]["bounds"] == [0.5, 1.8]


def test_rake_without_feasible_bounds_raises():
    # E schools are 144 / 183 = 79 % of the sample; a third of the weight needs a ratio of
    # 0.42, outside [0.9, 1.1].
    data = _apiclus1()
    with pytest.raises(SurveyError, match="trop étroites pour « stype »"):
        rake(data, {"stype": {"E": 1, "H": 1, "M": 1}}, bounds=(0.9, 1.1))


def test_rake_that_cannot_converge_raises():
    data = _apiclus1()
    with pytest.raises(SurveyError, match="n'a pas convergé en 1 itération"):
        rake(data, {"stype": POP_TYPES, "sch_wide": POP_SCHWIDE}, max_iter=1)


@pytest.mark.parametrize(
    ("margins", "message"),
    [
        ({"stype": {"E": 4421, "H": 755}}, "absentes des\\s+marges : M"),
        ({"stype": {**POP_TYPES, "X": 12}}, "sans aucun répondant : X"),
        ({"nope": POP_TYPES}, "« nope » absente"),
        ({"stype": {**POP_TYPES, "E": -1}}, "positif"),
    ],
)
def test_rake_errors_are_french_and_name_the_category(margins, message):
    with pytest.raises(SurveyError, match=message):
        rake(_apiclus1(), margins)


def test_rake_refuses_missing_values():
    data = _apiclus1()
    data.loc[0, "stype"] = None
    with pytest.raises(SurveyError, match="manquante"):
        rake(data, {"stype": POP_TYPES})


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("xy")), min_size=6, max_size=200),
    st.lists(st.floats(0.05, 1), min_size=3, max_size=3),
    st.lists(st.floats(0.05, 1), min_size=2, max_size=2),
)
def test_raking_hits_every_margin_and_sums_to_n(pairs, first, second):
    data = pd.DataFrame(pairs, columns=["u", "v"])
    assume(data["u"].nunique() == 3 and data["v"].nunique() == 2)
    # Every (u, v) cell present: the margins are then always attainable.
    assume(data.groupby(["u", "v"]).ngroups == 6)
    margins = {"u": dict(zip("abc", first, strict=True)), "v": dict(zip("xy", second, strict=True))}
    w = rake(data, margins, max_iter=1000, tol=1e-8)
    assert w.sum() == pytest.approx(len(data))
    for variable, margin in margins.items():
        shares = data.assign(w=w).groupby(variable)["w"].sum() / w.sum()
        target = pd.Series(margin) / sum(margin.values())
        assert shares.to_numpy() == pytest.approx(target[shares.index].to_numpy(), abs=1e-7)


# ---------------------------------------------------------------------------- Kish


def test_kish_design_effect_and_effective_size():
    """Kish (1965, §11.7): deff = n Σw² / (Σw)² = 1 + CV²; n_eff = (Σw)² / Σw².
    Weights 1, 1, 2, 2: Σw = 6, Σw² = 10 -> deff = 40 / 36, n_eff = 3.6."""
    assert design_effect([1, 1, 2, 2]) == pytest.approx(40 / 36)
    assert effective_sample_size([1, 1, 2, 2]) == pytest.approx(3.6)
    w = np.array([1, 1, 2, 2.0])
    assert design_effect(w) == pytest.approx(1 + (w.std() / w.mean()) ** 2)
    assert design_effect(np.full(7, 3.0)) == pytest.approx(1)


@given(st.lists(st.floats(0.01, 100), min_size=1, max_size=300))
def test_effective_size_times_deff_is_n(weights):
    assert effective_sample_size(weights) * design_effect(weights) == pytest.approx(len(weights))
    assert effective_sample_size(weights) <= len(weights) * (1 + 1e-12)


# -------------------------------------------------------------- representativeness


def test_representativeness_with_r_goodness_of_fit_example():
    """R ?chisq.test: x <- c(89,37,30,28,2); p <- c(40,20,20,15,5);
    chisq.test(x, p = p, rescale.p = TRUE) -> X-squared = 9.9901, df = 4, p-value = 0.04059."""
    codes = ["a", "b", "c", "d", "e"]
    data = pd.DataFrame(
        {"g": categorical(np.repeat(codes, [89, 37, 30, 28, 2]).tolist() + [None] * 3, codes)}
    )
    table = representativeness(data, "g", dict(zip(codes, [40, 20, 20, 15, 5], strict=True)))
    t = table.set_index("option")
    assert t.loc["a", "count"] == 89
    assert t.loc["a", "percent"] == pytest.approx(89 / 186)
    assert t.loc["a", "population_percent"] == pytest.approx(0.40)
    assert t.loc["a", "difference"] == pytest.approx(89 / 186 - 0.40)
    assert t.loc["e", "expected"] == pytest.approx(186 * 0.05)
    test = table.attrs["test"]
    assert test["statistic"] == pytest.approx(9.9901, abs=5e-5)
    assert test["dof"] == 4
    assert test["p_value"] == pytest.approx(0.04059, abs=5e-6)
    assert table.attrs["nonresponse"] == 3


def test_representativeness_needs_every_category():
    data = pd.DataFrame({"g": categorical(["a", "b"], ["a", "b"])})
    with pytest.raises(SurveyError, match="absentes des chiffres"):
        representativeness(data, "g", {"a": 1})


# ------------------------------------------------------------------ bundled margins


def test_spro_margins_match_the_bilan_2024_and_the_questionnaire(spro):
    """Bilan 2024 du SPRO: 8 912 professionals (551 / 7 931 / 430); active population
    per département (Ain 333 269 … Haute-Savoie 447 247)."""
    margins = load_margins("spro-2024")
    assert margins["cercle"] == {"cercle_1": 551, "cercle_2": 7931, "cercle_3": 430}
    assert sum(margins["cercle"].values()) == 8912
    assert margins["departement"]["ain"] == 333269
    assert margins["departement"]["haute_savoie"] == 447247
    assert sum(margins["departement"].values()) == 3_919_864
    assert list(margins["departement"]) == spro.question("departement").codes
    assert list(margins["cercle"]) == spro.derived_variable("cercle").codes


def test_spro_margins_rake_a_sample(spro):
    rng = np.random.default_rng(7)
    margins = load_margins()
    data = pd.DataFrame(
        {
            "cercle": categorical(
                rng.choice(list(margins["cercle"]), 235), list(margins["cercle"])
            ),
            "departement": categorical(
                rng.choice(list(margins["departement"]), 235), list(margins["departement"])
            ),
        }
    )
    w = rake(data, margins)
    shares = data.assign(w=w).groupby("cercle", observed=True)["w"].sum() / w.sum()
    assert shares["cercle_2"] == pytest.approx(7931 / 8912, abs=1e-6)
    table = representativeness(data, "cercle", margins["cercle"], questionnaire=spro)
    assert table["label"].iloc[0].startswith("Cercle 1")


def test_load_margins_errors(tmp_path):
    with pytest.raises(SurveyError, match="introuvable"):
        load_margins(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("margins:\n  cercle: {}\n", encoding="utf-8")
    with pytest.raises(SurveyError, match="values"):
        load_margins(bad)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.1, 50), min_size=2, max_size=200), st.floats(1.0, 3.0))
def test_trimming_keeps_the_sum_and_strict_respects_the_bound(weights, factor):
    w = np.array(weights)
    upper = w.mean() * factor
    assume(w.max() > upper)
    loose = trim_weights(w, upper=upper)
    assert loose.sum() == pytest.approx(w.sum())
    strict = trim_weights(w, upper=upper, strict=True)
    assert strict.sum() == pytest.approx(w.sum())
    assert strict.max() <= upper * (1 + 1e-9)
