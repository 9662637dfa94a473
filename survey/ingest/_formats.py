"""Which format a transcript is in, from its bytes, and the reader for that format."""

from __future__ import annotations

from pathlib import Path

from survey.errors import TranscriptError
from survey.ingest._docx import parse_docx
from survey.ingest._notes import parse_notes
from survey.ingest._turns import Parsed
from survey.ingest._vtt import is_timing, parse_vtt, text_blocks


def parse_transcript(path: Path) -> Parsed:
    """The segments of a transcript, read by the reader of the format its bytes show."""
    if not path.is_file():
        raise TranscriptError(path, "fichier introuvable ; vérifiez le chemin.")
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        return parse_docx(path, data)
    for magic, what in _FOREIGN:
        if data.startswith(magic):
            raise TranscriptError(
                path,
                f"{what}, pas une transcription lisible ; enregistrez la transcription en "
                ".vtt ou .docx depuis Teams, ou les notes en texte (.txt).",
            )
    text, encoding = _decode(path, data)
    if not text.strip():
        raise TranscriptError(path, "le fichier est vide.", line=1)
    lines = text.split("\n")
    first = text_blocks(lines)[0][1]
    if lines[0].lstrip().startswith("WEBVTT") or any(is_timing(line) for line in first[:2]):
        parsed = parse_vtt(path, lines, header=lines[0].lstrip().startswith("WEBVTT"))
    else:
        parsed = parse_notes([(i, line) for i, line in enumerate(lines, start=1)])
    if parsed is None:
        raise TranscriptError(
            path,
            "aucune ligne ne commence par un locuteur (« Enquêtrice : … », « Interviewé : … », "
            "« Q : … », initiales « SA : … ») ; ce n'est ni une transcription (.vtt) ni des "
            "notes d'entretien lisibles. Ajoutez le locuteur en tête de chaque réponse.",
            line=_first_filled(lines),
        )
    if encoding == "cp1252":
        parsed.notes.insert(0, "texte en Windows-1252 (pas en UTF-8) : lu comme tel.")
    return parsed


_FOREIGN = (
    (b"%PDF", "document PDF"),
    (b"{\\rtf", "document RTF"),
    (b"\xd0\xcf\x11\xe0", "document Office ancien (.doc ou .xls)"),
)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (BOM or not), UTF-16 with BOM, or Windows-1252.

    Windows-1252 is what Notepad or Word save notes in when told "ANSI" or "Texte brut".
    """
    codec = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        if codec == "utf-16" or not _is_cp1252(data):
            raise TranscriptError(
                path,
                f"octet {data[exc.start]:#04x} illisible : ce n'est pas un fichier texte "
                f"({codec.upper().removesuffix('-SIG')}) ; enregistrez-le en UTF-8 ou "
                "téléchargez-le à nouveau.",
                line=data[: exc.start].count(b"\n") + 1,
            ) from exc
        text, codec = data.decode("cp1252"), "cp1252"
    nul = text.find("\x00")
    if nul >= 0:
        raise TranscriptError(
            path,
            "caractère nul : ce n'est pas un fichier texte ; vérifiez le fichier.",
            line=text.count("\n", 0, nul) + 1,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), codec


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _first_filled(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines, start=1) if line.strip()), 1)
