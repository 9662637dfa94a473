"""Coding a whole wave: transcripts and free-text answers → proposals → validated coding."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from survey.coding.autocode import answer_segments, autocode, propose_dimension, segments
from survey.coding.frame import CodingFrame
from survey.coding.review import Review, read_review
from survey.wave import Wave

FREE_TEXT_TYPES = ("text",)


@dataclass(frozen=True)
class WaveCoding:
    """Everything the coding of a wave produces.

    Attributes
    ----------
    frame
        The coding frame.
    turns
        Interview turns (all speakers), as :func:`survey.ingest.read_interviews` gives them.
    segments, proposed
        Interviewee sentences and the auto-coding proposals for them.
    proposed_dimensions
        ``{dimension: Series interview → proposed value}``.
    review
        The analyst's validated review when the wave has one (``review:`` in wave.yaml).
    """

    frame: CodingFrame
    turns: pd.DataFrame
    segments: pd.DataFrame
    proposed: pd.DataFrame
    proposed_dimensions: dict[str, pd.Series]
    review: Review | None

    @property
    def validated(self) -> pd.DataFrame:
        """The validated coding (raises ``ValueError`` when there is no review yet)."""
        if self.review is None:
            raise ValueError("no validated review for this wave")
        return self.review.coded

    def dimension(self, dimension: str) -> pd.Series:
        """Validated interview-level values of a dimension (document → value)."""
        if self.review is None:
            raise ValueError("no validated review for this wave")
        dims = self.review.dimensions
        rows = dims[dims["dimension"] == dimension]
        return rows.set_index("document")["value"].rename(dimension)


def code_interviews(wave: Wave, *, with_review: bool = True) -> WaveCoding:
    """Read the wave's transcripts, auto-code them, and read the validated review if any."""
    from survey.ingest import read_interviews

    frame = wave.coding_frame()
    turns = read_interviews(wave.path(wave.spec.interviews), interviewers=wave.spec.interviewers)
    segs = segments(turns)
    proposed = autocode(segs, frame, kind="interviews")
    dims = {d.id: propose_dimension(proposed, frame, d.id) for d in frame.dimensions}
    review = None
    if with_review and wave.spec.review and wave.path(wave.spec.review).exists():
        review = read_review(wave.path(wave.spec.review), proposed, segs, frame)
    return WaveCoding(frame, turns, segs, proposed, dims, review)


def code_answers(responses: pd.DataFrame, questionnaire, frame: CodingFrame) -> pd.DataFrame:
    """Auto-code every free-text answer of the questionnaire (proposals, one row per code)."""
    parts = []
    for q in questionnaire.questions:
        if q.type in FREE_TEXT_TYPES and q.id in responses and not q.personal:
            segs = answer_segments(responses[q.id], question=q.id)
            coded = autocode(segs, frame, kind="answers")
            parts.append(coded.assign(question=q.id))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def interview_documents(turns: pd.DataFrame) -> tuple[dict[str, str], pd.DataFrame]:
    """Each interview as one plain text (``Speaker : text`` per turn) and the turn offsets.

    Returns the texts (interview id → text) and a table ``document, turn, offset``
    giving where each turn's text starts in its document, to place codings.
    """
    texts: dict[str, str] = {}
    offsets = []
    for document, group in turns.groupby("interview_id", sort=True):
        parts, position = [], 0
        for turn, speaker, text in group[["turn", "speaker", "text"]].itertuples(index=False):
            prefix = f"{speaker} : "
            offsets.append({"document": document, "turn": turn, "offset": position + len(prefix)})
            line = f"{prefix}{text}\n"
            parts.append(line)
            position += len(line)
        texts[str(document)] = "".join(parts)
    return texts, pd.DataFrame(offsets)


def export_qdpx(coding: WaveCoding, path, *, project_name: str, attributes=None):
    """Write the coded interviews (validated coding if any) as a REFI-QDA project (.qdpx).

    The file holds raw verbatims: write it to a private folder, never to ``reports/``.
    """
    from survey.coding.refiqda import write_qdpx

    coded = coding.review.coded if coding.review is not None else coding.proposed
    texts, offsets = interview_documents(coding.turns)
    placed = coded.merge(offsets, on=["document", "turn"], how="left")
    codings = pd.DataFrame(
        {
            "interview_id": placed["document"],
            "start": placed["offset"] + placed["char_start"],
            "end": placed["offset"] + placed["char_end"],
            "code": placed["code"],
        }
    )
    return write_qdpx(
        path,
        project_name=project_name,
        codes=coding.frame.table(),
        documents=texts,
        codings=codings,
        attributes=attributes,
    )
