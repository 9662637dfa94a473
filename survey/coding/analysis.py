"""Tables from a coding: code counts, code × attribute matrices, co-occurrence, best quotes."""

from __future__ import annotations

import itertools

import pandas as pd

from survey._fold import fold
from survey.coding.frame import CodingFrame
from survey.privacy import redact


def code_counts(coded: pd.DataFrame, frame: CodingFrame) -> pd.DataFrame:
    """One row per code of the frame, in frame order.

    Returns
    -------
    DataFrame
        ``theme, theme_label, code, label, segments`` (coded segments) and
        ``documents`` (interviews or respondents with the code at least once).
    """
    book = frame.table()[["theme", "theme_label", "code", "label"]]
    segments = coded.groupby("code")["segment_id"].nunique()
    documents = coded.groupby("code")["document"].nunique()
    book["segments"] = book["code"].map(segments).fillna(0).astype(int)
    book["documents"] = book["code"].map(documents).fillna(0).astype(int)
    return book


def code_by_attribute(coded: pd.DataFrame, attributes: pd.DataFrame, by: str) -> pd.DataFrame:
    """Documents with each code, by value of a document attribute (structure, cercle…).

    Parameters
    ----------
    attributes
        One row per document (index: document id), e.g. the interviewee profiles.
    by
        The attribute column.

    Returns
    -------
    DataFrame
        ``code, value, documents, base, share``: ``base`` is the number of
        documents with that attribute value, ``share = documents / base``.
    """
    values = attributes[by]
    base = values.value_counts()
    present = coded[["document", "code"]].drop_duplicates()
    present = present.assign(value=present["document"].map(values)).dropna(subset=["value"])
    table = present.groupby(["code", "value"]).size().rename("documents").reset_index()
    full = pd.MultiIndex.from_product(
        [sorted(coded["code"].unique()), sorted(base.index)], names=["code", "value"]
    )
    table = table.set_index(["code", "value"]).reindex(full, fill_value=0).reset_index()
    table["base"] = table["value"].map(base).astype(int)
    table["share"] = table["documents"] / table["base"]
    return table


def cooccurrence(coded: pd.DataFrame, *, unit: str = "document") -> pd.DataFrame:
    """Pairs of codes present together in the same unit (``document`` or ``segment_id``).

    Returns
    -------
    DataFrame
        ``code_a, code_b, units`` for every pair seen together (``code_a < code_b``),
        sorted by ``units`` descending.
    """
    groups = coded.groupby(unit)["code"].apply(lambda s: sorted(set(s)))
    counts: dict[tuple[str, str], int] = {}
    for codes in groups:
        for pair in itertools.combinations(codes, 2):
            counts[pair] = counts.get(pair, 0) + 1
    table = pd.DataFrame(
        [(a, b, n) for (a, b), n in counts.items()], columns=["code_a", "code_b", "units"]
    )
    return table.sort_values(["units", "code_a", "code_b"], ascending=[False, True, True])


def best_quotes(
    coded: pd.DataFrame,
    code: str,
    *,
    n: int = 3,
    min_chars: int = 50,
    max_chars: int = 280,
) -> pd.DataFrame:
    """The best quotes for a code: interviewee speech only, one per interview, redacted.

    Segments between ``min_chars`` and ``max_chars`` long are preferred, then the
    ones closest to 150 characters; at most one quote per document, so that no
    single voice dominates, and never the same words twice.

    Returns
    -------
    DataFrame
        ``document, segment_id, quote`` (the redacted text), at most ``n`` rows.
    """
    rows = coded[coded["code"] == code].copy()
    if "role" in rows:
        rows = rows[rows["role"] == "interviewee"]
    rows["length"] = rows["text"].str.strip().str.len()
    rows["fits"] = rows["length"].between(min_chars, max_chars)
    rows["distance"] = (rows["length"] - 150).abs()
    rows = rows.sort_values(
        ["fits", "distance", "segment_id"], ascending=[False, True, True], kind="stable"
    )
    rows = rows.drop_duplicates("document")
    rows = rows[~rows["text"].str.strip().map(fold).duplicated()].head(n)  # "Oui et non." once
    quotes = rows["text"].str.strip().map(redact)
    return pd.DataFrame(
        {"document": rows["document"], "segment_id": rows["segment_id"], "quote": quotes}
    ).reset_index(drop=True)
