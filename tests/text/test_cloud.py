"""Word clouds: reproducible bytes, the bundled font, the layout table, the privacy floor."""

from __future__ import annotations

import pandas as pd
import pytest
from PIL import Image

from survey.text.cloud import PALETTE, word_cloud
from survey.text.keywords import keyword_frequencies

REPORT_WORDS = {
    "orientation pour tous",
    "accompagnement",
    "conseil",
    "information",
    "ne connaît pas",
    "invisible",
    "gratuité",
    "qualité",
    "neutralité",
    "proximité",
}


@pytest.fixture(scope="module")
def keywords(nlp, grid, spro_synonyms) -> pd.DataFrame:
    return keyword_frequencies(grid.set_index("Entretien")["3 mots clés"], synonyms=spro_synonyms)


def test_same_bytes_on_every_run(keywords, tmp_path):
    first = word_cloud(keywords, png=tmp_path / "1.png", svg=tmp_path / "1.svg", min_people=2)
    second = word_cloud(keywords, png=tmp_path / "2.png", svg=tmp_path / "2.svg", min_people=2)
    assert (tmp_path / "1.png").read_bytes() == (tmp_path / "2.png").read_bytes()
    assert (tmp_path / "1.svg").read_bytes() == (tmp_path / "2.svg").read_bytes()
    pd.testing.assert_frame_equal(first, second)
    with Image.open(tmp_path / "1.png") as image:
        assert image.size == (1200, 700)
    other = word_cloud(keywords, png=tmp_path / "3.png", seed=7, min_people=2)
    assert not other.equals(first)


def test_uses_dejavu_sans(keywords, tmp_path):
    layout = word_cloud(keywords, svg=tmp_path / "cloud.svg")
    assert layout.attrs["font_path"].endswith("DejaVuSans.ttf")
    svg = (tmp_path / "cloud.svg").read_text(encoding="utf-8")
    assert "@font-face{font-family:'DejaVu Sans'" in svg
    assert "font-family:'DejaVu Sans'" in svg.split("</style>")[1]
    assert ">ne connaît pas</text>" in svg


def test_layout_shows_the_report_words(keywords):
    layout = word_cloud(keywords, min_people=2)
    assert layout.columns.tolist() == ["word", "count", "font_size", "x", "y", "color"]
    assert set(layout["word"]) >= REPORT_WORDS
    assert set(layout["word"].head(2)) == {"orientation pour tous", "accompagnement"}
    assert layout["font_size"].is_monotonic_decreasing
    assert set(layout["color"]) <= set(PALETTE)
    assert ((layout["x"] >= 0) & (layout["x"] < 1200) & (layout["y"] >= 0)).all()


def test_min_people_drops_words_of_one_person(keywords):
    everyone = set(word_cloud(keywords)["word"])
    assert {"handicap", "abstrait"} <= everyone
    shared = set(word_cloud(keywords, min_people=2)["word"])
    assert shared == set(keywords.loc[keywords["people"] >= 2, "display"])


def test_word_frequencies_tables_use_documents(keywords):
    table = pd.DataFrame(
        {
            "group": "Ensemble",
            "term": ["réseau", "proximité", "camille"],
            "display": ["réseau", "proximité", "Camille"],
            "count": [5, 3, 4],
            "documents": [4, 2, 1],
        }
    )
    assert word_cloud(table, min_people=2)["word"].tolist() == ["réseau", "proximité"]
    assert word_cloud({"réseau": 3, "qualité": 1}, max_words=1)["word"].tolist() == ["réseau"]


def test_clear_errors():
    two_groups = pd.DataFrame({"group": ["a", "b"], "term": ["x", "y"], "count": [1, 2]})
    with pytest.raises(ValueError, match="plusieurs groupes"):
        word_cloud(two_groups)
    with pytest.raises(ValueError, match="Aucun mot"):
        word_cloud(pd.DataFrame({"display": ["x"], "count": [2], "people": [1]}), min_people=2)
    with pytest.raises(ValueError, match="people"):
        word_cloud({"x": 1}, min_people=2)


def test_words_are_redacted(redact_camille):
    layout = word_cloud({"Camille": 2, "réseau": 3, "qualité": 1})
    assert layout["word"].tolist() == ["réseau", "qualité"]  # a tag is not drawn
