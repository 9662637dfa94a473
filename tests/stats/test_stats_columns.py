"""The public surface: ``__all__`` and the one vocabulary of output columns."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pandas as pd
import pytest
from stats_helpers import expand_table

import survey.stats
import survey.weights
from survey.errors import SmallBaseWarning
from survey.stats import OUTPUT_COLUMNS
from survey.stats._columns import NONRESPONSE_CODE, TOTAL_CODE


def test_public_names_are_exactly_all():
    public = {
        name
        for name, value in vars(survey.stats).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public == set(survey.stats.__all__)
    assert sorted(survey.weights.__all__) == [
        "design_effect",
        "effective_sample_size",
        "load_margins",
        "poststratify",
        "rake",
        "representativeness",
        "trim_weights",
    ]


def test_vocabulary_is_snake_case():
    for name in OUTPUT_COLUMNS:
        assert name == name.lower() and " " not in name and not name.startswith("_")
    assert TOTAL_CODE.startswith("_") and NONRESPONSE_CODE.startswith("_")


def _every_public_table(ten, spro) -> list[pd.DataFrame]:
    ten["w"] = np.linspace(0.5, 2, len(ten))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallBaseWarning)
        tables = [
            survey.stats.frequencies(ten, "membre", questionnaire=spro, weight="w"),
            survey.stats.frequencies(ten, "collaboration"),
            survey.stats.crosstab(ten, "membre", "cercle", questionnaire=spro),
            survey.stats.crosstab(ten, "collaboration", "cercle", weight="w"),
            survey.stats.chi2_test(ten, "collaboration", "cercle"),
            survey.stats.chi2_test(ten, "membre", "cercle", weight="w"),
            survey.stats.chi2_table(np.array([[762, 327, 468], [484, 239, 477]])),
            survey.stats.goodness_of_fit(np.array([20, 15, 25]), np.array([1, 1, 1])),
            *survey.stats.column_letters(ten, "collaboration", "cercle", min_base=1),
            survey.stats.suppress_small_cells(
                survey.stats.frequencies(ten, "kit", questionnaire=spro)
            ),
            survey.weights.representativeness(
                ten, "cercle", {"cercle_1": 551, "cercle_2": 7931, "cercle_3": 430}
            ),
        ]
    return tables


def test_every_public_function_returns_only_vocabulary_columns(ten, spro):
    for table in _every_public_table(ten, spro):
        unknown = set(table.columns) - OUTPUT_COLUMNS
        assert not unknown, f"{table.attrs.get('params', {}).get('function')}: {unknown}"
        assert "params" in table.attrs


def test_weights_series_is_named_from_the_vocabulary(ten):
    w = survey.weights.rake(ten, {"cercle": {"cercle_1": 1, "cercle_2": 2, "cercle_3": 1}})
    assert w.name in OUTPUT_COLUMNS


def test_numbers_are_raw_floats_never_strings():
    responses = expand_table([[762, 327, 468], [484, 239, 477]], ["F", "M"], ["d", "i", "r"])
    table = survey.stats.crosstab(responses, "x", "y")
    numeric = table.select_dtypes(include="number")
    assert {"count", "col_percent", "row_percent", "adjusted_residual"} <= set(numeric.columns)
    assert table["col_percent"].between(0, 1).all()


@pytest.mark.parametrize("name", [*survey.stats.__all__, *survey.weights.__all__])
def test_every_public_function_documents_what_it_returns(name):
    obj = getattr(survey.stats, name, None) or getattr(survey.weights, name)
    if inspect.isfunction(obj):
        assert "Returns\n    -------" in obj.__doc__ or ">>>" in obj.__doc__
