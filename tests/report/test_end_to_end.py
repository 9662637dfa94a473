"""The whole report of the example wave: figures of seed 002, every graph and section,
no code, self-contained, the workbook, and a failing cell reported in French."""

import html
import re
import shutil
import zipfile

import openpyxl
import pytest

from survey.report import ReportError, render_report
from survey.wave import load_wave

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report_html(rendered_report):
    return rendered_report.report.read_text(encoding="utf-8")


def plain(text: str, *, tags: bool = False) -> str:
    """Entities decoded, spaces folded; tags removed unless ``tags`` (alt texts stay)."""
    if not tags:
        text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"[\u202f\u00a0\s]+", " ", html.unescape(text))


def test_the_files(rendered_report):
    for path in (rendered_report.report, rendered_report.summary, rendered_report.workbook):
        assert path.exists() and path.stat().st_size > 10_000
    assert all(p.exists() for p in rendered_report.executed.values())  # kept for diagnosis


def test_published_figures_of_the_study(report_html):
    """The figures seed 002 publishes, as the report shows them."""
    text = plain(report_html, tags=True)
    assert "235 répondants" in text
    assert re.search(r"Non : 8 %", text)  # "8% ... n'ont pas entendu parler du SPRO"
    assert re.search(r"Accueillir vos publics cibles[^.]*: 19 %", text)
    assert "58 %" in text  # suffisamment ou très bien outillés
    assert "75 %" in text  # moyennement ou pas du tout membres
    assert re.search(r"Quelques collaborations \(environ une fois par trimestre\) : 52 %", text)
    assert re.search(r"Collaborations régulières \(en moyenne tous les mois\) : 30 %", text)
    assert re.search(r"Aucune collaboration : 17 %", text)
    assert "61 %" in text and "144" in text
    assert "51" in text and "31" in text and "24 entretiens" in text


def test_belonging_table_from_validated_coding(report_html):
    table = re.search(r"<table>\s*<caption>Répartition des sentiments d'appartenance.*?</table>",
                      report_html, re.S).group(0)  # fmt: skip
    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', table)]
    assert counts == [6, 7, 8, 3]


def test_every_graph_and_section(report_html):
    text = plain(report_html, tags=True)
    for n in range(1, 20):
        assert f"Graphique {n} :" in text, n
    headings = [plain(h).strip() for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", report_html)]
    for expected in (
        "Introduction", "Résultats du questionnaire", "Caractéristiques des répondants",
        "Connaissance du SPRO", "Sentiment d'appartenance au SPRO", "Résultats des entretiens",
        "Profils des interviewés", "Le SPRO en 3 mots clés", "Les collaborations de travail",
        "Vers un SPRO idéal", "Synthèse des axes d'amélioration et pistes d'actions",
        "Annexe méthodologique", "Fiabilité du codage", "Saturation", "Provenance",
    ):  # fmt: skip
        assert expected in headings, expected
    assert report_html.count('class="a-retenir"') >= 4
    assert report_html.count('class="paroles"') >= 5
    assert report_html.count('class="survey-table"') >= 10


def test_self_contained_and_without_code(rendered_report, report_html):
    for page in (report_html, rendered_report.summary.read_text(encoding="utf-8")):
        assert "<script" not in page
        assert not re.search(r"""(src|href)=["']https?:""", page)
        assert all(src.startswith("data:") for src in re.findall(r'<img[^>]*src="([^"]+)"', page))
        assert all('alt="' in img for img in re.findall(r"<img[^>]*>", page))
        assert "rapport.chart(" not in page and "import " not in plain(page)
        assert '<html lang="fr">' in page


def test_workbook_has_every_table(rendered_report):
    book = openpyxl.load_workbook(rendered_report.workbook)
    titles = book.sheetnames
    assert sum(t.startswith("G") for t in titles) >= 17
    assert any("appartenance" in t.lower() for t in titles)
    assert "Provenance" in titles


def test_failing_cell_is_reported_in_french(tmp_path):
    wave = load_wave()
    broken = tmp_path / "vague"
    shutil.copytree(wave.folder, broken)
    commentary = broken / "commentaire.md"
    commentary.write_text(
        commentary.read_text(encoding="utf-8").replace("## introduction", "## intro"), "utf-8"
    )
    with pytest.raises(ReportError) as info:
        render_report(broken, tmp_path / "sortie", progress=False)
    message = str(info.value)
    assert message.startswith("Notebook « rapport.ipynb », cellule")
    assert "introduction" in message and "conservé" in message
    assert (tmp_path / "sortie" / "notebooks_executes" / "rapport.ipynb").exists()


def test_intermediate_files_hold_no_code_output_errors(rendered_report):
    with zipfile.ZipFile(rendered_report.workbook) as z:
        assert all("Traceback" not in z.read(n).decode("utf-8", "ignore") for n in z.namelist())


def test_a_second_run_gives_the_same_bytes(rendered_report, tmp_path):
    """The session's first report ran on an empty cache; this one reads it back (warm)."""
    again = render_report(None, tmp_path / "bis", progress=False)
    for first, second in (
        (rendered_report.report, again.report),
        (rendered_report.summary, again.summary),
        (rendered_report.workbook, again.workbook),
    ):
        assert first.read_bytes() == second.read_bytes(), first.name
