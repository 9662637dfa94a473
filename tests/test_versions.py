"""Questionnaire and coding-frame versions: the diffs, the correspondences, bad mappings,
and the ``survey diff`` command."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from survey._resources import bundled_path
from survey.cli import main
from survey.errors import SurveyError, VersionMappingError
from survey.versions import (
    CODING_FRAME_CHANGES,
    QUESTIONNAIRE_CHANGES,
    code_correspondence,
    coding_frame_diff,
    load_coding_frame_mapping,
    load_questionnaire_mapping,
    question_correspondence,
    questionnaire_diff,
    resolve_questionnaire_mapping,
)

# The changes built into questionnaires/spro-2026.yaml (see its header comment).
DESIGNED_QUESTIONNAIRE_CHANGES = {
    ("publics", "question_removed", None, None),
    ("outille", "wording_changed", None, None),
    ("membre", "type_changed", None, None),
    ("membre", "wording_changed", None, None),
    ("collaboration", "option_split", "regulieres", "mensuelles + hebdomadaires"),
    ("initiatives", "option_relabelled", "sticker", "sticker"),
    ("initiatives", "option_added", None, "kit"),
    ("ressources_via", "option_added", None, "annuaire"),
    ("attentes", "id_changed", None, None),
    ("attentes", "wording_changed", None, None),
    ("kit_recu", "question_added", None, None),
}

# The changes built into coding_frames/spro-2026.yaml (see its header comment).
DESIGNED_FRAME_CHANGES = {
    ("levier_kit", "code_added"),
    ("outil_annuaire_resopro", "code_added"),
    ("obstacle_information", "codes_merged"),
    ("proposition_newsletter", "code_retired"),
    # cross-references to the merged / retired codes updated in the guidance …
    ("connaissance_hierarchie", "guidance_changed"),
    ("outil_manque_plateforme", "guidance_changed"),
    # … and "kit" left out of the communication code (levier_kit now covers it)
    ("proposition_communication", "definition_changed"),
}


def _none(value):
    return None if pd.isna(value) else value


# --------------------------------------------------------------------------- questionnaires


def test_the_2026_diff_lists_exactly_the_designed_changes():
    diff = questionnaire_diff("spro-2025", "spro-2026")
    found = {
        (r.question, r.change, _none(r.old_option), _none(r.new_option)) for r in diff.itertuples()
    }
    assert found == DESIGNED_QUESTIONNAIRE_CHANGES
    assert len(diff) == len(DESIGNED_QUESTIONNAIRE_CHANGES)
    assert set(diff["change"]) <= set(QUESTIONNAIRE_CHANGES)


def test_what_stays_comparable():
    diff = questionnaire_diff("spro-2025", "spro-2026").set_index(["question", "change"])
    assert not diff.loc[("publics", "question_removed"), "comparable"]
    assert not diff.loc[("kit_recu", "question_added"), "comparable"]
    for key in [("outille", "wording_changed"), ("membre", "type_changed"),
                ("collaboration", "option_split"), ("attentes", "id_changed")]:  # fmt: skip
        assert diff.loc[key, "comparable"], key
    row = diff.loc[("attentes", "id_changed")]
    assert (row["old_question"], row["new_question"]) == ("remarques", "attentes")
    wording = diff.loc[("outille", "wording_changed")]
    assert wording["old_text"].startswith("Avez-vous le sentiment d'être suffisamment outillé")
    assert wording["new_text"].startswith("Vous sentez-vous suffisamment outillé(e)")
    types = diff.loc[("membre", "type_changed")]
    assert (types["old_text"], types["new_text"]) == ("choix multiple", "choix unique")
    assert "pourcentages de répondants" in types["note"]


def test_removed_question_sits_where_it_was():
    questions = list(dict.fromkeys(questionnaire_diff("spro-2025", "spro-2026")["question"]))
    assert questions.index("publics") < questions.index("outille")


def test_collaboration_compares_on_the_merged_category():
    corr = question_correspondence("spro-2025", "spro-2026")
    collaboration = corr[corr["question"] == "collaboration"].set_index("category")
    assert list(collaboration.index) == ["aucune", "quelques", "regulieres"]
    merged = collaboration.loc["regulieres"]
    assert merged["old_codes"] == ("regulieres",)
    assert merged["new_codes"] == ("mensuelles", "hebdomadaires")
    assert merged["grouped"] and merged["options_changed"]
    # the 2026 net of the same two options names the category
    assert merged["label"] == "Collaborations régulières (mensuelles ou hebdomadaires)"


def test_correspondence_statuses():
    corr = question_correspondence("spro-2025", "spro-2026")
    first = corr.drop_duplicates("question").set_index("question")
    assert first.loc["publics", "status"] == "removed"
    assert first.loc["kit_recu", "status"] == "added"
    assert first.loc["membre", "type_changed"]
    assert first.loc["outille", "wording_changed"]
    assert "attentes" not in first.index  # free text: nothing to tabulate
    assert "email_kit" not in first.index  # personal data
    options = corr[corr["question"] == "initiatives"].set_index("category")
    assert options.loc["kit", "category_status"] == "added"
    assert options.loc["sticker", "category_status"] == "comparable"
    assert options.loc["sticker", "old_label"] == "Le sticker affiché à l'entrée des structures"


def test_the_mapping_is_found_automatically_and_the_same_version_needs_none():
    mapping = resolve_questionnaire_mapping("spro-2025", "spro-2026")
    assert mapping.path == bundled_path("questionnaires") / "spro-2026.mapping.yaml"
    assert mapping.questions["attentes"].old == "remarques"
    assert mapping.questions["collaboration"].options["mensuelles"] == ("regulieres",)
    assert questionnaire_diff("spro-2025", "spro-2025").empty
    assert resolve_questionnaire_mapping("spro-2025", "spro-2025").path is None


def test_versions_given_in_the_wrong_order():
    with pytest.raises(VersionMappingError) as info:
        questionnaire_diff("spro-2026", "spro-2025")
    assert "donnez d'abord la version ancienne" in str(info.value)


# ---------------------------------------------------------------------------- bad mappings


def _mapping(tmp_path, content: dict, name: str = "spro-2026.mapping.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "item", "words"),
    [
        ({"from": "spro-2024", "to": "spro-2026"}, None, "relie « spro-2024 » à « spro-2026 »"),
        (
            {"from": "spro-2025", "to": "spro-2026", "questions": {"inconnue": {"from": "membre"}}},
            "inconnue",
            "question inconnue de « spro-2026 »",
        ),
        (
            {"from": "spro-2025", "to": "spro-2026", "questions": {"attentes": {"from": "avis"}}},
            "attentes",
            "« from: avis » : question inconnue de « spro-2025 »",
        ),
        (
            {
                "from": "spro-2025",
                "to": "spro-2026",
                "questions": {"collaboration": {"options": {"mensuelle": "regulieres"}}},
            },
            "collaboration",
            "option « mensuelle » inconnue",
        ),
        (
            {
                "from": "spro-2025",
                "to": "spro-2026",
                "questions": {"collaboration": {"options": {"mensuelles": "regulier"}}},
            },
            "collaboration",
            "l'option « regulier » n'existe pas dans la question « collaboration »",
        ),
        (
            {
                "from": "spro-2025",
                "to": "spro-2026",
                "questions": {"attentes": {"from": "remarques"}, "kit_recu": {"from": "remarques"}},
            },
            "kit_recu",
            "déjà reprise par « attentes »",
        ),
        (
            {"from": "spro-2025", "to": "spro-2026", "not_comparable": {"publics": "supprimée"}},
            "publics",
            "« not_comparable » : question inconnue",
        ),
    ],
)
def test_bad_questionnaire_mappings_name_the_file_and_the_item(tmp_path, content, item, words):
    path = _mapping(tmp_path, content)
    with pytest.raises(VersionMappingError) as info:
        questionnaire_diff("spro-2025", "spro-2026", path)
    message = str(info.value)
    assert message.startswith(f"Correspondance « {path} »")
    assert words in message
    if item:
        assert f"question « {item} »" in message
        assert info.value.item == item


def test_mapping_format_errors(tmp_path):
    path = _mapping(tmp_path, {"from": "spro-2025", "to": "spro-2026", "question": {}})
    with pytest.raises(VersionMappingError, match="champ « question » inconnu"):
        load_questionnaire_mapping(path)
    path = _mapping(tmp_path, {"to": "spro-2026"})
    with pytest.raises(VersionMappingError, match="champ obligatoire « from » manquant"):
        load_questionnaire_mapping(path)
    with pytest.raises(VersionMappingError, match="fichier introuvable"):
        load_questionnaire_mapping(tmp_path / "absente.mapping.yaml")
    bad = tmp_path / "cassee.mapping.yaml"
    bad.write_text("from: [spro-2025\n", encoding="utf-8")
    with pytest.raises(VersionMappingError, match="pas un YAML lisible"):
        load_questionnaire_mapping(bad)
    assert issubclass(VersionMappingError, SurveyError)


def test_a_mapping_next_to_the_new_questionnaire_is_found(tmp_path):
    source = (bundled_path("questionnaires") / "spro-2026.yaml").read_text(encoding="utf-8")
    new = tmp_path / "questionnaire.yaml"
    new.write_text(source, encoding="utf-8")
    _mapping(
        tmp_path,
        {
            "from": "spro-2025",
            "to": "spro-2026",
            "not_comparable": {"outille": "Échelle modifiée."},
        },
        name="questionnaire.mapping.yaml",
    )
    diff = questionnaire_diff("spro-2025", new)
    row = diff[diff["change"] == "not_comparable"].iloc[0]
    assert (row["question"], row["note"], row["comparable"]) == (
        "outille",
        "Échelle modifiée.",
        False,
    )
    # this mapping has no "attentes: from: remarques": remarques is removed, attentes added
    assert {"question_removed", "question_added"} <= set(diff["change"])
    assert "remarques" in set(diff.loc[diff["change"] == "question_removed", "question"])
    corr = question_correspondence("spro-2025", new)
    assert corr.set_index("question").loc["outille", "status"] == "not_comparable"


# ---------------------------------------------------------------------------- coding frames


def test_the_2026_frame_diff_lists_exactly_the_designed_changes():
    diff = coding_frame_diff("spro-2025", "spro-2026")
    assert {(r.code, r.change) for r in diff.itertuples()} == DESIGNED_FRAME_CHANGES
    assert set(diff["change"]) <= set(CODING_FRAME_CHANGES)
    merged = diff.set_index("change").loc["codes_merged"]
    assert merged["old_code"] == "obstacle_info_non_transmise + obstacle_dispersion"
    assert merged["new_code"] == "obstacle_information"
    retired = diff.set_index("change").loc["code_retired"]
    assert "automne 2025" in retired["note"]


def test_code_correspondence():
    corr = code_correspondence("spro-2025", "spro-2026").set_index("code")
    assert corr.loc["obstacle_information", "status"] == "merged"
    assert corr.loc["obstacle_information", "old_codes"] == (
        "obstacle_info_non_transmise",
        "obstacle_dispersion",
    )
    assert corr.loc["proposition_newsletter", "status"] == "retired"
    assert corr.loc["proposition_newsletter", "new_codes"] == ()
    assert corr.loc["levier_kit", "status"] == "added"
    assert corr.loc["levier_kit", "old_codes"] == ()
    assert corr.loc["levier_matinales", "status"] == "same"
    assert list(corr.index)[-1] == "proposition_newsletter"  # retired codes last


@pytest.mark.parametrize(
    ("content", "item", "words"),
    [
        ({"from": "spro-2025", "to": "spro-2027"}, None, "relie « spro-2025 » à « spro-2027 »"),
        (
            {
                "from": "spro-2025",
                "to": "spro-2026",
                "codes": {"levier_podcast": "levier_matinales"},
            },
            "levier_podcast",
            "code inconnu de « spro-2026 »",
        ),
        (
            {
                "from": "spro-2025",
                "to": "spro-2026",
                "codes": {"obstacle_information": ["obstacle_info", "obstacle_dispersion"]},
            },
            "obstacle_information",
            "le code « obstacle_info » qu'il reprend n'existe pas",
        ),
        (
            {"from": "spro-2025", "to": "spro-2026", "retired": {"levier_matinales": "fini"}},
            "levier_matinales",
            "ce code existe toujours dans « spro-2026 »",
        ),
        (
            {"from": "spro-2025", "to": "spro-2026", "retired": {"newsletter": None}},
            "newsletter",
            "« retired » : code inconnu de « spro-2025 »",
        ),
    ],
)
def test_bad_frame_mappings_name_the_file_and_the_code(tmp_path, content, item, words):
    path = _mapping(tmp_path, content)
    with pytest.raises(VersionMappingError) as info:
        coding_frame_diff("spro-2025", "spro-2026", path)
    message = str(info.value)
    assert message.startswith(f"Correspondance « {path} »")
    assert words in message
    if item:
        assert f"code « {item} »" in message


def test_frame_mapping_loads_lists_and_single_codes():
    mapping = load_coding_frame_mapping("spro-2026")
    assert (mapping.old, mapping.new) == ("spro-2025", "spro-2026")
    assert mapping.codes["obstacle_information"] == (
        "obstacle_info_non_transmise",
        "obstacle_dispersion",
    )
    assert "proposition_newsletter" in mapping.retired


# -------------------------------------------------------------------------------- the CLI


def test_cli_diff_prints_the_changes_in_french(capsys):
    assert main(["diff", "spro-2025", "spro-2026"]) == 0
    out = capsys.readouterr().out
    assert "Questionnaires « spro-2025 » → « spro-2026 »" in out
    assert "11 changements sur 8 questions ; 2 questions sans comparaison." in out
    assert "• publics (non comparable)" in out
    assert "question supprimée" in out and "question ajoutée" in out
    assert "option scindée (regulieres → mensuelles + hebdomadaires)" in out
    assert "option renommée (même code) (sticker)" in out


def test_cli_diff_of_coding_frames_and_output_files(capsys, tmp_path):
    assert main(["diff", "spro-2025", "spro-2026", "--grille", "-o", str(tmp_path / "d.csv")]) == 0
    out = capsys.readouterr().out
    assert "codes fusionnés (obstacle_info_non_transmise + obstacle_dispersion" in out
    assert "code retiré" in out and "code ajouté" in out
    table = pd.read_csv(tmp_path / "d.csv")
    assert list(table.columns[:2]) == ["Code", "Changement"]
    assert len(table) == len(DESIGNED_FRAME_CHANGES)
    assert main(["diff", "spro-2025", "spro-2026", "-o", str(tmp_path / "d.xlsx")]) == 0
    assert (tmp_path / "d.xlsx").stat().st_size > 1000


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["diff", "spro-2025", "nulle-part"], "fichier introuvable"),
        (["diff", "spro-2026", "spro-2025"], "donnez d'abord la version ancienne"),
        (["diff", "spro-2025", "spro-2026", "-o", "sortie.txt"], "utilisez .xlsx ou .csv"),
        (["diff", "spro-2025", "spro-2026", "--grille", "-c", "spro-2027"], "fichier introuvable"),
    ],
)
def test_cli_diff_bad_input_exits_2_with_one_french_sentence(capsys, argv, words):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("Erreur : ")
    assert words in captured.err
    assert "Traceback" not in captured.err
    assert captured.err.count("\n") == 1
