"""Versions of the questionnaire and of the coding frame, and their correspondences.

A new wave needs no code change: its questionnaire (``questionnaires/spro-2026.yaml``) and
its coding frame come with a correspondence to the previous version
(``questionnaires/spro-2026.mapping.yaml``, ``coding_frames/spro-2026.mapping.yaml``; the
format is in the French READMEs of those folders, « Versions et correspondances »).

Public API
----------
questionnaire_diff, question_correspondence
    The changes between two questionnaires (one row per change), and the categories on
    which each choice question compares.
coding_frame_diff, code_correspondence
    The same for two coding frames (codes added, merged, retired, renamed…).
current_codes
    Codes of an earlier frame as a later frame names them (merged → successor).
load_questionnaire_mapping, load_coding_frame_mapping
    Read a correspondence file (a path or a bundled name such as ``"spro-2026"``).
resolve_questionnaire_mapping, resolve_coding_frame_mapping
    The correspondence found automatically for two versions, checked against them.
QuestionnaireMapping, QuestionLink, CodingFrameMapping
    What the loaders return.
QUESTIONNAIRE_CHANGES, CODING_FRAME_CHANGES, CODE_STATUSES, QUESTION_TYPES
    French wording of the codes used in the tables.
"""

from survey.versions._mapping import (
    CodingFrameMapping,
    QuestionLink,
    QuestionnaireMapping,
    load_coding_frame_mapping,
    load_questionnaire_mapping,
)
from survey.versions.coding_frames import (
    CODE_STATUSES,
    CODING_FRAME_CHANGES,
    code_correspondence,
    coding_frame_diff,
    current_codes,
    resolve_coding_frame_mapping,
)
from survey.versions.questionnaires import (
    QUESTION_TYPES,
    QUESTIONNAIRE_CHANGES,
    question_correspondence,
    questionnaire_diff,
    resolve_questionnaire_mapping,
)

__all__ = [
    "CODE_STATUSES",
    "CODING_FRAME_CHANGES",
    "QUESTIONNAIRE_CHANGES",
    "QUESTION_TYPES",
    "CodingFrameMapping",
    "QuestionLink",
    "QuestionnaireMapping",
    "code_correspondence",
    "coding_frame_diff",
    "current_codes",
    "load_coding_frame_mapping",
    "load_questionnaire_mapping",
    "question_correspondence",
    "questionnaire_diff",
    "resolve_coding_frame_mapping",
    "resolve_questionnaire_mapping",
]
