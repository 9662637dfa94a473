"""The tests of a two-wave comparison against R reference values, and the correction.

References (R outputs, cited where they were published):

- two proportions: ``prop.test(c(16, 5), c(111, 88), correct = FALSE)$p.value`` =
  0.04643965 (stats.stackexchange q. 539100; also in tests/stats);
- homogeneity: R ``?chisq.test``, "From Agresti (2007) p. 39": ``M <- as.table(rbind(c(762,
  327, 468), c(484, 239, 477)))``; ``chisq.test(M)``: X-squared = 30.07, df = 2, p-value =
  2.954e-07 (party identification of women and men: two distributions compared);
- Fisher: R ``?fisher.test``, "Fisher's Tea Drinker": ``fisher.test(matrix(c(3, 1, 1, 3),
  nrow = 2))``: p-value = 0.4857 (two-sided);
- corrections: R ``multtest::mt.rawp2adjp`` on ten p-values, Holm and BH columns, stored as
  ``res_multtest1`` in statsmodels' ``statsmodels/stats/tests/test_multi.py`` (``p.adjust``
  gives the same values for "holm" and "BH").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survey.compare import compare_questions, correct_p_values
from survey.errors import SurveyError
from survey.questionnaire import Questionnaire
from survey.versions import QuestionLink, QuestionnaireMapping


def questionnaire(qid: str, questions: list[dict]) -> Questionnaire:
    for q in questions:
        q.setdefault("section", "connaissance")
        if "options" in q and q["options"] and isinstance(q["options"][0], str):
            q["options"] = [{"code": c, "label": c.capitalize()} for c in q["options"]]
    return Questionnaire.model_validate({"id": qid, "title": qid, "questions": questions})


def single(counts: dict[str, int], column: str = "q", categories=None) -> pd.DataFrame:
    values = [code for code, n in counts.items() for _ in range(n)]
    cats = categories or list(counts)
    return pd.DataFrame({column: pd.Categorical(values, categories=cats, ordered=True)})


YESNO = [{"id": "q", "type": "yesno", "label": "Question ?"}]


# ------------------------------------------------------------------------ two proportions


def test_category_test_is_prop_test_without_continuity_correction():
    qa, qb = (
        questionnaire("v1", [dict(q) for q in YESNO]),
        questionnaire("v1", [dict(q) for q in YESNO]),
    )
    a = single({"oui": 16, "non": 95})
    b = single({"oui": 5, "non": 83})
    table = compare_questions(a, b, questionnaire_a=qa, questionnaire_b=qb, correction="none")
    oui = table.set_index("category").loc["oui"]
    assert oui["test"] == "z"
    assert oui["p_value"] == pytest.approx(0.04643965, abs=5e-9)
    assert (oui["count_a"], oui["base_a"], oui["count_b"], oui["base_b"]) == (16, 111, 5, 88)
    assert oui["difference"] == pytest.approx(5 / 88 - 16 / 111)
    assert oui["statistic"] < 0  # signed as the difference (fewer "oui" in wave b)
    # a two-category question is one test, counted once
    non = table.set_index("category").loc["non"]
    assert non["p_value"] == pytest.approx(oui["p_value"])
    assert table.attrs["params"]["tests"] == 1
    assert not (table["kind"] == "question").any()


def test_small_tables_get_fishers_exact_test():
    qa = questionnaire("v1", [dict(q) for q in YESNO])
    a = single({"oui": 3, "non": 1})
    b = single({"oui": 1, "non": 3})
    table = compare_questions(a, b, questionnaire_a=qa, questionnaire_b=qa, correction="none")
    oui = table.set_index("category").loc["oui"]
    assert oui["test"] == "fisher"
    assert oui["p_value"] == pytest.approx(0.4857, abs=5e-5)
    assert oui["small_base"]


# --------------------------------------------------------------------------- homogeneity

PARTY = ["democrat", "independent", "republican"]


def test_homogeneity_of_two_distributions_is_chisq_test():
    q = questionnaire("v1", [{"id": "q", "type": "single", "label": "Parti ?", "options": PARTY}])
    a = single(dict(zip(PARTY, [762, 327, 468], strict=True)))
    b = single(dict(zip(PARTY, [484, 239, 477], strict=True)))
    table = compare_questions(a, b, questionnaire_a=q, questionnaire_b=q)
    whole = table[table["kind"] == "question"].iloc[0]
    assert whole["test"] == "pearson"
    assert whole["statistic"] == pytest.approx(30.07, abs=5e-3)
    assert whole["dof"] == 2
    assert whole["p_value"] == pytest.approx(2.954e-07, rel=1e-3)
    assert whole["significant"]
    assert table.attrs["params"]["tests"] == 4  # three categories and the whole question


def test_an_option_split_in_the_new_version_is_compared_summed():
    """2026-style split: y1 + y2 in the new version against y in the old one; the summed
    table is Agresti's, so the homogeneity test gives R's X² = 30.07 again."""
    old = questionnaire("v1", [{"id": "q", "type": "single", "label": "Parti ?", "options": PARTY}])
    new = questionnaire(
        "v2",
        [
            {
                "id": "q",
                "type": "single",
                "label": "Parti ?",
                "options": ["democrat", "indep_left", "indep_right", "republican"],
            }
        ],
    )
    mapping = QuestionnaireMapping(
        "v1",
        "v2",
        {
            "q": QuestionLink(
                "q", "q", {"indep_left": ("independent",), "indep_right": ("independent",)}
            )
        },
    )
    a = single(dict(zip(PARTY, [762, 327, 468], strict=True)))
    b = single({"democrat": 484, "indep_left": 200, "indep_right": 39, "republican": 477})
    table = compare_questions(a, b, questionnaire_a=old, questionnaire_b=new, mapping=mapping)
    cats = table[table["kind"] == "category"].set_index("category")
    assert list(cats.index) == PARTY
    assert (cats.loc["independent", "count_a"], cats.loc["independent", "count_b"]) == (327, 239)
    assert cats.loc["independent", "grouped"] and cats.loc["independent", "options_changed"]
    whole = table[table["kind"] == "question"].iloc[0]
    assert whole["statistic"] == pytest.approx(30.07, abs=5e-3)


# ------------------------------------------------------------------------ multiple choice


def test_multiple_choice_options_are_tested_as_shares_of_respondents():
    """Option "a" ticked by 16 of 111 respondents, then by 5 of 88 (prop.test as above);
    three respondents of each wave ticked nothing: out of the base."""
    q = questionnaire(
        "v1", [{"id": "m", "type": "multiple", "label": "Lesquels ?", "options": ["a", "b"]}]
    )

    def wave(ticked_a: int, base: int) -> pd.DataFrame:
        a = [True] * ticked_a + [False] * (base - ticked_a) + [pd.NA] * 3
        b = [False] * ticked_a + [True] * (base - ticked_a) + [pd.NA] * 3
        return pd.DataFrame(
            {"m__a": pd.array(a, dtype="boolean"), "m__b": pd.array(b, dtype="boolean")}
        )

    table = compare_questions(
        wave(16, 111), wave(5, 88), questionnaire_a=q, questionnaire_b=q, correction="none"
    )
    a = table.set_index("category").loc["a"]
    assert (a["base_a"], a["base_b"]) == (111, 88)
    assert a["p_value"] == pytest.approx(0.04643965, abs=5e-9)
    assert not (table["kind"] == "question").any()  # no homogeneity test for ticks


# ------------------------------------------------------------------- not comparable rows


def test_questions_in_one_version_only_are_not_comparable_nor_tested():
    old = questionnaire(
        "v1",
        [dict(q) for q in YESNO] + [{"id": "ancienne", "type": "yesno", "label": "Ancienne ?"}],
    )
    new = questionnaire(
        "v2",
        [dict(q) for q in YESNO] + [{"id": "nouvelle", "type": "yesno", "label": "Nouvelle ?"}],
    )
    a = single({"oui": 16, "non": 95}).assign(
        ancienne=pd.Categorical(["oui"] * 111, categories=["oui", "non"])
    )
    b = single({"oui": 5, "non": 83}).assign(
        nouvelle=pd.Categorical(["non"] * 88, categories=["oui", "non"])
    )
    table = compare_questions(a, b, questionnaire_a=old, questionnaire_b=new)
    rows = table[table["kind"] == "not_comparable"].set_index("question")
    assert rows.loc["ancienne", "status"] == "removed"
    assert rows.loc["nouvelle", "status"] == "added"
    assert "absente de « v2 »" in rows.loc["ancienne", "reason"]
    assert "nouvelle question" in rows.loc["nouvelle", "reason"]
    assert not rows["significant"].any() and rows["p_value"].isna().all()
    assert table.attrs["params"]["tests"] == 1


# ------------------------------------------------------------------------------ corrections

# statsmodels stats/tests/test_multi.py, res_multtest1 (R multtest::mt.rawp2adjp): raw
# p-values, Holm, Benjamini-Hochberg.
R_MULTTEST = np.array(
    [
        [5.2365677720800003e-05, 5.2365677720800005e-04, 5.2365677720800005e-04],
        [2.8140506198000000e-04, 2.5326455578199999e-03, 1.4070253098999999e-03],
        [1.4987731079600001e-02, 1.1990184863680001e-01, 4.9959103598666670e-02],
        [2.0273268879800001e-02, 1.4191288215860001e-01, 5.0683172199499998e-02],
        [1.7709695272300000e-01, 1.0, 3.5419390544599999e-01],
        [6.4219392379499995e-01, 1.0, 8.9533672797500008e-01],
        [6.8084594763299999e-01, 1.0, 8.9533672797500008e-01],
        [7.1626938238000004e-01, 1.0, 8.9533672797500008e-01],
        [8.3854136755300002e-01, 1.0, 9.3171263061444454e-01],
        [9.6783382430900000e-01, 1.0, 9.6783382430900000e-01],
    ]
)


@pytest.mark.parametrize(("correction", "column"), [("holm", 1), ("fdr_bh", 2)])
def test_corrections_match_r(correction, column):
    shuffled = R_MULTTEST[[3, 7, 0, 9, 5, 1, 8, 2, 6, 4]]
    adjusted, significant = correct_p_values(shuffled[:, 0], correction=correction, alpha=0.05)
    assert adjusted == pytest.approx(shuffled[:, column], rel=1e-12)
    assert list(significant) == list(shuffled[:, column] <= 0.05)


def test_shared_tests_count_once_and_missing_ones_not_at_all():
    # R: p.adjust(c(0.01, 0.04), "holm") = 0.02 0.04
    adjusted, significant = correct_p_values(
        [0.01, 0.01, 0.04, np.nan], keys=["yesno", "yesno", "other", "none"]
    )
    assert adjusted[:3] == pytest.approx([0.02, 0.02, 0.04])
    assert np.isnan(adjusted[3])
    assert list(significant) == [True, True, True, False]


def test_bad_corrections_are_refused_in_french():
    with pytest.raises(SurveyError, match="Correction « sidak » inconnue"):
        correct_p_values([0.1], correction="sidak")
    with pytest.raises(SurveyError, match="seuil α"):
        correct_p_values([0.1], alpha=5)
