"""Code saturation: hand-computed new / cumulative codes and the run-length stopping rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from survey.coding.saturation import saturation, saturation_order
from survey.errors import SurveyError

# Nine interviews in the order they were conducted; code "e" never occurs.
#   E1: a b   E2: b c   E3: a   E4: -   E5: d   E6: a d   E7: b   E8: c   E9: a
PRESENCE = pd.DataFrame(
    {
        "a": [1, 0, 1, 0, 0, 1, 0, 0, 1],
        "b": [1, 1, 0, 0, 0, 0, 1, 0, 0],
        "c": [0, 1, 0, 0, 0, 0, 0, 1, 0],
        "d": [0, 0, 0, 0, 1, 1, 0, 0, 0],
        "e": [0, 0, 0, 0, 0, 0, 0, 0, 0],
    },
    index=pd.Index([f"E{i}" for i in range(1, 10)], name="interview_id"),
).astype(bool)


def test_new_and_cumulative_codes_by_hand():
    table = saturation(PRESENCE, k=3)
    assert list(table.columns) == [
        "interview",
        "order",
        "new_codes",
        "cumulative_codes",
        "new_code_list",
    ]
    assert table["interview"].tolist() == list(PRESENCE.index)
    assert table["order"].tolist() == list(range(1, 10))
    assert table["new_codes"].tolist() == [2, 1, 0, 0, 1, 0, 0, 0, 0]
    assert table["cumulative_codes"].tolist() == [2, 3, 3, 3, 4, 4, 4, 4, 4]
    assert table["new_code_list"].tolist() == [["a", "b"], ["c"], [], [], ["d"], [], [], [], []]


@pytest.mark.parametrize(
    ("k", "after", "late"),
    [
        # E6, E7, E8 bring nothing after E5.
        (3, "E5", []),
        # E3, E4 bring nothing after E2; then E5 brings "d".
        (2, "E2", ["d"]),
        (1, "E2", ["d"]),
        (4, "E5", []),
        # Only four interviews follow the last new code (E5).
        (5, None, []),
    ],
)
def test_saturation_point_by_hand(k, after, late):
    table = saturation(PRESENCE, k=k)
    assert table.attrs["saturation_after"] == after
    assert table.attrs["k"] == k
    assert table.attrs["codes_after_saturation"] == late


def test_the_index_order_is_the_interview_order():
    reverse = saturation(PRESENCE.iloc[::-1], k=3)
    # E9: a   E8: c   E7: b   E6: a d   -> every code is new by E6; E5..E2 bring nothing.
    assert reverse["new_codes"].tolist() == [1, 1, 1, 1, 0, 0, 0, 0, 0]
    assert reverse.attrs["saturation_after"] == "E6"


def test_integer_and_nullable_presence():
    as_int = saturation(PRESENCE.astype(int), k=3)
    as_nullable = saturation(PRESENCE.astype("boolean"), k=3)
    expected = saturation(PRESENCE, k=3)
    pd.testing.assert_frame_equal(as_int, expected)
    pd.testing.assert_frame_equal(as_nullable, expected)


def test_integer_interview_ids_come_back_as_plain_ints():
    presence = PRESENCE.set_axis(np.arange(101, 110), axis=0)
    after = saturation(presence, k=3).attrs["saturation_after"]
    assert after == 105
    assert type(after) is int


def test_no_interviews():
    table = saturation(PRESENCE.iloc[:0], k=3)
    assert table.empty
    assert list(table.columns)[:4] == ["interview", "order", "new_codes", "cumulative_codes"]
    assert table.attrs["saturation_after"] is None


@pytest.mark.parametrize(
    ("presence", "k", "message"),
    [
        (PRESENCE.astype(float).mask(PRESENCE.index.to_series() == "E3", axis=0), 3, "manquantes"),
        (PRESENCE.astype(int) * 2, 3, "booléennes"),
        (PRESENCE.astype(str), 3, "booléennes"),
        (pd.concat([PRESENCE, PRESENCE.iloc[:1]]), 3, "en double"),
        (PRESENCE, 0, "entier"),
        (PRESENCE, 2.5, "entier"),
        (PRESENCE, True, "entier"),
        (PRESENCE.to_numpy(), 3, "DataFrame"),
    ],
)
def test_bad_input(presence, k, message):
    with pytest.raises(SurveyError, match=message):
        saturation(presence, k=k)


def test_missing_value_in_a_boolean_column():
    presence = PRESENCE.astype("boolean")
    presence.loc["E4", "a"] = pd.NA
    with pytest.raises(SurveyError, match="E4 / a"):
        saturation(presence)


@given(
    arrays(bool, st.tuples(st.integers(0, 12), st.integers(1, 6))),
    st.integers(1, 4),
)
def test_properties(matrix, k):
    presence = pd.DataFrame(matrix, index=[f"E{i}" for i in range(len(matrix))])
    table = saturation(presence, k=k)
    # Cumulative codes: distinct codes seen in the interviews so far.
    for position in range(len(matrix)):
        seen = matrix[: position + 1].any(axis=0).sum()
        assert table["cumulative_codes"].iloc[position] == seen
    assert table["new_codes"].sum() == matrix.any(axis=0).sum()
    assert table["new_code_list"].map(len).tolist() == table["new_codes"].tolist()
    # The saturation point is the first interview followed by k interviews without news.
    new = table["new_codes"].to_numpy()
    expected = None
    for position in range(len(new) - k):
        if (new[position + 1 : position + 1 + k] == 0).all():
            expected = presence.index[position]
            break
    assert table.attrs["saturation_after"] == expected


# --------------------------------------------------------------------------- order


def test_saturation_order_sorts_by_date_and_keeps_ties():
    dates = pd.Series(
        {"E1": "2025-03-12", "E2": "27/02/2025", "E3": "2025-03-01", "E4": "2025-02-27"}
    )
    assert list(saturation_order(dates)) == ["E2", "E4", "E3", "E1"]


def test_saturation_order_with_timestamps():
    dates = pd.Series(pd.to_datetime(["2025-03-01 14:00", "2025-03-01 09:30"]), index=[7, 3])
    assert list(saturation_order(dates)) == [3, 7]
    presence = pd.DataFrame({"a": [True, False]}, index=[7, 3])
    assert saturation(presence.loc[saturation_order(dates)])["interview"].tolist() == [3, 7]


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (pd.Series({"E1": "2025-03-12", "E2": None}), "« E2 »"),
        (pd.Series({"E1": "2025-03-12", "E2": "bientôt"}), "« E2 »"),
        (pd.Series(["2025-03-12", "2025-03-13"], index=["E1", "E1"]), "en double"),
        ({"E1": "2025-03-12"}, "Series"),
    ],
)
def test_saturation_order_bad_input(dates, message):
    with pytest.raises(SurveyError, match=message):
        saturation_order(dates)
