"""Charts: French texts, alt text, inline HTML, deterministic files, no global side effects."""

from __future__ import annotations

import base64
import re
import struct
import sys

import matplotlib
import pandas as pd
import pytest

from survey.errors import SurveyError
from survey.report import charts, french
from survey.stats import crosstab, frequencies, suppress_small_cells
from tests.report.helpers import parse, plain, quiet

SHORT = {
    "aucune": "Aucune collaboration",
    "quelques": "Quelques collaborations",
    "regulieres": "Collaborations régulières",
}


def collaboration_chart(freq, **options):
    return charts.bar_chart(
        freq,
        number=13,
        title="collaborations avec les membres du SPRO",
        source="enquête SPRO 2025",
        labels=SHORT,
        **options,
    )


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


# --- texts ---------------------------------------------------------------------------


def test_alt_text_states_the_published_figures(freq_published):
    chart = collaboration_chart(freq_published, sort=True)
    assert plain(chart.alt) == (
        "Graphique 13 : collaborations avec les membres du SPRO. "
        "Quelques collaborations : 52 % ; Collaborations régulières : 30 % ; "
        "Aucune collaboration : 17 %. Base : 235 répondants."
    )
    # French percentages, with the narrow no-break space before %.
    assert f"Quelques collaborations{french.COLON}{french.percent(0.52)}" in chart.alt
    assert "52\u202f%" in chart.alt


def test_caption_and_notes(freq_published):
    chart = collaboration_chart(freq_published)
    assert plain(chart.caption) == "Graphique 13 : collaborations avec les membres du SPRO"
    assert [plain(n) for n in chart.notes] == [
        "Base : 235 répondants.",
        "Source : enquête SPRO 2025.",
    ]
    # An explicit base sentence and an already written source are kept as given.
    other = charts.bar_chart(
        freq_published,
        number=1,
        title="t",
        source="Source : enquête SPRO 2025.",
        base_note="Base : professionnels du SPRO",
    )
    assert [plain(n) for n in other.notes] == [
        "Base : professionnels du SPRO.",
        "Source : enquête SPRO 2025.",
    ]


def test_order_follows_the_questionnaire_unless_sorted(freq_published):
    unsorted = collaboration_chart(freq_published).alt
    assert unsorted.index("Aucune") < unsorted.index("Quelques") < unsorted.index("régulières")
    ranked = collaboration_chart(freq_published, sort=True).alt
    assert ranked.index("Quelques") < ranked.index("régulières") < ranked.index("Aucune")


def test_sorting_keeps_other_last():
    responses = pd.DataFrame({"mission": pd.Categorical(["autre"] * 5 + ["a"] * 2 + ["b"] * 3)})
    freq = frequencies(responses, "mission", small_base=0)
    chart = charts.bar_chart(freq, number=1, title="missions", source="test", sort=True)
    said = plain(chart.alt)
    assert said.index("b : 30 %") < said.index("a : 20 %") < said.index("autre : 50 %")


def test_nonresponse_is_left_out_of_the_bars_and_stated(freq_groups):
    chart = charts.bar_chart(freq_groups, number=2, title="collaborations", source="test")
    said = plain(chart.alt)
    assert "aucune : 20 %" in said and "quelques : 35 %" in said and "regulieres : 45 %" in said
    assert "Non-réponse : 2 répondants, hors base des pourcentages." in said
    assert "Base : 80 répondants." in said
    assert "_nonresponse" not in said


def test_no_nonresponse_note_when_everyone_answered(freq_published):
    assert "Non-réponse" not in collaboration_chart(freq_published).alt


def test_nets_are_drawn_only_when_asked(spro_questionnaire):
    responses = pd.DataFrame(
        {
            "outille": pd.Categorical(
                ["pas_du_tout"] * 21
                + ["plutot_insuffisamment"] * 78
                + ["plutot_suffisamment"] * 112
                + ["tres_bien"] * 24,
                categories=["pas_du_tout", "plutot_insuffisamment", "plutot_suffisamment",
                            "tres_bien"],
            )
        }
    )  # fmt: skip
    freq = frequencies(responses, "outille", questionnaire=spro_questionnaire)
    without = charts.bar_chart(freq, number=7, title="outillage", source="test")
    with_nets = charts.bar_chart(freq, number=7, title="outillage", source="test", nets=True)
    assert "Suffisamment ou très bien outillé" not in without.alt
    assert "Suffisamment ou très bien outillé : 58 %" in plain(with_nets.alt)
    assert with_nets.png_bytes() != without.png_bytes()


def test_multiple_choice_note(channels):
    freq = quiet(frequencies, channels, "canal")
    chart = charts.bar_chart(freq, number=3, title="canaux", source="test")
    said = plain(chart.alt)
    assert "Plusieurs réponses possibles : le total dépasse 100 %." in said
    assert "Effectif faible : moins de 30 répondants" in said


def test_masked_bars_show_a_dash_and_never_the_number(freq_groups):
    masked = suppress_small_cells(freq_groups, threshold=20)  # aucune (16) is masked
    chart = charts.bar_chart(masked, number=4, title="collaborations", source="test")
    said = plain(chart.alt)
    assert "aucune : —" in said
    assert "20 %" not in said
    assert "— : effectif inférieur à 20, masqué." in said


def test_curve_alt_text_and_decimal_commas():
    chart = charts.curve_chart(
        [1, 2, 3],
        [1.5, 3.5, 3.5],
        number=18,
        title="codes par entretien",
        x_label="Entretien",
        y_label="Codes en moyenne",
        source="entretiens SPRO 2025",
        base_note="Base : 3 entretiens",
        highlight=(2, "plateau après l'entretien 2"),
    )
    said = plain(chart.alt)
    assert said.startswith("Graphique 18 : codes par entretien. ")
    assert "1 : 1,5 ; 2 : 3,5 ; 3 : 3,5" in said
    assert "Plateau après l'entretien 2." in said
    assert "Base : 3 entretiens." in said
    assert png_size(chart.png_bytes())[0] > 0


def test_curve_with_labels_and_many_points():
    ids = [f"E{i:02d}" for i in range(1, 25)]
    chart = charts.curve_chart(
        ids,
        range(1, 25),
        number=19,
        title="saturation",
        x_label="Entretiens",
        y_label="Codes distincts cumulés",
        source="test",
        highlight=("E16", "Saturation après E16"),
    )
    assert "de 1 (E01) à 24 (E24), 24 points" in plain(chart.alt)
    with pytest.raises(SurveyError, match="autant d'abscisses"):
        charts.curve_chart([1, 2], [1], number=1, title="t", x_label="x", y_label="y", source="s")


# --- stacked bars ----------------------------------------------------------------------


def test_stacked_bars_give_each_column_with_its_base(tab):
    chart = charts.stacked_bar_chart(tab, number=20, title="collaborations par groupe",
                                     source="test")  # fmt: skip
    said = plain(chart.alt)
    assert "g1 (n = 40) : aucune : 5 % ; quelques : 20 % ; regulieres : 75 %" in said
    assert "g2 (n = 40) : aucune : 35 % ; quelques : 50 % ; regulieres : 15 %" in said
    assert "Ensemble (n = 80)" in said
    assert "Base : 80 répondants ayant répondu aux deux questions." in said
    without_total = charts.stacked_bar_chart(tab, number=20, title="t", source="s", total=False)
    assert "Ensemble" not in without_total.alt


def test_stacked_bars_refuse_multiple_choice_rows(channels):
    table = quiet(crosstab, channels, "canal", "groupe")
    with pytest.raises(SurveyError, match="choix multiple"):
        charts.stacked_bar_chart(table, number=1, title="t", source="s")


def test_stacked_bars_leave_masked_segments_out(tab):
    masked = suppress_small_cells(tab, threshold=5)  # g1 × aucune (2)
    chart = charts.stacked_bar_chart(masked, number=5, title="t", source="s")
    said = plain(chart.alt)
    assert "g1 (n = 40) : aucune : — ;" in said
    assert not re.search(r"(?<!\d)5 %", said)
    assert "effectif inférieur à 5, masqué" in said


def test_stacked_bars_need_enough_colours(tab):
    with pytest.raises(SurveyError, match="couleur"):
        charts.stacked_bar_chart(tab, number=1, title="t", source="s", colors=["#000000"])


def test_not_a_stats_table():
    with pytest.raises(SurveyError, match="colonnes manquantes"):
        charts.bar_chart(pd.DataFrame({"a": [1]}), number=1, title="t",
                         source="s")  # fmt: skip


# --- outputs ---------------------------------------------------------------------------


def test_html_figure_embeds_the_png_with_its_alt(freq_published):
    chart = collaboration_chart(freq_published)
    markup = chart.html()
    grid = parse(markup)
    tags = [tag for tag, _ in grid.tags]
    assert tags[0] == "figure" and "figcaption" in tags
    images = [attrs for tag, attrs in grid.tags if tag == "img"]
    assert len(images) == 1
    image = images[0]
    assert image["alt"] == chart.alt and image["alt"].strip()
    assert image["src"].startswith("data:image/png;base64,")
    png = base64.b64decode(image["src"].split(",", 1)[1])
    assert png == chart.png_bytes(annotated=False)
    # No external reference of any kind.
    assert not re.search(r"(src|href)=\"(?!data:)", markup)
    assert "<script" not in markup
    assert "Graphique 13" in plain(markup) and "Source : enquête SPRO 2025." in plain(markup)
    assert chart._repr_html_() == markup == chart.__html__()


def test_alt_text_is_escaped_in_html():
    freq = frequencies(
        pd.DataFrame({"q": pd.Categorical(['a "b" <c>'] * 3)}),
        "q",
        small_base=0,
    )
    chart = charts.bar_chart(freq, number=1, title="guillemets", source="s")
    markup = chart.html()
    assert 'alt="Graphique' in markup
    assert "&quot;b&quot; &lt;c&gt;" in markup
    assert parse(markup).tags[2][1]["alt"] == chart.alt


def test_size_for_screen_and_paper(freq_published):
    chart = collaboration_chart(freq_published)
    width, _ = png_size(chart.png_bytes())
    assert 940 <= width <= 950  # 16 cm at 150 dpi


def test_png_and_svg_are_identical_across_runs(freq_published, tab):
    for build in (
        lambda: collaboration_chart(freq_published),
        lambda: charts.stacked_bar_chart(tab, number=2, title="t", source="s"),
    ):
        first, second = build(), build()
        assert first.png_bytes() == second.png_bytes()
        assert first.svg_text() == second.svg_text()
        assert first.html() == second.html()


def test_files_carry_no_date_nor_version(freq_published):
    chart = collaboration_chart(freq_published)
    png = chart.png_bytes()
    assert b"Software" not in png and b"matplotlib" not in png.lower()
    svg = chart.svg_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert svg.lstrip().startswith("<?xml")


def test_no_global_matplotlib_side_effects(freq_published):
    before = dict(matplotlib.rcParams)
    collaboration_chart(freq_published).png_bytes()
    assert dict(matplotlib.rcParams) == before
    pyplot = sys.modules.get("matplotlib.pyplot")  # imported by other libraries, maybe
    assert pyplot is None or pyplot.get_fignums() == []  # no figure left open


def test_save(tmp_path, freq_published):
    chart = collaboration_chart(freq_published)
    assert chart.save(tmp_path / "g13.png").read_bytes() == chart.png_bytes()
    assert chart.save(tmp_path / "g13.svg").read_text(encoding="utf-8") == chart.svg_text()
    with pytest.raises(SurveyError, match=r"\.png, \.svg"):
        chart.save(tmp_path / "g13.pdf")
