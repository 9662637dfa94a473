"""Fixtures for the statistics tests: the real questionnaire and small hand-built responses."""

from __future__ import annotations

import pandas as pd
import pytest
from stats_helpers import MEMBRE, categorical

from survey.questionnaire import load_questionnaire


@pytest.fixture(scope="session")
def spro():
    """The real questionnaire of the 2025 SPRO survey."""
    return load_questionnaire("spro-2025")


@pytest.fixture
def ten():
    """Ten respondents of the SPRO questionnaire, built by hand.

    ============  =============  ===================  ========================  ========  ====
    respondent    collaboration  niveau_connaissance  membre (ticked)           cercle    kit
    ============  =============  ===================  ========================  ========  ====
    1             aucune         aucune               pas_du_tout               cercle_1  oui
    2             quelques       limitee              moyennement               cercle_2  non
    3             quelques       suffisante           moyennement, tout_a_fait  cercle_2  oui
    4             regulieres     suffisante           tout_a_fait               cercle_3  oui
    5             —              tres_bonne           —                         cercle_1  —
    6             quelques       limitee              moyennement               cercle_2  oui
    7             regulieres     suffisante           pas_du_tout, moyennement  cercle_3  non
    8             aucune         —                    tout_a_fait               cercle_1  oui
    9             quelques       tres_bonne           —                         cercle_3  oui
    10            —              suffisante           moyennement               cercle_2  oui
    ============  =============  ===================  ========================  ========  ====
    """
    na = None
    frame = pd.DataFrame(
        {
            "collaboration": categorical(
                ["aucune", "quelques", "quelques", "regulieres", na, "quelques",
                 "regulieres", "aucune", "quelques", na],
                ["aucune", "quelques", "regulieres"],
            ),
            "niveau_connaissance": categorical(
                ["aucune", "limitee", "suffisante", "suffisante", "tres_bonne", "limitee",
                 "suffisante", na, "tres_bonne", "suffisante"],
                ["aucune", "limitee", "suffisante", "tres_bonne"],
            ),
            "cercle": categorical(
                ["cercle_1", "cercle_2", "cercle_2", "cercle_3", "cercle_1", "cercle_2",
                 "cercle_3", "cercle_1", "cercle_3", "cercle_2"],
                ["cercle_1", "cercle_2", "cercle_3"],
            ),
            "kit": categorical(
                ["oui", "non", "oui", "oui", na, "oui", "non", "oui", "oui", "oui"],
                ["oui", "non"],
            ),
        },
        index=pd.RangeIndex(1, 11, name="respondent"),
    )  # fmt: skip
    ticks = {
        1: ["pas_du_tout"],
        2: ["moyennement"],
        3: ["moyennement", "tout_a_fait"],
        4: ["tout_a_fait"],
        5: [],
        6: ["moyennement"],
        7: ["pas_du_tout", "moyennement"],
        8: ["tout_a_fait"],
        9: [],
        10: ["moyennement"],
    }
    for code in MEMBRE:
        frame[f"membre__{code}"] = pd.array(
            [(code in t) if t else pd.NA for t in ticks.values()], dtype="boolean"
        )
    return frame
