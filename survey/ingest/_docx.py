"""Teams Word transcripts as segments: ``Name   M:SS`` paragraphs, or the older cue layout."""

from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path

from survey.errors import TranscriptError
from survey.ingest._notes import parse_notes
from survey.ingest._turns import Parsed, Segment, cite_lines, clean_name, drop_empty, squash

_CLOCK = r"\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?"
_DOCX_TURN = re.compile(
    rf"(?P<name>\S.*?)(?:[ \u00a0]{{2,}}|\t)\s*(?P<start>{_CLOCK})(?:\s*-->\s*(?P<end>{_CLOCK}))?"
)
_DOCX_CUE = re.compile(rf"\s*(?P<start>{_CLOCK})\s*-->\s*(?P<end>{_CLOCK})\s*")
_MARKER = re.compile(
    r".{1,100}? (a commencé|a démarré|a lancé|a arrêté|a interrompu|a repris|a terminé|"
    r"a mis fin à|started|stopped|ended|paused|resumed) (la |the )?transcription\.?",
    re.IGNORECASE,
)


def parse_docx(path: Path, data: bytes) -> Parsed:
    """The segments of a Word document: a Teams transcript, or notes typed in Word."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise TranscriptError(
            path, "archive abîmée ou incomplète : document Word illisible ; exportez-le à nouveau."
        ) from exc
    if "word/document.xml" not in names:
        what = "un classeur Excel" if "xl/workbook.xml" in names else "une archive zip"
        raise TranscriptError(
            path,
            f"ce fichier est {what}, pas une transcription (.vtt, .docx de Teams, notes .txt).",
        )
    import docx
    from docx.opc.exceptions import OpcError

    try:
        document = docx.Document(io.BytesIO(data))
    except (OpcError, KeyError, ValueError, SyntaxError) as exc:
        raise TranscriptError(
            path, "document Word illisible (fichier abîmé) ; exportez-le à nouveau depuis Teams."
        ) from exc
    paragraphs = [
        (number, p.text.split("\n")) for number, p in enumerate(document.paragraphs, start=1)
    ]
    filled = [(n, lines) for n, lines in paragraphs if any(line.strip() for line in lines)]
    if not filled:
        raise TranscriptError(path, "le document Word est vide.", paragraph=1)
    heads = [n for n, lines in filled if _DOCX_TURN.fullmatch(lines[0].strip())]
    cues = [n for n, lines in filled if len(lines) > 1 and _DOCX_CUE.fullmatch(lines[0])]
    if heads or cues:
        return _teams_docx(path, filled, legacy=not heads)
    parsed = parse_notes(
        [(n, line) for n, lines in paragraphs for line in lines], unit="paragraphe"
    )
    if parsed is None:
        raise TranscriptError(
            path,
            "ce document Word n'est pas une transcription Teams (aucun paragraphe « Nom   0:04 » "
            "suivi des paroles) ni des notes d'entretien (aucune ligne « Enquêtrice : … », "
            "« Q : … »). Exportez la transcription depuis Teams (.docx ou .vtt).",
            paragraph=filled[0][0],
        )
    return parsed


def _teams_docx(path: Path, filled: list[tuple[int, list[str]]], *, legacy: bool) -> Parsed:
    segments: list[Segment] = []
    header: list[int] = []
    markers: list[int] = []
    loose: list[int] = []
    for number, lines in filled:
        first = lines[0].strip()
        if legacy and len(lines) > 1 and (cue := _DOCX_CUE.fullmatch(first)):
            start, end = (_clock(path, cue.group(k), number) for k in ("start", "end"))
            name, speech = clean_name(lines[1]), lines[2:]
        elif not legacy and (head := _DOCX_TURN.fullmatch(first)):
            start = _clock(path, head.group("start"), number)
            end = _clock(path, head.group("end"), number) if head.group("end") else math.nan
            name, speech = clean_name(head.group("name")), lines[1:]
        elif not segments:
            header.append(number)
            continue
        elif len([line for line in lines if line.strip()]) == 1 and _MARKER.fullmatch(first):
            markers.append(number)
            continue
        else:
            segments[-1].text = squash(" ".join([segments[-1].text, *lines]))
            loose.append(number)
            continue
        segments.append(Segment(name, squash(" ".join(speech)), start, end, number))
    notes = []
    if header:
        notes.append(
            f"en-tête Teams ignoré : {len(header)} paragraphe(s) avant le premier tour "
            "(titre, date, durée, début de la transcription)."
        )
    if markers:
        notes.append(
            f"{len(markers)} ligne(s) « … a arrêté la transcription » ignorée(s) "
            f"({cite_lines(markers, 'paragraphe')})."
        )
    if loose:
        notes.append(
            f"{len(loose)} paragraphe(s) sans en-tête « Nom   0:00 » rattaché(s) au tour "
            f"précédent ({cite_lines(loose, 'paragraphe')})."
        )
    kept = drop_empty(segments, notes, "paragraphe")
    if not kept:
        raise TranscriptError(
            path, "la transcription Teams ne contient aucune parole.", paragraph=filled[0][0]
        )
    return Parsed("teams_docx", kept, notes)


def _clock(path: Path, stamp: str, paragraph: int) -> float:
    parts = re.split(r"[:.,]", stamp)
    fraction = int(parts.pop().ljust(3, "0")) if re.search(r"[.,]", stamp) else 0
    numbers = [int(p) for p in parts]
    if any(n >= 60 for n in numbers[1:]):
        raise TranscriptError(
            path,
            f"heure de début illisible « {stamp} » : attendu minutes:secondes (« 1:05 ») ou "
            "heures:minutes:secondes (« 1:02:05 »).",
            paragraph=paragraph,
        )
    total = 0
    for n in numbers:
        total = total * 60 + n
    return (total * 1000 + fraction) / 1000
