"""The 2025 example wave, read by the toolkit, gives every figure the study published (seed 002).

Figures are checked on the toolkit's own reading of export.tsv, rounded to whole percents as
the report does; the study's text is quoted beside each one.
"""

import pandas as pd
import pytest

from survey import read_framaforms
from survey.wave import load_wave


@pytest.fixture(scope="module")
def wave():
    return load_wave()  # the bundled example, as `survey report` uses it


@pytest.fixture(scope="module")
def result(wave):
    return read_framaforms(wave.export_paths, wave.questionnaire())


def pct(share: float) -> int:
    return round(100 * share)


def test_rows_are_accounted_for(result):
    acc = result.accounting
    assert acc.kept == 235  # "235 professionnels de terrain ont ainsi répondu"
    assert acc.duplicates == 1
    assert acc.drafts >= 3
    assert acc.rows_read == acc.kept + acc.drafts + acc.duplicates


def test_published_figures(result):
    r = result.responses
    assert r["entendu_parler"].notna().all() and r["collaboration"].notna().all()
    # "8% des professionnels n'ont pas entendu parler du SPRO ou ne le connaissent pas"
    assert pct((r["entendu_parler"] == "non").mean()) == 8
    # "19% pensent que le SPRO est en charge d'accueillir seulement les publics cibles"
    assert pct((r["objet_spro"] == "publics_cibles").mean()) == 19
    # "une petite majorité (58%) se déclarent suffisamment voire très bien outillés"
    assert pct(r["outille"].isin(["plutot_suffisamment", "tres_bien"]).mean()) == 58
    # "75% des professionnels répondant ont moyennement ou pas le sentiment d'appartenance"
    membre = r.filter(like="membre__")
    assert membre.notna().all().all() and (membre.sum(axis=1) == 1).all()
    assert pct((r["membre__moyennement"] | r["membre__pas_du_tout"]).mean()) == 75
    # "52 % ... quelques collaborations", "30 % ... régulières", "17 % n'ont aucune"
    assert r["collaboration"].value_counts().to_dict() == {
        "quelques": 123,
        "regulieres": 71,
        "aucune": 41,
    }
    shares = r["collaboration"].value_counts(normalize=True)
    assert [pct(shares[k]) for k in ("quelques", "regulieres", "aucune")] == [52, 30, 17]
    # "61 % se déclarent intéressés par la réception d'un kit SPRO (soit 144 personnes sur 235)"
    assert (r["kit"] == "oui").sum() == 144 and pct((r["kit"] == "oui").mean()) == 61
    # "51 se sont portées volontaires pour un entretien individuel"
    assert (r["volontaire_entretien"] == "oui").sum() == 51


def test_respondents_profile(result):
    r = result.responses
    shares = r["structure"].value_counts(normalize=True)
    for network in ("cio", "cap_emploi", "mission_locale", "scuio", "information_jeunesse"):
        assert 0.10 <= shares[network] <= 0.18, network
    assert {"cci", "cma", "chambre_agriculture", "mife", "cidff"} <= set(shares[shares > 0].index)
    assert shares.get("france_travail", 0) + shares.get("apec", 0) < 0.01
    assert 0.70 <= (r["mission"] == "accompagnement_conseil").mean() <= 0.80
    departements = r["departement"].value_counts()
    assert (departements > 0).all() and len(departements) == 12
    assert set(departements.index[:2]) == {"rhone", "isere"}


def test_relations_between_answers(result):
    r = result.responses
    never = r[r["entendu_parler"] == "non"]
    assert never["niveau_connaissance"].isin(["aucune", "limitee"]).all()
    belong = pd.crosstab(r["collaboration"], r["membre__tout_a_fait"], normalize="index")[True]
    assert belong["aucune"] < belong["quelques"] < belong["regulieres"]
    knows = r["niveau_connaissance"].isin(["suffisante", "tres_bonne"])
    assert r.loc[knows, "membre__tout_a_fait"].mean() > r.loc[~knows, "membre__tout_a_fait"].mean()


def test_contacts_are_apart(result):
    assert not {"email_entretien", "email_kit"} & set(result.responses.columns)
    assert result.contacts["email_entretien"].notna().sum() == 51
    assert result.contacts["email_kit"].notna().sum() == 144
    text = result.responses.select_dtypes(include=["string", "object"]).astype(str)
    emails = set(result.contacts.stack())
    assert not any(e in cell for e in emails for cell in text.to_numpy().ravel())


def test_export_is_an_untouched_framaforms_download(wave, result):
    source = result.accounting.sources[0]
    assert (source.container, source.delimiter, source.encoding) == (
        "delimited",
        "tabulation",
        "utf-8",
    )
    assert (source.header_rows, source.header_mode, source.multiple_format) == (
        3,
        "label",
        "separate",
    )
    raw = wave.export_paths[0].read_bytes()
    assert raw.startswith(b'"Enqu') and raw.endswith(b'"\n') and b'\r\n"' not in raw[:2000]


def test_generator_rebuilds_the_committed_export(tmp_path, wave):
    """examples_src/build_export.py is seeded: it rebuilds export.tsv byte for byte."""
    import importlib.util

    from survey.ingest.framaforms_writer import ExportSettings, write_export

    script = wave.folder.parents[2] / "examples_src" / "build_export.py"
    spec = importlib.util.spec_from_file_location("build_export", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    subs, _ = module.build()
    rebuilt = write_export(tmp_path / "export.tsv", wave.questionnaire(), subs, ExportSettings())
    assert rebuilt.read_bytes() == wave.export_paths[0].read_bytes()
