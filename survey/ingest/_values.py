"""Turn the string cells of one question into typed values."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from survey.errors import UnknownValueError
from survey.ingest._layout import fold
from survey.questionnaire import Question

UnknownPolicy = Literal["error", "other", "drop"]


@dataclass
class Context:
    """Where the values come from, for error messages and the accounting."""

    path: Path
    rows: np.ndarray  # spreadsheet row number of each record
    unknown: UnknownPolicy
    unknown_counts: dict[str, int]


def _dictionary(arr: pa.ChunkedArray | pa.Array) -> tuple[list[str], np.ndarray]:
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    enc = pc.dictionary_encode(arr)
    return enc.dictionary.to_pylist(), enc.indices.to_numpy(zero_copy_only=False)


def _lookup(q: Question) -> dict[str, int]:
    table: dict[str, int] = {}
    for i, o in enumerate(q.options):
        for name in (o.label, o.key):
            if name is not None:
                table.setdefault(fold(name), i)
    return table


def _unknown(q: Question, value: str, where: np.ndarray, ctx: Context) -> int:
    """Option index for an answer that is not an option (or -1), per the policy."""
    if ctx.unknown == "error":
        raise UnknownValueError(
            ctx.path, question=q.label, value=value, rows=[int(r) for r in ctx.rows[where]]
        )
    count = int(where.sum())
    ctx.unknown_counts[q.id] = ctx.unknown_counts.get(q.id, 0) + count
    if ctx.unknown == "other":
        for i, o in enumerate(q.options):
            if o.other:
                return i
        raise UnknownValueError(
            ctx.path, question=q.label, value=value, rows=[int(r) for r in ctx.rows[where]]
        )
    return -1


def single(arr: pa.ChunkedArray, q: Question, ctx: Context) -> pd.Categorical:
    """One choice among the options: an ordered categorical of option codes."""
    values, idx = _dictionary(arr)
    lookup = _lookup(q)
    mapped = np.full(len(values), -1, dtype=np.int64)
    for i, value in enumerate(values):
        if not value.strip():
            continue
        code = lookup.get(fold(value))
        mapped[i] = code if code is not None else _unknown(q, value, idx == i, ctx)
    codes = mapped[idx] if len(values) else np.full(len(idx), -1, dtype=np.int64)
    return pd.Categorical.from_codes(codes, categories=q.codes, ordered=True)


def multiple_separate(arrays: list[pa.ChunkedArray], q: Question, ctx: Context) -> pd.DataFrame:
    """One "X" column per option: a nullable boolean per option, <NA> if nothing ticked."""
    ticks = []
    for arr, option in zip(arrays, q.options, strict=True):
        values, idx = _dictionary(arr)
        mapped = np.zeros(len(values), dtype=bool)
        for i, value in enumerate(values):
            v = value.strip()
            if v in ("X", "x"):
                mapped[i] = True
            elif v:
                _unknown(q, f"{value} (option « {option.label} »)", idx == i, ctx)
        ticks.append(mapped[idx] if len(values) else np.zeros(len(idx), dtype=bool))
    return _boolean_frame(q, np.column_stack(ticks) if ticks else np.zeros((0, 0), bool))


def multiple_compact(arr: pa.ChunkedArray, q: Question, ctx: Context) -> pd.DataFrame:
    """Ticked options joined with "," in one cell, split against the option names."""
    values, idx = _dictionary(arr)
    names = tuple(sorted(_lookup(q).items()))
    matrix = np.zeros((len(values), len(q.options)), dtype=bool)
    for i, value in enumerate(values):
        text = fold(value).rstrip(",")
        if not text:
            continue
        parts = split_compact(text, names)
        if parts is None:
            option = _unknown(q, value, idx == i, ctx)
            if option >= 0:
                matrix[i, option] = True
            continue
        matrix[i, list(parts)] = True
    ticks = matrix[idx] if len(values) else np.zeros((len(idx), len(q.options)), dtype=bool)
    return _boolean_frame(q, ticks)


@cache
def split_compact(text: str, names: tuple[tuple[str, int], ...]) -> tuple[int, ...] | None:
    """Option indices whose names, joined by ",", make up ``text`` (longest names first)."""
    for name, index in sorted(names, key=lambda item: -len(item[0])):
        if not text.startswith(name):
            continue
        rest = text[len(name) :]
        if not rest:
            return (index,)
        if rest.startswith(","):
            tail = split_compact(rest[1:], names)
            if tail is not None:
                return (index, *tail)
    return None


def _boolean_frame(q: Question, ticks: np.ndarray) -> pd.DataFrame:
    answered = ticks.any(axis=1)
    data = {}
    for j, column in enumerate(q.columns()):
        values = pd.array(ticks[:, j], dtype="boolean")
        values[~answered] = pd.NA
        data[column] = values
    return pd.DataFrame(data)


def text(arr: pa.ChunkedArray) -> pd.Series:
    """Free text: line breaks as "\\n", empty answers missing."""
    arr = pc.replace_substring(arr, "\r\n", "\n")
    blank = pc.equal(pc.utf8_trim_whitespace(arr), "")
    arr = pc.if_else(blank, pa.scalar(None, pa.string()), arr)
    return pd.Series(pd.arrays.ArrowStringArray(arr.combine_chunks()))
