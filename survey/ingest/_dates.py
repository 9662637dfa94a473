"""Submission times: the site's short format, decided from the whole column."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from survey.errors import DateFormatError

FORMATS = {
    "m/d/Y - H:i": "%m/%d/%Y - %H:%M",
    "d/m/Y - H:i": "%d/%m/%Y - %H:%M",
    "Y-m-d\\TH:i:s": "%Y-%m-%dT%H:%M:%S",
    "Y-m-d H:i:s": "%Y-%m-%d %H:%M:%S",
    "Y-m-d H:i": "%Y-%m-%d %H:%M",
}
_AMBIGUOUS = ("m/d/Y - H:i", "d/m/Y - H:i")


def parse_times(
    columns: dict[str, pd.Series],
    *,
    path: Path,
    rows: np.ndarray,
    order: np.ndarray | None,
) -> tuple[dict[str, pd.Series], str | None, bool]:
    """Parse the time columns with one format chosen for all of them.

    Returns the parsed columns, the format's name, and whether the choice
    between ``m/d/Y`` and ``d/m/Y`` was ambiguous (no day above 12), in which
    case it was decided by which reading keeps the submissions in order of
    ``order`` (the SIDs), and otherwise ``m/d/Y``, Drupal's default.
    """
    if not columns:
        return {}, None, False
    joined = pd.concat(list(columns.values()), ignore_index=True)
    filled = joined[joined.str.strip() != ""]
    if filled.empty:
        return {k: pd.Series(pd.NaT, index=v.index) for k, v in columns.items()}, None, False
    sample = filled.drop_duplicates().head(2_000)
    fitting = [
        name
        for name, fmt in FORMATS.items()
        if pd.to_datetime(sample, format=fmt, errors="coerce").notna().all()
    ]
    if set(fitting) >= set(_AMBIGUOUS):  # decide on every value, not on the sample
        day_first = pd.to_datetime(filled, format=FORMATS[_AMBIGUOUS[0]], errors="coerce")
        if day_first.isna().any():
            fitting.remove(_AMBIGUOUS[0])
        elif pd.to_datetime(filled, format=FORMATS[_AMBIGUOUS[1]], errors="coerce").isna().any():
            fitting.remove(_AMBIGUOUS[1])
    ambiguous = False
    if not fitting:
        bad_at = _first_bad(columns)
        key, i = bad_at
        raise DateFormatError(
            path,
            f"date « {columns[key].iloc[i]} » dans un format inconnu (attendu : "
            "« 03/31/2025 - 14:05 » ou « 31/03/2025 - 14:05 ») ; téléchargez à nouveau "
            "les résultats sans les modifier dans un tableur.",
            row=int(rows[i]),
            column=key,
        )
    if set(fitting) >= set(_AMBIGUOUS):
        ambiguous = True
        chosen = _by_order(columns, order)
    else:
        chosen = fitting[0]
    fmt = FORMATS[chosen]
    parsed = {}
    for key, values in columns.items():
        blank = (values.str.strip() == "").to_numpy()
        parsed[key] = pd.to_datetime(values.where(~blank), format=fmt, errors="coerce")
        bad = parsed[key].isna().to_numpy() & ~blank
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise DateFormatError(
                path,
                f"date « {values.iloc[i]} » dans un autre format que les autres (« {chosen} ») ; "
                "téléchargez à nouveau les résultats sans les modifier dans un tableur.",
                row=int(rows[i]),
                column=key,
            )
    return parsed, chosen, ambiguous


def _first_bad(columns: dict[str, pd.Series]) -> tuple[str, int]:
    for key, values in columns.items():
        ok = np.zeros(len(values), dtype=bool)
        for fmt in FORMATS.values():
            ok |= pd.to_datetime(values, format=fmt, errors="coerce").notna().to_numpy()
        ok |= (values.str.strip() == "").to_numpy()
        if not ok.all():
            return key, int(np.flatnonzero(~ok)[0])
    return next(iter(columns)), 0


def _by_order(columns: dict[str, pd.Series], order: np.ndarray | None) -> str:
    first = next(iter(columns.values()))
    if order is None or len(first) < 3:
        return _AMBIGUOUS[0]
    sort = np.argsort(order, kind="stable")
    score = {}
    for name in _AMBIGUOUS:
        t = pd.to_datetime(first, format=FORMATS[name], errors="coerce").to_numpy()[sort]
        t = t[~pd.isna(t)]
        score[name] = int((np.diff(t.astype("datetime64[m]").astype(np.int64)) >= 0).sum())
    return max(_AMBIGUOUS, key=lambda n: (score[n], n == _AMBIGUOUS[0]))
