"""The chart of a two-wave comparison, in the house style of :mod:`survey.report.charts`.

Presentation only: :func:`paired_bar_chart` draws the percentages a comparison table from
:mod:`survey.compare` already holds, two bars per category (earlier wave, later wave),
values written on the bars, significant differences marked with an asterisk and said in the
alternative text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from survey.errors import SurveyError
from survey.report import french
from survey.report._shared import require_columns
from survey.report.charts import (
    _TEXT_PT,
    Chart,
    _alt,
    _legend_above,
    _source,
    _wrap_label,
    label_bars_on_the_left,
)
from survey.report.french import COLON, SEMICOLON

__all__ = ["WAVE_COLOURS", "paired_bar_chart", "signed_points"]

WAVE_COLOURS: tuple[str, str] = ("#009E73", "#0072B2")
"""Earlier wave, later wave: Okabe–Ito bluish green and blue (contrast 3:1 or more on white)."""

_COLUMNS = ("label", "percent_a", "percent_b")


def signed_points(difference: float, digits: int = 1) -> str:
    """A difference of proportions in points, signed: ``0.114`` → ``+11,4``.

    Examples
    --------
    >>> signed_points(0.114), signed_points(-0.05), signed_points(0.0)
    ('+11,4', '−5,0', '0,0')
    """
    if difference is None or (isinstance(difference, float) and np.isnan(difference)):
        return french.MISSING
    points = 100 * float(difference)
    if round(points, digits) == 0:
        return french.decimal(0.0, digits)
    sign = "+" if points > 0 else "−"
    return f"{sign}{french.decimal(abs(points), digits)}"


def paired_bar_chart(
    table: pd.DataFrame,
    *,
    number: int,
    title: str,
    waves: Sequence[str],
    source: str,
    base_note: str | None = None,
    significance_note: str | None = None,
    digits: int = 0,
) -> Chart:
    """Two horizontal bars per category: the percentage in each wave.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows of one question of :func:`survey.compare.compare_questions` (``kind``
        ``"category"``) or of :func:`survey.compare.compare_dimension` (``kind``
        ``"value"``): ``label``, ``percent_a``, ``percent_b``, optionally ``significant``
        and ``difference``. A category missing in a wave has no bar there (``–``).
    number, title, source
        As in :func:`survey.report.charts.bar_chart`.
    waves : (str, str)
        The names of the two waves (``("2025", "2026")``), for the legend.
    base_note : str, optional
        The bases (``Bases : 235 répondants en 2025, 250 en 2026.``).
    significance_note : str, optional
        What the asterisk means (the test and its correction); required when a row is
        significant.
    digits : int
        Decimals of the percentages.

    Returns
    -------
    Chart
        The alt text gives each category's two percentages and the difference in points.
    """
    require_columns(table, _COLUMNS, "survey.compare")
    if table.empty:
        raise SurveyError("Le tableau de comparaison n'a aucune modalité à représenter.")
    if len(waves) != 2:
        raise SurveyError("Il faut le nom des deux vagues comparées (par exemple 2025, 2026).")
    significant = (
        table["significant"].fillna(False).to_numpy(dtype=bool)
        if "significant" in table
        else np.zeros(len(table), dtype=bool)
    )
    if significant.any() and not significance_note:
        raise SurveyError(
            "Des écarts sont significatifs : donnez la note qui explique l'astérisque "
            "(significance_note)."
        )
    names = [
        f"{label} *" if s else str(label)
        for label, s in zip(table["label"], significant, strict=True)
    ]
    a = table["percent_a"].to_numpy(dtype="float64")
    b = table["percent_b"].to_numpy(dtype="float64")
    difference = b - a
    notes = [french.sentence(base_note)] if base_note else []
    if significant.any():
        notes.append(french.sentence(f"* {significance_note}"))
    notes.append(_source(source))
    items = []
    for name, x, y, d, s in zip(table["label"], a, b, difference, significant, strict=True):
        said = (
            f"{name}{COLON}{waves[0]} {french.percent(x, digits)}, {waves[1]} "
            f"{french.percent(y, digits)}"
        )
        if not np.isnan(d):
            said += f" (écart {signed_points(d)} points{', significatif' if s else ''})"
        items.append(said)
    alt = _alt(number, title, SEMICOLON.join(items), notes)

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        positions = np.arange(len(names), dtype="float64")
        height = 0.38
        top = max(float(np.nanmax(np.concatenate([a, b, [0.01]]))), 0.01) * 1.2
        for offset, values, colour in (
            (-height / 2, a, WAVE_COLOURS[0]),
            (height / 2, b, WAVE_COLOURS[1]),
        ):
            bars = ax.barh(positions + offset, np.nan_to_num(values), height=height, color=colour)
            texts = [french.MISSING if np.isnan(v) else french.percent(v, digits) for v in values]
            ax.bar_label(bars, labels=texts, padding=3, fontsize=_TEXT_PT - 0.5)
        label_bars_on_the_left(ax, positions, names, top)
        _legend_above(
            ax,
            [Patch(color=WAVE_COLOURS[0]), Patch(color=WAVE_COLOURS[1])],
            [str(w) for w in waves],
            columns=2,
        )

    lines = sum(max(1, len(_wrap_label(n, 38).splitlines())) for n in names)
    height_cm = max(5.5, 1.05 * len(names) + 0.3 * lines + 1.6)
    return Chart(
        number=number, title=title, alt=alt, notes=tuple(notes), draw=draw, height_cm=height_cm
    )
