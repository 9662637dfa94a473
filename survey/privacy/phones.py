"""French phone numbers as typed and as spoken.

Typed: ten digits in pairs or not, separated by spaces, dots, dashes, slashes or a line break,
the international forms ("+33 6…", "0033 6…", "+33 (0)6…"). Spoken, as automatic
transcription writes it: number words, digits, or both ("zéro six trente-neuf
quatre-vingt-dix-huit quarante et un vingt-sept", "zéro quatre, soixante-cinq, soixante
et onze…", "06 trente-neuf 98…", "zéro six, trois neuf, neuf huit…"). A spoken run is a
phone number only when its digits make a French number: ten digits starting with a zero,
or nine after "plus trente-trois". Counts in words ("trente-neuf jeunes") stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from survey._fold import fold

TYPED = re.compile(
    r"(?<![\w+])(?:\(?(?:\+|00)\s?33\)?\s?(?:\(0\)\s?)?[1-9](?:[\s.,\-]{0,2}\d){8}"
    r"|0[1-9](?:[\s.,\-]{0,2}\d){8}|0[1-9](?:/\d\d){4})(?!\d)"
)

_UNITS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16,
}  # fmt: skip
_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
# What speech and typing put between the groups of a number, hesitations included.
_FILLERS = frozenset({"euh", "heu", "hum", "hein"})
_BETWEEN = re.compile(r"(?:[\s,.;:/…\-]|\b(?:" + "|".join(sorted(_FILLERS)) + r")\b)*")
# How a spoken number can start (see _number_from): "zéro", "06", "+33", "plus trente-trois".
_START = re.compile(r"\bzero\b|\b0\d?\b|\+|\bplus\b")
_PLUS = re.compile(r"(?:\+|\bplus)\s*$")
Token = tuple[str, int, int]  # a word or digits of the folded text, with its offsets
_TOKEN = re.compile(r"\d+|[a-z]+")  # on folded text: lower case, no accents


def find_phones(text: str) -> Iterator[tuple[int, int]]:
    """Start and end offsets of every phone number in ``text``, typed or spoken."""
    typed = [(m.start(), m.end()) for m in TYPED.finditer(text)]
    yield from typed
    for start, end in _spoken(text):
        if not any(s < end and start < e for s, e in typed):
            yield start, end


def _spoken(text: str) -> Iterator[tuple[int, int]]:
    folded = fold(text)
    if not _START.search(folded):
        return
    tokens = [(t.group(), t.start(), t.end()) for t in _TOKEN.finditer(folded)]
    tokens = [t for t in tokens if t[0] not in _FILLERS]  # hesitations sit between groups
    k = 0
    while k < len(tokens):
        found = _number_from(tokens, k, folded)
        if found is None:
            k += 1
            continue
        start, last = found
        yield start, tokens[last][2]
        k = last + 1


def _number_from(tokens: list[Token], k: int, folded: str) -> tuple[int, int] | None:
    """Start offset and last token of a phone number whose first group is token ``k``."""
    word, start, _ = tokens[k]
    plus = _PLUS.search(folded, 0, start)
    if plus and (word == "33" or folded.startswith(("trente-trois", "trente trois"), start)):
        want, start = 11, plus.start()  # "33", then nine digits
    elif word == "zero" or (word.isdigit() and word.startswith("0") and len(word) <= 2):
        want = 10
    else:
        return None
    found = _read(tokens, k, folded, "", want)
    if found is None:
        return None
    last, digits = found
    if digits[want - 9] == "0" or all(t[0].isdigit() for t in tokens[k : last + 1]):
        return None  # no such number; or all in digits, which the typed pattern reads
    return start, last


def _read(tokens: list[Token], k: int, folded: str, digits: str, want: int):
    """Read groups from token ``k`` until ``want`` digits: (last token, digits) or None.

    Spoken without hyphens a number is ambiguous ("quatre vingt dix" is 90, or 80 then
    10): the longest reading comes first, a shorter one is tried when the count of
    digits does not come out right.
    """
    for value, used in _readings(tokens, k, folded):
        total = digits + value
        last = k + used - 1
        if len(total) == want:
            return last, total
        if (
            len(total) < want
            and last + 1 < len(tokens)
            and _BETWEEN.fullmatch(folded, tokens[last][2], tokens[last + 1][1])
        ):
            found = _read(tokens, last + 1, folded, total, want)
            if found is not None:
                return found
    return None


def _readings(tokens: list[Token], k: int, folded: str) -> list[tuple[str, int]]:
    """Every way of reading one group at token ``k``: (digits, tokens used), longest first."""
    word = tokens[k][0]
    if word.isdigit():
        return [(word, 1)]
    # Words of one number are joined by a hyphen or a space, never by a comma.
    words = [word]
    for prev, nxt in zip(tokens[k : k + 4], tokens[k + 1 : k + 5], strict=False):
        if not re.fullmatch(r"[ \t-]+", folded[prev[2] : nxt[1]]):
            break
        words.append(nxt[0])
    out = [(str(value), used) for value, used in _values(words)]
    return sorted(out, key=lambda reading: -reading[1])


def _values(words: list[str]) -> Iterator[tuple[int, int]]:
    """(value, words used) for each number the words can start with."""
    first, rest = words[0], [*words[1:], "", "", ""]
    if first == "zero":
        yield 0, 1
        return
    if first == "quatre" and rest[0] in ("vingt", "vingts"):
        yield 80, 2
        if rest[0] == "vingt":  # "quatre-vingts" ends the number
            yield from ((80 + v, 2 + n) for v, n in _teens(rest[1:]))
    if first in _TENS:
        yield _TENS[first], 1
        more = _teens(rest) if first == "soixante" else _units(rest)
        yield from ((_TENS[first] + v, 1 + n) for v, n in more)
    if first == "dix" and rest[0] in ("sept", "huit", "neuf"):
        yield 10 + _UNITS[rest[0]], 2
    if first in _UNITS:
        yield _UNITS[first], 1


def _units(words: list[str]) -> Iterator[tuple[int, int]]:
    """1–9 after a tens word: "trente-neuf", "trente et un"."""
    if words[0] == "et" and words[1] in ("un", "une"):
        yield 1, 2
    elif words[0] in _UNITS and 0 < _UNITS[words[0]] < 10:
        yield _UNITS[words[0]], 1


def _teens(words: list[str]) -> Iterator[tuple[int, int]]:
    """1–19 after "soixante" or "quatre-vingt": "soixante et onze", "quatre-vingt-dix-sept"."""
    if words[0] == "et" and words[1] in ("un", "une", "onze"):
        yield _UNITS[words[1]], 2
        return
    if words[0] == "dix" and words[1] in ("sept", "huit", "neuf"):
        yield 10 + _UNITS[words[1]], 2
    if words[0] in _UNITS and _UNITS[words[0]] > 0:
        yield _UNITS[words[0]], 1
