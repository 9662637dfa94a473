"""The report and the summary in a real headless Chromium: no broken image, no console
error, no request leaving the machine, no serious accessibility violation (axe-core), and
the summary prints on at most four A4 pages."""

import pytest

from tests.browser.browser import check_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("page", ["report", "summary"])
def test_page_in_browser(rendered_report, page, tmp_path):
    path = getattr(rendered_report, page)
    result = check_page(path, screenshot=tmp_path / "page.png", pdf=tmp_path / "page.pdf")
    assert result["lang"] == "fr"
    assert result["requests_blocked"] == []
    assert result["console_errors"] == [] and result["page_errors"] == []
    assert result["broken_images"] == [] and result["images_without_alt"] == []
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert (tmp_path / "page.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if page == "summary":
        assert result["pdf_pages"] <= 4
