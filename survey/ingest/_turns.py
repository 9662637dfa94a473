"""Speaker turns: the segments each format reader gives, and how they become turns."""

from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from survey.errors import TranscriptError

TURN_COLUMNS = ["interview_id", "turn", "speaker", "role", "start", "end", "text"]
ROLES = ("interviewer", "interviewee")


@dataclass
class Segment:
    """What one cue, paragraph or line says; ``speaker`` None when the file does not say."""

    speaker: str | None
    text: str
    start: float
    end: float
    line: int


@dataclass
class Parsed:
    format: str
    segments: list[Segment]
    notes: list[str] = field(default_factory=list)
    label_roles: dict[str, str] = field(default_factory=dict)  # speaker -> role from prefix
    aliases: dict[str, set[str]] = field(default_factory=dict)  # speaker -> prefixes used
    sort: bool = False  # put segments in order of start time (subtitles)


@dataclass
class Turn:
    speaker: str
    start: float
    end: float
    text: str


def attach_unmarked(path: Path, parsed: Parsed, what: str) -> None:
    """Give a segment without speaker to the speaker before it (after it, at the start)."""
    segments = parsed.segments
    unmarked = [s.line for s in segments if s.speaker is None]
    if not unmarked:
        return
    known = [s.speaker for s in segments if s.speaker is not None]
    if not known:
        raise TranscriptError(path, "aucun locuteur dans ce fichier.", line=segments[0].line)
    previous = None
    leading = 0
    for segment in segments:
        if segment.speaker is None:
            leading += previous is None
            segment.speaker = previous or known[0]
        previous = segment.speaker
    note = f"{len(unmarked)} {what} rattaché(s) au locuteur précédent ({cite_lines(unmarked)})"
    if leading:
        note += f", dont {leading} en début de fichier rattaché(s) au premier locuteur"
    parsed.notes.append(note + ".")


def merge_turns(parsed: Parsed) -> list[Turn]:
    """Consecutive segments of one speaker as one turn (in order of start time for subtitles)."""
    segments = parsed.segments
    if parsed.sort:
        ordered = sorted(segments, key=lambda s: s.start)
        if any(a is not b for a, b in zip(ordered, segments, strict=True)):
            parsed.notes.append("sous-titres remis dans l'ordre de leur début.")
        segments = ordered
    turns: list[Turn] = []
    for segment in segments:
        speaker = segment.speaker or ""
        if turns and turns[-1].speaker == speaker:
            turn = turns[-1]
            turn.text = f"{turn.text} {segment.text}"
            if not math.isnan(segment.end) and not segment.end <= turn.end:
                turn.end = segment.end
        else:
            turns.append(Turn(speaker, segment.start, segment.end, segment.text))
    return turns


def drop_empty(segments: list[Segment], notes: list[str], unit: str = "ligne") -> list[Segment]:
    """The segments that say something; the empty ones are counted in ``notes``."""
    empty = [s.line for s in segments if not s.text]
    if empty:
        notes.append(f"{len(empty)} tour(s) vide(s) ignoré(s) ({cite_lines(empty, unit)}).")
    return [s for s in segments if s.text]


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def squash(text: str) -> str:
    """Runs of ASCII white space as one space (no-break spaces are typography: kept)."""
    return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip(" \t\n\r\f\v")


def clean_name(raw: str) -> str:
    return squash(html.unescape(raw))


def cite_lines(numbers: list[int], unit: str = "ligne") -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    more = f"… ({len(numbers)} en tout)" if len(numbers) > 8 else ""
    return f"{unit}{'s' if len(numbers) > 1 else ''} {shown}{more}"
