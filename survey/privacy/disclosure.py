"""Disclosure control for published tables and quotes.

Which tables the threshold covers: cross-tabulations of two attributes or more, and any
table or quote describing identifiable subgroups (interviewee profile combinations). It
does not blank one-way distributions over the whole sample, nor counts of interviews per
theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

DEFAULT_THRESHOLD = 5
OTHER = "Autres (effectifs < {threshold})"


@dataclass
class DisclosureRecord:
    """What was suppressed or merged, counted by rule (never the values): methods appendix."""

    threshold: int = DEFAULT_THRESHOLD
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, rule: str, n: int = 1) -> None:
        self.counts[rule] = self.counts.get(rule, 0) + n


def profile_combinations(
    profiles: pd.DataFrame,
    columns: Sequence[str],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    record: DisclosureRecord | None = None,
) -> pd.DataFrame:
    """Counts of interviewees per combination of attributes, safe to publish.

    Combinations with fewer than ``threshold`` interviewees are merged into one line
    "Autres (effectifs < 5)", so that no line points to one person. If that merged line
    is itself under the threshold (and not empty), it is suppressed too: its count is
    shown as missing.

    Returns
    -------
    DataFrame
        The attribute columns, ``count`` and ``merged`` (True on the merged line).
    """
    counts = profiles.groupby(list(columns), dropna=False).size().rename("count").reset_index()
    small = counts["count"] < threshold
    kept = counts[~small].assign(merged=False)
    if small.any():
        other = dict.fromkeys(columns, OTHER.format(threshold=threshold))
        total = int(counts.loc[small, "count"].sum())
        merged = pd.DataFrame([{**other, "count": total, "merged": True}])
        if total < threshold:
            merged["count"] = pd.NA
        kept = pd.concat([kept, merged], ignore_index=True)
        if record is not None:
            record.add("combinaisons de profil regroupées", int(small.sum()))
    kept["count"] = kept["count"].astype("Int64")
    return kept.reset_index(drop=True)


def quote_attribution(
    subgroup: str | None, size: int, *, threshold: int = DEFAULT_THRESHOLD,
    record: DisclosureRecord | None = None,
) -> str | None:  # fmt: skip
    """The subgroup a quote may be attributed to, or ``None`` when the subgroup is too small."""
    if subgroup is None or size >= threshold:
        return subgroup
    if record is not None:
        record.add("citations non attribuées (sous-groupe < seuil)")
    return None
