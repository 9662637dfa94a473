"""Each kind of bad input gives its named error, in French, naming file, row and column."""

import csv
import io

import pytest

from survey import read_framaforms
from survey.errors import (
    ColumnMismatchError,
    DateFormatError,
    EncodingError,
    MalformedFileError,
    UnknownValueError,
)

SAMPLE = "framaforms_labels_separate.csv"


def sample_text(data_dir):
    return (data_dir / SAMPLE).read_text(encoding="utf-8")


def records(data_dir):
    return list(csv.reader(io.StringIO(sample_text(data_dir), newline="")))


def as_text(rows):
    buf = io.StringIO(newline="")
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def write(tmp_path, text, name="export.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_truncated_file_names_the_row(tmp_path, data_dir, sample_questionnaire):
    text = sample_text(data_dir)
    cut = text[: text.index("Le guide papier")]  # inside the quoted comment of the last record
    with pytest.raises(MalformedFileError) as info:
        read_framaforms(write(tmp_path, cut), sample_questionnaire)
    assert info.value.row == 8
    assert "tronqué" in str(info.value) and "export.csv" in str(info.value)


def test_short_row_names_the_row(tmp_path, data_dir, sample_questionnaire):
    rows = records(data_dir)
    rows[4] = rows[4][:-3]  # serial 2 (spreadsheet row 5) loses its last three cells
    with pytest.raises(MalformedFileError) as info:
        read_framaforms(write(tmp_path, as_text(rows)), sample_questionnaire)
    assert info.value.row == 5
    assert "18 colonnes au lieu de 21" in str(info.value)


def test_undecodable_bytes_are_an_encoding_error(tmp_path, data_dir, sample_questionnaire):
    data = sample_text(data_dir).encode("utf-8").replace("Finistère".encode(), b"Finist\x81re", 1)
    with pytest.raises(EncodingError) as info:
        read_framaforms(write(tmp_path, data), sample_questionnaire)
    assert info.value.row == 4


def test_double_encoded_text_is_an_encoding_error(tmp_path, data_dir, sample_questionnaire):
    mojibake = sample_text(data_dir).encode("utf-8").decode("cp1252", errors="replace")
    with pytest.raises(EncodingError, match="doublement encodé"):
        read_framaforms(write(tmp_path, mojibake), sample_questionnaire)


def test_missing_column_lists_questions_and_columns(tmp_path, data_dir, sample_questionnaire):
    text = sample_text(data_dir).replace('"Département"', '"Département de travail"', 1)
    with pytest.raises(ColumnMismatchError) as info:
        read_framaforms(write(tmp_path, text), sample_questionnaire)
    assert info.value.unmatched_questions == ["Département"]
    assert info.value.unmatched_columns == ["Département de travail"]


def test_unknown_option_names_question_value_and_rows(tmp_path, data_dir, sample_questionnaire):
    text = sample_text(data_dir).replace('"Mission locale"', '"Mission Locale Jeunes"', 1)
    with pytest.raises(UnknownValueError) as info:
        read_framaforms(write(tmp_path, text), sample_questionnaire)
    assert info.value.question == "Type de structure"
    assert info.value.value == "Mission Locale Jeunes"
    assert info.value.rows == [5]


@pytest.mark.parametrize(("policy", "expected"), [("drop", None), ("other", None)])
def test_unknown_value_policies_are_counted(
    tmp_path, data_dir, sample_questionnaire, policy, expected
):
    text = sample_text(data_dir).replace(
        '"Je le connais bien","X","X","","","X"', '"Je le connais très bien","X","X","","","X"', 1
    )
    path = write(tmp_path, text)
    if policy == "other":  # "connaissance" has no "Autre" option: still an error
        with pytest.raises(UnknownValueError):
            read_framaforms(path, sample_questionnaire, unknown=policy)
        return
    result = read_framaforms(path, sample_questionnaire, unknown=policy)
    assert result.accounting.unknown_values == {"connaissance": 1}
    assert result.responses["connaissance"].isna().sum() == 1


def test_unknown_tick_in_separate_column(tmp_path, data_dir, sample_questionnaire):
    rows = records(data_dir)
    rows[4][13] = "oui"  # serial 2, "Salon de l'orientation"
    with pytest.raises(UnknownValueError, match="oui") as info:
        read_framaforms(write(tmp_path, as_text(rows)), sample_questionnaire)
    assert info.value.rows == [5]


def test_dates_in_two_formats_at_once(tmp_path, data_dir, sample_questionnaire):
    text = sample_text(data_dir).replace("03/04/2024 - 11:47", "2024.03.04 11h47")
    with pytest.raises(DateFormatError) as info:
        read_framaforms(write(tmp_path, text), sample_questionnaire)
    assert info.value.row == 5


def test_day_first_dates_are_recognised(tmp_path, data_dir, sample_questionnaire):
    text = sample_text(data_dir).replace("03/11/2024 - 14:55", "14/03/2024 - 14:55")
    text = text.replace("03/05/2024", "05/03/2024").replace("03/06/2024", "06/03/2024")
    text = text.replace("03/04/2024", "04/03/2024").replace("03/07/2024", "07/03/2024")
    result = read_framaforms(write(tmp_path, text), sample_questionnaire)
    assert result.accounting.sources[0].date_format == "d/m/Y - H:i"
    assert str(result.responses.loc[5, "submitted"]) == "2024-03-14 14:55:00"


def test_empty_and_missing_files(tmp_path, sample_questionnaire):
    with pytest.raises(MalformedFileError, match="vide"):
        read_framaforms(write(tmp_path, ""), sample_questionnaire)
    with pytest.raises(MalformedFileError, match="introuvable"):
        read_framaforms(tmp_path / "absent.csv", sample_questionnaire)


def test_broken_xlsx(tmp_path, sample_questionnaire):
    path = write(tmp_path, b"PK\x03\x04not really a zip", name="export.xlsx")
    with pytest.raises(MalformedFileError, match="classeur"):
        read_framaforms(path, sample_questionnaire)


def test_formula_like_values_stay_text(tmp_path, data_dir, sample_questionnaire):
    text = sample_text(data_dir).replace('"Forum des métiers du lycée"', '"=SOMME(A1:A3)"')
    result = read_framaforms(write(tmp_path, text), sample_questionnaire)
    assert result.responses.loc[5, "ressources_autre"] == "=SOMME(A1:A3)"


def test_probable_double_submission_is_flagged_not_dropped(
    tmp_path, data_dir, sample_questionnaire
):
    rows = records(data_dir)
    twin = [*rows[4]]
    twin[:3] = ["6", "9104570", "03/04/2024 - 11:52"]
    path = write(tmp_path, as_text([*rows, twin]))
    result = read_framaforms(path, sample_questionnaire)
    assert result.accounting.kept == 5
    assert result.accounting.probable_double_submissions == [(2, 6)]


def test_duplicate_sid_is_kept_once(tmp_path, data_dir, sample_questionnaire):
    rows = records(data_dir)
    path = write(tmp_path, as_text([*rows, rows[4]]))
    result = read_framaforms(path, sample_questionnaire)
    assert (result.accounting.duplicates, result.accounting.kept) == (1, 4)
    assert result.accounting.excluded.query("reason == 'duplicate'")["row"].tolist() == [9]
