"""Privacy for a whole wave: its redactor, stable pseudonyms, coarsened interviewee profiles."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from survey.privacy.redact import Redactor

PSEUDONYM = "Professionnel·le {:02d}"


def wave_redactor(
    wave,
    *,
    turns: pd.DataFrame | None = None,
    profiles: pd.DataFrame | None = None,
    extra_names: Iterable[str] = (),
    tag_places: bool = True,
) -> Redactor:
    """A redactor that knows the wave's people and keeps its structures.

    Names: the speakers of the transcripts, the interviewers, the interviewees of the
    profiles, and the analyst's own list (``private_names.txt`` in the wave folder, one
    name per line, if present) plus ``extra_names``. Places: the communes of the
    profiles. Kept: every option label of the questionnaire and every expression of the
    coding frame (structures, networks, tools).
    """
    names = set(extra_names) | set(wave.spec.interviewers)
    places: set[str] = set()
    if turns is not None:
        names |= set(turns["speaker"].dropna().astype(str))
    if profiles is not None:
        for column in ("nom", "name"):
            if column in profiles:
                names |= set(profiles[column].dropna().astype(str))
        if "commune" in profiles:
            places |= set(profiles["commune"].dropna().astype(str))
    private = wave.folder / "private_names.txt"
    if private.exists():
        names |= _lines(private)
    allow: set[str] = set()
    questionnaire = wave.questionnaire()
    for question in questionnaire.questions:
        allow |= {o.label for o in question.options}
    if wave.spec.coding_frame:
        allow |= set(wave.coding_frame().expressions)
    return Redactor(names=sorted(names), places=sorted(places), allow=sorted(allow),
                    tag_places=tag_places)  # fmt: skip


def _lines(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}


def pseudonyms(interview_ids: Iterable[str]) -> dict[str, str]:
    """A stable pseudonym per interview for the whole wave ("Professionnel·le 07").

    Numbered in the order of the sorted interview ids, so that the same folder always
    gives the same pseudonyms.
    """
    return {i: PSEUDONYM.format(n) for n, i in enumerate(sorted(set(interview_ids)), start=1)}


def coarsen_profiles(
    profiles: pd.DataFrame,
    *,
    keep: Iterable[str] = ("cercle", "mission", "anciennete", "departement"),
    structure_to_cercle: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Interviewee profiles reduced to what the report needs, under pseudonyms.

    Names, communes, job titles and structure names are dropped; the structure becomes
    its cercle when a mapping is given (``questionnaire.derived_variable("cercle").mapping``).
    """
    out = pd.DataFrame(index=profiles.index)
    if structure_to_cercle is not None and "structure" in profiles:
        out["cercle"] = profiles["structure"].map(structure_to_cercle)
    for column in keep:
        if column in profiles and column not in out:
            out[column] = profiles[column]
    out.index = out.index.map(pseudonyms(profiles.index))
    out.index.name = "pseudonyme"
    return out[[c for c in keep if c in out]].sort_index()
