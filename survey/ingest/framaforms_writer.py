"""Write results downloads the way Framaforms (webform 7.x-4.x) does.

Used to build the synthetic example waves, the benchmark files and the test
files; it follows ``shared/specs/framaforms-export.md`` and shares no code with
the reader. Submissions are dictionaries ``{question_id: value}`` where a
single choice is an option code, a multiple choice a list of option codes and
free text a string; the submission information (serial, sid, times, draft) is
in the keys ``serial``, ``sid``, ``submitted``, ``completed``, ``modified``
(``datetime``) and ``draft`` (bool).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

from survey.questionnaire import Question, Questionnaire

INFO_KEYS = (
    "webform_serial",
    "webform_sid",
    "webform_time",
    "webform_completed_time",
    "webform_modified_time",
    "webform_draft",
    "webform_ip_address",
    "webform_uid",
    "webform_username",
)
INFO_LABELS = {
    "fr": (
        "Séquentiel",
        "SID",
        "Heure de soumission",
        "Heure de complétion",
        "Heure de modification",
        "Brouillon",
        "Adresse IP",
        "UID",
        "Nom d'utilisateur",
    ),
    "en": (
        "Serial",
        "SID",
        "Submitted Time",
        "Completed Time",
        "Modified Time",
        "Draft",
        "IP Address",
        "UID",
        "Username",
    ),
}
DETAILS = {
    "fr": "Détails de la soumission",
    "en": "Submission Details",
    "key": "submission_details",
}


@dataclass(frozen=True)
class ExportSettings:
    """The choices of the "Téléchargement" page (and of the language of the session)."""

    format: Literal["delimited", "xlsx", "excel_legacy"] = "delimited"
    delimiter: str = "\t"
    header: Literal["label", "key", "none"] = "label"
    select_keys: bool = False
    select_format: Literal["separate", "compact"] = "separate"
    language: Literal["fr", "en"] = "fr"
    info_columns: tuple[str, ...] = INFO_KEYS
    date_format: str = "%m/%d/%Y - %H:%M"
    line_ending: str = "\n"


def export_rows(
    questionnaire: Questionnaire,
    submissions: Iterable[dict],
    settings: ExportSettings,
) -> list[list[str]]:
    """All rows of the download (header rows included) as lists of cells."""
    info = [k for k in INFO_KEYS if k in settings.info_columns]
    questions = list(questionnaire.questions)
    rows: list[list[str]] = []
    if settings.header != "none":
        rows.extend(_headers(questionnaire, questions, info, settings))
    for sub in submissions:
        row = [_info_value(k, sub, settings) for k in info]
        for q in questions:
            row.extend(_cells(q, sub.get(q.id), settings))
        rows.append(row)
    return rows


def write_export(
    path: str | Path,
    questionnaire: Questionnaire,
    submissions: Iterable[dict],
    settings: ExportSettings | None = None,
) -> Path:
    """Write a download to ``path`` in the format of ``settings``."""
    settings = settings or ExportSettings()
    rows = export_rows(questionnaire, submissions, settings)
    path = Path(path)
    if settings.format == "xlsx":
        path.write_bytes(_xlsx_bytes(rows))
    elif settings.format == "excel_legacy":
        text = "".join(_delimited_line(r, "\t", "\n") for r in rows)
        path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    else:
        text = "".join(_delimited_line(r, settings.delimiter, settings.line_ending) for r in rows)
        path.write_bytes(text.encode("utf-8"))
    return path


def _headers(
    questionnaire: Questionnaire, questions: Sequence[Question], info: list[str], s: ExportSettings
) -> list[list[str]]:
    keys = s.header == "key"
    title = questionnaire.form_title or questionnaire.title
    r1: list[str] = []
    r2: list[str] = []
    r3: list[str] = []
    if info:
        labels = dict(zip(INFO_KEYS, INFO_LABELS[s.language], strict=True))
        r1 = [title] + [""] * (len(info) - 1)
        r2 = [DETAILS["key" if keys else s.language]] + [""] * (len(info) - 1)
        r3 = [k if keys else labels[k] for k in info]
    for q in questions:
        name = (q.key or q.id) if keys else q.label
        if q.type == "multiple" and s.select_format == "separate":
            subs = [(o.key or o.code) if s.select_keys else o.label for o in q.options]
            r1.extend([""] * len(subs))
            r2.extend([name] + [""] * (len(subs) - 1))
            r3.extend(subs)
        else:
            r1.append("")
            r2.append("")
            r3.append(name)
    return [r1, r2, r3]


def _info_value(key: str, sub: dict, s: ExportSettings) -> str:
    fmt = "%Y-%m-%dT%H:%M:%S" if s.format == "xlsx" else s.date_format
    match key:
        case "webform_serial":
            return str(sub["serial"])
        case "webform_sid":
            return str(sub["sid"])
        case "webform_time":
            return sub["submitted"].strftime(fmt)
        case "webform_completed_time":
            return "" if sub.get("draft") else sub.get("completed", sub["submitted"]).strftime(fmt)
        case "webform_modified_time":
            return sub.get("modified", sub["submitted"]).strftime(fmt)
        case "webform_draft":
            return "1" if sub.get("draft") else "0"
        case "webform_ip_address":
            return "0.0.0.0"
        case "webform_uid":
            return "0"
        case _:
            return "Anonymous"


def _cells(q: Question, value: object, s: ExportSettings) -> list[str]:
    def shown(code: str) -> str:
        opt = next(o for o in q.options if o.code == code)
        return (opt.key or opt.code) if s.select_keys else opt.label

    if q.type == "multiple":
        ticked = set(value or ())
        if s.select_format == "separate":
            return ["X" if o.code in ticked else "" for o in q.options]
        return [",".join(shown(o.code) for o in q.options if o.code in ticked)]
    if q.is_choice:
        return ["" if value is None else shown(str(value))]
    text = "" if value is None else str(value)
    return ["" if text == "0" else text]


def _delimited_line(cells: Sequence[str], delimiter: str, ending: str) -> str:
    quoted = ('"' + c.replace('"', '""') + '"' for c in cells)
    return delimiter.join(quoted) + ending


_ISO_LIKE = re.compile(r"^(\d{4}-\d{2}-\d{2})?([T ]?\d{2}:\d{2}(:\d{2})?)?$")


def _xlsx_bytes(rows: list[list[str]]) -> bytes:
    """A minimal xlsx as webform writes it: inline strings, sparse cells, date serials."""
    sheet = io.StringIO()
    sheet.write(f'{_XML}<worksheet xmlns="{_OOXML}/spreadsheetml/2006/main"><sheetData>')
    for r, row in enumerate(rows, start=1):
        sheet.write(f'<row r="{r}">')
        for c, value in enumerate(row):
            if value == "":
                continue
            ref = f"{_column_letters(c)}{r}"
            serial = _excel_serial(value)
            if serial is not None:
                sheet.write(f'<c r="{ref}" s="{serial[1]}"><v>{serial[0]!r}</v></c>')
            else:
                sheet.write(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        sheet.write("</row>")
    sheet.write("</sheetData></worksheet>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/styles.xml", _STYLES)
        z.writestr("xl/worksheets/sheet1.xml", sheet.getvalue())
    return buf.getvalue()


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _excel_serial(value: str) -> tuple[float, int] | None:
    m = _ISO_LIKE.match(value)
    if not m or not value:
        return None
    date_part, time_part = m.group(1), m.group(2)
    base = datetime(1899, 12, 30)
    days = 0.0
    if date_part:
        days = float((datetime.strptime(date_part, "%Y-%m-%d") - base).days)
    if time_part:
        t = time_part.lstrip("T ").split(":")
        secs = int(t[0]) * 3600 + int(t[1]) * 60 + (int(t[2]) if len(t) > 2 else 0)
        days += secs / 86400
    style = 3 if date_part and time_part else (1 if date_part else 2)
    return days, style


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_OOXML = "http://schemas.openxmlformats.org"
_SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_REL = f"{_OOXML}/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="{_OOXML}/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_SHEET_CT}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SHEET_CT}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_SHEET_CT}.styles+xml"/>'
    "</Types>"
)
_RELS = (
    f'{_XML}<Relationships xmlns="{_OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_XML}<workbook xmlns="{_OOXML}/spreadsheetml/2006/main" xmlns:r="{_REL}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_OOXML}/spreadsheetml/2006/main">'
    '<numFmts count="0"/>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="18" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs></styleSheet>"
)
