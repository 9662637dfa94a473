"""Privacy: every verbatim goes through :func:`redact` before it is quoted, counted or drawn.

Until the pseudonymisation layer lands, :func:`redact` returns its input unchanged; it is
the one place where it will plug in, so that callers never change.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = ["redact", "redact_series"]


def redact(text: str) -> str:
    """The text as it may be shown: today unchanged (pass-through)."""
    return text


def redact_series(texts: pd.Series | Iterable[str]) -> pd.Series:
    """:func:`redact` applied to every text of a Series (missing values stay missing)."""
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype="string")
    return series.map(redact, na_action="ignore")
