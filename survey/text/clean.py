"""Small pure text functions (``str -> str``) to clean spoken French before analysis.

Each does one thing; :func:`normalize_text` composes them in a sensible order. They never
change the meaning of a text: :func:`remove_fillers` removes hesitation sounds only, and
:func:`fold` gives a key for matching, not a text to show.
"""

from __future__ import annotations

import re
import unicodedata

from survey._fold import APOSTROPHES as _APOSTROPHES
from survey._fold import LEFT_SINGLE as _LEFT_SINGLE
from survey._fold import fold

__all__ = [
    "FILLERS",
    "fold",
    "normalize_apostrophes",
    "normalize_quotes",
    "normalize_text",
    "normalize_whitespace",
    "remove_fillers",
]

# Typographic apostrophes and their look-alikes (the right single quote is by far the
# most common: word processors and Teams write "l’orientation").
_LEFT_SINGLE_IN_WORD = re.compile(rf"(?<=\w){_LEFT_SINGLE}(?=\w)")

_DOUBLE_QUOTES = "«»“”„‟″〝〞＂‹›"
_SPACE_INSIDE_GUILLEMETS = re.compile(r"(«|‹)[ \u00a0\u202f\u2009]+|[ \u00a0\u202f\u2009]+(»|›)")

# Runs of spaces, or one space that is not a plain space (a plain space stays as it is).
_ODD_SPACES = "\t\u00a0\u202f\u2009\u2007\u2002\u2003\u2005\u2006\u200a"
_HORIZONTAL_SPACE = re.compile(rf"[ {_ODD_SPACES}]{{2,}}|[{_ODD_SPACES}]")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")

FILLERS: tuple[str, ...] = (
    "bon ben",
    "bon bah",
    "eh ben",
    "eh bah",
    "euh",
    "euhm",
    "heu",
    "hum",
    "hmm",
    "hm",
    "mh",
    "mmh",
    "ben",
    "bah",
    "hein",
)
"""Hesitation sounds and interjections removed by :func:`remove_fillers`.

Only sounds with no lexical meaning: "euh" (and its spellings, lengthened "euuuh"
included), "hum", "ben", "bah", "hein", and "bon ben", "eh ben". Discourse markers
that can carry meaning are kept: "voilà" (*voilà le problème*), "du coup" (*so*),
"bon" (*un bon accompagnement*), "enfin", "quoi", "genre", "en fait"; the word
counts leave them out through the stoplist instead (``stoplist_fr.txt``). "Ben" with a
capital in the middle of a sentence is taken for a first name and kept.
"""


def _filler_regex() -> re.Pattern[str]:
    lengthened = {
        "euh": r"eu+h+",
        "heu": r"heu+h*",
        "hum": r"hu+m+",
        "hmm": r"hmm+",
        "mmh": r"mm+h+",
    }
    words = sorted(FILLERS, key=len, reverse=True)
    alternatives = "|".join(
        lengthened.get(w, r"\s+".join(re.escape(p) for p in w.split())) for w in words
    )
    initials = "".join(sorted({w[0] for w in words} | {w[0].upper() for w in words}))
    return re.compile(  # the look-ahead on initials skips most positions at once
        rf"(?=[{initials}])(?<![\w'])(?:{alternatives})(?![\w'])[^\S\n]*(?:,|\.\.\.|…)?[^\S\n]*",
        re.IGNORECASE,
    )


# Characters folded by a table (Latin, Greek, Cyrillic, punctuation); others are kept.

_FILLER = _filler_regex()
_SENTENCE_END = re.compile(r"(?:^|[.!?…]\s+|\n\s*)$")
_MID_SENTENCE = re.compile(r"[a-zà-ÿ,]\s+$")
_COMMA_BEFORE_STOP = re.compile(r"[^\S\n]*,[^\S\n]*(?=[.…]|$)", re.MULTILINE)
_COMMA_BEFORE_MARK = re.compile(r"[^\S\n]*,([^\S\n]*)(?=[?!;:])")
_DOUBLE_COMMA = re.compile(r",[^\S\n]*,")
_MANY_SPACES = re.compile(r"[^\S\n]{2,}")


def normalize_apostrophes(text: str) -> str:
    """Every apostrophe written as a straight apostrophe ``'``.

    The typographic apostrophe ``’`` and its look-alikes (modifier letter, prime, acute
    and grave accents, reversed quote) become ``'``; so does a left single quote ``‘``
    between two letters (a common typing slip).

    Examples
    --------
    >>> normalize_apostrophes("l’orientation, aujourd‘hui")
    "l'orientation, aujourd'hui"
    """
    text = _replace_all(text, _APOSTROPHES, "'")
    return _LEFT_SINGLE_IN_WORD.sub("'", text) if _LEFT_SINGLE in text else text


def normalize_quotes(text: str) -> str:
    """Every double quotation mark written as a straight quote ``"``.

    French guillemets lose the (no-break) spaces inside them; English curly quotes,
    low quotes and single guillemets become ``"`` too.

    Examples
    --------
    >>> normalize_quotes("une page « qui fait quoi » ou “Via Compétences”")
    'une page "qui fait quoi" ou "Via Compétences"'
    """
    if "«" in text or "»" in text or "‹" in text or "›" in text:
        text = _SPACE_INSIDE_GUILLEMETS.sub(lambda m: m.group(1) or m.group(2), text)
    return _replace_all(text, _DOUBLE_QUOTES, '"')


def normalize_whitespace(text: str) -> str:
    """Unicode NFC, and every run of spaces (no-break and thin ones included) as one space.

    Line breaks are kept (one per break, without the spaces around it); the text is
    stripped.

    Examples
    --------
    >>> normalize_whitespace("  trois\\u00a0mots  \\n  clés ")
    'trois mots\\nclés'
    """
    text = unicodedata.normalize("NFC", text)
    if "  " in text or any(c in text for c in _ODD_SPACES):  # (the checks are much faster)
        text = _HORIZONTAL_SPACE.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    return text.strip()


def remove_fillers(text: str) -> str:
    """The text without hesitation sounds ("euh", "ben", "hein"… see :data:`FILLERS`).

    The comma or ellipsis that follows a filler goes with it, a comma left before a full
    stop or question mark is removed, and a sentence that started with a filler starts
    with a capital again.

    Examples
    --------
    >>> remove_fillers("Euh non, pas spécialement. Ah ben tant mieux.")
    'Non, pas spécialement. Ah tant mieux.'
    >>> remove_fillers("ça couvre, euh, Vénissieux, hein ?")
    'ça couvre, Vénissieux ?'
    """
    out: list[str] = []
    position = 0
    capitalize = False
    for match in _FILLER.finditer(text):
        before = text[: match.start()]
        word = match.group(0)
        if word[:1] == "B" and _MID_SENTENCE.search(before):
            continue  # "Ben" in the middle of a sentence: a first name
        chunk = text[position : match.start()]
        out.append(_capitalized(chunk) if capitalize and chunk.strip() else chunk)
        if chunk.strip():
            capitalize = False
        if word[:1].isupper() and _SENTENCE_END.search(before):
            capitalize = True
        position = match.end()
    rest = text[position:]
    out.append(_capitalized(rest) if capitalize else rest)
    result = "".join(out)
    if position == 0:
        return text
    result = _DOUBLE_COMMA.sub(",", result)
    result = _COMMA_BEFORE_STOP.sub("", result)
    result = _COMMA_BEFORE_MARK.sub(r"\1", result)
    result = _MANY_SPACES.sub(" ", result)
    return "\n".join(line.strip() for line in result.split("\n")).strip()


def normalize_text(text: str) -> str:
    """Apostrophes, quotes, fillers and spaces normalised, in that order.

    Examples
    --------
    >>> normalize_text("Euh… l’accompagnement, « tout au long de la vie »,\\u00a0hein.")
    'L\\'accompagnement, "tout au long de la vie".'
    """
    text = normalize_apostrophes(text)
    text = normalize_quotes(text)
    text = remove_fillers(text)
    return normalize_whitespace(text)


def _replace_all(text: str, chars: str, by: str) -> str:
    """Each of ``chars`` replaced by ``by`` (``str.replace`` is much faster than
    ``str.translate`` on long texts)."""
    for char in chars:
        if char in text:
            text = text.replace(char, by)
    return text


def _capitalized(chunk: str) -> str:
    """The chunk with its first letter in upper case (leading spaces kept)."""
    for i, char in enumerate(chunk):
        if char.isalpha():
            return chunk[:i] + char.upper() + chunk[i + 1 :]
        if not char.isspace():
            return chunk
    return chunk
