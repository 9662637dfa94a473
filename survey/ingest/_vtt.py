"""Teams and Zoom WebVTT subtitles as segments: Teams ``<v Name>`` voice tags, Zoom ``Name:``."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from survey.errors import TranscriptError
from survey.ingest._turns import Parsed, Segment, attach_unmarked, cite_lines, clean_name, squash

_TIMING = re.compile(r"\s*(\S+?)\s*-->\s*(\S+)(?:\s.*)?")
_TIMESTAMP = re.compile(r"(-?)(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>\n]*))?>|</v\s*>")
_TAG = re.compile(r"</?[A-Za-z][^\s>/]*(?:[.\s][^>\n]*)?>|<\d[\d:.]*>")
_ZOOM_NAME = re.compile(r"([^\s:<>?!«»\"][^:<>?!«»\"]{0,79}?):(?:[ \t]+(.*)|$)")


@dataclass
class _Cue:
    line: int  # of the timing line
    start: float
    end: float
    payload: list[str]


def parse_vtt(path: Path, lines: list[str], *, header: bool) -> Parsed:
    """The segments of a WebVTT file, given as its lines."""
    notes: list[str] = []
    blocks = text_blocks(lines)
    if header:
        start, head = blocks.pop(0)
        arrow = next((k for k, line in enumerate(head) if "-->" in line), None)
        if arrow is not None:
            raise TranscriptError(
                path,
                "il manque une ligne vide entre l'en-tête WEBVTT et le premier sous-titre.",
                line=start + arrow,
            )
    else:
        notes.append("pas d'en-tête WEBVTT : lu comme des sous-titres.")
    cues: list[_Cue] = []
    skipped: Counter[str] = Counter()
    for index, (number, block) in enumerate(blocks):
        last = index == len(blocks) - 1
        head = block[0].strip()
        kind = head.split(maxsplit=1)[0]
        if kind in ("NOTE", "STYLE", "REGION"):
            skipped[kind] += 1
            continue
        arrow = next((k for k, line in enumerate(block) if "-->" in line), None)
        if arrow is None and last:
            raise TranscriptError(
                path,
                f"sous-titre tronqué : « {_short(head)} » n'est suivi d'aucun horodatage ; le "
                "fichier a été coupé. Téléchargez à nouveau la transcription.",
                line=number,
            )
        if arrow is None:
            raise TranscriptError(
                path,
                f"bloc sans horodatage (« {_short(head)} ») : chaque sous-titre commence par "
                "une ligne « début --> fin » ; une ligne vide s'est peut-être glissée dans un "
                "sous-titre.",
                line=number,
            )
        if arrow > 1:
            raise TranscriptError(
                path,
                f"{arrow} lignes avant l'horodatage au lieu d'un identifiant au plus "
                f"(« {_short(head)} ») ; une ligne vide manque peut-être avant ce sous-titre.",
                line=number,
            )
        start, end = _timing(path, block[arrow], number + arrow)
        payload = block[arrow + 1 :]
        if not payload and last:
            raise TranscriptError(
                path,
                "sous-titre tronqué : horodatage sans texte à la fin du fichier ; le fichier a "
                "été coupé. Téléchargez à nouveau la transcription.",
                line=number + arrow,
            )
        cues.append(_Cue(number + arrow, start, end, payload))
    for kind, count in sorted(skipped.items()):
        notes.append(f"{count} bloc(s) {kind} ignoré(s) (commentaires ou styles, pas de paroles).")
    if not cues:
        raise TranscriptError(path, "aucun sous-titre dans ce fichier WebVTT.", line=1)
    if any(_VOICE.search("\n".join(c.payload)) for c in cues):
        _check_last_voice(path, cues)
        segments, empty = _voice_segments(cues)
        fmt, marker = "teams_vtt", "balise <v …>"
    else:
        segments, empty = _zoom_segments(cues)
        fmt, marker = "zoom_vtt", "préfixe « Nom : »"
        if segments and all(s.speaker is None for s in segments):
            raise TranscriptError(
                path,
                "aucun locuteur : les sous-titres n'ont ni balise <v Nom> (Teams) ni préfixe "
                "« Nom : » (Zoom) ; cette transcription ne dit pas qui parle. Téléchargez la "
                "transcription depuis l'enregistrement de la réunion (Teams : .vtt ou .docx).",
                line=cues[0].line + 1,
            )
    if not segments:
        raise TranscriptError(path, "tous les sous-titres sont vides.", line=cues[0].line)
    if empty:
        notes.append(f"{len(empty)} sous-titre(s) vide(s) ignoré(s) ({cite_lines(empty)}).")
    parsed = Parsed(fmt, segments, notes, sort=True)
    attach_unmarked(path, parsed, f"sous-titre(s) sans {marker}")
    return parsed


def is_timing(line: str) -> bool:
    match = _TIMING.fullmatch(line)
    return bool(match) and all(_TIMESTAMP.fullmatch(stamp) for stamp in match.groups())


def _timing(path: Path, line: str, number: int) -> tuple[float, float]:
    match = _TIMING.fullmatch(line)
    if not match:
        raise TranscriptError(
            path,
            f"horodatage illisible « {line.strip()} » : attendu « 00:01:02.345 --> "
            "00:01:05.678 ». Le fichier a peut-être été coupé ou modifié.",
            line=number,
        )
    start, end = (_seconds(path, stamp, number) for stamp in match.groups())
    if end < start:
        raise TranscriptError(
            path,
            f"horodatage « {line.strip()} » : le sous-titre finit avant de commencer.",
            line=number,
        )
    return start, end


def _seconds(path: Path, stamp: str, number: int) -> float:
    match = _TIMESTAMP.fullmatch(stamp)
    if match:
        sign, hours, minutes, seconds, fraction = match.groups()
        if int(seconds) < 60 and (hours is None or int(minutes) < 60):
            total = ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000
            total += int(fraction.ljust(3, "0"))
            return (-total if sign else total) / 1000
    raise TranscriptError(
        path,
        f"horodatage illisible « {stamp} » : attendu heures:minutes:secondes.millièmes "
        "(« 00:01:02.345 » ou « 0:1:2.345 »).",
        line=number,
    )


def _check_last_voice(path: Path, cues: list[_Cue]) -> None:
    """A file cut inside its last cue: ``<v Name>…`` without the ``</v>`` every other cue has."""
    payloads = ["\n".join(c.payload) for c in cues]
    opened = [("<v" in p, "</v>" in p) for p in payloads]
    *others, (last_open, last_closed) = opened
    closed_elsewhere = [closed for is_open, closed in others if is_open]
    if last_open and not last_closed and closed_elsewhere and all(closed_elsewhere):
        raise TranscriptError(
            path,
            "sous-titre tronqué : la balise <v …> du dernier sous-titre n'est pas refermée "
            "(</v>) ; le fichier a été coupé. Téléchargez à nouveau la transcription.",
            line=cues[-1].line + len(cues[-1].payload),
        )


def _voice_segments(cues: list[_Cue]) -> tuple[list[Segment], list[int]]:
    segments, empty = [], []
    for cue in cues:
        raw = "\n".join(cue.payload)
        pieces: list[tuple[str | None, str]] = []
        speaker: str | None = None
        position = 0
        for match in _VOICE.finditer(raw):
            pieces.append((speaker, raw[position : match.start()]))
            is_open = not match.group(0).startswith("</")
            speaker = (clean_name(match.group(1) or "") or None) if is_open else None
            position = match.end()
        pieces.append((speaker, raw[position:]))
        found = [(s, _clean_vtt_text(t)) for s, t in pieces]
        found = [(s, t) for s, t in found if t]
        if not found:
            empty.append(cue.line)
        segments.extend(Segment(s, t, cue.start, cue.end, cue.line) for s, t in found)
    return segments, empty


def _zoom_segments(cues: list[_Cue]) -> tuple[list[Segment], list[int]]:
    segments, empty = [], []
    for cue in cues:
        first, *rest = cue.payload or [""]
        match = _ZOOM_NAME.fullmatch(first.strip())
        name = clean_name(match.group(1)) if match else ""
        if match and re.search(r"[^\W\d_]", name) and len(name.split()) <= 6:
            speaker: str | None = name
            first = match.group(2) or ""
        else:
            speaker = None
        text = _clean_vtt_text("\n".join([first, *rest]))
        if text:
            segments.append(Segment(speaker, text, cue.start, cue.end, cue.line))
        else:
            empty.append(cue.line)
    return segments, empty


def _clean_vtt_text(raw: str) -> str:
    return squash(html.unescape(_TAG.sub("", raw)))


def text_blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines with the number of their first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                blocks.append((number, current))
            current.append(line)
        else:
            current = []
    return blocks


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
