"""``survey compare`` on the two example waves: the HTML page and the workbook, their
structure, no code, self-contained, and none of the personal data planted in either wave."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from survey.cli import main

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    output = tmp_path_factory.mktemp("comparaison")
    assert main(["compare", "spro-2025", "spro-2026", "-o", str(output)]) == 0
    return output


@pytest.fixture(scope="module")
def page(rendered):
    return (rendered / "comparaison.html").read_text(encoding="utf-8")


def plain(text: str) -> str:
    """Tags removed, entities decoded, spaces folded."""
    return re.sub(r"[\u202f\u00a0\s]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))


def test_the_files(rendered, capsys):
    assert (rendered / "comparaison.html").stat().st_size > 50_000
    assert (rendered / "comparaison.xlsx").stat().st_size > 10_000
    assert (rendered / "notebooks_executes" / "comparaison.ipynb").exists()


def test_structure_of_the_page(page):
    assert '<html lang="fr">' in page
    assert re.search(r"<title>Comparaison des vagues 2025 et 2026</title>", page)
    assert 'nav class="sommaire"' in page
    headings = [plain(h).strip() for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page, re.S)]
    for expected in (
        "Ce qui a changé entre les deux vagues",
        "Questionnaire",
        "Questions sans comparaison",
        "Grille de codage des entretiens",
        "Résultats du questionnaire",
        "Connaissance du SPRO",
        "Sentiment d'appartenance au SPRO",
        "Résultats des entretiens",
        "Les codes des entretiens",
        "Le SPRO en 3 mots clés",
        "Annexe méthodologique",
    ):
        assert expected in headings, expected
    assert page.count('class="survey-table"') >= 20
    assert page.count('<th scope="col">') > 50


def test_what_the_page_says(page):
    text = plain(page)
    assert "235 → 250 répondants" in text and "24 → 12 entretiens" in text
    caption = r"Tableau 1\s*:\s*différences significatives.*?</table>"
    summary = re.search(caption, page, re.S).group(0)
    rows = plain(summary)
    assert "Plateforme collaborative RésOpro" in rows and "+24,6" in rows
    assert "Tout à fait" in rows and "Pas du tout" in rows and "Oui" in rows
    assert "Non " not in rows  # the kit's two rows are one test, shown once
    # publics and kit_recu: without comparison, never as a change
    missing = plain(re.search(r"questions sans comparaison.*?</table>", page, re.S).group(0))
    assert "Publics accompagnés" in missing and "2025 seulement" in missing
    assert "A reçu le kit SPRO" in missing and "nouvelle question" in missing
    assert "Publics accompagnés" not in rows
    # merged categories and flags under the tables
    assert "Collaborations régulières (mensuelles ou hebdomadaires)" in text
    assert "Option modifiée (option scindée)" in text
    assert "Question reformulée : « Avez-vous le sentiment d'être suffisamment outillé" in text
    assert "Type de question modifié : choix multiple en 2025, choix unique en 2026" in text
    # interviews: descriptive, codes through the frame versions
    assert "Lecture descriptive" in text
    assert "Levier : le kit SPRO" in text and "2026 seulement" in text
    assert "Newsletter, mail récapitulatif" in text and "retiré" in text
    # methods note: the tests and the correction
    assert "test z de comparaison de deux proportions" in text
    assert "khi-deux d'homogénéité" in text and "test exact de Fisher" in text
    assert "Correction de Holm" in text and "94 tests du rapport" in text


def test_self_contained_without_code(page):
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']https?:""", page)
    images = re.findall(r"<img[^>]*>", page)
    assert len(images) >= 10
    assert all('src="data:image/png;base64,' in img and 'alt="' in img for img in images)
    assert "ComparisonReport" not in page and "import " not in plain(page)
    assert "Traceback" not in page


def test_workbook_has_every_table(rendered):
    book = openpyxl.load_workbook(rendered / "comparaison.xlsx")
    titles = book.sheetnames
    for expected in (
        "Différences significatives",
        "Changements du questionnaire",
        "Questions non comparables",
        "Changements de la grille",
        "Sentiment d'appartenance",
        "Mots clés",
        "Provenance",
        "Données questionnaire",
        "Données entretiens",
    ):
        assert expected in titles, expected
    assert sum(t.startswith("Codes - ") for t in titles) == 6  # one table per theme
    assert len(titles) >= 30
    data = book["Données questionnaire"]
    headers = [c.value for c in data[1]]
    assert headers[:4] == ["Question", "Libellé court", "Ligne", "Modalité"]
    assert "p ajustée" in headers and "% 2026" in headers


def _planted() -> list[str]:
    items: set[str] = set()
    for year in ("2025", "2026"):
        interviews = yaml.safe_load(
            (DATA / f"spro-{year}-planted-interviews.yaml").read_text("utf-8")
        )
        export = yaml.safe_load((DATA / f"spro-{year}-planted-export.yaml").read_text("utf-8"))
        items |= set(interviews["names"]) | set(interviews.get("emails", []))
        items |= set(interviews.get("phones", [])) | set(export["emails"])
        items |= set(export["free_text"])
    return sorted(items)


def _text_of(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return " ".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist())
    return path.read_text(encoding="utf-8")


def test_no_planted_personal_data(rendered):
    files = [p for p in rendered.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"comparaison.html", "comparaison.xlsx", "comparaison.ipynb"}
    hits = []
    for path in files:
        content = _text_of(path)
        for item in _planted():
            if re.search(rf"(?<![\w@.]){re.escape(item)}(?![\w@])", content, re.IGNORECASE):
                hits.append((path.name, item))
    assert hits == []
    assert not re.search(
        r"[\w.+-]+@example\.(com|net|org|fr)", _text_of(rendered / "comparaison.html")
    )
