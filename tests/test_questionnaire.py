"""Questionnaires as data: the 2025 questionnaire, and validation errors that say where."""

import pytest

from survey import load_questionnaire
from survey.errors import QuestionnaireError


def test_spro_2025_covers_the_annex_in_form_order(spro_questionnaire):
    q = spro_questionnaire
    assert [x.id for x in q.questions] == [
        "structure", "mission", "mission_autre", "publics", "departement",
        "entendu_parler", "niveau_connaissance", "objet_spro", "outille", "suggestions_outils",
        "ressources_via", "ressources_autres", "membre", "initiatives", "initiatives_autre",
        "connait_offres", "offres_connues", "collaboration", "remarques",
        "volontaire_entretien", "email_entretien", "kit", "email_kit",
    ]  # fmt: skip
    assert len(q.question("departement").options) == 12
    assert q.question("membre").type == "multiple"  # a checkbox in the form (annex)
    assert [o.label for o in q.question("collaboration").options] == [
        "Aucune collaboration",
        "Quelques collaborations (environ une fois par trimestre)",
        "Collaborations régulières (en moyenne tous les mois)",
    ]
    assert {x.id for x in q.personal_questions} == {"email_entretien", "email_kit"}
    assert q.question("mission").other_field == "mission_autre"
    net = q.question("outille").nets[1]
    assert net.label == "Suffisamment ou très bien outillé"
    assert net.options == ["plutot_suffisamment", "tres_bien"]


def test_every_structure_has_its_cercle(spro_questionnaire):
    structures = spro_questionnaire.question("structure").options
    cercle = spro_questionnaire.derived_variable("cercle")
    assert {o.code for o in structures} == set(cercle.mapping)
    assert all(cercle.mapping[o.code] == o.attributes["cercle"] for o in structures)
    by_cercle = {c: sorted(k for k, v in cercle.mapping.items() if v == c) for c in cercle.codes}
    assert by_cercle["cercle_1"] == ["cio", "information_jeunesse", "scuio"]
    assert {"france_travail", "apec", "cap_emploi", "mission_locale", "cci", "cma"} <= set(
        by_cercle["cercle_2"]
    )
    assert {"mife", "cidff"} <= set(by_cercle["cercle_3"])


def write(tmp_path, text):
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BASE = """
id: t
title: T
questions:
  - id: niveau
    section: connaissance
    type: single
    label: "Niveau ?"
    options:
      - {code: bas, label: Bas}
      - {code: haut, label: Haut}
"""


@pytest.mark.parametrize(
    ("change", "question", "fragment"),
    [
        (("type: single", "type: grille"), "niveau", "type"),
        (
            ("{code: haut, label: Haut}", "{code: bas, label: Haut}"),
            "niveau",
            "codes d'option en double",
        ),
        (("id: niveau", "id: Niveau"), "Niveau", "snake_case"),
        (("section: connaissance", "section: ailleurs"), "niveau", "section « ailleurs » inconnue"),
        (('label: "Niveau ?"', 'label: "Niveau ?"\n    couleur: bleu'), "niveau", "champ inconnu"),
        (
            ("    options:", "    nets: [{code: n, label: N, options: [moyen]}]\n    options:"),
            "niveau",
            "options inconnues : moyen",
        ),
    ],
)
def test_validation_errors_name_file_question_and_problem(tmp_path, change, question, fragment):
    path = write(tmp_path, BASE.replace(*change))
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(path)
    message = str(info.value)
    assert str(path) in message
    assert f"question « {question} »" in message
    assert fragment in message


def test_not_yaml_and_missing_file(tmp_path):
    with pytest.raises(QuestionnaireError, match="YAML"):
        load_questionnaire(write(tmp_path, "id: [unclosed"))
    with pytest.raises(QuestionnaireError, match="introuvable"):
        load_questionnaire(tmp_path / "absent.yaml")
