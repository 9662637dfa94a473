"""Phone numbers typed and spoken.

The spoken forms are written by num2words (an independent speller of French numbers,
``lang="fr"``: "soixante et onze", "quatre-vingts", "quatre-vingt-dix-huit"), so the
reader is checked against someone else's French, not against itself.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from num2words import num2words

from survey.privacy.phones import find_phones


def found(text):
    return [text[start:end] for start, end in find_phones(text)]


@pytest.mark.parametrize(
    "number",
    [
        "06 39 98 41 27",
        "06.39.98.41.27",
        "06-39-98-41-27",
        "0639984127",
        "06 39 98 4127",
        "+33 6 39 98 41 27",
        "+33 (0)6 39 98 41 27",
        "0033 6 39 98 41 27",
        "(+33) 639984127",
        "06 39 98\n41 27",
        "06/39/98/41/27",
        "zéro six, euh, trente-neuf, quatre-vingt-dix-huit… quarante et un vingt-sept",
        "zéro six trente-neuf quatre-vingt-dix-huit quarante et un vingt-sept",
        "zéro quatre, soixante-cinq, soixante et onze, dix, vingt",
        "zéro six, trois neuf, neuf huit, quatre un, deux sept",
        "06 trente-neuf 98 41 27",
        "zéro six 39 98 41 27",
        "zéro six trente neuf quatre vingt dix huit quarante et un vingt sept",
        "plus trente-trois six trente-neuf quatre-vingt-dix-huit quarante et un vingt-sept",
        "Zéro Sept, zéro zéro, douze, trente-quatre, cinquante-six",
    ],
)
def test_typed_and_spoken_shapes(number):
    assert found(f"Son numéro, c'est {number}, poste 12.") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Le 16/05/2025 à 14h30, 3 000 € pour 69100 et 01.09.2024.",
        "réunion le 01/09/2024 14h30, puis le 02/09/2024 10 heures",
        "trente-neuf jeunes, quatre-vingt-dix-huit pour cent, zéro problème",
        "Fiche ROME K2111, SIRET 123 456 789 00012, salle 204.",
        "on a eu zéro retour, six ateliers, trente-neuf inscrits et quarante et un présents",
        "en 2024 on était quatre-vingts, en 2025 quatre-vingt-dix",
    ],
)
def test_numbers_that_are_not_phones(text):
    assert found(text) == []


digits = st.integers(min_value=1, max_value=9).flatmap(
    lambda first: st.lists(st.integers(0, 99), min_size=4, max_size=4).map(
        lambda pairs: [first, *pairs]
    )
)


def pair(number):
    """A pair as said on the phone: "zéro cinq" for 05, "soixante et onze" for 71."""
    return num2words(number, lang="fr") if number >= 10 else f"zéro {num2words(number, lang='fr')}"


@given(digits, st.sampled_from([" ", ", ", "-", " … "]))
def test_any_number_spoken_in_pairs(pairs, separator):
    first, *rest = pairs
    spoken = separator.join([f"zéro {num2words(first, lang='fr')}", *map(pair, rest)])
    text = f"vous pouvez l'appeler au {spoken}, elle répond le matin"
    assert found(text) == [spoken]


@given(digits)
def test_any_number_spoken_digit_by_digit(pairs):
    number = "0" + "".join(f"{p:02d}" if i else str(p) for i, p in enumerate(pairs))
    spoken = " ".join(num2words(int(d), lang="fr") for d in number)
    assert found(f"note : {spoken}.") == [spoken]
