"""The comparison page (``survey compare``) in a real headless Chromium: no broken image,
no console error, no request leaving the machine, no serious accessibility violation."""

import pytest

from survey.report.render import render_comparison
from tests.browser.browser import check_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def comparison_page(tmp_path_factory):
    return render_comparison(
        None, None, tmp_path_factory.mktemp("comparaison"), progress=False
    ).page


def test_comparison_page_in_browser(comparison_page, tmp_path):
    result = check_page(comparison_page, screenshot=tmp_path / "page.png")
    assert result["lang"] == "fr"
    assert result["requests_blocked"] == []
    assert result["console_errors"] == [] and result["page_errors"] == []
    assert result["broken_images"] == [] and result["images_without_alt"] == []
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert (tmp_path / "page.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
