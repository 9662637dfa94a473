"""Pseudonymisation: contact data, names, structures that stay, the wave's own names."""

import pandas as pd
import pytest

from survey.privacy import Redactor, redact, redact_series, use_redactor
from survey.privacy.disclosure import DisclosureRecord, profile_combinations, quote_attribution
from survey.privacy.evaluate import evaluate, read_annotations
from survey.privacy.wave import coarsen_profiles, pseudonyms, wave_redactor
from survey.wave import load_wave


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Écrivez à sophie.marchal@example.fr.", "Écrivez à [courriel]."),
        (
            "Mon numéro : 06 39 98 41 27 ou +33 4 65 71 03 15",
            "Mon numéro : [téléphone] ou [téléphone]",
        ),
        ("Voir https://www.example.org/~jferrand/carto, merci", "Voir [lien], merci"),
        ("Le site www.via-competences.fr est utile.", "Le site www.via-competences.fr est utile."),
        ("J'ai appelé Nadia Ferrand hier.", "J'ai appelé [personne] hier."),
        ("Mme Berthon est partie.", "Mme [personne] est partie."),
        ("C'est très clair pour moi.", "C'est très clair pour moi."),
        (
            "Le 16/05/2025 à 14h30, 3 000 jeunes (69100).",
            "Le 16/05/2025 à 14h30, 3 000 jeunes (69100).",
        ),
        (
            "La Mission Locale et France Travail en Isère.",
            "La Mission Locale et France Travail en Isère.",
        ),
    ],
)
def test_general_redaction(text, expected):
    assert Redactor()(text) == expected


def test_counts_kinds_never_values():
    redactor = Redactor()
    redactor("Appelez Karima Benali au 06 39 98 41 27.")
    assert redactor.counts == {"PERSON": 1, "PHONE": 1}


def test_the_wave_redactor_knows_its_people():
    wave = load_wave()
    redactor = wave_redactor(wave, turns=pd.DataFrame({"speaker": ["Camille ROUSSEL"]}))
    out = redactor("euh camille roussel, c'est moi, et je travaille avec Sophie Aubertin au CIO.")
    assert "roussel" not in out.lower() and "aubertin" not in out.lower()
    assert "CIO" in out


def test_redact_uses_the_active_redactor():
    special = Redactor(names=["Zéphyrin Troubadour"], use_ner=False)
    with use_redactor(special):
        assert redact("zephyrin troubadour a parlé") == "[personne] a parlé"
        series = redact_series(pd.Series(["Zéphyrin Troubadour", None]))
        assert series.iloc[0] == "[personne]" and pd.isna(series.iloc[1])


def test_pseudonyms_are_stable_and_coarse():
    assert pseudonyms(["E03", "E01", "E02"]) == {
        "E01": "Professionnel·le 01",
        "E02": "Professionnel·le 02",
        "E03": "Professionnel·le 03",
    }
    profiles = pd.DataFrame(
        {"nom": ["A B", "C D"], "commune": ["Roanne", "Vienne"], "structure": ["cio", "mife"],
         "mission": ["accompagnement_conseil"] * 2},
        index=pd.Index(["E02", "E01"], name="interview_id"),
    )  # fmt: skip
    coarse = coarsen_profiles(profiles, structure_to_cercle={"cio": "cercle_1", "mife": "cercle_3"})
    assert list(coarse.columns) == ["cercle", "mission"]
    assert coarse.loc["Professionnel·le 01", "cercle"] == "cercle_3"


def test_profile_combinations_never_point_to_one_person():
    profiles = pd.DataFrame(
        {"cercle": ["c1"] * 6 + ["c2"] * 2 + ["c3"], "mission": ["acc"] * 6 + ["dir"] * 3}
    )
    record = DisclosureRecord()
    table = profile_combinations(profiles, ["cercle", "mission"], threshold=5, record=record)
    assert table["count"].tolist()[0] == 6
    merged = table[table["merged"]]
    assert len(merged) == 1 and pd.isna(merged["count"].iloc[0])  # 3 < 5: suppressed too
    assert record.counts == {"combinaisons de profil regroupées": 2}
    assert (
        quote_attribution("cercle 3", 3) is None and quote_attribution("cercle 1", 12) == "cercle 1"
    )


@pytest.fixture(scope="module")
def annotated(data_dir):
    return read_annotations(data_dir / "privacy" / "redaction_set.jsonl")


def scores(records, split):
    table = evaluate(Redactor(), [r for r in records if r["split"] == split])
    return table.set_index("label")


def test_quality_on_the_tuning_half(annotated):
    """Targets of the privacy issue, on the half the rules were tuned on."""
    t = scores(annotated, "tune")
    assert t.loc["PERSON", "recall"] >= 0.95
    assert t.loc["EMAIL", "recall"] == 1.0 and t.loc["PHONE", "recall"] == 1.0
    assert (t.loc[["PERSON", "EMAIL", "PHONE", "URL"], "precision"] >= 0.9).all()


def test_quality_on_the_held_out_half(annotated):
    """The half the rules never saw: the figures reported in the README, as floors."""
    h = scores(annotated, "heldout")
    assert h.loc["PERSON", "recall"] >= 0.9
    assert h.loc["PHONE", "recall"] == 1.0 and h.loc["EMAIL", "recall"] >= 0.95
    assert (h.loc[["PERSON", "EMAIL", "PHONE", "URL"], "precision"] >= 0.9).all()


def test_known_places_need_a_capital():
    redactor = Redactor(places=["Vienne"], use_ner=False)
    assert redactor("Il faut qu'on vienne à Vienne.") == "Il faut qu'on vienne à [commune]."
