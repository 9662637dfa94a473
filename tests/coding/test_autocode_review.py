"""Auto-coding proposes, the reviewer decides: segments, negation, review round trip, tables."""

import openpyxl
import pandas as pd
import pytest

from survey.coding import (
    ReviewError,
    autocode,
    best_quotes,
    code_by_attribute,
    cooccurrence,
    load_coding_frame,
    propose_dimension,
    read_review,
    segments,
    write_review,
)
from survey.coding.review import SHEETS, WARNING


@pytest.fixture(scope="module")
def frame(data_dir):
    return load_coding_frame(data_dir / "coding" / "mini_frame.yaml")


@pytest.fixture(scope="module")
def turns():
    rows = [
        ("E01", 1, "interviewer", "Avez-vous le sentiment d'appartenance au SPRO ?"),
        (
            "E01",
            2,
            "interviewee",
            "Non. Pas de sentiment d'appartenance, franchement. J'utilise RésOpro.",
        ),
        ("E01", 3, "interviewee", "Une newsletter serait utile."),
        ("E02", 1, "interviewee", "Oui, un vrai sentiment d'appartenance ! Je me sens membre."),
        (
            "E02",
            2,
            "interviewee",
            "Je ne reçois pas de newsletter, c'est dommage. Et resopro aussi.",
        ),
        ("E03", 1, "interviewee", "Rien à signaler sur ce point."),
    ]
    return pd.DataFrame(rows, columns=["interview_id", "turn", "role", "text"])


@pytest.fixture(scope="module")
def segs(turns):
    return segments(turns)


@pytest.fixture(scope="module")
def coded(segs, frame):
    return autocode(segs, frame)


def test_segments_are_interviewee_sentences_with_offsets(turns, segs):
    assert "E01-001-01" not in set(segs["segment_id"])  # interviewer left out
    assert segs["segment_id"].tolist()[:3] == ["E01-002-01", "E01-002-02", "E01-002-03"]
    for seg in segs.itertuples():
        turn = turns[(turns.interview_id == seg.document) & (turns.turn == seg.turn)].text.iloc[0]
        assert turn[seg.char_start : seg.char_end] == seg.text


def test_negation_sends_the_same_phrase_to_opposite_codes(coded):
    by_segment = coded.groupby("segment_id")["code"].apply(set).to_dict()
    assert by_segment["E01-002-02"] == {"appartenance_aucune"}
    assert by_segment["E02-001-01"] == {"appartenance_claire"}
    assert by_segment["E02-001-02"] == {"appartenance_claire"}
    # "negated: null": the newsletter is coded whether wished or missed
    assert "outil_newsletter" in by_segment["E02-002-01"]
    assert by_segment["E02-002-02"] == {"outil_resopro"}  # accents and case ignored
    row = coded[(coded.segment_id == "E02-002-01") & (coded.code == "outil_newsletter")].iloc[0]
    assert row.evidence == "newsletter" and bool(row.negated)


def test_dimension_is_proposed_per_interview(coded, frame):
    proposed = propose_dimension(coded, frame, "appartenance")
    assert proposed.to_dict() == {"E01": "aucune", "E02": "claire"}


def fill(path, decisions, *, added=None, dimensions=None):
    book = openpyxl.load_workbook(path)
    sheet = book[SHEETS[0]]
    for row in sheet.iter_rows(min_row=3):
        key = (row[0].value, row[3].value)
        if key in decisions:
            decision, new_code = decisions[key]
            row[8].value, row[9].value = decision, new_code
    for row in book[SHEETS[1]].iter_rows(min_row=3):
        if added and row[0].value in added:
            row[4].value = added[row[0].value]
    for row in book[SHEETS[2]].iter_rows(min_row=3):
        if dimensions and row[0].value in dimensions:
            row[3].value = dimensions[row[0].value]
    book.save(path)


def test_review_round_trip(tmp_path, coded, segs, frame):
    path = write_review(
        tmp_path / "revue.xlsx",
        coded,
        segs,
        frame,
        proposed_dimensions={"appartenance": propose_dimension(coded, frame, "appartenance")},
    )
    book = openpyxl.load_workbook(path)
    assert all(book[name]["A1"].value == WARNING for name in SHEETS)
    assert book[SHEETS[2]]["C3"].value == "aucune"  # the proposal is shown
    fill(
        path,
        {
            ("E01-002-02", "appartenance_aucune"): ("accepter", None),
            ("E01-002-03", "outil_resopro"): ("Accepter ", None),
            ("E02-002-01", "outil_newsletter"): ("rejeter", None),
            ("E02-001-02", "appartenance_claire"): ("recoder", "appartenance_aucune"),
        },
        added={"E03-001-01": "outil_newsletter"},
        dimensions={"E01": "aucune", "E02": "claire"},
    )
    review = read_review(path, coded, segs, frame)
    got = set(zip(review.coded.segment_id, review.coded.code, review.coded.origin, strict=True))
    assert got == {
        ("E01-002-02", "appartenance_aucune", "accepted"),
        ("E01-002-03", "outil_resopro", "accepted"),
        ("E02-001-02", "appartenance_aucune", "recoded"),
        ("E03-001-01", "outil_newsletter", "added"),
    }
    summary = review.summary()
    assert (summary["accepted"], summary["rejected"], summary["recoded"], summary["added"]) == (
        2, 1, 1, 1,
    )  # fmt: skip
    assert summary["unreviewed"] == len(coded) - 4
    dims = review.dimensions.set_index("document")["value"].to_dict()
    assert dims == {"E01": "aucune", "E02": "claire", "E03": None}
    assert (
        review.coded.loc[review.coded.segment_id == "E03-001-01", "text"].iloc[0].startswith("Rien")
    )


@pytest.mark.parametrize(
    ("decisions", "fragment"),
    [
        ({("E01-002-02", "appartenance_aucune"): ("peut-être", None)}, "décision « peut-être »"),
        ({("E01-002-02", "appartenance_aucune"): ("recoder", "inconnu")}, "code « inconnu »"),
    ],
)
def test_bad_review_entries_name_sheet_row_and_column(
    tmp_path, coded, segs, frame, decisions, fragment
):
    path = write_review(tmp_path / "revue.xlsx", coded, segs, frame)
    fill(path, decisions)
    with pytest.raises(ReviewError) as info:
        read_review(path, coded, segs, frame)
    message = str(info.value)
    assert fragment in message and "feuille « Segments proposés », ligne 3" in message


def test_tables(coded):
    attributes = pd.DataFrame(
        {"cercle": ["cercle_1", "cercle_2", "cercle_2"]}, index=["E01", "E02", "E03"]
    )
    table = code_by_attribute(coded, attributes, "cercle").set_index(["code", "value"])
    assert table.loc[("outil_resopro", "cercle_2")].tolist() == [1, 2, 0.5]
    assert table.loc[("outil_resopro", "cercle_1")].tolist() == [1, 1, 1.0]
    pairs = cooccurrence(coded)
    assert {
        "code_a": "appartenance_aucune",
        "code_b": "outil_newsletter",
        "units": 1,
    } in pairs.to_dict("records")
    quotes = best_quotes(coded, "outil_resopro", n=5, min_chars=10)
    assert quotes["document"].tolist() == ["E01", "E02"]  # one quote per interview
