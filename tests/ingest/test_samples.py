"""The two samples of shared/samples read as framaforms_samples.md documents them."""

import pandas as pd
import pytest

from survey import read_framaforms


@pytest.fixture(
    scope="module", params=["framaforms_labels_separate.csv", "framaforms_keys_compact.tsv"]
)
def result(request, data_dir, sample_questionnaire):
    return read_framaforms(data_dir / request.param, sample_questionnaire)


def test_rows_are_accounted_for(result):
    acc = result.accounting
    assert (acc.rows_read, acc.drafts, acc.duplicates, acc.kept) == (5, 1, 0, 4)
    assert acc.excluded[["row", "serial", "reason"]].values.tolist() == [[7, 4, "draft"]]


def test_single_choices_are_ordered_codes(result):
    r = result.responses
    assert list(r.index) == [1, 2, 3, 5]
    assert r["type_structure"].tolist() == [
        "lycee_pro",
        "mission_locale",
        "association",
        "lycee_gt",
    ]
    assert r["departement"].tolist() == ["finistere", "ille_et_vilaine", "morbihan", "finistere"]
    assert r["connaissance"].cat.ordered
    assert list(r["connaissance"].cat.categories) == [
        "ne_connait_pas",
        "entendu_parler",
        "connait_bien",
    ]


def test_multiple_choice_is_one_boolean_per_option(result):
    r = result.responses
    assert r.loc[1, ["ressources__site_region", "ressources__plateforme"]].tolist() == [True, True]
    assert r.loc[1, "ressources__salon"] is False or not r.loc[1, "ressources__salon"]
    assert r.loc[2].filter(like="ressources__").astype(bool).tolist() == [
        True,
        True,
        False,
        False,
        True,
        False,
    ]
    assert r.loc[3].filter(like="ressources__").astype(bool).tolist() == [False] * 5 + [True]
    assert r.loc[5].filter(like="ressources__").astype(bool).all()
    assert str(r["ressources__salon"].dtype) == "boolean"


def test_text_keeps_line_breaks_and_quotes(result):
    r = result.responses
    assert r.loc[1, "commentaire"] == (
        "Service utile, mais peu connu des familles.\n"
        'Une élève m\'a dit : "je ne savais pas que ça existait".'
    )
    assert r.loc[5, "commentaire"].endswith('"Continuez !"')
    assert pd.isna(r.loc[2, "commentaire"])
    assert r.loc[3, "ressources_autre"] == "Bouche-à-oreille, réseaux sociaux"


def test_times_and_contacts(result):
    r = result.responses
    assert r.loc[3, "submitted"] == pd.Timestamp("2024-03-05 16:03")
    assert r.loc[3, "modified"] == pd.Timestamp("2024-03-06 08:30")
    assert "courriel" not in r.columns
    assert result.contacts["courriel"].to_dict() == {
        1: "c.le-goff@example.fr",
        2: "orientation.rennes@example.org",
        3: "contact@asso-exemple.example",
        5: "j.morvan@example.net",
    }


def test_anonymised_columns_are_set_aside(result):
    assert len(result.accounting.set_aside) == 4
    assert not {"ip_address", "uid", "username", "draft"} & set(result.responses.columns)
