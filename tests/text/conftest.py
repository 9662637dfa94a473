"""Fixtures for the text tests: the real French model (loaded once), a private cache, turns.

Every test runs with ``SURVEY_CACHE`` pointing to a temporary folder, so that nothing is
written to the user's cache; the folder lives as long as the text tests, so that the 24
example interviews are parsed once.

Texts are redacted by a redactor that knows the people and towns of the example wave, as a
wave's redactor does, without the named-entity recogniser (fast, the same on every run);
tests that need the general redactor ask for ``general_redactor``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import yaml

from survey import privacy
from survey.text.nlp import load_nlp

ROOT = Path(__file__).resolve().parents[2]
INTERVIEWS = ROOT / "examples_src" / "spro-2025" / "interviews"
WAVE = ROOT / "survey" / "examples" / "spro-2025"
_TURN = re.compile(r"^([IP])\*?: (.*)$")


@pytest.fixture(scope="package", autouse=True)
def spacy_cache(tmp_path_factory) -> Iterator[Path]:
    """The cache of parsed documents of the text tests (also ``$SURVEY_CACHE``)."""
    folder = tmp_path_factory.mktemp("spacy-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SURVEY_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="package", autouse=True)
def wave_redactor():
    """A redactor with the names and towns of the 24 example interviews, without NER."""
    names, places = {"Sophie AUBERTIN", "Karim BELLOUTI"}, set()
    for path in sorted(INTERVIEWS.glob("E*.yaml")):
        sheet = yaml.safe_load(path.read_text(encoding="utf-8"))
        names |= {sheet["name"], *sheet.get("people_named", [])}
        places |= {sheet["profile"]["commune"], *sheet.get("places_named", [])}
    redactor = privacy.Redactor(names=sorted(names), places=sorted(places), use_ner=False)
    with privacy.use_redactor(redactor):
        yield redactor


@pytest.fixture
def general_redactor():
    """The general redactor (named-entity recogniser, first names), for one test."""
    with privacy.use_redactor(privacy.Redactor()) as redactor:
        yield redactor


@pytest.fixture
def redact_camille():
    """A redactor that only replaces "Camille" by the person tag."""
    with privacy.use_redactor(privacy.Redactor(names=["Camille"], use_ner=False)) as redactor:
        yield redactor


@pytest.fixture(scope="session")
def nlp():
    """The fr_core_news_sm pipeline with the default components, loaded once."""
    return load_nlp()


@pytest.fixture(scope="session")
def turns() -> pd.DataFrame:
    """The 24 example interviews as turns: ``interview_id, role, text``."""
    rows = []
    for path in sorted(INTERVIEWS.glob("E*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _TURN.match(line)
            if match:
                role = "interviewer" if match.group(1) == "I" else "interviewee"
                rows.append((path.stem, role, match.group(2)))
    return pd.DataFrame(rows, columns=["interview_id", "role", "text"])


@pytest.fixture(scope="session")
def grid() -> pd.DataFrame:
    """The interviewers' grid of the example wave (one row per interview)."""
    return pd.read_excel(WAVE / "grille.xlsx")


@pytest.fixture(scope="session")
def reference() -> pd.DataFrame:
    """The reference sheet: canonical keywords ``keyword_1..3`` per interview."""
    return pd.read_csv(WAVE / "reference_entretiens.csv").set_index("interview_id")


@pytest.fixture(scope="session")
def spro_synonyms() -> dict[str, str]:
    """Synonyms of the "SPRO en 3 mots clés" keywords, as a coding frame would give them."""
    return {
        "neutre": "neutralité",
        "gratuit": "gratuité",
        "proche": "proximité",
        "je connais pas": "ne connaît pas",
        "je ne le connais pas": "ne connaît pas",
    }
