"""Code saturation: how many new codes each interview brings, and when they stop coming.

Computation only: a presence table (interviews x codes) in, a tidy DataFrame out.
The stopping rule is the "run length" of Guest, Namey & Chen (2020): saturation is
reached after the interview that is followed by ``k`` consecutive interviews
bringing no code not seen before. None of NVivo, MAXQDA, ATLAS.ti or QualCoder
tracks it; the interview order is part of the result, so put the interviews in
the order they were conducted (:func:`saturation_order`).

References
----------
Guest, G., Namey, E., & Chen, M. (2020). A simple method to assess and report
thematic saturation in qualitative research. *PLOS ONE*, 15(5), e0232076.
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pandas as pd

from survey.errors import SurveyError

__all__ = ["saturation", "saturation_order"]

# Output columns.
INTERVIEW = "interview"
ORDER = "order"
NEW_CODES = "new_codes"
CUMULATIVE_CODES = "cumulative_codes"
NEW_CODE_LIST = "new_code_list"
_COLUMNS = [INTERVIEW, ORDER, NEW_CODES, CUMULATIVE_CODES, NEW_CODE_LIST]


def saturation(presence: pd.DataFrame, *, k: int = 3) -> pd.DataFrame:
    """New and cumulative codes per interview, and the point of saturation.

    Parameters
    ----------
    presence : pandas.DataFrame
        One row per interview, indexed by interview id, **in interview order** (the
        order of the index is the order used); one column per code, True where the
        code is present in the interview. Booleans, nullable booleans or 0/1
        integers; a missing value is an error (say False for "absent").
    k : int, default 3
        Run length: how many consecutive interviews without a new code mark
        saturation.

    Returns
    -------
    pandas.DataFrame
        One row per interview, in the order of ``presence``, with columns:

        - ``interview``: the interview id (the index of ``presence``);
        - ``order``: its position, from 1;
        - ``new_codes``: the number of codes present in this interview and in no
          earlier one;
        - ``cumulative_codes``: the number of distinct codes seen up to and
          including this interview;
        - ``new_code_list``: those new codes, as a list of column names in the
          column order of ``presence``.

        ``attrs`` holds:

        - ``"saturation_after"``: the interview id after which ``k`` consecutive
          interviews bring no new code (the first such interview, as a researcher
          applying the stopping rule while interviewing would find it), or None if
          that never happens (including when fewer than ``k`` interviews follow the
          last new code);
        - ``"k"``: the run length used;
        - ``"codes_after_saturation"``: the codes first seen after the interview that
          ended the run (empty when saturation held to the end or was never reached);
          a non-empty list means the run was followed by new codes and the
          saturation claim should be qualified.

    Raises
    ------
    SurveyError
        ``presence`` not a DataFrame, repeated interview ids, missing or non-boolean
        values, or ``k`` not a positive integer.

    Examples
    --------
    >>> presence = pd.DataFrame(
    ...     {"stress": [1, 1, 0, 1, 0], "salaire": [0, 1, 1, 0, 0], "sens": [0, 0, 0, 0, 0]},
    ...     index=["E1", "E2", "E3", "E4", "E5"],
    ... ).astype(bool)
    >>> table = saturation(presence, k=3)
    >>> table[["interview", "new_codes", "cumulative_codes", "new_code_list"]]
      interview  new_codes  cumulative_codes new_code_list
    0        E1          1                 1      [stress]
    1        E2          1                 2     [salaire]
    2        E3          0                 2            []
    3        E4          0                 2            []
    4        E5          0                 2            []
    >>> table.attrs["saturation_after"]
    'E2'
    """
    _check_k(k)
    present = _presence_array(presence)
    codes = list(presence.columns)
    n_interviews = present.shape[0]
    seen_before = np.zeros(present.shape[1], dtype=bool)
    new_lists: list[list[Hashable]] = []
    new_counts: list[int] = []
    cumulative: list[int] = []
    for row in present:
        new = row & ~seen_before
        seen_before |= row
        new_lists.append([codes[j] for j in np.flatnonzero(new)])
        new_counts.append(int(new.sum()))
        cumulative.append(int(seen_before.sum()))
    table = pd.DataFrame(
        {
            INTERVIEW: list(presence.index),
            ORDER: np.arange(1, n_interviews + 1, dtype="int64"),
            NEW_CODES: np.asarray(new_counts, dtype="int64"),
            CUMULATIVE_CODES: np.asarray(cumulative, dtype="int64"),
            NEW_CODE_LIST: pd.Series(new_lists, dtype=object),
        },
        columns=_COLUMNS,
    )
    position = _saturation_position(new_counts, k)
    after = None if position is None else presence.index[position]
    late: list[Hashable] = []
    if position is not None:
        for codes_here in new_lists[position + k + 1 :]:
            late.extend(codes_here)
    table.attrs["saturation_after"] = _plain(after)
    table.attrs["k"] = k
    table.attrs["codes_after_saturation"] = late
    return table


def saturation_order(dates: pd.Series) -> pd.Index:
    """Interview ids in the order the interviews were conducted.

    Parameters
    ----------
    dates : pandas.Series
        Interview id (index) → date or timestamp of the interview (anything
        :func:`pandas.to_datetime` reads, day first for strings such as
        ``"03/02/2025"``).

    Returns
    -------
    pandas.Index
        The interview ids sorted by date; interviews on the same date keep their
        order in ``dates``. Reorder a presence table with
        ``presence.loc[saturation_order(dates)]``.

    Raises
    ------
    SurveyError
        Not a Series, repeated interview ids, or missing or unreadable dates.

    Examples
    --------
    >>> dates = pd.Series({"E1": "2025-03-12", "E2": "2025-02-27", "E3": "2025-03-01"})
    >>> list(saturation_order(dates))
    ['E2', 'E3', 'E1']
    """
    if not isinstance(dates, pd.Series):
        raise SurveyError(
            "saturation_order attend une Series : identifiant d'entretien (index) → date."
        )
    if dates.index.has_duplicates:
        shown = ", ".join(f"« {v} »" for v in dates.index[dates.index.duplicated()][:6])
        raise SurveyError(f"Dates des entretiens : identifiants en double : {shown}.")
    if pd.api.types.is_datetime64_any_dtype(dates):
        parsed = dates
    else:
        parsed = pd.to_datetime(dates, errors="coerce", dayfirst=True, format="mixed")
    bad = parsed.isna()
    if bad.any():
        shown = ", ".join(f"« {i} »" for i in dates.index[bad][:6])
        raise SurveyError(
            f"Dates des entretiens manquantes ou illisibles pour : {shown}. "
            "Indiquez une date (par exemple 2025-03-12) pour chaque entretien."
        )
    order = np.argsort(parsed.to_numpy(), kind="stable")
    return dates.index[order]


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise SurveyError(
            f"La longueur de série « k » doit être un entier supérieur ou égal à 1 (reçu : {k!r})."
        )


def _presence_array(presence: pd.DataFrame) -> np.ndarray:
    if not isinstance(presence, pd.DataFrame):
        raise SurveyError(
            "« presence » doit être un DataFrame : une ligne par entretien (index), une "
            "colonne booléenne par code."
        )
    if presence.index.has_duplicates:
        shown = ", ".join(
            f"« {v} »" for v in presence.index[presence.index.duplicated()].unique()[:6]
        )
        raise SurveyError(f"« presence » : entretiens en double dans l'index : {shown}.")
    if presence.columns.has_duplicates:
        shown = ", ".join(
            f"« {v} »" for v in presence.columns[presence.columns.duplicated()].unique()[:6]
        )
        raise SurveyError(f"« presence » : codes en double dans les colonnes : {shown}.")
    missing = presence.isna()
    if missing.any().any():
        where = missing.stack()
        shown = ", ".join(f"{i} / {c}" for i, c in where[where].index[:6])
        raise SurveyError(
            f"« presence » : valeurs manquantes (entretien / code) : {shown}. "
            "Indiquez False quand le code est absent."
        )
    # True == 1 and False == 0, so booleans, 0/1 numbers and object columns of either pass;
    # strings such as "1" or "oui" do not.
    bad = [c for c in presence.columns if not presence[c].isin([0, 1]).all()]
    if bad:
        shown = ", ".join(f"« {c} »" for c in bad[:6])
        raise SurveyError(
            f"« presence » : colonnes qui ne sont pas booléennes (vrai/faux ou 0/1) : {shown}."
        )
    return presence.to_numpy(dtype=bool).reshape(len(presence.index), len(presence.columns))


def _saturation_position(new_counts: list[int], k: int) -> int | None:
    """Position of the first interview followed by k interviews without a new code."""
    run = 0
    for position in range(1, len(new_counts)):
        run = run + 1 if new_counts[position] == 0 else 0
        if run == k:
            return position - k
    return None


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    return value
