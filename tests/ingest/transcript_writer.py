"""Write speaker turns as transcript files, following shared/specs/transcript-formats.md.

A test helper: the property tests write random turns with it and read them back with
:func:`survey.ingest.transcripts.read_transcript`. It only writes what the spec describes
(Teams and Zoom ``.vtt``, Teams ``.docx``, typed notes); it never reads.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# What the spec accepts as a notes prefix (§0.4): a continuation line must not look like one.
NOTE_PREFIX = re.compile(r"^\s*([^:\n]{1,40}?)\s*:\s*")
# Lines of notes that are not speech (headings, [Notes], bullets): a turn cannot hold one.
NOTE_ASIDE = re.compile(r"\s*(={2,}|#{1,6}\s|-{3,}|\*{3,}|_{3,}|\[|[-–—•*▪]\s)")
GUID = uuid.UUID("3f6c2a1e-8b4d-4c7a-9e21-5d0b7a9c4e18")


@dataclass(frozen=True)
class Cue:
    """One cue of a turn: its lines of text (non-blank, no outer spaces) and its times."""

    lines: tuple[str, ...]
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Turn:
    """What one speaker says before the other speaks, as the cues Teams cuts it into."""

    speaker: str
    cues: tuple[Cue, ...]

    @property
    def text(self) -> str:
        return " ".join(line for cue in self.cues for line in cue.lines)

    @property
    def start(self) -> float:
        return self.cues[0].start_ms / 1000

    @property
    def end(self) -> float:
        return max(c.end_ms for c in self.cues) / 1000


def notes_safe(line: str) -> bool:
    """A line that typed notes can carry inside a turn (not a prefix, heading or bullet)."""
    return not NOTE_PREFIX.match(line) and not NOTE_ASIDE.match(line)


# ---------------------------------------------------------------------------------- .vtt


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html_name(name: str) -> str:
    """A display name as .NET's WebUtility.HtmlEncode writes it (Latin-1 letters as &#NNN;)."""
    out = []
    for char in name:
        if char in "&<>\"'":
            out.append({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}.get(char, "&#39;"))
        elif 0xA0 <= ord(char) <= 0xFF:
            out.append(f"&#{ord(char)};")
        else:
            out.append(char)
    return "".join(out)


def vtt_time(ms: int, *, short: bool = False) -> str:
    """``00:01:02.345``, or the Graph API's ``0:1:2.345`` (``0:0:0.0``: no padding)."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if short:
        fraction = f"{millis:03d}".rstrip("0") or "0"
        return f"{hours}:{minutes}:{seconds}.{fraction}"
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def teams_vtt(
    turns: Sequence[Turn],
    *,
    ids: str | None = "guid",
    short: bool = False,
    entities: bool = False,
    untagged: frozenset[tuple[int, int]] = frozenset(),
    newline: str = "\n",
    bom: bool = False,
) -> str:
    """A Teams transcript: ``<v Name>`` on every cue except the (turn, cue) in ``untagged``.

    ``ids``: ``"guid"`` (``GUID/N-M``), ``"int"`` (1, 2…) or None (no identifiers).
    ``entities``: names written as .NET writes them (``H&#233;l&#232;ne``).
    """
    blocks = ["WEBVTT"]
    count = 0
    for t, turn in enumerate(turns):
        name = _html_name(turn.speaker) if entities else _escape(turn.speaker)
        for c, cue in enumerate(turn.cues):
            count += 1
            lines = []
            if ids == "guid":
                lines.append(f"{GUID}/{3 * t + 7}-{c}")
            elif ids == "int":
                lines.append(str(count))
            lines.append(f"{vtt_time(cue.start_ms, short=short)} --> ")
            lines[-1] += vtt_time(cue.end_ms, short=short)
            payload = [_escape(line) for line in cue.lines]
            if (t, c) not in untagged:
                payload[0] = f"<v {name}>{payload[0]}"
                payload[-1] += "</v>"
            blocks.append("\n".join(lines + payload))
    text = "\n\n".join(blocks) + "\n"
    return ("\ufeff" if bom else "") + text.replace("\n", newline)


def zoom_vtt(turns: Sequence[Turn], *, newline: str = "\n") -> str:
    """A Zoom cloud transcript: integer cue numbers, ``Name: text`` on every cue."""
    blocks = ["WEBVTT"]
    count = 0
    for turn in turns:
        for cue in turn.cues:
            count += 1
            payload = [_escape(line) for line in cue.lines]
            payload[0] = f"{_escape(turn.speaker)}: {payload[0]}"
            timing = f"{vtt_time(cue.start_ms)} --> {vtt_time(cue.end_ms)}"
            blocks.append("\n".join([str(count), timing, *payload]))
    return ("\n\n".join(blocks) + "\n").replace("\n", newline)


# --------------------------------------------------------------------------------- notes


def notes(
    turns: Sequence[Turn],
    *,
    labels: Mapping[str, str],
    header: Sequence[str] = (),
    colon: str = " : ",
    blank_between: bool = True,
    newline: str = "\n",
) -> str:
    """Typed notes: ``<label><colon><text>``, continuation lines below, header block first.

    ``labels`` maps each speaker to the prefix typed for them ("Enquêtrice", "SA"…).
    """
    out = [*header, ""] if header else []
    for turn in turns:
        lines = [line for cue in turn.cues for line in cue.lines]
        out.append(f"{labels[turn.speaker]}{colon}{lines[0]}")
        out.extend(lines[1:])
        if blank_between:
            out.append("")
    return newline.join(out) + newline


# --------------------------------------------------------------------------------- .docx


def docx_time(ms: int) -> str:
    """The turn start Teams' .docx shows: ``M:SS``, or ``H:MM:SS`` past an hour (truncated)."""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def teams_docx(turns: Sequence[Turn], *, english: bool = False, interviewer: str = "") -> bytes:
    """A Teams .docx: header paragraphs, one paragraph per turn (``Name   M:SS`` + ``<w:br/>``
    + one line per cue line), then the "stopped transcription" line."""
    import docx

    who = interviewer or turns[0].speaker
    if english:
        header = [
            "Entretien-20250312_140312-Meeting Transcript",
            "12 March 2025, 01:03pm",
            "31m 5s",
            f"{who} started transcription",
        ]
        trailer = f"{who} stopped transcription"
    else:
        header = [
            "Entretien-20250312_140312-Transcription de la réunion",
            "12 mars 2025, 01:03PM",
            "31min 5sec",
            f"{who} a commencé la transcription",
        ]
        trailer = f"{who} a arrêté la transcription"
    document = docx.Document()
    for line in header:
        document.add_paragraph(line)
    for turn in turns:
        run = document.add_paragraph().add_run(
            f"{turn.speaker}   {docx_time(turn.cues[0].start_ms)}"
        )
        for line in (line for cue in turn.cues for line in cue.lines):
            run.add_break()
            run.add_text(line)
    document.add_paragraph(trailer)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
