"""Word frequencies of interviews and free-text answers, multi-word expressions kept whole.

Texts come either as a Series (index = document id: one respondent, one interview) or as
a table of interview turns with columns ``interview_id, role, text``, of which only the
interviewee's turns are read. Every text goes through :func:`survey.privacy.redact`
first, then :func:`survey.text.clean.normalize_text`, then the French spaCy pipeline
(:func:`survey.text.nlp.parse`, cached on disk).

Counting is on lower-case lemmas, without spaCy's French stop words, the project
stoplist (``stoplist_fr.txt``), figures, punctuation and function words (determiners,
pronouns, prepositions, conjunctions, auxiliaries). Multi-word expressions are counted
whole and their words are not counted again on their own:

- the caller's ``expressions`` ("orientation pour tous", "Mission Locale"…), found with
  spaCy's ``PhraseMatcher`` on the words as written *and* on their lemmas, ignoring case
  and accents, so that "l'orientation pour tous", "les missions locales" and
  "ne connait pas" are found;
- significant collocations of the corpus: pairs of adjacent counted words that occur
  together far more often than chance (Dunning's log-likelihood ratio, see
  :func:`collocations`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from survey import privacy
from survey.text import _units
from survey.text.clean import fold, normalize_whitespace
from survey.text.nlp import DEFAULT_COMPONENTS

__all__ = [
    "ALL",
    "collocations",
    "default_stopwords",
    "keyword_in_context",
    "word_frequencies",
]

ALL = "Ensemble"
"""The ``group`` of every row when no ``by`` is given."""

INTERVIEWEE = "interviewee"
_TURN_COLUMNS = ("interview_id", "role", "text")
_FREQUENCY_COLUMNS = ["group", "term", "display", "count", "documents"]
_COLLOCATION_COLUMNS = ["term", "display", "count", "documents", "pmi", "llr"]
_KWIC_COLUMNS = ["document", "left", "match", "right"]

# Significance of a collocation: chi-square with one degree of freedom, p < 0.001.
LLR_P001 = 10.83
_COLLOCATION_MIN_COUNT = 5

By = str | pd.Series | Mapping | None


def default_stopwords() -> frozenset[str]:
    """spaCy's French stop words plus the project stoplist, folded (no case, no accents).

    Returns
    -------
    frozenset of str
        Pass a modified copy as ``stopwords=`` to :func:`word_frequencies`, e.g.
        ``default_stopwords() | {"matinale"}`` or ``default_stopwords() - {"personne"}``.
    """
    return _units.project_stopwords()


def word_frequencies(
    texts: pd.Series | pd.DataFrame,
    *,
    by: By = None,
    stopwords: Iterable[str] | None = None,
    expressions: Iterable[str] = (),
    collocations: bool = True,
    min_count: int = 1,
    components: Sequence[str] = DEFAULT_COMPONENTS,
    cache_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Term counts, optionally by subgroup, multi-word expressions kept whole.

    Parameters
    ----------
    texts : pandas.Series or pandas.DataFrame
        A Series of texts whose index is the document id (one respondent, one interview;
        an id may repeat), or a DataFrame of interview turns with columns
        ``interview_id, role, text``: only ``role == "interviewee"`` turns are counted,
        and the document is the interview.
    by : str, pandas.Series or mapping, optional
        Subgroups (cercle, département, mission…): a column of the turns table, or a
        Series / mapping from document id to group (a Series with the same index as
        ``texts`` is taken row by row). Documents without a group are left out.
    stopwords : iterable of str, optional
        Words left out, *instead of* :func:`default_stopwords` (compared with lemmas and
        written forms, ignoring case and accents).
    expressions : iterable of str
        Multi-word expressions counted whole, e.g. ``["orientation pour tous",
        "Mission Locale", "France Travail"]`` (a coding frame's ``expressions``).
    collocations : bool
        Also keep whole the significant collocations of the corpus (see
        :func:`collocations`, with its default thresholds).
    min_count : int
        Leave out terms counted fewer times (in their group).
    components : sequence of str
        spaCy components (see :func:`survey.text.nlp.load_nlp`); counting needs the
        lemmatizer (without it, lower-case words are counted).
    cache_dir : path, optional
        Cache of parsed documents (see :func:`survey.text.nlp.parse`).

    Returns
    -------
    pandas.DataFrame
        One row per (group, term), sorted by group, count (descending) then term:

        - ``group``: the subgroup, or ``"Ensemble"`` without ``by``;
        - ``term``: the lower-case lemma, the expression as given (lower case) or the
          two lemmas of a collocation;
        - ``display``: the most frequent written form of the term in the corpus;
        - ``count``: occurrences in the group;
        - ``documents``: documents (interviews, respondents) of the group using it.

        Redaction tags ("[personne]", "[commune]"…) are never counted.
    """
    corpus = _corpus(texts, by)
    units = _units.count_units(
        corpus["text"].tolist(),
        stopwords=stopwords,
        expressions=expressions,
        components=components,
        cache_dir=cache_dir,
    )
    if collocations:
        pairs = _units.score_pairs(
            units, _document_codes(corpus), min_count=_COLLOCATION_MIN_COUNT, min_llr=LLR_P001
        )
        units = _units.merge_pairs(units, pairs)
    return _frequency_table(units, corpus, min_count=min_count)


def collocations(
    texts: pd.Series | pd.DataFrame,
    *,
    stopwords: Iterable[str] | None = None,
    expressions: Iterable[str] = (),
    min_count: int = _COLLOCATION_MIN_COUNT,
    min_llr: float = LLR_P001,
    components: Sequence[str] = DEFAULT_COMPONENTS,
    cache_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Significant two-word collocations of the corpus.

    Candidates are pairs of adjacent counted words (as in :func:`word_frequencies`: no
    stop word, figure or punctuation between or inside them, not part of an
    expression). A pair is significant when it occurs at least ``min_count`` times, more
    often than chance (positive PMI), with a log-likelihood ratio of at least
    ``min_llr`` (Dunning 1993; 10.83 is p < 0.001).

    Parameters
    ----------
    texts, stopwords, expressions, components, cache_dir
        As in :func:`word_frequencies`.
    min_count : int
        Minimum occurrences of the pair (default 5).
    min_llr : float
        Minimum log-likelihood ratio G² (default 10.83).

    Returns
    -------
    pandas.DataFrame
        One row per collocation, sorted by ``llr`` (descending) then term: ``term``
        (the two lemmas), ``display`` (most frequent written form), ``count``,
        ``documents``, ``pmi`` (pointwise mutual information, bits) and ``llr`` (G²).
    """
    corpus = _corpus(texts, None)
    units = _units.count_units(
        corpus["text"].tolist(),
        stopwords=stopwords,
        expressions=expressions,
        components=components,
        cache_dir=cache_dir,
    )
    table = _units.score_pairs(units, _document_codes(corpus), min_count=min_count, min_llr=min_llr)
    return table[_COLLOCATION_COLUMNS].reset_index(drop=True)


def keyword_in_context(
    texts: pd.Series | pd.DataFrame, keyword: str, *, window: int = 60
) -> pd.DataFrame:
    """Every occurrence of a keyword with the text around it (concordance, KWIC).

    Parameters
    ----------
    texts : pandas.Series or pandas.DataFrame
        As in :func:`word_frequencies` (only the interviewee's turns of a turns table).
    keyword : str
        A word or several ("ne connaît pas"), matched as whole words ignoring case,
        accents and apostrophe styles; spaces match any spacing. A final ``*`` matches
        any ending ("conseill*": conseiller, conseillère…).
    window : int
        Characters shown on each side (a word cut by the window is left out).

    Returns
    -------
    pandas.DataFrame
        One row per occurrence, in text order: ``document``, ``left``, ``match`` (as
        written) and ``right``, spaces tidied.
    """
    pattern = _keyword_regex(keyword)
    corpus = _corpus(texts, None)
    rows = []
    for document, text in zip(corpus["document"], corpus["text"], strict=True):
        text = unicodedata.normalize("NFC", text)
        tags = [m.span() for m in _units.TAG.finditer(text)]
        for match in pattern.finditer(fold(text)):
            start, end = match.span()
            if any(s < end and start < e for s, e in tags):
                continue  # inside a redaction tag: "[commune]" is not the word "commune"
            rows.append(
                {
                    "document": document,
                    "left": _left_context(text, start, window),
                    "match": normalize_whitespace(text[start:end]),
                    "right": _right_context(text, end, window),
                }
            )
    return pd.DataFrame(rows, columns=_KWIC_COLUMNS)


# ----------------------------------------------------------------------------- corpus


def _corpus(texts: pd.Series | pd.DataFrame | Iterable[str], by: By) -> pd.DataFrame:
    """The documents as a table ``document, group, text`` (texts redacted), in order."""
    if isinstance(texts, pd.DataFrame):
        missing = [c for c in _TURN_COLUMNS if c not in texts.columns]
        if missing:
            raise ValueError(
                f"Colonne(s) absente(s) : {', '.join(missing)}. Un tableau de tours de "
                f"parole doit avoir les colonnes {', '.join(_TURN_COLUMNS)} ; sinon "
                "passez une Series de textes indexée par document."
            )
        turns = texts[texts["role"] == INTERVIEWEE]
        if turns.empty and not texts.empty:
            roles = ", ".join(sorted(map(str, texts["role"].dropna().unique())))
            raise ValueError(
                f"Aucun tour de parole avec role == « {INTERVIEWEE} » (rôles trouvés : {roles})."
            )
        documents = turns["interview_id"]
        text = turns["text"]
        if isinstance(by, str):
            if by not in texts.columns:
                raise ValueError(
                    f"Colonne « {by} » absente du tableau des tours de parole "
                    f"(colonnes : {', '.join(map(str, texts.columns))})."
                )
            groups = turns[by]
        else:
            groups = _groups_of(documents, by, rowwise=False)
    else:
        if not isinstance(texts, pd.Series):
            texts = pd.Series(list(texts), dtype=object)
        if isinstance(by, str):
            raise ValueError(
                f"by=« {by} » désigne une colonne, mais les textes sont une Series : "
                "passez une Series ou un dictionnaire document → groupe."
            )
        documents = texts.index.to_series(index=texts.index)
        text = texts
        groups = _groups_of(documents, by, rowwise=by is not None and _same_index(by, texts))
    frame = pd.DataFrame(
        {
            "document": documents.to_numpy(),
            "group": np.asarray(groups, dtype=object),
            "text": privacy.redact_series(text.astype(object)).to_numpy(),
        }
    )
    order = _group_order(by, groups)
    frame = frame[frame["text"].notna() & frame["group"].notna()].reset_index(drop=True)
    frame["text"] = frame["text"].astype(str)
    present = set(frame["group"])
    frame.attrs["groups"] = [g for g in order if g in present]
    return frame


def _same_index(by: object, texts: pd.Series) -> bool:
    return isinstance(by, pd.Series) and by.index.equals(texts.index)


def _groups_of(documents: pd.Series, by: By, *, rowwise: bool) -> pd.Series:
    if by is None:
        return pd.Series(ALL, index=documents.index, dtype=object)
    if rowwise:
        return pd.Series(np.asarray(by, dtype=object), index=documents.index)
    if isinstance(by, pd.Series):
        if not by.index.is_unique:
            raise ValueError(
                "by : l'index de la Series des groupes doit être l'identifiant de document, "
                "sans doublon (ou le même index que les textes)."
            )
        return documents.map(by)
    if isinstance(by, Mapping):
        return documents.map(lambda d: by.get(d))
    raise TypeError(
        f"by doit être un nom de colonne, une Series ou un dictionnaire, pas {type(by).__name__}."
    )


def _group_order(by: By, groups: pd.Series) -> list:
    if by is None:
        return [ALL]
    values = by if isinstance(by, pd.Series) else pd.Series(groups)
    if isinstance(values.dtype, pd.CategoricalDtype):
        return list(values.cat.categories)
    present = pd.Series(groups).dropna().unique().tolist()
    return sorted(present, key=lambda g: (str(type(g)), g))


# ----------------------------------------------------------------------------- tables


def _document_codes(corpus: pd.DataFrame) -> np.ndarray:
    return pd.factorize(corpus["document"])[0].astype(np.int64)


def _frequency_table(units: _units.Units, corpus: pd.DataFrame, *, min_count: int) -> pd.DataFrame:
    """Count units by (group, term): occurrences and distinct documents."""
    groups = corpus.attrs["groups"]
    group_of_row = pd.Categorical(corpus["group"], categories=groups).codes.astype(np.int64)
    document_of_row = _document_codes(corpus)
    n_terms = max(1, len(units.terms))
    n_documents = max(1, len(document_of_row))
    cells = group_of_row[units.row] * n_terms + units.term
    codes, counts = np.unique(cells, return_counts=True)
    used = np.unique(cells * n_documents + document_of_row[units.row]) // n_documents
    _, documents = np.unique(used, return_counts=True)  # same cells, same order as codes
    displays = units.displays()
    group, term = (codes // n_terms).tolist(), (codes % n_terms).tolist()
    table = pd.DataFrame(
        {
            "group": [groups[g] for g in group],
            "term": [units.terms[t] for t in term],
            "display": [displays[t] for t in term],
            "count": counts.astype(np.int64),
            "documents": documents.astype(np.int64),
            "_rank": group,
        }
    )
    table = table[table["count"] >= min_count]
    table = table.sort_values(
        ["_rank", "count", "term"], ascending=[True, False, True], kind="mergesort"
    )
    return table[_FREQUENCY_COLUMNS].reset_index(drop=True)


# ----------------------------------------------------------------------------- KWIC


def _keyword_regex(keyword: str) -> re.Pattern[str]:
    words = fold(normalize_whitespace(keyword)).split()
    if not words:
        raise ValueError("Le mot-clé est vide : donnez au moins un mot à chercher.")
    prefix = words[-1].endswith("*")
    if prefix:
        words[-1] = words[-1].rstrip("*")
    body = r"\s+".join(re.escape(w) for w in words).replace("'", r"'\s*")
    end = r"\w*" if prefix else r"(?!\w)"
    return re.compile(rf"(?<!\w){body}{end}")


def _left_context(text: str, start: int, window: int) -> str:
    begin = max(0, start - window)
    left = text[begin:start]
    if begin > 0 and text[begin - 1].isalnum() and left[:1].isalnum():
        cut = re.search(r"\s", left)
        left = left[cut.start() :] if cut else ""
    return _tidy(left)


def _right_context(text: str, end: int, window: int) -> str:
    stop = min(len(text), end + window)
    right = text[end:stop]
    if stop < len(text) and text[stop].isalnum() and right[-1:].isalnum():
        cut = max(right.rfind(" "), right.rfind("\n"), right.rfind("\t"))
        right = right[:cut] if cut >= 0 else ""
    return _tidy(right)


def _tidy(text: str) -> str:
    return " ".join(text.split())
