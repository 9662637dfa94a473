"""Profiles and thematic grid of the interviews, and their agreement with the transcripts."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from survey.errors import MalformedFileError
from survey.ingest.transcripts import (
    InterviewMismatchError,
    check_interviews,
    read_grid,
    read_interviews,
    read_profiles,
)

ROOT = Path(__file__).resolve().parents[2]
WAVE = ROOT / "survey" / "examples" / "spro-2025"
SOURCES = ROOT / "examples_src" / "spro-2025" / "interviews"
IDS = [f"E{i:02d}" for i in range(1, 25)]
GRID_COLUMNS = [
    "date", "interviewer", "structure", "departement", "mission", "mots_cles", "connaissance",
    "appartenance", "actions", "collaborations", "outils", "ideal", "verbatims",
]  # fmt: skip


@pytest.fixture(scope="module")
def turns() -> pd.DataFrame:
    interviewers = yaml.safe_load((WAVE / "wave.yaml").read_text(encoding="utf-8"))["interviewers"]
    return read_interviews(WAVE / "entretiens", interviewers=interviewers)


@pytest.fixture(scope="module")
def profiles() -> pd.DataFrame:
    return read_profiles(WAVE / "profils.csv")


@pytest.fixture(scope="module")
def grid() -> pd.DataFrame:
    return read_grid(WAVE / "grille.xlsx")


def meta(interview_id: str) -> dict:
    return yaml.safe_load((SOURCES / f"{interview_id}.yaml").read_text(encoding="utf-8"))


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(tmp_path: Path, content: str | bytes, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# ------------------------------------------------------------------------------- profiles


def test_profiles_of_the_example(profiles):
    assert profiles.index.name == "interview_id"
    assert profiles.index.tolist() == IDS
    assert profiles.columns.tolist() == [
        "nom", "structure", "structure_nom", "departement", "commune", "mission", "fonction",
        "anciennete", "interviewer", "date", "format", "fichier",
    ]  # fmt: skip
    for interview_id in ("E07", "E16"):
        row, source = profiles.loc[interview_id], meta(interview_id)
        assert row["nom"] == source["name"] and row["interviewer"] == source["interviewer"]
        assert row["fonction"] == source["profile"]["fonction"]
        assert row["date"] == pd.Timestamp(source["date"])
    assert profiles.attrs["file"] == "profils.csv"


def test_profiles_saved_by_a_french_spreadsheet(tmp_path):
    text = (
        "Entretien;Nom;Département;Date\r\nE01;Camille ROUSSEL;Rhône;03/06/2025\r\nE02;;Isère;\r\n"
    )
    path = write(tmp_path, text.encode("cp1252"), "profils.csv")
    profiles = read_profiles(path)
    assert profiles.index.tolist() == ["E01", "E02"]
    assert profiles.columns.tolist() == ["nom", "departement", "date"]
    assert profiles.loc["E01", "departement"] == "Rhône"
    assert pd.isna(profiles.loc["E02", "nom"])
    assert profiles.loc["E01", "date"] == pd.Timestamp(2025, 6, 3)


def test_profiles_as_a_workbook(tmp_path):
    data = workbook([["interview_id", "nom"], ["E01", "Camille"], [None, None], [2, "Bernard"]])
    profiles = read_profiles(write(tmp_path, data, "profils.xlsx"))
    assert profiles.index.tolist() == ["E01", "2"]


@pytest.mark.parametrize(
    ("text", "row", "message"),
    [
        ("nom,structure\nCamille,cio\n", 1, "pas de colonne d'identifiant d'entretien"),
        ("interview_id,nom\nE01,Camille\nE02,Bernard\nE01,Inès\n", 4, "figure déjà ligne 2"),
        ("interview_id,nom\nE01,Camille\n,Bernard\n", 3, "identifiant d'entretien vide"),
        ("interview_id,nom\nE01,Camille,cio\n", 2, "3 cellules pour 2 colonnes"),
        ("interview_id,,nom\nE01,x,Camille\n", 1, "la colonne 2 n'a pas de titre"),
        ("\n\n", 1, "le fichier est vide"),
    ],
)
def test_bad_profiles_name_file_and_row(tmp_path, text, row, message):
    with pytest.raises(MalformedFileError, match=message) as info:
        read_profiles(write(tmp_path, text, "profils.csv"))
    assert info.value.row == row
    assert str(info.value).startswith(f"Fichier « profils.csv », ligne {row} : ")


def test_missing_profiles_file(tmp_path):
    with pytest.raises(MalformedFileError, match="introuvable"):
        read_profiles(tmp_path / "profils.csv")


# ----------------------------------------------------------------------------------- grid


def test_grid_of_the_example(grid):
    assert grid.index.name == "interview_id"
    assert grid.index.tolist() == IDS
    assert grid.columns.tolist() == GRID_COLUMNS
    for interview_id in ("E01", "E17"):
        row, source = grid.loc[interview_id], meta(interview_id)
        assert row["mots_cles"] == " ; ".join(source["keywords_said"])
        assert row["verbatims"] == " | ".join(source["verbatims"])
        for key in ("connaissance", "appartenance", "actions", "collaborations", "outils", "ideal"):
            assert row[key] == source["key_points"][key]
        assert row["date"] == pd.Timestamp(source["date"])
        assert row["interviewer"] == source["interviewer"]
    assert grid.attrs["file"] == "grille.xlsx"


def test_grid_with_a_title_above_and_other_titles(tmp_path):
    data = workbook(
        [
            ["Grille d'analyse thématique – vague 2025"],
            [],
            ["N° entretien", "Date de l'entretien", "Mots-clés", "Remarques diverses"],
            ["E01", dt.datetime(2025, 6, 3), "réseau ; accueil", None],
            [None, None, None, None],
        ]
    )
    grid = read_grid(write(tmp_path, data, "grille.xlsx"))
    assert grid.columns.tolist() == ["date", "mots_cles", "remarques_diverses"]
    assert grid.loc["E01", "date"] == pd.Timestamp(2025, 6, 3)
    assert pd.isna(grid.loc["E01", "remarques_diverses"])


def test_grid_errors(tmp_path):
    twice = workbook([["Entretien", "Outils", "Outils utilisés"], ["E01", "a", "b"]])
    with pytest.raises(MalformedFileError, match="plusieurs colonnes donnent « outils »") as info:
        read_grid(write(tmp_path, twice, "grille.xlsx"))
    assert info.value.row == 1
    no_id = workbook([["Structure", "Outils"], ["CIO", "Onisep"]])
    with pytest.raises(MalformedFileError, match="pas de colonne d'identifiant"):
        read_grid(write(tmp_path, no_id, "grille.xlsx"))
    with pytest.raises(MalformedFileError, match="classeur Excel illisible"):
        read_grid(write(tmp_path, b"PK\x03\x04broken", "grille.xlsx"))


# ------------------------------------------------------------------------ check_interviews


def test_check_interviews_passes_on_the_example(turns, profiles, grid):
    assert check_interviews(turns, profiles, grid) is None
    assert check_interviews(turns, profiles) is None


def test_check_interviews_fails_when_a_profile_is_removed(turns, profiles, grid):
    with pytest.raises(InterviewMismatchError) as info:
        check_interviews(turns, profiles.drop(index="E05"), grid)
    assert info.value.without_profile == ["E05"] and info.value.without_transcript == []
    assert str(info.value).startswith("Entretiens : transcriptions sans profil : « E05 »")


def test_check_interviews_names_every_mismatch(turns, profiles, grid):
    extra = pd.concat([profiles, profiles.loc[["E01"]].rename(index={"E01": "E25"})])
    extra.attrs = {"file": "profils.csv"}
    with pytest.raises(InterviewMismatchError) as info:
        check_interviews(turns[turns["interview_id"] != "E03"], extra, grid.drop(index="E09"))
    error = info.value
    assert error.without_transcript == ["E03", "E25"]
    assert error.grid_without_transcript == ["E03"]
    assert error.missing_from_grid == ["E09"]
    message = str(error)
    assert "profils sans transcription (profils.csv) : « E03 », « E25 »" in message
    assert "transcriptions absentes de la grille (grille.xlsx) : « E09 »" in message
