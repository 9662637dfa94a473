"""Interview transcripts read into speaker turns: samples, the example wave, variants, errors."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.errors import ExportError, WaveError
from survey.ingest.transcripts import (
    TURN_COLUMNS,
    TranscriptError,
    read_interviews,
    read_transcript,
)
from tests.ingest import transcript_writer as writer
from tests.ingest.transcript_writer import Cue, Turn

ROOT = Path(__file__).resolve().parents[2]
WAVE = ROOT / "survey" / "examples" / "spro-2025"
SOURCES = ROOT / "examples_src" / "spro-2025" / "interviews"
INTERVIEWERS = yaml.safe_load((WAVE / "wave.yaml").read_text(encoding="utf-8"))["interviewers"]
EXAMPLES = sorted((WAVE / "entretiens").iterdir())

HELENE, JULIEN = "Hélène FERRAND", "Julien MOREAU"
SAMPLE_TURNS = [  # the exchange of the four samples, as Teams' .docx shows it
    (HELENE, "Bonjour, merci d'avoir accepté cet entretien. Il va durer une trentaine de minutes."),
    (JULIEN, "Oui, avec plaisir, bonjour."),
    (HELENE, "Pour commencer, est-ce que vous avez le sentiment de faire partie du réseau ?"),
    (
        JULIEN,
        "Alors, oui et non. Oui parce qu'on est identifiés par la Région, on a le label, mais au "
        "quotidien, honnêtement, je me sens surtout rattaché à ma structure, pas vraiment à un "
        "réseau.",
    ),
    (
        HELENE,
        "D'accord. Et concrètement, comment se passe la collaboration avec les partenaires ?",
    ),
    (
        JULIEN,
        "Avec la Mission locale et France Travail, ça fonctionne bien, on s'appelle souvent. "
        "Avec les CIO c'est plus compliqué, on n'a pas d'interlocuteur identifié.",
    ),
    (HELENE, "Et côté outils, qu'est-ce que vous utilisez au quotidien ?"),
    (
        JULIEN,
        "Surtout Teams et le tableur partagé de la Région. L'annuaire des partenaires, je ne "
        "l'ouvre quasiment jamais, il n'est pas à jour.",
    ),
]


@pytest.fixture(scope="module")
def samples(data_dir) -> Path:
    return data_dir / "transcripts"


def write(tmp_path: Path, content: str | bytes, name: str = "E01.vtt") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def rows(turns: pd.DataFrame) -> list[tuple]:
    return list(turns[["speaker", "role", "text"]].itertuples(index=False, name=None))


# ------------------------------------------------------------------------------- samples


def test_teams_vtt_sample_merges_cues_into_turns(samples):
    turns = read_transcript(samples / "teams_transcript.vtt")
    assert turns.columns.tolist() == TURN_COLUMNS
    assert turns["interview_id"].unique().tolist() == ["teams_transcript"]
    assert turns["turn"].tolist() == list(range(1, 9))
    # 13 cues: 41-0/1/2, 66-0/1 and 88-0/1 are one utterance each; the backchannel 44-0
    # ("D'accord.") overlaps 41-2 and joins the interviewer's next question.
    assert [(s, t) for s, _, t in rows(turns)] == SAMPLE_TURNS
    assert turns["start"].tolist() == [4.21, 10.53, 13.12, 21.01, 35.902, 44.64, 59.35, 63.9]
    assert turns["end"].tolist() == [9.873, 12.05, 20.486, 37.53, 43.88, 57.902, 63.02, 74.23]
    assert turns["role"].tolist() == ["interviewer", "interviewee"] * 4
    assert turns.attrs["formats"] == {"teams_transcript": "teams_vtt"}


def test_roles_come_from_the_interviewers_list_tolerant_to_case_and_accents(samples):
    for name in ("Helene Ferrand", "FERRAND Hélène", "H&#233;l&#232;ne ferrand"):
        turns = read_transcript(samples / "teams_transcript.vtt", interviewers=[name])
        assert turns["role"].tolist() == ["interviewer", "interviewee"] * 4
        assert not any("déduit" in n for n in turns.attrs["notes"])
    guessed = read_transcript(samples / "teams_transcript.vtt")
    assert any("déduit des questions posées : Hélène FERRAND" in n for n in guessed.attrs["notes"])


def test_zoom_vtt_sample(samples):
    turns = read_transcript(samples / "zoom_transcript.vtt", interviewers=["Hélène Ferrand"])
    assert turns.attrs["formats"] == {"zoom_transcript": "zoom_vtt"}
    assert turns["speaker"].tolist() == ["Hélène Ferrand", "Julien Moreau"] * 4
    assert turns["role"].tolist() == ["interviewer", "interviewee"] * 4
    expected = [t for _, t in SAMPLE_TURNS]
    expected[4] = expected[4].removeprefix("D'accord. ")  # no backchannel in the Zoom sample
    assert turns["text"].tolist() == expected
    assert turns["start"].tolist()[:3] == [4.21, 10.53, 13.12]
    assert turns["end"].tolist()[-1] == 74.23


def test_teams_docx_sample(samples):
    turns = read_transcript(samples / "teams_transcript.docx", interviewers=["Hélène FERRAND"])
    assert turns.attrs["formats"] == {"teams_transcript": "teams_docx"}
    assert [(s, t) for s, _, t in rows(turns)] == SAMPLE_TURNS
    assert turns["start"].tolist() == [4, 10, 13, 21, 35, 44, 59, 63]
    assert turns["end"].isna().all()
    notes = " ".join(turns.attrs["notes"])
    assert "4 paragraphe(s) avant le premier tour" in notes
    assert "1 ligne(s) « … a arrêté la transcription » ignorée(s) (paragraphe 13)" in notes


def test_notes_sample_names_speakers_from_the_header(samples):
    turns = read_transcript(samples / "notes_entretien.txt")
    assert turns.attrs["formats"] == {"notes_entretien": "notes"}
    assert turns["speaker"].tolist() == ["Hélène Ferrand", "Julien Moreau"] * 4
    assert turns["role"].tolist() == ["interviewer", "interviewee"] * 4
    assert turns[["start", "end"]].isna().all().all()
    assert turns["text"].iloc[0] == (
        "Est-ce que vous avez le sentiment de faire partie du réseau ?"
    )
    assert turns["text"].iloc[5].startswith("Bonne avec la Mission locale et France Travail")
    notes = " ".join(turns.attrs["notes"])
    for what in ("en-tête de 4 ligne(s)", "3 ligne(s) entre crochets", "4 ligne(s) de titre"):
        assert what in notes
    assert "3 ligne(s) de liste" in notes  # the synthesis for the grid is not speech


def test_format_is_recognised_from_the_content(samples, tmp_path):
    vtt = (samples / "teams_transcript.vtt").read_bytes()
    notes = (samples / "notes_entretien.txt").read_bytes()
    assert read_transcript(write(tmp_path, vtt, "E01.txt")).attrs["formats"] == {"E01": "teams_vtt"}
    assert read_transcript(write(tmp_path, notes, "E02.vtt")).attrs["formats"] == {"E02": "notes"}
    docx_bytes = (samples / "teams_transcript.docx").read_bytes()
    assert read_transcript(write(tmp_path, docx_bytes, "E03.txt"), interview_id="X").attrs[
        "formats"
    ] == {"X": "teams_docx"}


# --------------------------------------------------------------------- the example wave


def source_words(interview_id: str) -> list[str]:
    """Every word the interviewee says in the hand-written source (P: and P*: paragraphs)."""
    text = (SOURCES / f"{interview_id}.txt").read_text(encoding="utf-8")
    said = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        match = re.fullmatch(r"([IP])\*?: (.*)", paragraph.strip(), flags=re.S)
        assert match, paragraph[:40]
        if match.group(1) == "P":
            said.append(match.group(2))
    return " ".join(said).split()


def folded(name: str) -> str:
    return " ".join(name.casefold().split())


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_transcript_reads(path):
    meta = yaml.safe_load((SOURCES / f"{path.stem}.yaml").read_text(encoding="utf-8"))
    turns = read_transcript(path, interviewers=INTERVIEWERS)
    assert set(turns["role"]) == {"interviewer", "interviewee"}
    speech = turns.loc[turns["role"] == "interviewee", "text"]
    assert " ".join(speech).split() == source_words(path.stem)
    interviewer = turns.loc[turns["role"] == "interviewer", "speaker"].unique().tolist()
    assert [folded(s) for s in interviewer] == [folded(meta["interviewer"])]
    assert (turns["speaker"] != turns["speaker"].shift()).all()  # turns alternate
    assert turns["start"].isna().all() == (path.suffix == ".txt")
    # without the list, the one asking the questions is the interviewer
    assert read_transcript(path)["role"].tolist() == turns["role"].tolist()


def test_read_interviews_reads_the_example_folder():
    turns = read_interviews(WAVE / "entretiens", interviewers=INTERVIEWERS)
    ids = [f"E{i:02d}" for i in range(1, 25)]
    assert turns["interview_id"].unique().tolist() == ids
    assert (
        turns.groupby("interview_id")["turn"]
        .apply(lambda t: t.tolist() == list(range(1, len(t) + 1)))
        .all()
    )
    formats = pd.Series(turns.attrs["formats"]).value_counts().to_dict()
    assert formats == {"teams_vtt": 16, "teams_docx": 6, "notes": 2}
    assert turns.attrs["files"]["E04"] == "E04.docx"
    untagged = [n for n in turns.attrs["notes"] if n.startswith("E22.vtt") and "sans balise" in n]
    assert len(untagged) == 1 and "36 sous-titre(s)" in untagged[0]
    again = read_interviews(WAVE / "entretiens", interviewers=INTERVIEWERS)
    pd.testing.assert_frame_equal(turns, again)


def test_example_variants_decode_names_and_short_timings():
    e16 = read_transcript(WAVE / "entretiens" / "E16.vtt")
    assert "Élodie FAURE" in set(e16["speaker"])
    e12 = read_transcript(WAVE / "entretiens" / "E12.vtt")  # Graph API: 0:0:5.136
    assert e12["start"].iloc[0] == 5.136 and e12["end"].iloc[0] == 8.071
    e17 = read_transcript(WAVE / "entretiens" / "E17.txt", roles={"SA": "interviewer"})
    assert set(e17["speaker"]) == {"Sophie Aubertin", "Lucas Giraud"}
    assert e17.loc[e17["role"] == "interviewer", "speaker"].unique().tolist() == ["Sophie Aubertin"]


# -------------------------------------------------------------------------- variants


VTT_VARIANT = """\ufeffWEBVTT\r
Kind: captions\r
\r
NOTE exported by hand\r
\r
1\r
00:00:01.000 --> 00:00:03.500 align:start\r
<v.loud Anne&#45;Marie DUPONT (Invitée)><lang fr-FR>Bonjour <i>à</i> tous &amp; merci</lang></v>\r
\r
2\r
00:00:03.000 --> 00:00:04.000\r
\r
3\r
00:00:04.000 --> 00:00:06.000\r
<v Paul MARTIN>Vous êtes prête ?</v> <v Anne-Marie DUPONT (Invitée)>Oui.</v>\r
\r
4\r
00:00:06.000 --> 00:00:09.000\r
<v Paul MARTIN>Alors commençons :\r
qu'est-ce que le réseau ?</v>\r
"""


def test_vtt_variants_crlf_bom_settings_classes_inner_tags_two_voices(tmp_path):
    without_empty = VTT_VARIANT.replace("\r\n\r\n2\r\n00:00:03.000 --> 00:00:04.000\r\n", "\r\n")
    for text in (VTT_VARIANT, without_empty):
        turns = read_transcript(write(tmp_path, text), interviewers=["Paul Martin"])
        assert rows(turns) == [
            ("Anne-Marie DUPONT (Invitée)", "interviewee", "Bonjour à tous & merci"),
            ("Paul MARTIN", "interviewer", "Vous êtes prête ?"),
            ("Anne-Marie DUPONT (Invitée)", "interviewee", "Oui."),
            ("Paul MARTIN", "interviewer", "Alors commençons : qu'est-ce que le réseau ?"),
        ]
    turns = read_transcript(write(tmp_path, VTT_VARIANT), interviewers=["Paul Martin"])
    notes = " ".join(turns.attrs["notes"])
    assert "1 bloc(s) NOTE ignoré(s)" in notes and "1 sous-titre(s) vide(s) ignoré(s)" in notes


def test_vtt_in_utf16_and_without_header(tmp_path, samples):
    text = (samples / "teams_transcript.vtt").read_text(encoding="utf-8")
    utf16 = read_transcript(write(tmp_path, text.encode("utf-16"), "a.vtt"))
    assert len(utf16) == 8
    srt = text.removeprefix("WEBVTT\n\n")
    headless = read_transcript(write(tmp_path, srt, "b.vtt"))
    assert rows(headless) == rows(utf16)
    assert any("pas d'en-tête WEBVTT" in n for n in headless.attrs["notes"])


def test_untagged_cues_go_to_the_speaker_before(tmp_path):
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nsans balise au début\n\n"
        "00:00:02.000 --> 00:00:03.000\n<v Paul MARTIN>Bonjour ?</v>\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v Léa ROUX>Bonjour,</v>\n\n"
        "00:00:04.000 --> 00:00:05.000\nsuite sans balise.\n"
    )
    turns = read_transcript(write(tmp_path, text), interviewers=["Paul Martin"])
    assert rows(turns) == [
        ("Paul MARTIN", "interviewer", "sans balise au début Bonjour ?"),
        ("Léa ROUX", "interviewee", "Bonjour, suite sans balise."),
    ]
    (note,) = [n for n in turns.attrs["notes"] if "sans balise" in n]
    assert "2 sous-titre(s) sans balise <v …>" in note and "lignes 3, 12" in note
    assert "1 en début de fichier" in note


def test_cues_out_of_order_are_sorted_by_start(tmp_path):
    text = (
        "WEBVTT\n\nx/11-0\n00:00:05.000 --> 00:00:06.000\n<v B>Réponse.</v>\n\n"
        "x/10-0\n00:00:01.000 --> 00:00:04.000\n<v A>Question ?</v>\n"
    )
    turns = read_transcript(write(tmp_path, text), interviewers=["A"])
    assert turns["text"].tolist() == ["Question ?", "Réponse."]
    assert any("remis dans l'ordre" in n for n in turns.attrs["notes"])


def make_docx(paragraphs: list[list[str]]) -> bytes:
    """A Word document: one paragraph per list, its lines joined by <w:br/>."""
    import io

    document = docx.Document()
    for lines in paragraphs:
        run = document.add_paragraph().add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run.add_text(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_english_layout_past_an_hour_and_speech_in_separate_paragraphs(tmp_path):
    data = make_docx(
        [
            ["Entretien-20250312_140312-Meeting Transcript"],
            ["12 March 2025, 01:03pm"],
            ["1h 2m 5s"],
            ["Paul MARTIN started transcription"],
            ["Paul MARTIN   59:58", "Et pour finir ?"],
            ["Léa ROUX\t1:00:03"],
            ["Un annuaire à jour."],
            ["Vraiment."],
            ["Léa ROUX   1:01:10", "Et des rencontres."],
            ["Paul MARTIN stopped transcription"],
        ]
    )
    turns = read_transcript(write(tmp_path, data, "E05.docx"), interviewers=["Paul Martin"])
    assert rows(turns) == [
        ("Paul MARTIN", "interviewer", "Et pour finir ?"),
        ("Léa ROUX", "interviewee", "Un annuaire à jour. Vraiment. Et des rencontres."),
    ]
    assert turns["start"].tolist() == [3598, 3603]
    notes = " ".join(turns.attrs["notes"])
    assert "2 paragraphe(s) sans en-tête" in notes and "paragraphes 7, 8" in notes


def test_legacy_docx_layout_one_paragraph_per_cue(tmp_path):
    data = make_docx(
        [
            ["0:0:0.0 --> 0:0:1.510", "Paul MARTIN", "Vous m'entendez ?"],
            ["0:0:1.510 --> 0:0:3.2", "Léa ROUX", "Oui, je vous entends,"],
            ["0:0:3.2 --> 0:0:4.0", "Léa ROUX", "très bien."],
        ]
    )
    turns = read_transcript(write(tmp_path, data, "E06.docx"))
    assert rows(turns) == [
        ("Paul MARTIN", "interviewer", "Vous m'entendez ?"),
        ("Léa ROUX", "interviewee", "Oui, je vous entends, très bien."),
    ]
    assert turns["start"].tolist() == [0.0, 1.51] and turns["end"].tolist() == [1.51, 4.0]


def test_notes_typed_in_word_are_read_as_notes(tmp_path):
    data = make_docx(
        [
            ["Entretien n° 4 – notes"],
            [""],
            ["Q : Comment avez-vous connu le SPRO ?"],
            ["R : Par ma directrice."],
            ["Q : Et depuis ?"],
            ["R : Rien.", "Vraiment rien."],
        ]
    )
    turns = read_transcript(write(tmp_path, data, "E07.docx"))
    assert turns.attrs["formats"] == {"E07": "notes"}
    assert rows(turns)[-1] == ("R", "interviewee", "Rien. Vraiment rien.")


def test_notes_with_initials_nbsp_and_crlf(tmp_path):
    text = (
        "Entretien 12 - notes S. Aubertin\r\n"
        "SA = Sophie Aubertin (Région) ; LG = Lucas Giraud, conseiller\r\n\r\n"
        "LG\u00a0: Bonjour.\r\n\r\n"
        "SA\u202f: Vous pouvez vous présenter ?\r\n"
        "LG\u00a0: Lucas Giraud, conseiller :\r\n"
        "à la Mission Locale.\r\n"
        "[Notes] hésite\r\n"
        "remarque perdue\r\n"
    )
    turns = read_transcript(write(tmp_path, text, "E17.txt"), interviewers=["Sophie AUBERTIN"])
    assert rows(turns) == [
        ("Lucas Giraud", "interviewee", "Bonjour."),
        ("Sophie Aubertin", "interviewer", "Vous pouvez vous présenter ?"),
        ("Lucas Giraud", "interviewee", "Lucas Giraud, conseiller : à la Mission Locale."),
    ]
    notes = " ".join(turns.attrs["notes"])
    assert "« LG » = Lucas Giraud, « SA » = Sophie Aubertin" in notes
    assert "1 ligne(s) hors tour de parole" in notes and "ligne 10" in notes


def test_notes_in_windows_1252(tmp_path):
    text = "Enquêteur : Une question ?\nInterviewée : Une réponse détaillée.\n"
    turns = read_transcript(write(tmp_path, text.encode("cp1252"), "E02.txt"))
    assert rows(turns) == [
        ("Enquêteur", "interviewer", "Une question ?"),
        ("Interviewée", "interviewee", "Une réponse détaillée."),
    ]
    assert (
        turns.attrs["notes"][0] == "E02.txt : texte en Windows-1252 (pas en UTF-8) : lu comme tel."
    )


def test_two_interviewees_are_allowed(tmp_path):
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Paul MARTIN>Vous êtes deux ?</v>\n\n"
        "00:00:02.000 --> 00:00:03.000\n<v Léa ROUX>Oui, avec ma collègue.</v>\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v Inès KADI>Bonjour, je suis Inès.</v>\n"
    )
    turns = read_transcript(write(tmp_path, text), interviewers=["Paul MARTIN"])
    assert turns["role"].tolist() == ["interviewer", "interviewee", "interviewee"]


def test_roles_override_per_file(samples):
    turns = read_transcript(
        samples / "teams_transcript.vtt",
        interviewers=["Julien MOREAU"],
        roles={"Julien Moreau": "interviewee", "Hélène Ferrand": "interviewer"},
    )
    assert turns["role"].tolist() == ["interviewer", "interviewee"] * 4
    with pytest.raises(TranscriptError, match="« Jean » ne parle pas dans ce fichier"):
        read_transcript(samples / "teams_transcript.vtt", roles={"Jean": "interviewer"})
    with pytest.raises(ValueError, match="n'est pas un rôle"):
        read_transcript(samples / "teams_transcript.vtt", roles={HELENE: "enquêtrice"})


def test_roles_that_cannot_be_decided_are_an_error(tmp_path):
    alone = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Paul MARTIN>Bonjour ?</v>\n"
    with pytest.raises(TranscriptError, match="impossible de savoir qui mène l'entretien"):
        read_transcript(write(tmp_path, alone))
    even = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>Bonjour.</v>\n\n"
        "00:00:02.000 --> 00:00:03.000\n<v B>Bonjour.</v>\n"
    )
    with pytest.raises(TranscriptError, match="« A », « B »"):
        read_transcript(write(tmp_path, even))
    with pytest.raises(TranscriptError, match="aucune personne interviewée"):
        read_transcript(write(tmp_path, even), interviewers=["A", "B"])


# ------------------------------------------------------------------------- bad input


def test_truncated_cue_names_the_line(samples, tmp_path):
    text = (samples / "teams_transcript.vtt").read_text(encoding="utf-8")
    cut_after_id = text[: text.index("00:01:10.461 -->")]
    with pytest.raises(TranscriptError, match="tronqué") as info:
        read_transcript(write(tmp_path, cut_after_id))
    assert info.value.line == 60 and "ligne 60" in str(info.value)
    assert "E01.vtt" in str(info.value)
    cut_after_timing = text[: text.index("<v Julien MOREAU>ne l'ouvre")]
    with pytest.raises(TranscriptError, match="horodatage sans texte") as info:
        read_transcript(write(tmp_path, cut_after_timing))
    assert info.value.line == 61
    cut_in_payload = text[: text.index("il n'est pas")]
    with pytest.raises(TranscriptError, match="n'est pas refermée") as info:
        read_transcript(write(tmp_path, cut_in_payload))
    assert info.value.line == 62
    cut_in_timing = text[: text.index("00:01:14.230")] + "00:01:1"
    with pytest.raises(TranscriptError, match="horodatage illisible « 00:01:1 »") as info:
        read_transcript(write(tmp_path, cut_in_timing))
    assert info.value.line == 61


@pytest.mark.parametrize(
    ("timing", "shown"),
    [
        ("00:01:xx.000 --> 00:01:05.000", "00:01:xx.000"),
        ("00:01:02.000 --> 00:01:75.000", "00:01:75.000"),
        ("00:01:02 --> 00:01:05", "00:01:02"),
        ("00:01:02.000 00:01:05.000", "00:01:02.000 00:01:05.000"),
    ],
)
def test_bad_timing_names_file_and_line(samples, tmp_path, timing, shown):
    text = (samples / "teams_transcript.vtt").read_text(encoding="utf-8")
    bad = text.replace("00:00:59.350 --> 00:01:03.020", timing)
    with pytest.raises(TranscriptError) as info:
        read_transcript(write(tmp_path, bad, "E03.vtt"))
    message = str(info.value)
    if "-->" in timing:
        assert message.startswith(
            f"Fichier « E03.vtt », ligne 51 : horodatage illisible « {shown} »"
        )
    else:
        assert message.startswith("Fichier « E03.vtt », ligne 50 : bloc sans horodatage")


def test_reversed_cue_is_an_error(tmp_path):
    text = "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\n<v A>x</v>\n"
    with pytest.raises(TranscriptError, match="finit avant de commencer"):
        read_transcript(write(tmp_path, text))


def test_docx_that_is_not_a_teams_transcript(tmp_path):
    data = make_docx([[""], ["Compte rendu de réunion"], ["Ordre du jour : budget 2026."]])
    with pytest.raises(TranscriptError, match="n'est pas une transcription Teams") as info:
        read_transcript(write(tmp_path, data, "E04.docx"))
    assert info.value.paragraph == 2
    assert str(info.value).startswith("Fichier « E04.docx », paragraphe 2 : ")
    assert isinstance(info.value, ExportError)


def test_other_files_given_as_transcripts(tmp_path, data_dir):
    workbook = (ROOT / "survey" / "examples" / "spro-2025" / "grille.xlsx").read_bytes()
    with pytest.raises(TranscriptError, match="classeur Excel"):
        read_transcript(write(tmp_path, workbook, "E01.docx"))
    with pytest.raises(TranscriptError, match="document PDF"):
        read_transcript(write(tmp_path, b"%PDF-1.7\n...", "E01.txt"))
    with pytest.raises(TranscriptError, match="archive abîmée"):
        read_transcript(write(tmp_path, b"PK\x03\x04 truncated", "E01.docx"))
    with pytest.raises(TranscriptError, match="introuvable"):
        read_transcript(tmp_path / "absent.vtt")


@pytest.mark.parametrize("name", ["E01.vtt", "E01.txt"])
@pytest.mark.parametrize("content", [b"", b"\n  \n", b"\xef\xbb\xbf\r\n"])
def test_empty_file(tmp_path, name, content):
    with pytest.raises(TranscriptError, match="le fichier est vide") as info:
        read_transcript(write(tmp_path, content, name))
    assert info.value.line == 1 and name in str(info.value)


def test_empty_docx(tmp_path):
    with pytest.raises(TranscriptError, match="document Word est vide"):
        read_transcript(write(tmp_path, make_docx([[""]]), "E01.docx"))


def test_vtt_without_any_cue_or_speaker(tmp_path):
    with pytest.raises(TranscriptError, match="aucun sous-titre"):
        read_transcript(write(tmp_path, "WEBVTT\n\nNOTE rien\n"))
    empty = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<v A></v>\n\n"
        "2\n0:0:2.0 --> 0:0:3.0\n <i> </i>\n"
    )
    with pytest.raises(TranscriptError, match="tous les sous-titres sont vides") as info:
        read_transcript(write(tmp_path, empty))
    assert info.value.line == 4
    stream = "WEBVTT\n\nabc-0\n00:00:01.000 --> 00:00:02.000\nBonjour tout le monde.\n"
    with pytest.raises(TranscriptError, match="aucun locuteur") as info:
        read_transcript(write(tmp_path, stream))
    assert info.value.line == 5


def test_notes_without_any_speaker_prefix(tmp_path):
    text = "Compte rendu\n\nLa personne explique qu'elle connaît peu le réseau.\nFin.\n"
    with pytest.raises(TranscriptError, match="aucune ligne ne commence par un locuteur") as info:
        read_transcript(write(tmp_path, text, "E07.txt"))
    assert info.value.line == 1 and "E07.txt" in str(info.value)


def test_undecodable_bytes(tmp_path):
    with pytest.raises(TranscriptError, match="octet 0x81") as info:
        read_transcript(write(tmp_path, b"WEBVTT\n\n\x81\x8d\x8f\n", "E01.vtt"))
    assert info.value.line == 3


# ------------------------------------------------------------------- read_interviews


def test_read_interviews_names_a_file_that_is_not_a_transcript(tmp_path, samples):
    for name in ("E02.vtt", "E01.docx"):
        source = "teams_transcript.vtt" if name.endswith(".vtt") else "teams_transcript.docx"
        write(tmp_path, (samples / source).read_bytes(), name)
    write(tmp_path, b"x", ".DS_Store")
    write(tmp_path, b"x", "~$E01.docx")
    (tmp_path / "archives").mkdir()
    turns = read_interviews(tmp_path)
    assert turns["interview_id"].unique().tolist() == ["E01", "E02"]
    notes = turns.attrs["notes"]
    assert notes[:3] == [
        "« .DS_Store » non lu (fichier caché ou temporaire).",
        "sous-dossier « archives » non lu.",
        "« ~$E01.docx » non lu (fichier caché ou temporaire).",
    ]
    write(tmp_path, b"interview_id\nE01\n", "profils.csv")
    with pytest.raises(TranscriptError, match="n'est pas une transcription") as info:
        read_interviews(tmp_path)
    assert "profils.csv" in str(info.value)
    (tmp_path / "profils.csv").unlink()
    write(tmp_path, (samples / "notes_entretien.txt").read_bytes(), "E02.txt")
    with pytest.raises(TranscriptError, match="« E02 » a déjà une transcription"):
        read_interviews(tmp_path)
    (tmp_path / "E02.txt").write_text("Pas de locuteur.\n", encoding="utf-8")
    (tmp_path / "E02.vtt").unlink()
    with pytest.raises(TranscriptError, match=r"E02\.txt"):
        read_interviews(tmp_path)


def test_read_interviews_needs_a_folder_with_transcripts(tmp_path):
    with pytest.raises(WaveError, match="introuvable"):
        read_interviews(tmp_path / "entretiens")
    with pytest.raises(WaveError, match="aucune transcription"):
        read_interviews(tmp_path)


# ------------------------------------------------------------------- property tests


LETTERS = "abcdefghijklmnopqrstuvwxyzéèêàâçôîïûùœABCDEÉÈÀÇÔŒ"
FRAGMENTS = [
    "&amp;", "&lt;v", "<b>", "</v>", "R&D", "a<b", "x>y", "-->", "l'équipe", "aujourd’hui",
    "«", "»", "réseau\u00a0?", "ça", "&#233;", "C'est-à-dire", "…", "10:30", "Q:", "?", "!",
    "NOTE", "WEBVTT", "[sic]", "==", "-",
]  # fmt: skip
WORDS = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(alphabet=LETTERS + "'’,.;!?()-0123456789", min_size=1, max_size=10),
)
LINES = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
FIRST = ["Hélène", "Julien", "Élodie", "Anne-Laure", "Zoé", "Karim", "Ève", "Jean"]
LAST = ["FERRAND", "MOREAU", "BRUYÈRE", "D'ALMEIDA", "O'Neil", "R&D", "<Admin>", "Ça"]


@st.composite
def people(draw, *, suffixes: bool = True) -> list[str]:
    n = draw(st.integers(2, 3))
    first = draw(st.lists(st.sampled_from(FIRST), min_size=n, max_size=n, unique=True))
    last = draw(st.lists(st.sampled_from(LAST), min_size=n, max_size=n, unique=True))
    extra = st.sampled_from(["", " (Invité)", " (She/Her)"]) if suffixes else st.just("")
    return [f"{f} {s}{draw(extra)}" for f, s in zip(first, last, strict=True)]


@st.composite
def conversations(draw, speakers: list[str], *, lines=LINES, max_turns: int = 7) -> list[Turn]:
    """Turns of alternating speakers, each cut into cues of 1-2 lines with increasing times."""
    n = draw(st.integers(2, max_turns))
    order = [speakers[0], speakers[1]]
    while len(order) < n:
        order.append(draw(st.sampled_from([s for s in speakers if s != order[-1]])))
    clock = draw(st.integers(0, 10_000_000))
    turns = []
    for speaker in order:
        cues = []
        for _ in range(draw(st.integers(1, 3))):
            text = draw(st.lists(lines, min_size=1, max_size=2))
            clock += draw(st.integers(0, 3000))
            duration = draw(st.integers(0, 9000))
            cues.append(Cue(tuple(text), clock, clock + duration))
            clock += duration
        turns.append(Turn(speaker, tuple(cues)))
    return turns


def expected(turns: list[Turn], *, times: bool = True) -> list[tuple]:
    """Speaker, text (cue lines joined by one space), start and end (seconds) of each turn."""
    return [
        (t.speaker, t.text, t.start if times else None, t.end if times else None) for t in turns
    ]


def observed(turns: pd.DataFrame, *, times: bool = True) -> list[tuple]:
    return [
        (r.speaker, r.text, r.start if times else None, r.end if times else None)
        for r in turns.itertuples()
    ]


def check_roles(turns: pd.DataFrame, interviewer: str) -> None:
    wanted = ["interviewer" if s == interviewer else "interviewee" for s in turns["speaker"]]
    assert turns["role"].tolist() == wanted


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_teams_vtt_round_trip(tmp_path_factory, data):
    speakers = data.draw(people())
    turns = data.draw(conversations(speakers))
    untagged = frozenset(
        (t, c)
        for t, turn in enumerate(turns)
        for c in range(1, len(turn.cues))
        if data.draw(st.booleans(), label=f"untagged {t}-{c}")
    )
    text = writer.teams_vtt(
        turns,
        ids=data.draw(st.sampled_from(["guid", "int", None])),
        short=data.draw(st.booleans()),
        entities=data.draw(st.booleans()),
        untagged=untagged,
        newline=data.draw(st.sampled_from(["\n", "\r\n"])),
        bom=data.draw(st.booleans()),
    )
    interviewer = data.draw(st.sampled_from(speakers[:2]))
    path = write(tmp_path_factory.mktemp("vtt"), text, "E01.vtt")
    read = read_transcript(path, interviewers=[interviewer])
    assert observed(read) == expected(turns)
    check_roles(read, interviewer)
    notes = [n for n in read.attrs["notes"] if "sans balise" in n]
    assert len(notes) == bool(untagged)
    assert all(n.startswith(f"E01.vtt : {len(untagged)} sous-titre(s) sans balise") for n in notes)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_zoom_vtt_round_trip(tmp_path_factory, data):
    speakers = data.draw(people())
    turns = data.draw(conversations(speakers))
    text = writer.zoom_vtt(turns, newline=data.draw(st.sampled_from(["\n", "\r\n"])))
    interviewer = data.draw(st.sampled_from(speakers[:2]))
    path = write(tmp_path_factory.mktemp("zoom"), text, "E02.vtt")
    read = read_transcript(path, interviewers=[interviewer])
    assert read.attrs["formats"] == {"E02": "zoom_vtt"}
    assert observed(read) == expected(turns)
    check_roles(read, interviewer)


NOTE_LABELS = {
    "roles": (["Enquêtrice", "Q", "Intervieweur", "E"], ["Interviewé·e", "R", "Interviewée"]),
    "initials": (["SA"], ["LG"]),
}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_notes_round_trip(tmp_path_factory, data):
    names = data.draw(people(suffixes=False))[:2]
    turns = data.draw(conversations(names, lines=LINES.filter(writer.notes_safe)))
    style = data.draw(st.sampled_from(["roles", "roles_named", "initials"]))
    mine, theirs = NOTE_LABELS["initials" if style == "initials" else "roles"]
    labels = {
        names[0]: data.draw(st.sampled_from(mine)),
        names[1]: data.draw(st.sampled_from(theirs)),
    }
    header = []
    if style == "roles_named" or data.draw(st.booleans()):
        header.append("ENTRETIEN n° 3 – notes prises en direct")
    if style == "roles_named":
        header += [f"Enquêtrice : {names[0]} (Région)", f"Personne interviewée : {names[1]}, CEP"]
    if style == "initials":
        header.append(f"SA = {names[0]} (Région) ; LG = {names[1]}, conseiller")
    text = writer.notes(
        turns,
        labels=labels,
        header=header,
        colon=data.draw(st.sampled_from([" : ", "\u00a0: ", "\u202f: ", ": ", " :"])),
        blank_between=data.draw(st.booleans()),
        newline=data.draw(st.sampled_from(["\n", "\r\n"])),
    )
    path = write(tmp_path_factory.mktemp("notes"), text, "E03.txt")
    read = read_transcript(path, interviewers=[names[0]] if style == "initials" else None)
    named = style != "roles"
    want = [(t.speaker if named else labels[t.speaker], t.text, None, None) for t in turns]
    assert observed(read, times=False) == want
    assert read[["start", "end"]].isna().all().all()
    check_roles(read, names[0] if named else labels[names[0]])


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_teams_docx_round_trip(tmp_path_factory, data):
    speakers = data.draw(people())
    turns = data.draw(conversations(speakers, max_turns=5))
    english = data.draw(st.booleans())
    content = writer.teams_docx(turns, english=english, interviewer=speakers[0])
    path = write(tmp_path_factory.mktemp("docx"), content, "E04.docx")
    read = read_transcript(path, interviewers=[speakers[0]])
    assert [(s, t) for s, t, _, _ in observed(read)] == [(s, t) for s, t, _, _ in expected(turns)]
    assert read["start"].tolist() == [t.cues[0].start_ms // 1000 for t in turns]
    assert read["end"].isna().all()
    check_roles(read, speakers[0])
