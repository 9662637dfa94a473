"""Turn the bytes of a download into text: encodings, BOMs, spreadsheet re-saves."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from survey.errors import EncodingError

_MOJIBAKE = ("Ã©", "Ã¨", "Ã ", "Ã§", "Ã´", "Ã®", "Ã‰", "â€™", "Ã¢")


@dataclass(frozen=True)
class Decoded:
    """A delimited download as UTF-8 bytes (no BOM), and the encoding it had."""

    data: bytes
    encoding: str

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


def is_xlsx(data: bytes) -> bool:
    """True for an OOXML (zip) package."""
    return data[:4] == b"PK\x03\x04"


def decode(path: Path, data: bytes) -> Decoded:
    """Decode a delimited download.

    UTF-8 (with or without BOM) is what Framaforms writes; UTF-16 with a BOM is
    the legacy ``.xls`` export; Windows-1252 is what a spreadsheet writes when a
    user opens the download and saves it again.
    """
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return _checked(path, data.decode("utf-16").encode("utf-8"), "utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(
                path,
                "le fichier commence comme un export Excel ancien (UTF-16) mais n'est pas "
                "lisible en UTF-16 ; téléchargez à nouveau les résultats depuis Framaforms.",
            ) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        bom = True
    else:
        bom = False
    try:
        data.decode("utf-8")
        return _checked(path, data, "utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return _checked(path, data.decode("cp1252").encode("utf-8"), "cp1252")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise EncodingError(
                path,
                f"octet {data[exc.start]:#04x} illisible en UTF-8 comme en Windows-1252 ; "
                "enregistrez le fichier en UTF-8 (LibreOffice : « Enregistrer sous », "
                "jeu de caractères Unicode UTF-8) ou téléchargez-le à nouveau.",
                row=line,
            ) from utf8_error


def _checked(path: Path, data: bytes, encoding: str) -> Decoded:
    """Refuse text that was decoded with the wrong charset and saved again, or binary data."""
    for marker in _MOJIBAKE:
        pos = data.find(marker.encode("utf-8"))
        if pos >= 0:
            line = data.count(b"\n", 0, pos) + 1
            raise EncodingError(
                path,
                f"texte doublement encodé (« {marker} » au lieu d'une lettre accentuée) ; "
                "le fichier a été ouvert avec le mauvais jeu de caractères puis enregistré. "
                "Téléchargez à nouveau les résultats depuis Framaforms.",
                row=line,
            )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise EncodingError(
            path,
            "caractère nul dans le texte : ce n'est pas un export délimité lisible ; "
            "vérifiez le fichier ou téléchargez-le à nouveau.",
            row=data.count(b"\n", 0, nul) + 1,
        )
    return Decoded(data, encoding)
