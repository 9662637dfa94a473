"""The example wave coded end to end: proposals, the committed validated review, tables, exports."""

import zipfile

import pandas as pd
import pytest

from survey.coding import agreement_by_code, code_presence, saturation
from survey.coding.workflow import code_interviews, export_qdpx, interview_documents
from survey.wave import load_wave


@pytest.fixture(scope="module")
def coding():
    return code_interviews(load_wave())


def test_belonging_table_comes_from_validated_review(coding):
    """Seed 002, "Répartition des sentiments d'appartenance (24 entretiens)": 6 / 7 / 8 / 3."""
    values = coding.dimension("appartenance").value_counts().to_dict()
    assert values == {"aucune": 6, "partielle": 7, "claire": 8, "progressive": 3}
    reference = pd.read_csv(load_wave().path("reference_entretiens.csv"), index_col="interview_id")
    category = {
        "none": "aucune",
        "partial": "partielle",
        "clear": "claire",
        "progressive": "progressive",
    }
    assert (
        coding.dimension("appartenance").to_dict() == reference["belonging"].map(category).to_dict()
    )


def test_validated_coding_is_complete_and_in_the_frame(coding):
    validated = coding.validated
    assert set(validated["code"]) <= set(coding.frame.codes)
    assert validated["document"].nunique() == 24
    assert not validated["text"].isna().any()
    summary = coding.review.summary()
    assert summary["unreviewed"] == 0 and summary["accepted"] > 1000


def test_agreement_between_auto_coding_and_review(coding):
    units = coding.segments["segment_id"].tolist()
    auto = coding.proposed.rename(columns={"segment_id": "unit"})[["unit", "code"]]
    human = coding.validated.rename(columns={"segment_id": "unit"})[["unit", "code"]]
    table = agreement_by_code(auto, human, units=units, codes=list(coding.frame.codes))
    overall = table.set_index("code").loc["_overall"]
    assert 0.9 < overall["cohen_kappa"] < 1  # the reviewer recoded a few belonging segments


def test_saturation_curve(coding):
    presence = code_presence(
        coding.validated,
        documents=sorted(coding.segments["document"].unique()),
        codes=list(coding.frame.codes),
    )
    curve = saturation(presence, k=3)
    assert curve["cumulative_codes"].is_monotonic_increasing
    assert curve["cumulative_codes"].iloc[-1] == presence.any().sum()


def test_qdpx_export_places_codings_on_the_coded_text(coding, tmp_path):
    path = export_qdpx(coding, tmp_path / "spro.qdpx", project_name="SPRO 2025")
    names = zipfile.ZipFile(path).namelist()
    assert "project.qde" in names and sum(n.startswith("sources/") for n in names) == 24
    texts, offsets = interview_documents(coding.turns)
    row = coding.validated.iloc[0]
    start = offsets.set_index(["document", "turn"]).loc[(row.document, row.turn), "offset"]
    assert texts[row.document][start + row.char_start : start + row.char_end] == row.text
