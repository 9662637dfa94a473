"""The report's cache: every input is in the key, a damaged entry is computed again, and what
is read back is what was computed (the same redaction counts, the same chart bytes)."""

from __future__ import annotations

import shutil

import pytest
import yaml

from survey._resources import bundled_path
from survey.cache import Store
from survey.privacy.redact import Redactor
from survey.report.charts import bar_chart
from survey.report.context import CachedRedactor, ReportContext, wave_inputs, wave_key
from survey.wave import load_wave


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A copy of the example wave with its own questionnaire and coding frame, and a cache."""
    monkeypatch.setenv("SURVEY_CACHE", str(tmp_path / "cache"))
    wave = load_wave()
    target = tmp_path / "vague"
    shutil.copytree(wave.folder, target)
    shutil.copy(bundled_path("questionnaires") / "spro-2025.yaml", target / "questionnaire.yaml")
    shutil.copy(bundled_path("coding_frames") / "spro-2025.yaml", target / "grille_codage.yaml")
    spec = (target / "wave.yaml").read_text(encoding="utf-8")
    spec = spec.replace("questionnaire: spro-2025", "questionnaire: questionnaire.yaml")
    spec = spec.replace("coding_frame: spro-2025", "coding_frame: grille_codage.yaml")
    (target / "wave.yaml").write_text(spec, encoding="utf-8")
    return target


def _append(path, text="\n"):
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def _touch_binary(path):
    data = bytearray(path.read_bytes())
    data[-1] ^= 1  # an xlsx or docx whose last byte changed: other bytes, another key
    path.write_bytes(bytes(data))


EDITS = {
    "wave.yaml": lambda f: _append(f / "wave.yaml", "volunteers_contacted: 32\n"),
    "export": lambda f: _append(f / "export.tsv"),
    "interview": lambda f: _append(f / "entretiens" / "E07.txt", "Interviewé·e : Merci.\n"),
    "new interview": lambda f: shutil.copy(f / "entretiens" / "E07.txt", f / "entretiens" / "E9"),
    "docx interview": lambda f: _touch_binary(f / "entretiens" / "E04.docx"),
    "review": lambda f: _touch_binary(f / "revue" / "revue_codage.xlsx"),
    "profiles": lambda f: _append(f / "profils.csv"),
    "grid": lambda f: _touch_binary(f / "grille.xlsx"),
    "commentary": lambda f: _append(f / "commentaire.md", "Une phrase de plus.\n"),
    "questionnaire": lambda f: _append(f / "questionnaire.yaml", "# note\n"),
    "coding frame": lambda f: _append(f / "grille_codage.yaml", "# note\n"),
    "private names": lambda f: (f / "private_names.txt").write_text("Jean Test\n", "utf-8"),
}  # fmt: skip


@pytest.mark.parametrize("edit", EDITS)
def test_every_input_is_in_the_key(folder, edit):
    before = wave_key(load_wave(folder))
    assert wave_key(load_wave(folder)) == before  # same files, same key
    EDITS[edit](folder)
    assert wave_key(load_wave(folder)) != before


def test_a_bundled_questionnaire_and_frame_are_in_the_key():
    wave = load_wave()
    inputs = wave_inputs(wave)
    assert bundled_path("questionnaires") / "spro-2025.yaml" in inputs
    assert bundled_path("coding_frames") / "spro-2025.yaml" in inputs
    assert wave.folder / "private_names.txt" in inputs  # counted as missing


def test_a_changed_input_changes_the_context_and_a_damaged_entry_is_recomputed(folder):
    first = ReportContext.open(folder)
    assert not any("Phrase ajoutée pour le test" in t for t in first.coding.turns["text"])
    again = ReportContext.open(folder)  # read back
    assert again.key == first.key
    assert again.responses.equals(first.responses)
    assert again.coding.segments.equals(first.coding.segments)
    assert again.coding.validated.equals(first.coding.validated)
    assert again.grid.equals(first.grid) and again.profiles.equals(first.profiles)
    assert again.reading.contacts.empty  # contact data is never cached
    assert again.figures == first.figures

    _append(folder / "entretiens" / "E07.txt", "Interviewé·e : Phrase ajoutée pour le test.\n")
    changed = ReportContext.open(folder)
    assert changed.key != first.key
    assert any("Phrase ajoutée pour le test" in t for t in changed.coding.turns["text"])

    entries = list(Store("context").folder.rglob("*.pickle"))
    assert len(entries) == 1  # the new version of the wave replaced the old one
    entries[0].write_bytes(entries[0].read_bytes()[:1000])  # damaged
    recomputed = ReportContext.open(folder)
    assert recomputed.coding.turns.equals(changed.coding.turns)


def test_what_is_read_back_counts_the_same_replacements(folder):
    cold = ReportContext.open(folder)
    freq, png = cold.keyword_cloud()
    agreement = cold.coding_agreement()
    counts = dict(cold.redactor.counts)
    assert counts  # the keywords name people: replacements were made
    warm = ReportContext.open(folder)
    assert isinstance(warm.redactor, CachedRedactor)
    warm_freq, warm_png = warm.keyword_cloud()
    assert warm_freq.equals(freq) and warm_png == png
    assert warm.coding_agreement().equals(agreement)
    assert dict(warm.redactor.counts) == counts


def test_the_recogniser_runs_once_per_text(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEY_CACHE", str(tmp_path))
    texts = ["J'en ai parlé avec Martine Dupont à Vienne.", "Rien à signaler."]
    plain = Redactor(names=["Karim Bellouti"]).redact_many(texts)
    assert CachedRedactor(names=["Karim Bellouti"]).redact_many(texts) == plain

    def no_model(self, texts):
        raise AssertionError("the recogniser ran again")

    monkeypatch.setattr(Redactor, "analyse", no_model)
    again = CachedRedactor(names=["Karim Bellouti"])
    assert again.redact_many(texts) == plain
    assert again.counts  # the rules ran: replacements counted as usual
    with pytest.raises(AssertionError, match="ran again"):  # another text: recognised anew
        again.redact_many(["Un texte jamais vu."])


def test_a_stored_chart_is_read_back(freq_published, tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEY_CACHE", str(tmp_path))
    chart = bar_chart(freq_published, number=1, title="collaborations", source="essai")
    stored = type(chart)(**{**vars(chart), "_cache": {}, "stored": ("clé", "g1")})
    png = stored.png_bytes()
    assert png == chart.png_bytes()

    def broken(fig):
        raise AssertionError("drawn again")

    same = type(chart)(**{**vars(chart), "_cache": {}, "draw": broken, "stored": ("clé", "g1")})
    assert same.png_bytes() == png  # read back, not drawn
    other = type(chart)(**{**vars(chart), "_cache": {}, "draw": broken, "stored": ("autre", "g1")})
    with pytest.raises(AssertionError, match="drawn again"):
        other.png_bytes()


def test_the_wave_yaml_of_the_example_names_its_inputs():
    """Files the report reads are named by wave.yaml (or are private_names.txt): a file of
    the example wave that is not would be read without being in the key."""
    wave = load_wave()
    raw = yaml.safe_load((wave.folder / "wave.yaml").read_text(encoding="utf-8"))
    named = {raw[k] for k in ("review", "interviews", "profiles", "grid", "commentary")}
    named |= set(raw["export"] if isinstance(raw["export"], list) else [raw["export"]])
    inputs = {p.relative_to(wave.folder).as_posix() for p in wave_inputs(wave) if p.exists()
              and p.is_relative_to(wave.folder)}  # fmt: skip
    assert named <= inputs
