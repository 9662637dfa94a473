"""Word clouds drawn from counts (never from raw text), the same bytes on every run.

:func:`word_cloud` takes a frequency table (from :func:`survey.text.keywords.keyword_frequencies`
or :func:`survey.text.frequencies.word_frequencies`) and draws it with the ``wordcloud``
package: a fixed random seed and a stable word order make the layout reproducible, the
font is matplotlib's bundled DejaVu Sans (every French character, nothing to install),
colours come from the colour-blind-safe Okabe–Ito palette, and the layout is returned as
a table, to print beside the picture as its accessible alternative.
"""

from __future__ import annotations

import base64
import io
import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import font_manager
from wordcloud import WordCloud

from survey import privacy

__all__ = ["PALETTE", "word_cloud"]

PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#000000")
"""Okabe–Ito colours with a contrast of at least 3:1 on white (blue, vermillion, bluish
green, black); orange, sky blue, yellow and reddish purple are too light. Colour carries
no meaning: words take the colours in turn, by rank."""

_LAYOUT_COLUMNS = ["word", "count", "font_size", "x", "y", "color"]
_WORD_COLUMNS = ("display", "word", "term", "key")
_PEOPLE_COLUMNS = ("people", "documents")


def word_cloud(
    frequencies: pd.DataFrame | pd.Series | Mapping[str, int],
    *,
    png: str | os.PathLike[str] | None = None,
    svg: str | os.PathLike[str] | None = None,
    width: int = 1200,
    height: int = 700,
    seed: int = 42,
    max_words: int = 100,
    min_people: int = 1,
) -> pd.DataFrame:
    """Draw a word cloud and return where each word went.

    Parameters
    ----------
    frequencies : pandas.DataFrame, pandas.Series or mapping
        A table with a ``count`` column and the words in ``display`` (else ``word``,
        ``term`` or ``key``), optionally ``people`` (else ``documents``): the distinct
        people using the word. A table with several values in ``group`` must be filtered
        to one group first. A Series or mapping gives word → count.
    png, svg : path, optional
        Files to write. The SVG embeds the subset of the font it uses (WOFF).
    width, height : int
        Size in pixels.
    seed : int
        Seed of the layout: same seed, same counts, same picture, byte for byte.
    max_words : int
        Largest number of words drawn (the most frequent ones).
    min_people : int
        Leave out words used by fewer distinct people (needs a ``people`` or
        ``documents`` column). Reports use 2, so that no word points to one person.

    Returns
    -------
    pandas.DataFrame
        One row per word drawn, largest first: ``word``, ``count``, ``font_size``,
        ``x`` and ``y`` (top-left corner, pixels) and ``color`` (hex). A word that does
        not fit is not drawn and not listed, nor is a redaction tag ("[personne]").
        ``attrs["font_path"]`` is the font used.

    Raises
    ------
    ValueError
        If no word is left to draw, or the table has several groups.
    """
    words = _words(frequencies, min_people=min_people).head(max_words)
    if words.empty:
        raise ValueError(
            "Aucun mot à dessiner : le tableau est vide"
            + (
                f" ou aucun mot n'est employé par {min_people} personnes."
                if min_people > 1
                else "."
            )
        )
    colors = {w: PALETTE[i % len(PALETTE)] for i, w in enumerate(words["word"])}
    cloud = WordCloud(
        font_path=_font_path(),
        width=width,
        height=height,
        max_words=max_words,
        random_state=seed,
        background_color="white",
        prefer_horizontal=1.0,  # horizontal words are easier to read
        color_func=lambda word, **_: colors[word],
        relative_scaling=0.5,
        margin=4,
    )
    # dict keeps the (count, word) order; wordcloud's sort is stable
    cloud.generate_from_frequencies(dict(zip(words["word"], words["count"], strict=True)))
    if png is not None:
        cloud.to_image().save(Path(png), format="PNG")
    if svg is not None:
        Path(svg).write_text(_svg(cloud), encoding="utf-8")
    counts = dict(zip(words["word"], words["count"], strict=True))
    layout = pd.DataFrame(
        [
            {
                "word": word,
                "count": counts[word],
                "font_size": size,
                "x": position[1],
                "y": position[0],
                "color": color,
            }
            for (word, _), size, position, _, color in cloud.layout_
        ],
        columns=_LAYOUT_COLUMNS,
    ).astype({"count": np.int64, "font_size": np.int64, "x": np.int64, "y": np.int64})
    layout.attrs["font_path"] = _font_path()
    return layout


def _words(
    frequencies: pd.DataFrame | pd.Series | Mapping[str, int], *, min_people: int
) -> pd.DataFrame:
    """The words to draw, redacted, as ``word, count`` sorted by count then word."""
    if isinstance(frequencies, pd.DataFrame):
        table = frequencies
        if "group" in table.columns and table["group"].nunique() > 1:
            raise ValueError(
                "Le tableau a plusieurs groupes : un nuage par groupe, filtrez-le d'abord "
                "(par exemple table[table['group'] == 'Isère'])."
            )
        column = next((c for c in _WORD_COLUMNS if c in table.columns), None)
        if column is None or "count" not in table.columns:
            raise ValueError(
                "Il faut une colonne « count » et une colonne de mots (display, word, term ou "
                f"key) ; colonnes trouvées : {', '.join(map(str, table.columns))}."
            )
        people = next((c for c in _PEOPLE_COLUMNS if c in table.columns), None)
        words = pd.DataFrame(
            {
                "word": table[column].astype(str).to_numpy(),
                "count": table["count"].to_numpy(),
                "people": table[people].to_numpy() if people else np.nan,
            }
        )
        if min_people > 1 and people is None:
            raise ValueError(
                "min_people demande une colonne « people » (ou « documents ») : le nombre de "
                "personnes qui emploient chaque mot."
            )
    else:
        series = pd.Series(frequencies, dtype=float)
        if min_people > 1:
            raise ValueError(
                "min_people demande un tableau avec une colonne « people » : le nombre de "
                "personnes qui emploient chaque mot."
            )
        words = pd.DataFrame(
            {"word": series.index.astype(str), "count": series.to_numpy(), "people": np.nan}
        )
    words["word"] = privacy.redact_series(words["word"].astype(object)).to_numpy()
    words = words[~words["word"].isin(set(privacy.TAGS.values()))]  # a tag is not a word
    words = words.groupby("word", as_index=False, sort=False).agg(
        count=("count", "sum"), people=("people", "max")
    )
    if min_people > 1:
        words = words[words["people"] >= min_people]
    words = words[words["count"] > 0]
    return words.sort_values(
        ["count", "word"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)


@cache
def _font_path() -> str:
    """matplotlib's bundled DejaVu Sans (no system font needed)."""
    props = font_manager.FontProperties(family="DejaVu Sans")
    return str(font_manager.findfont(props, fallback_to_default=False))  # a plain str


def _svg(cloud: WordCloud) -> str:
    """The SVG of the cloud, with the subset of the font it uses embedded (WOFF).

    ``WordCloud.to_svg(embed_font=True)`` stamps the embedded font with the current time
    (fontTools recomputes ``head.modified`` on save), so two runs would differ; the font
    is embedded here the same way, without the time stamp and with a sorted subset.
    """
    svg = cloud.to_svg(embed_font=False)
    family = re.search(r"font-family:([^;]+);", svg)
    face = (
        "<style>@font-face{"
        f"font-family:{family.group(1) if family else repr('DejaVu Sans')};"
        "font-weight:normal;font-style:normal;"
        f'src:url("data:application/font-woff;charset=utf-8;base64,{_woff(cloud)}")'
        'format("woff");}</style>'
    )
    opening = svg.index(">") + 1  # after <svg ...>
    return svg[:opening] + face + svg[opening:]


def _woff(cloud: WordCloud) -> str:
    from fontTools import subset  # matplotlib's dependency

    options = subset.Options(hinting=False, desubroutinize=True, ignore_missing_glyphs=True)
    options.drop_tables += ["FFTM"]  # FontForge's time stamps: not needed, not subsettable
    font = subset.load_font(cloud.font_path, options, lazy=False)
    font.recalcTimestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted({c for (w, _), *_ in cloud.layout_ for c in w})))
    subsetter.subset(font)
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")
