"""Build the completed coding review of an example wave (what an analyst validated).

    python examples_src/build_review.py [WAVE_FOLDER ...]   (default: the 2025 example wave)

For each wave folder (``survey/examples/spro-2025``, ``survey/examples/spro-2026``…),
auto-codes the example interviews with the wave's coding frame, writes the review workbook,
then fills it in the way the analyst of the synthetic study did, from the wave's reference
sheet (``reference_entretiens.csv``):

- belonging codes are accepted when they agree with the interview's belonging
  category, recoded to the right belonging code otherwise;
- every other proposal is accepted;
- the interview-level belonging value is the reference category.

The result, ``<wave>/revue/revue_codage.xlsx``, is what tables and the report use; the
belonging table of the report (2025: 6 / 7 / 8 / 3; 2026: 2 / 3 / 5 / 2) comes from it.
The workbook is reproducible: fixed core properties and zip entry dates (a week after the
last interview of ``profils.csv``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
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


def build(out: Path, wave_dir: Path = WAVE) -> Path:
    """Write the completed review of the wave in ``wave_dir`` to ``out``."""
    wave = load_wave(wave_dir)
    coding = code_interviews(wave, with_review=False)
    reference = pd.read_csv(wave.path("reference_entretiens.csv")).set_index("interview_id")
    truth = reference["belonging"].map(CATEGORY)
    out = Path(out)
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
    moment = _review_date(wave.path(wave.spec.profiles))
    book.properties.created = moment
    book.properties.modified = moment
    buffer = io.BytesIO()
    book.save(buffer)  # openpyxl stamps "modified" with the current time: put it back
    out.write_bytes(_stable_zip(buffer.getvalue(), moment))
    return out


def _review_date(profiles: Path) -> dt.datetime:
    """A week after the last interview, at 17:00: when the analyst closed the review."""
    last = pd.read_csv(profiles, dtype=str)["date"].max()
    return dt.datetime.fromisoformat(last).replace(hour=17) + dt.timedelta(days=7)


def _stable_zip(data: bytes, moment: dt.datetime) -> bytes:
    """Rewrite an xlsx with fixed entry dates and attributes and a fixed modified date."""
    stamp = f"{moment:%Y-%m-%dT%H:%M:%S}Z".encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp + rb"\g<2>",
                    content,
                )
            info = zipfile.ZipInfo(item.filename, date_time=moment.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()


def main(folders: list[str]) -> None:
    for folder in folders or [str(WAVE)]:
        wave_dir = Path(folder).resolve()
        print(build(wave_dir / "revue" / "revue_codage.xlsx", wave_dir))


if __name__ == "__main__":
    main(sys.argv[1:])
