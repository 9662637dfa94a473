"""The word lists pseudonymisation relies on: first names and surnames (shipped files),
first names that are also ordinary words, words never taken for names, structures and
brands that stay, acronyms."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from survey._fold import fold

# First names that are also ordinary words: taken as names only when capitalised
# inside a sentence or before a surname, never in lower case.
AMBIGUOUS_FIRST_NAMES = frozenset(
    [
        "claire",
        "pierre",
        "rose",
        "marine",
        "olive",
        "blanche",
        "prune",
        "violette",
        "capucine",
        "jade",
        "ambre",
        "perle",
        "celeste",
        "victoire",
        "france",
        "grace",
        "aime",
        "desire",
        "constant",
        "clement",
        "franc",
        "juste",
        "noel",
        "pascal",
        "lazare",
        "martin",
        "laurent",
        "florence",
        "valence",
        "germain",
        "patience",
        "colombe",
        "fleur",
        "aurore",
        "reine",
        "marin",
        "ange",
        "dominique",
        "camille",
        "charlotte",
        "madeleine",
        "salome",
        "mercedes",
        "loire",
        "vienne",
        "amour",
        "esperance",
        "fortune",
        "merveille",
        "harmonie",
        "vanille",
        "cerise",
        "candide",
        "modeste",
        "prudence",
        "constance",
        "innocent",
        "fidele",
        "parfait",
        "prince",
        "saint",
        "line",
        "loup",
        "dune",
        "cristal",
        "venise",
    ]
)

# Words the recogniser sometimes takes for names and that are never personal here.
NEVER_NAMES = frozenset(
    [
        "ben",
        "bah",
        "euh",
        "heu",
        "hein",
        "bon",
        "voilà",
        "oui",
        "non",
        "ok",
        "okay",
        "merci",
        "bonjour",
        "bonsoir",
        "alors",
        "donc",
        "spro",
        "région",
        "etat",
        "état",
        "matinales",
        "matinale",
        "rdv",
        "webinaire",
        "webinaires",
        "newsletter",
        "teams",
        "zoom",
        "internet",
        "google",
        "covid",
        "cep",
        "psad",
        "ij",
        "qpv",
        "caf",
        "cfa",
        "tel",
        "tél",
        "mail",
        "courriel",
        "accueil",
        "max",
        "min",
        "réf",
        "ref",
        "fiche",
        "objet",
        "email",
        "mél",
        "mel",
        "téléphone",
        "telephone",
        "portable",
        "adresse",
        "profil",
        "fax",
        "mob",
        "parfait",
        "janvier",
        "avril",
        "mai",
    ]
)
# Companies named after people: allowed as a whole, their words stay names elsewhere.
BRANDS = ("Leroy Merlin", "Pierre et Vacances", "Yves Rocher", "Jean Lain", "Louis Vuitton")
BRAND = re.compile("|".join(rf"\b{re.escape(fold(b))}\b" for b in BRANDS))
ALWAYS_ALLOWED = (
    "SPRO",
    "Service public régional de l'orientation",
    "Région",
    "Auvergne-Rhône-Alpes",
    "Auvergne",
    "Rhône-Alpes",
    "France",
    "Europe",
    "CREFOP",
    "Via Compétences",
    "RésOpro",
    "Onisep",
    "CIDJ",
    "Cléor",
    "Parcoureo",
    "Parcouréo",
    "Métierscope",
    "MétierScope",
    "Certif'Aura",
    "O'rêka",
    "Avenir Actifs",
    "France Travail",
    "Pôle emploi",
    "Apec",
    "Cap Emploi",
    "Mission Locale",
    "Missions Locales",
    "Information Jeunesse",
    "Info Jeunes",
    "Mondial des Métiers",
    "Matinales du SPRO",
    "RDV Compétences",
    "Éducation nationale",
    "Parcoursup",
    "France Services",
    "Cité des métiers",
    # Orientation tools and public programmes the recogniser takes for people.
    "Inforizon",
    "I-Milo",
    "Ouiform",
    "Transférence",
    "Diagoriente",
    "Prépa Apprentissage",
    "Garantie jeunes",
    "Contrat d'engagement jeune",
    "Parcours emploi compétences",
    "Compagnons du Devoir",
    "Carif-Oref",
    "DREETS",
    # Temporary-work agencies, named with the verbs that take a person ("appelé Adecco").
    "Adecco",
    "Manpower",
    "Randstad",
    "Proman",
    "Ain",
    "Allier",
    "Ardèche",
    "Cantal",
    "Drôme",
    "Isère",
    "Loire",
    "Haute-Loire",
    "Puy-de-Dôme",
    "Rhône",
    "Savoie",
    "Haute-Savoie",
)


@cache
def french_first_names() -> frozenset[str]:
    """The 6 000 most frequent first names in France (INSEE), folded."""
    text = resources.files("survey.privacy").joinpath("prenoms_fr.txt").read_text("utf-8")
    return frozenset(fold(line) for line in text.splitlines() if line and not line.startswith("#"))


@cache
def french_surnames() -> frozenset[str]:
    """Frequent French surnames that are not ordinary words (``noms_fr.txt``), folded."""
    text = resources.files("survey.privacy").joinpath("noms_fr.txt").read_text("utf-8")
    return frozenset(fold(line) for line in text.splitlines() if line and not line.startswith("#"))


# Pairs of capitals that are acronyms or words in capitals, never initials.
NOT_INITIALS = frozenset(
    re.findall(
        r"\w+",
        """OK TV PC UE EU BD TD TP PV DS SA CE CM CP RS IT US UK FB QR AG CA CD DR MS PS SP UT
        AI VR HR IR BP UN LE LA DE DU ET OU EN AU IL ON NE SE MA TA ME TE NI SI JE TU DJ AR NB
        PJ CC PO TG""",
    )
)
NOTE_WORDS = frozenset(
    re.findall(
        r"\w+",
        """attention important rappel objet note nota remarque question reponse contexte
        conclusion synthese theme sujet date lieu duree contact participants presents absents
        excuses ordre bilan resume avis info infos urgent adresse mail email site web nom prenom
        structure fonction poste service siret siren naf ape rome code""",
    )
)
NAME_PARTICLES = frozenset(["van", "von", "den", "der", "de", "da", "dos", "di", "ben", "el", "al"])

ACRONYMS = frozenset(
    [
        "CIO",
        "CCI",
        "CMA",
        "CEP",
        "MIFE",
        "CIDFF",
        "SCUIO",
        "SPRO",
        "CFA",
        "CAF",
        "ML",
        "IJ",
        "PIJ",
        "BIJ",
        "CRIJ",
        "MEF",
        "RSA",
        "CPF",
        "VAE",
        "QPV",
        "IA",
        "PSAD",
        "CV",
        "PDF",
        "URL",
        "RH",
        "ROME",
        "BTS",
        "CAP",
        "RDV",
        "APEC",
        "DDFPT",
        "CPE",
        "CIRFA",
        "CR",
        "GT",
        "OTLV",
        "CREFOP",
        "CIBC",
        "AURA",
    ]
)
