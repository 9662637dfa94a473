"""Read Framaforms results downloads into tidy responses, contacts and an accounting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from survey.errors import MalformedFileError
from survey.ingest import _values
from survey.ingest._dates import parse_times
from survey.ingest._layout import Column, Layout, detect_layout
from survey.ingest._table import DELIMITER_NAMES, RawTable, read_table
from survey.ingest.accounting import Accounting, SourceFile
from survey.questionnaire import Questionnaire, load_questionnaire

SET_ASIDE = {
    "ip_address": "anonymisée par Framaforms (toujours 0.0.0.0)",
    "uid": "anonymisé par Framaforms (toujours 0)",
    "username": "anonymisé par Framaforms (toujours « Anonymous »)",
    "draft": "sert à écarter les brouillons",
}
DOUBLE_SUBMISSION_WINDOW = pd.Timedelta(minutes=30)


@dataclass(frozen=True)
class FramaformsResult:
    """What :func:`read_framaforms` returns.

    Attributes
    ----------
    responses
        One row per kept submission, indexed by ``serial``: ``sid``,
        ``submitted``, ``completed``, ``modified`` (timestamps), then one column
        per question (single choice and yes/no as ordered categoricals of option
        codes, multiple choice as one nullable boolean column per option named
        ``<question>__<option>``, free text as strings), then the derived
        variables. Contact data is never here.
    contacts
        The personal fields (e-mails…), indexed by ``serial``, only for the
        submissions that gave one. Write it only to a private file.
    accounting
        What happened to every row and column (:class:`Accounting`).
    """

    responses: pd.DataFrame
    contacts: pd.DataFrame
    accounting: Accounting


@dataclass
class _Part:
    frame: pd.DataFrame  # info + typed answers, personal fields included
    file: str
    rows: np.ndarray


def read_framaforms(
    path: str | Path | Iterable[str | Path],
    questionnaire: Questionnaire | str | Path,
    *,
    unknown: _values.UnknownPolicy = "error",
) -> FramaformsResult:
    """Read one or several Framaforms results downloads.

    Parameters
    ----------
    path
        A download (``.tsv``, ``.csv``, ``.xlsx``, legacy ``.xls``), or several
        downloads of the same form, merged (a submission present in several is
        kept once).
    questionnaire
        The questionnaire, or a path to its YAML, or a bundled name.
    unknown
        What to do with an answer that is not an option: ``"error"`` (default),
        ``"other"`` (count it under the question's "Autre" option) or
        ``"drop"`` (treat it as no answer); both are counted in the accounting.

    Raises
    ------
    survey.errors.ExportError
        A subclass naming the file, the row and/or the column.
    """
    if not isinstance(questionnaire, Questionnaire):
        questionnaire = load_questionnaire(questionnaire)
    paths = [Path(path)] if isinstance(path, str | Path) else [Path(p) for p in path]
    if not paths:
        raise ValueError("no file to read")
    accounting = Accounting()
    parts = []
    for p in paths:
        raw = read_table(p)
        layout = detect_layout(raw, questionnaire)
        part, source = _extract(raw, layout, questionnaire, unknown, accounting)
        parts.append(part)
        accounting.sources.append(source)
    return _assemble(parts, questionnaire, accounting)


def _extract(
    raw: RawTable,
    layout: Layout,
    questionnaire: Questionnaire,
    unknown: _values.UnknownPolicy,
    accounting: Accounting,
) -> tuple[_Part, SourceFile]:
    table = raw.table.slice(layout.header_rows)
    n = table.num_rows
    rows = np.arange(n) + layout.header_rows + 1
    ctx = _values.Context(raw.path, rows, unknown, accounting.unknown_values)
    by_target: dict[str, list[Column]] = {}
    for col in layout.columns:
        by_target.setdefault(col.target, []).append(col)
        if col.kind == "info":
            label = f"soumission : {col.target}"
        else:
            label = col.target if col.option is None else f"{col.target}__{col.option}"
        name = (
            col.name
            if col.name not in accounting.columns
            else f"{col.name} (colonne {col.index + 1})"
        )
        accounting.columns[name] = label
        if col.kind == "info" and col.target in SET_ASIDE:
            accounting.set_aside[name] = SET_ASIDE[col.target]
    info = layout.info()
    frame: dict[str, object] = {}
    for key in ("serial", "sid"):
        if key in info:
            frame[key] = _integers(raw, table.column(info[key]), rows, key)
    times = {
        key: table.column(info[key]).to_pandas()
        for key in ("submitted", "completed", "modified")
        if key in info
    }
    order = frame.get("sid", frame.get("serial"))
    parsed, date_format, ambiguous = parse_times(
        times,
        path=raw.path,
        rows=rows,
        order=None if order is None else np.asarray(order, dtype=np.int64),
    )
    frame.update(parsed)
    if ambiguous:
        accounting.notes.append(
            f"{raw.path.name} : aucune date n'a de jour supérieur à 12 ; format retenu "
            f"« {date_format} » d'après l'ordre des soumissions."
        )
    if "draft" in info:
        frame["draft"] = table.column(info["draft"]).to_pandas().str.strip().eq("1").to_numpy()
    elif "completed" in info:
        frame["draft"] = parsed["completed"].isna().to_numpy()
    else:
        frame["draft"] = np.zeros(n, dtype=bool)
    for q in questionnaire.questions:
        cols = by_target[q.id]
        arrays = [table.column(c.index) for c in cols]
        if q.type == "multiple" and cols[0].kind == "option":
            frame.update(_values.multiple_separate(arrays, q, ctx).to_dict("series"))
        elif q.type == "multiple":
            frame.update(_values.multiple_compact(arrays[0], q, ctx).to_dict("series"))
        elif q.is_choice:
            frame[q.id] = _values.single(arrays[0], q, ctx)
        else:
            frame[q.id] = _values.text(arrays[0]).array
    data = pd.DataFrame({k: (v.array if isinstance(v, pd.Series) else v) for k, v in frame.items()})
    source = SourceFile(
        name=raw.path.name,
        container=raw.container,
        encoding=raw.encoding,
        delimiter=None if raw.delimiter is None else DELIMITER_NAMES[raw.delimiter],
        header_rows=layout.header_rows,
        header_mode=layout.header_mode,
        multiple_format=layout.multiple_format,
        date_format=date_format,
        rows=n,
    )
    return _Part(data, raw.path.name, rows), source


def _integers(raw: RawTable, arr, rows: np.ndarray, key: str) -> np.ndarray:
    values = arr.to_pandas()
    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise MalformedFileError(
            raw.path,
            f"« {values.iloc[i]} » n'est pas un numéro de soumission ; le fichier a été "
            "modifié ou décalé. Téléchargez à nouveau les résultats.",
            row=int(rows[i]),
            column=key,
        )
    return numbers.astype(np.int64).to_numpy()


def _assemble(
    parts: list[_Part], questionnaire: Questionnaire, accounting: Accounting
) -> FramaformsResult:
    frame = pd.concat([p.frame for p in parts], ignore_index=True)
    files = np.concatenate([np.full(len(p.rows), p.file, dtype=object) for p in parts])
    rows = np.concatenate([p.rows for p in parts])
    for q in questionnaire.questions:
        if q.is_choice and q.type != "multiple":
            frame[q.id] = pd.Categorical(frame[q.id], categories=q.codes, ordered=True)
    accounting.rows_read = len(frame)
    if "serial" not in frame:
        frame["serial"] = np.arange(1, len(frame) + 1)
        accounting.notes.append(
            "pas de colonne « Séquentiel » : les réponses sont numérotées dans l'ordre du fichier."
        )
    key = "sid" if "sid" in frame else "serial"
    order = np.arange(len(frame))
    if "modified" in frame:
        newest_first = frame["modified"].rank(method="first", ascending=False, na_option="bottom")
        order = np.lexsort((np.arange(len(frame)), newest_first.to_numpy()))
    duplicate = np.zeros(len(frame), dtype=bool)
    duplicate[order] = frame[key].iloc[order].duplicated(keep="first").to_numpy()
    draft = frame["draft"].to_numpy(dtype=bool) & ~duplicate
    excluded = pd.DataFrame(
        {
            "file": files,
            "row": rows,
            "serial": frame["serial"].to_numpy(),
            "sid": frame["sid"].to_numpy() if "sid" in frame else pd.NA,
            "reason": np.where(duplicate, "duplicate", np.where(draft, "draft", "")),
        }
    )
    accounting.excluded = excluded[duplicate | draft].reset_index(drop=True)
    accounting.duplicates = int(duplicate.sum())
    accounting.drafts = int(draft.sum())
    keep = ~(duplicate | draft)
    kept = frame[keep].drop(columns="draft").set_index("serial").sort_index(kind="stable")
    accounting.kept = len(kept)
    accounting.check()
    answer_columns = [c for q in questionnaire.questions for c in q.columns()]
    accounting.probable_double_submissions = _probable_doubles(kept, answer_columns)
    personal = [c for q in questionnaire.personal_questions for c in q.columns()]
    accounting.contact_fields = [q.id for q in questionnaire.personal_questions]
    contacts = kept[personal]
    contacts = contacts[contacts.notna().any(axis=1)] if personal else contacts
    responses = kept.drop(columns=personal)
    for d in questionnaire.derived:
        source = responses[d.source].astype("object").map(d.mapping)
        responses[d.id] = pd.Categorical(source, categories=d.codes, ordered=True)
    return FramaformsResult(responses, contacts, accounting)


def _probable_doubles(kept: pd.DataFrame, columns: list[str]) -> list[tuple[int, int]]:
    """Pairs of serials with identical answers submitted within a short window."""
    if "submitted" not in kept or kept.empty:
        return []
    answers = kept[columns]
    filled = answers.notna().any(axis=1)
    hashes = pd.util.hash_pandas_object(answers, index=False)
    frame = pd.DataFrame({"hash": hashes.to_numpy(), "time": kept["submitted"].to_numpy()})
    frame.index = kept.index
    frame = frame[filled.to_numpy()]
    pairs = []
    for _, group in frame[frame["hash"].duplicated(keep=False)].groupby("hash", sort=False):
        group = group.sort_values("time")
        serials = group.index.to_list()
        times = group["time"].to_list()
        for i in range(1, len(serials)):
            if times[i] - times[i - 1] <= DOUBLE_SUBMISSION_WINDOW:
                pairs.append((int(serials[i - 1]), int(serials[i])))
    return sorted(pairs)
