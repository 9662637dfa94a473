"""Build the completed coding review of the 2025 example wave (what an analyst validated).

    python examples_src/build_review.py

Auto-codes the example interviews, writes the review workbook, then fills it in the way
the analyst of the synthetic study did, from the reference sheet
(``survey/examples/spro-2025/reference_entretiens.csv``):

- belonging codes are accepted when they agree with the interview's belonging
  category, recoded to the right belonging code otherwise;
- every other proposal is accepted;
- the interview-level belonging value is the reference category.

The result, ``survey/examples/spro-2025/revue/revue_codage.xlsx``, is what tables and the
report use; the belonging table of the report (6 / 7 / 8 / 3) comes from it.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from survey.coding.review import SHEETS, write_review
from survey.coding.workflow import code_interviews
from survey.wave import load_wave

ROOT = Path(__file__).resolve().parents[1]
WAVE = ROOT / "survey" / "examples" / "spro-2025"
CATEGORY = {
    "none": "aucune",
    "partial": "partielle",
    "clear": "claire",
    "progressive": "progressive",
}
BELONGING_CODE = {
    "aucune": "appartenance_aucune",
    "partielle": "appartenance_partielle",
    "claire": "appartenance_claire",
    "progressive": "appartenance_progressive",
}


def build(out: Path) -> Path:
    wave = load_wave(WAVE)
    coding = code_interviews(wave, with_review=False)
    reference = pd.read_csv(WAVE / "reference_entretiens.csv").set_index("interview_id")
    truth = reference["belonging"].map(CATEGORY)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_review(
        out,
        coding.proposed,
        coding.segments,
        coding.frame,
        proposed_dimensions=coding.proposed_dimensions,
    )
    book = openpyxl.load_workbook(out)
    belonging_codes = set(BELONGING_CODE.values())
    for row in book[SHEETS[0]].iter_rows(min_row=3):
        document, code = row[1].value, row[3].value
        expected = BELONGING_CODE[truth[document]]
        if code in belonging_codes and code != expected:
            row[8].value, row[9].value = "recoder", expected
        else:
            row[8].value = "accepter"
    for row in book[SHEETS[2]].iter_rows(min_row=3):
        if row[1].value == "appartenance":
            row[3].value = truth[row[0].value]
    book.save(out)
    return out


if __name__ == "__main__":
    print(build(WAVE / "revue" / "revue_codage.xlsx"))
