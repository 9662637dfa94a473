"""Pseudonymisation of verbatims: contact data, person names and, optionally, places.

A :class:`Redactor` finds personal data with, in this order of precedence:
e-mail, URL carrying a name and French phone-number patterns; the names the wave
knows (speakers of the transcripts, interviewees' profiles, interviewers, a list the
analyst extends); titles followed by a name ("Mme Berthon"); spaCy's French
named-entity recogniser; and a list of French first names (INSEE) for capitalised
first names the recogniser misses. Structure and network names stay: an allow-list
built from the questionnaire's options and the coding frame keeps them.

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

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?<![.-])", re.UNICODE)
SPOKEN_EMAIL = re.compile(
    r"\b[\w-]+(?:\s+(?:point|tiret)\s+[\w-]+)*\s+arobase\s+[\w-]+(?:\s+point\s+[\w-]+)+",
    re.IGNORECASE,
)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+|\b[\w-]+(?:\.[\w-]+)*\.(?:fr|org|com|net|eu)/[^\s<>\"']*",
    re.IGNORECASE,
)
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?[1-9](?:[\s.,\-]{0,2}\d){8}"
    r"|0[1-9](?:[\s.,\-]{0,2}\d){8})(?!\d)"
)
TITLES = r"(?:M\.|Mme|Mlle|Madame|Mademoiselle|Monsieur|Mr|Dr|Docteur)"
TITLE = re.compile(rf"\b{TITLES}\s+((?:[A-ZÀ-Ý][\w'’-]+)(?:\s+[A-ZÀ-Ý][\w'’-]+)?)")
LOWER_TITLE = re.compile(r"(?<!\w)(?:m\.|mr|mme|mlle)\s+([a-zà-ÿ][\w'’-]{2,})")
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
        spans: list[Span] = []
        spans += [Span(m.start(), m.end(), "EMAIL") for m in EMAIL.finditer(text)]
        spans += [Span(m.start(), m.end(), "EMAIL") for m in SPOKEN_EMAIL.finditer(text)]
        for m in URL.finditer(text):
            url = m.group().rstrip(_TRAILING)
            if self._url_has_name(url):
                spans.append(Span(m.start(), m.start() + len(url), "URL"))
        spans += [Span(m.start(), m.end(), "PHONE") for m in PHONE.finditer(text)]
        if self._name_re is not None:
            spans += [Span(m.start(), m.end(), "PERSON") for m in self._name_re.finditer(folded)]
        spans += [Span(m.start(1), m.end(1), "PERSON") for m in TITLE.finditer(text)]
        spans += [Span(m.start(1), m.end(1), "PERSON") for m in LOWER_TITLE.finditer(text)]
        for entity in analysis.entities:
            spans += self._from_entity(text, entity)
        spans += self._first_names(text, analysis.proper_nouns)
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
        if label == "PER" and self._plausible_person(chunk):
            return [Span(start, end, "PERSON")]
        if label in ("LOC", "PER") and self.tag_places and self._plausible_place(chunk):
            return [Span(start, end, "PLACE")]
        return []

    def _known(self, chunk: str) -> bool:
        key = fold(chunk)
        return key in self._names or key in self._places

    def _url_has_name(self, url: str) -> bool:
        if "~" in url or "@" in url:
            return True
        first = french_first_names()
        tokens = [fold(t) for t in re.split(r"[/._\-?=&#:]+", url) if t]
        return any(t in self._names or (len(t) >= 3 and t in first) for t in tokens)

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
        comma, colon or bracket follows. In lower case ("karima"): only when the tagger
        saw a proper noun there and the name is not also an ordinary word.
        """
        first = french_first_names()
        spans = []
        for m in _WORDS.finditer(text):
            word, key = m.group(), fold(m.group())
            if key not in first or key in self._allowed_words or key in NEVER_NAMES:
                continue
            if word[:1].islower():
                cue = _LOWER_BEFORE.search(text[: m.start()]) or _LOWER_AFTER.match(text[m.end() :])
                if key not in AMBIGUOUS_FIRST_NAMES and (m.start() in proper_nouns or cue):
                    spans.append(Span(m.start(), m.end(), "PERSON"))
                continue
            before, after = text[: m.start()], text[m.end() :]
            caps_before = _CAPS_SURNAME_BEFORE.search(before)
            if caps_before and caps_before.group(1) not in ACRONYMS:
                spans.append(Span(caps_before.start(1), m.end(), "PERSON"))
                continue
            surname = _SURNAME.match(after)
            if surname and fold(surname.group(1)) not in self._allowed_words:
                spans.append(Span(m.start(), m.end() + surname.end(), "PERSON"))
                continue
            opening = not before.strip() or before.rstrip()[-1:] in '.!?«"\n]'
            if not opening or _CUES.search(before[-30:]) or re.match(r"\s*[,(:?]", after):
                spans.append(Span(m.start(), m.end(), "PERSON"))
        return spans

    def _apply(self, text: str, spans: list[Span]) -> str:
        out = text
        for span in sorted(spans, key=lambda s: s.start, reverse=True):
            self.counts[span.kind] += 1
            out = out[: span.start] + TAGS[span.kind] + out[span.end :]
        return out


_WORDS = re.compile(r"(?<![\w@./~+-])[A-Za-zÀ-ÿ][a-zà-ÿ]+(?:-[A-Za-zÀ-ÿ][a-zà-ÿ]+)?(?![\w@/])")
_LOWER_BEFORE = re.compile(
    r"\b(?:à|a|et|avec|coucou|merci|bonjour|salut|voir|demander|appeler|appelé|appelée|"
    r"contacter|dis|dites|part de|chez|collègue)\s+$",
    re.IGNORECASE,
)
_LOWER_AFTER = re.compile(
    r"\s+(?:m'a|m’a|a dit|a fait|a envoyé|est|était|et\s+[a-zà-ÿ]+\s+(?:de|du|des)\b|qui\b)"
)
_CAPS_SURNAME_BEFORE = re.compile(r"\b([A-ZÀ-Ý]{3,}(?:-[A-ZÀ-Ý]{2,})?)\s+$")
_SURNAME = re.compile(r"\s+([A-ZÀ-Ý][\w'’-]+|[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]+)?)\b")


def _ordinary_case(text: str) -> str:
    """Words typed in capitals in ordinary case (same length); acronyms kept."""

    def lower(m: re.Match) -> str:
        word = m.group()
        if word in ACRONYMS or len(word) <= 2:
            return word
        if fold(word) in french_first_names():
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
