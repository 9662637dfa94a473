import os
from pathlib import Path

import pytest
from hypothesis import settings

from survey import load_questionnaire

# Same examples on every run (the suite is deterministic); explore more with
# HYPOTHESIS_PROFILE=explore.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """The cache (``$SURVEY_CACHE``: parsed texts, report results) of the whole session: a
    temporary folder, empty at the start, so that the user's cache is never read nor
    written and the first report of the session is a cold run."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("cache")
        patch.setenv("SURVEY_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def sample_questionnaire():
    """The fictional form of the two Framaforms samples."""
    return load_questionnaire(DATA / "sample_form" / "questionnaire.yaml")


@pytest.fixture(scope="session")
def spro_questionnaire():
    return load_questionnaire("spro-2025")


@pytest.fixture(scope="session")
def tricky_questionnaire():
    """A form with commas and quotes in labels and repeated labels."""
    return load_questionnaire(DATA / "tricky_form" / "questionnaire.yaml")


@pytest.fixture(scope="session")
def rendered_report(tmp_path_factory):
    """The example wave's report, rendered once per session (notebooks run by a real kernel)."""
    from survey.report import render_report

    return render_report(None, tmp_path_factory.mktemp("reports"), progress=False)
