"""The interview files of the 2025 example wave (built by examples_src/build_interviews.py).

Every transcript is checked against its hand-written source (examples_src/spro-2025/interviews):
right format, well-formed, and carrying every word the interviewee said. The tables are
checked against ASSIGNMENTS.md, and a second build must give the same bytes.
"""

from __future__ import annotations

import csv
import html
import importlib.util
import itertools
import re
import sys
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import docx
import pytest
import yaml
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "examples_src" / "spro-2025" / "interviews"
BUILDER = ROOT / "examples_src" / "build_interviews.py"
WAVE = ROOT / "survey" / "examples" / "spro-2025"
FOLDER = WAVE / "entretiens"
PLANTED = ROOT / "tests" / "data" / "spro-2025-planted-interviews.yaml"
IDS = sorted(path.stem for path in SRC.glob("E*.yaml"))
SUFFIX = {"teams_vtt": ".vtt", "teams_docx": ".docx", "notes": ".txt"}
ZIPPED = {".docx", ".xlsx"}

GRID_HEADER = [
    "Entretien", "Date", "Intervieweur", "Structure", "Département", "Mission", "3 mots clés",
    "Connaissance du SPRO", "Sentiment d'appartenance", "Actions pour renforcer le SPRO",
    "Collaborations", "Outils et qualité du service", "SPRO idéal", "Verbatims",
]  # fmt: skip
TIMING = re.compile(
    r"(\d+):(\d{1,2}):(\d{1,2})\.(\d{1,3}) --> (\d+):(\d{1,2}):(\d{1,2})\.(\d{1,3})"
)
CUE_ID = re.compile(r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/\d+-\d+")
VOICE = re.compile(r"<v ([^>]+)>(.*)</v>", re.S)
DOCX_TURN = re.compile(r"(.+?)\s{2,}(\d{1,2}:\d{2}(?::\d{2})?)")
NOTE_LINE = re.compile(r"([^:\n]{1,40}?)[ \u00a0\u202f]*: (.*)")


# ------------------------------------------------------------------------------ sources


@dataclass(frozen=True)
class Turn:
    speaker: str
    overlap: bool
    text: str


@cache
def source(interview_id: str, src: Path = SRC) -> tuple[dict, tuple[Turn, ...]]:
    """An interview's reference sheet and its turns, from the hand-written sources in ``src``."""
    meta = yaml.safe_load((src / f"{interview_id}.yaml").read_text(encoding="utf-8"))
    text = (src / f"{interview_id}.txt").read_text(encoding="utf-8")
    turns = []
    for para in re.split(r"\n\s*\n", text.strip()):
        m = re.fullmatch(r"([IP])(\*?): (.*)", para.strip(), flags=re.S)
        assert m, f"{interview_id}: paragraph without I:/P: {para[:50]!r}"
        turns.append(Turn(m.group(1), bool(m.group(2)), m.group(3)))
    return meta, tuple(turns)


def interviewee_words(interview_id: str) -> list[str]:
    _, turns = source(interview_id)
    return " ".join(t.text for t in turns if t.speaker == "P").split()


def assignments() -> dict[str, dict]:
    rows = {}
    text = (SRC / "ASSIGNMENTS.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        if re.match(r"\| E\d\d ", line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            keys = ["id", "name", "structure", "departement", "mission", "anciennete"]
            row = dict(zip([*keys, "belonging", "keywords", "format"], cells, strict=True))
            row["keywords"] = [k.strip() for k in row["keywords"].split(";")]
            rows[row["id"]] = row
    return rows


def generated(interview_id: str) -> Path:
    meta, _ = source(interview_id)
    return FOLDER / f"{interview_id}{SUFFIX[meta['format']]}"


# ------------------------------------------------------------------------------ readers


@dataclass
class Cue:
    identifier: str | None
    start: int
    end: int
    lines: int
    speaker: str | None
    text: str


def _ms(h: str, m: str, s: str, frac: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(frac.ljust(3, "0"))


def parse_vtt(path: Path) -> list[Cue]:
    """A strict reading of the Teams layout (any of the variants the spec lists)."""
    text = path.read_text(encoding="utf-8")
    blocks = text.rstrip("\n").split("\n\n")
    assert blocks[0] == "WEBVTT"
    cues = []
    for block in blocks[1:]:
        lines = block.split("\n")
        identifier = lines.pop(0) if "-->" not in lines[0] else None
        timing = TIMING.fullmatch(lines[0])
        assert timing, f"{path.name}: bad timing line {lines[0]!r}"
        start, end = _ms(*timing.groups()[:4]), _ms(*timing.groups()[4:])
        payload = "\n".join(lines[1:])
        assert payload.strip(), f"{path.name}: empty cue at {lines[0]}"
        assert payload.count("<v ") == payload.count("</v>") <= 1, payload
        voice = VOICE.fullmatch(payload)
        assert voice or "<v " not in payload, payload
        body = voice.group(2) if voice else payload
        assert "<" not in body and ">" not in body, payload
        speaker = html.unescape(voice.group(1)) if voice else None
        cues.append(Cue(identifier, start, end, len(lines) - 1, speaker, html.unescape(body)))
    return cues


def vtt_speech(cues: list[Cue]) -> list[tuple[str, str]]:
    """(speaker, text) per cue; a cue without voice tag goes to the speaker before it."""
    out, speaker = [], None
    for cue in cues:
        speaker = cue.speaker or speaker
        assert speaker, "the first cue has no voice tag"
        out.append((speaker, " ".join(cue.text.split())))
    return out


def docx_turns(path: Path) -> tuple[list[str], list[tuple[str, str, list[str]]], list[str]]:
    """(header paragraphs, turns as (name, time, lines), paragraphs after the last turn)."""
    paragraphs = [p.text for p in docx.Document(path).paragraphs]
    turns, header, trailer = [], [], []
    for text in paragraphs:
        first, *lines = text.split("\n")
        m = DOCX_TURN.fullmatch(first)
        if m and lines:
            assert not trailer, f"{path.name}: a turn after the closing line"
            turns.append((m.group(1), m.group(2), lines))
        elif turns:
            trailer.append(text)
        else:
            header.append(text)
    return header, turns, trailer


def notes_speech(path: Path, meta: dict) -> list[str]:
    """The interviewee's lines of typed notes (role prefix, or the person's initials)."""
    words = meta["name"].split()
    labels = {
        "Interviewé",
        "Interviewée",
        "Interviewé·e",
        "Interviewé(e)",
        words[0][0] + words[-1][0],
    }
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = NOTE_LINE.fullmatch(line)
        if m and m.group(1).strip() in labels:
            out.append(m.group(2))
    return out


def expected_paragraphs(turns: tuple[Turn, ...]) -> int:
    """Turns as Teams' .docx shows them: a backchannel joins the same speaker's next turn."""
    count = 0
    for previous, turn in itertools.pairwise((None, *turns)):
        if not (previous and previous.overlap and previous.speaker == turn.speaker):
            count += 1
    return count


def corpus_text() -> str:
    """Everything the interview files say, as one normalised string (names decoded)."""
    parts = []
    for interview_id in IDS:
        path = generated(interview_id)
        if path.suffix == ".vtt":
            cues = parse_vtt(path)
            parts += [c.text for c in cues] + sorted({c.speaker for c in cues if c.speaker})
        elif path.suffix == ".docx":
            parts += [p.text for p in docx.Document(path).paragraphs]
        else:
            parts.append(path.read_text(encoding="utf-8"))
    parts.append((WAVE / "profils.csv").read_text(encoding="utf-8"))
    return " ".join(" ".join(parts).split()).casefold()


# -------------------------------------------------------------------------- transcripts


def test_every_source_has_one_transcript():
    assert len(IDS) == 24
    made = sorted(p.name for p in FOLDER.iterdir() if re.fullmatch(r"E\d\d\..+", p.name))
    assert made == sorted(generated(i).name for i in IDS)
    assert Counter(generated(i).suffix for i in IDS) == {".vtt": 16, ".docx": 6, ".txt": 2}


@pytest.mark.parametrize("interview_id", IDS)
def test_transcript_keeps_every_word_of_the_interviewee(interview_id):
    meta, _ = source(interview_id)
    path = generated(interview_id)
    if path.suffix == ".vtt":
        speech = vtt_speech(parse_vtt(path))
        assert {s for s, _ in speech} == {meta["name"], meta["interviewer"]}
        said = [text for speaker, text in speech if speaker == meta["name"]]
    elif path.suffix == ".docx":
        _, paragraphs, _ = docx_turns(path)
        said = [" ".join(lines) for name, _, lines in paragraphs if name == meta["name"]]
    else:
        said = notes_speech(path, meta)
    assert " ".join(said).split() == interviewee_words(interview_id)


@pytest.mark.parametrize("interview_id", [i for i in IDS if generated(i).suffix == ".vtt"])
def test_vtt_is_well_formed(interview_id):
    _, turns = source(interview_id)
    cues = parse_vtt(generated(interview_id))
    assert len(cues) > len(turns)  # long turns are split into several cues
    for cue in cues:
        assert cue.start < cue.end
        assert 1 <= cue.lines <= 2
    assert [c.start for c in cues] == sorted(c.start for c in cues)
    identifiers = [c.identifier for c in cues]
    if identifiers[0] is not None:
        guids = {CUE_ID.fullmatch(i).group(1) for i in identifiers if CUE_ID.fullmatch(i)}
        assert len(guids) == 1 and all(CUE_ID.fullmatch(i) for i in identifiers)
        assert len(set(identifiers)) == len(identifiers)
    else:
        assert set(identifiers) == {None}
    overlapping = sum(a.end > b.start for a, b in itertools.pairwise(cues))
    assert overlapping >= sum(t.overlap for t in turns) > 0 or not any(t.overlap for t in turns)


def test_vtt_files_carry_the_real_variants_in_a_minority():
    vtts = {i: generated(i) for i in IDS if generated(i).suffix == ".vtt"}
    raw = {i: p.read_text(encoding="utf-8") for i, p in vtts.items()}
    cues = {i: parse_vtt(p) for i, p in vtts.items()}
    entities = {i for i, text in raw.items() if re.search(r"<v [^>]*&#\d+;", text)}
    no_ids = {i for i, cs in cues.items() if cs[0].identifier is None}
    short = {i for i, text in raw.items() if re.search(r"^\d:\d{1,2}:\d{1,2}\.\d+ ", text, re.M)}
    untagged = {i for i, cs in cues.items() if any(c.speaker is None for c in cs)}
    assert 1 <= len(entities) <= 2 and len(no_ids) >= 1 and short and untagged
    assert short <= no_ids  # the Graph API export has no identifiers
    assert len(entities | no_ids | short | untagged) < len(vtts) / 2


@pytest.mark.parametrize("interview_id", [i for i in IDS if generated(i).suffix == ".docx"])
def test_docx_has_one_paragraph_per_turn(interview_id):
    meta, turns = source(interview_id)
    header, paragraphs, trailer = docx_turns(generated(interview_id))
    assert len(paragraphs) == expected_paragraphs(turns)
    assert {name for name, _, _ in paragraphs} == {meta["name"], meta["interviewer"]}
    assert len(header) == 4 and len(trailer) == 1
    title, date_line, duration, started = header
    day = str(meta["date"]).replace("-", "")
    assert re.fullmatch(
        rf".+-{day}_\d{{6}}-(Transcription de la réunion|Meeting Transcript)", title
    )
    assert re.fullmatch(r"\d{1,2} \w+ 2025, \d\d:\d\d(AM|PM|am|pm)", date_line)
    assert re.fullmatch(r"\d+min \d+sec|\d+m \d+s", duration)
    assert started.startswith(meta["interviewer"] + " ")
    assert trailer[0].startswith(meta["interviewer"] + " ")


def test_one_docx_uses_the_english_layout():
    titles = [docx_turns(generated(i))[0][0] for i in IDS if generated(i).suffix == ".docx"]
    assert sum(t.endswith("Meeting Transcript") for t in titles) == 1


@pytest.mark.parametrize("interview_id", [i for i in IDS if generated(i).suffix == ".txt"])
def test_notes_have_a_header_and_one_line_per_answer(interview_id):
    meta, turns = source(interview_id)
    path = generated(interview_id)
    text = path.read_text(encoding="utf-8")
    day = str(meta["date"])
    assert f"{day[8:10]}/{day[5:7]}/{day[:4]}" in text.splitlines()[1]
    # a backchannel ("Mm.") is typed with the answer that follows it, if one does
    joined = sum(a.overlap and a.speaker == b.speaker == "P" for a, b in itertools.pairwise(turns))
    answers = sum(t.speaker == "P" for t in turns) - joined
    assert len(notes_speech(path, meta)) == answers


# ------------------------------------------------------------------------------- tables


def read_csv(name: str) -> list[dict]:
    with open(WAVE / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_profiles_match_the_assignments():
    rows = read_csv("profils.csv")
    assert list(rows[0]) == [
        "interview_id", "nom", "structure", "structure_nom", "departement", "commune",
        "mission", "fonction", "anciennete", "interviewer", "date", "format", "fichier",
    ]  # fmt: skip
    expected = assignments()
    assert [r["interview_id"] for r in rows] == sorted(expected) == IDS
    for row in rows:
        want = expected[row["interview_id"]]
        assert row["nom"] == want["name"]
        for key in ("structure", "departement", "mission", "anciennete", "format"):
            assert row[key] == want[key], (row["interview_id"], key)
        odd = int(row["interview_id"][1:]) % 2
        assert row["interviewer"] == ("Sophie AUBERTIN" if odd else "Karim BELLOUTI")
        assert "2025-06-02" <= row["date"] <= "2025-07-04"
        assert WAVE / row["fichier"] == generated(row["interview_id"])
        assert row["commune"] and row["structure_nom"] and row["fonction"]


def test_reference_sheet():
    rows = read_csv("reference_entretiens.csv")
    assert [r["interview_id"] for r in rows] == IDS
    assert Counter(r["belonging"] for r in rows) == {
        "none": 6, "partial": 7, "clear": 8, "progressive": 3,
    }  # fmt: skip
    departements = {r["departement"] for r in rows}
    assert len(departements) == 8
    assert not departements & {"ain", "ardeche", "cantal", "drome"}
    expected = assignments()
    for row in rows:
        want = expected[row["interview_id"]]
        assert [row["keyword_1"], row["keyword_2"], row["keyword_3"]] == want["keywords"]
        assert row["belonging"] == want["belonging"]
        for key in ("connaissance", "appartenance", "actions", "collaborations", "outils"):
            assert row[key]
        assert row["ideal"] and row["partners_named"]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def mentions(cell: str, keyword: str) -> bool:
    """The keyword, or each of its content words by stem (`je connais pas` ~ `ne connaît pas`)."""
    if keyword.casefold() in cell.casefold():
        return True
    words = re.findall(r"\w+", _fold(cell))
    stems = [w[:5] for w in re.findall(r"\w+", _fold(keyword)) if len(w) >= 4]
    return bool(stems) and all(any(w.startswith(s) for w in words) for s in stems)


def test_grid():
    workbook = load_workbook(WAVE / "grille.xlsx")
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == GRID_HEADER
    assert sheet.freeze_panes == "A2"
    assert sheet["H2"].alignment.wrap_text
    assert [r[0] for r in rows[1:]] == IDS
    for row in rows[1:]:
        meta, _ = source(row[0])
        cell = row[GRID_HEADER.index("3 mots clés")]
        assert cell == " ; ".join(meta["keywords_said"])
        for keyword in meta["keywords"]:
            assert mentions(cell, keyword), (row[0], keyword)
        assert row[GRID_HEADER.index("Verbatims")] == " | ".join(meta["verbatims"])
        notes = " ".join(str(v) for v in row).casefold()
        last_name = meta["name"].split()[-1].casefold()
        assert meta["name"].casefold() not in notes
        assert not re.search(rf"\b{re.escape(last_name)}\b", notes), row[0]


def test_planted_personal_data_is_listed_and_present():
    planted = yaml.safe_load(PLANTED.read_text(encoding="utf-8"))
    assert set(planted) == {"names", "emails", "phones", "places"}
    for values in planted.values():
        assert values == sorted(set(values))
    metas = [source(i)[0] for i in IDS]
    names = set(planted["names"])
    for meta in metas:
        for full in (meta["name"], meta["interviewer"]):
            words = full.split()
            assert {full, words[0], words[-1]} <= names
        assert set(meta["people_named"]) <= names
        assert set(meta["emails_said"]) <= set(planted["emails"])
        assert set(meta["phones_said"]) <= set(planted["phones"])
        assert set(meta["places_named"]) <= set(planted["places"])
    assert planted["emails"] and planted["phones"]
    text = corpus_text()
    missing = [v for values in planted.values() for v in values if v.casefold() not in text]
    assert not missing


# ------------------------------------------------------------------------ reproducibility


def load_builder():
    spec = importlib.util.spec_from_file_location("build_interviews", BUILDER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def zip_entries(path: Path) -> list[tuple[str, tuple, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(i.filename, i.date_time, archive.read(i)) for i in archive.infolist()]


def test_build_is_reproducible(tmp_path):
    build = load_builder().build
    first = build(SRC, tmp_path / "a", tmp_path / "a" / "planted.yaml")
    second = build(SRC, tmp_path / "b", tmp_path / "b" / "planted.yaml")
    relative = [p.relative_to(tmp_path / "a") for p in first]
    assert relative == [p.relative_to(tmp_path / "b") for p in second]
    for rel in relative:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    # The files in the repository are that build. Zip archives are compared entry by entry:
    # another zlib may compress the same entries into other bytes.
    for rel in relative:
        fresh = tmp_path / "a" / rel
        shipped = PLANTED if rel.name == "planted.yaml" else WAVE / rel
        if fresh.suffix in ZIPPED:
            assert zip_entries(fresh) == zip_entries(shipped), rel
        else:
            assert fresh.read_bytes() == shipped.read_bytes(), rel
