"""Pure text cleaning: apostrophes, quotes, fillers, spaces, folding key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from survey.text.clean import (
    fold,
    normalize_apostrophes,
    normalize_quotes,
    normalize_text,
    normalize_whitespace,
    remove_fillers,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("l’orientation", "l'orientation"),
        ("aujourdʼhui", "aujourd'hui"),
        ("qu´il", "qu'il"),
        ("l‘accueil", "l'accueil"),
        ("‘entre guillemets’ l’accueil", "‘entre guillemets' l'accueil"),
        ("déjà droite : l'info", "déjà droite : l'info"),
    ],
)
def test_normalize_apostrophes(text, expected):
    assert normalize_apostrophes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("une page « qui fait quoi »", 'une page "qui fait quoi"'),
        ("un «\u202fréseau\u202f»", 'un "réseau"'),
        ("“Via Compétences”", '"Via Compétences"'),
        ("„bas” et ‹ simple ›", '"bas" et "simple"'),
    ],
)
def test_normalize_quotes(text, expected):
    assert normalize_quotes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjour, euh, vous m'entendez bien ?", "Bonjour, vous m'entendez bien ?"),
        ("Euh non, pas spécialement.", "Non, pas spécialement."),
        ("donc euh, ça couvre Vénissieux", "donc ça couvre Vénissieux"),
        ("de, euh, de Lyon", "de, de Lyon"),
        ("sur tout, hein, l'emploi", "sur tout, l'emploi"),
        ("c'est bien, hein ?", "c'est bien ?"),
        ("Ah ben tant mieux.", "Ah tant mieux."),
        ("Euh... je sais pas.", "Je sais pas."),
        ("Euuuh, heu, bon.", "Bon."),
        ("Bon ben voilà.", "Voilà."),
        ("oui, euh.", "oui."),
        ("Bah oui, hum, c'est le réseau.", "Oui, c'est le réseau."),
        ("Oui.\nEuh non.", "Oui.\nNon."),
    ],
)
def test_remove_fillers(text, expected):
    assert remove_fillers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Voilà le problème : du coup on a appelé le CIO.",
        "Un bon accompagnement, enfin un vrai.",
        "J'ai vu Ben hier à la Mission Locale.",
        "La benne, le hameau, humble, les Bahamas, la humeur.",
        "En fait c'est l'orientation pour tous, quoi.",
    ],
)
def test_remove_fillers_keeps_meaning_words(text):
    assert remove_fillers(text) == text


def test_normalize_whitespace_keeps_line_breaks():
    assert normalize_whitespace(" a\u00a0\u00a0b \t c \n\n d ") == "a b c\n\nd"


def test_normalize_text_composes_in_order():
    text = "Euh… l’accompagnement, « tout au long de la vie »,\u00a0hein."
    assert normalize_text(text) == 'L\'accompagnement, "tout au long de la vie".'


def test_fold_ignores_case_accents_and_apostrophe_styles():
    assert fold("L’Orientation POUR Tous") == fold("l'orientation pour tous")
    assert fold("Ne connaît pas") == "ne connait pas"
    assert fold("ÉGALITÉ") == "egalite"


@given(st.text())
def test_fold_keeps_offsets(text):
    folded = fold(text)
    assert len(folded) == len(text)
    assert fold(folded) == folded
