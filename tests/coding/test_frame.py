"""The bundled coding frame spro-2025: it loads, handles negation, rejects broken frames
with a precise message, and proposes the belonging of the 24 example interviews."""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
import yaml

from survey.coding import (
    CodingFrameError,
    answer_segments,
    autocode,
    load_coding_frame,
    propose_dimension,
    segments,
)
from survey.coding.autocode import fold, is_negated

ROOT = Path(__file__).resolve().parents[2]
FRAME = ROOT / "coding_frames" / "spro-2025.yaml"
SRC = ROOT / "examples_src" / "spro-2025"
BELONGING = {
    "none": "aucune",
    "partial": "partielle",
    "clear": "claire",
    "progressive": "progressive",
}
DIMENSION_CODES = {
    "appartenance_aucune": "aucune",
    "appartenance_partielle": "partielle",
    "appartenance_claire": "claire",
    "appartenance_progressive": "progressive",
}
PREFIX = re.compile(r"^([IP])\*?:\s*")


@pytest.fixture(scope="module")
def frame():
    return load_coding_frame("spro-2025")


# ----------------------------------------------------------------------------- the frame


def test_bundled_frame_loads_with_documented_codes(frame):
    assert frame.id == "spro-2025"
    assert [t.id for t in frame.themes] == [
        "connaissance", "appartenance", "collaboration", "outils", "propositions", "ideal",
    ]  # fmt: skip
    assert 35 <= len(frame.codes) <= 50
    for code in frame.codes.values():
        assert code.label and code.definition and code.include and code.example, code.id
        assert code.exclude is not None, code.id
        assert code.rules, code.id
        # no spaCy in this pass: phrases and patterns only
        assert not any(rule.lemmas for rule in code.rules), code.id
    table = frame.table()
    assert len(table) == len(frame.codes) and table["code"].is_unique


def test_belonging_dimension_follows_the_study_table(frame):
    dim = frame.dimension("appartenance")
    assert list(dim.values) == ["aucune", "partielle", "claire", "progressive"]
    assert dim.values["aucune"] == "Pas de sentiment d'appartenance"
    assert dim.values["partielle"].startswith("Appartenance floue, partielle")
    assert dim.proposed_from == DIMENSION_CODES


def test_vocabulary_for_word_counts_and_keywords(frame):
    expressions = [
        "orientation pour tous",
        "ne connaît pas",
        "Via Compétences",
        "sentiment d'appartenance",
        "tout au long de la vie",
        "RDV Compétences",
    ]
    assert set(expressions) <= set(frame.expressions)
    synonyms = frame.synonyms
    assert synonyms["neutre"] == "neutralité"
    assert synonyms["gratuit"] == "gratuité"
    assert synonyms["proche"] == "proximité"
    for said in ["je connais pas", "je ne connais pas", "ne le connaît pas"]:
        assert synonyms[said] == "ne connaît pas"
    assert synonyms["accompagner"] == "accompagnement"
    assert synonyms["informations"] == synonyms["informer"] == "information"


def test_keywords_said_in_examples_normalise_to_the_reference(frame):
    sheets = sorted((SRC / "interviews").glob("E*.yaml"))
    if not sheets:
        pytest.skip("examples_src is not available")
    for sheet in sheets:
        ref = yaml.safe_load(sheet.read_text(encoding="utf-8"))
        said = [k.strip().lower() for k in ref["keywords_said"]]
        assert [frame.synonyms.get(k, k) for k in said] == ref["keywords"], ref["id"]


# ------------------------------------------------------------------------------ negation


def _codes(frame, text: str) -> set[str]:
    turns = pd.DataFrame(
        [("T01", 1, "interviewee", text)], columns=["interview_id", "turn", "role", "text"]
    )
    return set(autocode(segments(turns), frame)["code"])


@pytest.mark.parametrize(
    ("sentence", "expected", "absent"),
    [
        ("Pas de sentiment d'appartenance, non.", "appartenance_aucune", "appartenance_claire"),
        ("Là j'ai un vrai sentiment d'appartenance", "appartenance_claire", "appartenance_aucune"),
        ("je ne me sens pas membre du SPRO", "appartenance_aucune", "appartenance_claire"),
        (
            "Franchement, je me sens pas du tout membre.",
            "appartenance_aucune",
            "appartenance_claire",
        ),
        ("Je n'ai aucun sentiment d'appartenance.", "appartenance_aucune", "appartenance_claire"),
        ("Je me sens membre du réseau, vraiment.", "appartenance_claire", "appartenance_aucune"),
        ("Je ne fais pas partie du SPRO, je crois.", "appartenance_aucune", "appartenance_claire"),
        (
            "au début non, mais maintenant oui je me sens membre",
            "appartenance_progressive",
            "appartenance_claire",
        ),
        (
            "au début non, mais maintenant oui je me sens membre",
            "appartenance_progressive",
            "appartenance_aucune",
        ),
        (
            "Oui et non : ma structure en fait partie, pas moi.",
            "appartenance_partielle",
            "appartenance_claire",
        ),
        (
            "Je me sens pas vraiment dedans, c'est plutôt ma structure.",
            "appartenance_partielle",
            "appartenance_claire",
        ),
        # the negation sits in another clause: the feeling is not negated
        (
            "Je n'ai jamais pu aller aux Matinales, mais j'ai un vrai sentiment d'appartenance.",
            "appartenance_claire",
            "appartenance_aucune",
        ),
        (
            "Il ne se passe rien chez nous, mais je me sens membre du SPRO.",
            "appartenance_claire",
            "appartenance_aucune",
        ),
        (
            "Je me sens membre de la CMA, mais le SPRO, non.",
            "appartenance_aucune",
            "appartenance_claire",
        ),
    ],
)
def test_negation_sends_belonging_to_the_right_code(frame, sentence, expected, absent):
    codes = _codes(frame, sentence)
    assert expected in codes, codes
    assert absent not in codes, codes


def test_negation_is_looked_for_in_the_clause_only(frame):
    text = fold("Je ne connaissais pas le réseau, mais je me sens membre du SPRO.")
    start = text.index("me sens membre")
    assert not is_negated(text, start, start + len("me sens membre"), frame.negations)
    text = fold("Honnêtement je ne me sens pas membre du SPRO.")
    start = text.index("me sens")
    assert is_negated(text, start, start + len("me sens"), frame.negations)


def test_negated_evidence_is_flagged(frame):
    turns = pd.DataFrame(
        [("T01", 1, "interviewee", "Je n'ai pas de sentiment d'appartenance.")],
        columns=["interview_id", "turn", "role", "text"],
    )
    coded = autocode(segments(turns), frame)
    row = coded[coded["code"] == "appartenance_aucune"].iloc[0]
    assert bool(row["negated"]) and fold(row["evidence"]) == "sentiment d'appartenance"


def test_tools_are_coded_whether_used_or_missed(frame):
    assert "outil_resopro" in _codes(frame, "RésOpro, je ne l'ai jamais ouvert.")
    assert "outil_resopro" in _codes(frame, "Je poste sur Resopro chaque mois.")
    assert "outil_manque_annuaire" in _codes(frame, "Il nous faudrait un annuaire à jour.")


# -------------------------------------------------------------------------- broken frames


def _write(tmp_path, raw, name="broken.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def raw():
    return yaml.safe_load(FRAME.read_text(encoding="utf-8"))


def _code(raw, code_id):
    for theme in raw["themes"]:
        for code in theme["codes"]:
            if code["id"] == code_id:
                return code
    raise KeyError(code_id)


def test_duplicate_code_is_named(tmp_path, raw):
    raw["themes"][-1]["codes"].append(copy.deepcopy(_code(raw, "outil_resopro")))
    path = _write(tmp_path, raw, "doublon.yaml")
    with pytest.raises(CodingFrameError) as err:
        load_coding_frame(path)
    assert "doublon.yaml" in str(err.value)
    assert "outil_resopro" in str(err.value) and "double" in str(err.value)


def test_bad_regex_is_named_with_file_and_code(tmp_path, raw):
    _code(raw, "frein_isolement")["rules"][0]["patterns"].append("\\b(pas de lieu")
    path = _write(tmp_path, raw, "motif.yaml")
    with pytest.raises(CodingFrameError) as err:
        load_coding_frame(path)
    assert err.value.code == "frein_isolement"
    message = str(err.value)
    assert "motif.yaml" in message and "frein_isolement" in message and "invalide" in message


def test_unknown_field_is_named_with_file_and_code(tmp_path, raw):
    _code(raw, "appartenance_claire")["couleur"] = "vert"
    path = _write(tmp_path, raw, "champ.yaml")
    with pytest.raises(CodingFrameError) as err:
        load_coding_frame(path)
    assert err.value.code == "appartenance_claire"
    message = str(err.value)
    assert "champ.yaml" in message and "appartenance_claire" in message and "inconnu" in message


def test_dimension_with_unknown_code_is_rejected(tmp_path, raw):
    raw["dimensions"][0]["proposed_from"]["appartenance_floue"] = "partielle"
    with pytest.raises(CodingFrameError, match="appartenance_floue"):
        load_coding_frame(_write(tmp_path, raw))


# ----------------------------------------------------------------------- example interviews


@cache
def _example_turns() -> pd.DataFrame:
    rows = []
    for path in sorted((SRC / "interviews").glob("E*.txt")):
        paragraphs = path.read_text(encoding="utf-8").split("\n\n")
        for turn, paragraph in enumerate(paragraphs, start=1):
            match = PREFIX.match(paragraph.strip())
            if match:
                role = "interviewee" if match.group(1) == "P" else "interviewer"
                rows.append((path.stem, turn, role, paragraph.strip()[match.end() :]))
    return pd.DataFrame(rows, columns=["interview_id", "turn", "role", "text"])


def _example_answers() -> pd.DataFrame:
    answers = yaml.safe_load((SRC / "free_text.yaml").read_text(encoding="utf-8"))
    parts = [
        answer_segments(pd.Series(texts, index=range(1, len(texts) + 1)), question=question)
        for question, texts in answers.items()
        if question not in {"personal", "planted"}
    ]
    return pd.concat(parts, ignore_index=True)


@pytest.fixture(scope="module")
def examples(frame):
    if not (SRC / "interviews").is_dir():
        pytest.skip("examples_src is not available")
    segs = segments(_example_turns())
    return segs, autocode(segs, frame)


def test_proposed_belonging_agrees_with_the_reference(frame, examples):
    _, coded = examples
    reference = pd.Series(
        {
            path.stem: BELONGING[yaml.safe_load(path.read_text(encoding="utf-8"))["belonging"]]
            for path in sorted((SRC / "interviews").glob("E*.yaml"))
        },
        name="reference",
    )
    assert len(reference) == 24
    proposed = propose_dimension(coded, frame, "appartenance").reindex(reference.index)
    agree = int((proposed == reference).sum())
    confusion = pd.crosstab(reference, proposed.fillna("(aucune proposition)").rename("proposée"))
    assert agree >= 20, f"{agree}/24 concordants\n{confusion}"


def test_every_code_is_used_and_none_is_too_broad(frame, examples):
    segs, coded = examples
    answers = autocode(_example_answers(), frame, kind="answers")
    used = set(coded["code"]) | set(answers["code"])
    assert set(frame.codes) <= used, sorted(set(frame.codes) - used)
    share = coded.groupby("code")["segment_id"].nunique() / len(segs)
    assert share.max() <= 0.40, share.sort_values().tail()
