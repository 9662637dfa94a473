"""Text analysis of interviews and free-text answers (French), built on spaCy.

This is the only package of :mod:`survey` that imports spaCy. Every text that is counted,
quoted or drawn goes through :func:`survey.privacy.redact` first.

- :mod:`survey.text.clean`: small pure ``str -> str`` functions (apostrophes, quotes,
  fillers, spaces, a folding key for matching);
- :mod:`survey.text.nlp`: the French pipeline, loaded once, and :func:`parse` with its
  on-disk cache;
- :mod:`survey.text.frequencies`: word counts (by subgroup), collocations, keyword in
  context;
- :mod:`survey.text.keywords`: the "SPRO en 3 mots clés" answers;
- :mod:`survey.text.cloud`: reproducible word clouds and their layout table.
"""

from survey.text.clean import (
    fold,
    normalize_apostrophes,
    normalize_quotes,
    normalize_text,
    normalize_whitespace,
    remove_fillers,
)
from survey.text.cloud import word_cloud
from survey.text.frequencies import (
    collocations,
    default_stopwords,
    keyword_in_context,
    word_frequencies,
)
from survey.text.keywords import keyword_frequencies, normalize_keywords, split_keywords
from survey.text.nlp import (
    default_cache_dir,
    is_french_word,
    iter_parse,
    lemmatize,
    load_nlp,
    parse,
)

__all__ = [
    "collocations",
    "default_cache_dir",
    "default_stopwords",
    "fold",
    "is_french_word",
    "iter_parse",
    "keyword_frequencies",
    "keyword_in_context",
    "lemmatize",
    "load_nlp",
    "normalize_apostrophes",
    "normalize_keywords",
    "normalize_quotes",
    "normalize_text",
    "normalize_whitespace",
    "parse",
    "remove_fillers",
    "split_keywords",
    "word_cloud",
    "word_frequencies",
]
