"""The "SPRO en 3 mots clés" question: answers split into keywords, normalised, counted.

Each answer (a questionnaire field, or the interviewer's note "l'orientation pour tous ;
l'accompagnement ; le réseau") is split into its keywords (:func:`split_keywords`).
Keywords are then grouped under one key (:func:`normalize_keywords`): case, accents and
apostrophe styles do not matter, the leading article goes ("L'accompagnement"), words
are compared by lemma ("Les jeunes" and "jeune"), and a verb phrase loses its subject and
the "ne" of the negation ("je connais pas", "Je ne le connais pas", "ne connaît pas").
Synonyms given by the caller (``{"neutre": "neutralité"}``) map a keyword to a canonical
one. :func:`keyword_frequencies` counts the keys, with the number of distinct people.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping

import pandas as pd

from survey import privacy
from survey.text.clean import fold, normalize_text
from survey.text.nlp import DEFAULT_COMPONENTS, parse

__all__ = ["keyword_frequencies", "normalize_keywords", "split_keywords"]

_SPLIT_COLUMNS = ["document", "position", "raw"]
_FREQUENCY_COLUMNS = ["key", "display", "count", "people"]

# Between keywords: semicolons, commas, slashes, vertical bars, bullets, dashes with a
# space on each side (not the hyphen of "Auvergne-Rhône-Alpes"), line breaks, and a
# number that starts a new item ("1. accueil 2. conseil").
_SEPARATOR = re.compile(
    r"\s*(?:[;,/|•·▪◦‣]|\s[-–—]\s|\n|\r)\s*|\s+(?=\(?\d{1,2}\s*[.)]\s)", re.MULTILINE
)
# What may start an item: bullets, numbering ("1.", "2)", "(3)", "1 -").
_ITEM_START = re.compile(r"^(?:[-–—*•·▪◦‣>]+\s*|\(?\d{1,2}\s*[.):-]\s*|\(\d{1,2}\)\s*)+")
_QUOTES_AND_STOPS = "\"'«»“”„‘’‹›`.…!?:;*() \t"
_ARTICLE = re.compile(r"^(?:(?:les|le|la|un|une|des|du|de|au|aux)\s+|(?:l|d|de l)'\s*)+")
# Before the verb of a keyword: subject pronouns, object pronouns, negation "ne".
_CLITICS = frozenset(
    {
        "je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles",
        "ne", "n'",
        "le", "la", "l'", "les", "lui", "leur", "me", "m'", "te", "t'", "se", "s'", "y", "en",
    }
)  # fmt: skip
_VERBS = frozenset({"VERB", "AUX"})
_TAGS = frozenset(privacy.TAGS.values())


def split_keywords(answers: pd.Series | Iterable[str]) -> pd.DataFrame:
    """Each answer split into its keywords.

    Separators are ``;``, ``,``, ``/``, ``|``, a dash between spaces (``" - "``), line
    breaks and bullets; numbering ("1.", "2)") and bullets that start an item, the quotes
    around it and a final full stop are removed. Empty items are dropped.

    Parameters
    ----------
    answers : pandas.Series or iterable of str
        One answer per person; the index is the document id (respondent, interview).
        Missing answers are skipped.

    Returns
    -------
    pandas.DataFrame
        One row per keyword, in answer order: ``document``, ``position`` (1, 2, 3… within
        the answer) and ``raw`` (the keyword as written, redacted).

    Examples
    --------
    >>> split_keywords(pd.Series({"E01": "l'orientation pour tous ; l'accompagnement ; le réseau"}))
      document  position                      raw
    0      E01         1  l'orientation pour tous
    1      E01         2         l'accompagnement
    2      E01         3                le réseau
    """
    answers = _as_series(answers)
    return _split(privacy.redact_series(answers))


def normalize_keywords(
    raw: pd.DataFrame | pd.Series | Iterable[str],
    *,
    synonyms: Mapping[str, str] | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Add to each keyword a normalised ``key`` and a readable ``display`` form.

    Two keywords get the same key when, leading article removed, their lemmas are the
    same ignoring case and accents ("L'information", "informations"), or, for a verb
    phrase, once the subject pronoun and "ne" are dropped ("je connais pas",
    "ne connaît pas"). A keyword matching a synonym (its key or its written form) gets
    the synonym's canonical form.

    Parameters
    ----------
    raw : pandas.DataFrame, pandas.Series or iterable of str
        The table from :func:`split_keywords` (its ``raw`` column), or keywords.
    synonyms : mapping, optional
        Written variant → canonical keyword, e.g. ``{"neutre": "neutralité",
        "je connais pas": "ne connaît pas"}`` (a coding frame's ``synonyms``). Variants
        are compared like keywords (so "Neutres" matches "neutre"). They are the
        analyst's vocabulary: unlike the answers, they are not redacted.
    cache_dir : path, optional
        Cache of parsed texts (see :func:`survey.text.nlp.parse`).

    Returns
    -------
    pandas.DataFrame
        The input table (or a ``raw`` column) plus:

        - ``key``: the canonical keyword in lower case if a synonym matched, else the most
          frequent written form of the group in lower case, without article
          ("orientation pour tous", "jeunes", "ne connaît pas");
        - ``display``: the canonical keyword as given if a synonym matched, else the most
          frequent written form, without article, with a capital only where it belongs
          ("accompagnement", "SPRO", "Via Compétences").

        A keyword with nothing left once cleaned ("euh") has no key nor display.
    """
    table = _as_table(raw)
    table["raw"] = privacy.redact_series(table["raw"].astype(object))
    return _normalize(table, synonyms or {}, cache_dir)


def keyword_frequencies(
    answers: pd.Series | Iterable[str],
    *,
    synonyms: Mapping[str, str] | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """How often each keyword is given, and by how many people.

    Parameters
    ----------
    answers : pandas.Series or iterable of str
        One answer per person, index = document id (see :func:`split_keywords`).
    synonyms : mapping, optional
        See :func:`normalize_keywords`.
    cache_dir : path, optional
        Cache of parsed texts.

    Returns
    -------
    pandas.DataFrame
        One row per key, sorted by count, people (both descending) then key: ``key``,
        ``display``, ``count`` (times given) and ``people`` (distinct documents giving
        it). Pass it to :func:`survey.text.cloud.word_cloud`.
    """
    keywords = _normalize(
        _split(privacy.redact_series(_as_series(answers))), synonyms or {}, cache_dir
    ).dropna(subset=["key"])
    if keywords.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in _FREQUENCY_COLUMNS}).astype(
            {"count": "int64", "people": "int64"}
        )
    table = (
        keywords.groupby("key", sort=False)
        .agg(
            display=("display", "first"),
            count=("key", "size"),
            people=("document", "nunique"),
        )
        .reset_index()
    )
    table = table.sort_values(
        ["count", "people", "key"], ascending=[False, False, True], kind="mergesort"
    )
    return (
        table[_FREQUENCY_COLUMNS]
        .reset_index(drop=True)
        .astype({"count": "int64", "people": "int64"})
    )


# ----------------------------------------------------------------------------- splitting


def _as_series(answers: pd.Series | Iterable[str]) -> pd.Series:
    if isinstance(answers, pd.DataFrame):
        raise TypeError(
            "Les réponses doivent être une Series (une réponse par personne, indexée par "
            "document), pas un DataFrame : choisissez la colonne des mots clés."
        )
    if isinstance(answers, pd.Series):
        return answers
    return pd.Series(list(answers), dtype=object)


def _split(answers: pd.Series) -> pd.DataFrame:
    rows = []
    for document, answer in answers.items():
        if not isinstance(answer, str):
            continue
        position = 0
        for item in _SEPARATOR.split(answer):
            keyword = _clean_item(item)
            if keyword:
                position += 1
                rows.append((document, position, keyword))
    table = pd.DataFrame(rows, columns=_SPLIT_COLUMNS)
    return table.astype({"position": "int64", "raw": object})


def _clean_item(item: str) -> str:
    item = _ITEM_START.sub("", item.strip())
    item = item.strip(_QUOTES_AND_STOPS)
    if not any(c.isalpha() for c in item):
        return ""
    return " ".join(item.split())


# ----------------------------------------------------------------------------- normalising


def _as_table(raw: pd.DataFrame | pd.Series | Iterable[str]) -> pd.DataFrame:
    if isinstance(raw, pd.DataFrame):
        if "raw" not in raw.columns:
            raise ValueError(
                "Le tableau des mots clés doit avoir une colonne « raw » "
                "(celle que donne split_keywords)."
            )
        return raw.copy()
    values = raw.tolist() if isinstance(raw, pd.Series) else list(raw)
    return pd.DataFrame({"raw": pd.Series(values, dtype=object)})


def _normalize(
    table: pd.DataFrame, synonyms: Mapping[str, str], cache_dir: str | os.PathLike[str] | None
) -> pd.DataFrame:
    table = table.copy()
    present = table["raw"].notna()
    forms = [_without_article(_clean_item(normalize_text(str(r)))) for r in table["raw"][present]]
    variants, canonicals = list(synonyms), list(synonyms.values())  # vocabulary, not verbatims
    extra = [_without_article(_clean_item(normalize_text(v))) for v in variants + canonicals]
    signatures = _signatures(forms + extra, cache_dir)
    signature_of = dict(zip(forms + extra, signatures, strict=True))

    canonical_by_form: dict[str, str] = {}
    canonical_by_signature: dict[str, str] = {}
    n = len(variants)
    for i, canonical in enumerate(canonicals):  # a canonical keyword stands for itself
        form = extra[n + i]
        canonical_by_form.setdefault(fold(form), canonical)
        canonical_by_signature.setdefault(signature_of[form], canonical)
    for variant_form, canonical in zip(extra[:n], canonicals, strict=True):
        canonical_by_form[fold(variant_form)] = canonical
        canonical_by_signature[signature_of[variant_form]] = canonical

    canonical = [
        canonical_by_form.get(fold(f)) or canonical_by_signature.get(signature_of[f]) for f in forms
    ]
    groups = [
        f"={c}" if c is not None else signature_of[f] for f, c in zip(forms, canonical, strict=True)
    ]
    lowered: Counter[tuple[str, str]] = Counter()
    for group, form in zip(groups, forms, strict=True):
        lowered[group, form.lower()] += 1
    key_of_group = _most_frequent(lowered)
    keys = [
        c.lower() if c is not None else key_of_group[g]
        for g, c in zip(groups, canonical, strict=True)
    ]
    shown: Counter[tuple[str, str]] = Counter()
    for key, form in zip(keys, forms, strict=True):
        shown[key, _sensible_case(form)] += 1
    display_of_key = _most_frequent(shown)
    for key, c in zip(keys, canonical, strict=True):
        if c is not None:
            display_of_key[key] = c
    table["key"] = pd.Series(dtype=object)
    table["display"] = pd.Series(dtype=object)
    table.loc[present, "key"] = [k or None for k in keys]  # nothing left ("euh"): no key
    table.loc[present, "display"] = [display_of_key[k] if k else None for k in keys]
    return table


def _most_frequent(counts: Counter[tuple[str, str]]) -> dict[str, str]:
    """For each group, its most frequent form (ties: the shortest, then alphabetical)."""
    best: dict[str, tuple[int, int, str]] = {}
    for (group, form), n in counts.items():
        rank = (-n, len(form), form)
        if group not in best or rank < best[group]:
            best[group] = rank
    return {group: rank[2] for group, rank in best.items()}


def _without_article(form: str) -> str:
    """The keyword without its leading article ("L'accueil" → "accueil")."""
    match = _ARTICLE.match(fold(form))
    rest = form[match.end() :] if match else form
    return rest.strip() or form


def _sensible_case(form: str) -> str:
    """Lower-case first letter, unless the keyword has other capitals ("SPRO", "Via …")."""
    if not form or any(c.isupper() for c in form[1:]):
        return form
    return form[0].lower() + form[1:]


def _signatures(forms: list[str], cache_dir: str | os.PathLike[str] | None) -> list[str]:
    """The matching key of each keyword: folded lemmas, clitics before a verb dropped."""
    docs = parse([_sensible_case(f) for f in forms], components=DEFAULT_COMPONENTS,
                 cache_dir=cache_dir, progress=False)  # fmt: skip
    signatures = []
    for form, doc in zip(forms, docs, strict=True):
        if form in _TAGS:  # "[personne]" (a redacted name) is not "personne"
            signatures.append(form)
            continue
        tokens = [t for t in doc if not (t.is_punct or t.is_space)]
        verb = next((i for i, t in enumerate(tokens) if t.pos_ in _VERBS), None)
        if verb is not None:
            tokens = [
                t for i, t in enumerate(tokens) if i >= verb or fold(t.lower_) not in _CLITICS
            ]
        lemmas = [fold((t.lemma_ or t.text).lower()) for t in tokens]
        signatures.append(" ".join(lemmas) or fold(form))
    return signatures
