"""Charts in the house style of the report: French labels, one palette, fixed output.

Presentation only: every function takes a tidy table from :mod:`survey.stats` (or
plain numbers for a curve), draws it and writes its French texts; none computes a
statistic. The house style:

- titles ``Graphique N : …`` and, under the chart, the base and the source
  (``Base : 235 répondants. Source : enquête SPRO 2025.``);
- French numbers (``58 %`` with a narrow no-break space, decimal commas), values
  written on the bars rather than read off an axis;
- the Okabe–Ito palette, which colour-blind readers can tell apart;
- 16 cm wide at 150 dpi (about 945 pixels), readable on screen and on A4 paper;
- DejaVu Sans, which ships with matplotlib (no font warning on any machine);
- deterministic files: no date nor software version in the PNG or SVG, fixed SVG
  identifiers, so two runs give identical bytes.

Matplotlib's global state is never touched: figures are plain
:class:`matplotlib.figure.Figure` objects on an Agg canvas (pyplot is not used, so
no figure is left open) and the style is applied in an ``rc_context``.

Public API
----------
bar_chart
    One-way distribution from :func:`survey.stats.frequencies`.
stacked_bar_chart
    Column percentages of :func:`survey.stats.crosstab`, one 100 % bar per column.
curve_chart
    A curve (e.g. the saturation of codes across interviews).
Chart
    What they return: ``png_bytes()``, ``svg_text()``, ``alt``, ``html()``.
OKABE_ITO, style
    The palette and the matplotlib settings of the house style.
"""

from __future__ import annotations

import base64
import html
import io
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from survey.cache import Store, fingerprint
from survey.errors import SurveyError
from survey.report import french
from survey.report._shared import masked_note, require_columns, small_base_note
from survey.report.french import COLON, SEMICOLON

__all__ = ["OKABE_ITO", "Chart", "bar_chart", "curve_chart", "stacked_bar_chart", "style"]

OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
"""Okabe & Ito (2008) colours, in the order used for the segments of a chart."""

BAR_COLOUR = "#0072B2"
NET_COLOUR = "#56B4E9"
TEXT_COLOUR = "#222222"
NOTE_COLOUR = "#444444"

WIDTH_CM = 16.0
HEIGHT_CM = 9.0
DPI = 150
CSS_DPI = 96  # CSS pixels per inch: the size at which the image is shown in HTML

_CM = 1 / 2.54
_TITLE_PT = 11.0
_NOTE_PT = 7.5
_TEXT_PT = 8.5
_PAD_IN = 0.08

_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": _TEXT_PT,
    "text.color": TEXT_COLOUR,
    "axes.edgecolor": "#888888",
    "axes.labelcolor": TEXT_COLOUR,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
    "legend.frameon": False,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "savefig.facecolor": "white",
    "svg.hashsalt": "survey",  # fixed SVG ids (the default salt is random)
    "svg.fonttype": "path",
    "path.simplify": True,
}

_SMALL_SEGMENT = 0.06  # segments narrower than this carry no value label

_STORE = Store("charts")


@dataclass(frozen=True, eq=False)
class Chart:
    """A drawn chart with its French texts.

    Built by :func:`bar_chart`, :func:`stacked_bar_chart` or :func:`curve_chart`;
    the figure is drawn afresh (and cached) for each output.

    Attributes
    ----------
    number : int
        The ``N`` of ``Graphique N``.
    title : str
        The title, without ``Graphique N :``.
    alt : str
        A French alternative text stating the main figures, for ``<img alt>``.
    notes : tuple of str
        The sentences printed under the chart (base, non-response, source…).
    """

    number: int
    title: str
    alt: str
    notes: tuple[str, ...]
    draw: Callable[[Figure], None] = field(repr=False)
    height_cm: float = HEIGHT_CM
    width_cm: float = WIDTH_CM
    _cache: dict = field(default_factory=dict, repr=False)
    stored: tuple[str, str] | None = field(default=None, repr=False)
    """``(key, scope)``: keep the drawn files in the on-disk cache (:mod:`survey.cache`)
    under ``key``, which must name everything the drawing depends on (data, texts, code);
    ``scope`` names the chart, whose older files are then removed. ``None``: drawn anew."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "notes", tuple(n for n in self.notes if n))

    @property
    def caption(self) -> str:
        """``Graphique N : title``."""
        return f"Graphique {self.number}{COLON}{self.title}"

    @property
    def note(self) -> str:
        """The notes as one paragraph."""
        return " ".join(self.notes)

    def figure(self, *, annotated: bool = True) -> Figure:
        """A new matplotlib figure of the chart (with title and notes if ``annotated``).

        Call it inside ``matplotlib.rc_context(charts.style())`` to keep the house
        fonts when drawing it yourself; :meth:`png_bytes` and :meth:`svg_text` do.
        """
        width = self.width_cm * _CM
        body = self.height_cm * _CM
        title_lines = _wrap(self.caption, width, _TITLE_PT) if annotated else []
        note_lines = _wrap(self.note, width, _NOTE_PT) if annotated and self.note else []
        top = _band(title_lines, _TITLE_PT)
        bottom = _band(note_lines, _NOTE_PT)
        height = body + top + bottom
        fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        fig.get_layout_engine().set(rect=(0, bottom / height, 1, body / height))
        self.draw(fig)
        if title_lines:
            fig.text(
                _PAD_IN / width,
                1 - _PAD_IN / height,
                "\n".join(title_lines),
                ha="left",
                va="top",
                fontsize=_TITLE_PT,
                fontweight="bold",
            )
        if note_lines:
            fig.text(
                _PAD_IN / width,
                _PAD_IN / height,
                "\n".join(note_lines),
                ha="left",
                va="bottom",
                fontsize=_NOTE_PT,
                color=NOTE_COLOUR,
            )
        return fig

    def png_bytes(self, *, annotated: bool = True) -> bytes:
        """The chart as PNG (no timestamp nor software version in the file)."""
        return self._render("png", annotated)

    def svg_text(self, *, annotated: bool = True) -> str:
        """The chart as SVG (no date, fixed element ids)."""
        return self._render("svg", annotated).decode("utf-8")

    def save(self, path: str | Path, *, annotated: bool = True) -> Path:
        """Write the chart as ``.png`` or ``.svg`` (from the file name); return the path."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".png", ".svg"):
            raise SurveyError(
                f"Format de graphique « {path.suffix} » non pris en charge ; "
                "formats possibles : .png, .svg."
            )
        path.write_bytes(self._render(suffix[1:], annotated))
        return path

    def html(self) -> str:
        """A ``<figure>``: the title in ``<figcaption>``, the PNG inline, the notes under it.

        The image is a ``data:`` URI (the page needs no other file) drawn without its
        title and notes, which are given as HTML text instead; its ``alt`` states
        the figures.
        """
        png = self.png_bytes(annotated=False)
        data = base64.b64encode(png).decode("ascii")
        width = round(self.width_cm * _CM * CSS_DPI)
        height = round(self.height_cm * _CM * CSS_DPI)
        parts = [
            '<figure class="survey-chart">',
            f"<figcaption>{html.escape(self.caption)}</figcaption>",
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt, quote=True)}"'
            f' width="{width}" height="{height}">',
        ]
        if self.note:
            parts.append(f'<p class="survey-chart-note">{html.escape(self.note)}</p>')
        parts.append("</figure>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.html()

    def __html__(self) -> str:
        return self.html()

    def _render(self, fmt: str, annotated: bool) -> bytes:
        key = (fmt, annotated)
        if key not in self._cache:
            stored = None
            if self.stored is not None:  # one file per format: (key, scope) of this one
                stored = tuple(fingerprint(part, fmt, annotated) for part in self.stored)
                data = _STORE.load(*stored)
                if isinstance(data, bytes):
                    self._cache[key] = data
                    return data
            with rc_context(style()):
                fig = self.figure(annotated=annotated)
                buffer = io.BytesIO()
                metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
                fig.savefig(buffer, format=fmt, metadata=metadata)
            self._cache[key] = buffer.getvalue()
            if stored is not None:
                _STORE.save(stored[0], self._cache[key], stored[1])
        return self._cache[key]


def style() -> dict[str, object]:
    """The matplotlib settings of the house style (for ``matplotlib.rc_context``)."""
    return dict(_STYLE)


# --- one-way distributions ------------------------------------------------------------

_FREQUENCY_COLUMNS = ("kind", "option", "label", "percent")


def bar_chart(
    freq_table: pd.DataFrame,
    *,
    number: int,
    title: str,
    source: str,
    base_note: str | None = None,
    horizontal: bool = True,
    sort: bool = False,
    nets: bool = False,
    labels: Mapping[str, str] | None = None,
    digits: int = 0,
) -> Chart:
    """Bar chart of a one-way distribution (percentages of respondents).

    Parameters
    ----------
    freq_table : pandas.DataFrame
        A table from :func:`survey.stats.frequencies` (possibly passed through
        :func:`survey.stats.suppress_small_cells`: masked bars are drawn empty and
        labelled ``—``).
    number : int
        The chart number (``Graphique N``).
    title : str
        The title, without ``Graphique N :`` (e.g. ``"collaborations avec les membres
        du SPRO"``).
    source : str
        ``"enquête SPRO 2025"`` or ``"Source : enquête SPRO 2025."``.
    base_note : str, optional
        The base sentence; by default ``Base : N répondants.`` from the table's
        (unweighted) base.
    horizontal : bool
        Horizontal bars (default), best for long option labels.
    sort : bool
        Order the options by decreasing percentage (options coded ``autre…`` stay
        last); by default the questionnaire order, right for ordered scales.
    nets : bool
        Also draw the nets (e.g. "suffisamment ou très bien outillé"), apart after
        the options, in a lighter colour.
    labels : mapping, optional
        Shorter labels by option (or net) code.
    digits : int
        Decimals of the percentages (default 0).

    Returns
    -------
    Chart
        The alt text lists every bar with its percentage, then the notes. The notes
        state the non-response (left out of the bars) when there is any, that totals
        exceed 100 % for a multiple-choice question, a small base and weighting.
    """
    require_columns(freq_table, _FREQUENCY_COLUMNS, "survey.stats.frequencies")
    labels = dict(labels or {})
    options = freq_table[freq_table["kind"] == "option"]
    if options.empty:
        raise SurveyError("Le tableau de fréquences n'a aucune modalité à représenter.")
    if sort:
        other = options["option"].astype(str).str.startswith("autre")
        ranked = options[~other].sort_values("percent", ascending=False, kind="stable")
        options = pd.concat([ranked, options[other]])
    shown = [options]
    if nets:
        shown.append(freq_table[freq_table["kind"] == "net"])
    rows = pd.concat(shown)
    names = [
        labels.get(str(code), str(label))
        for code, label in zip(rows["option"], rows["label"], strict=True)
    ]
    values = rows["percent"].to_numpy(dtype="float64")
    is_net = (rows["kind"] == "net").to_numpy()
    texts = [_masked_percent(v, digits) for v in values]

    notes = _frequency_notes(freq_table, options, base_note)
    notes.append(_source(source))
    items = [f"{name}{COLON}{text}" for name, text in zip(names, texts, strict=True)]
    alt = _alt(number, title, SEMICOLON.join(items), notes)

    n_options = len(options)
    positions = np.concatenate(
        [np.arange(n_options), n_options + 0.6 + np.arange(int(is_net.sum()))]
    ).astype("float64")
    colours = [NET_COLOUR if net else BAR_COLOUR for net in is_net]

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        heights = np.nan_to_num(values)
        top = max(float(heights.max()), 0.01) * 1.18
        if horizontal:
            bars = ax.barh(positions, heights, height=0.68, color=colours)
            label_bars_on_the_left(ax, positions, names, top)
        else:
            span = float(positions[-1]) + 1
            width = max(6, int(0.85 * 95 / span))
            longest = max(len(word) for n in names for word in n.split())
            size = _TEXT_PT if longest <= width else _TEXT_PT * width / longest
            bars = ax.bar(positions, heights, width=0.68, color=colours)
            ax.set_xticks(positions, [_wrap_label(n, width) for n in names], fontsize=size)
            ax.set_ylim(0, top)
            ax.yaxis.set_visible(False)
            ax.spines["left"].set_visible(False)
            ax.tick_params(axis="x", length=0)
        ax.bar_label(bars, labels=texts, padding=3, fontsize=_TEXT_PT)
        if is_net.any():
            _legend_above(
                ax,
                [Patch(color=BAR_COLOUR), Patch(color=NET_COLOUR)],
                ["Modalités", "Regroupements de modalités"],
                columns=2,
                from_edge=horizontal,
            )

    if horizontal:
        lines = sum(max(1, len(_wrap_label(n, 38).splitlines())) for n in names)
        height = max(5.0, 0.75 * len(names) + 0.3 * lines + 1.0)
    else:
        height = HEIGHT_CM
    return Chart(number=number, title=title, alt=alt, notes=tuple(notes), draw=draw,
                 height_cm=height)  # fmt: skip


def _frequency_notes(
    table: pd.DataFrame, options: pd.DataFrame, base_note: str | None
) -> list[str]:
    """Base, non-response, multiple choice, small base, weighting (French sentences)."""
    params = table.attrs.get("params", {})
    first = options.iloc[0]
    base = first.get("unweighted_base", first.get("base", math.nan))
    notes = [french.sentence(base_note) if base_note else _base_sentence(base)]
    nonresponse = table[table["kind"] == "nonresponse"]
    if not nonresponse.empty:
        row = nonresponse.iloc[0]
        missing = row.get("unweighted_count", row.get("count", 0))
        if bool(row.get("suppressed", False)):
            notes.append(f"Non-réponse{COLON}{french.MASKED}, hors base des pourcentages.")
        elif missing and not _isnan(missing):
            notes.append(
                f"Non-réponse{COLON}{french.plural(missing, 'répondant')}, "
                "hors base des pourcentages."
            )
    if float(options["percent"].fillna(0).sum()) > 1 + 1e-9:
        notes.append(f"Plusieurs réponses possibles{COLON}le total dépasse 100{french.NNBSP}%.")
    if "small_base" in options and bool(options["small_base"].any()):
        notes.append(small_base_note(params))
    if _weighted(params):
        notes.append("Résultats pondérés.")
    if "suppressed" in options and bool(options["suppressed"].any()):
        notes.append(masked_note(params))
    return notes


# --- cross-tabs ----------------------------------------------------------------------

_CROSSTAB_COLUMNS = ("row", "row_kind", "row_label", "col", "col_kind", "col_label", "col_percent")


def stacked_bar_chart(
    crosstab_table: pd.DataFrame,
    *,
    number: int,
    title: str,
    source: str,
    base_note: str | None = None,
    horizontal: bool = True,
    total: bool = True,
    labels: Mapping[str, str] | None = None,
    col_labels: Mapping[str, str] | None = None,
    colors: Sequence[str] | None = None,
    digits: int = 0,
) -> Chart:
    """One 100 % bar per column of a cross-tab, split by the row options.

    Parameters
    ----------
    crosstab_table : pandas.DataFrame
        A table from :func:`survey.stats.crosstab` whose row variable is single
        choice (column percentages summing to 100 %), possibly passed through
        :func:`survey.stats.suppress_small_cells` (masked segments are left out).
    number, title, source, base_note
        As in :func:`bar_chart`; the default base is the respondents who answered
        both questions.
    horizontal : bool
        Horizontal bars (default).
    total : bool
        Add the bar of all respondents (``Ensemble``), last.
    labels, col_labels : mapping, optional
        Shorter labels by row option code and by column code.
    colors : sequence of str, optional
        One colour per row option; default :data:`OKABE_ITO`.
    digits : int
        Decimals of the percentages.

    Returns
    -------
    Chart
        Each bar is labelled with its column and its base (``n = 96``).

    Raises
    ------
    SurveyError
        Not a cross-tab, or a multiple-choice row variable (percentages over 100 %:
        use a table or one bar chart per column instead).
    """
    require_columns(crosstab_table, _CROSSTAB_COLUMNS, "survey.stats.crosstab")
    labels = dict(labels or {})
    col_labels = dict(col_labels or {})
    params = crosstab_table.attrs.get("params", {})
    cells = crosstab_table[crosstab_table["row_kind"] == "option"]
    keep = cells["col_kind"] == "option"
    if total:
        keep |= cells["col_kind"] == "total"
    cells = cells[keep]
    row_codes = list(dict.fromkeys(cells["row"]))
    col_codes = list(dict.fromkeys(cells["col"]))
    matrix = (
        cells.pivot(index="row", columns="col", values="col_percent")
        .reindex(index=row_codes, columns=col_codes)
        .to_numpy(dtype="float64")
    )
    if np.any(np.nansum(matrix, axis=0) > 1 + 1e-6):
        raise SurveyError(
            f"Les pourcentages de « {params.get('row', 'la variable en ligne')} » dépassent "
            "100 % dans une colonne (question à choix multiple) : un graphique empilé ne "
            "convient pas ; utilisez un tableau croisé ou un graphique en barres par colonne."
        )
    first_by_row = cells.drop_duplicates("row").set_index("row")
    first_by_col = cells.drop_duplicates("col").set_index("col")
    row_names = [labels.get(str(r), str(first_by_row.at[r, "row_label"])) for r in row_codes]
    col_names = []
    for code in col_codes:
        kind = first_by_col.at[code, "col_kind"]
        default = "Ensemble" if kind == "total" else str(first_by_col.at[code, "col_label"])
        col_names.append(col_labels.get(str(code), default))
    bases = _column_bases(first_by_col, col_codes)
    small = (
        first_by_col["small_base"].reindex(col_codes).fillna(False).to_numpy(dtype=bool)
        if "small_base" in first_by_col
        else np.zeros(len(col_codes), dtype=bool)
    )
    bar_names = [
        f"{name} (n = {french.integer(base)}{', effectif faible' if flag else ''})"
        for name, base, flag in zip(col_names, bases, small, strict=True)
    ]
    palette = list(colors or OKABE_ITO)
    if len(palette) < len(row_codes):
        raise SurveyError(
            f"{len(row_codes)} modalités pour {len(palette)} couleurs : "
            "donnez au moins une couleur par modalité (colors=…)."
        )

    notes = []
    if base_note:
        notes.append(french.sentence(base_note))
    else:
        whole = first_by_col
        everyone = whole[whole["col_kind"] == "total"]
        if not everyone.empty:
            n = everyone.iloc[0].get("unweighted_col_base", everyone.iloc[0].get("col_base"))
            notes.append(_base_sentence(n, "ayant répondu aux deux questions"))
    if bool(small.any()):
        notes.append(small_base_note(params))
    if _weighted(params):
        notes.append("Résultats pondérés.")
    if "suppressed" in cells and bool(cells["suppressed"].any()):
        notes.append(masked_note(params))
    notes.append(_source(source))

    parts = []
    for j, bar in enumerate(bar_names):
        segments = SEMICOLON.join(
            f"{row_names[i]}{COLON}{_masked_percent(matrix[i, j], digits)}"
            for i in range(len(row_codes))
        )
        parts.append(f"{bar}{COLON}{segments}")
    alt = _alt(number, title, ". ".join(parts), notes)

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        positions = np.arange(len(col_codes), dtype="float64")
        if total and len(col_codes) > 1 and first_by_col.iloc[-1]["col_kind"] == "total":
            positions[-1] += 0.4
        start = np.zeros(len(col_codes))
        handles = []
        for i, name in enumerate(row_names):
            widths = np.nan_to_num(matrix[i])
            colour = palette[i]
            if horizontal:
                bars = ax.barh(positions, widths, left=start, height=0.66, color=colour)
            else:
                bars = ax.bar(positions, widths, bottom=start, width=0.66, color=colour)
            texts = [
                french.percent(v, digits) if not _isnan(v) and v >= _SMALL_SEGMENT else ""
                for v in matrix[i]
            ]
            ax.bar_label(
                bars, labels=texts, label_type="center", color=_ink(colour), fontsize=_TEXT_PT
            )
            handles.append(Patch(color=colour, label=name))
            start += widths
        names = [_wrap_label(n, 34 if horizontal else 16) for n in bar_names]
        if horizontal:
            ax.set_yticks(positions, names)
            ax.invert_yaxis()
            ax.set_xlim(0, 1)
            ax.xaxis.set_visible(False)
            ax.spines["bottom"].set_visible(False)
            ax.tick_params(axis="y", length=0)
        else:
            ax.set_xticks(positions, names)
            ax.set_ylim(0, 1)
            ax.yaxis.set_visible(False)
            ax.spines["left"].set_visible(False)
            ax.tick_params(axis="x", length=0)
        _legend_above(
            ax, handles, [_wrap_label(n, 30) for n in row_names], columns=3, from_edge=horizontal
        )

    legend_rows = math.ceil(len(row_codes) / 3)
    if horizontal:
        height = max(6.0, 1.1 * len(col_codes) + 0.7 * legend_rows + 1.5)
    else:
        height = HEIGHT_CM + 0.5 * legend_rows
    return Chart(number=number, title=title, alt=alt, notes=tuple(notes), draw=draw,
                 height_cm=height)  # fmt: skip


def _column_bases(first_by_col: pd.DataFrame, codes: list) -> list[float]:
    column = "unweighted_col_base" if "unweighted_col_base" in first_by_col else "col_base"
    if column not in first_by_col:
        raise SurveyError("Le tableau croisé n'a pas de colonne de bases (col_base).")
    return [float(first_by_col.at[c, column]) for c in codes]


# --- curves ------------------------------------------------------------------------


def curve_chart(
    x: Sequence[object],
    y: Sequence[float],
    *,
    number: int,
    title: str,
    x_label: str,
    y_label: str,
    source: str,
    base_note: str | None = None,
    highlight: tuple[object, str] | None = None,
    percent: bool = False,
    max_alt_points: int = 15,
) -> Chart:
    """A curve of ``y`` against ``x``, e.g. cumulative distinct codes by interview.

    Parameters
    ----------
    x : sequence
        Abscissae, numbers or labels (interview ids are shown in the given order).
    y : sequence of float
        Ordinates (proportions in [0, 1] when ``percent``).
    number, title, source
        As in :func:`bar_chart`.
    x_label, y_label : str
        French axis titles (e.g. ``"Entretiens, dans l'ordre de réalisation"`` and
        ``"Codes distincts cumulés"``).
    base_note : str, optional
        A base sentence (e.g. ``"Base : 24 entretiens."``); none by default.
    highlight : (x value, str), optional
        A point to mark with a dashed vertical line and a short French text (e.g.
        ``("E12", "Saturation après E12")``); the text is also said in the alt text.
    percent : bool
        Format ``y`` as percentages.
    max_alt_points : int
        The alt text lists every point up to this many, else only the first and last.

    Returns
    -------
    Chart
    """
    xs = list(x)
    ys = np.asarray(list(y), dtype="float64")
    if len(xs) != len(ys) or not xs:
        raise SurveyError(
            f"La courbe demande autant d'abscisses que d'ordonnées, au moins une "
            f"(reçu : {len(xs)} et {len(ys)})."
        )
    numeric_x = all(isinstance(v, int | float | np.number) for v in xs)
    whole_y = not percent and bool(np.all(np.isnan(ys) | (ys == np.round(ys))))

    def fmt_y(value: float) -> str:
        if percent:
            return french.percent(value)
        return french.integer(value) if whole_y else french.decimal(value)

    def fmt_x(value: object) -> str:
        if isinstance(value, int | np.integer):
            return french.integer(value)
        if isinstance(value, float | np.floating):
            return french.decimal(value) if value != round(value) else french.integer(value)
        return str(value)

    notes = [french.sentence(base_note)] if base_note else []
    notes.append(_source(source))
    if len(xs) <= max_alt_points:
        points = SEMICOLON.join(f"{fmt_x(a)}{COLON}{fmt_y(b)}" for a, b in zip(xs, ys, strict=True))
    else:
        points = (
            f"de {fmt_y(ys[0])} ({fmt_x(xs[0])}) à {fmt_y(ys[-1])} ({fmt_x(xs[-1])}), "
            f"{len(xs)} points"
        )
    body = f"En abscisse{COLON}{x_label} ; en ordonnée{COLON}{y_label}. Valeurs{COLON}{points}"
    if highlight is not None:
        body += ". " + french.sentence(highlight[1]).rstrip(".")
    alt = _alt(number, title, body, notes)

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        positions = np.asarray(xs, dtype="float64") if numeric_x else np.arange(len(xs))
        ax.plot(positions, ys, color=BAR_COLOUR, linewidth=1.8, marker="o", markersize=3.5)
        if not numeric_x:
            step = max(1, math.ceil(len(xs) / 24))
            ax.set_xticks(positions[::step], [str(v) for v in xs[::step]])
            if len(xs) > 12:
                ax.tick_params(axis="x", labelrotation=90)
        else:
            ax.xaxis.set_major_formatter(lambda value, _: fmt_x(value))
        ax.yaxis.set_major_formatter(lambda value, _: fmt_y(value))
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
        ax.set_axisbelow(True)
        if highlight is not None:
            where = highlight[0]
            at = float(where) if numeric_x else float(xs.index(where))
            ax.axvline(at, color=OKABE_ITO[5], linestyle="--", linewidth=1.2)
            ax.annotate(
                highlight[1],
                xy=(at, 0.03),
                xycoords=("data", "axes fraction"),
                xytext=(4, 0),
                textcoords="offset points",
                ha="left",
                va="bottom",
                bbox={"boxstyle": "square,pad=0.2", "facecolor": "white", "edgecolor": "none"},
                color=OKABE_ITO[5],
                fontsize=_NOTE_PT + 0.5,
            )

    return Chart(number=number, title=title, alt=alt, notes=tuple(notes), draw=draw)


# --- shared helpers ----------------------------------------------------------------


def _isnan(value: object) -> bool:
    return value is None or (isinstance(value, float | np.floating) and math.isnan(value))


def _masked_percent(value: float, digits: int) -> str:
    return french.MASKED if _isnan(value) else french.percent(value, digits)


def _weighted(params: Mapping[str, object]) -> bool:
    return params.get("weight") not in (None, "none")


def _base_sentence(base: float, who: str = "") -> str:
    if _isnan(base):
        return ""
    text = f"Base{COLON}{french.plural(base, 'répondant')}"
    return f"{text} {who}." if who else f"{text}."


def _source(source: str) -> str:
    text = source.strip()
    if not text.lower().startswith("source"):
        text = f"Source{COLON}{text}"
    return french.sentence(text)


def _alt(number: int, title: str, body: str, notes: Sequence[str]) -> str:
    """``Graphique N : title. body. notes`` (without the source)."""
    said = [n for n in notes if n and not n.startswith("Source")]
    text = f"Graphique {number}{COLON}{_full_stop(title)} {_full_stop(body)}"
    return " ".join([text, *said])


def _full_stop(text: str) -> str:
    """``text`` ending with a full stop (its case is kept: labels may be proper nouns)."""
    text = text.strip()
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _wrap(text: str, width_in: float, size_pt: float) -> list[str]:
    """Lines of ``text`` fitting ``width_in`` inches at ``size_pt`` points (approximately)."""
    chars = max(20, int((width_in - 2 * _PAD_IN) * 72 / (0.55 * size_pt)))
    return textwrap.wrap(text, chars, break_on_hyphens=False)


def label_bars_on_the_left(ax, positions, names, top: float) -> None:
    """Horizontal bars in the house style: wrapped labels on the left, first at the top,
    no value axis (the values are written on the bars)."""
    ax.set_yticks(positions, [_wrap_label(n, 38) for n in names])
    ax.invert_yaxis()
    ax.set_xlim(0, top)
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.tick_params(axis="y", length=0)


def _wrap_label(text: str, chars: int) -> str:
    lines = textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) or text


def _legend_above(
    ax, handles: list, labels: list[str], *, columns: int, from_edge: bool = True
) -> None:
    """A legend above the plot, inside the layout (it never covers the title nor the bars).

    It starts at the left edge of the figure when ``from_edge`` (above the tick
    labels of horizontal bars), else at the left of the plot; it has as many
    columns (up to ``columns``) as fit the width of the figure.
    """
    fig = ax.get_figure()
    per_row = int(fig.get_figwidth() * 72 / (0.6 * (_NOTE_PT + 0.5)))
    longest = max(len(line) for label in labels for line in label.splitlines())
    fitting = max(1, per_row // (longest + 6))
    ax.legend(
        handles=handles,
        labels=labels,
        loc="lower left",
        bbox_to_anchor=(_PAD_IN / fig.get_figwidth() if from_edge else 0, 1.03),
        bbox_transform=blended_transform_factory(
            fig.transFigure if from_edge else ax.transAxes, ax.transAxes
        ),
        ncols=min(len(handles), columns, fitting),
        fontsize=_NOTE_PT + 0.5,
        borderaxespad=0,
        handlelength=1.2,
    )


def _band(lines: list[str], size_pt: float) -> float:
    """Height in inches of a block of text lines, with padding."""
    if not lines:
        return 0.0
    return len(lines) * size_pt * 1.35 / 72 + 2 * _PAD_IN


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG relative luminance)."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return "#000000" if luminance > 0.179 else "#FFFFFF"
