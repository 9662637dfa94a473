"""Small hand-built responses and the stats tables the report tests format."""

from __future__ import annotations

import pandas as pd
import pytest

from survey.stats import column_letters, crosstab, frequencies
from tests.report.helpers import categorical

COLLABORATION = ["aucune", "quelques", "regulieres"]


@pytest.fixture(scope="session")
def published():
    """235 respondents answering "collaboration" as in the 2025 report (41 / 123 / 71)."""
    values = ["aucune"] * 41 + ["quelques"] * 123 + ["regulieres"] * 71
    return pd.DataFrame({"collaboration": categorical(values, COLLABORATION)})


@pytest.fixture(scope="session")
def groups():
    """82 respondents: "collaboration" by "groupe" (g1, g2), two non-responses in g1.

    ==========  ====  ====  ==========
    answer      g1    g2    total
    ==========  ====  ====  ==========
    aucune      2     14    16  (20 %)
    quelques    8     20    28  (35 %)
    regulieres  30    6     36  (45 %)
    (none)      2     0     2
    ==========  ====  ====  ==========

    Column percentages: g1 5 % / 20 % / 75 %, g2 35 % / 50 % / 15 %; the letters
    (Holm, 5 %) give g2 > g1 for aucune and quelques, g1 > g2 for regulieres.
    """
    counts = {
        ("g1", "aucune"): 2,
        ("g1", "quelques"): 8,
        ("g1", "regulieres"): 30,
        ("g1", None): 2,
        ("g2", "aucune"): 14,
        ("g2", "quelques"): 20,
        ("g2", "regulieres"): 6,
    }
    groupe, answer = [], []
    for (g, a), n in counts.items():
        groupe += [g] * n
        answer += [a] * n
    return pd.DataFrame(
        {
            "collaboration": categorical(answer, COLLABORATION),
            "groupe": categorical(groupe, ["g1", "g2"]),
        }
    )


@pytest.fixture(scope="session")
def channels():
    """Ten respondents of a multiple-choice question "canal" (mail, tel) by "groupe"."""
    mail = [True, True, True, True, True, True, False, True, True, pd.NA]
    tel = [True, False, True, False, True, False, True, True, False, pd.NA]
    return pd.DataFrame(
        {
            "canal__mail": pd.array(mail, dtype="boolean"),
            "canal__tel": pd.array(tel, dtype="boolean"),
            "groupe": categorical(["g1"] * 5 + ["g2"] * 5, ["g1", "g2"]),
        }
    )


@pytest.fixture(scope="session")
def freq_published(published):
    return frequencies(published, "collaboration")


@pytest.fixture(scope="session")
def freq_groups(groups):
    return frequencies(groups, "collaboration")


@pytest.fixture(scope="session")
def tab(groups):
    return crosstab(groups, "collaboration", "groupe")


@pytest.fixture(scope="session")
def letters(groups):
    return column_letters(groups, "collaboration", "groupe")
