"""The 2026 example wave (second synthetic wave): export, interviews, review, commentary.

The export is checked on the toolkit's own reading of export.tsv against the counts the
builder was designed with (examples_src/build_export_2026.py): the shifts since 2025
(belonging, the Matinales, the video and RésOpro, wanting the kit) are exact, every other
answer stays within a few points of the 2025 wave. The interviews are checked against their
hand-written sources (examples_src/spro-2026/interviews) and read with survey.ingest; the
validated review gives the belonging table (2 / 3 / 5 / 2). Every builder rebuilds the
committed files byte for byte.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from scipy.stats import chi2_contingency

from survey import read_framaforms
from survey.coding.workflow import code_interviews
from survey.ingest import (
    check_interviews,
    read_grid,
    read_interviews,
    read_profiles,
    read_transcript,
)
from survey.report.commentary import Commentary
from survey.wave import load_wave
from tests.examples.test_interview_files import (
    Turn,
    docx_turns,
    expected_paragraphs,
    parse_vtt,
    vtt_speech,
)
from tests.examples.test_interview_files import source as read_source

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "survey" / "examples" / "spro-2026"
SRC = ROOT / "examples_src" / "spro-2026" / "interviews"
BUILDERS = ROOT / "examples_src"
PLANTED_EXPORT = ROOT / "tests" / "data" / "spro-2026-planted-export.yaml"
PLANTED_INTERVIEWS = ROOT / "tests" / "data" / "spro-2026-planted-interviews.yaml"
IDS = sorted(path.stem for path in SRC.glob("F*.yaml"))
INTERVIEWERS = ["Sophie AUBERTIN", "Léa MONTEIL"]
SUFFIX = {"teams_vtt": ".vtt", "teams_docx": ".docx", "notes": ".txt"}
N = 250

# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def wave():
    return load_wave(FOLDER)


@pytest.fixture(scope="module")
def result(wave):
    return read_framaforms(wave.export_paths, wave.questionnaire())


@pytest.fixture(scope="module")
def responses(result):
    return result.responses


@pytest.fixture(scope="module")
def responses_2025():
    first = load_wave("spro-2025")
    return read_framaforms(first.export_paths, first.questionnaire()).responses


@pytest.fixture(scope="module")
def coding(wave):
    return code_interviews(wave)


def load_builder(name: str):
    spec = importlib.util.spec_from_file_location(f"_test_{name}", BUILDERS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def counts(series: pd.Series) -> dict[str, int]:
    return {k: int(v) for k, v in series.value_counts(sort=False).items()}


def ticks(responses: pd.DataFrame, question: str) -> dict[str, int]:
    columns = [c for c in responses.columns if c.startswith(f"{question}__")]
    return {c.split("__", 1)[1]: int(responses[c].sum()) for c in columns}


def share(responses: pd.DataFrame, column: str) -> float:
    """Percent of the respondents who answered (ticked one box, for multiple choice)."""
    return 100 * responses[column].astype("float").mean()


def zip_entries(path: Path) -> list[tuple[str, tuple, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(i.filename, i.date_time, archive.read(i)) for i in archive.infolist()]


# -------------------------------------------------------------------------------- export


def test_rows_are_accounted_for(result):
    acc = result.accounting
    assert (acc.kept, acc.drafts, acc.duplicates, acc.rows_read) == (N, 4, 1, N + 5)
    assert sorted(acc.excluded["reason"]) == ["draft"] * 4 + ["duplicate"]
    assert acc.probable_double_submissions == []
    assert result.responses["submitted"].min() >= pd.Timestamp("2026-03-30")
    assert result.responses["submitted"].max() < pd.Timestamp("2026-05-16")


def test_download_uses_other_settings_than_2025(wave, result):
    """Form-key headers and raw option keys, IP / UID / user name unticked."""
    source = result.accounting.sources[0]
    assert (source.container, source.delimiter, source.encoding) == (
        "delimited",
        "tabulation",
        "utf-8",
    )
    assert (source.header_rows, source.header_mode, source.multiple_format) == (
        3,
        "key",
        "separate",
    )
    raw = wave.export_paths[0].read_bytes()
    header = raw.split(b"\n")[2].decode("utf-8")
    assert header.startswith('"webform_serial"\t"webform_sid"') and "new_1770000001013" in header
    assert "webform_ip_address" not in header and "webform_uid" not in header
    assert raw.endswith(b'"\n') and b"\r\n" not in raw


def test_designed_counts(responses):
    r = responses
    assert counts(r["membre"]) == {"pas_du_tout": 40, "moyennement": 105, "tout_a_fait": 105}
    assert counts(r["entendu_parler"]) == {"oui": 238, "non": 12}
    assert counts(r["niveau_connaissance"]) == {
        "aucune": 9, "limitee": 72, "suffisante": 128, "tres_bonne": 41,
    }  # fmt: skip
    assert counts(r["objet_spro"]) == {"publics_cibles": 44, "tous_publics": 180, "ne_sait_pas": 26}
    assert counts(r["outille"]) == {
        "pas_du_tout": 19, "plutot_insuffisamment": 76, "plutot_suffisamment": 127, "tres_bien": 28,
    }  # fmt: skip
    assert counts(r["collaboration"]) == {
        "aucune": 36, "quelques": 128, "mensuelles": 64, "hebdomadaires": 22,
    }  # fmt: skip
    assert counts(r["kit_recu"]) == {
        "recu_utilise": 70, "recu_non_utilise": 45, "non_recu": 110, "ne_sait_pas": 25,
    }  # fmt: skip
    assert counts(r["kit"]) == {"oui": 110, "non": 140}
    assert counts(r["volontaire_entretien"]) == {"oui": 40, "non": 210}
    assert counts(r["connait_offres"]) == {"oui": 160, "non": 90}
    assert ticks(r, "ressources_via") == {
        "cahier_des_charges": 56, "plan_actions": 48, "logo": 99, "flyer": 75, "resopro": 138,
        "video": 100, "offre_services": 131, "annuaire": 80, "autres": 28,
    }  # fmt: skip
    assert ticks(r, "initiatives") == {
        "matinales": 190, "rdv_competences": 82, "formations_via": 133, "sticker": 29,
        "rencontres": 166, "kit": 78, "autre": 24,
    }  # fmt: skip
    assert ticks(r, "offres_connues") == {
        "cio": 199, "scuio": 108, "information_jeunesse": 168, "france_travail": 216,
        "apec": 116, "cap_emploi": 186, "mission_locale": 212, "avenir_actifs": 75, "cci": 118,
        "cma": 139, "chambre_agriculture": 77, "mife": 90, "cidff": 79, "mef": 33,
        "france_services": 58, "cite_des_metiers": 36, "collectivite": 21,
        "association_labellisee": 15,
    }  # fmt: skip
    assert counts(r["mission"]) == {
        "premier_accueil": 25, "accompagnement_conseil": 185, "direction_equipe": 22,
        "fonction_administrative": 12, "autre": 6,
    }  # fmt: skip
    assert counts(r["departement"]) == {
        "ain": 14, "allier": 12, "ardeche": 11, "cantal": 11, "drome": 15, "isere": 39,
        "loire": 21, "haute_loire": 12, "puy_de_dome": 24, "rhone": 56, "savoie": 15,
        "haute_savoie": 20,
    }  # fmt: skip
    for question in ("ressources_via", "initiatives", "offres_connues"):  # the base is everyone
        assert r.filter(like=f"{question}__").any(axis=1).all(), question
    assert not {"publics", "remarques"} & {c.split("__")[0] for c in r.columns}
    assert r["attentes"].notna().sum() > 40 and r["suggestions_outils"].notna().sum() > 30


def test_real_shifts_since_2025(responses, responses_2025):
    r, old = responses, responses_2025
    now = (r["membre"] == "tout_a_fait").mean() * 100  # a single choice in 2026
    assert round(now) == 42 and now - share(old, "membre__tout_a_fait") > 15
    assert round(share(r, "initiatives__matinales")) == 76
    assert share(r, "initiatives__matinales") - share(old, "initiatives__matinales") > 15
    assert round(share(r, "ressources_via__video")) == 40
    assert share(r, "ressources_via__video") - share(old, "ressources_via__video") > 15
    assert round(share(r, "ressources_via__resopro")) == 55
    assert share(r, "ressources_via__resopro") - share(old, "ressources_via__resopro") > 15
    kit_now, kit_then = (r["kit"] == "oui").mean() * 100, (old["kit"] == "oui").mean() * 100
    assert round(kit_now) == 44 and kit_then - kit_now > 15


def test_everything_else_is_noise(responses, responses_2025):
    """Other options: within 3 points of their 2025 share (2 respondents for the profile)."""
    r, old = responses, responses_2025
    designed = {"initiatives__matinales", "ressources_via__video", "ressources_via__resopro"}
    for question in ("ressources_via", "initiatives", "offres_connues"):
        for column in r.filter(like=f"{question}__").columns:
            if column in designed or column not in old:  # new in 2026: annuaire, kit
                continue
            assert abs(share(r, column) - share(old, column)) <= 3, column
    for question in ("entendu_parler", "niveau_connaissance", "objet_spro", "outille"):
        now, then = (
            r[question].value_counts(normalize=True),
            old[question].value_counts(normalize=True),
        )
        for option in now.index:
            assert abs(now[option] - then[option]) * 100 <= 6, (question, option)
    regular = r["collaboration"].isin(["mensuelles", "hebdomadaires"]).mean()
    assert abs(regular - (old["collaboration"] == "regulieres").mean()) * 100 <= 5
    assert (
        abs((r["connait_offres"] == "oui").mean() - (old["connait_offres"] == "oui").mean()) * 100
        <= 3
    )
    for question in ("structure", "departement"):
        now, then = r[question].value_counts(), old[question].value_counts()
        for option in then.index:
            assert abs(now.get(option, 0) - then[option] * N / len(old)) <= 2, (question, option)
    missions = r["mission"].value_counts(normalize=True) - old["mission"].value_counts(
        normalize=True
    )
    assert missions.abs().max() * 100 <= 3


def test_relations_between_answers(responses):
    r = responses
    never = r[r["entendu_parler"] == "non"]
    assert never["niveau_connaissance"].isin(["aucune", "limitee"]).all()
    assert never["kit_recu"].isin(["non_recu", "ne_sait_pas"]).all()
    assert (never["membre"] != "tout_a_fait").all()
    member = r["membre"] == "tout_a_fait"
    by_collaboration = member.groupby(r["collaboration"], observed=True).mean()
    assert by_collaboration.is_monotonic_increasing  # aucune < … < hebdomadaires
    knows = r["niveau_connaissance"].isin(["suffisante", "tres_bonne"])
    assert member[knows].mean() > member[~knows].mean() + 0.2
    used = r["kit_recu"] == "recu_utilise"
    assert member[used].mean() > member[~used].mean() + 0.2
    matinales = r["initiatives__matinales"].astype(bool)
    assert member[matinales].mean() > member[~matinales].mean() + 0.2
    # Those the kit and the Matinales did not reach are not more often members than in 2025.
    assert member[~used & ~matinales].mean() < 0.25
    # Wanting the kit: mostly those who did not get it.
    wants = r["kit"] == "oui"
    assert r.loc[wants, "kit_recu"].isin(["non_recu", "ne_sait_pas"]).mean() > 0.8
    for question in ("membre", "collaboration", "niveau_connaissance", "kit_recu"):
        table = pd.crosstab(r["departement"], r[question])
        assert chi2_contingency(table).pvalue > 0.05, question  # no département effect


def test_contacts_are_apart(result):
    assert not {"email_entretien", "email_kit"} & set(result.responses.columns)
    assert result.contacts["email_entretien"].notna().sum() == 40
    assert result.contacts["email_kit"].notna().sum() == 110
    planted = yaml.safe_load(PLANTED_EXPORT.read_text(encoding="utf-8"))
    assert set(result.contacts.stack()) == set(planted["emails"])


def test_planted_free_text_is_listed_and_present(responses):
    planted = yaml.safe_load(PLANTED_EXPORT.read_text(encoding="utf-8"))
    assert set(planted) == {"emails", "free_text"}
    text = " ".join(responses[["suggestions_outils", "attentes"]].stack().astype(str))
    assert len(planted["free_text"]) >= 10
    assert all(item in text for item in planted["free_text"])
    assert any("@" in item for item in planted["free_text"])
    assert any(re.search(r"\d\d[ .]\d\d[ .]\d\d", item) for item in planted["free_text"])


def test_free_text_fits_the_answers(responses):
    """Texts with conditions went to respondents whose answers fit them."""
    r = responses
    drome = r["attentes"].fillna("").str.contains("Matinale de la Drôme")
    assert drome.sum() == 1 and (r.loc[drome, "departement"] == "drome").all()
    not_received = r["attentes"].fillna("").str.contains("jamais reçu le kit")
    assert (r.loc[not_received, "kit_recu"] == "non_recu").all()
    assert r.loc[r["mission_autre"].notna(), "mission"].eq("autre").all()
    assert r.loc[r["ressources_autres"].notna(), "ressources_via__autres"].all()
    assert r.loc[r["initiatives_autre"].notna(), "initiatives__autre"].all()


def test_export_builder_rebuilds_the_committed_files(tmp_path, wave):
    builder = load_builder("build_export_2026")
    first = builder.write(tmp_path / "a" / "export.tsv", tmp_path / "a" / "planted.yaml")
    second = builder.write(tmp_path / "b" / "export.tsv", tmp_path / "b" / "planted.yaml")
    shipped = [wave.export_paths[0], PLANTED_EXPORT]
    for a, b, committed in zip(first, second, shipped, strict=True):
        assert a.read_bytes() == b.read_bytes() == committed.read_bytes(), committed.name


# ---------------------------------------------------------------------------- interviews


def source(interview_id: str) -> tuple[dict, tuple[Turn, ...]]:
    return read_source(interview_id, SRC)


def generated(interview_id: str) -> Path:
    meta, _ = source(interview_id)
    return FOLDER / "entretiens" / f"{interview_id}{SUFFIX[meta['format']]}"


def interviewee_words(interview_id: str) -> list[str]:
    _, turns = source(interview_id)
    return " ".join(t.text for t in turns if t.speaker == "P").split()


def assignments() -> dict[str, dict]:
    rows = {}
    for line in (SRC / "ASSIGNMENTS.md").read_text(encoding="utf-8").splitlines():
        if re.match(r"\| F\d\d ", line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            keys = ["id", "name", "structure", "departement", "mission", "anciennete"]
            row = dict(zip([*keys, "belonging", "keywords", "format"], cells, strict=True))
            row["keywords"] = [k.strip() for k in row["keywords"].split(";")]
            rows[row["id"]] = row
    return rows


def read_csv(name: str) -> list[dict]:
    with open(FOLDER / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_source_has_one_transcript():
    assert len(IDS) == 12 and sorted(assignments()) == IDS
    made = sorted(p.name for p in (FOLDER / "entretiens").iterdir())
    assert made == sorted(generated(i).name for i in IDS)
    assert Counter(generated(i).suffix for i in IDS) == {".vtt": 9, ".docx": 2, ".txt": 1}


@pytest.mark.parametrize("interview_id", IDS)
def test_transcript_reads_with_the_right_roles(interview_id):
    """survey.ingest reads every file, gives each speaker the right role, keeps every word."""
    meta, _ = source(interview_id)
    turns = read_transcript(generated(interview_id), interviewers=INTERVIEWERS)
    roles = turns.groupby("speaker")["role"].unique().map(list).to_dict()
    assert len(roles) == 2
    by_role = {role[0]: speaker for speaker, role in roles.items()}
    assert by_role["interviewer"].casefold() == meta["interviewer"].casefold()
    assert by_role["interviewee"].casefold() == meta["name"].casefold()
    said = turns.loc[turns["role"] == "interviewee", "text"]
    assert " ".join(said).split() == interviewee_words(interview_id)
    # Without the names of the wave's interviewers, roles still come out right.
    alone = read_transcript(generated(interview_id))
    assert alone.groupby("speaker")["role"].first().to_dict() == {
        speaker: role[0] for speaker, role in roles.items()
    }


@pytest.mark.parametrize("interview_id", IDS)
def test_transcript_follows_its_format(interview_id):
    """A strict reading of each layout (the parsers of the 2025 tests)."""
    meta, turns = source(interview_id)
    path = generated(interview_id)
    if path.suffix == ".vtt":
        speech = vtt_speech(parse_vtt(path))
        assert {s for s, _ in speech} == {meta["name"], meta["interviewer"]}
        said = [text for speaker, text in speech if speaker == meta["name"]]
        assert " ".join(said).split() == interviewee_words(interview_id)
    elif path.suffix == ".docx":
        header, paragraphs, trailer = docx_turns(path)
        assert len(paragraphs) == expected_paragraphs(turns)
        assert len(header) == 4 and len(trailer) == 1
        assert re.fullmatch(r"\d{1,2} \w+ 2026, \d\d:\d\d(AM|PM|am|pm)", header[1])
    else:
        text = path.read_text(encoding="utf-8")
        day = str(meta["date"])
        assert text.startswith(f"Entretien SPRO 2026 – {interview_id} – notes de Léa Monteil")
        assert f"{day[8:10]}/{day[5:7]}/{day[:4]}" in text.splitlines()[1]
        answers = [line for line in text.splitlines() if line.startswith("R : ")]
        assert " ".join(a[4:] for a in answers).split() == interviewee_words(interview_id)


def test_formats_vary_as_real_files_do():
    vtts = [i for i in IDS if generated(i).suffix == ".vtt"]
    raw = {i: generated(i).read_text(encoding="utf-8") for i in vtts}
    cues = {i: parse_vtt(generated(i)) for i in vtts}
    entities = {i for i, text in raw.items() if re.search(r"<v [^>]*&#\d+;", text)}
    no_ids = {i for i, cs in cues.items() if cs[0].identifier is None}
    short = {i for i, text in raw.items() if re.search(r"^\d:\d{1,2}:\d{1,2}\.\d+ ", text, re.M)}
    untagged = {i for i, cs in cues.items() if any(c.speaker is None for c in cs)}
    assert entities and no_ids and short and untagged and short <= no_ids
    assert len(entities | no_ids | short | untagged) < len(vtts) / 2
    titles = [docx_turns(generated(i))[0][0] for i in IDS if generated(i).suffix == ".docx"]
    assert sum(t.endswith("Meeting Transcript") for t in titles) == 1


def test_interview_tables(wave):
    turns = read_interviews(wave.path(wave.spec.interviews), interviewers=INTERVIEWERS)
    profiles = read_profiles(wave.path(wave.spec.profiles))
    grid = read_grid(wave.path(wave.spec.grid))
    check_interviews(turns, profiles, grid)
    assert sorted(turns["interview_id"].unique()) == IDS
    expected = assignments()
    for row in read_csv("profils.csv"):
        want = expected[row["interview_id"]]
        assert row["nom"] == want["name"]
        for key in ("structure", "departement", "mission", "anciennete", "format"):
            assert row[key] == want[key], (row["interview_id"], key)
        odd = int(row["interview_id"][1:]) % 2
        assert row["interviewer"] == ("Sophie AUBERTIN" if odd else "Léa MONTEIL")
        assert "2026-06-01" <= row["date"] <= "2026-06-30"
    reference = read_csv("reference_entretiens.csv")
    assert [r["interview_id"] for r in reference] == IDS
    assert Counter(r["belonging"] for r in reference) == {
        "none": 2, "partial": 3, "clear": 5, "progressive": 2,
    }  # fmt: skip
    assert len({r["departement"] for r in reference}) == 12
    sheet = openpyxl.load_workbook(FOLDER / "grille.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == IDS
    for row in rows[1:]:
        meta, _ = source(row[0])
        notes = " ".join(str(v) for v in row).casefold()
        assert meta["name"].casefold() not in notes


def test_planted_personal_data_is_listed_and_present():
    planted = yaml.safe_load(PLANTED_INTERVIEWS.read_text(encoding="utf-8"))
    assert set(planted) == {"names", "emails", "phones", "places"}
    names = set(planted["names"])
    for interview_id in IDS:
        meta, _ = source(interview_id)
        for full in (meta["name"], meta["interviewer"]):
            words = full.split()
            assert {full, words[0], words[-1]} <= names
        assert set(meta["people_named"]) <= names
        assert set(meta["phones_said"]) <= set(planted["phones"])
    assert planted["phones"]
    turns = read_interviews(FOLDER / "entretiens", interviewers=INTERVIEWERS)
    text = " ".join([*turns["text"], *turns["speaker"], (FOLDER / "profils.csv").read_text()])
    text = " ".join(text.split()).casefold()
    missing = [v for key in ("emails", "phones") for v in planted[key] if v.casefold() not in text]
    assert not missing


def test_interview_builder_rebuilds_the_committed_files(tmp_path):
    builder = load_builder("build_interviews")
    settings = builder.SPRO_2026
    first = builder.build(SRC, tmp_path / "a", tmp_path / "a" / "planted.yaml", wave=settings)
    second = builder.build(SRC, tmp_path / "b", tmp_path / "b" / "planted.yaml", wave=settings)
    relative = [p.relative_to(tmp_path / "a") for p in first]
    assert relative == [p.relative_to(tmp_path / "b") for p in second]
    for rel in relative:
        fresh, again = tmp_path / "a" / rel, tmp_path / "b" / rel
        assert fresh.read_bytes() == again.read_bytes(), rel
        shipped = PLANTED_INTERVIEWS if rel.name == "planted.yaml" else FOLDER / rel
        if fresh.suffix in (".docx", ".xlsx"):  # another zlib may compress otherwise
            assert zip_entries(fresh) == zip_entries(shipped), rel
        else:
            assert fresh.read_bytes() == shipped.read_bytes(), rel


# -------------------------------------------------------------------------------- review


def test_belonging_comes_from_the_validated_review(coding):
    values = coding.dimension("appartenance").value_counts().to_dict()
    assert values == {"aucune": 2, "partielle": 3, "claire": 5, "progressive": 2}
    reference = pd.read_csv(FOLDER / "reference_entretiens.csv", index_col="interview_id")
    category = {"none": "aucune", "partial": "partielle", "clear": "claire"}
    expected = reference["belonging"].map(lambda v: category.get(v, v)).to_dict()
    assert coding.dimension("appartenance").to_dict() == expected
    summary = coding.review.summary()
    assert summary["unreviewed"] == 0 and summary["accepted"] > 500
    assert set(coding.validated["code"]) <= set(coding.frame.codes)
    assert {"levier_kit", "outil_annuaire_resopro"} <= set(coding.validated["code"])


def test_review_builder_rebuilds_the_committed_file(tmp_path):
    builder = load_builder("build_review")
    fresh = builder.build(tmp_path / "revue_codage.xlsx", FOLDER)
    assert zip_entries(fresh) == zip_entries(FOLDER / "revue" / "revue_codage.xlsx")


# -------------------------------------------------------------------- wave and commentary


def placeholders(wave) -> dict[str, str]:
    """Every placeholder the report fills for this wave (survey.report.context.figures)."""
    questionnaire = wave.questionnaire()
    keys = {"n:repondants", "n:volontaires", "n:contactes", "n:entretiens"}
    keys |= {"n:departements_entretiens", "periode"}
    for q in questionnaire.questions:
        if q.is_choice:
            for code in [*q.codes, *(net.code for net in q.nets)]:
                keys |= {f"pct:{q.id}.{code}", f"n:{q.id}.{code}"}
    for derived in questionnaire.derived:
        keys |= {f"n:{derived.id}.{code}" for code in derived.codes}
    for value in wave.coding_frame().dimension("appartenance").values:
        keys.add(f"n:appartenance.{value}")
    return dict.fromkeys(keys, "x")


def test_wave_description(wave):
    spec = wave.spec
    assert (spec.questionnaire, spec.coding_frame, spec.year) == ("spro-2026", "spro-2026", 2026)
    assert spec.interviewers == INTERVIEWERS and spec.volunteers_contacted == 20
    assert (str(spec.collection.start), str(spec.collection.end)) == ("2026-03-30", "2026-05-15")
    first = load_wave("spro-2025").spec
    assert spec.margins == first.margins
    for relative in (spec.review, spec.interviews, spec.profiles, spec.grid, spec.commentary):
        assert wave.path(relative).exists(), relative


def test_commentary_has_every_section_and_placeholder(wave):
    commentary = Commentary(wave.path(wave.spec.commentary), placeholders(wave))
    first = Commentary(load_wave("spro-2025").path("commentaire.md"), {})
    assert list(commentary.sections) == list(first.sections)
    used = set()
    for notebook in ("rapport.ipynb", "synthese.ipynb"):
        cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            used |= set(re.findall(r'rapport\.(?:text|retain)\("(\w+)"\)', "".join(cell["source"])))
    assert used and used <= set(commentary.sections)
    for section in commentary.sections:
        text = commentary.markdown(section)  # raises on an unknown placeholder
        assert text and not re.search(r"\d+ ?%", text), section  # figures are placeholders
