"""The 2026 example wave goes through `survey report` exactly as the 2025 one does.

Same notebooks, no code change: a changed questionnaire (a question dropped, a type
changed, options split), another coding frame (merged and retired codes asked for by the
notebook's quote cells), 12 interviews. The figures checked are the ones built into the
2026 export (examples_src/build_export_2026.py), and none of the personal data planted in
it (tests/data/spro-2026-planted-*.yaml) reaches any output.
"""

import re

import pytest
import yaml

from survey.report import render_report
from tests.privacy.test_leak import text_of
from tests.report.test_end_to_end import plain

pytestmark = pytest.mark.slow

WAVE = "spro-2026"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render_report(WAVE, tmp_path_factory.mktemp("rapport-2026"), progress=False)


@pytest.fixture(scope="module")
def report_html(rendered):
    return rendered.report.read_text(encoding="utf-8")


def test_the_files(rendered):
    for path in (rendered.report, rendered.summary, rendered.workbook):
        assert path.exists() and path.stat().st_size > 10_000


def test_figures_built_into_the_2026_export(report_html):
    text = plain(report_html, tags=True)
    assert "250 répondants" in text
    assert "Tout à fait : 42 %" in text  # membre: 105 / 250, single choice in 2026
    assert "Un an plus tard, 28 % des répondants, soit 70 personnes" in text  # kit_recu, new
    assert "12 entretiens" in text
    assert "Graphique 19 :" in text


def test_belonging_table_has_the_2026_interviews(report_html):
    table = re.search(r"<table>\s*<caption>Répartition des sentiments d'appartenance.*?</table>",
                      report_html, re.S).group(0)  # fmt: skip
    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', table)]
    assert counts == [2, 3, 5, 2]
    quotes = re.findall(r"« (.*?) »", plain(table))
    assert len(quotes) == len(set(quotes))  # never the same extract twice


def test_quote_cells_written_for_2025_codes_still_quote(report_html):
    """The first theme asks for obstacle_dispersion and proposition_newsletter: the first is
    merged into obstacle_information in 2026, the second retired."""
    blocks = re.findall(r'<section class="paroles">(.*?)</section>', report_html, re.S)
    assert len(blocks) == 5
    assert all("<blockquote>" in block for block in blocks)


def planted(data_dir) -> list[str]:
    interviews = yaml.safe_load((data_dir / "spro-2026-planted-interviews.yaml").read_text("utf-8"))
    export = yaml.safe_load((data_dir / "spro-2026-planted-export.yaml").read_text("utf-8"))
    items = interviews["names"] + interviews.get("emails", []) + interviews.get("phones", [])
    return sorted({*items, *export["emails"], *export["free_text"]})


def test_no_planted_personal_data_in_any_output(rendered, data_dir):
    folder = rendered.report.parent
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    hits = []
    for path in files:
        content = text_of(path) if path.suffix != ".ipynb" else path.read_text(encoding="utf-8")
        # Embedded images (base64) can spell a short name by chance ("Brun"): not text.
        content = re.sub(r"[A-Za-z0-9+/=\\n]{200,}", "", content)
        for item in planted(data_dir):
            if re.search(rf"(?<![\w@.]){re.escape(item)}(?![\w@])", content, re.IGNORECASE):
                hits.append((path.name, item))
    assert hits == []
