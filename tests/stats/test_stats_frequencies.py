"""Frequency tables on the real questionnaire, with counts computed by hand."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stats_helpers import categorical
from statsmodels.stats.proportion import proportion_confint

from survey.errors import SmallBaseWarning, SurveyError
from survey.stats import frequencies, proportion_ci


def _by_option(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("option")


def test_single_choice_counts_percents_and_nonresponse(ten, spro):
    """collaboration: aucune = respondents 1, 8; quelques = 2, 3, 6, 9; regulieres = 4, 7;
    no answer = 5, 10. Base 8 -> 2/8, 4/8, 2/8; non-response 2/10."""
    with pytest.warns(SmallBaseWarning, match="collaboration"):
        table = frequencies(ten, "collaboration", questionnaire=spro)
    t = _by_option(table)
    assert list(table["kind"]) == ["option", "option", "option", "nonresponse"]
    assert list(t["count"]) == [2, 4, 2, 2]
    assert list(t["base"]) == [8, 8, 8, 10]
    assert list(t["percent"]) == pytest.approx([0.25, 0.5, 0.25, 0.2])
    assert list(t["percent_responses"][:3]) == pytest.approx([0.25, 0.5, 0.25])
    assert np.isnan(t.loc["_nonresponse", "percent_responses"])
    assert t.loc["aucune", "label"] == "Aucune collaboration"
    assert (t["deff"] == 1).all()
    assert t["small_base"].all()  # 8 and 10 are under 30
    assert table.attrs["params"]["small_base"] == 30


def test_nets_come_from_the_questionnaire(ten, spro):
    """niveau_connaissance: suffisante = 3, 4, 7, 10; tres_bonne = 5, 9; base 9 (8 missing);
    net « suffisante ou très bonne » = 6 / 9."""
    with pytest.warns(SmallBaseWarning):
        t = _by_option(frequencies(ten, "niveau_connaissance", questionnaire=spro))
    assert t.loc["net_suffisante_ou_plus", "kind"] == "net"
    assert t.loc["net_suffisante_ou_plus", "count"] == 6
    assert t.loc["net_suffisante_ou_plus", "percent"] == pytest.approx(6 / 9)
    assert t.loc["net_suffisante_ou_plus", "label"] == "Connaissance suffisante ou très bonne"
    assert t.loc["suffisante", "count"] == 4
    assert t.loc["_nonresponse", "count"] == 1


def test_multiple_choice_base_is_respondents_who_ticked(ten, spro):
    """membre: ticked by 8 respondents (5 and 9 ticked nothing); pas_du_tout = 1, 7;
    moyennement = 2, 3, 6, 7, 10; tout_a_fait = 3, 4, 8; 10 ticks in all.
    Net « moyennement ou pas du tout » = 1, 2, 3, 6, 7, 10 -> 6 / 8, ticks 7 / 10."""
    with pytest.warns(SmallBaseWarning):
        t = _by_option(frequencies(ten, "membre", questionnaire=spro))
    options = t.loc[["pas_du_tout", "moyennement", "tout_a_fait"]]
    assert list(options["count"]) == [2, 5, 3]
    assert (options["base"] == 8).all()
    assert list(options["percent"]) == pytest.approx([2 / 8, 5 / 8, 3 / 8])
    assert list(options["percent_responses"]) == pytest.approx([0.2, 0.5, 0.3])
    assert t.loc["net_moyennement_ou_pas", "count"] == 6
    assert t.loc["net_moyennement_ou_pas", "percent"] == pytest.approx(0.75)
    assert t.loc["net_moyennement_ou_pas", "percent_responses"] == pytest.approx(0.7)
    assert t.loc["_nonresponse", "count"] == 2
    assert t.loc["_nonresponse", "percent"] == pytest.approx(0.2)


def test_intervals_are_wilson_on_the_base(ten, spro):
    with pytest.warns(SmallBaseWarning):
        t = _by_option(frequencies(ten, "collaboration", questionnaire=spro))
    # Secondary cross-check with statsmodels for 4 / 8.
    low, high = proportion_confint(4, 8, method="wilson")
    assert (t.loc["quelques", "ci_low"], t.loc["quelques", "ci_high"]) == pytest.approx((low, high))


def test_derived_and_yesno_variables(ten, spro):
    with pytest.warns(SmallBaseWarning):
        cercle = _by_option(frequencies(ten, "cercle", questionnaire=spro))
    assert list(cercle["count"][:3]) == [3, 4, 3]
    assert cercle.loc["cercle_1", "label"].startswith("Cercle 1")
    with pytest.warns(SmallBaseWarning):
        kit = _by_option(frequencies(ten, "kit", questionnaire=spro))
    assert kit.loc["oui", "count"] == 7 and kit.loc["non", "count"] == 2
    assert kit.loc["oui", "label"] == "Oui"


def test_weighted_counts_use_kish_effective_base(ten, spro):
    """Weights 1 for respondents 1-5 and 2 for 6-10. collaboration answered by
    1, 2, 3, 4 (w = 1) and 6, 7, 8, 9 (w = 2): base 12; aucune = 1 + 2 = 3,
    quelques = 1 + 1 + 2 + 2 = 6, regulieres = 1 + 2 = 3. Σw² = 4 + 16 = 20, so the
    effective base is 12² / 20 = 7.2 and deff = 8 / 7.2 (Kish 1965)."""
    ten["w"] = [1.0] * 5 + [2.0] * 5
    with pytest.warns(SmallBaseWarning):
        t = _by_option(frequencies(ten, "collaboration", questionnaire=spro, weight="w"))
    assert list(t["count"][:3]) == [3, 6, 3]
    assert t.loc["aucune", "base"] == 12
    assert t.loc["aucune", "unweighted_count"] == 2
    assert t.loc["aucune", "unweighted_base"] == 8
    assert t.loc["aucune", "effective_base"] == pytest.approx(7.2)
    assert t.loc["aucune", "deff"] == pytest.approx(8 / 7.2)
    # Interval on the effective base: x = 0.25 × 7.2 = 1.8 of n = 7.2.
    assert (t.loc["aucune", "ci_low"], t.loc["aucune", "ci_high"]) == pytest.approx(
        proportion_ci(1.8, 7.2)
    )
    # Non-response: respondents 5 (w = 1) and 10 (w = 2) of a total weight of 15.
    assert t.loc["_nonresponse", "count"] == 3
    assert t.loc["_nonresponse", "percent"] == pytest.approx(0.2)
    assert t.loc["_nonresponse", "effective_base"] == pytest.approx(15**2 / 25)


def test_weight_series_and_array_are_accepted(ten):
    w = pd.Series(2.0, index=ten.index, name="poids")
    with pytest.warns(SmallBaseWarning):
        by_series = frequencies(ten, "collaboration", weight=w)
    with pytest.warns(SmallBaseWarning):
        by_array = frequencies(ten, "collaboration", weight=np.full(10, 2.0))
    assert list(by_series["percent"]) == pytest.approx(list(by_array["percent"]))
    assert by_series.attrs["params"]["weight"] == "poids"


def test_without_questionnaire_options_come_from_the_data(ten):
    with pytest.warns(SmallBaseWarning):
        single = frequencies(ten, "collaboration")
    assert list(single["option"]) == ["aucune", "quelques", "regulieres", "_nonresponse"]
    assert list(single["label"][:3]) == ["aucune", "quelques", "regulieres"]
    with pytest.warns(SmallBaseWarning):
        multiple = frequencies(ten, "membre")
    assert list(multiple["option"]) == [
        "pas_du_tout", "moyennement", "tout_a_fait", "_nonresponse",
    ]  # fmt: skip
    assert list(multiple["count"]) == [2, 5, 3, 2]


def test_plain_object_column_without_questionnaire():
    responses = pd.DataFrame({"q": ["b", "a", None, "b"] * 10})
    t = _by_option(frequencies(responses, "q"))
    assert list(t.index) == ["a", "b", "_nonresponse"]
    assert list(t["count"]) == [10, 20, 10]


def test_no_warning_when_bases_are_large(spro):
    responses = pd.DataFrame(
        {
            "collaboration": categorical(
                ["aucune", "quelques"] * 20, ["aucune", "quelques", "regulieres"]
            )
        }
    )
    table = frequencies(responses, "collaboration", questionnaire=spro)
    assert not table["small_base"].any()
    assert table.set_index("option").loc["regulieres", "count"] == 0


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("inconnue", "absente des réponses"),
        ("remarques", "type « text »"),
    ],
)
def test_errors_are_french_and_name_the_variable(ten, spro, question, message):
    if question == "remarques":
        ten["remarques"] = "texte"
    with pytest.raises(SurveyError, match=message):
        frequencies(ten, question, questionnaire=spro)


def test_value_outside_the_options_raises(spro):
    responses = pd.DataFrame({"collaboration": ["aucune", "parfois"]})
    with pytest.raises(SurveyError, match="parfois"):
        frequencies(responses, "collaboration", questionnaire=spro)


def test_missing_multiple_choice_column_raises(ten, spro):
    with pytest.raises(SurveyError, match="membre__tout_a_fait"):
        frequencies(ten.drop(columns="membre__tout_a_fait"), "membre", questionnaire=spro)


def test_bad_weights_raise(ten):
    ten["w"] = [1.0] * 9 + [np.nan]
    with pytest.raises(SurveyError, match="manquante"):
        frequencies(ten, "collaboration", weight="w")
    ten["w"] = [1.0] * 9 + [-1.0]
    with pytest.raises(SurveyError, match="négatifs"):
        frequencies(ten, "collaboration", weight="w")
    with pytest.raises(SurveyError, match="absente"):
        frequencies(ten, "collaboration", weight="poids")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["aucune", "quelques", "regulieres", None]), min_size=1, max_size=80),
    st.lists(st.floats(0.1, 5), min_size=80, max_size=80),
)
def test_percentages_sum_to_one_and_counts_add_up(values, weights):
    responses = pd.DataFrame(
        {
            "collaboration": categorical(values, ["aucune", "quelques", "regulieres"]),
            "w": weights[: len(values)],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallBaseWarning)  # bases vary with the draw
        table = frequencies(responses, "collaboration", weight="w")
    options = table[table["kind"] == "option"]
    nonresponse = table[table["kind"] == "nonresponse"].iloc[0]
    assert options["count"].sum() + nonresponse["count"] == pytest.approx(responses["w"].sum())
    if options["base"].iloc[0] > 0:
        assert options["percent"].sum() == pytest.approx(1)
        assert (options["ci_low"] <= options["percent"] + 1e-12).all()
        assert (options["percent"] <= options["ci_high"] + 1e-12).all()
