"""Human review of the auto-coding: a workbook written for the analyst, read back.

The workbook holds raw, not yet pseudonymised verbatims: it is a private working
document, written outside ``reports/``, and says so in its first line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from survey.coding.frame import CodingFrame
from survey.errors import SurveyError

WARNING = (
    "Document de travail PRIVÉ : verbatims non pseudonymisés. Ne pas diffuser, ne pas "
    "placer dans reports/ ni dans un dépôt public."
)
DECISIONS = {"accepter": "accepted", "rejeter": "rejected", "recoder": "recoded"}
SHEETS = ("Segments proposés", "Segments non codés", "Entretiens", "Codes")
_PROPOSED = [
    ("segment_id", "Segment"),
    ("document", "Entretien"),
    ("turn", "Tour"),
    ("code", "Code proposé"),
    ("code_label", "Libellé du code"),
    ("evidence", "Indice"),
    ("negated", "Nié"),
    ("text", "Texte du segment"),
    ("decision", "Décision (accepter / rejeter / recoder)"),
    ("new_code", "Nouveau code (si recoder)"),
    ("comment", "Commentaire"),
]
_UNCODED = [
    ("segment_id", "Segment"),
    ("document", "Entretien"),
    ("turn", "Tour"),
    ("text", "Texte du segment"),
    ("new_code", "Code à ajouter (facultatif)"),
    ("comment", "Commentaire"),
]
_DIMENSIONS = [
    ("document", "Entretien"),
    ("dimension", "Dimension"),
    ("proposed", "Valeur proposée"),
    ("value", "Valeur validée"),
    ("comment", "Commentaire"),
]


class ReviewError(SurveyError):
    """The review workbook cannot be read back; the message names sheet, row and column."""

    def __init__(self, path: Path, problem: str, *, sheet: str, row: int, column: str):
        self.path, self.sheet, self.row, self.column = path, sheet, row, column
        super().__init__(
            f"Classeur de revue « {path.name} », feuille « {sheet} », ligne {row}, "
            f"colonne « {column} » : {problem}"
        )


@dataclass(frozen=True)
class Review:
    """What the analyst validated.

    Attributes
    ----------
    coded
        The validated coding: one row per (segment, code), with ``origin``
        ``"accepted"``, ``"recoded"`` or ``"added"``.
    decisions
        Every proposed segment with its ``decision`` (``accepted``, ``rejected``,
        ``recoded`` or ``unreviewed``) and ``final_code``.
    dimensions
        Interview-level values: ``document, dimension, proposed, value``.
    """

    coded: pd.DataFrame
    decisions: pd.DataFrame
    dimensions: pd.DataFrame

    def summary(self) -> dict[str, int]:
        counts = self.decisions["decision"].value_counts()
        out = {k: int(counts.get(k, 0)) for k in ("accepted", "rejected", "recoded", "unreviewed")}
        out["added"] = int((self.coded["origin"] == "added").sum())
        return out


def write_review(
    path: str | Path,
    coded: pd.DataFrame,
    segs: pd.DataFrame,
    frame: CodingFrame,
    *,
    proposed_dimensions: dict[str, pd.Series] | None = None,
    uncoded_sample: int = 40,
    seed: int = 2025,
) -> Path:
    """Write the review workbook.

    Parameters
    ----------
    coded
        Proposed coding (:func:`survey.coding.autocode`).
    segs
        All segments, to draw a sample of uncoded ones (to catch misses).
    proposed_dimensions
        ``{dimension id: Series document → proposed value}``.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    book = Workbook()
    labels = {c.id: c.label for c in frame.codes.values()}
    proposed = coded.assign(
        code_label=coded["code"].map(labels),
        negated=np.where(coded["negated"], "oui", "non"),
        decision="",
        new_code="",
        comment="",
    )
    uncoded = segs[~segs["segment_id"].isin(coded["segment_id"])]
    uncoded = uncoded.sample(min(uncoded_sample, len(uncoded)), random_state=seed)
    uncoded = uncoded.sort_values("segment_id").assign(new_code="", comment="")
    dims = []
    for dim in frame.dimensions:
        values = (proposed_dimensions or {}).get(dim.id, pd.Series(dtype="object"))
        for document in sorted(segs["document"].unique()):
            dims.append(
                {
                    "document": document,
                    "dimension": dim.id,
                    "proposed": values.get(document, ""),
                    "value": "",
                    "comment": "",
                }
            )
    tables = [
        (proposed, _PROPOSED),
        (uncoded, _UNCODED),
        (pd.DataFrame(dims, columns=[c for c, _ in _DIMENSIONS]), _DIMENSIONS),
    ]
    codebook = frame.table()[["code", "label", "theme_label", "definition"]]
    codebook_cols = [
        ("code", "Code"),
        ("label", "Libellé"),
        ("theme_label", "Thème"),
        ("definition", "Définition"),
    ]
    sheet = book.active
    for index, (name, (table, columns)) in enumerate(
        zip(SHEETS, [*tables, (codebook, codebook_cols)], strict=True)
    ):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = name
        sheet.append([WARNING])
        sheet["A1"].font = Font(bold=True, color="C00000")
        sheet.append([title for _, title in columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for record in table[[c for c, _ in columns]].itertuples(index=False):
            sheet.append([_cell(v) for v in record])
        sheet.freeze_panes = "A3"
        for letter, (col, _) in zip("ABCDEFGHIJKL", columns, strict=False):
            wide = col in ("text", "definition", "comment", "evidence")
            sheet.column_dimensions[letter].width = 70 if wide else 18
            if wide:
                for cell in sheet[letter][2:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    decision_list = DataValidation(type="list", formula1='"accepter,rejeter,recoder"')
    book[SHEETS[0]].add_data_validation(decision_list)
    decision_list.add(f"I3:I{len(proposed) + 2}")
    for dim in frame.dimensions:
        values = DataValidation(type="list", formula1='"' + ",".join(dim.values) + '"')
        book[SHEETS[2]].add_data_validation(values)
        values.add(f"D3:D{len(dims) + 2}")
    book.properties.creator = "survey"
    book.save(path)
    return path


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, np.integer):
        return int(value)
    return value


def read_review(path: str | Path, coded: pd.DataFrame, segs: pd.DataFrame, frame: CodingFrame):
    """Read a completed review workbook back into a :class:`Review`.

    ``coded`` and ``segs`` are the proposed coding and the segments the workbook
    was written from (recomputed from the same inputs); a segment id of the
    workbook that they do not know is an error.
    """
    path = Path(path)
    sheets = pd.read_excel(path, sheet_name=None, header=1, dtype=str)
    missing = [s for s in SHEETS[:3] if s not in sheets]
    if missing:
        raise ReviewError(
            path, "feuille absente ; utilisez le classeur produit par « survey code ».",
            sheet=missing[0], row=1, column="",
        )  # fmt: skip
    known_segments = set(segs["segment_id"])
    proposed = _renamed(sheets[SHEETS[0]], _PROPOSED)
    decisions = []
    for i, rec in enumerate(proposed.itertuples(index=False), start=3):
        raw = (rec.decision or "").strip().lower()
        if raw and raw not in DECISIONS:
            raise ReviewError(
                path,
                f"décision « {rec.decision} » inconnue ; écrivez accepter, rejeter ou recoder.",
                sheet=SHEETS[0], row=i, column=_title(_PROPOSED, "decision"),
            )  # fmt: skip
        _check_segment(path, rec.segment_id, known_segments, SHEETS[0], i)
        decision = DECISIONS.get(raw, "unreviewed")
        final = rec.code
        if decision == "recoded":
            final = _check_code(path, rec.new_code, frame, SHEETS[0], i, "new_code", _PROPOSED)
        decisions.append(
            {"segment_id": rec.segment_id, "code": rec.code, "decision": decision,
             "final_code": None if decision in ("rejected", "unreviewed") else final}
        )  # fmt: skip
    decisions = pd.DataFrame(decisions, columns=["segment_id", "code", "decision", "final_code"])
    added = []
    for i, rec in enumerate(_renamed(sheets[SHEETS[1]], _UNCODED).itertuples(index=False), 3):
        if rec.new_code and str(rec.new_code).strip():
            _check_segment(path, rec.segment_id, known_segments, SHEETS[1], i)
            code = _check_code(path, rec.new_code, frame, SHEETS[1], i, "new_code", _UNCODED)
            added.append({"segment_id": rec.segment_id, "code": code, "origin": "added"})
    kept = decisions.dropna(subset=["final_code"])
    validated = pd.concat(
        [
            pd.DataFrame(
                {
                    "segment_id": kept["segment_id"],
                    "code": kept["final_code"],
                    "origin": kept["decision"],
                }
            ),
            pd.DataFrame(added, columns=["segment_id", "code", "origin"]),
        ],
        ignore_index=True,
    ).drop_duplicates(["segment_id", "code"])
    seg_cols = [c for c in segs.columns if c != "code"]
    validated = validated.merge(segs[seg_cols], on="segment_id", how="left")
    validated["theme"] = validated["code"].map(frame.theme_of)
    evidence = coded.set_index(["segment_id", "code"])["evidence"]
    validated["evidence"] = [
        evidence.get((s, c), "")
        for s, c in zip(validated["segment_id"], validated["code"], strict=True)
    ]
    validated = validated.sort_values(["segment_id", "code"], kind="stable").reset_index(drop=True)
    dims = _renamed(sheets[SHEETS[2]], _DIMENSIONS)
    for i, rec in enumerate(dims.itertuples(index=False), start=3):
        dim = next((d for d in frame.dimensions if d.id == rec.dimension), None)
        if dim is None or (rec.value and rec.value not in dim.values):
            raise ReviewError(
                path,
                f"valeur « {rec.value} » inconnue pour la dimension « {rec.dimension} » ; "
                + (f"valeurs : {', '.join(dim.values)}." if dim else "dimension inconnue."),
                sheet=SHEETS[2], row=i, column=_title(_DIMENSIONS, "value"),
            )  # fmt: skip
    dims = dims[["document", "dimension", "proposed", "value"]].replace({"": None})
    return Review(validated, decisions, dims.reset_index(drop=True))


def _renamed(sheet: pd.DataFrame, columns: list[tuple[str, str]]) -> pd.DataFrame:
    rename = {title: col for col, title in columns}
    frame = sheet.rename(columns=rename)
    for col, _ in columns:
        if col not in frame:
            frame[col] = ""
    return frame[[c for c, _ in columns]].fillna("")


def _title(columns: list[tuple[str, str]], col: str) -> str:
    return dict(columns)[col]


def _check_segment(path: Path, segment: str, known: set[str], sheet: str, row: int) -> None:
    if segment not in known:
        raise ReviewError(
            path,
            f"segment « {segment} » inconnu : le classeur ne correspond pas aux transcriptions "
            "actuelles ; produisez un nouveau classeur avec « survey code ».",
            sheet=sheet, row=row, column="Segment",
        )  # fmt: skip


def _check_code(path, code, frame, sheet, row, col, columns) -> str:
    code = str(code or "").strip()
    if code not in frame.codes:
        raise ReviewError(
            path,
            f"code « {code} » absent de la grille ; voir la feuille « Codes ».",
            sheet=sheet, row=row, column=_title(columns, col),
        )  # fmt: skip
    return code
