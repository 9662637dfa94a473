"""Pseudonymisation: contact data, names, structures that stay, the wave's own names."""

from itertools import pairwise
from pathlib import Path

import pandas as pd
import pytest

from survey.privacy import Redactor, redact, redact_series, use_redactor
from survey.privacy.disclosure import DisclosureRecord, profile_combinations, quote_attribution
from survey.privacy.evaluate import LABELS, evaluate, read_annotations
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
    ("text", "expected"),
    [
        (
            "c'est avec karim benali qu'on a fait l'atelier",
            "c'est avec [personne] qu'on a fait l'atelier",
        ),
        (
            "j'en ai parlé avec pierre et margot de la mission locale",
            "j'en ai parlé avec [personne] et [personne] de la mission locale",
        ),
        ("j'en ai parlé à florence du cio", "j'en ai parlé à [personne] du cio"),
        (
            "vous pouvez appeler ma collègue florence demain",
            "vous pouvez appeler ma collègue [personne] demain",
        ),
        (
            "et fleur elle est sur quel poste ? fleur ? elle est à l'accueil",
            "et [personne] elle est sur quel poste ? [personne] ? elle est à l'accueil",
        ),
        ("avec pierre on a refait le parcours", "avec [personne] on a refait le parcours"),
        (
            "Je remercie Claire pour sa relecture claire et précise.",
            "Je remercie [personne] pour sa relecture claire et précise.",
        ),
        (
            "une pierre de taille, la rose des vents, une eau claire qui coule",
            "une pierre de taille, la rose des vents, une eau claire qui coule",
        ),
        (
            "Nom : BOUCHARD ; Prénom : Margot ; Structure : CIO.",
            "Nom : [personne] ; Prénom : [personne] ; Structure : CIO.",
        ),
        (
            "Ferrand, Nadia   0:03\nOui alors moi je suis à la Mission Locale.",
            "[personne]   0:03\nOui alors moi je suis à la Mission Locale.",
        ),
        (
            "N.F. m'a conseillé de passer par le SPRO.",
            "[personne] m'a conseillé de passer par le SPRO.",
        ),
        (
            "J'ai transmis le dossier à J.-P. R. qui suit ce public.",
            "J'ai transmis le dossier à [personne] qui suit ce public.",
        ),
        ("Courriel : t.wisniewski @ example.fr", "Courriel : [courriel]"),
        (
            "il y a karima à givors et puis fabrice au cio",
            "il y a [personne] à givors et puis [personne] au cio",
        ),
        (
            "serge il dit toujours que c'est une usine à gaz",
            "[personne] il dit toujours que c'est une usine à gaz",
        ),
        (
            "appeler ange euh ange mbaye à cap emploi",
            "appeler [personne] euh [personne] à cap emploi",
        ),
        (
            "Intervenant 2 : martin oui martin de la cma",
            "Intervenant 2 : [personne] oui [personne] de la cma",
        ),
        (
            "il y avait zoé, lina et euh mathis",
            "il y avait [personne], [personne] et euh [personne]",
        ),
        ("On a fait ça avec Roux et son équipe.", "On a fait ça avec [personne] et son équipe."),
        ("Yasmine de l'accueil nous a orientés.", "[personne] de l'accueil nous a orientés."),
        (
            "écrivez à rachid tiret bensaid arobase example point com, bensaid sans tréma",
            "écrivez à [courriel], [personne] sans tréma",
        ),
        (
            "Des vidéos de 3 min max, depuis la fusion avec Rhône-Alpes.",
            "Des vidéos de 3 min max, depuis la fusion avec Rhône-Alpes.",
        ),
        (
            "Un emploi chez Leroy Merlin, au lycée professionnel Marie Curie, arrêt Jean Jaurès.",
            "Un emploi chez Leroy Merlin, au lycée professionnel Marie Curie, arrêt Jean Jaurès.",
        ),
        (
            "Réf. dossier 2024-03-118. Fiche de la conseillère : voir l'annuaire.",
            "Réf. dossier 2024-03-118. Fiche de la conseillère : voir l'annuaire.",
        ),
        ("Peu la maison. Allez-y.", "Peu la maison. Allez-y."),
        ("Entretien avec F. G., conseillère Apec.", "Entretien avec [personne], conseillère Apec."),
        ("Bien à vous,\nTh. Mercier", "Bien à vous,\n[personne]"),
        ("Contact : Oluwaseun Adeyemi, ou Siobhan O'Connor", "Contact : [personne], ou [personne]"),
        ("Le profil de Pieter Van den Berghe est ici.", "Le profil de [personne] est ici."),
        ("Présents : DA SILVA Joaquim, MARCHAND Sylvie.", "Présents : [personne], [personne]."),
        (
            "MARCHAND : oui enfin on en a parlé\nMAIL : voir plus bas",
            "[personne] : oui enfin on en a parlé\nMAIL : voir plus bas",
        ),
        ("@Kevin tu peux repartager le lien ?", "@[personne] tu peux repartager le lien ?"),
        (
            "Entretien n°7 – conseiller MIFE (AB) – 52 min",
            "Entretien n°7 – conseiller MIFE ([personne]) – 52 min",
        ),
        (
            "donc euh seb il disait que c'était mieux avant",
            "donc euh [personne] il disait que c'était mieux avant",
        ),
        (
            "Pascal disait qu'on devrait faire un annuaire.",
            "[personne] disait qu'on devrait faire un annuaire.",
        ),
        (
            "On utilise I-Milo et Ouiform. Bon Accueil, Bonne Organisation.",
            "On utilise I-Milo et Ouiform. Bon Accueil, Bonne Organisation.",
        ),
        ("Merci beaucoup, Madame Ferrandiz.", "Merci beaucoup, Madame [personne]."),
        ("Grand (CCI) a proposé une Matinale.", "[personne] (CCI) a proposé une Matinale."),
        (
            "Da Silva (France Travail) souhaite mutualiser.",
            "[personne] (France Travail) souhaite mutualiser.",
        ),
        (
            "Interview n°7 – Blanc (conseiller Info Jeunes)",
            "Interview n°7 – [personne] (conseiller Info Jeunes)",
        ),
        ("Rédigé par A. Moreau, relu par S.K..", "Rédigé par [personne], relu par [personne]."),
        (
            "euh pascale vous voulez rajouter quelque chose ?",
            "euh [personne] vous voulez rajouter quelque chose ?",
        ),
        ("ben germain euh il faisait le lien", "ben [personne] euh il faisait le lien"),
        (
            "SIRET : 123 456 789 00012, fiche ROME K2111",
            "SIRET : 123 456 789 00012, fiche ROME K2111",
        ),
    ],
)
def test_names_in_lower_case_labels_and_initials(text, expected):
    assert Redactor()(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Agnieszka Kowalczyk travaille au CIBC depuis 2018.",
            "[personne] travaille au CIBC depuis 2018.",
        ),
        (
            "La conseillère, Nguyen Thi Lan, accompagne des publics allophones.",
            "La conseillère, [personne], accompagne des publics allophones.",
        ),
        (
            "João Pereira et Ana Rodrigues da Silva animent l'atelier à la MIFE.",
            "[personne] et [personne] animent l'atelier à la MIFE.",
        ),
    ],
)
def test_foreign_names_the_tagger_calls_nouns(text, expected):
    assert Redactor()(text) == expected


@pytest.mark.parametrize(
    "url",
    [
        "linkedin.com/in/jdupont",
        "https://www.linkedin.com/in/smarchal/",
        "https://calendly.com/smarchal/30min",
        "https://example.fr/equipe/girard",
        "www.example.fr/people/smarchal",
        "www.example.net/pierre.chabert",
        "https://example.com/profil?user=sbenali&lang=fr",
        "example.org/portfolio/agnieszka-k",
        "example point com slash in slash jean-marc-lambert",
        "https://rdv.example.org/agenda/lbihan",
        "https://www.example.fr/annuaire/conseiller?id=priya-ramanathan",
        "http://www.sarahbouvier-formation.example.fr",
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
        "Atelier (formation) complet, Salon (animation) annulé.",
        "zéro retour, six ateliers, trente-neuf inscrits, 3 min max",
    ],
)
def test_what_is_not_personal_stays(rules, text):
    assert rules(text) == text


def test_the_surname_list_ships_with_its_source():
    from importlib import resources

    from survey.privacy.lexicon import french_surnames

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


def scores(records):
    return evaluate(Redactor(), records).set_index("label")


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in (Path(__file__).parents[1] / "data" / "privacy").glob("*.jsonl")),
)
def test_annotated_sets_are_well_formed(data_dir, name):
    records = read_annotations(data_dir / "privacy" / name)
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        spans = record["spans"]
        assert all(s["label"] in LABELS and 0 <= s["start"] < s["end"] for s in spans)
        assert all(a["end"] <= b["start"] for a, b in pairwise(spans))
        assert all(record["text"][s["start"] : s["end"]].strip() for s in spans)


def below(table, floors):
    return {
        label: (round(table.loc[label, "recall"], 4), round(table.loc[label, "precision"], 4))
        for label, (recall, precision) in floors.items()
        if table.loc[label, "recall"] < recall or table.loc[label, "precision"] < precision
    }


# The annotated sets (tests/data/privacy/), in the order they were written, and their
# floors: the figures measured with the current rules, rounded down to two decimals
# (recall, then precision, per kind). How each held-out set scored the first and only time
# it was measured before any tuning on it (the README keeps the whole history):
#   heldout  (half of redaction_set, 156 sentences): names 0.948, after rounds 1 and 2;
#   heldout2 (120, written blind): names 0.955, phones 0.94, after round 2;
#   heldout3 (220, written blind): names 0.841, precision 0.943, after round 3, then tuned
#            on (round 4);
#   heldout4 (220, written blind): names 0.883, precision 0.966, URLs 0.80, after round 4,
#            then tuned on (round 5);
#   heldout5 (200, written blind): names 0.9375, precision 0.991, URLs 0.875, after round 5,
#            then tuned on (round 6);
#   heldout6 (220, written blind): names 0.955 (127/133), precision 0.992, e-mails, phones
#            and URLs 1.0, after round 6; never tuned on.
CONTACTS = {"EMAIL": (1.0, 1.0), "PHONE": (1.0, 1.0)}
QUALITY = {
    ("redaction_set.jsonl", "tune"): {"PERSON": (1.0, 1.0), "URL": (1.0, 1.0), **CONTACTS},
    ("redaction_tune2.jsonl", "tune2"): {"PERSON": (0.98, 1.0), "URL": (1.0, 1.0), **CONTACTS},
    ("redaction_tune3.jsonl", "tune3"): {"PERSON": (0.99, 0.99), "URL": (1.0, 1.0), **CONTACTS},
    ("redaction_heldout3.jsonl", "heldout3"): {
        "PERSON": (0.97, 0.99),
        "URL": (1.0, 1.0),
        **CONTACTS,
    },
    ("redaction_heldout4.jsonl", "heldout4"): {
        "PERSON": (0.98, 0.97),
        "URL": (1.0, 1.0),
        **CONTACTS,
    },
    ("redaction_set.jsonl", "heldout"): {"PERSON": (0.96, 1.0), "URL": (1.0, 1.0), **CONTACTS},
    ("redaction_heldout2.jsonl", "heldout2"): {
        "PERSON": (0.98, 0.97),
        "URL": (0.87, 1.0),
        **CONTACTS,
    },
    ("redaction_heldout5.jsonl", "heldout5"): {
        "PERSON": (1.0, 1.0),
        "URL": (1.0, 1.0),
        **CONTACTS,
    },
    # The set no rule was ever tuned on: the targets, met.
    ("redaction_heldout6.jsonl", "heldout6"): {
        "PERSON": (0.95, 0.99),
        "URL": (1.0, 1.0),
        **CONTACTS,
    },
}


@pytest.mark.parametrize(("name", "split"), list(QUALITY))
def test_quality_on_each_annotated_set(data_dir, name, split):
    """Targets of the privacy issue: recall ≥ 0.95 on names and 1.0 on e-mails and phones,
    precision ≥ 0.9; the floors keep what each set measured."""
    records = [r for r in read_annotations(data_dir / "privacy" / name) if r["split"] == split]
    assert len(records) >= 120
    assert below(scores(records), QUALITY[name, split]) == {}


def test_known_places_need_a_capital():
    redactor = Redactor(places=["Vienne"], use_ner=False)
    assert redactor("Il faut qu'on vienne à Vienne.") == "Il faut qu'on vienne à [commune]."
