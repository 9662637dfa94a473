"""Typed interview notes as segments: ``Enquêtrice : …``, ``Q : …``, ``SA : …`` lines."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Container

from survey.ingest._turns import ROLES, Parsed, Segment, cite_lines, drop_empty, fold, squash

_LABEL = r"[^\W\d_][^:\n?!;«»\"\[\]]{0,39}?"
_PREFIX = re.compile(rf"\s*(?P<label>{_LABEL})[ \t\u00a0\u202f]*:[ \t\u00a0\u202f]*(?P<text>.*)")
_HEADING = re.compile(r"\s*(={2,}.*|#{1,6}\s.*|-{3,}\s*|\*{3,}\s*|_{3,}\s*)")
_BRACKET = re.compile(r"\s*\[.*")
_BULLET = re.compile(r"\s*[-–—•*▪]\s.*")
_ALIAS = re.compile(r"\s*(?P<label>[^\W\d_][\w.]{0,7})\s*=\s*(?P<value>.+)")
_INITIALS = re.compile(r"(?:[A-ZÀ-ÖØ-Þ]\.?){2,3}")
_INTERVIEWER_WORDS = {
    "q", "question", "questions", "e", "i", "enq", "int", "interviewer", "intervieweur",
    "intervieweuse", "enqueteur", "enquetrice", "enqueteuse", "animateur", "animatrice",
    "chercheur", "chercheuse",
}  # fmt: skip
_INTERVIEWEE_WORDS = {
    "r", "rep", "reponse", "reponses", "p", "enquete", "enquetee", "enquetes",
    "interviewe", "interviewee", "participant", "participante", "repondant", "repondante",
}  # fmt: skip


def _label_role(label: str) -> str | None:
    """The role a notes prefix names ("Enquêtrice", "Q", "Interviewé·e"…), if any."""
    word = re.sub(r"[^a-z]", "", fold(label))
    if word in _INTERVIEWER_WORDS or word.startswith(("intervieweu", "enqueteu", "enquetri")):
        return "interviewer"
    if word in _INTERVIEWEE_WORDS or word.startswith(
        ("interviewe", "personneinterview", "personneenquet", "repondant", "participant")
    ):
        return "interviewee"
    return None


def parse_notes(lines: list[tuple[int, str]], *, unit: str = "ligne") -> Parsed | None:
    """Typed notes as segments, or None when no line starts with a speaker.

    ``lines`` are (line or paragraph number, text); a paragraph may give several lines.
    """
    texts = [line for _, line in lines]
    prefixed = {
        i: m for i, line in enumerate(texts) if (m := _PREFIX.fullmatch(line)) and not _aside(line)
    }
    counts = Counter(squash(m.group("label")) for m in prefixed.values())
    header = _header_block(texts, prefixed, counts)
    body = [i for i in range(len(lines)) if i not in header]
    counts = Counter(squash(prefixed[i].group("label")) for i in body if i in prefixed)
    aliases, header_names = _header_people([texts[i] for i in sorted(header)])
    speakers = {label for label in counts if _is_speaker(label, counts, aliases)}
    if not speakers:
        return None
    segments: list[Segment] = []
    asides: Counter[str] = Counter()
    stray: list[int] = []
    open_turn = False
    for i in body:
        number, line = lines[i]
        match = prefixed.get(i)
        label = squash(match.group("label")) if match else None
        if not line.strip():
            open_turn = False
        elif label in speakers:
            segments.append(Segment(label, squash(match.group("text")), math.nan, math.nan, number))
            open_turn = True
        elif kind := _aside(line):
            asides[kind] += 1
            open_turn = False
        elif open_turn:
            segments[-1].text = squash(f"{segments[-1].text} {line}")
        else:
            stray.append(number)
    names = _speaker_names(speakers, aliases, header_names)
    notes = []
    if header:
        notes.append(f"en-tête de {len(header)} {unit}(s) non lu comme des paroles.")
    if names:
        shown = ", ".join(f"« {label} » = {name}" for label, name in sorted(names.items()))
        notes.append(f"locuteurs nommés d'après l'en-tête : {shown}.")
    for kind, count in sorted(asides.items()):
        notes.append(f"{count} {unit}(s) {kind} non lue(s) comme des paroles.")
    if stray:
        notes.append(
            f"{len(stray)} {unit}(s) hors tour de parole (sans locuteur, après une ligne vide) "
            f"non lue(s) comme des paroles ({cite_lines(stray, unit)})."
        )
    kept = drop_empty(segments, notes, unit)
    if not kept:
        return None
    label_roles: dict[str, str] = {}
    alias_sets: dict[str, set[str]] = {}
    for segment in kept:
        label = segment.speaker or ""
        segment.speaker = names.get(label, label)
        alias_sets.setdefault(segment.speaker, set()).add(label)
        if role := _label_role(label):
            label_roles[segment.speaker] = role
    return Parsed("notes", kept, notes, label_roles=label_roles, aliases=alias_sets)


def _aside(line: str) -> str | None:
    """Lines of notes that are not speech: headings, ``[Notes]``, bullets."""
    if _HEADING.fullmatch(line):
        return "de titre (« == … == »)"
    if _BRACKET.fullmatch(line):
        return "entre crochets (« [Notes] … »)"
    if _BULLET.fullmatch(line):
        return "de liste (« - … »)"
    return None


def _header_block(
    lines: list[str], prefixed: dict[int, re.Match], counts: Counter[str]
) -> set[int]:
    """The first block of lines, when it is not already the conversation.

    It is a header when its first line does not start with a speaker (a title), or when one
    of its lines starts with a prefix that is not a speaker ("Date : …").
    """
    block: list[int] = []
    for i, line in enumerate(lines):
        if line.strip():
            block.append(i)
        elif block:
            break
    last = max(i for i, line in enumerate(lines) if line.strip())
    if last in block:
        return set()  # the whole file is one block: no header
    first = prefixed.get(block[0])
    if first is None or not _is_speaker(squash(first.group("label")), counts):
        return set(block)
    labels = [squash(prefixed[i].group("label")) for i in block if i in prefixed]
    return set(block) if not all(_is_speaker(label, counts) for label in labels) else set()


def _is_speaker(label: str, counts: Counter[str], aliases: Container[str] = ()) -> bool:
    """A prefix used on several lines, a role ("Enquêtrice", "Q"), initials or a header alias."""
    return bool(
        counts[label] >= 2 or _label_role(label) or label in aliases or _INITIALS.fullmatch(label)
    )


def _header_people(header: list[str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Who the header names: ``SA = Sophie Aubertin`` aliases, ``Enquêtrice : Sophie Aubertin``."""
    aliases: dict[str, str] = {}
    by_role: dict[str, list[str]] = {}
    for line in header:
        for part in line.split(";"):
            match = _ALIAS.fullmatch(part)
            if match and (name := _person(match.group("value"))):
                aliases[match.group("label")] = name
        match = _PREFIX.fullmatch(line)
        role = _label_role(match.group("label")) if match else None
        name = _person(match.group("text")) if match and role else None
        if role and name:
            by_role.setdefault(role, []).append(name)
    return aliases, by_role


def _person(value: str) -> str | None:
    """``Sophie Aubertin (Région, chargée de mission)`` -> ``Sophie Aubertin``."""
    name = squash(re.split(r"[(,–—]| - ", value)[0])
    words = name.split()
    if 1 <= len(words) <= 5 and re.search(r"[^\W\d_]", name):
        return name
    return None


def _speaker_names(
    speakers: set[str], aliases: dict[str, str], header_names: dict[str, list[str]]
) -> dict[str, str]:
    """Prefix -> person, when the header says who is behind a prefix."""
    names = {label: aliases[label] for label in speakers if label in aliases}
    for role in ROLES:
        labels = [s for s in speakers if s not in names and _label_role(s) == role]
        people = header_names.get(role, [])
        if len(labels) == 1 and len(people) == 1:
            names[labels[0]] = people[0]
    return names
