"""Accessible HTML tables, in French, from the tidy tables of :mod:`survey.stats`.

Presentation only: every function formats the numbers a statistics function
returned (``58 %``, ``[46 % ; 59 %]``, ``68 % B``) and never computes one. Each
returns a :class:`Table`, which *is* the HTML string (a ``str``) and also carries
the same table as a DataFrame with French headers and raw numbers, for the
workbook (:func:`survey.report.workbook.write_workbook`).

The HTML is plain and accessible: a ``<caption>``, ``<th scope="col">`` for
column headers and ``<th scope="row">`` for row headers, ``<thead>``/``<tbody>``/
``<tfoot>``, the notes in paragraphs after the table, classes for styling
(:data:`STYLESHEET`) and no script nor inline style.

Public API
----------
frequency_table
    One-way table from :func:`survey.stats.frequencies`: effectif, %, interval, base.
crosstab_table
    Column percentages of :func:`survey.stats.crosstab`, with the significance
    letters of :func:`survey.stats.column_letters` and disclosure control.
simple_table
    Any DataFrame (e.g. "Constats / Propositions", "Sentiment / Nombre
    d'occurrences / Extraits types").
Table
    What they return.
STYLESHEET
    A small CSS for the classes used.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from survey.errors import SurveyError
from survey.report import french
from survey.report._shared import masked_note, require_columns, small_base_note
from survey.report.french import COLON, MASKED
from survey.stats import ColumnLetters, suppress_small_cells

if TYPE_CHECKING:
    from survey.questionnaire import Questionnaire

__all__ = ["STYLESHEET", "Table", "crosstab_table", "frequency_table", "simple_table"]

Format = Literal["percent", "integer", "decimal", "text"]
"""How the workbook shows a column: ``DataFrame.attrs["formats"]`` maps headers to these."""

STYLESHEET = """\
.survey-table { margin: 1em 0; overflow-x: auto; }
.survey-table table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.survey-table caption { caption-side: top; text-align: left; font-weight: bold; padding: .3em 0; }
.survey-table th, .survey-table td { padding: .25em .6em; border-bottom: 1px solid #ddd;
  vertical-align: top; text-align: left; }
.survey-table thead th { border-bottom: 2px solid #444; }
.survey-table .num { text-align: right; white-space: nowrap; }
.survey-table .letter { text-align: right; font-weight: normal; color: #444; }
.survey-table tbody.nets th, .survey-table tbody.nets td { font-style: italic; }
.survey-table tr.group th { font-weight: bold; font-style: normal; }
.survey-table tfoot th, .survey-table tfoot td { border-top: 1px solid #444; }
.survey-table .small-base { color: #a04000; }
.survey-table-note { font-size: .85em; color: #444; margin: .2em 0; }
.survey-chart img { max-width: 100%; height: auto; }
.survey-chart-note { font-size: .85em; color: #444; }
"""
"""CSS for the classes of the tables and charts (``<style>`` of the report)."""

NETS_HEADING = "Regroupements"
TOTAL_HEADING = "Ensemble"


class Table(str):
    """An HTML table: the string itself is the HTML, with its workbook form attached.

    Use it as a string (``str(table)``, concatenation, a Jinja template: it has
    ``__html__`` so autoescaping keeps it as markup) or display it in a notebook.

    Attributes
    ----------
    caption : str
        The caption.
    notes : tuple of str
        The French notes printed under the table.
    """

    caption: str
    notes: tuple[str, ...]

    def __new__(
        cls, markup: str, *, caption: str, notes: Sequence[str], frame: pd.DataFrame
    ) -> Table:
        self = super().__new__(cls, markup)
        self.caption = caption
        self.notes = tuple(notes)
        self._frame = frame
        return self

    def __reduce__(self):
        return (_rebuild, (str(self), self.caption, self.notes, self._frame))

    def __repr__(self) -> str:
        return f"<Table « {self.caption} »>"

    def html(self) -> str:
        """The HTML as a plain string."""
        return str(self)

    def __html__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return str(self)

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame with French headers, for the workbook.

        Numbers stay numbers (percentages as proportions in [0, 1]); masked cells
        are ``"—"``. ``attrs["formats"]`` maps each numeric header to ``"percent"``,
        ``"integer"`` or ``"decimal"``, and ``attrs["row_formats"]`` overrides it for
        some rows (by row position: e.g. the row of bases in a cross-tab).
        """
        frame = self._frame.copy()
        frame.attrs = {k: dict(v) for k, v in self._frame.attrs.items()}
        return frame

    def sheet(self, title: str | None = None) -> tuple[str, pd.DataFrame, list[str]]:
        """``(sheet title, frame, notes)`` for :func:`~survey.report.workbook.write_workbook`.

        The title defaults to the caption (the workbook shortens it to 31
        characters); the caption is repeated as the first note, in full.
        """
        return (title or self.caption, self.to_frame(), [self.caption, *self.notes])


def _rebuild(markup: str, caption: str, notes: tuple[str, ...], frame: pd.DataFrame) -> Table:
    return Table(markup, caption=caption, notes=notes, frame=frame)


# --- one-way tables ------------------------------------------------------------------

_FREQUENCY_COLUMNS = ("kind", "option", "label", "count", "base", "percent")


def frequency_table(
    freq: pd.DataFrame,
    *,
    caption: str,
    note: str | Sequence[str] | None = None,
    questionnaire: Questionnaire | None = None,
    nets: bool = True,
    ci: bool = True,
    labels: Mapping[str, str] | None = None,
    suppress_threshold: float | None = None,
    digits: int = 0,
) -> Table:
    """One-way table: option, effectif, %, confidence interval, base.

    Parameters
    ----------
    freq : pandas.DataFrame
        A table from :func:`survey.stats.frequencies` (possibly already passed
        through :func:`survey.stats.suppress_small_cells`).
    caption : str
        The caption (e.g. ``"Tableau 3 : collaborations avec les membres du SPRO"``).
    note : str or sequence of str, optional
        Notes added after the automatic ones.
    questionnaire : Questionnaire, optional
        Gives the question wording (a note ``Question : « … »``) and the option
        labels when the table was computed without it (labels equal to codes).
    nets : bool
        Show the nets (after the options, under a ``Regroupements`` heading).
    ci : bool
        Show the confidence interval column (``IC 95 %``: ``[46 % ; 59 %]``).
    labels : mapping, optional
        Labels by option (or net) code, overriding the table's.
    suppress_threshold : float, optional
        Mask the cells whose count is under this (with
        :func:`survey.stats.suppress_small_cells`): they show ``—``.
    digits : int
        Decimals of the percentages.

    Returns
    -------
    Table
        Rows: options, then nets; footer: the base (flagged ``effectif faible`` under
        the table's small-base threshold) and the non-response when there is any.
        Notes: question wording, non-response, multiple choice, small base,
        weighting, masking, then ``note``.
    """
    require_columns(freq, _FREQUENCY_COLUMNS, "survey.stats.frequencies")
    if suppress_threshold is not None:
        freq = suppress_small_cells(freq, threshold=suppress_threshold)
    params = freq.attrs.get("params", {})
    question_id = str(freq["question"].iloc[0]) if "question" in freq and len(freq) else None
    labels = {**_questionnaire_labels(questionnaire, question_id), **dict(labels or {})}
    masked = freq["suppressed"].to_numpy(dtype=bool) if "suppressed" in freq else None
    level = params.get("level", 0.95)
    ci_header = f"IC {_level(level)}{french.NNBSP}%"
    has_ci = ci and "ci_low" in freq and "ci_high" in freq

    options = freq[freq["kind"] == "option"]
    if options.empty:
        raise SurveyError("Le tableau de fréquences n'a aucune modalité à présenter.")
    net_rows = freq[freq["kind"] == "net"] if nets else freq.iloc[0:0]
    nonresponse = freq[freq["kind"] == "nonresponse"]

    headers = ["Modalité", "Effectif", "%"]
    if has_ci:
        headers.append(ci_header)

    def cells(row: pd.Series, position: int) -> tuple[list[str], list[object]]:
        hidden = masked is not None and bool(masked[position])
        shown = [
            MASKED if hidden else french.integer(row["count"]),
            MASKED if hidden else french.percent(row["percent"], digits),
        ]
        raw: list[object] = [
            MASKED if hidden else _number(row["count"]),
            MASKED if hidden else _number(row["percent"]),
        ]
        if has_ci:
            shown.append(MASKED if hidden else french.interval(row["ci_low"], row["ci_high"]))
            raw += [
                MASKED if hidden else _number(row["ci_low"]),
                MASKED if hidden else _number(row["ci_high"]),
            ]
        return shown, raw

    def label_of(row: pd.Series) -> str:
        return labels.get(str(row["option"]), str(row["label"]))

    body_rows, frame_rows = [], []
    for position, row in options.iterrows():
        shown, raw = cells(row, freq.index.get_loc(position))
        body_rows.append(_row(label_of(row), shown))
        frame_rows.append([label_of(row), *raw])
    net_html = []
    if not net_rows.empty:
        net_html.append(_group_row(NETS_HEADING, len(headers)))
        frame_rows.append([NETS_HEADING, *[None] * (len(frame_rows[0]) - 1)])
        for position, row in net_rows.iterrows():
            shown, raw = cells(row, freq.index.get_loc(position))
            net_html.append(_row(label_of(row), shown))
            frame_rows.append([label_of(row), *raw])

    first = options.iloc[0]
    base = first.get("unweighted_base", first["base"])
    small = bool(options["small_base"].any()) if "small_base" in options else False
    base_text = french.integer(base) + (" (effectif faible)" if small else "")
    foot = [
        _row("Base", [base_text] + [""] * (len(headers) - 2), css="small-base" if small else "")
    ]
    frame_rows.append(["Base", _number(base), *[None] * (len(frame_rows[0]) - 2)])
    notes = []
    wording = _question_wording(questionnaire, question_id)
    if wording:
        notes.append(wording)
    notes.append("Pourcentages calculés sur la base des répondants à la question.")
    if not nonresponse.empty:
        nr = nonresponse.iloc[0]
        nr_count = nr.get("unweighted_count", nr["count"])
        nr_hidden = masked is not None and bool(masked[freq.index.get_loc(nonresponse.index[0])])
        if nr_hidden or (not _isnan(nr_count) and nr_count > 0):
            foot.append(
                _row("Non-réponse", [MASKED if nr_hidden else french.integer(nr_count)]
                     + [""] * (len(headers) - 2))
            )  # fmt: skip
            frame_rows.append(
                ["Non-réponse", MASKED if nr_hidden else _number(nr_count)]
                + [None] * (len(frame_rows[0]) - 2)
            )
            notes.append(f"Non-réponse{COLON}hors base des pourcentages.")
    if float(options["percent"].fillna(0).sum()) > 1 + 1e-9:
        notes.append(f"Plusieurs réponses possibles{COLON}le total dépasse 100{french.NNBSP}%.")
    if small:
        notes.append(small_base_note(params))
    if _weighted(params):
        notes.append(
            f"Résultats pondérés{COLON}effectifs et pourcentages pondérés, base non pondérée"
            f"{french.SEMICOLON}intervalles calculés sur la base effective."
        )
    if has_ci:
        notes.append(
            f"{ci_header}{COLON}intervalle de confiance à {_level(level)}{french.NNBSP}% "
            f"({_ci_method(params.get('ci_method', 'wilson'))})."
        )
    if masked is not None and bool(masked.any()):
        notes.append(masked_note(freq.attrs.get("params", {})))
    notes += _user_notes(note)

    frame_headers = ["Modalité", "Effectif", "%"]
    if has_ci:
        frame_headers += [f"{ci_header} bas", f"{ci_header} haut"]
    frame = pd.DataFrame(frame_rows, columns=frame_headers)
    frame.attrs["formats"] = {
        "Effectif": "integer",
        "%": "percent",
        **({h: "percent" for h in frame_headers[3:]}),
    }
    markup = _table_html(
        caption,
        head=[_header_row(headers)],
        bodies=[body_rows, net_html] if net_html else [body_rows],
        foot=foot,
        notes=notes,
    )
    return Table(markup, caption=caption, notes=notes, frame=frame)


# --- cross-tabs --------------------------------------------------------------------

_CROSSTAB_COLUMNS = (
    "row",
    "row_kind",
    "row_label",
    "col",
    "col_kind",
    "col_label",
    "col_percent",
    "col_base",
)


def crosstab_table(
    crosstab: pd.DataFrame,
    letters: ColumnLetters | pd.DataFrame | None = None,
    *,
    caption: str,
    note: str | Sequence[str] | None = None,
    suppress_threshold: float | None = None,
    nets: bool = True,
    total: bool = True,
    labels: Mapping[str, str] | None = None,
    col_labels: Mapping[str, str] | None = None,
    digits: int = 0,
) -> Table:
    """Cross-tab of column percentages, with significance letters as in SPSS.

    Parameters
    ----------
    crosstab : pandas.DataFrame
        A table from :func:`survey.stats.crosstab` (possibly already passed through
        :func:`survey.stats.suppress_small_cells`).
    letters : ColumnLetters or pandas.DataFrame, optional
        The result of :func:`survey.stats.column_letters` for the same two
        variables (or its ``table``). Each column gets a letter in a header row
        (``(A)``) and each cell the letters of the columns it significantly exceeds
        (``68 % B``).
    caption : str
        The caption.
    note : str or sequence of str, optional
        Notes added after the automatic ones.
    suppress_threshold : float, optional
        Mask the cells whose count is under this (with
        :func:`survey.stats.suppress_small_cells`): they show ``—``, without letters.
    nets : bool
        Show the net rows (under a ``Regroupements`` heading).
    total : bool
        Show the column of all respondents (``Ensemble``), last.
    labels, col_labels : mapping, optional
        Labels by row code and by column code, overriding the table's.
    digits : int
        Decimals of the percentages.

    Returns
    -------
    Table
        Rows: row options, then nets; footer: the (unweighted) base of each column,
        flagged ``effectif faible`` under the table's small-base threshold. Notes:
        what the percentages are, the test behind the letters (correction, α),
        untested columns, masking, weighting, then ``note``.

    Raises
    ------
    SurveyError
        Not a cross-tab, or letters computed on other variables.
    """
    require_columns(crosstab, _CROSSTAB_COLUMNS, "survey.stats.crosstab")
    if suppress_threshold is not None:
        crosstab = suppress_small_cells(crosstab, threshold=suppress_threshold)
    params = crosstab.attrs.get("params", {})
    labels = dict(labels or {})
    col_labels = dict(col_labels or {})
    letter_cells, letter_params = _letters(crosstab, letters)

    rows_kept = crosstab["row_kind"].isin(["option", "net"] if nets else ["option"])
    cols_kept = crosstab["col_kind"].isin(["option", "total"] if total else ["option"])
    cells = crosstab[rows_kept & cols_kept]
    by_col = crosstab[crosstab["row_kind"] == "total"].drop_duplicates("col").set_index("col")
    if by_col.empty:
        by_col = crosstab.drop_duplicates("col").set_index("col")
    col_codes = [c for c in dict.fromkeys(cells["col"])]
    kinds = {c: by_col.at[c, "col_kind"] for c in col_codes}
    col_names = {
        c: col_labels.get(
            str(c), TOTAL_HEADING if kinds[c] == "total" else str(by_col.at[c, "col_label"])
        )
        for c in col_codes
    }
    col_letter = {}
    untested = []
    if letter_cells is not None:
        per_col = letter_cells.drop_duplicates("col").set_index("col")
        for c in col_codes:
            if str(c) in per_col.index:
                col_letter[c] = str(per_col.at[str(c), "letter"])
                if "tested" in per_col and not bool(per_col.at[str(c), "tested"]):
                    untested.append(col_letter[c])
    exceeds = (
        {(str(r), str(c)): str(e) for r, c, e in letter_cells[["row", "col", "exceeds"]].itertuples(
            index=False)}
        if letter_cells is not None
        else {}
    )  # fmt: skip

    base_column = "unweighted_col_base" if "unweighted_col_base" in by_col else "col_base"
    bases = {c: by_col.at[c, base_column] for c in col_codes}
    small = {c: bool(by_col.at[c, "small_base"]) if "small_base" in by_col else False
             for c in col_codes}  # fmt: skip
    masked_any = False

    head = [
        "<tr>"
        + ('<td rowspan="2"></td>' if col_letter else "<td></td>")
        + "".join(f'<th scope="col">{_text(col_names[c])}</th>' for c in col_codes)
        + "</tr>"
    ]
    if col_letter:
        head.append(
            "<tr>"
            + "".join(
                f'<th scope="col" class="letter">({col_letter[c]})</th>'
                if c in col_letter
                else '<td class="letter"></td>'
                for c in col_codes
            )
            + "</tr>"
        )

    frame_headers = ["Modalité"]
    formats: dict[str, Format] = {}
    for c in col_codes:
        header = col_names[c] + (f" ({col_letter[c]})" if c in col_letter else "")
        frame_headers.append(header)
        formats[header] = "percent"
        if c in col_letter:
            frame_headers.append(f"Lettres ({col_letter[c]})")
            formats[frame_headers[-1]] = "text"

    def table_rows(kind: str) -> tuple[list[str], list[list[object]]]:
        nonlocal masked_any
        shown_rows, frame_rows = [], []
        part = cells[cells["row_kind"] == kind]
        for row_code in dict.fromkeys(part["row"]):
            line = part[part["row"] == row_code].set_index("col")
            name = labels.get(str(row_code), str(line["row_label"].iloc[0]))
            texts, raw = [], [name]
            for c in col_codes:
                cell = line.loc[c]
                hidden = "suppressed" in line and bool(cell["suppressed"])
                masked_any |= hidden
                sig = "" if hidden else exceeds.get((str(row_code), str(c)), "")
                if hidden:
                    texts.append(MASKED)
                else:
                    value = french.percent(cell["col_percent"], digits)
                    texts.append(f"{value} {sig}" if sig else value)
                raw.append(MASKED if hidden else _number(cell["col_percent"]))
                if c in col_letter:
                    raw.append(sig)
            shown_rows.append(_row(name, texts))
            frame_rows.append(raw)
        return shown_rows, frame_rows

    body_rows, frame_rows = table_rows("option")
    if body_rows == []:
        raise SurveyError("Le tableau croisé n'a aucune modalité en ligne à présenter.")
    net_rows, net_frame = table_rows("net") if nets else ([], [])
    bodies = [body_rows]
    width = len(frame_headers)
    if net_rows:
        bodies.append([_group_row(NETS_HEADING, len(col_codes) + 1), *net_rows])
        frame_rows.append([NETS_HEADING, *[None] * (width - 1)])
        frame_rows += net_frame

    base_texts = [
        french.integer(bases[c]) + (" (effectif faible)" if small[c] else "") for c in col_codes
    ]
    foot = ["<tr>" + '<th scope="row">Base</th>' + "".join(
        f'<td class="num{" small-base" if small[c] else ""}">{_text(t)}</td>'
        for c, t in zip(col_codes, base_texts, strict=True)
    ) + "</tr>"]  # fmt: skip
    base_row: list[object] = ["Base"]
    for c in col_codes:
        base_row.append(_number(bases[c]))
        if c in col_letter:
            base_row.append(None)
    frame_rows.append(base_row)

    notes = [
        f"Pourcentages en colonne{COLON}part des répondants de chaque colonne ayant donné la "
        "réponse en ligne."
    ]
    if float(cells[cells["row_kind"] == "option"].groupby("col")["col_percent"].sum().max()) > (
        1 + 1e-9
    ):
        notes.append(
            f"Plusieurs réponses possibles{COLON}le total d'une colonne dépasse 100{french.NNBSP}%."
        )
    if col_letter:
        notes.append(_letters_note(letter_params))
        if untested:
            notes.append(
                f"Colonne{'s' if len(untested) > 1 else ''} {', '.join(untested)} non "
                f"testée{'s' if len(untested) > 1 else ''}{COLON}base inférieure à "
                f"{french.integer(letter_params.get('min_base', 30))} répondants."
            )
    if any(small.values()):
        notes.append(small_base_note(params))
    if _weighted(params):
        notes.append(
            f"Résultats pondérés{COLON}pourcentages pondérés, bases non pondérées"
            + (
                f"{french.SEMICOLON}lettres calculées sur les bases effectives."
                if col_letter
                else "."
            )
        )
    if masked_any:
        notes.append(masked_note(crosstab.attrs.get("params", {})))
    excluded = crosstab.attrs.get("excluded", 0)
    if excluded:
        notes.append(
            f"{french.plural(excluded, 'répondant')} n'ayant répondu qu'à une des deux questions "
            "hors tableau."
        )
    notes += _user_notes(note)

    frame = pd.DataFrame(frame_rows, columns=frame_headers)
    frame.attrs["formats"] = formats
    frame.attrs["row_formats"] = {len(frame_rows) - 1: "integer"}
    markup = _table_html(caption, head=head, bodies=bodies, foot=foot, notes=notes)
    return Table(markup, caption=caption, notes=notes, frame=frame)


def _letters(
    crosstab: pd.DataFrame, letters: ColumnLetters | pd.DataFrame | None
) -> tuple[pd.DataFrame | None, dict]:
    """The per-cell letters table and its parameters, checked against the cross-tab."""
    if letters is None:
        return None, {}
    table = letters.table if isinstance(letters, ColumnLetters) else letters
    require_columns(table, ("row", "col", "letter", "exceeds"), "survey.stats.column_letters")
    for side in ("row_question", "col_question"):
        if side in table and side in crosstab and len(table) and len(crosstab):
            mine, theirs = str(crosstab[side].iloc[0]), str(table[side].iloc[0])
            if mine != theirs:
                raise SurveyError(
                    f"Les lettres portent sur « {theirs} » et le tableau croisé sur « {mine} » : "
                    "calculez column_letters sur les mêmes variables que crosstab."
                )
    return table, dict(table.attrs.get("params", {}))


def _letters_note(params: Mapping[str, object]) -> str:
    corrections = {
        "holm": "correction de Holm",
        "bonferroni": "correction de Bonferroni",
        "fdr_bh": "correction de Benjamini-Hochberg",
        "none": "sans correction des comparaisons multiples",
    }
    correction = corrections.get(str(params.get("correction", "holm")), "correction de Holm")
    alpha = params.get("alpha", 0.05)
    return (
        f"Lettres{COLON}la colonne dépasse significativement la colonne indiquée (test z de "
        f"comparaison de proportions, {correction}, α = {french.percent(alpha, _digits(alpha))})."
    )


# --- any DataFrame -----------------------------------------------------------------


def simple_table(
    df: pd.DataFrame,
    *,
    caption: str,
    columns: Mapping[str, str] | Sequence[str] | None = None,
    note: str | Sequence[str] | None = None,
    formats: Mapping[str, Format] | None = None,
    row_headers: bool = False,
) -> Table:
    """Any DataFrame as an accessible table (e.g. "Constats / Propositions").

    Parameters
    ----------
    df : pandas.DataFrame
        The rows to show (the index is ignored).
    caption : str
        The caption.
    columns : mapping or sequence, optional
        The columns to show, in order: a mapping from column to French header, or a
        list of columns (headers as they are). All columns by default.
    note : str or sequence of str, optional
        Notes under the table.
    formats : mapping, optional
        ``"percent"`` (proportions), ``"integer"``, ``"decimal"`` or ``"text"`` by
        column (after renaming: French headers). By default integers are
        ``integer``, other numbers ``decimal`` and the rest text.
    row_headers : bool
        The first column names the row (``<th scope="row">``).

    Returns
    -------
    Table
        Text keeps its line breaks (``<br>``); a list in a cell (e.g. typical
        quotations) becomes a bulleted list (joined by line breaks in the workbook).
    """
    if not isinstance(df, pd.DataFrame):
        raise SurveyError("simple_table attend un DataFrame pandas.")
    if columns is None:
        mapping = {c: str(c) for c in df.columns}
    elif isinstance(columns, Mapping):
        mapping = {c: str(h) for c, h in columns.items()}
    else:
        mapping = {c: str(c) for c in columns}
    unknown = [str(c) for c in mapping if c not in df.columns]
    if unknown:
        raise SurveyError(
            f"Colonnes absentes du tableau : {', '.join(unknown)}. "
            f"Colonnes disponibles : {', '.join(map(str, df.columns))}."
        )
    shown = df[list(mapping)].rename(columns=mapping).reset_index(drop=True)
    kinds: dict[str, Format] = {h: _default_format(shown[h]) for h in shown.columns}
    kinds.update(formats or {})
    headers = list(shown.columns)

    body = []
    frame_rows = []
    for values in shown.itertuples(index=False):
        texts, css = [], []
        raw = []
        for header, value in zip(headers, values, strict=True):
            texts.append(_cell_html(value, kinds[header]))
            css.append("num" if kinds[header] != "text" else "")
            raw.append(_cell_raw(value, kinds[header]))
        if row_headers:
            first = f'<th scope="row">{texts[0]}</th>'
            rest = "".join(
                f'<td class="{c}">{t}</td>' if c else f"<td>{t}</td>"
                for t, c in zip(texts[1:], css[1:], strict=True)
            )
            body.append(f"<tr>{first}{rest}</tr>")
        else:
            body.append(
                "<tr>"
                + "".join(
                    f'<td class="{c}">{t}</td>' if c else f"<td>{t}</td>"
                    for t, c in zip(texts, css, strict=True)
                )
                + "</tr>"
            )
        frame_rows.append(raw)
    notes = _user_notes(note)
    frame = pd.DataFrame(frame_rows, columns=headers)
    frame.attrs["formats"] = {h: k for h, k in kinds.items() if h in headers}
    markup = _table_html(caption, head=[_header_row(headers)], bodies=[body], foot=[], notes=notes)
    return Table(markup, caption=caption, notes=notes, frame=frame)


def _default_format(column: pd.Series) -> Format:
    if pd.api.types.is_bool_dtype(column):
        return "text"
    if pd.api.types.is_integer_dtype(column):
        return "integer"
    if pd.api.types.is_float_dtype(column):
        return "decimal"
    return "text"


def _cell_html(value: object, kind: Format) -> str:
    if isinstance(value, list | tuple):
        items = "".join(f"<li>{_text(str(v))}</li>" for v in value)
        return f"<ul>{items}</ul>" if items else ""
    if value is None or value is pd.NA or _isnan(value):
        return ""
    if isinstance(value, str) or kind == "text":
        return _text(str(value))
    number = float(value)
    if kind == "percent":
        return _text(french.percent(number))
    if kind == "integer":
        return _text(french.integer(number))
    return _text(french.decimal(number))


def _cell_raw(value: object, kind: Format) -> object:
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    if value is None or value is pd.NA or _isnan(value):
        return None
    if isinstance(value, str) or kind == "text":
        return str(value)
    return _number(value)


# --- HTML pieces -------------------------------------------------------------------


def _table_html(
    caption: str, *, head: list[str], bodies: list[list[str]], foot: list[str], notes: list[str]
) -> str:
    lines = [
        f'<div class="survey-table" tabindex="0" role="region" aria-label="{_text(caption)}">',
        "<table>",
        f"<caption>{_text(caption)}</caption>",
    ]
    lines += ["<thead>", *head, "</thead>"]
    for i, body in enumerate(bodies):
        lines += ["<tbody>" if i == 0 else '<tbody class="nets">', *body, "</tbody>"]
    if foot:
        lines += ["<tfoot>", *foot, "</tfoot>"]
    lines.append("</table>")
    lines += [f'<p class="survey-table-note">{_text(n)}</p>' for n in notes]
    lines.append("</div>")
    return "\n".join(lines)


def _header_row(headers: Sequence[str]) -> str:
    return "<tr>" + "".join(f'<th scope="col">{_text(h)}</th>' for h in headers) + "</tr>"


def _row(label: str, values: Sequence[str], *, css: str = "") -> str:
    cls = f"num {css}".strip()
    cells = "".join(f'<td class="{cls}">{_text(v)}</td>' for v in values)
    return f'<tr><th scope="row">{_text(label)}</th>{cells}</tr>'


def _group_row(label: str, width: int) -> str:
    return f'<tr class="group"><th scope="rowgroup" colspan="{width}">{_text(label)}</th></tr>'


def _text(value: str) -> str:
    """Escaped text, line breaks kept."""
    return html.escape(value, quote=False).replace("\n", "<br>")


# --- shared helpers ----------------------------------------------------------------


def _isnan(value: object) -> bool:
    return isinstance(value, float | np.floating) and math.isnan(value)


def _number(value: object) -> object:
    """A plain Python number (None for a missing value)."""
    if value is None or value is pd.NA or _isnan(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _level(level: float) -> str:
    percent = 100 * float(level)
    return french.integer(percent) if percent == round(percent) else french.decimal(percent)


def _digits(proportion: float) -> int:
    percent = 100 * float(proportion)
    return 0 if percent == round(percent) else 1


def _weighted(params: Mapping[str, object]) -> bool:
    return params.get("weight") not in (None, "none")


def _ci_method(method: object) -> str:
    return {
        "wilson": "méthode de Wilson",
        "clopper-pearson": "méthode exacte de Clopper-Pearson",
        "agresti-coull": "méthode d'Agresti-Coull",
    }.get(str(method), str(method))


def _user_notes(note: str | Sequence[str] | None) -> list[str]:
    if note is None:
        return []
    if isinstance(note, str):
        return [note]
    return [str(n) for n in note]


def _questionnaire_labels(questionnaire: Questionnaire | None, question: str | None) -> dict:
    if questionnaire is None or question is None:
        return {}
    try:
        variable = questionnaire.variable(question)
    except KeyError:
        return {}
    found = dict(variable.labels())
    for net in getattr(variable, "nets", []):
        found[net.code] = net.label
    return found


def _question_wording(questionnaire: Questionnaire | None, question: str | None) -> str:
    if questionnaire is None or question is None:
        return ""
    try:
        variable = questionnaire.variable(question)
    except KeyError:
        return ""
    return f"Question{COLON}« {variable.label} »"
