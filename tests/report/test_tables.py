"""HTML tables: accessibility, French formats, letters beside the right cells, masking."""

from __future__ import annotations

import pickle

import jinja2
import pandas as pd
import pytest

from survey.errors import SurveyError
from survey.report import french, tables
from survey.stats import column_letters, crosstab, frequencies, suppress_small_cells
from tests.report.helpers import parse, plain, quiet, row_of

# --- shared checks -------------------------------------------------------------------


def assert_accessible(markup: str) -> None:
    grid = parse(markup)
    tags = [tag for tag, _ in grid.tags]
    assert tags.count("caption") == 1 and tags.index("caption") == tags.index("table") + 1
    headers = [attrs for tag, attrs in grid.tags if tag == "th"]
    assert headers and all(attrs.get("scope") in {"col", "row", "rowgroup"} for attrs in headers)
    assert any(attrs.get("scope") == "col" for attrs in headers)
    assert "<script" not in markup and " style=" not in markup
    assert not any(name.startswith("on") for _, attrs in grid.tags for name in attrs)


# --- frequency tables ----------------------------------------------------------------


def test_frequency_table_formats_in_french(freq_groups):
    table = tables.frequency_table(freq_groups, caption="Tableau 1 : collaborations")
    assert_accessible(table)
    grid = parse(table)
    assert grid.rows[0] == ["Modalité", "Effectif", "%", "IC 95 %"]
    aucune = row_of(grid, "aucune")
    assert aucune[:3] == ["aucune", "16", "20 %"]
    low, high = freq_groups.loc[0, ["ci_low", "ci_high"]]
    assert aucune[3] == plain(french.interval(low, high)) == "[13 % ; 30 %]"
    assert row_of(grid, "Base")[1] == "80"
    assert row_of(grid, "Non-réponse")[1] == "2"
    notes = [plain(n) for n in table.notes]
    assert "Non-réponse : hors base des pourcentages." in notes
    assert "IC 95 % : intervalle de confiance à 95 % (méthode de Wilson)." in notes
    assert "<caption>Tableau 1 : collaborations</caption>" in table


def test_frequency_table_with_the_questionnaire(spro_questionnaire, published):
    freq = frequencies(published, "collaboration")  # computed without: labels are codes
    table = tables.frequency_table(
        freq, caption="Collaborations", questionnaire=spro_questionnaire, ci=False
    )
    grid = parse(table)
    assert grid.rows[0] == ["Modalité", "Effectif", "%"]
    assert row_of(grid, "Aucune collaboration")[1:] == ["41", "17 %"]
    assert plain(table.notes[0]).startswith("Question : « Collaborez-vous avec d'autres réseaux")
    assert "Non-réponse" not in table


def test_frequency_table_nets(spro_questionnaire):
    responses = pd.DataFrame(
        {
            "outille": pd.Categorical(
                ["pas_du_tout"] * 21
                + ["plutot_insuffisamment"] * 78
                + ["plutot_suffisamment"] * 112
                + ["tres_bien"] * 24
            )
        }
    )
    freq = frequencies(responses, "outille", questionnaire=spro_questionnaire)
    table = tables.frequency_table(freq, caption="Outillage")
    grid = parse(table)
    assert row_of(grid, "Suffisamment ou très bien outillé")[1:3] == ["136", "58 %"]
    assert ["Regroupements"] in grid.rows
    assert '<tbody class="nets">' in table
    hidden = tables.frequency_table(freq, caption="Outillage", nets=False)
    assert "Suffisamment ou très bien outillé" not in hidden


def test_small_base_is_flagged(channels):
    freq = quiet(frequencies, channels, "canal")
    table = tables.frequency_table(freq, caption="Canaux")
    assert row_of(parse(table), "Base")[1] == "9 (effectif faible)"
    notes = [plain(n) for n in table.notes]
    assert "Effectif faible : moins de 30 répondants, pourcentages à lire avec prudence." in notes
    assert "Plusieurs réponses possibles : le total dépasse 100 %." in notes


def test_frequency_table_masks_small_counts(freq_groups):
    table = tables.frequency_table(freq_groups, caption="t", suppress_threshold=20)
    grid = parse(table)
    assert row_of(grid, "aucune")[1:] == ["—", "—", "—"]
    assert row_of(grid, "Non-réponse")[1] == "—"
    assert ">16<" not in table and "20 %" not in plain(table)
    assert "— : effectif inférieur à 20, masqué." in [plain(n) for n in table.notes]
    frame = table.to_frame()
    assert frame.loc[frame["Modalité"] == "aucune", "%"].item() == "—"


def test_frequency_frame_for_the_workbook(freq_groups):
    frame = tables.frequency_table(freq_groups, caption="t").to_frame()
    headers = [plain(c) for c in frame.columns]
    assert headers == ["Modalité", "Effectif", "%", "IC 95 % bas", "IC 95 % haut"]
    assert frame.loc[0, "%"] == pytest.approx(0.20)
    assert frame.attrs["formats"]["%"] == "percent"
    assert frame.attrs["formats"]["Effectif"] == "integer"
    assert frame["Modalité"].tolist()[-2:] == ["Base", "Non-réponse"]


# --- cross-tabs ----------------------------------------------------------------------


def test_letters_sit_beside_the_right_cells(tab, letters):
    table = tables.crosstab_table(tab, letters, caption="Tableau 2 : collaborations par groupe")
    assert_accessible(table)
    grid = parse(table)
    assert grid.rows[0] == ["", "g1", "g2", "Ensemble"]
    assert grid.rows[1] == ["(A)", "(B)", ""]
    # g1 (A) = 5 % / 20 % / 75 %, g2 (B) = 35 % / 50 % / 15 %.
    assert row_of(grid, "aucune") == ["aucune", "5 %", "35 % A", "20 %"]
    assert row_of(grid, "quelques") == ["quelques", "20 %", "50 % A", "35 %"]
    assert row_of(grid, "regulieres") == ["regulieres", "75 % B", "15 %", "45 %"]
    assert row_of(grid, "Base") == ["Base", "40", "40", "80"]
    notes = [plain(n) for n in table.notes]
    assert (
        "Lettres : la colonne dépasse significativement la colonne indiquée (test z de "
        "comparaison de proportions, correction de Holm, α = 5 %)." in notes
    )
    assert "2 répondants n'ayant répondu qu'à une des deux questions hors tableau." in notes


def test_letters_table_alone_and_other_corrections(groups, tab):
    result = column_letters(groups, "collaboration", "groupe", correction="bonferroni", alpha=0.01)
    table = tables.crosstab_table(tab, result.table, caption="t")
    assert row_of(parse(table), "regulieres")[1] == "75 % B"
    assert any("correction de Bonferroni, α = 1 %" in plain(n) for n in table.notes)


def test_without_letters_nor_total(tab):
    table = tables.crosstab_table(tab, caption="t", total=False)
    grid = parse(table)
    assert grid.rows[0] == ["", "g1", "g2"]
    assert row_of(grid, "regulieres") == ["regulieres", "75 %", "15 %"]
    assert not any(n.startswith("Lettres") for n in table.notes)


def test_untested_columns_are_named(groups, tab):
    result = column_letters(groups, "collaboration", "groupe", min_base=50)
    table = tables.crosstab_table(tab, result, caption="t")
    assert row_of(parse(table), "regulieres")[1] == "75 %"
    assert "Colonnes A, B non testées : base inférieure à 50 répondants." in [
        plain(n) for n in table.notes
    ]


def test_suppressed_cells_show_a_dash_and_never_the_number(tab, letters):
    table = tables.crosstab_table(tab, letters, caption="t", suppress_threshold=5)
    grid = parse(table)
    assert row_of(grid, "aucune") == ["aucune", "—", "35 % A", "20 %"]
    assert all(cell != "5 %" for row in grid.rows for cell in row)
    assert "— : effectif inférieur à 5, masqué." in [plain(n) for n in table.notes]
    frame = table.to_frame()
    assert frame.loc[0, "g1 (A)"] == "—"
    assert 0.05 not in frame["g1 (A)"].tolist()
    # A table already masked by the caller gives the same.
    already = tables.crosstab_table(suppress_small_cells(tab, threshold=5), letters, caption="t")
    assert str(already) == str(table)


def test_crosstab_frame_for_the_workbook(tab, letters):
    frame = tables.crosstab_table(tab, letters, caption="t").to_frame()
    assert list(frame.columns) == [
        "Modalité",
        "g1 (A)",
        "Lettres (A)",
        "g2 (B)",
        "Lettres (B)",
        "Ensemble",
    ]
    assert frame.loc[2, "g1 (A)"] == pytest.approx(0.75)
    assert frame.loc[2, "Lettres (A)"] == "B"
    assert frame.iloc[-1].tolist()[:2] == ["Base", 40]
    assert frame.attrs["formats"]["g1 (A)"] == "percent"
    assert frame.attrs["row_formats"] == {len(frame) - 1: "integer"}


def test_letters_of_other_variables_are_refused(groups, tab):
    other = column_letters(groups, "groupe", "collaboration")
    with pytest.raises(SurveyError, match="mêmes variables"):
        tables.crosstab_table(tab, other, caption="t")


def test_small_column_bases_are_flagged(channels):
    table = quiet(crosstab, channels, "canal", "groupe")
    markup = tables.crosstab_table(table, caption="t")
    assert row_of(parse(markup), "Base") == [
        "Base",
        "5 (effectif faible)",
        "4 (effectif faible)",
        "9 (effectif faible)",
    ]
    assert any("le total d'une colonne dépasse 100 %" in plain(n) for n in markup.notes)


# --- simple tables -------------------------------------------------------------------


def test_simple_table_constats_propositions():
    df = pd.DataFrame(
        {
            "constat": ["Pas de temps\npour la veille", "Un <outil> « caché »"],
            "proposition": ["Un mail régulier", "Le faire connaître"],
            "interne": [1, 2],
        }
    )
    table = tables.simple_table(
        df,
        caption="Constats et propositions",
        columns={"constat": "Constats / Problèmes identifiés", "proposition": "Propositions"},
    )
    assert_accessible(table)
    grid = parse(table)
    assert grid.rows[0] == ["Constats / Problèmes identifiés", "Propositions"]
    assert "Pas de temps<br>pour la veille" in table
    assert "Un &lt;outil&gt; « caché »" in table
    assert "interne" not in table
    assert list(table.to_frame().columns) == ["Constats / Problèmes identifiés", "Propositions"]


def test_simple_table_occurrences_and_quotes():
    df = pd.DataFrame(
        {
            "Sentiment exprimé": ["Pas de sentiment d'appartenance", "Appartenance claire"],
            "Nombre d'occurrences": [6, 8],
            "Part": [0.25, 0.333],
            "Extraits types": [["« C'est abstrait »", "« Pas de relation »"], ["« Oui »"]],
        }
    )
    table = tables.simple_table(
        df, caption="Sentiments (24 entretiens)", formats={"Part": "percent"}, row_headers=True
    )
    grid = parse(table)
    assert row_of(grid, "Appartenance claire")[1:3] == ["8", "33 %"]
    assert "<ul><li>« C'est abstrait »</li><li>« Pas de relation »</li></ul>" in table
    frame = table.to_frame()
    assert frame.loc[0, "Extraits types"] == "« C'est abstrait »\n« Pas de relation »"
    assert frame.attrs["formats"] == {
        "Sentiment exprimé": "text",
        "Nombre d'occurrences": "integer",
        "Part": "percent",
        "Extraits types": "text",
    }
    with pytest.raises(SurveyError, match="absentes"):
        tables.simple_table(df, caption="t", columns=["inconnue"])


# --- the Table object ----------------------------------------------------------------


def test_table_is_an_html_string(freq_groups):
    table = tables.frequency_table(freq_groups, caption="Tableau 1")
    assert isinstance(table, str)
    assert table.html() == str(table) == table._repr_html_()
    assert ("<h2>x</h2>" + table).startswith('<h2>x</h2><div class="survey-table" tabindex="0"')
    rendered = jinja2.Environment(autoescape=True).from_string("{{ t }}").render(t=table)
    assert rendered == str(table)
    assert repr(table) == "<Table « Tableau 1 »>"
    again = pickle.loads(pickle.dumps(table))
    assert str(again) == str(table) and again.notes == table.notes
    title, frame, notes = table.sheet()
    assert title == "Tableau 1" and notes[0] == "Tableau 1" and frame.equals(table.to_frame())


def test_to_frame_returns_a_copy(freq_groups):
    table = tables.frequency_table(freq_groups, caption="t")
    frame = table.to_frame()
    frame.loc[0, "%"] = 99
    frame.attrs["formats"]["%"] = "text"
    assert table.to_frame().loc[0, "%"] == pytest.approx(0.20)
    assert table.to_frame().attrs["formats"]["%"] == "percent"


def test_not_a_stats_table():
    with pytest.raises(SurveyError, match="colonnes manquantes"):
        tables.frequency_table(pd.DataFrame({"a": [1]}), caption="t")
    with pytest.raises(SurveyError, match="colonnes manquantes"):
        tables.crosstab_table(pd.DataFrame({"a": [1]}), caption="t")


def test_weighted_tables_say_so(groups):
    weights = pd.Series(1.0, index=groups.index).where(groups["groupe"] == "g1", 0.5)
    freq = frequencies(groups, "collaboration", weight=weights)
    notes = [plain(n) for n in tables.frequency_table(freq, caption="t").notes]
    assert any(
        n.startswith("Résultats pondérés : effectifs et pourcentages pondérés") for n in notes
    )
    table = crosstab(groups, "collaboration", "groupe", weight=weights)
    result = column_letters(groups, "collaboration", "groupe", weight=weights)
    notes = [plain(n) for n in tables.crosstab_table(table, result, caption="t").notes]
    assert any("lettres calculées sur les bases effectives" in n for n in notes)
