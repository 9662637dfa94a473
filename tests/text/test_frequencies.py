"""Word frequencies, collocations and keyword in context, on real French text."""

from __future__ import annotations

import pandas as pd
import pytest

from survey.text.frequencies import (
    ALL,
    collocations,
    default_stopwords,
    keyword_in_context,
    word_frequencies,
)

EXPRESSIONS = [
    "orientation pour tous",
    "ne connaît pas",
    "service public",
    "Via Compétences",
    "Mission Locale",
    "France Travail",
]


def counts(table: pd.DataFrame, group: str = ALL) -> dict[str, int]:
    rows = table[table["group"] == group]
    return dict(zip(rows["term"], rows["count"], strict=True))


@pytest.fixture(scope="module")
def interview_frequencies(nlp, turns):
    return word_frequencies(turns, expressions=EXPRESSIONS)


def test_expressions_are_counted_whole(nlp):
    texts = pd.Series(
        {
            "R1": "Pour moi, c'est l'orientation pour tous.",
            "R2": "L’Orientation pour tous, et l'orientation des adultes.",
            "R3": "Les missions locales et la Mission Locale de Lyon ; je ne connais pas le SPRO.",
        }
    )
    table = word_frequencies(texts, expressions=EXPRESSIONS, collocations=False)
    found = counts(table)
    assert found["orientation pour tous"] == 2
    assert found["orientation"] == 1  # "l'orientation des adultes" only
    assert found["mission locale"] == 2  # lemmas: "missions locales" too
    assert found["ne connaît pas"] == 1
    assert "mission" not in found and "local" not in found
    displayed = dict(zip(table["term"], table["display"], strict=True))
    assert displayed["orientation pour tous"] == "orientation pour tous"
    assert displayed["adulte"] == "adultes"


def test_stopwords_fillers_and_figures_are_left_out(nlp):
    texts = pd.Series(
        [
            "Euh, ben, on fait des trucs, des choses, voilà, du coup en 2019 c'était le SPRO.",
            "Le SPRO, hein, c'est le réseau.",
        ]
    )
    found = counts(word_frequencies(texts))
    assert found == {"spro": 2, "réseau": 1}


def test_own_stopwords_replace_the_default_list(nlp):
    texts = pd.Series(["Le SPRO, c'est le réseau des personnes."])
    default = counts(word_frequencies(texts))
    assert "personne" not in default
    own = counts(word_frequencies(texts, stopwords=default_stopwords() - {"personne"} | {"spro"}))
    assert own == {"réseau": 1, "personne": 1}


def test_only_interviewee_turns_are_counted(nlp):
    turns = pd.DataFrame(
        {
            "interview_id": ["E1", "E1", "E2", "E2"],
            "role": ["interviewer", "interviewee", "interviewer", "interviewee"],
            "text": [
                "Connaissez-vous les Matinales du SPRO ?",
                "Non, je connais le réseau.",
                "Et les Matinales ?",
                "Le réseau, oui, et la Région.",
            ],
        }
    )
    table = word_frequencies(turns)
    found = counts(table)
    assert "matinale" not in found
    assert found["réseau"] == 2
    assert table.loc[table["term"] == "réseau", "documents"].item() == 2


def test_subgroup_counts(nlp):
    texts = pd.Series(
        {
            "R1": "Le réseau et la proximité.",
            "R2": "Le réseau, toujours le réseau.",
            "R3": "La proximité.",
            "R4": "Le réseau.",
        }
    )
    cercle = {"R1": "cercle 1", "R2": "cercle 2", "R3": "cercle 2", "R4": None}
    table = word_frequencies(texts, by=cercle)
    assert table.columns.tolist() == ["group", "term", "display", "count", "documents"]
    assert table["group"].unique().tolist() == ["cercle 1", "cercle 2"]
    assert counts(table, "cercle 1") == {"proximité": 1, "réseau": 1}
    assert counts(table, "cercle 2") == {"réseau": 2, "proximité": 1}
    second = table[table["group"] == "cercle 2"]
    assert second["documents"].tolist() == [1, 1]


def test_subgroups_of_turns_by_column_and_by_series(nlp, turns):
    departement = {
        "E01": "rhone",
        "E02": "isere",
        "E03": "loire",
    }
    subset = turns[turns["interview_id"].isin(departement)]
    by_series = word_frequencies(subset, by=pd.Series(departement), collocations=False)
    with_column = subset.assign(departement=subset["interview_id"].map(departement))
    by_column = word_frequencies(with_column, by="departement", collocations=False)
    pd.testing.assert_frame_equal(by_series, by_column)
    assert by_column["group"].unique().tolist() == ["isere", "loire", "rhone"]
    assert (by_column["documents"] == 1).all()


def test_sorted_by_count_then_term(interview_frequencies):
    table = interview_frequencies
    expected = table.sort_values(["count", "term"], ascending=[False, True])
    pd.testing.assert_frame_equal(table, expected.reset_index(drop=True))
    assert table["term"].is_unique


def test_interviews_top_terms(interview_frequencies):
    top = interview_frequencies.head(10)["term"].tolist()
    assert {"mission locale", "france travail", "spro", "cio"} <= set(top)
    display = dict(
        zip(interview_frequencies["term"], interview_frequencies["display"], strict=True)
    )
    assert display["mission locale"] == "Mission Locale"
    assert display["spro"] == "SPRO"
    assert interview_frequencies["documents"].max() <= 24


def test_min_count(interview_frequencies, turns):
    assert interview_frequencies["count"].min() == 1
    frequent = word_frequencies(turns, expressions=EXPRESSIONS, min_count=20)
    assert frequent["count"].min() >= 20
    pd.testing.assert_frame_equal(
        frequent, interview_frequencies[interview_frequencies["count"] >= 20]
    )


def test_collocations_of_the_interviews(nlp, turns):
    table = collocations(turns, expressions=EXPRESSIONS)
    assert table.columns.tolist() == ["term", "display", "count", "documents", "pmi", "llr"]
    assert table.iloc[0]["term"] == "cap emploi"
    assert table.iloc[0]["display"] == "Cap Emploi"
    assert {"avenir actif", "éducation national", "information jeunesse"} <= set(table["term"])
    assert (
        (table["count"] >= 5).all() and (table["llr"] >= 10.83).all() and (table["pmi"] > 0).all()
    )
    assert (table["documents"] <= 24).all()
    assert table["llr"].is_monotonic_decreasing


def test_collocations_are_counted_whole(interview_frequencies, turns):
    found = counts(interview_frequencies)
    assert found["cap emploi"] == 50
    assert found["avenir actif"] > 10
    without = counts(word_frequencies(turns, expressions=EXPRESSIONS, collocations=False))
    assert "cap emploi" not in without
    assert without["cap"] >= found.get("cap", 0) + 50


def test_keyword_in_context_ignores_case_and_accents(nlp):
    texts = pd.Series(
        {
            "E01": "Franchement le SPRO, je ne connais pas. Enfin, ne connait pas grand-chose.",
            "E02": "Ma collègue NE CONNAÎT PAS\nle réseau.",
        }
    )
    kwic = keyword_in_context(texts, "ne connaît pas", window=17)
    assert kwic.columns.tolist() == ["document", "left", "match", "right"]
    assert kwic["document"].tolist() == ["E01", "E02"]
    assert kwic["match"].tolist() == ["ne connait pas", "NE CONNAÎT PAS"]
    assert kwic.iloc[0]["left"] == "pas. Enfin,"  # "[con]nais" cut by the window: left out
    assert kwic.iloc[0]["right"] == "grand-chose."
    assert kwic.iloc[1]["right"] == "le réseau."


def test_keyword_in_context_on_turns_and_prefixes(turns):
    kwic = keyword_in_context(turns, "orientation pour tous")
    assert len(kwic) >= 20
    assert kwic["match"].str.lower().eq("orientation pour tous").all()
    assert set(kwic["document"]) <= set(turns["interview_id"])
    interviewer = turns[turns["role"] == "interviewer"]["text"].str.contains("Sophie Aubertin")
    assert interviewer.any()
    assert keyword_in_context(turns, "Sophie Aubertin").empty
    prefixed = keyword_in_context(turns, "conseill*", window=10)
    assert {"conseiller", "conseillère"} <= set(prefixed["match"].str.lower())


def test_everything_counted_or_quoted_is_redacted(nlp, redact_camille):
    texts = pd.Series({"E01": "Camille, de la Mission Locale, parle du réseau avec Camille."})
    found = counts(word_frequencies(texts, expressions=EXPRESSIONS))
    assert found == {"mission locale": 1, "réseau": 1}
    kwic = keyword_in_context(texts, "réseau")
    assert kwic.iloc[0]["right"] == "avec [personne]."
    assert keyword_in_context(texts, "Camille").empty
    assert keyword_in_context(texts, "personne").empty  # the tag is not the word


def test_tags_of_the_general_redactor_are_not_counted(nlp, general_redactor):
    texts = pd.Series(
        {
            "E01": "Je suis Camille Roussel, conseillère à Vénissieux. Écrivez à "
            "camille.roussel@example.org ou au 04 72 00 00 00.",
            "E02": "Avec Jérémie Blanchard, on couvre Saint-Fons et Corbas.",
        }
    )
    table = word_frequencies(texts)
    assert not table["term"].str.contains(r"personne|commune|courriel|téléphone|camille").any()
    assert {"conseiller", "écrire", "couvrir"} <= set(table["term"])
