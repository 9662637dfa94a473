"""Read interview transcripts into speaker turns: Teams and Zoom ``.vtt``, Teams ``.docx``, notes.

The format is recognised from the content, not from the extension. What each reader accepts
is documented in ``shared/specs/transcript-formats.md``; in short:

- **Teams .vtt**: ``WEBVTT`` header; cue identifiers ``GUID/N-M``, integers or none;
  ``HH:MM:SS.mmm`` or Graph-API ``H:M:S.mmm`` timings; ``<v Name>…</v>`` voice tags with HTML
  character references in names and text; one utterance split over several cues; cues that
  overlap; cues whose voice tag Teams left out (given to the speaker of the cue before).
- **Zoom .vtt**: integer cue numbers, ``Name: text`` payloads.
- **Teams .docx**: a header (title, date, duration, "X a commencé la transcription" or
  "X started transcription"), then one paragraph per turn, ``Name   M:SS`` (or ``H:MM:SS``)
  then the speech after Word line breaks, then "X a arrêté la transcription"; also the older
  layout with one ``0:0:0.0 --> 0:0:1.510`` / name / text paragraph per cue.
- **Notes** (``.txt``, or typed in Word): ``Enquêtrice : …``, ``Q : …``, ``SA : …`` lines
  (no-break spaces before the colon, Windows line ends); a header block, ``== Thème ==``
  headings, ``[Notes]`` lines and ``- …`` bullets are not speech.

Consecutive cues or paragraphs of one speaker are one turn. Nothing is dropped silently:
what is left out (empty cues, headers, the interviewer's own notes) is counted in
``DataFrame.attrs["notes"]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from survey.errors import InterviewMismatchError, TranscriptError, WaveError
from survey.ingest._formats import parse_transcript
from survey.ingest._interview_tables import check_interviews, read_grid, read_profiles
from survey.ingest._roles import assign_roles
from survey.ingest._turns import ROLES, TURN_COLUMNS, merge_turns

__all__ = [
    "ROLES",
    "TURN_COLUMNS",
    "InterviewMismatchError",
    "TranscriptError",
    "check_interviews",
    "read_grid",
    "read_interviews",
    "read_profiles",
    "read_transcript",
]

SUFFIXES = (".vtt", ".docx", ".txt")


def read_transcript(
    path: str | Path,
    *,
    interview_id: str | None = None,
    interviewers: Iterable[str] | None = None,
    roles: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Read one interview transcript into one row per speaker turn.

    Parameters
    ----------
    path
        A Teams or Zoom ``.vtt``, a Teams ``.docx`` or typed notes (``.txt``); the format
        is recognised from the content.
    interview_id
        Identifier of the interview; the file name without extension by default.
    interviewers
        Names of the wave's interviewers (``interviewers`` of ``wave.yaml``). A speaker whose
        name matches one (ignoring case, accents, HTML character references, word order and
        a bracketed suffix such as "(Invité)") is the interviewer, the others interviewees.
        Without a match, notes use their prefixes ("Enquêtrice", "Q", "Interviewé"…) and
        otherwise the interviewer is the speaker who asks the most questions while
        speaking less.
    roles
        Per-file override, ``{"Speaker name": "interviewer" | "interviewee"}``; for notes
        the prefix (``"SA"``) may be given instead of the name.

    Returns
    -------
    DataFrame
        Columns ``interview_id``, ``turn`` (1…n), ``speaker``, ``role`` (``"interviewer"``
        or ``"interviewee"``), ``start`` and ``end`` (seconds from the start of the
        transcription, NaN when the format has no times: notes; ``.docx`` has no end),
        ``text``. ``attrs["notes"]`` lists, in French, what was left out or repaired;
        ``attrs["formats"]`` and ``attrs["files"]`` map the interview id to the format
        (``teams_vtt``, ``zoom_vtt``, ``teams_docx``, ``notes``) and the file name.

    Raises
    ------
    TranscriptError
        The file is empty, truncated, has an unreadable timing, is not a transcript, or
        who leads the interview cannot be decided; the message names file and line.

    Examples
    --------
    >>> from survey._resources import bundled_path
    >>> folder = bundled_path("examples") / "spro-2025" / "entretiens"
    >>> turns = read_transcript(folder / "E01.vtt", interviewers=["Sophie AUBERTIN"])
    >>> turns.columns.tolist()
    ['interview_id', 'turn', 'speaker', 'role', 'start', 'end', 'text']
    >>> first = turns.iloc[0]
    >>> first.speaker, first.role, float(first.start)
    ('Sophie AUBERTIN', 'interviewer', 6.72)
    """
    path = Path(path)
    parsed = parse_transcript(path)
    turns = merge_turns(parsed)
    decided = assign_roles(path, turns, parsed, interviewers, roles)
    interview_id = path.stem if interview_id is None else str(interview_id)
    frame = pd.DataFrame(
        {
            "interview_id": [interview_id] * len(turns),
            "turn": np.arange(1, len(turns) + 1, dtype=np.int64),
            "speaker": [t.speaker for t in turns],
            "role": [decided[t.speaker] for t in turns],
            "start": np.array([t.start for t in turns], dtype=np.float64),
            "end": np.array([t.end for t in turns], dtype=np.float64),
            "text": [t.text for t in turns],
        },
        columns=TURN_COLUMNS,
    )
    frame.attrs = {
        "notes": [f"{path.name} : {note}" for note in parsed.notes],
        "formats": {interview_id: parsed.format},
        "files": {interview_id: path.name},
    }
    return frame


def read_interviews(
    folder: str | Path, *, interviewers: Iterable[str] | None = None
) -> pd.DataFrame:
    """Read every transcript of a folder, one row per speaker turn, sorted by interview.

    Parameters
    ----------
    folder
        The wave's interview folder. Every file must be a transcript (``.vtt``, ``.docx``,
        ``.txt``) named after its interview (``E01.vtt``); hidden files and Word lock files
        (``~$…``) are left out and listed in ``attrs["notes"]``, as are sub-folders.
    interviewers
        Names of the wave's interviewers (see :func:`read_transcript`).

    Returns
    -------
    DataFrame
        The turns of :func:`read_transcript` for every file, sorted by ``interview_id``
        then ``turn``; ``attrs["notes"]``, ``attrs["formats"]`` and ``attrs["files"]``
        gather those of every file.

    Raises
    ------
    TranscriptError
        A file is not a transcript, two files share one interview id, or a transcript
        cannot be read.
    survey.errors.WaveError
        The folder does not exist or holds no transcript.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise WaveError(
            folder, "dossier des entretiens introuvable ; vérifiez « interviews » dans wave.yaml."
        )
    notes: list[str] = []
    paths: dict[str, Path] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith((".", "~$")):
            notes.append(f"« {entry.name} » non lu (fichier caché ou temporaire).")
        elif entry.is_dir():
            notes.append(f"sous-dossier « {entry.name} » non lu.")
        elif entry.suffix.lower() not in SUFFIXES:
            raise TranscriptError(
                entry,
                "ce fichier n'est pas une transcription d'entretien (formats lus : .vtt et "
                ".docx de Teams ou Zoom, notes .txt) ; retirez-le du dossier des entretiens "
                "ou convertissez-le.",
            )
        elif entry.stem in paths:
            raise TranscriptError(
                entry,
                f"l'entretien « {entry.stem} » a déjà une transcription, "
                f"« {paths[entry.stem].name} » ; gardez un seul fichier par entretien.",
            )
        else:
            paths[entry.stem] = entry
    if not paths:
        raise WaveError(folder, "aucune transcription (.vtt, .docx, .txt) dans ce dossier.")
    frames = [read_transcript(paths[key], interviewers=interviewers) for key in sorted(paths)]
    result = pd.concat(frames, ignore_index=True)
    result.attrs = {
        "notes": notes + [n for f in frames for n in f.attrs["notes"]],
        "formats": {k: v for f in frames for k, v in f.attrs["formats"].items()},
        "files": {k: v for f in frames for k, v in f.attrs["files"].items()},
    }
    return result
