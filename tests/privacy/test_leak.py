"""Leak test: every output the toolkit writes from the example wave holds none of the
personal data planted in it (tests/data/spro-2025-planted-*.yaml): e-mails, phone numbers,
person names.

It writes what the toolkit publishes today — word-frequency tables and word clouds (PNG,
SVG, layout), keyword cloud, coded quotes of interviews and of free-text answers, the
tables workbook with the free-text frequency table — with the wave's redactor active, then
searches every file (text, SVG, the XML inside xlsx) case-insensitively.
"""

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from survey import read_framaforms, read_grid, read_profiles
from survey.coding import best_quotes
from survey.coding.workflow import code_answers, code_interviews
from survey.privacy import use_redactor
from survey.privacy.wave import pseudonyms, wave_redactor
from survey.report.workbook import write_workbook
from survey.text import keyword_frequencies, word_cloud, word_frequencies
from survey.wave import load_wave


def planted(data_dir: Path) -> list[str]:
    interviews = yaml.safe_load((data_dir / "spro-2025-planted-interviews.yaml").read_text("utf-8"))
    export = yaml.safe_load((data_dir / "spro-2025-planted-export.yaml").read_text("utf-8"))
    items = interviews["names"] + interviews.get("emails", []) + interviews.get("phones", [])
    return sorted({*items, *export["emails"], *export["free_text"]})


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    wave = load_wave()
    coding = code_interviews(wave)
    profiles = read_profiles(wave.path(wave.spec.profiles))
    lecture = read_framaforms(wave.export_paths, wave.questionnaire())
    redactor = wave_redactor(wave, turns=coding.turns, profiles=profiles)
    with use_redactor(redactor):
        words = word_frequencies(coding.turns, expressions=coding.frame.expressions, min_count=2)
        words.to_csv(out / "mots_entretiens.csv", index=False)
        word_cloud(
            words.head(80), png=out / "nuage.png", svg=out / "nuage.svg", min_people=2
        ).to_csv(out / "nuage_mise_en_page.csv", index=False)
        grid = read_grid(wave.path(wave.spec.grid))
        keywords = keyword_frequencies(grid["mots_cles"], synonyms=coding.frame.synonyms)
        keywords.to_csv(out / "mots_cles.csv", index=False)
        word_cloud(keywords, svg=out / "nuage_mots_cles.svg", min_people=2)
        names = pseudonyms(coding.segments["document"])
        quotes = pd.concat(
            [best_quotes(coding.validated, code).assign(code=code) for code in coding.frame.codes],
            ignore_index=True,
        )
        quotes["document"] = quotes["document"].map(names)
        quotes.to_csv(out / "citations.csv", index=False)
        answers = code_answers(lecture.responses, wave.questionnaire(), coding.frame)
        answer_quotes = pd.concat(
            [best_quotes(answers, code, min_chars=10) for code in answers["code"].unique()]
        )
        (out / "citations_questionnaire.html").write_text(
            "".join(f"<blockquote>{q}</blockquote>" for q in answer_quotes["quote"]), "utf-8"
        )
        remarks = word_frequencies(lecture.responses["remarques"].dropna(), min_count=2)
        write_workbook(out / "tableaux.xlsx", [("Mots des remarques", remarks, [])])
    return out, redactor


def text_of(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return " ".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist())
    if path.suffix == ".png":
        return path.read_bytes().decode("latin-1")  # metadata chunks only carry text
    return path.read_text(encoding="utf-8")


def test_no_planted_personal_data_in_any_output(outputs, data_dir):
    folder, _ = outputs
    files = sorted(p for p in folder.iterdir() if p.is_file())
    assert len(files) >= 8
    hits = []
    for path in files:
        content = text_of(path)
        for item in planted(data_dir):
            if re.search(rf"(?<![\w@.]){re.escape(item)}(?![\w@])", content, re.IGNORECASE):
                hits.append((path.name, item))
    assert hits == []


def test_the_redactions_are_counted_by_kind(outputs):
    _, redactor = outputs
    assert redactor.counts["PERSON"] > 0
    assert set(redactor.counts) <= {"PERSON", "EMAIL", "PHONE", "URL", "PLACE"}


@pytest.mark.slow
def test_no_planted_personal_data_in_the_full_report(rendered_report, data_dir):
    """The report issue's extension: rapport.html, synthese.html, tableaux.xlsx and the
    executed notebooks kept in the output folder."""
    folder = rendered_report.report.parent
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert {p.name for p in files} >= {"rapport.html", "synthese.html", "tableaux.xlsx"}
    hits = []
    for path in files:
        content = text_of(path) if path.suffix != ".ipynb" else path.read_text(encoding="utf-8")
        for item in planted(data_dir):
            if re.search(rf"(?<![\w@.]){re.escape(item)}(?![\w@])", content, re.IGNORECASE):
                hits.append((path.name, item))
    assert hits == []
