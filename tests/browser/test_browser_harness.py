"""Tests of the browser harness itself, on small pages written for each test."""

import subprocess
from pathlib import Path

import pytest

from tests.browser.browser import (
    SETUP_SCRIPT,
    BrowserCheckError,
    SetupResult,
    check_page,
    require_ready,
    setup,
)

pytestmark = pytest.mark.browser

# A 1x1 PNG, inline: data: URLs never leave the machine and must not be blocked.
PIXEL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
    '<rect width="20" height="10"/></svg>'
)


def write_page(folder: Path, body: str, *, lang: str | None = "fr", head: str = "") -> Path:
    lang_attr = f' lang="{lang}"' if lang else ""
    html = (
        f'<!DOCTYPE html>\n<html{lang_attr}>\n<head>\n<meta charset="utf-8">\n'
        f"<title>Rapport d’essai</title>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
    path = folder / "page.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_clean_french_page_passes(tmp_path):
    (tmp_path / "figure.svg").write_text(SVG, encoding="utf-8")
    page = write_page(
        tmp_path,
        f"""<header><p>Étude de perception — vague 2025</p></header>
<main>
  <h1>Synthèse des résultats</h1>
  <p>Les répondants jugent la qualité « élevée » à 62 %.</p>
  <h2>Méthode</h2>
  <img src="{PIXEL}" alt="Point de couleur">
  <img src="figure.svg" alt="Barre noire">
  <table>
    <caption>Effectifs par groupe</caption>
    <thead><tr><th scope="col">Groupe</th><th scope="col">n</th></tr></thead>
    <tbody><tr><td>Cadres</td><td>41</td></tr></tbody>
  </table>
</main>""",
    )
    report = check_page(page)

    assert report["url"] == page.as_uri()
    assert report["title"] == "Rapport d’essai"
    assert report["lang"] == "fr"
    assert report["requests_blocked"] == []
    assert report["console_errors"] == []
    assert report["page_errors"] == []
    assert report["broken_images"] == []
    assert report["images_without_alt"] == []
    assert report["headings"] == [[1, "Synthèse des résultats"], [2, "Méthode"]]
    serious = [v for v in report["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert report["pdf_pages"] is None


def test_remote_image_is_blocked_and_broken(tmp_path):
    url = "https://example.com/x.png"
    page = write_page(tmp_path, f'<main><h1>Titre</h1><img src="{url}" alt="Logo"></main>')
    report = check_page(page)

    assert report["requests_blocked"] == [url]
    assert report["broken_images"] == [url]


def test_console_error_and_page_error_are_reported(tmp_path):
    page = write_page(
        tmp_path,
        "<main><h1>Titre</h1></main>\n"
        "<script>console.error('x');</script>\n"
        "<script>throw new TypeError('cassé');</script>",
    )
    report = check_page(page)

    assert len(report["console_errors"]) == 1
    assert report["console_errors"][0].startswith("x")
    assert report["page_errors"] == ["TypeError: cassé"]
    assert report["requests_blocked"] == []


def test_missing_alt_and_lang_are_axe_violations(tmp_path):
    page = write_page(tmp_path, f'<main><h1>Titre</h1><img src="{PIXEL}"></main>', lang=None)
    report = check_page(page)

    assert report["lang"] is None
    assert len(report["images_without_alt"]) == 1
    assert report["images_without_alt"][0].startswith("data:image/png")
    assert report["broken_images"] == []
    ids = {v["id"] for v in report["violations"]}
    assert {"image-alt", "html-has-lang"} <= ids
    image_alt = next(v for v in report["violations"] if v["id"] == "image-alt")
    assert image_alt["impact"] == "critical"
    assert image_alt["help"]
    assert len(image_alt["nodes"]) == 1


def test_pdf_counts_forced_pages(tmp_path):
    sections = "\n".join(
        f'<section style="break-after: page"><h2>Page {n}</h2><p>Texte {n}.</p></section>'
        for n in (1, 2, 3)
    )
    page = write_page(tmp_path, f"<main><h1>Trois pages</h1>\n{sections}</main>")
    pdf = tmp_path / "page.pdf"
    report = check_page(page, pdf=pdf)

    assert report["pdf_pages"] == 3
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_screenshot_is_png(tmp_path):
    page = write_page(tmp_path, "<main><h1>Capture</h1><p>Texte.</p></main>")
    png = tmp_path / "page.png"
    report = check_page(page, screenshot=png)

    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert report["pdf_pages"] is None


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(BrowserCheckError, match="no such file"):
        check_page(tmp_path / "absent.html")


def test_setup_is_idempotent():
    require_ready(setup())  # installs what is missing, if this test runs alone
    done = subprocess.run(
        ["bash", str(SETUP_SCRIPT)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "present" in done.stderr
    assert "npm install" not in done.stderr
    assert Path(done.stdout.strip()).is_dir()


def test_failed_setup_fails_unless_optional(monkeypatch):
    broken = SetupResult(None, "not root")
    monkeypatch.delenv("SURVEY_BROWSER_OPTIONAL", raising=False)
    with pytest.raises(pytest.fail.Exception, match="not root"):
        require_ready(broken)
    monkeypatch.setenv("SURVEY_BROWSER_OPTIONAL", "1")
    with pytest.raises(pytest.skip.Exception, match="not root"):
        require_ready(broken)
    assert require_ready(SetupResult("/some/dir")) == "/some/dir"
