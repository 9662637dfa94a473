"""Privacy: every verbatim goes through :func:`redact` before it is quoted, counted or drawn.

:func:`redact` applies the active :class:`Redactor`: by default a general one
(contact data, names found by the French recogniser and the first-name list); a wave
installs its own, which also knows the names of its speakers and interviewees, with
:func:`use_redactor`. Disclosure control for published tables is in
:mod:`survey.privacy.disclosure`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pandas as pd

from survey.privacy.redact import TAGS, Redactor

__all__ = [
    "TAGS",
    "Redactor",
    "active_redactor",
    "install_redactor",
    "redact",
    "redact_series",
    "use_redactor",
]

_ACTIVE: list[Redactor] = []


def active_redactor() -> Redactor:
    """The redactor :func:`redact` uses now (a general one unless a wave installed its own)."""
    if not _ACTIVE:
        _ACTIVE.append(Redactor())
    return _ACTIVE[-1]


@contextmanager
def use_redactor(redactor: Redactor) -> Iterator[Redactor]:
    """Make ``redactor`` the active one inside a ``with`` block."""
    _ACTIVE.append(redactor)
    try:
        yield redactor
    finally:
        _ACTIVE.remove(redactor)


def install_redactor(redactor: Redactor) -> None:
    """Make ``redactor`` the active one for the rest of the session (notebooks)."""
    _ACTIVE.append(redactor)


def redact(text: str) -> str:
    """The text as it may be shown: personal data replaced by French tags."""
    return active_redactor()(text)


def redact_series(texts: pd.Series | Iterable[str]) -> pd.Series:
    """:func:`redact` applied to every text of a Series (missing values stay missing)."""
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype="string")
    present = series.dropna()
    out = series.copy()
    if len(present):
        out.loc[present.index] = active_redactor().redact_many([str(t) for t in present])
    return out
