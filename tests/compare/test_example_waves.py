"""The comparison of the two bundled example waves finds the shifts built into 2026
(examples_src/build_export_2026.py) and flags nothing else; questions asked in one wave are
not comparable; the interviews compare through the coding-frame versions."""

from __future__ import annotations

import numpy as np
import pytest

from survey.compare import (
    compare_codes,
    compare_dimension,
    compare_questions,
    open_wave_material,
)

# (question, category): counts (2025 of base, 2026 of base) designed in the 2026 export.
REAL_SHIFTS = {
    ("membre", "pas_du_tout"): ((70, 235), (40, 250)),
    ("membre", "tout_a_fait"): ((59, 235), (105, 250)),
    ("initiatives", "matinales"): ((137, 226), (190, 250)),
    ("ressources_via", "video"): ((43, 229), (100, 250)),
    ("ressources_via", "resopro"): ((70, 229), (138, 250)),
    ("kit", "oui"): ((144, 235), (110, 250)),
}


@pytest.fixture(scope="module")
def waves():
    return open_wave_material("spro-2025"), open_wave_material("spro-2026")


@pytest.fixture(scope="module")
def questions(waves):
    a, b = waves
    return compare_questions(
        a.responses, b.responses, questionnaire_a=a.questionnaire, questionnaire_b=b.questionnaire
    )


@pytest.fixture(scope="module")
def cells(questions):
    return questions[questions["kind"] == "category"].set_index(["question", "category"])


@pytest.mark.parametrize("shift", list(REAL_SHIFTS), ids=[f"{q}.{c}" for q, c in REAL_SHIFTS])
def test_real_shifts_are_flagged(cells, shift):
    (x_a, n_a), (x_b, n_b) = REAL_SHIFTS[shift]
    row = cells.loc[shift]
    assert (row["count_a"], row["base_a"], row["count_b"], row["base_b"]) == (x_a, n_a, x_b, n_b)
    assert row["p_value"] < 0.01
    assert row["significant"], (row["p_value"], row["p_adjusted"])


def test_nothing_else_is_flagged(questions):
    flagged = questions[questions["significant"]]
    found = set(zip(flagged["question"], flagged["category"], strict=True))
    assert found <= set(REAL_SHIFTS) | {("kit", "non")}  # kit: one test for its two rows
    noise = questions[
        ~questions.set_index(["question", "category"]).index.isin([*REAL_SHIFTS, ("kit", "non")])
    ]
    assert not noise["significant"].any()
    for q in (
        "entendu_parler",
        "niveau_connaissance",
        "objet_spro",
        "outille",
        "collaboration",
        "connait_offres",
        "structure",
        "departement",
        "mission",
    ):
        assert not questions.loc[questions["question"] == q, "significant"].any(), q


def test_correction_over_the_whole_report(questions):
    params = questions.attrs["params"]
    assert params["correction"] == "holm" and params["alpha"] == 0.05
    assert params["mapping"].endswith("spro-2026.mapping.yaml")
    tested = questions["p_value"].notna() & (questions["kind"] != "not_comparable")
    assert params["tests"] < tested.sum()  # yes / no questions count once
    assert (questions.loc[tested, "p_adjusted"] >= questions.loc[tested, "p_value"]).all()


def test_dropped_and_added_questions_are_not_comparable_not_changes(questions):
    rows = questions.set_index("question")
    publics = rows.loc["publics"]
    assert publics["kind"] == "not_comparable" and publics["status"] == "removed"
    assert "absente de « spro-2026 »" in publics["reason"]
    assert not publics["significant"] and np.isnan(publics["p_value"])
    kit_recu = rows.loc["kit_recu"]
    assert kit_recu["kind"] == "not_comparable" and kit_recu["status"] == "added"
    assert "nouvelle question" in kit_recu["reason"]
    assert "remarques" not in rows.index and "attentes" not in rows.index  # free text


def test_collaboration_compares_on_the_merged_categories(cells, questions):
    merged = cells.loc[("collaboration", "regulieres")]
    assert (merged["count_a"], merged["count_b"]) == (71, 64 + 22)
    assert merged["grouped"] and merged["options_changed"]
    assert merged["label"] == "Collaborations régulières (mensuelles ou hebdomadaires)"
    whole = questions[
        (questions["question"] == "collaboration") & (questions["kind"] == "question")
    ]
    assert len(whole) == 1 and whole.iloc[0]["dof"] == 2 and not whole.iloc[0]["significant"]


def test_change_flags(cells):
    assert cells.loc[("outille", "tres_bien"), "wording_changed"]
    assert not cells.loc[("outille", "tres_bien"), "options_changed"]
    assert cells.loc[("membre", "moyennement"), "type_changed"]
    assert cells.loc[("initiatives", "sticker"), "relabelled"]
    assert cells.loc[("initiatives", "kit"), "category_status"] == "added"
    assert cells.loc[("initiatives", "kit"), "test"] == "none"
    assert not cells.loc[
        ("niveau_connaissance", "aucune"), ["wording_changed", "options_changed", "type_changed"]
    ].any()


# ------------------------------------------------------------------------------ interviews


@pytest.fixture(scope="module")
def codes(waves):
    a, b = waves
    return compare_codes(
        a.coded,
        b.coded,
        frame_a=a.frame,
        frame_b=b.frame,
        documents_a=a.documents,
        documents_b=b.documents,
    ).set_index("code")


def test_interview_bases_and_validated_coding(waves, codes):
    a, b = waves
    assert a.validated and b.validated
    assert (len(a.documents), len(b.documents)) == (24, 12)
    assert set(codes["base_a"]) == {24} and set(codes["base_b"]) == {12}


def test_codes_through_the_frame_versions(codes):
    merged = codes.loc["obstacle_information"]
    assert merged["status"] == "merged"
    assert merged["old_codes"] == ("obstacle_info_non_transmise", "obstacle_dispersion")
    assert merged["count_a"] > 0 and merged["count_b"] > 0
    retired = codes.loc["proposition_newsletter"]
    assert retired["status"] == "retired" and retired["presence"] == "a_only"
    assert retired["count_a"] > 0 and np.isnan(retired["count_b"])
    added = codes.loc["levier_kit"]
    assert added["status"] == "added" and added["presence"] == "b_only"
    assert np.isnan(added["count_a"]) and added["count_b"] > 0
    assert codes.loc["outil_annuaire_resopro", "presence"] == "b_only"


def test_belonging_in_both_waves(waves):
    a, b = waves
    table = compare_dimension(
        a.dimension("appartenance"),
        b.dimension("appartenance"),
        dimension_a=a.frame.dimension("appartenance"),
    )
    values = table[table["kind"] == "value"].set_index("value")
    assert list(values.index) == ["aucune", "partielle", "claire", "progressive"]
    assert values["count_a"].tolist() == [6, 7, 8, 3]
    assert values["count_b"].tolist() == [2, 3, 5, 2]
    test = table[table["kind"] == "dimension"].iloc[0]
    assert test["test"] == "fisher_monte_carlo" and test["p_value"] > 0.5
