"""Which column of a download holds which question: header rows and matching."""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from survey.errors import ColumnMismatchError, MalformedFileError
from survey.ingest._table import RawTable
from survey.questionnaire import Question, Questionnaire

# Submission-information columns: key → every name it has in a download
# (French and English labels, form key). Webform < 4.8 had one "Time" column.
INFO_NAMES: dict[str, tuple[str, ...]] = {
    "serial": ("Séquentiel", "Serial", "webform_serial", "Numéro de série"),
    "sid": ("SID", "webform_sid"),
    "submitted": ("Heure de soumission", "Submitted Time", "webform_time", "Heure", "Time"),
    "completed": ("Heure de complétion", "Completed Time", "webform_completed_time"),
    "modified": ("Heure de modification", "Modified Time", "webform_modified_time"),
    "draft": ("Brouillon", "Draft", "webform_draft"),
    "ip_address": ("Adresse IP", "IP Address", "webform_ip_address"),
    "uid": ("UID", "webform_uid"),
    "username": ("Nom d'utilisateur", "Username", "webform_username"),
}
INFO_ORDER = tuple(INFO_NAMES)
DETAILS = ("Détails de la soumission", "Submission Details", "submission_details")

_QUOTES = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "‛": "'",
        "ʼ": "'",
        "´": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)


def fold(text: str) -> str:
    """Compare-form of a header or an answer: case, spacing, apostrophes and quotes."""
    text = unicodedata.normalize("NFC", html.unescape(text)).translate(_QUOTES)
    text = " ".join(text.casefold().split())
    text = re.sub(r'"\s+', '"', text)
    text = re.sub(r'\s+"', '"', text)
    return re.sub(r"\s+([:?!;.])", r"\1", text)


_INFO_BY_NAME = {fold(n): k for k, names in INFO_NAMES.items() for n in names}
_DETAILS = {fold(d) for d in DETAILS}


@dataclass(frozen=True)
class Column:
    """The role of one column of the download."""

    index: int
    name: str  # as shown to the user in messages ("Groupe › sous-colonne")
    kind: Literal["info", "value", "option"]
    target: str  # info key or question id
    option: str | None = None  # option code of a separate multiple-choice column


@dataclass
class Layout:
    """How a download is laid out."""

    header_rows: int
    header_mode: Literal["label", "key", "none"]
    multiple_format: Literal["separate", "compact", "none"]
    columns: list[Column] = field(default_factory=list)

    def info(self) -> dict[str, int]:
        return {c.target: c.index for c in self.columns if c.kind == "info"}


def detect_layout(raw: RawTable, questionnaire: Questionnaire) -> Layout:
    """Find the header rows and match every column to an info field or a question."""
    head = raw.head(4)
    if _has_three_header_rows(head, questionnaire):
        return _match_headers(raw, head, questionnaire)
    return _match_positions(raw, questionnaire)


def _names(q: Question) -> set[str]:
    """What a download may carry as the header of a question: its label or its form key."""
    names = {fold(q.label)}
    if q.key:
        names.add(fold(q.key))
    return names


def _option_names(q: Question) -> list[set[str]]:
    out = []
    for o in q.options:
        names = {fold(o.label)}
        if o.key:
            names.add(fold(o.key))
        out.append(names)
    return out


def _has_three_header_rows(head: list[list[str]], questionnaire: Questionnaire) -> bool:
    if len(head) < 3:
        return False
    r1, r2, r3 = ([fold(c) for c in row] for row in head[:3])
    if r2 and r2[0] in _DETAILS:
        return True
    known = set(_INFO_BY_NAME)
    for q in questionnaire.questions:
        known |= _names(q)
        for names in _option_names(q):
            known |= names
    filled3 = [c for c in r3 if c]
    score3 = sum(c in known for c in filled3) / max(len(filled3), 1)
    rest_of_r1_empty = not any(r1[1:])
    return score3 >= 0.5 and rest_of_r1_empty


def _display(group: str, r3: list[str], j: int) -> str:
    if group and not _is_details(group):
        return f"{group} › {r3[j]}"
    return r3[j] or f"colonne {j + 1}"


def _is_details(text: str) -> bool:
    return fold(text) in _DETAILS


def _match_headers(raw: RawTable, head: list[list[str]], questionnaire: Questionnaire) -> Layout:
    raw_r2, raw_r3 = head[1], head[2]
    r2 = [fold(c) for c in raw_r2]
    r3 = [fold(c) for c in raw_r3]
    n = len(r3)
    taken: dict[int, Column] = {}
    j = 0
    while j < n and r3[j] in _INFO_BY_NAME and (not r2[j] or r2[j] in _DETAILS):
        taken[j] = Column(j, raw_r3[j], "info", _INFO_BY_NAME[r3[j]])
        j += 1
    start = j
    modes = {"key": 0, "label": 0}
    multiple_format: set[str] = set()
    position: dict[str, int] = {}

    def free(k: int) -> bool:
        return k not in taken

    def search(pred, after: int) -> int | None:
        for k in itertools.chain(range(after, n), range(start, after)):
            if free(k) and pred(k):
                return k
        return None

    def note_mode(q: Question, header: str) -> None:
        if q.key and header == fold(q.key) and header != fold(q.label):
            modes["key"] += 1
        elif header == fold(q.label):
            modes["label"] += 1

    # Pass 1: multiple choice in separate columns (a group header over a run of options).
    for q in questionnaire.questions:
        if q.type != "multiple":
            continue
        names, opts = _names(q), _option_names(q)

        def is_run(k: int, names=names, opts=opts) -> bool:
            if r2[k] not in names or k + len(opts) > n:
                return False
            return all(r3[k + i] in opts[i] and free(k + i) for i in range(len(opts)))

        k = search(is_run, start)
        if k is None:
            continue
        note_mode(q, r2[k])
        multiple_format.add("separate")
        for i, o in enumerate(q.options):
            taken[k + i] = Column(k + i, _display(raw_r2[k], raw_r3, k + i), "option", q.id, o.code)
        position[q.id] = k
    # Pass 2: one-column questions (and compact multiple choice), in form order.
    after = start
    unmatched: list[str] = []
    for q in questionnaire.questions:
        if q.id in position:
            after = position[q.id] + 1
            continue
        names = _names(q)
        k = search(lambda k, names=names: not r2[k] and r3[k] in names, after)
        if k is None:
            unmatched.append(q.label)
            continue
        note_mode(q, r3[k])
        if q.type == "multiple":
            multiple_format.add("compact")
        taken[k] = Column(k, raw_r3[k], "value", q.id)
        position[q.id] = k
        after = k + 1
    leftover = [_display(raw_r2[k], raw_r3, k) for k in range(n) if free(k)]
    if unmatched or leftover:
        raise ColumnMismatchError(
            raw.path, unmatched_questions=unmatched, unmatched_columns=leftover
        )
    return Layout(
        header_rows=3,
        header_mode="key" if modes["key"] > modes["label"] else "label",
        multiple_format=_one_format(raw, multiple_format),
        columns=[taken[k] for k in sorted(taken)],
    )


def _one_format(raw: RawTable, formats: set[str]) -> Literal["separate", "compact", "none"]:
    if len(formats) > 1:
        raise MalformedFileError(
            raw.path,
            "les questions à choix multiples sont à la fois en colonnes séparées et en "
            "format compact ; téléchargez à nouveau les résultats avec un seul format de liste.",
        )
    return formats.pop() if formats else "none"  # type: ignore[return-value]


# --- Downloads without header rows ("Format d'en-tête de colonne : Aucun(e)") ------------

_INFO_PATTERNS = {
    "serial": re.compile(r"^\d+$"),
    "sid": re.compile(r"^\d+$"),
    "submitted": re.compile(r"^\d{1,4}[/-]\d{1,2}[/-]\d{1,4}"),
    "completed": re.compile(r"^(\d{1,4}[/-]\d{1,2}[/-]\d{1,4}.*)?$"),
    "modified": re.compile(r"^\d{1,4}[/-]\d{1,2}[/-]\d{1,4}"),
    "draft": re.compile(r"^[01]$"),
    "ip_address": re.compile(r"^[\d.:a-fA-F]+$"),
    "uid": re.compile(r"^\d+$"),
    "username": re.compile(r"^.+$"),
}


def _widths(questionnaire: Questionnaire, fmt: str) -> int:
    return sum(
        len(q.options) if (q.type == "multiple" and fmt == "separate") else 1
        for q in questionnaire.questions
    )


def _match_positions(raw: RawTable, questionnaire: Questionnaire) -> Layout:
    sample = raw.head(200)
    n = raw.n_columns
    has_multiple = any(q.type == "multiple" for q in questionnaire.questions)
    for fmt in ("separate", "compact") if has_multiple else ("none",):
        n_info = n - _widths(questionnaire, fmt)
        if not 0 <= n_info <= len(INFO_ORDER):
            continue
        for keys in itertools.combinations(INFO_ORDER, n_info):
            if all(
                _INFO_PATTERNS[key].match(row[i]) for i, key in enumerate(keys) for row in sample
            ) and _components_fit(sample, n_info, questionnaire, fmt):
                return _positional(keys, questionnaire, fmt)
    raise MalformedFileError(
        raw.path,
        f"fichier sans ligne d'en-tête dont les {n} colonnes ne correspondent pas au "
        "questionnaire ; téléchargez à nouveau les résultats avec « Format d'en-tête de "
        "colonne : Libellé ».",
        row=1,
    )


def _components_fit(
    sample: list[list[str]], n_info: int, questionnaire: Questionnaire, fmt: str
) -> bool:
    j = n_info
    for q in questionnaire.questions:
        if q.type == "multiple" and fmt == "separate":
            for i in range(len(q.options)):
                if any(row[j + i] not in ("", "X", "x") for row in sample):
                    return False
            j += len(q.options)
        else:
            j += 1
    return True


def _positional(keys: tuple[str, ...], questionnaire: Questionnaire, fmt: str) -> Layout:
    columns = [Column(i, key, "info", key) for i, key in enumerate(keys)]
    j = len(keys)
    for q in questionnaire.questions:
        if q.type == "multiple" and fmt == "separate":
            for o in q.options:
                columns.append(Column(j, f"colonne {j + 1}", "option", q.id, o.code))
                j += 1
        else:
            columns.append(Column(j, f"colonne {j + 1}", "value", q.id))
            j += 1
    return Layout(0, "none", fmt, columns)  # type: ignore[arg-type]
