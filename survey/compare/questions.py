"""The questionnaire of two waves, compared question by question and category by category.

Rules (the methods note of the comparison report says the same in French):

- categories come from the correspondence between the two questionnaires
  (:func:`survey.versions.question_correspondence`): options of the same code, or the
  options the correspondence groups (2026 « mensuelles » + « hebdomadaires » against 2025
  « régulières »); an option present in one version only is shown, not tested;
- percentages are of the respondents to the question (non-response out of the base), for
  multiple choice the percentage of respondents who ticked the option, as
  :func:`survey.stats.frequencies` computes them;
- each category: two-sided pooled two-proportion z-test (R ``prop.test(correct = FALSE)``),
  or Fisher's exact test on the 2×2 table when an expected count is under
  ``min_expected`` or a base under ``small_base``;
- each single-choice question with three comparable categories or more: chi-square test of
  homogeneity of the two distributions (R ``chisq.test``; Monte-Carlo p-value when an
  expected count is small); a two-category question has one test (z² is its chi-square);
- every p-value of the report is corrected together (Holm by default, Benjamini–Hochberg
  on request); a question only in one wave is « non comparable », never a change.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from survey.compare.correction import CORRECTIONS, correct_p_values
from survey.errors import SmallBaseWarning, SurveyError
from survey.questionnaire import Net, Questionnaire
from survey.stats import chi2_table, frequencies, two_proportion_test
from survey.versions import QuestionnaireMapping, question_correspondence
from survey.versions.questionnaires import resolve_questionnaire_mapping

__all__ = ["QUESTION_COLUMNS", "compare_questions"]

QUESTION_COLUMNS = [
    "question",
    "question_label",
    "kind",
    "category",
    "label",
    "old_label",
    "status",
    "category_status",
    "reason",
    "old_question",
    "new_question",
    "count_a",
    "base_a",
    "percent_a",
    "count_b",
    "base_b",
    "percent_b",
    "difference",
    "test",
    "statistic",
    "dof",
    "p_value",
    "p_adjusted",
    "significant",
    "min_expected",
    "small_base",
    "wording_changed",
    "options_changed",
    "type_changed",
    "grouped",
    "relabelled",
    "note",
]
"""Columns of :func:`compare_questions`, in order."""

SEED = 20250331


def compare_questions(
    responses_a: pd.DataFrame,
    responses_b: pd.DataFrame,
    *,
    questionnaire_a: Questionnaire,
    questionnaire_b: Questionnaire,
    mapping: QuestionnaireMapping | str | Path | None = None,
    correction: str = "holm",
    alpha: float = 0.05,
    small_base: float = 30,
    min_expected: float = 5,
) -> pd.DataFrame:
    """Compare the choice questions of two waves: distributions, differences, tests.

    Parameters
    ----------
    responses_a, responses_b : pandas.DataFrame
        The responses of the earlier wave (a) and of the later one (b), as
        :func:`survey.read_framaforms` gives them.
    questionnaire_a, questionnaire_b : Questionnaire
        Their questionnaires.
    mapping : QuestionnaireMapping, str or Path, optional
        The correspondence from ``questionnaire_a`` to ``questionnaire_b``; found
        automatically by default (see :func:`survey.versions.questionnaire_diff`).
    correction : {"holm", "fdr_bh", "bonferroni", "none"}
        Multiple-comparison correction applied to all the tests of the table together.
    alpha : float
        Significance level after correction (default 0.05).
    small_base : float
        A base under this (in either wave) is flagged and its categories get Fisher's
        exact test (default 30).
    min_expected : float
        Smallest expected count for the asymptotic tests (default 5).

    Returns
    -------
    pandas.DataFrame
        One row per category of each comparable question (``kind`` ``"category"``), then
        for single-choice questions with three categories or more one row for the
        homogeneity test (``kind`` ``"question"``); one row per question that does not
        compare (``kind`` ``"not_comparable"``, with its ``reason``). Columns
        (:data:`QUESTION_COLUMNS`):

        - ``question`` (new id, old id for a removed question), ``question_label`` (short
          label), ``category``, ``label``, ``old_label``, ``status``,
          ``category_status``, ``reason``, ``old_question``, ``new_question``: as in
          :func:`survey.versions.question_correspondence`;
        - ``count_a``, ``base_a``, ``percent_a`` and the same for b: respondents choosing
          the category, respondents to the question, their ratio in [0, 1];
        - ``difference``: ``percent_b - percent_a`` (a proportion: 0.12 is 12 points);
        - ``test``: ``"z"`` (two proportions), ``"fisher"`` (exact, 2×2),
          ``"pearson"`` or ``"pearson_monte_carlo"`` (homogeneity), ``"none"``;
          ``statistic`` (z, signed as the difference; X² for homogeneity), ``dof``,
          ``p_value``, ``p_adjusted`` (all tests of the table corrected together; a
          two-category question counts once), ``significant`` (after correction);
        - ``min_expected``: smallest expected count of the table tested;
        - ``small_base``: a base under ``small_base``;
        - ``wording_changed``, ``options_changed``, ``type_changed``: question flags;
          ``grouped``: the category gathers several options on one side; ``relabelled``:
          its label changed;
        - ``note``: the correspondence's note.

        ``attrs["params"]`` records the settings, the correspondence file and the number
        of tests corrected together (``tests``).
    """
    if correction not in CORRECTIONS:
        raise SurveyError(
            f"Correction « {correction} » inconnue ; choisissez parmi : {', '.join(CORRECTIONS)}."
        )
    resolved = resolve_questionnaire_mapping(questionnaire_a, questionnaire_b, mapping)
    correspondence = question_correspondence(questionnaire_a, questionnaire_b, resolved)
    rows: list[dict] = []
    keys: list[object] = []
    for question, part in correspondence.groupby("question", sort=False):
        first = part.iloc[0]
        label = _short_label(questionnaire_a, questionnaire_b, first)
        if first["status"] != "comparable":
            rows.append(_not_comparable(first, label))
            keys.append(None)
            continue
        a = _counts(responses_a, questionnaire_a, first["old_question"], part["old_codes"])
        b = _counts(responses_b, questionnaire_b, first["new_question"], part["new_codes"])
        tested = part["category_status"] == "comparable"
        binary = _single(first["old_type"]) and _single(first["new_type"]) and tested.sum() == 2
        shared: dict | None = None
        for i, (_, cat) in enumerate(part.iterrows()):
            row = _category_row(cat, label, a[i], b[i], small_base, min_expected)
            if binary and row["test"] != "none":
                # one test for the two rows: the second repeats the first, sign reversed
                if shared is None:
                    shared = {k: row[k] for k in ("test", "statistic", "p_value", "min_expected")}
                else:
                    row.update({**shared, "statistic": -shared["statistic"]})
            rows.append(row)
            if row["test"] == "none":
                keys.append(None)
            else:
                keys.append((question, "_binary") if binary else (question, cat["category"]))
        if _single(first["old_type"]) and _single(first["new_type"]) and tested.sum() >= 3:
            counts = [(a[i][0], b[i][0]) for i in np.flatnonzero(tested.to_numpy())]
            rows.append(_homogeneity_row(first, label, counts, a, b, small_base, min_expected))
            keys.append((question, "_homogeneity") if rows[-1]["test"] != "none" else None)
    table = pd.DataFrame(rows, columns=QUESTION_COLUMNS)
    p = table["p_value"].to_numpy(dtype="float64")
    p = np.where([k is None for k in keys], np.nan, p)
    family = [k if k is not None else ("_untested", i) for i, k in enumerate(keys)]
    adjusted, significant = correct_p_values(p, correction=correction, alpha=alpha, keys=family)
    table["p_adjusted"] = adjusted
    table["significant"] = significant
    table.attrs["params"] = {
        "function": "compare_questions",
        "correction": correction,
        "alpha": alpha,
        "small_base": small_base,
        "min_expected": min_expected,
        "mapping": str(resolved.path) if resolved.path else None,
        "questionnaire_a": questionnaire_a.id,
        "questionnaire_b": questionnaire_b.id,
        "tests": len({k for k, v in zip(family, p, strict=True) if not np.isnan(v)}),
    }
    return table


def _single(qtype: object) -> bool:
    return qtype in ("single", "yesno")


def _short_label(qa: Questionnaire, qb: Questionnaire, first: pd.Series) -> str:
    for questionnaire, qid in ((qb, first["new_question"]), (qa, first["old_question"])):
        if isinstance(qid, str):
            q = questionnaire.question(qid)
            return q.short_label or q.label
    return str(first["question"])


def _counts(
    responses: pd.DataFrame,
    questionnaire: Questionnaire,
    question_id: str,
    codes: pd.Series,
) -> list[tuple[float, float, float]]:
    """(count, base, percent) of each category: the respondents choosing any of its codes."""
    question = questionnaire.question(question_id)
    nets = [
        Net(code=f"_categorie_{i}", label=str(i), options=list(c))
        for i, c in enumerate(codes)
        if len(c)
    ]
    single = Questionnaire(
        id=questionnaire.id,
        title=questionnaire.title,
        questions=[question.model_copy(update={"nets": nets, "other_field": None})],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallBaseWarning)
        freq = frequencies(responses, question_id, questionnaire=single, small_base=0)
    by_code = freq.set_index("option")
    out = []
    for i, c in enumerate(codes):
        if not len(c):
            out.append((np.nan, np.nan, np.nan))
            continue
        row = by_code.loc[f"_categorie_{i}"]
        out.append(
            (float(row["unweighted_count"]), float(row["unweighted_base"]), float(row["percent"]))
        )
    return out


def _base_row(cat: pd.Series, label: str) -> dict:
    return {
        "question": cat["question"],
        "question_label": label,
        "status": cat["status"],
        "reason": cat["reason"],
        "old_question": cat["old_question"],
        "new_question": cat["new_question"],
        "wording_changed": bool(cat["wording_changed"]),
        "options_changed": bool(cat["options_changed"]),
        "type_changed": bool(cat["type_changed"]),
        "note": cat["note"],
        "significant": False,
    }


def _not_comparable(first: pd.Series, label: str) -> dict:
    return {
        **_base_row(first, label),
        "kind": "not_comparable",
        "test": "none",
        "grouped": False,
        "relabelled": False,
        "small_base": False,
    }


def _category_row(cat, label, a, b, small_base, min_expected) -> dict:
    (x_a, n_a, p_a), (x_b, n_b, p_b) = a, b
    row = {
        **_base_row(cat, label),
        "kind": "category",
        "category": cat["category"],
        "label": cat["label"],
        "old_label": cat["old_label"],
        "category_status": cat["category_status"],
        "count_a": x_a,
        "base_a": n_a,
        "percent_a": p_a,
        "count_b": x_b,
        "base_b": n_b,
        "percent_b": p_b,
        "difference": p_b - p_a,
        "grouped": bool(cat["grouped"]),
        "relabelled": bool(
            cat["category_status"] == "comparable"
            and isinstance(cat["old_label"], str)
            and cat["old_label"] != cat["label"]
            and not cat["grouped"]
        ),
        "small_base": bool(np.nanmin([n_a, n_b]) < small_base),
    }
    if cat["category_status"] != "comparable":
        return {**row, "test": "none"}
    return {**row, **_two_proportions(x_a, n_a, x_b, n_b, small_base, min_expected)}


def _two_proportions(x_a, n_a, x_b, n_b, small_base, min_expected) -> dict:
    """z-test, or Fisher's exact test for small tables; ``none`` without variation."""
    if n_a <= 0 or n_b <= 0 or x_a + x_b in (0, n_a + n_b):
        return {"test": "none", "statistic": np.nan, "p_value": np.nan, "min_expected": np.nan}
    table = np.array([[x_a, n_a - x_a], [x_b, n_b - x_b]])
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    smallest = float(expected.min())
    if smallest < min_expected or min(n_a, n_b) < small_base:
        result = chi2_table(table, method="fisher").iloc[0]
        return {
            "test": "fisher",
            "statistic": np.nan,
            "p_value": float(result["p_value"]),
            "min_expected": smallest,
        }
    z, p = two_proportion_test(x_b, n_b, x_a, n_a)
    return {"test": "z", "statistic": z, "p_value": p, "min_expected": smallest}


def _homogeneity_row(first, label, counts, a, b, small_base, min_expected) -> dict:
    table = np.array(counts, dtype="float64").T  # waves × categories
    result = chi2_table(table, min_expected=min_expected, seed=SEED).iloc[0]
    bases = (a[0][1], b[0][1])
    return {
        **_base_row(first, label),
        "kind": "question",
        "category": None,
        "label": "Ensemble des modalités (khi-deux d'homogénéité)",
        "count_a": float(table[0].sum()),
        "base_a": bases[0],
        "count_b": float(table[1].sum()),
        "base_b": bases[1],
        "test": str(result["test"]),
        "statistic": float(result["statistic"]),
        "dof": float(result["dof"]),
        "p_value": float(result["p_value"]),
        "min_expected": float(result["min_expected"]),
        "small_base": bool(min(bases) < small_base),
        "grouped": bool(first["options_changed"]),
        "relabelled": False,
    }
