"""Pseudonymisation of verbatims: contact data, person names and, optionally, places.

A :class:`Redactor` finds personal data with, in this order of precedence:

- e-mail addresses, typed, disguised or read out, and URLs carrying a name
  (:mod:`survey.privacy.contacts`); phone numbers, typed or spoken in words
  (:mod:`survey.privacy.phones`);
- the names the wave knows (speakers of the transcripts, interviewees' profiles,
  interviewers, a list the analyst extends);
- titles followed by a name ("Mme Berthon", "M. D."), initials ("J.-P. Martin", "JB a
  dit", "relu par S.K.", "conseiller MIFE (AB)");
- spaCy's French named-entity recogniser;
- the lists of :mod:`survey.privacy.lexicon`: French first names (INSEE) and surnames
  (Faker, MIT), in any case, glued to a structure ("Julie de la Mission Locale") or in
  capitals; a first name that is also an ordinary word ("pierre", "Rose") only where a
  word could not stand ("avec pierre et margot", "c'est florence qui", "pierre il est
  parti");
- the French lexicon of the spaCy model: a word that is no French word next to a first
  name ("karim benali"), opening a clause taken up by a pronoun ("seb il disait"), or
  two capitalised ones in a row ("Oluwaseun Adeyemi");
- cues: a verb that takes a person ("j'ai relancé Roux"), a cleft sentence, a form's
  field ("Nom : BOUCHARD"), a speaker's label ("Ferrand, Nadia   0:03", "MARCHAND :"),
  a mention ("@Kevin"), a signature, a structure or role in brackets ("Grand (CCI)");
- other mentions, in the same text, of a name found once (also the names spelled in an
  e-mail address).

Structure and network names stay: an allow-list built from the questionnaire's options
and the coding frame keeps them, and a name right after "lycée", "rue", "salle des
fêtes"… is taken for a building or street ("lycée Jules Ferry"), not for a person.

Replacements are readable French tags; every replacement is counted by kind, never
recorded by value, for the methods appendix.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from survey._fold import fold
from survey.privacy.contacts import (
    DISGUISED_EMAIL,
    EMAIL,
    EMAIL_HINT,
    PROFILE_URL,
    SPOKEN_EMAIL,
    SPOKEN_URL,
    URL,
    URL_TRAILING,
)
from survey.privacy.lexicon import (
    ACRONYMS,
    ALWAYS_ALLOWED,
    AMBIGUOUS_FIRST_NAMES,
    BRAND,
    BRANDS,
    NAME_PARTICLES,
    NEVER_NAMES,
    NOT_INITIALS,
    NOTE_WORDS,
    french_first_names,
    french_surnames,
)
from survey.privacy.phones import find_phones

TAGS = {
    "EMAIL": "[courriel]",
    "URL": "[lien]",
    "PHONE": "[téléphone]",
    "PERSON": "[personne]",
    "PLACE": "[commune]",
}
PRIORITY = {"EMAIL": 0, "URL": 1, "PHONE": 2, "PERSON": 3, "PLACE": 4}

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
    r"(?<![\w.'’-])((?:(?:[A-ZÀ-Ý]|Th|Ch|Ph|Chr|Cl|Gh)\.[ \t]?-?[ \t]?){1,3})"
    r"((?:[A-ZÀ-Ý][a-zà-ÿ'’]+|[A-ZÀ-Ý]{2,})(?:-[A-ZÀ-Ý][\w'’]+)?)"
)
# Two capitals standing for a compound first name ("JB", "JP Martin", "J-P").
_PAIR = re.compile(r"(?<![\w.'’&/-])([A-ZÀ-Ý]{2}|[A-ZÀ-Ý]\.?-[A-ZÀ-Ý]\.?)(?![\w'’&/-])")
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
    r"|(?:m['’]|nous\s+|vous\s+)(?:dit|a|avait|envoie|envoyait|appelle|rappelle|écrit|explique)\b"
    r"|(?:disait|pensait|trouvait|expliquait|racontait|voulait|proposait)\b)"
)
# A first name glued to its structure: "Julie de la Mission Locale", "Karim du CIO".
_GLUED = re.compile(r"\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*[A-ZÀ-Ý]")
# Names of schools, streets and buildings that are people's names ("lycée Jules Ferry").
_NAMED_AFTER = re.compile(
    r"\b(?i:lycée|lycee|collège|college|école|ecole|groupe\s+scolaire|université|universite|iut"
    r"|institut|centre|espace|maison|médiathèque|mediatheque|bibliothèque|bibliotheque|salle"
    r"|gymnase|stade|rue|avenue|av\.|boulevard|bd|quai|impasse|allée|allee|chemin|route|square"
    r"|parc|pont|hôpital|hopital|clinique|fondation|association|résidence|residence|foyer|campus"
    r"|promenade|esplanade|halle|théâtre|theatre|musée|musee|cinéma|cinema|piscine|arrêt|arret"
    r"|station|gare|place|parvis|cours|quartier|cité|cite)"
    # "lycée professionnel Marie Curie", "salle des fêtes Marcel Pagnol"
    r"(?:\s+(?:des\s+|de\s+la\s+|du\s+)?[a-zà-ÿ]{3,}){0,2}"
    r"\s+(?:Sainte?[-\s])?(?:[A-ZÀ-Ý][\w'’-]*\.?\s+){0,2}$"
)
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:le|la|les|un|une|des|du|au|aux|ce|cette|sa|son|ses|ma|mon|mes|ta|ton|notre|votre"
    r"|leur)\s+|\bl['’])$",
    re.IGNORECASE,
)
_CUES = re.compile(
    r"(?:collègue|collègues|avec|appelé|appelée|appeler|contacter|contacté|voir|demander|"
    r"demandé|part de|chez|dit|conseillère|conseiller|directrice|directeur|responsable|"
    r"référente|référent|et)\s+$",
    re.IGNORECASE,
)


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
        self._allowed = frozenset(allowed | {fold(b) for b in BRANDS})
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
            url = m.group().rstrip(URL_TRAILING)
            if self._url_has_name(url):
                spans.append(Span(m.start(), m.start() + len(url), "URL"))
        for m in SPOKEN_URL.finditer(text):
            url = re.sub(r"\s+point\s+", ".", re.sub(r"\s+slash\s+", "/", m.group()))
            if self._url_has_name(url):
                spans.append(Span(m.start(), m.end(), "URL"))
        spans += [Span(start, end, "PHONE") for start, end in find_phones(text)]
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
        people += self._labelled_names(text)
        people = [s for s in people if self._person_in_context(text, s)]
        named = {(fold(text[p.start : p.end]), text[p.start].isupper()) for p in people}
        named |= self._address_names(text, [s for s in spans if s.kind == "EMAIL"])
        spans += people
        if self.tag_places and self._place_re is not None:
            # Places written with a capital only: "qu'on vienne" is a verb, "Vienne" a town.
            spans += [
                Span(m.start(), m.end(), "PLACE")
                for m in self._place_re.finditer(folded)
                if text[m.start()].isupper()
            ]
        chosen = _resolve(spans)
        # Other mentions of a name come last: where something else was found, it stays.
        again = self._repeated(text, folded, named)
        return _resolve(
            chosen + [a for a in again if all(a.end <= c.start or a.start >= c.end for c in chosen)]
        )

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
        if not EMAIL_HINT.search(text):
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
            if pair in ACRONYMS or pair in NOT_INITIALS or fold(pair) in self._allowed_words:
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
        """False for a name that names a building, a street or a company, or an ordinary
        word."""
        if any(m.start() <= span.start and span.end <= m.end() for m in BRAND.finditer(fold(text))):
            return False
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
        # In a person entity with a proper noun, the other capitalised words go with it:
        # the tagger often takes foreign names for nouns ("Agnieszka Kowalczyk").
        named = label == "PER" and any(
            pos == "PROPN" and e - s > 1 and text[s].isupper() for s, e, pos in tokens
        )
        kept = [
            (s, e)
            for s, e, pos in tokens
            if (
                pos == "PROPN"
                or self._known(text[s:e])
                or (
                    named
                    and text[s].isupper()
                    and pos in ("NOUN", "ADJ", "X")
                    and (
                        fold(text[s:e]) in french_first_names()
                        or self._foreign_word(text[s:e].lower())
                    )
                )
            )
            and fold(text[s:e]) not in self._allowed_words
            and fold(text[s:e]) not in NEVER_NAMES
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
        if "~" in url or "@" in url or PROFILE_URL.search(url):
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
                # "sarahbouvier-formation.example.fr": a first name glued to a surname.
                if token.isalpha() and any(
                    token[:k] in first
                    and token[:k] not in AMBIGUOUS_FIRST_NAMES
                    and (token[k:] in surnames or self._foreign_word(token[k:]))
                    for k in range(4, len(token) - 3)
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
                    or self._foreign_word(nxt.group(1))
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
                if key in AMBIGUOUS_FIRST_NAMES:
                    named = self._strong_cue(text, m.start(), end)
                else:
                    # "fabrice au cio", "serge il dit": a first name that is no French
                    # word is a name, cue or not.
                    named = (
                        m.start() in proper_nouns
                        or bool(cue)
                        or (len(word) > 3 and self._foreign_word(word))  # not "3 min max"
                        or self._strong_cue(text, m.start(), end)
                    )
                if named:
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
                or (key not in AMBIGUOUS_FIRST_NAMES and self._foreign_word(word.lower()))
                or _CUES.search(before[-30:])
                or re.match(r"\s*(?:[,(:?–—]|-\s)", after)
                or _VERB_AFTER.match(after)
                or _GLUED.match(after)
                or _AND_ME.match(after)
                or self._and_first_name(after)
            ):
                spans.append(Span(m.start(), m.end(), "PERSON"))
        return spans

    def _labelled_names(self, text: str) -> list[Span]:
        """Names a label or a cue announces: a form's field ("Nom : BOUCHARD"), a speaker
        ("Ferrand, Nadia   0:03", "MARCHAND : oui…"), a mention ("@Kevin"), a signature,
        a structure or role in brackets ("Grand (CCI)", "conseiller MIFE (AB)"), initials
        before a verb, a role or after "par" ("N.F. m'a conseillé", "relu par S.K."); and
        runs of capitalised words that are no French words."""
        spans = []
        for m in _FIELD_NAME.finditer(text):
            words = m.group(1).split()
            if not any(w in ACRONYMS or fold(w) in self._allowed_words for w in words):
                spans.append(Span(m.start(1), m.end(1), "PERSON"))
        spans += [Span(m.start(1), m.end(1), "PERSON") for m in _TEAMS_SPEAKER.finditer(text)]
        for m in _DOTTED_INITIALS.finditer(text):
            if m.group().startswith("M."):  # "M. D. nous a reçus": a title, see TITLE
                continue
            after = text[m.end() :]
            if (
                _VERB_AFTER.match(after)
                or _WHO_AFTER.match(after)
                or _ROLE_AFTER.match(after)
                or _INITIALS_CUE.search(text, 0, m.start())
            ):
                spans.append(Span(m.start(), m.end(), "PERSON"))
        for m in _CAPS_SPEAKER.finditer(text):  # "MARCHAND : oui enfin…"
            word = m.group(1)
            key = fold(word)
            if word not in ACRONYMS and key not in self._allowed_words | NOTE_WORDS | NEVER_NAMES:
                spans.append(Span(m.start(1), m.end(1), "PERSON"))
        for m in _MENTION.finditer(text):  # "@Kevin tu peux…"
            if fold(m.group(1)) not in self._allowed_words:
                spans.append(Span(m.start(1), m.end(1), "PERSON"))
        for m in _INITIALS_IN_BRACKETS.finditer(text):  # "conseiller MIFE (AB)"
            if m.group(1) not in ACRONYMS and m.group(1) not in NOT_INITIALS:
                spans.append(Span(m.start(1), m.end(1), "PERSON"))
        for m in _SIGNATURE.finditer(text):  # "Bien à vous,\nTh. Mercier"
            if not any(fold(w) in self._allowed_words for w in m.group(1).split()):
                spans.append(Span(m.start(1), m.end(1), "PERSON"))
        for m in _NAME_THEN_BRACKETS.finditer(text):  # "Grand (CCI) a proposé…"
            name, inside = m.group(1), m.group(2)
            words = [w for w in name.split() if fold(w) not in NAME_PARTICLES]
            if (
                any(
                    w in ACRONYMS or fold(w) in self._allowed_words or fold(w) in NEVER_NAMES
                    for w in words
                )
                or fold(name) in self._places | self._allowed
            ):
                continue
            structure = inside.split()[0] in ACRONYMS or fold(inside) in self._allowed
            if structure or re.match(_ROLE, inside, re.IGNORECASE):
                spans.append(Span(m.start(1), m.end(1), "PERSON"))
        return spans + self._unknown_sequences(text)

    def _unknown_sequences(self, text: str) -> list[Span]:
        """Two or more capitalised words in a row that are no French words ("Oluwaseun
        Adeyemi", "Anh Tran", "Pieter Van den Berghe"): a person (or, sometimes, a place,
        which is hidden too)."""
        spans = []
        for m in _CAP_RUN.finditer(text):
            words = [w for w in re.split(r"\s+", m.group()) if fold(w) not in NAME_PARTICLES]
            if len(words) < 2:
                continue
            keys = [fold(w) for w in words]
            if re.fullmatch(TITLES, words[0]):  # "Mme Ferrandiz": see TITLE
                continue
            if any(
                k in self._allowed_words or k in NEVER_NAMES or w in ACRONYMS or w.isupper()
                for w, k in zip(words, keys, strict=True)
            ):
                continue
            if all(self._foreign_parts(w) for w in words):
                spans.append(Span(m.start(), m.end(), "PERSON"))
        for m in _LOWER_TOPIC.finditer(text):
            if self._foreign_word(m.group(1)):
                spans.append(Span(m.start(1), m.end(1), "PERSON"))
        return spans

    def _foreign_parts(self, word: str) -> bool:
        """Every part of a name is no French word ("O'Connor", "Ben-Ali")."""
        parts = [p for p in re.split(r"['’-]", word.lower()) if len(p) > 1]
        return bool(parts) and all(self._foreign_word(p) for p in parts)

    def _address_names(self, text: str, emails: list[Span]) -> set[tuple[str, bool]]:
        """The names in the local part of e-mail addresses, spelled out and then said
        again ("rachid tiret bensaid arobase…, bensaid sans tréma")."""
        words = set()
        for span in emails:
            local = re.split(
                r"[@＠]|\b(?:arr?obase?|at|a\s+commercial)\b", fold(text[span.start : span.end])
            )
            for word in re.split(r"[\W_\d]+|\b(?:point|tiret|underscore|bas|dot)\b", local[0]):
                if len(word) >= 3 and (
                    word in french_first_names()
                    or word in french_surnames()
                    or self._foreign_word(word)
                ):
                    words.add((word, False))
        return words

    def _repeated(self, text: str, folded: str, found: set[tuple[str, bool]]) -> list[Span]:
        """Other mentions of a one-word name found once in the same text ("et fleur elle
        est… — fleur ? elle est…"); ``found`` holds (folded name, capitalised)."""
        spans = []
        for word, upper in sorted(found):
            if not re.fullmatch(r"[a-z][a-z'-]{2,}", word):
                continue
            for m in re.finditer(rf"(?<![\w'-]){re.escape(word)}(?![\w'-])", folded):
                if _DETERMINER_BEFORE.search(text, 0, m.start()):
                    continue
                # "Je remercie Claire pour sa relecture claire": a word in another case.
                if word in AMBIGUOUS_FIRST_NAMES and text[m.start()].isupper() != upper:
                    continue
                spans.append(Span(m.start(), m.end(), "PERSON"))
        return spans

    def _foreign_word(self, word: str) -> bool:
        """A word in lower case that is no French word: a surname ("karim benali")."""
        from survey.text.nlp import is_french_word

        return (
            word.isalpha()
            and len(word) >= 3
            and not _FUNCTION_WORD.fullmatch(fold(word))
            and fold(word) not in NEVER_NAMES
            and fold(word) not in self._allowed_words
            and not is_french_word(word.lower())
        )

    def _strong_cue(self, text: str, start: int, end: int) -> bool:
        """Whether a first name in lower case stands where a word could not: after "ma
        collègue" or "je m'appelle"; said twice around a hesitation ("ange euh ange");
        before another first name in a list ("zoé, lina et…"); in a cleft sentence
        ("c'est florence qui"); opening a clause and taken up by a pronoun or addressed
        ("pierre il est parti", "pascale vous voulez…"); or after a preposition without a
        determiner and before a second name, a structure, a verb or a pronoun ("avec pierre
        et margot", "à florence du cio", "avec pierre on a refait…")."""
        if _DETERMINER_BEFORE.search(text, 0, start):
            return False
        if _COLLEAGUE_BEFORE.search(text, 0, start):
            return True
        after = text[end:]
        word = fold(text[start:end]).split()[0]
        # "ange euh ange mbaye": said twice around a hesitation; "c'est florence qui…";
        # "pierre il est parti": opening a clause, taken up by a pronoun.
        said_twice = rf"\s+(?:euh|heu|hum|oui|ouais)\s+{re.escape(word)}\b"
        if re.match(said_twice, fold(after)) or re.search(
            rf"\b{re.escape(word)}\s+(?:euh|heu|hum|oui|ouais)\s+$", fold(text[:start])
        ):
            return True
        listed = _LIST_AFTER.match(after)
        if listed and fold(listed.group(1)) in french_first_names():
            return True  # "zoé, lina et mathis"
        if _CLEFT_LOWER.search(text, 0, start) and _WHO_AFTER.match(after):
            return True
        if _CLAUSE_START.search(text, 0, start) and _PRONOUN_AFTER.match(after):
            return True
        return bool(_LOWER_BEFORE.search(text, 0, start)) and bool(
            _STRONG_AFTER.match(after) or _VERB_AFTER.match(after) or self._and_name(after)
        )

    def _and_name(self, after: str) -> bool:
        m = _AND_LOWER_NAME.match(after)
        return bool(m) and fold(m.group(1)) in french_first_names()

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
            if fold(m.group()) in self._allowed:  # "avec Rhône-Alpes"
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
# A form's field: "Nom : BOUCHARD", "Prénom : Margot", "Nom et prénom : …".
_FIELD_NAME = re.compile(
    r"\b(?i:nom|prénom|prenom|nom\s+et\s+prénom|prénom\s+et\s+nom|nom\s+de\s+famille)\s*:\s*"
    r"([A-ZÀ-Ý][\w'’-]+(?:[ \t]+[A-ZÀ-Ý][\w'’-]+)?)"
)
# A Teams transcript's speaker line: "Ferrand, Nadia   0:03".
_TEAMS_SPEAKER = re.compile(
    r"^[ \t]*([A-ZÀ-Ý][\w'’-]+(?:[ \t][A-ZÀ-Ý][\w'’-]+)?,[ \t]+[A-ZÀ-Ý][\w'’-]+"
    r"(?:[ \t-][A-ZÀ-Ý][\w'’-]+)?)[ \t]+\d{1,2}:\d{2}",
    re.MULTILINE,
)
_DOTTED_INITIALS = re.compile(r"(?<![\w.'’-])[A-ZÀ-Ý]\.(?:[ \t]?-?[ \t]?[A-ZÀ-Ý]\.){1,3}")
# Words of a role ("conseillère", "chargé de…"), not of an activity ("formation").
_ROLE = (
    r"(?:conseill|chargée?\s+d|direct(?:eur|rice)|responsable|référent|psycholog"
    r"|(?:coordinat|animat|format|accompagnat)(?:eur|rice)|assistant|intervenant|cheffe?\b"
    r"|stagiaire)"
)
_NAME_THEN_BRACKETS = re.compile(
    r"(?<![\w'’-])((?:(?:Da|De|Le|La|Van|Di|Dos|Ben|El)\s+)?[A-ZÀ-Ý][a-zà-ÿ'’-]+)"
    r"\s*\(([^()\n]{2,40})\)"
)
_INITIALS_CUE = re.compile(r"\b(?:par|avec|à|pour|chez|initiales)\s+$", re.IGNORECASE)
_ROLE_AFTER = re.compile(rf"\s*[,(–-]\s*(?i:{_ROLE})")
_CAPS_SPEAKER = re.compile(r"^[ \t]*([A-ZÀ-Ý]{3,}(?:[ -][A-ZÀ-Ý]{2,})?)[ \t]*:[ \t]", re.MULTILINE)
_MENTION = re.compile(r"(?<![\w.@])@([A-ZÀ-Ý][a-zà-ÿ'’-]+)(?![\w.@-])")
_INITIALS_IN_BRACKETS = re.compile(rf"(?i:{_ROLE})[^()\n]{{0,30}}\(([A-ZÀ-Ý]{{2,3}})\)")
_SIGNATURE = re.compile(
    r"(?i:cordialement|bien\s+à\s+vous|bien\s+à\s+toi|bonne\s+journée|à\s+bientôt|merci)"
    r"[ \t]*[,.!]?[ \t]*\n[ \t]*"
    r"((?:[A-ZÀ-Ý][a-zà-ÿ]?\.[ \t]?|[A-ZÀ-Ý][\w'’-]+[ \t])?[A-ZÀ-Ý][\w'’-]+)[ \t]*$",
    re.MULTILINE,
)
_CAP_RUN = re.compile(
    r"(?<![\w@.~+/'’-])[A-ZÀ-Ý\u0100-\u017f][\w'’-]+"
    r"(?:[ \t]+(?:(?:" + "|".join(sorted(NAME_PARTICLES)) + r")[ \t]+)?"
    r"[A-ZÀ-Ý\u0100-\u017f][\w'’-]+){1,3}(?![\w@])"
)
# A word no French word, opening a clause and taken up by a pronoun ("seb il disait").
_LOWER_TOPIC = re.compile(
    r"(?:^|[:,;.!?]\s*|\b(?:ouais|oui|bon|donc|et|mais|alors|euh|ben|puis)\s+)([a-zà-ÿ]{3,})"
    r"(?=\s+(?:(?:euh|heu|ben)\s+)?(?:il|elle)\s+[a-zà-ÿ])",
    re.MULTILINE,
)
_COLLEAGUE_BEFORE = re.compile(
    r"\b(?:collègues?|collaboratrice|collaborateur|binôme|cheffe|stagiaire|tutrice|tuteur"
    r"|[ms]['’]appelle|je\s+suis|prénommée?)\s+$",
    re.IGNORECASE,
)
_STRONG_AFTER = re.compile(
    r"\s+(?:(?:du|de\s+la|de\s+l['’])\s*\w|(?:elle|il)\s+(?:est|était|a|avait|fait|m['’]|nous)\b"
    r"|qui\b|(?:on|je|j['’]|nous|tu)\s)"
)
_LIST_AFTER = re.compile(r"\s*,\s*([a-zà-ÿ]+(?:-[a-zà-ÿ]+)?)\s*(?:,|\bet\b)")
_CLEFT_LOWER = re.compile(r"\bc['’]est\s+$", re.IGNORECASE)
_CLAUSE_START = re.compile(
    r"(?:^|[:,;.!?]|\b(?:ouais|oui|bon|donc|et|mais|alors|euh|ben|puis))\s*$", re.IGNORECASE
)
# After a name opening a clause: a pronoun taking it up ("pierre il est parti", "germain
# euh il faisait…") or the person addressed ("pascale vous voulez ajouter…").
_PRONOUN_AFTER = re.compile(
    r"\s+(?:(?:euh|heu|ben)\s+)?(?:(?:elle|il)\s+[a-zà-ÿ]"
    r"|(?:vous|tu)\s+(?:voulez|veux|pouvez|peux|avez|as|êtes|es|confirmez|voyez|vois)\b)"
)
_AND_LOWER_NAME = re.compile(r"\s+et\s+([a-zà-ÿ]+(?:-[a-zà-ÿ]+)?)\b")
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
    r"|(?:demandé|demander|demande|parlé|parler)\s+à|(?<=\w\s)avec)\s+$",
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
_CAPS_SURNAME_BEFORE = re.compile(
    r"\b((?:(?:DA|DE|DU|DOS|DI|LE|LA|VAN|VON|BEN|EL)\s+)?[A-ZÀ-Ý]{3,}(?:-[A-ZÀ-Ý]{2,})?)\s+$"
)
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
