"""Build the interview files of an example wave from their hand-written sources.

    python examples_src/build_interviews.py [spro-2025 | spro-2026]   (default: both)

For a wave (``WaveSettings``: ``SPRO_2025``, ``SPRO_2026``), reads
``examples_src/<wave>/interviews/<id>.yaml`` + ``<id>.txt`` (one turn per paragraph,
``I:``/``P:``, overlaps ``I*:``/``P*:``) and writes what an interviewer team really holds
after the interviews:

- ``survey/examples/<wave>/entretiens/<id>.vtt|.docx|.txt``: one transcript per interview
  in the format named by ``format`` (Microsoft Teams ``.vtt``, Teams ``.docx``, or the
  interviewer's typed notes), following ``shared/specs/transcript-formats.md``;
- ``survey/examples/<wave>/profils.csv``: one row per interviewee;
- ``survey/examples/<wave>/grille.xlsx``: the thematic analysis grid the interviewers
  filled in;
- ``survey/examples/<wave>/reference_entretiens.csv``: the reference sheet the tests check
  the toolkit against;
- ``tests/data/<wave>-planted-interviews.yaml``: the personal data present in the
  interview files, for the privacy tests.

Everything is seeded from the wave name and the interview id: running the script twice gives
the same bytes (fixed core properties and zip entry dates in the .docx and .xlsx files).

The Teams ``.vtt`` files are mostly plain; a few carry the variants real users hand in
(see ``WaveSettings.vtt_variants``): the speaker's name as HTML character references, no cue
identifiers, a Graph-API export (no identifiers, unpadded ``H:M:S.mmm`` timings), cues whose
voice tag Teams left out. One ``.docx`` per wave uses the English header strings; the note
files use different speaker prefixes (roles; initials with a no-break space before the colon
and Windows line endings; ``Q``/``R``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import sys
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent

GUID_NAMESPACE = uuid.UUID("6f1c3a52-5e0b-4d6e-9a43-2b8f0c7d1e95")
SUFFIX = {"teams_vtt": ".vtt", "teams_docx": ".docx", "notes": ".txt"}


@dataclass(frozen=True)
class WaveSettings:
    """What differs from one example wave to the next (the rest of the build is shared)."""

    name: str  # "spro-2025": seeds every random choice, names the output folders
    prefix: str  # first letter of the interview ids ("E01")
    zip_date: tuple[int, int, int, int, int, int]  # entry date of the .docx / .xlsx zips
    # Quirks of real Teams .vtt files, spread over a minority of the files (rest is plain):
    # "no_ids" (downloaded without cue identifiers), "short_timings" (Graph API export:
    # `0:1:5.320`, no identifiers), "entities" (accented names as HTML character
    # references), "missing_voice" (known Teams bug: some cues lack their <v> tag).
    vtt_variants: dict[str, frozenset[str]]
    english_docx: frozenset[str]  # tenant in English: "Meeting Transcript", "started …"
    # Layout of typed notes, by interview id: "roles" (default: "Enquêtrice : " /
    # "Interviewé·e : "), "initials" (typed in Word on Windows: initials, no-break space
    # before the colon, CRLF), "qr" ("Q : " / "R : ", aliases in the header).
    notes_layout: dict[str, str]
    # Interviewer → (employer, role), as they describe themselves in their notes.
    interviewers: dict[str, tuple[str, str]]
    grid_creator: str
    grid_editor: str  # last modified by
    grid_created: dt.datetime
    grid_modified: dt.datetime

    @property
    def src_dir(self) -> Path:
        return HERE / self.name / "interviews"

    @property
    def out_dir(self) -> Path:
        return ROOT / "survey" / "examples" / self.name

    @property
    def planted_path(self) -> Path:
        return ROOT / "tests" / "data" / f"{self.name}-planted-interviews.yaml"


SPRO_2025 = WaveSettings(
    name="spro-2025",
    prefix="E",
    zip_date=(2025, 7, 4, 18, 0, 0),
    vtt_variants={
        "E08": frozenset({"no_ids"}),
        "E12": frozenset({"no_ids", "short_timings"}),
        "E16": frozenset({"entities"}),
        "E21": frozenset({"entities"}),
        "E22": frozenset({"missing_voice"}),
    },
    english_docx=frozenset({"E20"}),
    notes_layout={"E17": "initials"},
    interviewers={
        "Sophie AUBERTIN": ("Région", "Région, chargée de mission SPRO"),
        "Karim BELLOUTI": ("Via Compétences", "Via Compétences, chargé de mission"),
    },
    grid_creator="Sophie AUBERTIN",
    grid_editor="Karim BELLOUTI",
    grid_created=dt.datetime(2025, 6, 2, 9, 12, 0),
    grid_modified=dt.datetime(2025, 7, 4, 16, 41, 0),
)
SPRO_2026 = WaveSettings(
    name="spro-2026",
    prefix="F",
    zip_date=(2026, 7, 3, 17, 30, 0),
    vtt_variants={
        "F04": frozenset({"no_ids", "short_timings"}),
        "F08": frozenset({"entities"}),
        "F12": frozenset({"missing_voice"}),
    },
    english_docx=frozenset({"F09"}),
    notes_layout={"F06": "qr"},
    interviewers={
        "Sophie AUBERTIN": ("Région", "Région, chargée de mission SPRO"),
        "Léa MONTEIL": ("Via Compétences", "Via Compétences, chargée de mission"),
    },
    grid_creator="Léa MONTEIL",
    grid_editor="Sophie AUBERTIN",
    grid_created=dt.datetime(2026, 6, 1, 14, 5, 0),
    grid_modified=dt.datetime(2026, 7, 3, 11, 26, 0),
)
WAVES = {wave.name: wave for wave in (SPRO_2025, SPRO_2026)}
# The 2025 wave, as before the builder served several waves.
SRC, WAVE, PLANTED = SPRO_2025.src_dir, SPRO_2025.out_dir, SPRO_2025.planted_path

DEPARTEMENTS = {
    "ain": "Ain", "allier": "Allier", "ardeche": "Ardèche", "cantal": "Cantal",
    "drome": "Drôme", "haute_loire": "Haute-Loire", "haute_savoie": "Haute-Savoie",
    "isere": "Isère", "loire": "Loire", "puy_de_dome": "Puy-de-Dôme", "rhone": "Rhône",
    "savoie": "Savoie",
}  # fmt: skip
MISSIONS = {
    "premier_accueil": "Premier accueil",
    "accompagnement_conseil": "Accompagnement et conseil",
    "direction_equipe": "Direction d'équipe",
    "fonction_administrative": "Fonction administrative",
}
SECTIONS = ("connaissance", "appartenance", "actions", "collaborations", "outils", "ideal")
MOIS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]  # fmt: skip
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip

GRID_COLUMNS = [  # header, width
    ("Entretien", 11),
    ("Date", 12),
    ("Intervieweur", 18),
    ("Structure", 30),
    ("Département", 14),
    ("Mission", 22),
    ("3 mots clés", 32),
    ("Connaissance du SPRO", 60),
    ("Sentiment d'appartenance", 60),
    ("Actions pour renforcer le SPRO", 50),
    ("Collaborations", 60),
    ("Outils et qualité du service", 60),
    ("SPRO idéal", 50),
    ("Verbatims", 60),
]
PROFILE_COLUMNS = [
    "interview_id", "nom", "structure", "structure_nom", "departement", "commune", "mission",
    "fonction", "anciennete", "interviewer", "date", "format", "fichier",
]  # fmt: skip
REFERENCE_COLUMNS = [
    "interview_id", "structure", "departement", "mission", "anciennete", "belonging",
    "keyword_1", "keyword_2", "keyword_3", *SECTIONS, "partners_named",
]  # fmt: skip


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Turn:
    speaker: str  # "I" (interviewer) or "P" (professional)
    overlap: bool  # spoken over the previous turn
    text: str


@dataclass
class Interview:
    id: str
    meta: dict
    turns: list[Turn]
    wave: WaveSettings = SPRO_2025

    @property
    def name(self) -> str:
        return self.meta["name"]

    @property
    def interviewer(self) -> str:
        return self.meta["interviewer"]

    def speaker_name(self, speaker: str) -> str:
        return self.interviewer if speaker == "I" else self.name


def read_sources(src_dir: Path, wave: WaveSettings = SPRO_2025) -> list[Interview]:
    interviews = []
    for meta_path in sorted(Path(src_dir).glob(f"{wave.prefix}*.yaml")):
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        text = meta_path.with_suffix(".txt").read_text(encoding="utf-8")
        turns = []
        for para in re.split(r"\n\s*\n", text.strip()):
            m = re.match(r"([IP])(\*?): (.*)", para.strip(), flags=re.S)
            if not m:
                raise ValueError(f"{meta_path.stem}: paragraph without I:/P: {para[:60]!r}")
            turns.append(Turn(m.group(1), m.group(2) == "*", " ".join(m.group(3).split())))
        interviews.append(Interview(meta["id"], meta, turns, wave))
    return interviews


# ------------------------------------------------------------------------- timeline


@dataclass
class Cue:
    start: int  # milliseconds from the start of the transcription
    end: int
    speaker: str
    n: int  # recognised phrase
    m: int  # segment of the phrase
    lines: list[str]
    first_of_turn: bool
    overlap: bool


@dataclass
class Phrase:
    text: str
    cues: list[Cue] = field(default_factory=list)


@dataclass
class SpokenTurn:
    turn: Turn
    phrases: list[Phrase]

    @property
    def start(self) -> int:
        return self.phrases[0].cues[0].start


def _units(text: str) -> list[str]:
    """Words, with French detached punctuation (`réseau ?`) kept with the word before."""
    units: list[str] = []
    for token in text.split():
        detached = re.fullmatch(r"[?!:;»…)\]]+[.,]?", token)
        if units and (detached or units[-1] in ("«", "(")):
            units[-1] += " " + token
        else:
            units.append(token)
    return units


def _word_count(units: list[str]) -> int:
    return len(re.findall(r"\w+", " ".join(units)))


def _ends_sentence(unit: str) -> bool:
    return bool(re.search(r"[.?!…]$", unit.rstrip('"»)')))


def _phrases(text: str, rng: random.Random) -> list[list[str]]:
    """Cut a turn into the phrases Teams recognises: a few sentences, long ones at commas."""
    sentences: list[list[str]] = [[]]
    for unit in _units(text):
        sentences[-1].append(unit)
        if _ends_sentence(unit):
            sentences.append([])
    chunks: list[list[str]] = []
    for sentence in filter(None, sentences):
        chunk: list[str] = []
        cut = rng.randint(14, 26)
        for unit in sentence:
            chunk.append(unit)
            size = _word_count(chunk)
            if (size >= cut and unit.endswith(",")) or size >= 40:
                chunks.append(chunk)
                chunk, cut = [], rng.randint(14, 26)
        if chunk:
            chunks.append(chunk)
    phrases: list[list[str]] = []
    current: list[str] = []
    target = rng.randint(10, 30)
    for chunk in chunks:
        if current and _word_count(current) + _word_count(chunk) > target:
            phrases.append(current)
            current, target = [], rng.randint(10, 30)
        current = current + chunk
    if current:
        phrases.append(current)
    return phrases


def _wrap(units: list[str]) -> list[str]:
    """One or two lines, as Teams does (about 40-45 characters, rather after a comma)."""
    text = " ".join(units)
    if len(text) <= 44 or len(units) < 2:
        return [text]

    def score(i: int) -> int:
        first, second = " ".join(units[:i]), " ".join(units[i:])
        return max(len(first), len(second)) - (4 if first.endswith(",") else 0)

    best = min(range(1, len(units)), key=score)
    return [" ".join(units[:best]), " ".join(units[best:])]


def _segments(units: list[str], rng: random.Random) -> list[list[str]]:
    """A phrase as cues of one or two lines (about 4-7 seconds each), cut mid-sentence."""
    segments: list[list[str]] = [[]]
    limit = rng.randint(64, 90)
    for unit in units:
        if segments[-1] and len(" ".join([*segments[-1], unit])) > limit:
            segments.append([])
            limit = rng.randint(64, 90)
        segments[-1].append(unit)
    if len(segments) > 1 and len(" ".join(segments[-2] + segments[-1])) <= 96:
        segments[-2:] = [segments[-2] + segments[-1]]  # no one-word tail
    return segments


def timeline(interview: Interview) -> list[SpokenTurn]:
    """Time every turn: about 2.6 words a second, seeded pauses, overlaps over the turn before."""
    rng = random.Random(f"{interview.wave.name}/{interview.id}/timeline")
    rate = {"I": rng.uniform(2.45, 2.8), "P": rng.uniform(2.35, 2.85)}
    clock = rng.randint(1800, 6500)  # first words after the transcription started
    n = rng.randint(3, 14)
    horizon = 0
    last_cue: Cue | None = None
    spoken: list[SpokenTurn] = []
    for turn in interview.turns:
        overlap = turn.overlap and last_cue is not None and last_cue.speaker != turn.speaker
        if overlap:
            assert last_cue is not None
            span = last_cue.end - last_cue.start
            clock = last_cue.end - min(rng.randint(300, 1300), span * 2 // 3)
        else:
            clock = max(clock, horizon) + rng.randint(350, 1900)
        phrases = []
        for k, units in enumerate(_phrases(turn.text, rng)):
            if k:
                clock += rng.randint(150, 900)
            n += rng.randint(1, 3) if overlap else rng.randint(1, 8)
            phrase = Phrase(" ".join(units))
            for m, seg in enumerate(_segments(units, rng)):
                seconds = _word_count(seg) / rate[turn.speaker] * rng.uniform(0.88, 1.14)
                duration = max(380, round(seconds * 1000))
                cue = Cue(
                    clock,
                    clock + duration,
                    turn.speaker,
                    n,
                    m,
                    _wrap(seg),
                    first_of_turn=not k and not m,
                    overlap=overlap,
                )
                phrase.cues.append(cue)
                clock += duration
            phrases.append(phrase)
        horizon = max(horizon, clock)
        if not overlap:
            last_cue = phrases[-1].cues[-1]
        spoken.append(SpokenTurn(turn, phrases))
    return spoken


def _meeting_start(interview: Interview) -> dt.datetime:
    """Local start time of the Teams meeting (the transcription starts at once)."""
    rng = random.Random(f"{interview.wave.name}/{interview.id}/meeting")
    hour = rng.choice([9, 9, 10, 10, 11, 13, 14, 14, 15, 16])
    minute = rng.choice([0, 0, 0, 15, 30, 30, 45]) + rng.randint(0, 4)
    day = dt.date.fromisoformat(str(interview.meta["date"]))
    return dt.datetime(day.year, day.month, day.day, hour, minute, rng.randint(0, 59))


# ------------------------------------------------------------------------ Teams .vtt


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


def _vtt_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _vtt_time(ms: int, short: bool) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h}:{m}:{s}.{ms:03d}" if short else f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def render_vtt(interview: Interview, spoken: list[SpokenTurn]) -> str:
    variants = interview.wave.vtt_variants.get(interview.id, frozenset())
    guid = uuid.uuid5(GUID_NAMESPACE, f"{interview.wave.name}/{interview.id}")
    rng = random.Random(f"{interview.wave.name}/{interview.id}/vtt")
    cues = [cue for turn in spoken for phrase in turn.phrases for cue in phrase.cues]
    cues.sort(key=lambda c: (c.start, c.n, c.m))
    blocks = ["WEBVTT"]
    for cue in cues:
        lines = []
        if "no_ids" not in variants:
            lines.append(f"{guid}/{cue.n}-{cue.m}")
        short = "short_timings" in variants
        lines.append(f"{_vtt_time(cue.start, short)} --> {_vtt_time(cue.end, short)}")
        payload = [_vtt_text(line) for line in cue.lines]
        untagged = (
            "missing_voice" in variants
            and not cue.first_of_turn
            and not cue.overlap
            and rng.random() < 0.3
        )
        if not untagged:
            name = interview.speaker_name(cue.speaker)
            name = _html_name(name) if "entities" in variants else name
            payload[0] = f"<v {name}>{payload[0]}"
            payload[-1] += "</v>"
        blocks.append("\n".join(lines + payload))
    return "\n\n".join(blocks) + "\n"


# ----------------------------------------------------------------------- Teams .docx


def _paragraph_groups(spoken: list[SpokenTurn]) -> list[list[SpokenTurn]]:
    """Teams' .docx paragraphs: one per turn, a backchannel joined to the same speaker's turn."""
    groups: list[list[SpokenTurn]] = []
    for turn in spoken:
        previous = groups[-1][-1].turn if groups else None
        if previous and previous.overlap and previous.speaker == turn.turn.speaker:
            groups[-1].append(turn)
        else:
            groups.append([turn])
    return groups


def _elapsed(ms: int) -> str:
    seconds = ms // 1000
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _clock_12h(moment: dt.datetime, english: bool) -> str:
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{hour:02d}:{moment.minute:02d}{suffix.lower() if english else suffix}"


def render_docx(interview: Interview, spoken: list[SpokenTurn]) -> bytes:
    english = interview.id in interview.wave.english_docx
    start = _meeting_start(interview)
    utc = start - dt.timedelta(hours=2)  # the date line is UTC in both observed specimens
    end_ms = max(c.end for t in spoken for p in t.phrases for c in p.cues)
    minutes, seconds = divmod(round(end_ms / 1000), 60)
    title = f"Entretien SPRO - {interview.name}-{start:%Y%m%d_%H%M%S}-"
    if english:
        title += "Meeting Transcript"
        date_line = f"{utc.day} {MONTHS[utc.month - 1]} {utc.year}, {_clock_12h(utc, True)}"
        duration = f"{minutes}m {seconds}s"
        started = f"{interview.interviewer} started transcription"
        stopped = f"{interview.interviewer} stopped transcription"
    else:
        title += "Transcription de la réunion"
        date_line = f"{utc.day} {MOIS[utc.month - 1]} {utc.year}, {_clock_12h(utc, False)}"
        duration = f"{minutes}min {seconds}sec"
        started = f"{interview.interviewer} a commencé la transcription"
        stopped = f"{interview.interviewer} a arrêté la transcription"

    document = docx.Document()
    for line in (title, date_line, duration, started):
        document.add_paragraph(line)
    for group in _paragraph_groups(spoken):
        speaker = interview.speaker_name(group[0].turn.speaker)
        lines = [phrase.text for turn in group for phrase in turn.phrases]
        paragraph = document.add_paragraph()
        run = paragraph.add_run(f"{speaker}   {_elapsed(group[0].start)}")
        run.add_break()
        for i, line in enumerate(lines):
            run = paragraph.add_run(line)
            if i < len(lines) - 1:
                run.add_break()
    document.add_paragraph(stopped)

    props = document.core_properties
    props.author = ""
    props.title = ""
    props.comments = ""
    props.last_modified_by = ""
    props.revision = 1
    props.created = utc
    props.modified = utc + dt.timedelta(milliseconds=end_ms)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue(), interview.wave.zip_date)


# --------------------------------------------------------------------------- notes


NOTE_SECTIONS = [  # (key, heading, what the interviewer asks when the section starts)
    ("profil", "Présentation et profil", r"présent"),
    ("connaissance", "Connaissance du SPRO", r"trois mots|3 mots"),
    ("appartenance", "Sentiment d'appartenance", r"appart|faire partie"),
    ("collaborations", "Collaborations", r"collaboration"),
    ("outils", "Outils et qualité du service", r"\boutils\b"),
    ("ideal", "Suggestions", r"idéal"),
    ("conclusion", "Conclusion", r"autres? remarques|ajouter"),
]
NOTE_KEY_POINTS = {  # which key points the interviewer jots at the end of which section
    "connaissance": ["connaissance"],
    "appartenance": ["appartenance", "actions"],
    "collaborations": ["collaborations"],
    "outils": ["outils"],
    "ideal": ["ideal"],
}
ACKNOWLEDGEMENTS = re.compile(r"(d'accord|ok|oui|mm|très bien|merci|c'est noté)[ .!,]*", re.I)


def _title_name(name: str) -> str:
    """`Laetitia MOREAU-DIAS` as one types it: `Laetitia Moreau-Dias`."""
    return " ".join(
        "-".join(part.capitalize() for part in word.split("-")) if word.isupper() else word
        for word in name.split()
    )


def _initials(name: str) -> str:
    words = name.split()
    return words[0][0] + words[-1][0]


def _condensed_question(text: str) -> str | None:
    """What the interviewer types of their own turn: the questions, or a short reformulation."""
    if ACKNOWLEDGEMENTS.fullmatch(text):
        return None
    sentences = re.findall(r".+?(?:[.?!…]+(?=\s|$)|$)", text)
    sentences = [s.strip() for s in sentences if s.strip()]
    questions = [s for s in sentences if s.endswith("?")]
    if questions:
        return " ".join(questions[-2:])
    if len(text.split()) <= 14:
        return text
    kept: list[str] = []
    while sentences and len(" ".join(kept).split()) < 8:
        kept.append(sentences.pop(0))
    return " ".join(kept) + (" […]" if sentences else "")


def _lower_first(text: str) -> str:
    """`Conseillère emploi-formation au BAIE` inside a sentence (acronyms left alone)."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def render_notes(interview: Interview, spoken: list[SpokenTurn]) -> str:
    meta, profile = interview.meta, interview.meta["profile"]
    day = dt.date.fromisoformat(str(meta["date"]))
    start = _meeting_start(interview)
    end_ms = max(c.end for t in spoken for p in t.phrases for c in p.cues)
    minutes = round(end_ms / 60000)
    name, interviewer = _title_name(interview.name), _title_name(interview.interviewer)
    employer, role = interview.wave.interviewers[interview.interviewer]
    layout = interview.wave.notes_layout.get(interview.id, "roles")
    if layout == "initials":  # typed in Word on Windows: initials, no-break space, CRLF
        me, them = _initials(interview.interviewer), _initials(interview.name)
        first, last = interviewer.split(" ", 1)
        header = [
            f"Entretien SPRO n° {int(interview.id[1:])} - notes {first[0]}. {last}",
            f"{day:%d/%m/%Y}, {start:%Hh%M}, Teams (enregistré) - {minutes} min",
            f"{me} = {interviewer} ({employer}) ; {them} = {name}, "
            f"{_lower_first(profile['fonction'])}, "
            f"{profile['structure_name']} ({profile['commune']}), ancienneté "
            f"{profile['anciennete']}",
        ]
        prefix = {"I": f"{me}\u00a0: ", "P": f"{them}\u00a0: "}
    elif layout == "qr":  # questions and answers, the people given in the header
        header = [
            f"Entretien SPRO {day.year} – {interview.id} – notes de {interviewer}",
            f"{day:%d/%m/%Y} à {start:%Hh%M} – Teams, sans enregistrement – {minutes} min",
            f"Q = {interviewer} ({employer})",
            f"R = {name}, {_lower_first(profile['fonction'])}, {profile['structure_name']} "
            f"({profile['commune']}), ancienneté {profile['anciennete']}",
        ]
        prefix = {"I": "Q : ", "P": "R : "}
    else:
        header = [
            f"ENTRETIEN {interview.id} – {profile['fonction']}, {profile['structure_name']}",
            f"Date : {day:%d/%m/%Y} – Teams, sans enregistrement (notes prises en direct) – "
            f"durée : {minutes} min",
            f"Enquêtrice : {interviewer} ({role})",
            f"Personne interviewée : {name}, {_lower_first(profile['fonction'])}, "
            f"{profile['structure_name']} ({profile['commune']}), {profile['anciennete']} "
            "d'ancienneté",
        ]
        prefix = {"I": "Enquêtrice : ", "P": "Interviewé·e : "}

    starts: dict[int, tuple[str, str]] = {}
    position = 0
    for key, heading, pattern in NOTE_SECTIONS:
        for i in range(position, len(interview.turns)):
            turn = interview.turns[i]
            if turn.speaker == "I" and not turn.overlap and re.search(pattern, turn.text.lower()):
                starts[i] = (key, heading)
                position = i + 1
                break
    key_points = meta["key_points"]
    pending: list[str] = []  # key points still to jot down
    out = [*header, ""]
    section = None

    def close_section() -> None:
        for kp in NOTE_KEY_POINTS.get(section or "", []):
            label = "Pistes : " if kp == "actions" else ""
            out.extend([f"[Notes] {label}{key_points[kp]}", ""])
            pending.remove(kp)

    pending.extend(k for keys in NOTE_KEY_POINTS.values() for k in keys)
    recorded = "enregistr" in header[1] and "sans" not in header[1]
    how = "enregistrement" if recorded else "prise de notes"
    out.extend([f"[Notes] Introduction faite : objectifs, confidentialité, {how}.", ""])
    number = 0
    carried = ""  # a backchannel of the interviewee, typed with their next answer
    turns = interview.turns
    for i, turn in enumerate(turns):
        if i in starts:
            close_section()
            section, heading = starts[i]
            number += 1
            out.extend([f"== Thème {number} – {heading} ==", ""])
        if turn.speaker == "I":
            if turn.overlap or section is None:  # backchannels and the introduction
                continue
            question = _condensed_question(turn.text)
            if question:
                out.append(prefix["I"] + question)
        elif turn.overlap and i + 1 < len(turns) and turns[i + 1].speaker == "P":
            carried = turn.text + " "
        else:
            out.append(prefix["P"] + carried + turn.text)
            carried = ""
            if i + 1 == len(turns) or turns[i + 1].speaker == "I":
                out.append("")
    close_section()
    out.extend(["== Synthèse à reporter dans la grille ==", ""])
    out.append(f"- 3 mots clés : {' ; '.join(meta['keywords_said'])}")
    for kp in list(pending):
        out.append(f"- {kp.capitalize()} : {key_points[kp]}")
    out.append(f"- Partenaires cités : {', '.join(meta['partners_named'])}")
    out.append(f"- Verbatims : « {' » / « '.join(meta['verbatims'])} »")
    text = "\n".join(re.sub(r"\n{3,}", "\n\n", "\n".join(out)).splitlines()) + "\n"
    if layout == "initials":
        text = text.replace("\n", "\r\n")
    return text


# ----------------------------------------------------------- tables and the planted list


def _stable_zip(data: bytes, zip_date: tuple, modified: str | None = None) -> bytes:
    """Rewrite a zip (docx/xlsx) with fixed entry dates and attributes, same entry order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if modified and item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + modified.encode() + rb"\g<2>",
                    content,
                )
            info = zipfile.ZipInfo(item.filename, date_time=zip_date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()


def _profile_rows(interviews: list[Interview]) -> list[dict]:
    rows = []
    for iv in interviews:
        p = iv.meta["profile"]
        rows.append(
            {
                "interview_id": iv.id,
                "nom": iv.name,
                "structure": p["structure"],
                "structure_nom": p["structure_name"],
                "departement": p["departement"],
                "commune": p["commune"],
                "mission": p["mission"],
                "fonction": p["fonction"],
                "anciennete": p["anciennete"],
                "interviewer": iv.interviewer,
                "date": str(iv.meta["date"]),
                "format": iv.meta["format"],
                "fichier": f"entretiens/{iv.id}{SUFFIX[iv.meta['format']]}",
            }
        )
    return rows


def _reference_rows(interviews: list[Interview]) -> list[dict]:
    rows = []
    for iv in interviews:
        p, meta = iv.meta["profile"], iv.meta
        row = {
            "interview_id": iv.id,
            "structure": p["structure"],
            "departement": p["departement"],
            "mission": p["mission"],
            "anciennete": p["anciennete"],
            "belonging": meta["belonging"],
        }
        row.update({f"keyword_{i}": kw for i, kw in enumerate(meta["keywords"], start=1)})
        row.update({key: meta["key_points"][key] for key in SECTIONS})
        row["partners_named"] = "; ".join(meta["partners_named"])
        rows.append(row)
    return rows


def _csv(rows: list[dict], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def render_grid(interviews: list[Interview], wave: WaveSettings = SPRO_2025) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Grille d'analyse"
    sheet.append([header for header, _ in GRID_COLUMNS])
    for iv in interviews:
        p, meta, kp = iv.meta["profile"], iv.meta, iv.meta["key_points"]
        sheet.append(
            [
                iv.id,
                dt.datetime.fromisoformat(str(meta["date"])),
                iv.interviewer,
                p["structure_name"],
                DEPARTEMENTS[p["departement"]],
                MISSIONS[p["mission"]],
                " ; ".join(meta["keywords_said"]),
                *(kp[key] for key in SECTIONS),
                " | ".join(meta["verbatims"]),
            ]
        )
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, (_, width) in enumerate(GRID_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = wrap
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
    for cell in sheet["B"][1:]:
        cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    props = workbook.properties
    props.creator = wave.grid_creator
    props.lastModifiedBy = wave.grid_editor
    props.created = wave.grid_created
    props.modified = wave.grid_modified
    buffer = io.BytesIO()
    workbook.save(buffer)  # openpyxl stamps "modified" with the current time: put it back
    modified = f"{wave.grid_modified:%Y-%m-%dT%H:%M:%S}Z"
    return _stable_zip(buffer.getvalue(), wave.zip_date, modified=modified)


def _planted(interviews: list[Interview]) -> dict[str, list[str]]:
    names: set[str] = set()
    for iv in interviews:
        for full in (iv.name, iv.interviewer):
            words = full.split()
            last = " ".join(w for w in words if w.isupper())
            first = " ".join(w for w in words if not w.isupper())
            names |= {full, first, last, _title_name(full), _title_name(last)}
        names |= set(iv.meta["people_named"])
    return {
        "names": sorted(names),
        "emails": sorted({e for iv in interviews for e in iv.meta["emails_said"]}),
        "phones": sorted({p for iv in interviews for p in iv.meta["phones_said"]}),
        "places": sorted({p for iv in interviews for p in iv.meta["places_named"]}),
    }


# ---------------------------------------------------------------------------- build


def build(
    src_dir: Path | None = None,
    out_dir: Path | None = None,
    planted_path: Path | None = None,
    *,
    wave: WaveSettings = SPRO_2025,
) -> list[Path]:
    """Write the interview files of ``wave`` into ``out_dir``; return the paths written.

    The folders default to the wave's own (``WaveSettings.src_dir`` …).
    """
    out_dir = Path(out_dir or wave.out_dir)
    planted_path = Path(planted_path or wave.planted_path)
    interviews = read_sources(Path(src_dir or wave.src_dir), wave)
    folder = out_dir / "entretiens"
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[Path, bytes] = {}
    for iv in interviews:
        spoken = timeline(iv)
        kind = iv.meta["format"]
        path = folder / f"{iv.id}{SUFFIX[kind]}"
        if kind == "teams_vtt":
            written[path] = render_vtt(iv, spoken).encode("utf-8")
        elif kind == "teams_docx":
            written[path] = render_docx(iv, spoken)
        elif kind == "notes":
            written[path] = render_notes(iv, spoken).encode("utf-8")
        else:
            raise ValueError(f"{iv.id}: unknown format {kind!r}")
    for stale in sorted(folder.glob(f"{wave.prefix}[0-9][0-9].*")):
        if stale not in written and stale.suffix in (".vtt", ".docx", ".txt"):
            stale.unlink()
    written[out_dir / "profils.csv"] = _csv(_profile_rows(interviews), PROFILE_COLUMNS)
    written[out_dir / "reference_entretiens.csv"] = _csv(
        _reference_rows(interviews), REFERENCE_COLUMNS
    )
    written[out_dir / "grille.xlsx"] = render_grid(interviews, wave)
    header = (
        f"# Personal data present in survey/examples/{wave.name}/entretiens/ and profils.csv\n"
        "# (all fictional), for the privacy tests: match case-insensitively.\n"
        "# names: interviewees and interviewers (full, first and last names) and every person\n"
        "# they name; places: every town named (kept apart, some are common words or appear\n"
        "# in any regional report, e.g. Lyon).\n"
    )
    planted = yaml.safe_dump(_planted(interviews), allow_unicode=True, sort_keys=False, width=100)
    written[planted_path] = (header + planted).encode("utf-8")
    for path, content in written.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return sorted(written)


def main(names: list[str]) -> None:
    for name in names or list(WAVES):
        wave = WAVES[name]
        paths = build(wave=wave)
        for kind, suffix in SUFFIX.items():
            count = sum(1 for p in paths if p.parent.name == "entretiens" and p.suffix == suffix)
            print(f"{name}: {count:2d} {kind}")
        print(f"{name}: {len(paths)} files written under {wave.out_dir} and {ROOT / 'tests'}")


if __name__ == "__main__":
    main(sys.argv[1:])
