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
        (
            "Claire et nette, la consigne est passée.",
            "Claire et nette, la consigne est passée.",
        ),
        ("On utilise Inforizon pour les tests.", "On utilise Inforizon pour les tests."),
    ],
)
def test_general_redaction(text, expected):
    assert Redactor()(text) == expected


@pytest.fixture(scope="module")
def rules():
    """The rules alone, without the recogniser: each shape below must not depend on it."""
    return Redactor(use_ner=False)


@pytest.mark.parametrize(
    "text",
    [
        "sophie.marchal arobase example.fr",
        "sophie point marchal arobase example point fr",
        "sophie.marchal arrobase example point fr",
        "sophie.marchal at example.fr",
        "sophie.marchal [at] example [dot] fr",
        "sophie.marchal(at)example.fr",
        "sophie.marchal{at}example{dot}org",
        "s.marchal [arobase] example.fr",
        "sophie.marchal @ example.fr",
        "sophie . marchal @ example . fr",
        "sophie.marchal@example(point)fr",
        "sophie.marchal@\nexample.fr",
        "sophie.marchal\n@example.fr",
        "sophie.mar-\nchal@example.fr",
        "SOPHIE.MARCHAL AROBASE EXAMPLE POINT FR",
        "sophie.marchal＠example.fr",
        "sophie.marchal a commercial example point fr",
        "sophie arobase mission tiret locale point fr",
    ],
)
def test_written_shapes_of_an_email(rules, text):
    assert rules(f"Écrire à {text}, merci.") == "Écrire à [courriel], merci."


def test_a_spoken_email_takes_the_first_name_before_it(rules):
    assert rules("c'est sophie marchal arobase example point fr") == "c'est [courriel]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M. D. nous a reçus.", "M. [personne] nous a reçus."),
        ("J.-P. Martin anime le réseau.", "[personne] anime le réseau."),
        ("On a vu J. Girard et A.-C. Dubois.", "On a vu [personne] et [personne]."),
        ("JP Martin a tout organisé.", "[personne] a tout organisé."),
        ("JB a dit qu'on verrait.", "[personne] a dit qu'on verrait."),
        ("Mme Le Gall et M. de La Tour", "Mme [personne] et M. [personne]"),
        ("Mme Da Silva, M. d'Almeida", "Mme [personne], M. [personne]"),
        ("Le Dr. Benali et la docteure Girard", "Le Dr. [personne] et la docteure [personne]"),
        ("MME GIRARD A VALIDÉ", "MME [personne] A VALIDÉ"),
        ("j'en ai parlé à madame girard", "j'en ai parlé à madame [personne]"),
        ("Julie de la Mission Locale a appelé.", "[personne] de la Mission Locale a appelé."),
        ("Karim du CIO est venu.", "[personne] du CIO est venu."),
        ("Julie – Mission Locale", "[personne] – Mission Locale"),
        ("Rose a partagé le document.", "[personne] a partagé le document."),
        ("karima benali m'a envoyé le lien", "[personne] m'a envoyé le lien"),
        ("voir avec Girard pour le planning", "voir avec [personne] pour le planning"),
        ("GIRARD a dit oui.", "[personne] a dit oui."),
        ("Léa et Karim ont animé.", "[personne] et [personne] ont animé."),
        ("Sophie M. du CIO a appelé.", "[personne] du CIO a appelé."),
        ("j'ai relancé Vasseur hier", "j'ai relancé [personne] hier"),
        ("C'est Radosław qui gère les salles.", "C'est [personne] qui gère les salles."),
        ("AGNÈS MOREL A VALIDÉ", "[personne] A VALIDÉ"),
        ("Mehdi et moi on anime.", "[personne] et moi on anime."),
    ],
)  # fmt: skip
def test_titles_initials_and_glued_names(rules, text, expected):
    assert rules(text) == expected


@pytest.mark.parametrize(
    "url",
    [
        "linkedin.com/in/jdupont",
        "https://www.linkedin.com/in/smarchal/",
        "https://calendly.com/smarchal/30min",
        "https://example.fr/equipe/girard",
        "www.example.fr/people/smarchal",
        "www.example.net/pierre.chabert",
    ],
)
def test_urls_carrying_a_name(rules, url):
    assert rules(f"Voir {url} pour ça") == "Voir [lien] pour ça"


@pytest.mark.parametrize(
    "text",
    [
        "Au lycée Jean Moulin et au collège Jules Ferry, rue Victor Hugo.",
        "Le centre Léo Lagrange accueille les jeunes.",
        "On oriente vers la Marine nationale.",
        "Le CR a été envoyé, la DR a validé, le SG aussi.",
        "Madame la directrice et monsieur le maire étaient là, un monsieur charmant aussi.",
        "Mme qui s'occupe de ça n'est pas là, il faut 10 m. environ.",
        "Look at this, on se voit at home.",
        "Voir www.onisep.fr/metiers et www.mission-locale-valence.fr/agenda.",
        "https://www.linkedin.com/company/cio-lyon",
        "Le plan B. Ensuite on verra.",
        "Rose, bleu, vert : chaque public a sa couleur.",
        "Claire et nette, la consigne est passée.",
    ],
)
def test_what_is_not_personal_stays(rules, text):
    assert rules(text) == text


def test_the_surname_list_ships_with_its_source():
    from importlib import resources

    from survey.privacy.redact import french_surnames

    text = resources.files("survey.privacy").joinpath("noms_fr.txt").read_text("utf-8")
    assert "Faker" in text and "MIT" in text
    surnames = french_surnames()
    assert len(surnames) > 300 and "girard" in surnames and "da silva" in surnames
    assert "petit" not in surnames  # ordinary words are left out


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


# Floors: the measured figures rounded down to two decimals (held-out half evaluated once,
# after the rules were tuned on the other half). Recall, then precision, per kind.
TUNE_FLOORS = {
    "PERSON": (1.0, 1.0),
    "EMAIL": (1.0, 1.0),
    "PHONE": (1.0, 1.0),
    "URL": (1.0, 1.0),
}
HELD_OUT_FLOORS = {
    "PERSON": (0.94, 1.0),
    "EMAIL": (1.0, 1.0),
    "PHONE": (1.0, 1.0),
    "URL": (0.91, 1.0),
}


def below(table, floors):
    return {
        label: (round(table.loc[label, "recall"], 4), round(table.loc[label, "precision"], 4))
        for label, (recall, precision) in floors.items()
        if table.loc[label, "recall"] < recall or table.loc[label, "precision"] < precision
    }


def test_quality_on_the_tuning_half(annotated):
    """Targets of the privacy issue (recall ≥ 0.95 on names, 1.0 on e-mails and phones,
    precision ≥ 0.9), on the half the rules were tuned on: met, and kept as floors."""
    assert below(scores(annotated, "tune"), TUNE_FLOORS) == {}


def test_quality_on_the_held_out_half(annotated):
    """The half the rules never saw: the figures reported in the README, as floors."""
    assert below(scores(annotated, "heldout"), HELD_OUT_FLOORS) == {}


# Second tuning round: 120 sentences written for it (hard name cases, traps), floors
# measured after the rules were tuned on them.
TUNE2_FLOORS = {
    "PERSON": (0.97, 1.0),
    "EMAIL": (1.0, 1.0),
    "PHONE": (1.0, 1.0),
    "URL": (1.0, 1.0),
}


def test_quality_on_the_second_tuning_set(data_dir):
    records = read_annotations(data_dir / "privacy" / "redaction_tune2.jsonl")
    assert below(scores(records, "tune2"), TUNE2_FLOORS) == {}


# A second held-out set (tests/data/privacy/redaction_heldout2.jsonl): 120 sentences written
# by someone who never saw the rules nor the other sets, evaluated once, after the second
# tuning round. The first held-out half was then evaluated a second time (names unchanged
# at 0.948). Floors: the measured figures rounded down.
HELD_OUT2_FLOORS = {
    "PERSON": (0.95, 0.94),
    "EMAIL": (1.0, 1.0),
    "PHONE": (0.93, 1.0),  # one number spelled out in words is missed
    "URL": (0.87, 1.0),
}


def test_quality_on_the_second_held_out_set(data_dir):
    records = read_annotations(data_dir / "privacy" / "redaction_heldout2.jsonl")
    assert below(scores(records, "heldout2"), HELD_OUT2_FLOORS) == {}


def test_known_places_need_a_capital():
    redactor = Redactor(places=["Vienne"], use_ner=False)
    assert redactor("Il faut qu'on vienne à Vienne.") == "Il faut qu'on vienne à [commune]."
