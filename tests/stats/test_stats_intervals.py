"""Confidence intervals for a proportion, against published values."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from survey.errors import SurveyError
from survey.stats import proportion_ci

# Newcombe R.G. (1998), "Two-sided confidence intervals for the single proportion:
# comparison of seven methods", Statistics in Medicine 17:857-872, Table II:
# method 3 (Wilson score, no continuity correction) and method 5 (Clopper-Pearson
# "exact"), 95% intervals, printed to 4 decimals.
NEWCOMBE = [
    # x, n, Wilson, Clopper-Pearson
    (81, 263, (0.2553, 0.3662), (0.2527, 0.3676)),
    (15, 148, (0.0624, 0.1605), (0.0578, 0.1617)),
    (0, 20, (0.0000, 0.1611), (0.0000, 0.1684)),
    (1, 29, (0.0061, 0.1718), (0.0009, 0.1776)),
]


@pytest.mark.parametrize(("x", "n", "wilson", "exact"), NEWCOMBE)
def test_wilson_and_clopper_pearson_match_newcombe_1998(x, n, wilson, exact):
    assert proportion_ci(x, n, method="wilson") == pytest.approx(wilson, abs=5e-5)
    assert proportion_ci(x, n, method="clopper-pearson") == pytest.approx(exact, abs=5e-5)


@pytest.mark.parametrize(
    ("x", "low", "high"),
    [
        # R package RSurveillance, ?binom.agresti, "Example output" (n = 200, 95%):
        # binom.agresti(25, 200) and binom.agresti(seq(10, 100, 10), 200). The package
        # uses the Brown, Cai & DasGupta (2001) form n~ = n + z², p~ = (x + z²/2)/n~.
        (25, 0.08558957, 0.1785444),
        (10, 0.02626810, 0.09069269),
        (20, 0.06500984, 0.15006642),
        (30, 0.10670629, 0.20648544),
        (40, 0.15016868, 0.26113852),
        (50, 0.19489935, 0.31452332),
        (60, 0.24063696, 0.36690117),
        (70, 0.28722845, 0.41842514),
        (80, 0.33457989, 0.46918917),
    ],
)
def test_agresti_coull_matches_published_output(x, low, high):
    assert proportion_ci(x, 200, method="agresti-coull") == pytest.approx((low, high), abs=5e-8)


def test_agresti_coull_is_truncated_to_unit_interval():
    # Brown, Cai & DasGupta (2001) note the adjusted Wald interval can leave [0, 1]
    # for x = 0; the lower bound (raw value < 0) is truncated at 0.
    low, high = proportion_ci(0, 20, method="agresti-coull")
    assert low == 0.0
    assert 0 < high < 1


def test_empty_base_gives_nan():
    low, high = proportion_ci(0, 0)
    assert np.isnan(low) and np.isnan(high)


def test_vectorised_input_returns_arrays():
    low, high = proportion_ci(np.array([81, 15]), np.array([263, 148]))
    assert low == pytest.approx([0.2553, 0.0624], abs=5e-5)
    assert high == pytest.approx([0.3662, 0.1605], abs=5e-5)


def test_level_changes_width():
    narrow = proportion_ci(81, 263, level=0.90)
    wide = proportion_ci(81, 263, level=0.99)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "wald"}, "inconnue"),
        ({"level": 1.5}, "niveau"),
    ],
)
def test_bad_options_raise_in_french(kwargs, message):
    with pytest.raises(SurveyError, match=message):
        proportion_ci(1, 10, **kwargs)


def test_more_successes_than_trials_raises():
    with pytest.raises(SurveyError, match="succès"):
        proportion_ci(11, 10)


@given(
    n=st.integers(min_value=1, max_value=5000),
    frac=st.floats(min_value=0, max_value=1),
    method=st.sampled_from(["wilson", "clopper-pearson", "agresti-coull"]),
)
def test_interval_contains_estimate_and_stays_in_unit_interval(n, frac, method):
    x = round(frac * n)
    low, high = proportion_ci(x, n, method=method)
    assert 0 <= low <= x / n + 1e-12
    assert x / n - 1e-12 <= high <= 1


@given(
    n=st.integers(min_value=1, max_value=2000),
    frac=st.floats(min_value=0, max_value=1),
    method=st.sampled_from(["wilson", "clopper-pearson", "agresti-coull"]),
)
def test_secondary_cross_check_with_statsmodels(n, frac, method):
    # statsmodels is a secondary check only; the published values above are the reference.
    x = round(frac * n)
    name = {"wilson": "wilson", "clopper-pearson": "beta", "agresti-coull": "agresti_coull"}
    expected = proportion_confint(x, n, method=name[method])
    assert proportion_ci(x, n, method=method) == pytest.approx(expected, abs=1e-9)
