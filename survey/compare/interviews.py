"""The interviews of two waves compared: codes, the belonging dimension, the keywords.

Descriptive only. With a few dozen interviews (24 in 2025, 12 in 2026, chosen among
volunteers) a share of interviews is not an estimate of a population: the tables give
counts and shares side by side. Fisher's exact test is given for information, without
correction and without any « significant » flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from survey.coding.frame import CodingFrame, Dimension
from survey.stats import chi2_table
from survey.versions import CodingFrameMapping, code_correspondence
from survey.versions.coding_frames import resolve_coding_frame_mapping

__all__ = ["CODE_COLUMNS", "compare_codes", "compare_dimension", "compare_keywords"]

CODE_COLUMNS = [
    "code",
    "label",
    "theme",
    "theme_label",
    "status",
    "old_codes",
    "new_codes",
    "count_a",
    "base_a",
    "percent_a",
    "count_b",
    "base_b",
    "percent_b",
    "difference",
    "presence",
    "test",
    "p_value",
    "note",
]
"""Columns of :func:`compare_codes`, in order."""

SEED = 20250331


def compare_codes(
    coded_a: pd.DataFrame,
    coded_b: pd.DataFrame,
    *,
    frame_a: CodingFrame,
    frame_b: CodingFrame,
    documents_a: Sequence[str],
    documents_b: Sequence[str],
    mapping: CodingFrameMapping | str | Path | None = None,
) -> pd.DataFrame:
    """Interviews in which each code is present, in each wave, through the frame versions.

    Parameters
    ----------
    coded_a, coded_b : pandas.DataFrame
        The coding of each wave (the validated review when the wave has one), one row per
        coded segment with at least ``document`` and ``code``
        (:attr:`survey.coding.workflow.WaveCoding.validated`).
    frame_a, frame_b : CodingFrame
        The coding frames of the earlier (a) and later (b) wave.
    documents_a, documents_b : sequence of str
        Every interview of each wave (the bases), coded or not.
    mapping : CodingFrameMapping, str or Path, optional
        The correspondence from ``frame_a`` to ``frame_b``; found automatically by
        default (see :func:`survey.versions.coding_frame_diff`).

    Returns
    -------
    pandas.DataFrame
        One row per group of :func:`survey.versions.code_correspondence` (new frame order,
        retired codes last). Columns (:data:`CODE_COLUMNS`): ``code``, ``label``,
        ``theme``, ``theme_label``, ``status`` (``same``, ``renamed``, ``merged``,
        ``split``, ``regrouped``, ``added``, ``retired``), ``old_codes``, ``new_codes``;
        ``count_a``, ``base_a``, ``percent_a`` (interviews of wave a in which any of the
        old codes is present, all interviews, their ratio) and the same for b (NaN where
        the code does not exist in that wave's frame); ``difference``
        (``percent_b - percent_a``); ``presence``: ``both``, ``a_only``, ``b_only`` or
        ``neither``; ``test`` (``"fisher"`` or ``"none"``) and ``p_value``: Fisher's exact
        test on interviews with / without the code, for information only; ``note``.
    """
    resolved = resolve_coding_frame_mapping(frame_a, frame_b, mapping)
    groups = code_correspondence(frame_a, frame_b, resolved)
    present_a = _presence(coded_a, documents_a)
    present_b = _presence(coded_b, documents_b)
    n_a, n_b = float(len(set(documents_a))), float(len(set(documents_b)))
    rows = []
    for group in groups.itertuples(index=False):
        x_a = _count(present_a, group.old_codes) if group.old_codes else np.nan
        x_b = _count(present_b, group.new_codes) if group.new_codes else np.nan
        p_a = x_a / n_a if n_a else np.nan
        p_b = x_b / n_b if n_b else np.nan
        in_a, in_b = bool(x_a > 0), bool(x_b > 0)
        presence = {
            (True, True): "both",
            (True, False): "a_only",
            (False, True): "b_only",
            (False, False): "neither",
        }[(in_a, in_b)]
        test, p_value = "none", np.nan
        if group.old_codes and group.new_codes and (in_a or in_b):
            table = np.array([[x_a, n_a - x_a], [x_b, n_b - x_b]])
            if (table.sum(axis=0) > 0).all():
                test = "fisher"
                p_value = float(chi2_table(table, method="fisher").iloc[0]["p_value"])
        rows.append(
            {
                "code": group.code,
                "label": group.label,
                "theme": group.theme,
                "theme_label": group.theme_label,
                "status": group.status,
                "old_codes": group.old_codes,
                "new_codes": group.new_codes,
                "count_a": x_a,
                "base_a": n_a,
                "percent_a": p_a,
                "count_b": x_b,
                "base_b": n_b,
                "percent_b": p_b,
                "difference": p_b - p_a,
                "presence": presence,
                "test": test,
                "p_value": p_value,
                "note": group.note,
            }
        )
    table = pd.DataFrame(rows, columns=CODE_COLUMNS)
    table.attrs["params"] = {
        "function": "compare_codes",
        "frame_a": frame_a.id,
        "frame_b": frame_b.id,
        "mapping": str(resolved.path) if resolved.path else None,
    }
    return table


def _presence(coded: pd.DataFrame, documents: Sequence[str]) -> pd.DataFrame:
    wanted = list(dict.fromkeys(documents))
    if coded.empty:
        return pd.DataFrame(index=wanted)
    pairs = coded[coded["document"].isin(wanted)][["document", "code"]].drop_duplicates()
    return pd.crosstab(pairs["document"], pairs["code"]).gt(0).reindex(wanted, fill_value=False)


def _count(presence: pd.DataFrame, codes: Sequence[str]) -> float:
    columns = [c for c in codes if c in presence.columns]
    if not columns:
        return 0.0
    return float(presence[columns].any(axis=1).sum())


DIMENSION_COLUMNS = [
    "kind",
    "value",
    "label",
    "count_a",
    "base_a",
    "percent_a",
    "count_b",
    "base_b",
    "percent_b",
    "difference",
    "test",
    "p_value",
]


def compare_dimension(
    values_a: pd.Series,
    values_b: pd.Series,
    *,
    dimension_a: Dimension,
    dimension_b: Dimension | None = None,
    monte_carlo: int = 10_000,
) -> pd.DataFrame:
    """The distribution of an interview-level dimension (e.g. belonging) in two waves.

    Parameters
    ----------
    values_a, values_b : pandas.Series
        One value per interview (``WaveCoding.dimension("appartenance")``).
    dimension_a, dimension_b : Dimension
        The dimension in each frame (values and labels; ``dimension_b`` defaults to
        ``dimension_a``). Values of either are shown, in ``dimension_b``'s order.
    monte_carlo : int
        Simulated tables of the exact test (Fisher's test by Monte-Carlo simulation for
        more than two values, as R ``fisher.test(simulate.p.value = TRUE)``).

    Returns
    -------
    pandas.DataFrame
        One row per value (``kind`` ``"value"``): ``value``, ``label``, ``count_a``,
        ``base_a`` (interviews with a value), ``percent_a``, the same for b,
        ``difference``; then one row (``kind`` ``"dimension"``) with the exact test
        (``test``, ``p_value``), for information only.
    """
    dimension_b = dimension_b or dimension_a
    labels = {**dimension_a.values, **dimension_b.values}
    order = list(dict.fromkeys([*dimension_b.values, *dimension_a.values]))
    counts_a = values_a.dropna().value_counts()
    counts_b = values_b.dropna().value_counts()
    n_a, n_b = float(counts_a.sum()), float(counts_b.sum())
    rows = []
    for value in order:
        x_a = float(counts_a.get(value, 0)) if value in dimension_a.values else np.nan
        x_b = float(counts_b.get(value, 0)) if value in dimension_b.values else np.nan
        p_a = x_a / n_a if n_a else np.nan
        p_b = x_b / n_b if n_b else np.nan
        rows.append(
            {
                "kind": "value",
                "value": value,
                "label": labels[value],
                "count_a": x_a,
                "base_a": n_a,
                "percent_a": p_a,
                "count_b": x_b,
                "base_b": n_b,
                "percent_b": p_b,
                "difference": p_b - p_a,
                "test": "none",
                "p_value": np.nan,
            }
        )
    both = [r for r in rows if not (np.isnan(r["count_a"]) or np.isnan(r["count_b"]))]
    table = np.array([[r["count_a"] for r in both], [r["count_b"] for r in both]])
    test, p_value = "none", np.nan
    if table.size and (table.sum(axis=1) > 0).all() and (table.sum(axis=0) > 0).sum() >= 2:
        result = chi2_table(table, method="fisher", monte_carlo=monte_carlo, seed=SEED).iloc[0]
        test, p_value = str(result["test"]), float(result["p_value"])
    rows.append(
        {
            "kind": "dimension",
            "value": None,
            "label": dimension_b.label,
            "count_a": n_a,
            "base_a": n_a,
            "percent_a": np.nan,
            "count_b": n_b,
            "base_b": n_b,
            "percent_b": np.nan,
            "difference": np.nan,
            "test": test,
            "p_value": p_value,
        }
    )
    return pd.DataFrame(rows, columns=DIMENSION_COLUMNS)


KEYWORD_COLUMNS = ["key", "display", "count_a", "people_a", "count_b", "people_b", "presence"]


def compare_keywords(
    keywords_a: pd.DataFrame, keywords_b: pd.DataFrame, *, min_people: int = 1
) -> pd.DataFrame:
    """Keywords of two waves side by side (tables of :func:`survey.text.keyword_frequencies`).

    Parameters
    ----------
    keywords_a, keywords_b : pandas.DataFrame
        ``key``, ``display``, ``count``, ``people`` for each wave.
    min_people : int
        Keep a keyword only if at least this many people gave it in one wave (or the
        other); redaction tags (``[personne]``, ``[commune]``) are always left out.

    Returns
    -------
    pandas.DataFrame
        ``key``, ``display``, ``count_a``, ``people_a``, ``count_b``, ``people_b`` (0 when
        absent), ``presence`` (``both``, ``a_only``, ``b_only``), sorted by people in
        both waves together, then key.
    """
    merged = pd.merge(
        keywords_a[["key", "display", "count", "people"]],
        keywords_b[["key", "display", "count", "people"]],
        on="key",
        how="outer",
        suffixes=("_a", "_b"),
    )
    merged["display"] = merged["display_b"].fillna(merged["display_a"])
    for column in ("count_a", "people_a", "count_b", "people_b"):
        merged[column] = merged[column].fillna(0).astype("int64")
    merged = merged[~merged["key"].astype(str).str.startswith("[")]
    keep = (merged["people_a"] >= min_people) | (merged["people_b"] >= min_people)
    merged = merged[keep].copy()
    merged["presence"] = np.select(
        [(merged["people_a"] > 0) & (merged["people_b"] > 0), merged["people_a"] > 0],
        ["both", "a_only"],
        "b_only",
    )
    merged["_total"] = merged["people_a"] + merged["people_b"]
    merged = merged.sort_values(["_total", "key"], ascending=[False, True], kind="mergesort")
    return merged[KEYWORD_COLUMNS].reset_index(drop=True)
