"""Workbook: one sheet per table, French headers, Excel percentages, notes, fixed bytes."""

from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest

from survey.errors import SurveyError
from survey.report import tables
from survey.report.workbook import FIXED_DATETIME, sheet_titles, write_workbook


@pytest.fixture
def report_tables(freq_groups, tab, letters):
    return [
        tables.frequency_table(freq_groups, caption="Tableau 1 : collaborations"),
        tables.crosstab_table(
            tab, letters, caption="Tableau 2 : collaborations par groupe", suppress_threshold=5
        ),
        (
            "Constats / Propositions",
            pd.DataFrame(
                {"Constats": ["Pas de temps\npour la veille"], "Propositions": ["Un mail"]}
            ),
            ["Source : entretiens SPRO 2025."],
        ),
    ]


def cells(sheet) -> dict[str, object]:
    return {c.coordinate: c for row in sheet.iter_rows() for c in row if c.value is not None}


def test_sheets_headers_and_formats(tmp_path, report_tables):
    path = write_workbook(tmp_path / "tableaux.xlsx", report_tables)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Tableau 1 - collaborations",
        "Tableau 2 - collaborations par…",
        "Constats - Propositions",
    ]
    one = book["Tableau 1 - collaborations"]
    assert [c.value for c in one[1]] == ["Modalité", "Effectif", "%", "IC 95\u202f% bas",
                                        "IC 95\u202f% haut"]  # fmt: skip
    assert all(c.font.bold for c in one[1])
    assert one.freeze_panes == "B2"
    # aucune: 16 respondents, 20 %, as an Excel percentage (a proportion, format 0 %).
    assert [c.value for c in one[2]][:3] == ["aucune", 16, pytest.approx(0.20)]
    assert one["C2"].number_format == "0 %" and isinstance(one["C2"].value, float)
    assert one["B2"].number_format == "#,##0"
    assert one["D2"].number_format == "0 %"
    # Base and notes under the table.
    column_a = [c.value for c in one["A"] if c.value is not None]
    assert "Base" in column_a
    assert column_a[-4:-1] == [
        "Tableau 1 : collaborations",
        "Pourcentages calculés sur la base des répondants à la question.",
        "Non-réponse\u00a0: hors base des pourcentages.",
    ]
    assert one.column_dimensions["A"].width >= len("regulieres")


def test_crosstab_sheet_keeps_masked_cells_and_bases(tmp_path, report_tables):
    book = openpyxl.load_workbook(write_workbook(tmp_path / "t.xlsx", report_tables))
    two = book.worksheets[1]
    header = [c.value for c in two[1]]
    assert header == ["Modalité", "g1 (A)", "Lettres (A)", "g2 (B)", "Lettres (B)", "Ensemble"]
    aucune = [c.value for c in two[2]]
    assert aucune[1] == "—"  # masked: the number never reaches the workbook
    assert aucune[3] == pytest.approx(0.35) and aucune[4] == "A"
    assert two.cell(row=2, column=4).number_format == "0 %"
    base = next(row for row in two.iter_rows() if row[0].value == "Base")
    assert [c.value for c in base if c.value is not None] == ["Base", 40, 40, 80]
    assert base[1].number_format == "#,##0"  # a count, not a percentage
    assert 0.05 not in [c.value for row in two.iter_rows() for c in row]


def test_text_sheet(tmp_path, report_tables):
    book = openpyxl.load_workbook(write_workbook(tmp_path / "t.xlsx", report_tables))
    three = book["Constats - Propositions"]
    assert three["A2"].value == "Pas de temps\npour la veille"
    assert three["A2"].alignment.wrap_text
    assert three["A4"].value == "Source : entretiens SPRO 2025."


def test_percent_columns_guessed_without_formats(tmp_path):
    frame = pd.DataFrame(
        {"Structure": ["CIO", "Cap Emploi"], "%": [0.18, 0.1], "Effectif": [42, 23]}
    )
    book = openpyxl.load_workbook(write_workbook(tmp_path / "t.xlsx", [("Structures", frame, [])]))
    sheet = book.active
    assert sheet["B2"].number_format == "0 %" and sheet["B2"].value == pytest.approx(0.18)
    assert sheet["C2"].number_format == "#,##0"


def test_deterministic_file(tmp_path, report_tables):
    first = write_workbook(tmp_path / "a.xlsx", report_tables).read_bytes()
    second = write_workbook(tmp_path / "b.xlsx", report_tables).read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    properties = openpyxl.load_workbook(tmp_path / "a.xlsx").properties
    assert properties.creator == "survey"
    assert properties.created == FIXED_DATETIME and properties.modified == FIXED_DATETIME


def test_sheet_titles_are_valid_and_unique():
    titles = sheet_titles(
        [
            "Graphique 12 : notoriété des structures membres du SPRO",
            "Graphique 12 : notoriété des structures membres du SPRO",
            "a/b [c]*?",
            "RÉSUMÉ",
            "résumé",
            "",
        ]
    )
    assert all(len(t) <= 31 for t in titles)
    assert len({t.casefold() for t in titles}) == len(titles)
    assert titles[0] == "Graphique 12 - notoriété des s…"
    assert titles[1].endswith(" (2)")
    assert titles[2] == "a-b -c---"
    assert titles[3:] == ["RÉSUMÉ", "résumé (2)", "Tableau 6"]


def test_bad_input():
    with pytest.raises(SurveyError, match="Aucun tableau"):
        write_workbook("never.xlsx", [])
    with pytest.raises(SurveyError, match="triplet"):
        write_workbook("never.xlsx", [("titre", [1, 2], [])])
