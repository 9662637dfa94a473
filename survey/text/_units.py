"""The counting pass shared by word frequencies and collocations (private).

Texts are parsed (:func:`survey.text.nlp.iter_parse`, cached) and turned into *units*, in
text order: a counted word, a caller's expression, or, after :func:`merge_pairs`, a
collocation. Units are kept as flat numpy arrays over the whole corpus (one entry per
unit) with integer ids into tables of terms and written forms, so that counting a
million tokens stays cheap: Python only sees each distinct (word, lemma, part of speech)
once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
from spacy.attrs import LEMMA, NORM, ORTH, POS, SPACY
from spacy.lang.fr.stop_words import STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from survey.privacy import TAGS
from survey.text.clean import fold, normalize_text
from survey.text.nlp import _cache_vocab, iter_parse, parse

# Parts of speech never counted (when the morphologizer ran).
FUNCTION_POS = frozenset(
    {"ADP", "AUX", "CCONJ", "DET", "INTJ", "NUM", "PART", "PRON", "PUNCT", "SCONJ", "SPACE", "SYM"}
)

# Unit kinds, for collocations: nominal pairs only ("mission locale", "France Travail").
EXPRESSION, OTHER, NOUN, ADJECTIVE, UNTAGGED = -1, 0, 1, 2, 3
_KIND = {"NOUN": NOUN, "PROPN": NOUN, "X": NOUN, "ADJ": ADJECTIVE, "": UNTAGGED}


# Redaction tags ("[personne]", "[commune]"…) are never counted. spaCy would cut them
# ("personne]." is one token), so each is parsed as one placeholder word, left out.
TAG = re.compile("|".join(re.escape(t) for t in sorted(TAGS.values(), key=len, reverse=True)))
_PLACEHOLDER = {tag: "Xx" + re.sub(r"\W", "", fold(tag)) for tag in TAGS.values()}
_PLACEHOLDERS = frozenset(_PLACEHOLDER.values())


def _without_tags(text: str) -> str:
    return TAG.sub(lambda m: _PLACEHOLDER[m.group()], text) if "[" in text else text


@cache
def project_stopwords() -> frozenset[str]:
    """spaCy's French stop words plus ``stoplist_fr.txt``, folded."""
    text = resources.files("survey.text").joinpath("stoplist_fr.txt").read_text("utf-8")
    words = {line.strip() for line in text.splitlines()}
    words = {w for w in words if w and not w.startswith("#")} | set(STOP_WORDS)
    return frozenset(fold(w) for w in words)


@dataclass(frozen=True)
class Units:
    """Every unit of a corpus, documents one after the other, in text order.

    Attributes
    ----------
    row : int array
        Row of the corpus (text) the unit comes from.
    term, form : int arrays
        Ids into ``terms`` and ``forms`` (the term counted, the unit as written).
    kind : int array
        ``EXPRESSION``, or the kind of word (``OTHER``, ``NOUN``, ``ADJECTIVE``,
        ``UNTAGGED`` without a morphologizer).
    position : int array
        Index of the unit's first token in its text.
    space : bool array
        Whether a space follows the unit.
    """

    row: np.ndarray
    term: np.ndarray
    form: np.ndarray
    kind: np.ndarray
    position: np.ndarray
    space: np.ndarray
    terms: list[str]
    forms: list[str]

    def displays(self) -> list[str]:
        """The most frequent written form of each term; ties go to a form without a
        sentence capital ("orientation" before "Orientation", "SPRO" before "spro"),
        then to the first in alphabetical order."""
        n_forms = max(1, len(self.forms))
        pairs, counts = np.unique(self.term * n_forms + self.form, return_counts=True)
        best: dict[int, tuple[int, bool, str]] = {}
        for code, n in zip(pairs.tolist(), counts.tolist(), strict=True):
            term, text = code // n_forms, self.forms[code % n_forms]
            rank = (-n, _sentence_capital(text), text)
            if term not in best or rank < best[term]:
                best[term] = rank
        return [best[i][2] if i in best else self.terms[i] for i in range(len(self.terms))]


def _sentence_capital(form: str) -> bool:
    return form[:1].isupper() and not any(c.isupper() for c in form[1:])


class _Table:
    """Strings interned as consecutive ids."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.ids: dict[str, int] = {}

    def id(self, item: str) -> int:
        found = self.ids.get(item)
        if found is None:
            found = self.ids[item] = len(self.items)
            self.items.append(item)
        return found


def count_units(
    texts: Sequence[str],
    *,
    stopwords: Iterable[str] | None,
    expressions: Iterable[str],
    components: Sequence[str],
    cache_dir: str | os.PathLike[str] | None,
) -> Units:
    """Parse the (redacted) texts and list their units."""
    stop = project_stopwords() if stopwords is None else frozenset(fold(w) for w in stopwords)
    terms, forms = _Table(), _Table()
    matcher = _ExpressionMatcher.build(
        expressions, terms=terms, components=components, cache_dir=cache_dir
    )
    words = _Words(stop, terms, forms)
    parts: list[tuple[np.ndarray, ...]] = []
    cleaned = [_without_tags(normalize_text(t)) for t in texts]
    for row, doc in enumerate(iter_parse(cleaned, components=components, cache_dir=cache_dir)):
        if len(doc):
            parts.append(_doc_units(row, doc, words, matcher, forms))
    if parts:
        columns = [np.concatenate(c) for c in zip(*parts, strict=True)]
    else:
        columns = [np.empty(0, dtype=t) for t in (np.int64,) * 5 + (bool,)]
    units = Units(*columns, terms=terms.items, forms=forms.items)
    return _rename(units, words.proper_noun_lemmas(), terms)


def _doc_units(
    row: int, doc: Doc, words: _Words, matcher: _ExpressionMatcher | None, forms: _Table
) -> tuple[np.ndarray, ...]:
    tokens = doc.to_array([ORTH, LEMMA, POS, SPACY])
    code = np.zeros(len(tokens), dtype=np.int64)
    for column in range(3):  # one small code per distinct (word, lemma, part of speech)
        values, inverse = np.unique(tokens[:, column], return_inverse=True)
        code = code * len(values) + inverse.reshape(-1)
    _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    combos = tokens[first, :3].tolist()
    info = np.array([words.info(doc, *c) for c in combos], dtype=np.int64)
    inverse = inverse.reshape(-1)
    term, form, kind = info[inverse, 0], info[inverse, 1], info[inverse, 2]
    space = tokens[:, 3].astype(bool)
    keep = term >= 0
    spans = matcher.spans(doc) if matcher else []
    for start, end, _ in spans:
        keep[start:end] = False
    position = np.flatnonzero(keep)
    columns = [position, term[position], form[position], kind[position], space[position]]
    if spans:
        starts = np.array([s for s, _, _ in spans], dtype=np.int64)
        extra = [
            starts,
            np.array([t for _, _, t in spans], dtype=np.int64),
            np.array([forms.id(doc[s:e].text) for s, e, _ in spans], dtype=np.int64),
            np.full(len(spans), EXPRESSION, dtype=np.int64),
            space[np.array([e - 1 for _, e, _ in spans], dtype=np.int64)],
        ]
        columns = [np.concatenate([a, b]) for a, b in zip(columns, extra, strict=True)]
        order = np.argsort(columns[0], kind="stable")
        columns = [c[order] for c in columns]
    position, term, form, kind, space = columns
    return (np.full(len(position), row, dtype=np.int64), term, form, kind, position, space)


class _Words:
    """Which (word, lemma, part of speech) are counted, and as what (memoised by hash)."""

    def __init__(self, stop: frozenset[str], terms: _Table, forms: _Table):
        self.stop, self.terms, self.forms = stop, terms, forms
        self._info: dict[tuple[int, int, int], tuple[int, int, int]] = {}
        self._proper: set[int] = set()
        self._lemmas: dict[str, set[int]] = {}

    def info(self, doc: Doc, orth: int, lemma: int, pos: int) -> tuple[int, int, int]:
        """``(term id, form id, kind)`` of a token; term id -1 when it is not counted."""
        key = (orth, lemma, pos)
        found = self._info.get(key)
        if found is not None:
            return found
        strings = doc.vocab.strings
        text = strings[orth]
        term = (strings[lemma] if lemma else text).lower().strip()
        tag = strings[pos] if pos else ""
        counted = (
            text not in _PLACEHOLDERS
            and tag not in FUNCTION_POS
            and len(term) >= 2
            and any(c.isalpha() for c in term)
            and not any(c.isdigit() for c in text)
            and fold(term) not in self.stop
            and fold(text.lower()) not in self.stop
        )
        if counted:
            term_id = self.terms.id(term)
            found = (term_id, self.forms.id(text), _KIND.get(tag, OTHER))
            if tag == "PROPN":
                self._proper.add(term_id)
            elif tag in ("NOUN", "ADJ"):
                self._lemmas.setdefault(text.lower(), set()).add(term_id)
        else:
            found = (-1, -1, OTHER)
        self._info[key] = found
        return found

    def proper_noun_lemmas(self) -> dict[int, int]:
        """Proper-noun terms to count under the lemma of the same word as a common noun.

        spaCy keeps a proper noun as written ("Matinales", "Actifs"); when the corpus also
        has the word as a noun or adjective ("les matinales": lemma "matinale"), the
        proper noun is counted under that lemma.
        """
        mapping = {}
        for term_id in self._proper:
            lemmas = self._lemmas.get(self.terms.items[term_id], set())
            if len(lemmas) == 1 and lemmas != {term_id}:
                mapping[term_id] = next(iter(lemmas))
        return mapping


def _rename(units: Units, mapping: dict[int, int], terms: _Table) -> Units:
    if not mapping:
        return units
    lookup = np.arange(len(terms.items), dtype=np.int64)
    for old, new in mapping.items():
        lookup[old] = new
    return replace(units, term=lookup[units.term])


@dataclass
class _ExpressionMatcher:
    """Caller's expressions, matched on folded written forms and on folded lemmas."""

    term_ids: list[int]
    by_form: PhraseMatcher
    by_lemma: PhraseMatcher

    @classmethod
    def build(
        cls,
        expressions: Iterable[str],
        *,
        terms: _Table,
        components: Sequence[str],
        cache_dir: str | os.PathLike[str] | None,
    ) -> _ExpressionMatcher | None:
        if isinstance(expressions, str):
            expressions = [expressions]
        wanted = list(dict.fromkeys(normalize_text(e).lower() for e in expressions if e.strip()))
        if not wanted:
            return None
        vocab = _cache_vocab()
        by_form = PhraseMatcher(vocab, attr="NORM")
        by_lemma = PhraseMatcher(vocab, attr="NORM")
        docs = parse(wanted, components=components, cache_dir=cache_dir, progress=False)
        for index, doc in enumerate(docs):
            tokens = [t for t in doc if not t.is_space]
            forms = [fold(t.lower_) for t in tokens]
            lemmas = [fold((t.lemma_ or t.text).lower()) for t in tokens]
            by_form.add(str(index), [_key_doc(vocab, forms)])
            by_lemma.add(str(index), [_key_doc(vocab, lemmas)])
        return cls([terms.id(w) for w in wanted], by_form, by_lemma)

    def spans(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Non-overlapping matches ``(start, end, term id)``: longest, then leftmost."""
        found = set()
        for matcher, attr in ((self.by_form, ORTH), (self.by_lemma, LEMMA)):
            _set_folded_norms(doc, attr)
            for match_id, start, end in matcher(doc):
                found.add((start, end, int(matcher.vocab.strings[match_id])))
        taken = np.zeros(len(doc), dtype=bool)
        chosen = []
        for start, end, index in sorted(found, key=lambda s: (s[0] - s[1], s[0], s[2])):
            if not taken[start:end].any():
                taken[start:end] = True
                chosen.append((start, end, self.term_ids[index]))
        return sorted(chosen)


def _key_doc(vocab: Vocab, keys: list[str]) -> Doc:
    doc = Doc(vocab, words=keys)
    for token, key in zip(doc, keys, strict=True):
        token.norm_ = key
    return doc


# hash of a written form or lemma → hash of its folded form (shared: hashes are stable)
_FOLDED: dict[int, int] = {}


def _set_folded_norms(doc: Doc, attr: int) -> None:
    """Set each token's NORM to the folded form (lower, no accents) of its ORTH or LEMMA."""
    values, inverse = np.unique(doc.to_array([attr]), return_inverse=True)
    strings = doc.vocab.strings
    keys = []
    for value in values.tolist():
        key = _FOLDED.get(value)
        if key is None:
            key = _FOLDED[value] = strings.add(fold(strings[value].lower()))
        keys.append(key)
    norms = np.asarray(keys, dtype=np.uint64)[inverse.reshape(-1)]
    doc.from_array([NORM], norms.reshape(-1, 1))


# ----------------------------------------------------------------------------- pairs


def candidate_pairs(units: Units) -> np.ndarray:
    """Index of the second unit of every candidate pair: two adjacent nominal words."""
    if len(units.term) < 2:
        return np.empty(0, dtype=np.int64)
    first, second = units.kind[:-1], units.kind[1:]
    nominal = ((first == NOUN) & ((second == NOUN) | (second == ADJECTIVE))) | (
        (first == ADJECTIVE) & (second == NOUN)
    )
    untagged = (first == UNTAGGED) & (second == UNTAGGED)
    adjacent = (units.row[1:] == units.row[:-1]) & (units.position[1:] == units.position[:-1] + 1)
    return np.flatnonzero(adjacent & (nominal | untagged)) + 1


def score_pairs(
    units: Units, documents: np.ndarray, *, min_count: int, min_llr: float
) -> pd.DataFrame:
    """Significant pairs: ``first, second`` (term ids), ``term, display, count,
    documents, pmi, llr``, sorted by ``llr`` (descending) then term.

    ``documents`` gives the document code of each corpus row (several rows, e.g. the
    turns of an interview, can make one document).
    """
    columns = ["first", "second", "term", "display", "count", "documents", "pmi", "llr"]
    second = candidate_pairs(units)
    first = second - 1
    n_terms = len(units.terms)
    codes = units.term[first] * n_terms + units.term[second]
    pairs, counts = np.unique(codes, return_counts=True)
    frequent = counts >= min_count
    pairs, counts = pairs[frequent], counts[frequent]
    if not len(pairs):
        return pd.DataFrame(columns=columns)
    words = units.kind != EXPRESSION
    unigrams = np.bincount(units.term[words], minlength=n_terms).astype(float)
    total = float(words.sum())
    o11 = counts.astype(float)
    c1, c2 = unigrams[pairs // n_terms], unigrams[pairs % n_terms]
    llr = _log_likelihood_ratio(o11, c1, c2, total)
    pmi = np.log2(o11 * total / (c1 * c2))
    significant = (llr >= min_llr) & (pmi > 0)
    pairs, o11, llr, pmi = pairs[significant], o11[significant], llr[significant], pmi[significant]
    if not len(pairs):
        return pd.DataFrame(columns=columns)

    chosen = np.isin(codes, pairs)
    first, second, codes = first[chosen], second[chosen], codes[chosen]
    n_documents = int(documents.max()) + 1
    used_by = np.unique(codes * n_documents + documents[units.row[first]]) // n_documents
    spread = dict(zip(*np.unique(used_by, return_counts=True), strict=True))
    forms = pd.DataFrame(
        {
            "code": codes,
            "form": [
                units.forms[a] + (" " if s else "") + units.forms[b]
                for a, s, b in zip(
                    units.form[first].tolist(),
                    units.space[first].tolist(),
                    units.form[second].tolist(),
                    strict=True,
                )
            ],
        }
    )
    forms = forms.value_counts().reset_index(name="n")
    forms["capital"] = forms["form"].map(_sentence_capital)
    forms = forms.sort_values(["code", "n", "capital", "form"], ascending=[True, False, True, True])
    display = dict(forms.drop_duplicates("code")[["code", "form"]].itertuples(index=False))

    a, b = pairs // n_terms, pairs % n_terms
    table = pd.DataFrame(
        {
            "first": a,
            "second": b,
            "term": [f"{units.terms[i]} {units.terms[j]}" for i, j in zip(a, b, strict=True)],
            "display": [display[p] for p in pairs.tolist()],
            "count": o11.astype(np.int64),
            "documents": np.array([spread[p] for p in pairs.tolist()], dtype=np.int64),
            "pmi": pmi,
            "llr": llr,
        }
    )
    table = table.sort_values(["llr", "term"], ascending=[False, True], kind="mergesort")
    return table[columns].reset_index(drop=True)


def _log_likelihood_ratio(o11: np.ndarray, c1: np.ndarray, c2: np.ndarray, n: float) -> np.ndarray:
    """Dunning's G² of the 2×2 table of each pair (``o11`` together, ``c1``, ``c2`` alone)."""
    observed = np.stack([o11, c1 - o11, c2 - o11, n - c1 - c2 + o11])
    rows = np.stack([c1, c1, n - c1, n - c1])
    cols = np.stack([c2, n - c2, c2, n - c2])
    expected = rows * cols / n
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return 2.0 * cells.sum(axis=0)


def merge_pairs(units: Units, pairs: pd.DataFrame) -> Units:
    """Every occurrence of the given pairs (``first``, ``second`` term ids) as one unit.

    Overlapping occurrences (a chain of three words) are merged from the left.
    """
    if pairs.empty:
        return units
    n_terms = len(units.terms)
    second = candidate_pairs(units)
    codes = units.term[second - 1] * n_terms + units.term[second]
    wanted = (pairs["first"].to_numpy() * n_terms + pairs["second"].to_numpy()).astype(np.int64)
    second = second[np.isin(codes, wanted)]
    merged = []
    last = -1
    for j in second.tolist():
        if j - 1 > last:  # the first word is not the end of a pair already merged
            merged.append(j)
            last = j
    if not merged:
        return units
    terms, forms = _Table(), _Table()
    for t in units.terms:
        terms.id(t)
    for f in units.forms:
        forms.id(f)
    ends = np.array(merged, dtype=np.int64)
    starts = ends - 1
    term = units.term.copy()
    form = units.form.copy()
    term[starts] = [
        terms.id(f"{units.terms[a]} {units.terms[b]}")
        for a, b in zip(units.term[starts].tolist(), units.term[ends].tolist(), strict=True)
    ]
    form[starts] = [
        forms.id(units.forms[a] + (" " if s else "") + units.forms[b])
        for a, s, b in zip(
            units.form[starts].tolist(),
            units.space[starts].tolist(),
            units.form[ends].tolist(),
            strict=True,
        )
    ]
    kind = units.kind.copy()
    kind[starts] = EXPRESSION
    space = units.space.copy()
    space[starts] = units.space[ends]
    keep = np.ones(len(term), dtype=bool)
    keep[ends] = False
    return Units(
        row=units.row[keep],
        term=term[keep],
        form=form[keep],
        kind=kind[keep],
        position=units.position[keep],
        space=space[keep],
        terms=terms.items,
        forms=forms.items,
    )
