"""Agreement coefficients against published values, with statsmodels as a secondary check.

Published references (the expected numbers below are printed in these sources, never
produced by the functions under test):

- Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School
  for Communication, https://repository.upenn.edu/asc_papers/43 — worked example of
  section C: 4 observers x 12 units with missing values; alpha = 0.743 (nominal),
  0.815 (ordinal), 0.849 (interval), 0.797 (ratio).
- Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
  Psychological Bulletin, 76(5), 378-382 — Table 1, 30 patients x 6 psychiatrists x 5
  diagnoses, kappa = 0.430 (the same data ship as ``diagnoses`` in R package irr).
- Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories,
  kappa = 0.210.
- Wikipedia, "Cohen's kappa", worked examples: 20/5/10/15 -> 0.4; 45/15/25/15 ->
  0.1304; 25/35/5/35 -> 0.2593.
- StataCorp, Stata Base Reference Manual, [R] kappa, example 1: two radiologists rate
  85 xeromammograms (Boyd et al., 1982, JNCI 68:357-363) in 4 categories; agreement
  63.53 %, expected 30.82 %, kappa = 0.4728; with ``wgt(w)`` (linear weights)
  agreement 86.67 %, expected 69.11 %, kappa = 0.5684. Quadratic weights have no
  printed reference here: they are checked by the concordance-correlation identity
  and against statsmodels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from statsmodels.stats import inter_rater

from survey.coding.reliability import (
    agreement_by_code,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
)
from survey.errors import SurveyError

NAN = np.nan

# Krippendorff (2011), section C: rows = observers A-D, columns = units 1-12.
# Unit 12 has a single value (observer B) and cannot be paired.
KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
)

# Fleiss (1971), Table 1, as the six diagnoses given to each patient
# (1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other);
# same rows as R irr::diagnoses.
FLEISS_1971_RATINGS = np.array(
    [
        [4, 4, 4, 4, 4, 4],
        [2, 2, 2, 5, 5, 5],
        [2, 3, 3, 3, 3, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4],
        [1, 1, 3, 3, 3, 3],
        [3, 3, 3, 3, 5, 5],
        [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4],
        [5, 5, 5, 5, 5, 5],
        [1, 4, 4, 4, 4, 4],
        [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3],
        [1, 4, 4, 4, 4, 4],
        [2, 2, 4, 4, 4, 5],
        [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5],
        [1, 1, 1, 1, 1, 2],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 4, 4, 4, 4, 4],
        [2, 2, 4, 5, 5, 5],
        [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5],
        [2, 2, 2, 2, 2, 4],
        [1, 1, 1, 1, 5, 5],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3],
        [5, 5, 5, 5, 5, 5],
    ]
)

# Wikipedia "Fleiss' kappa": 10 subjects x 5 categories, 14 raters each.
WIKIPEDIA_FLEISS = np.array(
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
)

# Stata [R] kappa, example 1: rows = radiologist A, columns = radiologist B;
# categories 1 normal, 2 benign disease, 3 suspected cancer, 4 cancer.
STATA_RADIOLOGISTS = np.array(
    [
        [21, 12, 0, 0],
        [4, 17, 1, 0],
        [3, 9, 15, 2],
        [0, 0, 0, 1],
    ]
)


def counts_of(ratings: np.ndarray, categories) -> np.ndarray:
    """Subjects x categories counts from a subjects x raters array of labels."""
    return np.array([[int((row == c).sum()) for c in categories] for row in ratings])


def pairs_of(table: np.ndarray, labels=None) -> tuple[list, list]:
    """Expand a two-coder contingency table (rows = coder A) into two label lists."""
    labels = list(range(1, table.shape[0] + 1)) if labels is None else labels
    a, b = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [labels[i]] * int(count)
            b += [labels[j]] * int(count)
    return a, b


# --------------------------------------------------------------------------- Krippendorff


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_worked_example(level, published):
    assert krippendorff_alpha(KRIPPENDORFF_2011, level=level) == pytest.approx(published, abs=5e-4)


def test_krippendorff_accepts_a_dataframe_with_labels_and_none():
    labels = {1: "un", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq"}
    frame = pd.DataFrame(KRIPPENDORFF_2011).map(lambda v: None if np.isnan(v) else labels[v])
    assert krippendorff_alpha(frame) == pytest.approx(0.743, abs=5e-4)


def test_krippendorff_unpairable_unit_does_not_count():
    without_unit_12 = KRIPPENDORFF_2011[:, :11]
    for level in ("nominal", "ordinal", "interval", "ratio"):
        assert krippendorff_alpha(without_unit_12, level=level) == pytest.approx(
            krippendorff_alpha(KRIPPENDORFF_2011, level=level)
        )


def test_krippendorff_single_value_is_undefined():
    assert np.isnan(krippendorff_alpha([[1, 1, NAN], [1, 1, 1]]))


@pytest.mark.parametrize(
    ("data", "level", "message"),
    [
        ([[1, NAN], [NAN, 2]], "nominal", "au moins deux codeurs"),
        ([["a", "b"], ["a", "a"]], "interval", "des nombres"),
        ([[-1, 2], [1, 2]], "ratio", "positives"),
        ([[1, 2], [1, 2]], "nominale", "inconnu"),
        ([1, 2, 3], "nominal", "deux dimensions"),
    ],
)
def test_krippendorff_rejects_bad_input(data, level, message):
    with pytest.raises(SurveyError, match=message):
        krippendorff_alpha(data, level=level)


# --------------------------------------------------------------------------- Fleiss


def test_fleiss_1971_psychiatric_diagnoses():
    table = counts_of(FLEISS_1971_RATINGS, [1, 2, 3, 4, 5])
    assert table.shape == (30, 5)
    assert (table.sum(axis=1) == 6).all()
    assert fleiss_kappa(table) == pytest.approx(0.430, abs=5e-4)


def test_fleiss_wikipedia_example():
    assert fleiss_kappa(WIKIPEDIA_FLEISS) == pytest.approx(0.210, abs=5e-4)
    frame = pd.DataFrame(WIKIPEDIA_FLEISS, columns=list("ABCDE"))
    assert fleiss_kappa(frame) == pytest.approx(0.210, abs=5e-4)


def test_fleiss_matches_statsmodels():
    """Secondary check: statsmodels.stats.inter_rater.fleiss_kappa."""
    table = counts_of(FLEISS_1971_RATINGS, [1, 2, 3, 4, 5])
    assert fleiss_kappa(table) == pytest.approx(inter_rater.fleiss_kappa(table))


def test_fleiss_single_category_is_undefined():
    assert np.isnan(fleiss_kappa([[3, 0], [3, 0]]))


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ([[2, 1], [1, 1]], "même nombre de codeurs"),
        ([[1, 0], [0, 1]], "au moins deux codeurs"),
        ([[2, -1], [1, 0]], "entier positif"),
        ([[1.5, 0.5], [1, 1]], "entier positif"),
        ([[1, NAN], [1, 1]], "manquantes"),
        ([1, 2, 3], "deux dimensions"),
        ([["a", "b"]], "numériques"),
    ],
)
def test_fleiss_rejects_bad_tables(table, message):
    with pytest.raises(SurveyError, match=message):
        fleiss_kappa(table)


# --------------------------------------------------------------------------- Cohen


@pytest.mark.parametrize(
    ("table", "published"),
    [
        ([[20, 5], [10, 15]], 0.4),
        ([[45, 15], [25, 15]], 0.1304),
        ([[25, 35], [5, 35]], 0.2593),
    ],
)
def test_cohen_wikipedia_examples(table, published):
    a, b = pairs_of(np.array(table), labels=["oui", "non"])
    assert cohen_kappa(a, b) == pytest.approx(published, abs=5e-5)


@pytest.mark.parametrize(("weights", "published"), [(None, 0.4728), ("linear", 0.5684)])
def test_cohen_stata_radiologists(weights, published):
    a, b = pairs_of(STATA_RADIOLOGISTS)
    assert cohen_kappa(a, b, weights=weights) == pytest.approx(published, abs=5e-5)


def test_cohen_weights_follow_the_order_of_labels():
    a, b = pairs_of(STATA_RADIOLOGISTS, labels=["normal", "bénin", "suspect", "cancer"])
    order = ["normal", "bénin", "suspect", "cancer"]
    assert cohen_kappa(a, b, labels=order, weights="linear") == pytest.approx(0.5684, abs=5e-5)
    # Alphabetical order scrambles the scale: a different (wrong) weighted kappa.
    assert cohen_kappa(a, b, weights="linear") != pytest.approx(0.5684, abs=5e-5)
    # Unweighted kappa does not depend on the order.
    assert cohen_kappa(a, b) == pytest.approx(0.4728, abs=5e-5)


def test_cohen_drops_incomplete_pairs():
    a = ["x", "y", None, "x", NAN, "y"]
    b = ["x", "x", "y", pd.NA, "x", "y"]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa(["x", "y", "y"], ["x", "x", "y"]))


def test_cohen_ignores_series_index():
    a = pd.Series(["x", "y", "y"], index=[3, 2, 1])
    b = pd.Series(["x", "x", "y"], index=[1, 2, 3])
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa(list(a), list(b)))


def test_cohen_undefined_when_one_category_only():
    assert np.isnan(cohen_kappa(["x", "x"], ["x", "x"]))


@pytest.mark.parametrize(
    ("a", "b", "kwargs", "message"),
    [
        (["x", "y"], ["x"], {}, "même nombre"),
        ([None, "x"], ["x", None], {}, "aucune unité"),
        (["x", "z"], ["x", "y"], {"labels": ["x", "y"]}, "« z »"),
        (["x", "y"], ["x", "y"], {"weights": "cubic"}, "inconnue"),
        ([1, "a"], [1, "a"], {"weights": "linear"}, "triées"),
        (["x", "y"], ["x", "y"], {"labels": ["x", "x", "y"]}, "doublon"),
        ("xy", "xy", {}, "chaîne"),
    ],
)
def test_cohen_rejects_bad_input(a, b, kwargs, message):
    with pytest.raises(SurveyError, match=message):
        cohen_kappa(a, b, **kwargs)


# --------------------------------------------------------------------------- properties

labels_pairs = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=2, max_size=40)


@given(st.lists(st.integers(0, 4), min_size=2, max_size=40))
def test_perfect_agreement_gives_one(values):
    assume(len(set(values)) >= 2)
    assert cohen_kappa(values, values) == pytest.approx(1.0)
    assert cohen_kappa(values, values, weights="quadratic") == pytest.approx(1.0)
    for level in ("nominal", "ordinal", "interval", "ratio"):
        assert krippendorff_alpha([values, values, values], level=level) == pytest.approx(1.0)
    table = counts_of(np.array([[v, v, v] for v in values]), range(5))
    assert fleiss_kappa(table) == pytest.approx(1.0)


@given(labels_pairs)
def test_coefficients_are_symmetric_in_the_coders(pairs):
    a, b = (list(x) for x in zip(*pairs, strict=True))
    assume(len(set(a) | set(b)) >= 2)
    for weights in (None, "linear", "quadratic"):
        assert cohen_kappa(a, b, weights=weights) == pytest.approx(
            cohen_kappa(b, a, weights=weights), nan_ok=True
        )
    for level in ("nominal", "ordinal", "interval"):
        assert krippendorff_alpha([a, b], level=level) == pytest.approx(
            krippendorff_alpha([b, a], level=level), nan_ok=True
        )


@given(labels_pairs, st.permutations(["rouge", "vert", "bleu", "noir", "blanc"]))
def test_nominal_coefficients_ignore_category_names(pairs, names):
    a, b = (list(x) for x in zip(*pairs, strict=True))
    assume(len(set(a) | set(b)) >= 2)
    renamed_a = [names[v] for v in a]
    renamed_b = [names[v] for v in b]
    assert cohen_kappa(renamed_a, renamed_b) == pytest.approx(cohen_kappa(a, b), nan_ok=True)
    assert krippendorff_alpha([renamed_a, renamed_b]) == pytest.approx(
        krippendorff_alpha([a, b]), nan_ok=True
    )
    table = counts_of(np.array([a, b]).T, range(5))
    permuted = counts_of(np.array([renamed_a, renamed_b]).T, names)
    assert fleiss_kappa(permuted) == pytest.approx(fleiss_kappa(table), nan_ok=True)


@given(labels_pairs)
def test_quadratic_kappa_is_the_concordance_correlation(pairs):
    """Identity: with (i - j)**2 weights, 1 - mean((x - y)**2) / E_indep[(x - y)**2]
    = 2 s_xy / (s_x**2 + s_y**2 + (mean_x - mean_y)**2), moments with 1/n (Lin's CCC)."""
    x, y = (np.array(v, dtype=float) for v in zip(*pairs, strict=True))
    denominator = x.var() + y.var() + (x.mean() - y.mean()) ** 2
    assume(denominator > 0)
    ccc = 2 * ((x - x.mean()) * (y - y.mean())).mean() / denominator
    labels = list(range(int(min(x.min(), y.min())), int(max(x.max(), y.max())) + 1))
    assert cohen_kappa(x, y, labels=labels, weights="quadratic") == pytest.approx(ccc)


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=2, max_size=40))
def test_two_categories_weights_change_nothing(pairs):
    a, b = (list(x) for x in zip(*pairs, strict=True))
    plain = cohen_kappa(a, b)
    assert cohen_kappa(a, b, weights="linear") == pytest.approx(plain, nan_ok=True)
    assert cohen_kappa(a, b, weights="quadratic") == pytest.approx(plain, nan_ok=True)


@given(labels_pairs)
def test_alpha_and_fleiss_for_two_coders(pairs):
    """Two coders, nominal, no missing value: Fleiss' kappa is Scott's pi, and alpha
    differs from it only by its expected disagreement drawn without replacement:
    D_e(alpha) = D_e(pi) n / (n - 1), so 1 - alpha = (1 - pi) (n - 1) / n with n = 2N
    pairable values (Krippendorff 2011, small-sample correction)."""
    a, b = (list(x) for x in zip(*pairs, strict=True))
    assume(len(set(a) | set(b)) >= 2)
    pi = fleiss_kappa(counts_of(np.array([a, b]).T, range(5)))
    n = 2 * len(a)
    assert krippendorff_alpha([a, b]) == pytest.approx(1 - (1 - pi) * (n - 1) / n)


@given(labels_pairs)
def test_cohen_matches_statsmodels(pairs):
    """Secondary check: statsmodels.stats.inter_rater.cohens_kappa on the same table."""
    a, b = (list(x) for x in zip(*pairs, strict=True))
    table = np.zeros((5, 5))
    for i, j in pairs:
        table[i, j] += 1
    margins_a, margins_b = table.sum(axis=1), table.sum(axis=0)
    assume((margins_a @ margins_b) < len(pairs) ** 2)  # chance agreement below 1
    labels = list(range(5))
    with np.errstate(all="ignore"):
        plain = inter_rater.cohens_kappa(table, return_results=False)
        linear = inter_rater.cohens_kappa(table, wt="linear", return_results=False)
        quadratic = inter_rater.cohens_kappa(table, wt="quadratic", return_results=False)
    assert cohen_kappa(a, b, labels=labels) == pytest.approx(plain)
    assert cohen_kappa(a, b, labels=labels, weights="linear") == pytest.approx(linear)
    assert cohen_kappa(a, b, labels=labels, weights="quadratic") == pytest.approx(quadratic)


@given(
    st.lists(st.lists(st.integers(0, 3), min_size=4, max_size=4), min_size=2, max_size=15),
    st.randoms(use_true_random=False),
)
def test_fleiss_ignores_order_of_subjects_and_categories(table, rnd):
    table = np.array(table)
    table[:, 0] += 6 - table.sum(axis=1).clip(max=6)
    table = table[table.sum(axis=1) == 6]
    assume(len(table) >= 1)
    rows = list(range(len(table)))
    cols = list(range(4))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    assert fleiss_kappa(table[rows][:, cols]) == pytest.approx(fleiss_kappa(table), nan_ok=True)


# --------------------------------------------------------------------------- per code

UNITS = ["u1", "u2", "u3", "u4", "u5"]
CODER_A = pd.DataFrame({"unit": ["u1", "u1", "u2", "u3", "u4"], "code": ["x", "y", "x", "x", "y"]})
CODER_B = pd.DataFrame(
    {"unit": ["u1", "u2", "u2", "u4", "u5", "u5"], "code": ["x", "x", "y", "y", "x", "x"]}
)


def test_agreement_by_code_hand_computed():
    """By hand. x: A {u1,u2,u3}, B {u1,u2,u5}: po = .6, pe = .6*.6 + .4*.4 = .52,
    kappa = .08/.48 = 1/6; alpha: 10 values (6 yes), D_o = 4/10, D_e = (100-36-16)/90,
    alpha = .25. y: A {u1,u4}, B {u2,u4}: same margins, kappa 1/6, alpha .25.
    z: used by nobody: agreement 1, kappa and alpha undefined.
    Pooled (15 decisions): 3 both, 2 + 2 single, 8 neither; po = 11/15, pe = 5/9,
    kappa = .4; alpha: n = 30 (10 yes), D_o = 8/30, D_e = 400/870, alpha = .42."""
    table = agreement_by_code(CODER_A, CODER_B, units=UNITS, codes=["x", "y", "z"])
    assert list(table.columns) == [
        "code",
        "units",
        "both",
        "only_a",
        "only_b",
        "neither",
        "percent_agreement",
        "cohen_kappa",
        "krippendorff_alpha",
    ]
    assert list(table["code"]) == ["x", "y", "z", "_overall"]
    assert table[["units", "both", "only_a", "only_b", "neither"]].to_numpy().tolist() == [
        [5, 2, 1, 1, 1],
        [5, 1, 1, 1, 2],
        [5, 0, 0, 0, 5],
        [15, 3, 2, 2, 8],
    ]
    np.testing.assert_allclose(table["percent_agreement"], [0.6, 0.6, 1.0, 11 / 15])
    np.testing.assert_allclose(table["cohen_kappa"], [1 / 6, 1 / 6, NAN, 0.4])
    np.testing.assert_allclose(table["krippendorff_alpha"], [0.25, 0.25, NAN, 0.42])


def test_agreement_by_code_perfect():
    table = agreement_by_code(CODER_A, CODER_A, units=UNITS, codes=["x", "y"])
    np.testing.assert_allclose(table["percent_agreement"], 1.0)
    np.testing.assert_allclose(table["cohen_kappa"], 1.0)
    np.testing.assert_allclose(table["krippendorff_alpha"], 1.0)


def test_agreement_by_code_counts_add_up():
    table = agreement_by_code(CODER_A, CODER_B, units=[*UNITS, "u6"], codes=["y", "x"])
    assert list(table["code"]) == ["y", "x", "_overall"]
    counted = table[["both", "only_a", "only_b", "neither"]].sum(axis=1)
    assert (counted == table["units"]).all()
    assert table["units"].tolist() == [6, 6, 12]


def test_agreement_by_code_works_with_integer_units():
    a = pd.DataFrame({"unit": [1, 2], "code": ["x", "x"], "evidence": ["...", "..."]})
    b = pd.DataFrame({"unit": [1], "code": ["x"]})
    table = agreement_by_code(a, b, units=[1, 2, 3], codes=["x"])
    assert table.loc[0, ["both", "only_a", "only_b", "neither"]].tolist() == [1, 1, 0, 1]


@pytest.mark.parametrize(
    ("a", "units", "codes", "message"),
    [
        (CODER_A, ["u1", "u2"], ["x", "y"], "« u3 »"),
        (CODER_A, UNITS, ["x"], "« y »"),
        (CODER_A.rename(columns={"unit": "segment"}), UNITS, ["x", "y"], "« unit »"),
        (CODER_A.assign(code=["x", None, "x", "x", "y"]), UNITS, ["x", "y"], "manquant"),
        (CODER_A, [*UNITS, "u1"], ["x", "y"], "doublons"),
        (CODER_A, [], ["x", "y"], "vide"),
        (CODER_A, UNITS, "xy", "chaîne"),
        ([("u1", "x")], UNITS, ["x", "y"], "DataFrame"),
    ],
)
def test_agreement_by_code_rejects_bad_input(a, units, codes, message):
    with pytest.raises(SurveyError, match=message):
        agreement_by_code(a, CODER_B.iloc[:0], units=units, codes=codes)
