"""One key for matching French text: lower case, no accents, straight apostrophes.

Shared by text analysis, coding and pseudonymisation (kept out of ``survey.text`` so that
coding and privacy can use it without loading spaCy).
"""

from __future__ import annotations

import unicodedata
from functools import cache

APOSTROPHES = "\u2019\u02bc\u02b9\u2032\u00b4\u0060\u201b"
LEFT_SINGLE = "\u2018"  # an apostrophe between two letters, a quote elsewhere
_FOLD_RANGE = 0x3000


def fold(text: str) -> str:
    """A key for matching: lower case, no accents, straight apostrophes, plain spaces.

    One character of the text gives exactly one character of the key, so that an offset
    in the key is the same offset in the text (``len(fold(t)) == len(t)``). Characters
    that fold into two ("œ", "ß") are only lowered.

    Examples
    --------
    >>> fold("L’Orientation POUR Tous, ne connaît pas")
    "l'orientation pour tous, ne connait pas"
    """
    return text.translate(_fold_table())


@cache
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(_FOLD_RANGE):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        folded = base.lower()
        if len(folded) != 1:
            folded = char.lower() if len(char.lower()) == 1 else char
        if folded != char:
            table[code] = folded
    for char in APOSTROPHES + LEFT_SINGLE:
        table[ord(char)] = "'"
    for char in "\u00a0\u202f\u2009\u2007":
        table[ord(char)] = " "
    return table
