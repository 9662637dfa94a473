"""survey: a toolkit for professional perception studies (Framaforms + interviews)."""

from survey.errors import SurveyError
from survey.ingest import Accounting, FramaformsResult, read_framaforms
from survey.questionnaire import Questionnaire, load_questionnaire

__version__ = "0.1.0"

__all__ = [
    "Accounting",
    "FramaformsResult",
    "Questionnaire",
    "SurveyError",
    "__version__",
    "load_questionnaire",
    "read_framaforms",
]
