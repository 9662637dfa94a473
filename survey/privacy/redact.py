"""Pseudonymisation of verbatims: contact data, person names and, optionally, places.

A :class:`Redactor` finds personal data with, in this order of precedence:
e-mail (also written out: "arobase", "[at]", "(point)", spaces or a line break around
"@"), URL carrying a name (a first name or surname in the path, a profile page such as
linkedin.com/in/…) and French phone-number patterns; the names the wave knows (speakers
of the transcripts, interviewees' profiles, interviewers, a list the analyst extends);
titles followed by a name ("Mme Berthon", "M. D.", "Mme de La Tour"), initials before a
name ("J.-P. Martin") or before a verb ("JB a dit"); spaCy's French named-entity
recogniser; a list of French first names (INSEE, ``prenoms_fr.txt``) for the first names
the recogniser misses, also when glued to a structure ("Julie de la Mission Locale") or
typed in capitals ("MARIE-LAURE DUCHÊNE A VALIDÉ"); any capitalised word after a verb
that takes a person ("j'ai relancé Roux", "voir avec Chabert") or in a cleft sentence
("c'est Wojciech qui gère"), listed or not;
and a list of frequent French surnames (``noms_fr.txt``, from the PyPI package Faker,
MIT licence; see the file's header) for surnames written in capitals, after a first
name or a cue ("voir avec Girard"), or in a URL. Structure and network names stay: an
allow-list built from the questionnaire's options and the coding frame keeps them, and
a name right after "lycée", "collège", "rue", "centre"… is taken for the name of a
place or building ("lycée Jules Ferry"), not for a person.

Replacements are readable French tags; every replacement is counted by kind, never
recorded by value, for the methods appendix.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from survey._fold import fold

TAGS = {
    "EMAIL": "[courriel]",
    "URL": "[lien]",
    "PHONE": "[téléphone]",
    "PERSON": "[personne]",
    "PLACE": "[commune]",
}
PRIORITY = {"EMAIL": 0, "URL": 1, "PHONE": 2, "PERSON": 3, "PLACE": 4}

# An address as typed; spaces or a line break may surround "@" and follow a dot.
_BREAK = r"(?:[ \t]*\n[ \t]*|[ \t])?"
EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]+(?:(?<=-)[ \t]*\n[ \t]*[\w.+-]+)*{_BREAK}[@＠]{_BREAK}"
    r"[\w-]+(?:\.(?:[ \t]*\n[ \t]*)?[\w-]+)+(?<![.-])",
    re.UNICODE,
)
# An address disguised or spelled out: "prenom.nom [at] exemple [point] fr",
# "prenom.nom(at)exemple.fr", "prenom.nom at exemple.fr", "prenom . nom @ exemple . fr".
# The domain must end in a known top-level domain (so that "at home" stays).
_BRACKETED = r"\s?[\[({{<]\s?(?:{})\s?[\])}}>]\s?"
_AT = (
    r"(?:"
    + _BRACKETED.format(r"@|＠|at|arr?obase?")
    + r"|\s+(?:at|arr?obase?|a\s+commercial)\s+|\s?[@＠]\s?)"
)
_DOT = r"(?:" + _BRACKETED.format(r"\.|dot|point") + r"|\s+(?:dot|point)\s+|\s?\.\s?)"
_LOCAL_SEP = (
    r"(?:[.-]|\s\.\s|"
    + _BRACKETED.format(r"\.|dot|point")
    + r"|\s+(?:point|dot|tiret(?:\s+du)?(?:\s+bas)?|underscore)\s+)"
)
_TLD = r"(?:fr|com|org|net|eu|info|io|be|ch|ca|lu|me|co|pro|edu|gouv|biz|de|uk|es|it)"
DISGUISED_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w+]+(?:{_LOCAL_SEP}[\w+]+)*{_AT}"
    rf"[\w-]+(?:(?:{_DOT}|\s+tiret\s+)[\w-]+)*?{_DOT}{_TLD}\b",
    re.IGNORECASE,
)
SPOKEN_EMAIL = re.compile(
    r"\b[\w-]+(?:(?:\s+(?:point|tiret)\s+|\.)[\w-]+)*\s+(?:arr?obase?|a\s+commercial)\s+"
    r"[\w-]+(?:(?:\s+(?:point|tiret)\s+|\.)[\w-]+)*(?:\s+point\s+|\.)[\w-]+",
    re.IGNORECASE,
)
_EMAIL_HINT = re.compile(r"[@＠]|obas|\bat\b|commercial", re.IGNORECASE)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:fr|org|com|net|eu|info|io|me|co|be|ch|pro)/[^\s<>\"']*",
    re.IGNORECASE,
)
# Pages that are one person's: a profile, a CV, a booking page.
_PROFILE_URL = re.compile(
    r"(?:linkedin\.com/(?:in|pub)/|viadeo\.com/(?:p|\w\w/profile)/|calendly\.com/"
    r"|/(?:u|users?|profils?|profiles?|people|membres?|members?|auteurs?|authors?|cv)/)"
    r"[\w.%-]{2,}",
    re.IGNORECASE,
)
PHONE = re.compile(
    r"(?<![\w+])(?:\(?(?:\+|00)\s?33\)?\s?(?:\(0\)\s?)?[1-9](?:[\s.,\-]{0,2}\d){8}"
    r"|0[1-9](?:[\s.,\-]{0,2}\d){8})(?!\d)"
)
TITLES = (
    r"(?:M\.|MM\.|Mr\.?|Mme\.?|MME\.?|Mmes|MMES|Mlle\.?|MLLE\.?|Mlles|Dr\.?|Dre"
    r"|Pr\.?|(?i:madame|mesdames|mademoiselle|monsieur|messieurs|docteure?|professeure?))"
)
# A name after a title: capitalised words or initials, maybe after a particle
# ("Mme Berthon", "M. D.", "Mme de La Tour", "M. d'Artagnan", "Mme Le Gall").
_NAME_PART = r"(?:[A-ZÀ-Ý][\w'’-]+|[A-ZÀ-Ý]\.(?:[ \t]?-?[ \t]?[A-ZÀ-Ý]\.)*)"
_PARTICLE = r"(?:(?:de|du|des|da|dos|di|del|van|von|der|ben|el|al)\s+|d['’])"
_OFFICE = (
    r"(?:[Ll]es?|[Ll]a)\s+(?i:direct|maire|pr[ée]sident|pr[ée]f|ministre|rect|proviseur|principal"
    r"|d[ée]put|s[ée]nat|conseill|responsable|chef|secr[ée]taire|adjoint|d[ée]l[ée]gu|inspect)"
)
TITLE = re.compile(
    rf"(?<![\w.])(?<!\d )(?:{TITLES})\s+(?!{_OFFICE})({_PARTICLE}?{_NAME_PART}(?:\s+{_NAME_PART})?)"
)
_NOT_AFTER_TITLE = (
    r"qui|que|quoi|est|était|etait|sera|avait|aussi|pour|dans|avec|sans|sur|chez|mais|donc|alors"
    r"|bien|très|tres|tout|toute|tous|vous|nous|elle|elles|ils|les|des|une|son|ses|mon|mes|vos"
    r"|nos|leur|leurs|cette|ces|aux|par|pas|plus|encore|déjà|deja|ici|ont|sont|avez|fait|dit"
    r"|directrice|directeur|maire|présidente?|presidente?|ministre|préfète|préfet|prefet|recteur"
    r"|rectrice|proviseure?|principale?|conseillère|conseiller|responsable|chef|adjointe?"
    r"|bonjour|bonsoir|merci|oui|non|euh|ben|bah|enfin|voilà|voila|environ"
)
_FUNCTION_WORD = re.compile(_NOT_AFTER_TITLE)
LOWER_TITLE = re.compile(
    r"(?<![\w.])(?<!\d )(?:m\.|mr\.?|mme\.?|mlle\.?|madame|monsieur|mademoiselle|dr\.?|docteure?)"
    rf"\s+(?!(?:{_NOT_AFTER_TITLE})\b)(?![a-zà-ÿ]['’])([a-zà-ÿ][\w'’-]{{2,}})"
)
# Initials before a name ("J.-P. Martin", "A.-C. Dubois", "J. Girard").
_INITIALS = re.compile(
    r"(?<![\w.'’-])((?:[A-ZÀ-Ý]\.[ \t]?-?[ \t]?){1,3})"
    r"((?:[A-ZÀ-Ý][a-zà-ÿ'’]+|[A-ZÀ-Ý]{2,})(?:-[A-ZÀ-Ý][\w'’]+)?)"
)
# Two capitals standing for a compound first name ("JB", "JP Martin", "J-P").
_PAIR = re.compile(r"(?<![\w.'’&/-])([A-ZÀ-Ý]{2}|[A-ZÀ-Ý]\.?-[A-ZÀ-Ý]\.?)(?![\w'’&/-])")
# Pairs of capitals that are acronyms or words in capitals, never initials.
_NOT_INITIALS = frozenset(
    re.findall(
        r"\w+",
        """OK TV PC UE EU BD TD TP PV DS SA CE CM CP RS IT US UK FB QR AG CA CD DR MS PS SP UT
        AI VR HR IR BP UN LE LA DE DU ET OU EN AU IL ON NE SE MA TA ME TE NI SI JE TU DJ AR NB
        PJ CC PO TG""",
    )
)
_PAIR_BEFORE = re.compile(
    r"\b(?:avec|voir|demander\s+à|demandé\s+à|appeler|appelé|contacter|contacté|part\s+de|"
    r"merci\s+à|coucou\s+à|dis\s+à|dites\s+à)\s+$",
    re.IGNORECASE,
)
# After a person's name: a verb in the past with "a"/"avait" or a pronoun ("Rose a partagé",
# "JB m'a dit", "Sophie nous a envoyé").
_VERB_AFTER = re.compile(
    r"\s+(?:(?:m['’]|t['’]|l['’]|nous\s+|vous\s+|lui\s+|leur\s+|les\s+)?(?:a|avait)\s+"
    r"(?:(?:bien|déjà|aussi|pas|tout|encore|toujours|jamais|vite)\s+)?"
    r"[a-zà-ÿ]+(?:é|ée|és|ées|i|ie|is|ise|it|ite|u|ue|us|ert|erte|ait|aite|int|ainte)\b"
    r"|(?:m['’]|nous\s+|vous\s+)(?:dit|a|avait|envoie|envoyait|appelle|rappelle|écrit|explique)\b)"
)
# A first name glued to its structure: "Julie de la Mission Locale", "Karim du CIO".
_GLUED = re.compile(r"\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*[A-ZÀ-Ý]")
# Names of schools, streets and buildings that are people's names ("lycée Jules Ferry").
_NAMED_AFTER = re.compile(
    r"\b(?i:lycée|lycee|collège|college|école|ecole|groupe\s+scolaire|université|universite|iut"
    r"|institut|centre|espace|maison|médiathèque|mediatheque|bibliothèque|bibliotheque|salle"
    r"|gymnase|stade|rue|avenue|av\.|boulevard|bd|quai|impasse|allée|allee|chemin|route|square"
    r"|parc|pont|hôpital|hopital|clinique|fondation|association|résidence|residence|foyer|campus"
    r"|promenade|esplanade|halle|théâtre|theatre|musée|musee|cinéma|cinema|piscine)"
    r"\s+(?:Sainte?[-\s])?(?:[A-ZÀ-Ý][\w'’-]*\.?\s+){0,2}$"
)
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:le|la|les|un|une|des|du|au|aux|ce|cette|sa|son|ses|ma|mon|mes|ta|ton|notre|votre"
    r"|leur)\s+|\bl['’])$",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}'’\""
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
_CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\b")
_CUES = re.compile(
    r"(?:collègue|collègues|avec|appelé|appelée|appeler|contacter|contacté|voir|demander|"
    r"demandé|part de|chez|dit|conseillère|conseiller|directrice|directeur|responsable|"
    r"référente|référent|et)\s+$",
    re.IGNORECASE,
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
        "fax",
        "mob",
        "parfait",
        "janvier",
        "avril",
        "mai",
    ]
)
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


@dataclass(frozen=True)
class Analysis:
    """What the recogniser saw in one text: entities (label, tokens) and proper nouns."""

    entities: tuple
    proper_nouns: frozenset[int]  # character offsets where a PROPN token starts


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


@dataclass
class Redactor:
    """Replace personal data in French texts by tags (see module docstring).

    Parameters
    ----------
    names
        Person names the wave knows (full names; their parts are used too).
    places
        Places to tag below the département level (communes, neighbourhoods).
    allow
        Names that must stay (structures, networks, tools).
    tag_places
        Tag places found by the recogniser or listed in ``places`` (default: yes).
    use_ner
        Use spaCy's named-entity recogniser (default: yes).
    """

    names: Iterable[str] = ()
    places: Iterable[str] = ()
    allow: Iterable[str] = ()
    tag_places: bool = True
    use_ner: bool = True
    counts: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        parts: set[str] = set()
        for name in self.names:
            parts.add(fold(name.strip()))
            parts.update(fold(p) for p in re.split(r"[\s]+", name) if len(p) >= 3)
        allowed = {fold(a) for a in (*ALWAYS_ALLOWED, *ACRONYMS, *self.allow)}
        self._allowed = frozenset(allowed)
        self._allowed_words = frozenset(w for a in allowed for w in re.split(r"[\s'-]+", a) if w)
        self._names = frozenset(p for p in parts if p and p not in allowed)
        self._places = frozenset(fold(p) for p in self.places if fold(p) not in allowed)
        self._name_re = _alternation(self._names)
        self._place_re = _alternation(self._places)

    # -- public -----------------------------------------------------------------------------
    def __call__(self, text: str) -> str:
        return self.redact_many([text])[0]

    def redact_many(self, texts: Sequence[str]) -> list[str]:
        """Redact several texts (the recogniser runs once over all of them)."""
        analyses = self.analyse(texts)
        return [self._apply(t, self.find(t, a)) for t, a in zip(texts, analyses, strict=True)]

    def find(self, text: str, analysis: Analysis | None = None) -> list[Span]:
        """The personal-data spans of a text (non-overlapping, in order)."""
        analysis = analysis or Analysis((), frozenset())
        folded = fold(text)
        spans = self._emails(text)
        for m in URL.finditer(text):
            url = m.group().rstrip(_TRAILING)
            if self._url_has_name(url):
                spans.append(Span(m.start(), m.start() + len(url), "URL"))
        spans += [Span(m.start(), m.end(), "PHONE") for m in PHONE.finditer(text)]
        if self._name_re is not None:
            spans += [Span(m.start(), m.end(), "PERSON") for m in self._name_re.finditer(folded)]
        people = [
            Span(m.start(1), m.end(1), "PERSON")
            for m in TITLE.finditer(text)
            if not self._structure_words(m.group(1))  # "M. du CIO": the title of a letter
        ]
        people += [
            Span(m.start(1), m.end(1), "PERSON")
            for m in LOWER_TITLE.finditer(text)
            # "un monsieur charmant": a title after a determiner is not a title.
            if not _DETERMINER_BEFORE.search(text, 0, m.start())
        ]
        people += self._initials(text, analysis.proper_nouns)
        for entity in analysis.entities:
            found = self._from_entity(text, entity)
            spans += [s for s in found if s.kind != "PERSON"]
            people += [s for s in found if s.kind == "PERSON"]
        people += self._first_names(text, analysis.proper_nouns)
        people += self._caps_first_names(text)
        people += self._cued_names(text, analysis.entities)
        people += self._surnames(text)
        spans += [s for s in people if self._person_in_context(text, s)]
        if self.tag_places and self._place_re is not None:
            # Places written with a capital only: "qu'on vienne" is a verb, "Vienne" a town.
            spans += [
                Span(m.start(), m.end(), "PLACE")
                for m in self._place_re.finditer(folded)
                if text[m.start()].isupper()
            ]
        return _resolve(spans)

    # -- rules ------------------------------------------------------------------------------
    def analyse(self, texts: Sequence[str]) -> list[Analysis]:
        """Run the recogniser once over several texts.

        Text typed in capitals is shown to it in ordinary case (same length, so offsets
        hold): capitals make it see names everywhere.
        """
        if not self.use_ner:
            return [Analysis((), frozenset()) for _ in texts]
        from survey.text.nlp import load_nlp

        nlp = load_nlp(components=("tok2vec", "morphologizer", "ner"))
        out = []
        for doc in nlp.pipe([_ordinary_case(t) for t in texts], batch_size=64):
            entities = tuple(
                (e.label_, tuple((t.idx, t.idx + len(t), t.pos_) for t in e)) for e in doc.ents
            )
            proper = frozenset(t.idx for t in doc if t.pos_ == "PROPN")
            out.append(Analysis(entities, proper))
        return out

    def _emails(self, text: str) -> list[Span]:
        if not _EMAIL_HINT.search(text):
            return []
        spans = [Span(m.start(), m.end(), "EMAIL") for m in EMAIL.finditer(text)]
        for m in (*DISGUISED_EMAIL.finditer(text), *SPOKEN_EMAIL.finditer(text)):
            start = m.start()
            # Spoken without a separator, the first name comes first: "sophie marchal arobase…".
            before = _WORD_BEFORE.search(text, 0, start)
            if before and "@" not in m.group() and self._is_name_word(before.group(1)):
                start = before.start(1)
            spans.append(Span(start, m.end(), "EMAIL"))
        return spans

    def _is_name_word(self, word: str) -> bool:
        key = fold(word)
        return key in self._names or (
            key not in AMBIGUOUS_FIRST_NAMES
            and key not in self._allowed_words
            and (key in french_first_names() or key in french_surnames())
        )

    def _initials(self, text: str, proper_nouns: frozenset[int]) -> list[Span]:
        """Initials before a name ("J.-P. Martin") or a verb ("JB a dit", "avec MC")."""
        spans = []
        if "." in text:
            for m in _INITIALS.finditer(text):
                initials, word = m.group(1), m.group(2)
                key = fold(word)
                if key in self._allowed_words or key in NEVER_NAMES or word in ACRONYMS:
                    continue
                several = initials.count(".") > 1
                if initials.strip() == "M.":  # a title: see TITLE
                    continue
                if several or m.start(2) in proper_nouns or self._is_name_word(word):
                    spans.append(Span(m.start(), m.end(), "PERSON"))
        for m in _PAIR.finditer(text):
            pair = m.group(1)
            if pair in ACRONYMS or pair in _NOT_INITIALS or fold(pair) in self._allowed_words:
                continue
            if _DETERMINER_BEFORE.search(text, 0, m.start()):  # "la DR", "le SG": acronyms
                continue
            after = text[m.end() :]
            surname = _MIXED_CASE_WORD.match(after)
            if surname and fold(surname.group(1)) not in self._allowed_words:
                spans.append(Span(m.start(), m.end() + surname.end(), "PERSON"))
            elif _VERB_AFTER.match(after) or _PAIR_BEFORE.search(text, 0, m.start()):
                spans.append(Span(m.start(), m.end(), "PERSON"))
        return spans

    def _surnames(self, text: str) -> list[Span]:
        """Surnames of the list: in capitals ("GIRARD"), or capitalised inside a sentence."""
        surnames = french_surnames()
        spans = []
        for m in _SURNAME_WORD.finditer(text):
            word = m.group()
            key = fold(word)
            if key not in surnames or key in self._allowed_words or key in self._places:
                continue
            if word in ACRONYMS or key in NEVER_NAMES:
                continue
            if word.isupper():
                if len(word) >= 4:
                    spans.append(Span(m.start(), m.end(), "PERSON"))
                continue
            before = text[: m.start()]
            opening = not before.strip() or before.rstrip()[-1:] in '.!?«"\n]'
            after = text[m.end() :]
            if not opening or _VERB_AFTER.match(after) or re.match(r"\s*[,(:]", after):
                spans.append(Span(m.start(), m.end(), "PERSON"))
        return spans

    def _person_in_context(self, text: str, span: Span) -> bool:
        """False for a name that names a building or street, or an ordinary word."""
        before = text[max(0, span.start - 40) : span.start]
        if _NAMED_AFTER.search(before):
            return False
        chunk = text[span.start : span.end]
        # "la Marine nationale", "la Rose des vents": a first name that is also a word,
        # after a determiner, is the word.
        return not (fold(chunk) in AMBIGUOUS_FIRST_NAMES and _DETERMINER_BEFORE.search(before))

    def _from_entity(self, text: str, entity) -> list[Span]:
        label, tokens = entity
        # Keep the proper nouns of the entity (and known names): "Joindre M. Giraud" → "Giraud".
        kept = [
            (s, e)
            for s, e, pos in tokens
            if (pos == "PROPN" or self._known(text[s:e]))
            and fold(text[s:e]) not in self._allowed_words
            and not re.fullmatch(TITLES, text[s:e])
        ]
        if not kept:
            return []
        start, end = kept[0][0], kept[-1][1]
        chunk = text[start:end]
        first_name = fold(chunk.split()[0]) in french_first_names()
        if label == "LOC" and first_name and fold(chunk) not in self._places:
            label = "PER"
        if label == "PER" and self._word_not_name(text, start, end):
            return []  # "Claire et nette, …", "Rose, bleu, vert : …"
        if label == "PER" and self._plausible_person(chunk):
            return [Span(start, end, "PERSON")]
        if label in ("LOC", "PER") and self.tag_places and self._plausible_place(chunk):
            return [Span(start, end, "PLACE")]
        return []

    def _known(self, chunk: str) -> bool:
        key = fold(chunk)
        return key in self._names or key in self._places

    def _url_has_name(self, url: str) -> bool:
        if "~" in url or "@" in url or _PROFILE_URL.search(url):
            return True
        first, surnames = french_first_names(), french_surnames()

        def named(token: str, in_path: bool) -> bool:
            if token in self._names:
                return True
            if len(token) < 3 or token in self._allowed_words:
                return False
            if not in_path and token in AMBIGUOUS_FIRST_NAMES:  # mission-locale-valence.fr
                return False
            return token in first or token in surnames

        host, _, path = re.sub(r"^(?:https?://)?", "", url, flags=re.IGNORECASE).partition("/")
        for part, in_path in ((host, False), (path, True)):
            for token in re.split(r"[/._\-?=&#:+%]+", fold(part)):
                if named(token, in_path):
                    return True
                # "jdupont", "jbmoreau": initials glued to a surname or first name.
                if (
                    in_path
                    and token.isalpha()
                    and any(len(token) - k >= 4 and named(token[k:], in_path) for k in (1, 2))
                ):
                    return True
        return False

    def _plausible_person(self, chunk: str) -> bool:
        key = fold(chunk)
        if not chunk or key in self._allowed or not chunk[:1].isupper():
            return False
        words = [w for w in re.split(r"[\s'-]+", key) if w]
        if all(w in NEVER_NAMES or w in self._allowed_words for w in words):
            return False
        return not any(ch.isdigit() for ch in chunk)

    def _plausible_place(self, chunk: str) -> bool:
        key = fold(chunk)
        return (
            bool(chunk)
            and chunk[:1].isupper()
            and key not in self._allowed
            and key not in NEVER_NAMES
        )

    def _first_names(self, text: str, proper_nouns: frozenset[int]) -> list[Span]:
        """First names from the INSEE list that the recogniser missed.

        Capitalised: inside a sentence, before a surname, or opening a sentence when a
        comma, colon or bracket, a verb in the past ("Rose a partagé") or a structure
        ("Julie de la Mission Locale") follows. In lower case ("karima"): only when the
        tagger saw a proper noun there or a cue surrounds it, and the name is not also an
        ordinary word; a surname of the list that follows goes with it.
        """
        first, surnames = french_first_names(), french_surnames()
        spans = []
        for m in _WORDS.finditer(text):
            word, key = m.group(), fold(m.group())
            if key not in first or key in self._allowed_words or key in NEVER_NAMES:
                continue
            if word[:1].islower():
                end = m.end()
                nxt = _LOWER_NEXT.match(text, end)
                # "karima benali m'a dit": the word after goes with the first name when it
                # is a surname, a proper noun, or when a verb follows it.
                if nxt and (
                    fold(nxt.group(1)) in surnames
                    or nxt.start(1) in proper_nouns
                    or (
                        not _FUNCTION_WORD.fullmatch(fold(nxt.group(1)))
                        and _VERB_AFTER.match(text, nxt.end())
                    )
                ):
                    end = nxt.end()
                after = text[end:]
                cue = (
                    _LOWER_BEFORE.search(text, 0, m.start())
                    or _LOWER_AFTER.match(after)
                    or _VERB_AFTER.match(after)
                )
                if key not in AMBIGUOUS_FIRST_NAMES and (m.start() in proper_nouns or cue):
                    spans.append(Span(m.start(), end, "PERSON"))
                continue
            before, after = text[: m.start()], text[m.end() :]
            caps_before = _CAPS_SURNAME_BEFORE.search(before)
            if caps_before and caps_before.group(1) not in ACRONYMS:
                spans.append(Span(caps_before.start(1), m.end(), "PERSON"))
                continue
            listed_before = _CAP_WORD_BEFORE.search(before)
            if listed_before and fold(listed_before.group(1)) in surnames:
                spans.append(Span(listed_before.start(1), m.end(), "PERSON"))
                continue
            surname = _SURNAME.match(after)
            if surname and fold(surname.group("last")) not in self._allowed_words:
                spans.append(Span(m.start(), m.end() + surname.end(), "PERSON"))
                continue
            opening = not before.strip() or before.rstrip()[-1:] in '.!?«"\n]'
            if self._word_not_name(text, m.start(), m.end()):
                continue
            if (
                not opening
                or _CUES.search(before[-30:])
                or re.match(r"\s*(?:[,(:?–—]|-\s)", after)
                or _VERB_AFTER.match(after)
                or _GLUED.match(after)
                or _AND_ME.match(after)
                or self._and_first_name(after)
            ):
                spans.append(Span(m.start(), m.end(), "PERSON"))
        return spans

    def _structure_words(self, chunk: str) -> bool:
        """Whether a name after a title is an acronym ("M. CIO") or, after a particle, a
        structure ("M. du CIO", "Mme de France Travail")."""
        words = re.findall(r"[A-ZÀ-Ý][\w'’-]*", chunk)
        if not words:
            return False
        if all(w in ACRONYMS for w in words):
            return True
        particle = chunk[:1].islower()
        return particle and all(w in ACRONYMS or fold(w) in self._allowed_words for w in words)

    def _word_not_name(self, text: str, start: int, end: int) -> bool:
        """A first name that is also a word, opening a sentence and joined to words in
        lower case: the word ("Claire et nette", "Rose, bleu, vert")."""
        before, after = text[:start], text[end:]
        opening = not before.strip() or before.rstrip()[-1:] in '.!?«"\n]'
        if not opening or fold(text[start:end]) not in AMBIGUOUS_FIRST_NAMES:
            return False
        joined = _AND_WORD.match(after) and not _AND_ME.match(after)
        return bool(joined) or self._enumeration(after)

    def _enumeration(self, after: str) -> bool:
        """ "Rose, bleu, vert": ordinary words in lower case follow, listed."""
        m = _LOWER_LIST.match(after)
        return bool(m) and fold(m.group(1)) not in NEVER_NAMES

    def _caps_first_names(self, text: str) -> list[Span]:
        """First names typed in capitals ("MARIE-LAURE DUCHÊNE A VALIDÉ", "NADIA, …"):
        a first name that is not also a word, with its surname, before a verb in the past
        or a comma, colon or bracket."""
        first, spans = french_first_names(), []
        for m in _CAPS_WORD.finditer(text):
            word, key = m.group(), fold(m.group())
            if (
                key not in first
                or key in AMBIGUOUS_FIRST_NAMES
                or key in self._allowed_words
                or key in NEVER_NAMES
                or word in ACRONYMS
            ):
                continue
            end = m.end()
            nxt = _CAPS_NEXT.match(text, end)
            if (
                nxt
                and nxt.group(1) not in ACRONYMS
                and fold(nxt.group(1)) not in self._allowed_words
                and _CAPS_CUE.match(text[nxt.end() :].lower())
            ):
                end = nxt.end()  # the surname that goes with it
            if _CAPS_CUE.match(text[end:].lower()):
                spans.append(Span(m.start(), end, "PERSON"))
        return spans

    def _cued_names(self, text: str, entities: tuple) -> list[Span]:
        """Capitalised words after a verb that takes a person ("j'ai appelé Roux",
        "voir avec Chabert") or in a cleft sentence ("c'est Wojciech qui gère"): names,
        even when neither list holds them."""
        if not _ANY_CUE.search(text):
            return []
        kinds = {s: label for label, tokens in entities for s, _, _ in tokens}
        spans = []
        for m in _CAP_SEQUENCE.finditer(text):
            before, kind = text[max(0, m.start() - 40) : m.start()], kinds.get(m.start())
            if _PERSON_VERB_BEFORE.search(before):
                cued = kind not in ("ORG", "MISC")  # "contacté Renault": a company
            else:  # "c'est Lyon qui finance": a place
                cued = bool(_CLEFT.search(before) and _WHO_AFTER.match(text, m.end()))
                cued = cued and kind != "LOC"
            if not cued:
                continue
            words = m.group().split()
            if re.fullmatch(TITLES, words[0]) or fold(m.group()) in self._places:
                continue
            if any(
                fold(w) in self._allowed_words or fold(w) in NEVER_NAMES or w in ACRONYMS
                for w in words
            ):
                continue
            spans.append(Span(m.start(), m.end(), "PERSON"))
        return spans

    def _and_first_name(self, after: str) -> bool:
        """ "Léa et Karim ont animé": a first name joined to another one."""
        m = _AND_NAME.match(after)
        return bool(m) and fold(m.group(1)) in french_first_names()

    def _apply(self, text: str, spans: list[Span]) -> str:
        out = text
        for span in sorted(spans, key=lambda s: s.start, reverse=True):
            self.counts[span.kind] += 1
            out = out[: span.start] + TAGS[span.kind] + out[span.end :]
        return out


_WORDS = re.compile(r"(?<![\w@.~+-])[A-Za-zÀ-ÿ][a-zà-ÿ]+(?:-[A-Za-zÀ-ÿ][a-zà-ÿ]+)?(?![\w@])")
_LOWER_BEFORE = re.compile(
    r"\b(?:à|a|et|avec|coucou|merci|bonjour|salut|voir|demander|appeler|appelé|appelée|"
    r"contacter|dis|dites|part de|chez|collègue)\s+$",
    re.IGNORECASE,
)
_LOWER_AFTER = re.compile(
    r"\s+(?:m'a|m’a|a dit|a fait|a envoyé|est|était|et\s+[a-zà-ÿ]+\s+(?:de|du|des)\b|qui\b"
    r"|(?:de\s+la|du|de\s+l['’])\s*[A-ZÀ-Ý])"
)
_AND_WORD = re.compile(r"\s+et\s+[a-zà-ÿ]")
_AND_ME = re.compile(r"\s+et\s+(?:moi|toi|lui|elle|nous|vous)\b")
_LOWER_LIST = re.compile(r"\s*,\s*([a-zà-ÿ][a-zà-ÿ'’-]*)\s*(?:,|\bet\b|\bou\b)")
_CAPS_WORD = re.compile(r"(?<![\w@.~+/'’-])[A-ZÀ-Ý]{3,}(?:-[A-ZÀ-Ý]{2,})?(?![\w@'’])")
_CAPS_NEXT = re.compile(r"[ \t]+([A-ZÀ-Ý]{3,}(?:-[A-ZÀ-Ý]{2,})?)(?![\w@'’])")
# After a name typed in capitals (text shown in lower case): a verb in the past, or a
# comma, colon or bracket.
_CAPS_CUE = re.compile(_VERB_AFTER.pattern + r"|\s*[,(:]")
_PERSON_VERB_BEFORE = re.compile(
    r"\b(?:(?:r?appel|relanc|contact|crois|remerci)(?:é|ée|és|ées|er)"
    r"|(?:vu|voir|vois|parlé|parler|discuté|discuter)\s+avec"
    r"|(?:demandé|demander|demande|parlé|parler)\s+à)\s+$",
    re.IGNORECASE,
)
_CLEFT = re.compile(r"\b[Cc]['’]est\s+$")
_WHO_AFTER = re.compile(r"\s+qui\b")
_ANY_CUE = re.compile(
    r"appel|relanc|contact|crois|remerci|avec|demand|parl|[Cc]['’]est", re.IGNORECASE
)
# A capitalised name, Latin-1 or Latin Extended-A letters ("Radosław", "Şahin").
_CAP_NAME = r"[A-ZÀ-Ý\u0100-\u017f][a-zà-ÿ\u0100-\u017f]+(?:['’-][A-ZÀ-Ý][a-zà-ÿ\u0100-\u017f]+)?"
_CAP_SEQUENCE = re.compile(rf"(?<![\w@.~+/'’-]){_CAP_NAME}(?:[ \t]+{_CAP_NAME})?(?![\w@'’-])")
_AND_NAME = re.compile(r"\s+et\s+([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)\b")
_LOWER_NEXT = re.compile(r"\s+([a-zà-ÿ][a-zà-ÿ'’-]{2,})\b")
_CAPS_SURNAME_BEFORE = re.compile(r"\b([A-ZÀ-Ý]{3,}(?:-[A-ZÀ-Ý]{2,})?)\s+$")
_CAP_WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-ZÀ-Ý][a-zà-ÿ]+)\s+$")
_WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Za-zÀ-ÿ][a-zà-ÿ-]+)\s+$")
# A surname after a first name: one capitalised word (or two after a particle:
# "Da Silva", "Le Gall", "d'Almeida").
_SURNAME = re.compile(
    r"\s+(?:(?:[Dd]a|[Dd]os|[Dd]as|De|[Dd]i|[Dd]el|[Vv]an|[Vv]on|Le|La|[Bb]en|[Ee]l|[Aa]l"
    r"|Mac|Mc)\s+|[Dd]['’])?"
    r"(?P<last>[A-ZÀ-Ý][\w'’-]+|[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]+)?|[A-ZÀ-Ý]\.(?!\w))"
)
_MIXED_CASE_WORD = re.compile(r"\s+([A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)?)\b")
_SURNAME_WORD = re.compile(
    r"(?<![\w@.~+/'’-])[A-ZÀ-Ý][A-Za-zÀ-ÿ]+(?:-[A-ZÀ-Ý][A-Za-zÀ-ÿ]+)?(?![\w@])"
)


def _ordinary_case(text: str) -> str:
    """Words typed in capitals in ordinary case (same length); acronyms kept."""

    def lower(m: re.Match) -> str:
        word = m.group()
        if word in ACRONYMS or len(word) <= 2:
            return word
        if fold(word) in french_first_names() or fold(word) in french_surnames():
            return "-".join(p[:1] + p[1:].lower() for p in word.split("-"))
        return word.lower()

    return re.sub(r"\b[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]{2,})*\b", lower, text)


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


def _alternation(words: Iterable[str]) -> re.Pattern | None:
    ordered = sorted(set(words), key=len, reverse=True)
    if not ordered:
        return None
    body = "|".join(re.escape(w) for w in ordered)
    return re.compile(rf"(?<![\w@.]){'(?:' + body + ')'}(?![\w@])")


def _resolve(spans: list[Span]) -> list[Span]:
    """Keep non-overlapping spans: higher priority first, then longer."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (PRIORITY[s.kind], -(s.end - s.start), s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
