"""survey: a toolkit for professional perception studies (Framaforms + interviews)."""

from survey.errors import SurveyError
from survey.ingest import (
    Accounting,
    FramaformsResult,
    check_interviews,
    read_framaforms,
    read_grid,
    read_interviews,
    read_profiles,
    read_transcript,
)
from survey.questionnaire import Questionnaire, load_questionnaire

__version__ = "0.1.0"

__all__ = [
    "Accounting",
    "FramaformsResult",
    "Questionnaire",
    "SurveyError",
    "__version__",
    "check_interviews",
    "load_questionnaire",
    "read_framaforms",
    "read_grid",
    "read_interviews",
    "read_profiles",
    "read_transcript",
]
